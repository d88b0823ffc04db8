// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompt.h"

#include "plaintext.h"

#include <QCheckBox>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>

namespace cdnrec {

std::optional<bool> Prompt::s_next;
std::optional<QString> Prompt::s_nextSecret;
std::optional<bool> Prompt::s_nextOption;
QString Prompt::s_lastOption;
QString Prompt::s_lastText;

bool Prompt::confirm(QWidget *parent, const QString &title, const QString &text,
                     const QString &acceptText, bool destructive)
{
    s_lastText = text;
    s_lastOption.clear();
    if (s_next) {
        const bool answer = *s_next;
        s_next.reset();
        return answer;
    }
    QMessageBox box(destructive ? QMessageBox::Warning : QMessageBox::Question, title, text,
                    QMessageBox::NoButton, parent);
    box.setTextFormat(Qt::PlainText); // names and messages from outside, shown as written
    QPushButton *accept = box.addButton(acceptText, QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    // The safe choice is the default: Enter on a surprise dialog must not stop recordings.
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    return box.clickedButton() == accept;
}

bool Prompt::confirmWithOption(QWidget *parent, const QString &title, const QString &text,
                               const QString &acceptText, const Option &option, bool *checked)
{
    s_lastText = text;
    s_lastOption = option.text;
    if (s_next) {
        const bool answer = *s_next;
        *checked = s_nextOption.value_or(false);
        s_next.reset();
        s_nextOption.reset();
        return answer && (*checked || !option.required);
    }
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, parent);
    box.setTextFormat(Qt::PlainText);
    QPushButton *accept = box.addButton(acceptText, QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    // Unchecked whatever was chosen last time: sending again is chosen each time.
    auto *optionBox = new QCheckBox(option.text);
    box.setCheckBox(optionBox);
    accept->setEnabled(!option.required);
    QObject::connect(
        optionBox, &QCheckBox::toggled, accept, [accept, &option, acceptText](bool on) {
            accept->setText(on && !option.acceptChecked.isEmpty() ? option.acceptChecked
                                                                  : acceptText);
            accept->setEnabled(on || !option.required);
        });
    box.exec();
    *checked = optionBox->isChecked();
    return box.clickedButton() == accept && (*checked || !option.required);
}

bool Prompt::confirmLive(QWidget *parent, const QString &title,
                         const std::function<QString()> &text, const QString &acceptText,
                         const QString &rejectText)
{
    s_lastText = text();
    if (s_next) {
        const bool answer = *s_next;
        s_next.reset();
        return answer;
    }
    QMessageBox box(QMessageBox::Warning, title, s_lastText, QMessageBox::NoButton, parent);
    box.setTextFormat(Qt::PlainText);
    QPushButton *accept = box.addButton(acceptText, QMessageBox::AcceptRole);
    QPushButton *reject = box.addButton(rejectText, QMessageBox::RejectRole);
    box.setDefaultButton(reject);
    box.setEscapeButton(reject);
    QTimer refresh;
    QObject::connect(&refresh, &QTimer::timeout, &box, [&box, &text] { box.setText(text()); });
    refresh.start(250);
    box.exec();
    return box.clickedButton() == accept;
}

QString Prompt::secret(QWidget *parent, const QString &title, const QString &text)
{
    s_lastText = text;
    if (s_nextSecret) {
        const QString answer = *s_nextSecret;
        s_nextSecret.reset();
        return answer;
    }
    bool ok = false;
    const QString value =
        QInputDialog::getText(parent, title, asWritten(text), QLineEdit::Password, QString(), &ok);
    return ok ? value.trimmed() : QString();
}

} // namespace cdnrec
