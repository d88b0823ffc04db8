// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMessageBox>

#include <functional>
#include <optional>

namespace cdnrec {

// Modal questions, with a seam for tests: setNextAnswer() answers the next question without
// showing it, so GUI tests drive the real window under the offscreen platform.
class Prompt final
{
public:
    static bool confirm(QWidget *parent, const QString &title, const QString &text,
                        const QString &acceptText, bool destructive = false);
    // The same, with a text that is read again while the question is open (a count that moves),
    // and both choices named by what they do.
    static bool confirmLive(QWidget *parent, const QString &title,
                            const std::function<QString()> &text, const QString &acceptText,
                            const QString &rejectText);
    static void setNextAnswer(bool answer) { s_next = answer; }
    // The same with a check box below the text, unchecked: a choice the operator makes on
    // purpose (sending again what was sent). Checked, the accept button reads acceptChecked;
    // with `required`, it is enabled only when checked. *checked gets the box's state.
    struct Option
    {
        QString text;
        QString acceptChecked;
        bool required = false;
    };
    static bool confirmWithOption(QWidget *parent, const QString &title, const QString &text,
                                  const QString &acceptText, const Option &option, bool *checked);
    // Answers the next question's check box (with setNextAnswer()).
    static void setNextOption(bool checked) { s_nextOption = checked; }
    // What the last question's check box said ("" when it had none).
    static QString lastOptionText() { return s_lastOption; }
    // Asks for a secret (masked). Empty when the operator cancels.
    static QString secret(QWidget *parent, const QString &title, const QString &text);
    static void setNextSecret(const QString &secret) { s_nextSecret = secret; }
    // What the last question asked (tests read it).
    static QString lastText() { return s_lastText; }

private:
    static std::optional<bool> s_next;
    static std::optional<bool> s_nextOption;
    static QString s_lastOption;
    static std::optional<QString> s_nextSecret;
    static QString s_lastText;
};

} // namespace cdnrec
