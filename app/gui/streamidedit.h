// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLineEdit>

class QMenu;

namespace cdnrec {

// The one-line field for typing stream IDs. A paste of several IDs (or of more text than a line
// edit holds: QLineEdit cuts at 32,767 characters without a word) never goes into the field: the
// field's text with the paste in place is handed to textPasted(), the same path as Edit ▸ Paste,
// whatever its size. Ctrl+V, Shift+Insert, the context menu, a middle click and a drop alike.
class StreamIdEdit final : public QLineEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamIdEdit)
public:
    explicit StreamIdEdit(QWidget *parent = nullptr);

    // Text that may go into the field as typed text: one ID, short.
    static bool fitsInField(const QString &text);
    // Inserts `text` at the cursor as a paste would, through textPasted() when it is a list.
    void pasteText(const QString &text);
    // Qt's context menu with its Paste going through pasteText() (the caller owns it).
    QMenu *createContextMenu();

Q_SIGNALS:
    void textPasted(const QString &wholeText);

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void dropEvent(QDropEvent *event) override;
};

} // namespace cdnrec
