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
    // Asks for a secret (masked). Empty when the operator cancels.
    static QString secret(QWidget *parent, const QString &title, const QString &text);
    static void setNextSecret(const QString &secret) { s_nextSecret = secret; }
    // What the last question asked (tests read it).
    static QString lastText() { return s_lastText; }

private:
    static std::optional<bool> s_next;
    static std::optional<QString> s_nextSecret;
    static QString s_lastText;
};

} // namespace cdnrec
