// SPDX-License-Identifier: GPL-3.0-or-later
#include "safefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryFile>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cdnrec {

bool writeWholeFile(const QString &path, const QByteArray &data, QString *error)
{
    const QFileInfo target(path);
    QTemporaryFile tmp(target.absolutePath() + QStringLiteral("/.") + target.fileName() +
                       QStringLiteral(".XXXXXX"));
    if (!tmp.open()) {
        *error = tmp.errorString();
        return false;
    }
    const qint64 written = tmp.write(data);
    const bool flushed = tmp.flush();
    // What the file system actually holds, not what the write call claimed.
    if (written != data.size() || !flushed || tmp.size() != data.size()) {
        *error = tmp.error() != QFileDevice::NoError && !tmp.errorString().isEmpty()
                     ? tmp.errorString()
                     : QCoreApplication::translate(
                           "cdnrec::SafeFile",
                           "only %1 of %2 bytes could be written (is the disk full?)")
                           .arg(tmp.size())
                           .arg(data.size());
        return false;
    }
    tmp.close();
#ifdef Q_OS_UNIX
    // rename(2) replaces the target atomically.
    if (std::rename(QFile::encodeName(tmp.fileName()).constData(),
                    QFile::encodeName(target.absoluteFilePath()).constData()) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    tmp.setAutoRemove(false);
#else
    QFile::remove(target.absoluteFilePath());
    if (!tmp.rename(target.absoluteFilePath())) {
        *error = tmp.errorString();
        return false;
    }
#endif
    error->clear();
    return true;
}

} // namespace cdnrec
