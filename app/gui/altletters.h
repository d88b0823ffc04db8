// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>
#include <QWidget>

namespace cdnrec {

// Alt+letter is a mnemonic, never text. When no enabled control takes it (its button is disabled,
// or no control has that letter), Qt hands the key to the focused field, which typed the letter
// ("ab" + Alt+D on a disabled Delete gave "abd") or, in a combo box, chose the item it begins.
// Installed on a window's fields (guard()), it drops such keys; the shortcuts of enabled controls
// are not affected (Qt tries them before the field sees the key), nor is AltGr (a group switch on
// X11 and Wayland; Ctrl+Alt on Windows, left alone).
class AltLetters final : public QObject
{
public:
    using QObject::QObject;

    // Every text field, spin box and combo box under `window`, now and as they are.
    static void guard(QWidget *window)
    {
        auto *filter = new AltLetters(window);
        for (QWidget *w : window->findChildren<QWidget *>()) {
            if (qobject_cast<QLineEdit *>(w) || qobject_cast<QPlainTextEdit *>(w) ||
                qobject_cast<QTextEdit *>(w) || qobject_cast<QAbstractSpinBox *>(w) ||
                qobject_cast<QComboBox *>(w))
                w->installEventFilter(filter);
        }
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::KeyPress)
            return QObject::eventFilter(watched, event);
        const auto *key = static_cast<QKeyEvent *>(event);
        const Qt::KeyboardModifiers mods = key->modifiers();
        const bool altOnly =
            (mods & Qt::AltModifier) && !(mods & (Qt::ControlModifier | Qt::MetaModifier));
        return altOnly && !key->text().isEmpty() && key->text().at(0).isPrint();
    }
};

} // namespace cdnrec
