// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamidedit.h"

#include <QAction>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QMenu>
#include <QMimeData>

namespace cdnrec {

namespace {
// Longer than any stream ID (256 bytes) with room to spare; far below QLineEdit's cut.
constexpr qsizetype kMaxFieldText = 1024;
} // namespace

StreamIdEdit::StreamIdEdit(QWidget *parent) : QLineEdit(parent) {}

bool StreamIdEdit::fitsInField(const QString &text)
{
    if (text.size() > kMaxFieldText)
        return false;
    for (const QChar c : text) {
        // The separators StreamIds knows: a paste with one of them is a list.
        if (c == u'\n' || c == u'\r' || c == u'\t' || c == u',' || c == u';')
            return false;
    }
    return true;
}

void StreamIdEdit::pasteText(const QString &text)
{
    if (text.isEmpty())
        return;
    if (fitsInField(text) && text.size() + this->text().size() <= kMaxFieldText) {
        insert(text);
        return;
    }
    // The whole field as it would read with the paste in place, not cut, to the list.
    QString whole = this->text();
    int from = cursorPosition();
    int length = 0;
    if (hasSelectedText()) {
        from = selectionStart();
        length = int(selectedText().size());
    }
    whole.replace(from, length, text);
    clear();
    Q_EMIT textPasted(whole);
}

bool StreamIdEdit::event(QEvent *event)
{
    // Ctrl+Z in an empty field has no text to undo: it is the window's Undo (restart what the
    // last stop stopped), as a person who just pressed Stop from this field expects.
    if (event->type() == QEvent::ShortcutOverride && text().isEmpty() &&
        static_cast<QKeyEvent *>(event) == QKeySequence::Undo) {
        event->ignore();
        return false;
    }
    return QLineEdit::event(event);
}

void StreamIdEdit::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Paste) {
        pasteText(QGuiApplication::clipboard()->text(QClipboard::Clipboard));
        event->accept();
        return;
    }
    QLineEdit::keyPressEvent(event);
}

QMenu *StreamIdEdit::createContextMenu()
{
    QMenu *menu = createStandardContextMenu();
    // Qt's own Paste goes through insert(), which cuts at 32,767 characters; ours does not. Qt
    // 6.4 gives the action no object name: it is found by its text, translated as Qt does.
    // Qt's own string, in Qt's own translation (not ours: lupdate must not collect it).
    static const char context[] = "QLineEdit";
    static const char source[] = "&Paste";
    const QString paste = QCoreApplication::translate(context, source);
    for (QAction *a : menu->actions()) {
        if (a->text() == paste || a->text().startsWith(paste + u'\t')) {
            disconnect(a, &QAction::triggered, this, nullptr);
            connect(a, &QAction::triggered, this, [this] {
                pasteText(QGuiApplication::clipboard()->text(QClipboard::Clipboard));
            });
        }
    }
    return menu;
}

void StreamIdEdit::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu *menu = createContextMenu();
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

void StreamIdEdit::mouseReleaseEvent(QMouseEvent *event)
{
    // X11's middle-click paste of the selection.
    if (event->button() == Qt::MiddleButton && QGuiApplication::clipboard()->supportsSelection()) {
        pasteText(QGuiApplication::clipboard()->text(QClipboard::Selection));
        event->accept();
        return;
    }
    QLineEdit::mouseReleaseEvent(event);
}

void StreamIdEdit::dropEvent(QDropEvent *event)
{
    if (event->mimeData()->hasText() && !event->mimeData()->hasUrls()) {
        const QString text = event->mimeData()->text();
        if (!fitsInField(text)) {
            pasteText(text);
            event->acceptProposedAction();
            return;
        }
    }
    QLineEdit::dropEvent(event);
}

} // namespace cdnrec
