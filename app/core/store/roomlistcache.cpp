// SPDX-License-Identifier: GPL-3.0-or-later
#include "roomlistcache.h"

#include "history.h"

#include <model/clock.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcRoomCache, "cdnrec.store.rooms", QtInfoMsg)

namespace cdnrec {

namespace {

// How long a look at the shared file waits for another process's lock.
constexpr qint64 kLockWaitMs = 250;

constexpr qint64 kSecondNs = 1000000000;
// Entries this old decide nothing any more (the interval is 10 s) and are dropped.
constexpr qint64 kKeepNs = 60 * kSecondNs;
// A room list of a pasted file is not a room list: the file stays small.
constexpr qint64 kMaxFileBytes = 8 * 1024 * 1024;

qint64 machineMonotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * kSecondNs + ts.tv_nsec;
}

QJsonArray streamsJson(const QList<ListedStream> &streams)
{
    QJsonArray out;
    for (const ListedStream &s : streams) {
        QJsonObject o;
        o.insert(QStringLiteral("id"), s.streamId);
        o.insert(QStringLiteral("user"), s.userId);
        o.insert(QStringLiteral("name"), s.userName);
        o.insert(QStringLiteral("created"), s.createTime);
        o.insert(QStringLiteral("number"), s.streamNumberId);
        out.append(o);
    }
    return out;
}

QList<ListedStream> streamsFrom(const QJsonArray &array)
{
    QList<ListedStream> out;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        ListedStream s;
        s.streamId = o.value(QStringLiteral("id")).toString();
        s.userId = o.value(QStringLiteral("user")).toString();
        s.userName = o.value(QStringLiteral("name")).toString();
        s.createTime = qint64(o.value(QStringLiteral("created")).toDouble());
        s.streamNumberId = qint64(o.value(QStringLiteral("number")).toDouble());
        if (!s.streamId.isEmpty())
            out.append(s);
    }
    return out;
}

qint64 timeFrom(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isString() ? v.toString().toLongLong() : -1;
}

} // namespace

RoomListFileCache::RoomListFileCache(const QString &path)
    : m_path(path), m_memory(&SystemClock::shared())
{
}

RoomListFileCache::~RoomListFileCache() = default;

RoomListFileCache &RoomListFileCache::shared()
{
    static RoomListFileCache cache;
    return cache;
}

QString RoomListFileCache::defaultPath()
{
    return QFileInfo(History::defaultPath()).absolutePath() + QStringLiteral("/roomlists.json");
}

int RoomListFileCache::lockedFile()
{
    if (!m_unusable.isEmpty())
        return -1;
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(dir)) {
        m_unusable = QStringLiteral("cannot create %1").arg(dir);
    } else {
        const QByteArray native = QFile::encodeName(m_path);
        const int fd = ::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0) {
            // Each holder keeps the lock for one read and one write. A holder stopped with it
            // (a process suspended, a stuck disk) is not waited for: the console asks from its
            // GUI thread. Past the bound this look keeps to the process, and the next tries again.
            QElapsedTimer waited;
            waited.start();
            int locked;
            while ((locked = ::flock(fd, LOCK_EX | LOCK_NB)) != 0 &&
                   (errno == EWOULDBLOCK || errno == EINTR) && waited.elapsed() < kLockWaitMs)
                ::usleep(1000);
            if (locked == 0)
                return fd;
            if (errno == EWOULDBLOCK) {
                ::close(fd);
                qCWarning(lcRoomCache).noquote()
                    << m_path << "stayed locked for" << kLockWaitMs
                    << "ms: this time the 10-second rule of rooms holds within this process only";
                return -1;
            }
        }
        m_unusable = QStringLiteral("cannot use %1: %2")
                         .arg(m_path, QString::fromLocal8Bit(std::strerror(errno)));
        if (fd >= 0)
            ::close(fd);
    }
    qCWarning(lcRoomCache).noquote()
        << m_unusable << "- the 10-second rule of rooms holds within this process only";
    return -1;
}

QHash<QString, RoomListCache::State> RoomListFileCache::read(int fd) const
{
    QHash<QString, State> rooms;
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > kMaxFileBytes)
        return rooms;
    QByteArray bytes(qsizetype(st.st_size), Qt::Uninitialized);
    if (::pread(fd, bytes.data(), size_t(bytes.size()), 0) != ssize_t(bytes.size()))
        return rooms;
    const QJsonObject all =
        QJsonDocument::fromJson(bytes).object().value(QStringLiteral("rooms")).toObject();
    const qint64 now = machineMonotonicNs();
    for (auto it = all.begin(); it != all.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        State s;
        s.calledNs = timeFrom(o, "called");
        s.answeredNs = timeFrom(o, "answered");
        // From before a reboot: CLOCK_MONOTONIC started again, and these times lie ahead.
        if (s.calledNs > now || s.answeredNs > now)
            continue;
        s.readAtMs = qint64(o.value(QStringLiteral("readAt")).toDouble());
        s.streams = streamsFrom(o.value(QStringLiteral("streams")).toArray());
        rooms.insert(it.key(), s);
    }
    return rooms;
}

void RoomListFileCache::write(int fd, const QHash<QString, State> &rooms, qint64 nowNs) const
{
    QJsonObject all;
    for (auto it = rooms.cbegin(); it != rooms.cend(); ++it) {
        const State &s = it.value();
        if (qMax(s.calledNs, s.answeredNs) < nowNs - kKeepNs)
            continue;
        QJsonObject o;
        // Nanoseconds as text: a double holds only 53 bits.
        o.insert(QStringLiteral("called"), QString::number(s.calledNs));
        o.insert(QStringLiteral("answered"), QString::number(s.answeredNs));
        o.insert(QStringLiteral("readAt"), s.readAtMs);
        o.insert(QStringLiteral("streams"), streamsJson(s.streams));
        all.insert(it.key(), o);
    }
    QJsonObject top;
    top.insert(QStringLiteral("version"), 1);
    top.insert(QStringLiteral("rooms"), all);
    const QByteArray bytes = QJsonDocument(top).toJson(QJsonDocument::Compact);
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, bytes.constData(), size_t(bytes.size()), 0) != ssize_t(bytes.size()))
        qCWarning(lcRoomCache).noquote() << "cannot write" << m_path << std::strerror(errno);
}

RoomListCache::Look RoomListFileCache::look(const QString &key, qint64 reuseMs, qint64 spacingMs,
                                            bool claim)
{
    const int fd = lockedFile();
    if (fd < 0)
        return m_memory.look(key, reuseMs, spacingMs, claim);
    QHash<QString, State> rooms = read(fd);
    const qint64 now = machineMonotonicNs();
    State &room = rooms[key];
    const qint64 calledBefore = room.calledNs;
    const Look l = decide(room, now, reuseMs, spacingMs, claim);
    if (room.calledNs != calledBefore)
        write(fd, rooms, now);
    ::close(fd); // and the lock with it
    return l;
}

void RoomListFileCache::store(const QString &key, const QList<ListedStream> &streams,
                              qint64 readAtMs)
{
    const int fd = lockedFile();
    if (fd < 0)
        return m_memory.store(key, streams, readAtMs);
    QHash<QString, State> rooms = read(fd);
    const qint64 now = machineMonotonicNs();
    State &room = rooms[key];
    room.answeredNs = now;
    room.readAtMs = readAtMs;
    room.streams = streams;
    write(fd, rooms, now);
    ::close(fd);
}

void RoomListFileCache::unclaim(const QString &key)
{
    const int fd = lockedFile();
    if (fd < 0)
        return m_memory.unclaim(key);
    QHash<QString, State> rooms = read(fd);
    const auto it = rooms.find(key);
    if (it != rooms.end()) {
        it->calledNs = -1;
        write(fd, rooms, machineMonotonicNs());
    }
    ::close(fd);
}

} // namespace cdnrec
