// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace cdnrec {

// Text from outside (a gateway's Code/Message/RequestId, IDs from a file, the history) made safe
// to print on a terminal: C0 and C1 control characters, DEL, and the bidirectional overrides
// that can reorder what a reader sees are shown as visible escapes (\x1b, \u202e) instead of
// being obeyed. Newlines and tabs are escaped too: one field stays on one line, so a message
// cannot forge the lines that follow it.
QString printable(QStringView text);

// True when printable() would change the text.
bool needsEscaping(QStringView text);

} // namespace cdnrec
