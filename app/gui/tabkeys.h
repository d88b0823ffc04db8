// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QEvent>
#include <QKeyEvent>

#include <optional>

namespace cdnrec {

// Where a Tab or Shift+Tab key press asks the focus to go (true: forward); nothing for any other
// event. A date or time field keeps Tab for itself (it steps through its sections), so focus
// never leaves it by keyboard: its window's event filter moves the focus on instead, with
// focusNextPrevChild(*forward), and the arrow keys still move between the sections.
inline std::optional<bool> tabDirection(const QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return std::nullopt;
    const auto *key = static_cast<const QKeyEvent *>(event);
    if (key->key() != Qt::Key_Tab && key->key() != Qt::Key_Backtab)
        return std::nullopt;
    return key->key() == Qt::Key_Tab && !(key->modifiers() & Qt::ShiftModifier);
}

} // namespace cdnrec
