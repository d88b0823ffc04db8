// SPDX-License-Identifier: GPL-3.0-or-later
#include "safefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

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

ReadResult readBoundedFd(int fd, qint64 cap, int timeoutMs, QByteArray *data, QString *why)
{
    data->clear();
    char buf[65536];
    for (;;) {
        if (timeoutMs >= 0) {
            pollfd p{fd, POLLIN, 0};
            const int r = ::poll(&p, 1, timeoutMs);
            if (r == 0)
                return ReadResult::TimedOut;
            if (r < 0 && errno != EINTR) {
                *why = QString::fromLocal8Bit(strerror(errno));
                return ReadResult::Failed;
            }
        }
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n == 0)
            return ReadResult::Ok;
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            *why = QString::fromLocal8Bit(strerror(errno));
            return ReadResult::Failed;
        }
        data->append(buf, n);
        if (data->size() > cap)
            return ReadResult::TooLarge;
    }
}

ReadResult readBoundedInput(const QString &path, qint64 cap, int timeoutMs, QByteArray *data,
                            QString *why)
{
    // Opened without blocking: opening a FIFO nobody writes to would otherwise hang right here.
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        *why = QString::fromLocal8Bit(strerror(errno));
        return ReadResult::Failed;
    }
    struct stat st
    {
    };
    ::fstat(fd, &st);
    ReadResult r = ReadResult::NotAFile;
    if (S_ISREG(st.st_mode)) {
        r = readBoundedFd(fd, cap, -1, data, why);
    } else if (S_ISFIFO(st.st_mode)) {
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK); // each read bounded by poll()
        r = readBoundedFd(fd, cap, timeoutMs, data, why);
    }
    ::close(fd);
    return r;
}

} // namespace cdnrec
