// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>
#include <QString>
#include <QTextDocument>

namespace cdnrec {

// Text from outside the program (a profile name from the team or a file, a database's or a
// gateway's message) must show as written. Qt guesses rich text wherever it may (a QLabel, a
// QMessageBox, a tool tip, a QInputDialog's label) and renders markup found in such text; an
// <img src="/dev/zero"> in a label reads that file for ever and the window freezes.

// A label that shows its text as written, whatever it holds.
inline QLabel *plainLabel(QLabel *label)
{
    label->setTextFormat(Qt::PlainText);
    return label;
}

// Where the widget gives no say (tool tips, item views' tool tips, QInputDialog's label): the
// text as is when Qt will show it as plain text, else escaped as rich text that shows it as
// written.
inline QString asWritten(const QString &plain)
{
    return Qt::mightBeRichText(plain) ? Qt::convertFromPlainText(plain, Qt::WhiteSpaceNormal)
                                      : plain;
}

} // namespace cdnrec
