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

// Reading what an operator points cdnrec at, bounded: a regular file, or a pipe or FIFO
// (`--file <(cmd)`, `--secret-file <(pass show x)`). A device never ends (/dev/zero) and a FIFO
// nobody writes to never starts: the first is refused, the second given up after `timeoutMs`.
enum class ReadResult
{
    Ok,
    TooLarge, // more than `cap` bytes: *data holds the first cap + 1
    NotAFile, // a device, a socket or a folder
    TimedOut, // a pipe or FIFO gave nothing for timeoutMs
    Failed,   // the system refused (*why: its words)
};
ReadResult readBoundedInput(const QString &path, qint64 cap, int timeoutMs, QByteArray *data,
                            QString *why);
// The same for an open descriptor (standard input); timeoutMs < 0 waits as long as it takes.
ReadResult readBoundedFd(int fd, qint64 cap, int timeoutMs, QByteArray *data, QString *why);

} // namespace cdnrec
