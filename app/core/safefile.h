// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace cdnrec {

// Writes a whole file or nothing. A temporary file beside the target gets every byte, is checked
// to hold them all (a full disk can truncate a write that Qt 6.4's QSaveFile still reports as
// committed), and only then replaces the target. On failure the target is untouched and *error
// says why.
bool writeWholeFile(const QString &path, const QByteArray &data, QString *error);

} // namespace cdnrec
