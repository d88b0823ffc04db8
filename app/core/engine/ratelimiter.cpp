// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimiter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcPace, "cdnrec.core.pace", QtInfoMsg)

namespace cdnrec {

namespace {

constexpr qint64 kSecondNs = 1000000000;
constexpr double kMinRate = 0.01;
constexpr double kMaxRate = 1000;
// The longest a slot can be (0.01/s with the headroom): a stored next slot further ahead than
// this is not from a live process on this boot.
constexpr qint64 kMaxIntervalNs = qint64(kSecondNs / kMinRate * 1.02);
constexpr quint32 kMagic = 0x63647270; // "cdrp"
constexpr quint32 kVersion = 1;
constexpr std::size_t kMaxRecent = std::size_t(kMaxRate);

// The file: magic, version, next slot, count, then count send times (ns, CLOCK_MONOTONIC).
struct StateHeader
{
    quint32 magic;
    quint32 version;
    qint64 nextSlotNs;
    quint32 count;
    quint32 reserved;
};

qint64 machineMonotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * kSecondNs + ts.tv_nsec;
}

// Safe to use: a real directory (not a link) of ours, closed to everyone else.
bool ownPrivateDirectory(const QByteArray &path)
{
    if (::mkdir(path.constData(), 0700) != 0 && errno != EEXIST)
        return false;
    struct stat st
    {
    };
    if (::lstat(path.constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid())
        return false;
    if ((st.st_mode & 077) != 0 && ::chmod(path.constData(), 0700) != 0)
        return false;
    return true;
}

} // namespace

RateLimiter::RateLimiter(const Clock *clock) : m_clock(clock) {}

RateLimiter::~RateLimiter()
{
    for (int fd : std::as_const(m_files)) {
        if (fd >= 0)
            ::close(fd);
    }
}

RateLimiter &RateLimiter::shared()
{
    static RateLimiter limiter(&SystemClock::shared());
    static const bool configured = (limiter.setSharedDirectory(defaultSharedDirectory()), true);
    Q_UNUSED(configured);
    return limiter;
}

QString RateLimiter::defaultSharedDirectory()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty() && QDir::isAbsolutePath(runtime) && QFileInfo(runtime).isDir())
        return runtime + QStringLiteral("/cdnrec");
    return QStringLiteral("/tmp/cdnrec-%1").arg(::geteuid());
}

void RateLimiter::setSharedDirectory(const QString &dir)
{
    QMutexLocker lock(&m_mutex);
    for (int fd : std::as_const(m_files)) {
        if (fd >= 0)
            ::close(fd);
    }
    m_files.clear();
    m_sharedDir = dir;
    m_sharedDirChecked = false;
    m_sharedDirUsable = false;
}

QString RateLimiter::sharedDirectory() const
{
    return m_sharedDir;
}

double RateLimiter::clampedRate(double callsPerSecond)
{
    if (std::isnan(callsPerSecond) || callsPerSecond <= 0)
        return 1.0;
    return std::clamp(callsPerSecond, kMinRate, kMaxRate);
}

int RateLimiter::stateFile(quint32 appId)
{
    if (!m_sharedDirChecked) {
        m_sharedDirChecked = true;
        m_sharedDirUsable = ownPrivateDirectory(QFile::encodeName(m_sharedDir));
        if (!m_sharedDirUsable) {
            qCWarning(lcPace) << "cannot share the pace with other processes: the folder"
                              << m_sharedDir << "is not a private folder of this user";
        }
    }
    if (!m_sharedDirUsable)
        return -1;
    auto it = m_files.find(appId);
    if (it != m_files.end())
        return *it;
    const QByteArray path = QFile::encodeName(m_sharedDir + QStringLiteral("/pace-%1").arg(appId));
    int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        struct stat st
        {
        };
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid() ||
            ((st.st_mode & 077) != 0 && ::fchmod(fd, 0600) != 0)) {
            ::close(fd);
            fd = -1;
        }
    }
    if (fd < 0)
        qCWarning(lcPace) << "cannot use the pace file" << QFile::decodeName(path);
    m_files.insert(appId, fd);
    return fd;
}

bool RateLimiter::tryAcquireShared(quint32 appId, qint64 interval, std::size_t perWindow,
                                   qint64 *wait)
{
    const int fd = stateFile(appId);
    if (fd < 0)
        return false;
    // The lock is held for a read and a write; a holder stuck longer than this is not waited
    // for in the event loop: try again shortly.
    int tries = 0;
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR)
            return false;
        if (++tries > 200) {
            *wait = 5 * 1000000;
            return true;
        }
        ::usleep(100);
    }
    const qint64 now = machineMonotonicNs();

    StateHeader h{};
    std::deque<qint64> recent;
    bool fresh = ::pread(fd, &h, sizeof h, 0) != qint64(sizeof h) || h.magic != kMagic ||
                 h.version != kVersion || h.count > kMaxRecent;
    if (!fresh) {
        std::vector<qint64> times(h.count);
        const auto bytes = qint64(h.count * sizeof(qint64));
        fresh = bytes > 0 && ::pread(fd, times.data(), bytes, sizeof h) != bytes;
        for (qint64 t : times)
            recent.push_back(t);
    }
    // From before a reboot (the monotonic clock started again) or garbage: start afresh.
    if (fresh || h.nextSlotNs > now + kMaxIntervalNs || (!recent.empty() && recent.back() > now)) {
        h = StateHeader{kMagic, kVersion, now, 0, 0};
        recent.clear();
    }
    while (!recent.empty() && recent.front() <= now - kSecondNs)
        recent.pop_front(); // older than a second: constrains nobody

    qint64 w = h.nextSlotNs - now;
    // The hard rule: the call perWindow sends back must be a full second old.
    if (recent.size() >= perWindow)
        w = qMax(w, recent[recent.size() - perWindow] + kSecondNs - now);
    if (w <= 0) {
        h.nextSlotNs = now - h.nextSlotNs < interval ? h.nextSlotNs + interval : now + interval;
        recent.push_back(now);
        while (recent.size() > kMaxRecent)
            recent.pop_front();
        h.count = quint32(recent.size());
        std::vector<char> out(sizeof h + recent.size() * sizeof(qint64));
        std::memcpy(out.data(), &h, sizeof h);
        std::size_t i = 0;
        for (qint64 t : recent)
            std::memcpy(out.data() + sizeof h + sizeof(qint64) * i++, &t, sizeof t);
        if (::pwrite(fd, out.data(), out.size(), 0) != qint64(out.size()) ||
            ::ftruncate(fd, off_t(out.size())) != 0) {
            ::flock(fd, LOCK_UN);
            return false;
        }
        w = 0;
    }
    ::flock(fd, LOCK_UN);
    *wait = w;
    return true;
}

qint64 RateLimiter::tryAcquire(quint32 appId, double callsPerSecond)
{
    const double rate = clampedRate(callsPerSecond);
    // Calls reach the server with jitter: exact 1/rate spacing at the client can arrive as
    // rate+1 in one of the server's seconds (measured: 201 at 200/s on loopback). Slots x% wider
    // absorb x% of a second of jitter whatever the rate: 1% (10 ms) was not enough once calls
    // went out over a pool of connections, each manager with its own thread, on a busy machine
    // (21 in a second at 20/s, one code 6, in 1 of 5 bench runs). 2% gives 20 ms for 2% of time.
    constexpr double kHeadroom = 1.02;
    const auto interval = qint64(std::ceil(double(kSecondNs) / rate * kHeadroom));
    const auto perWindow = std::size_t(qMax(1.0, std::floor(rate)));

    QMutexLocker lock(&m_mutex);
    if (!m_sharedDir.isEmpty()) {
        qint64 wait = 0;
        if (tryAcquireShared(appId, interval, perWindow, &wait))
            return wait;
        if (!m_warned) {
            m_warned = true;
            qCWarning(lcPace) << "pacing this process alone: the shared pace state is unusable";
        }
    }
    const qint64 now = m_clock->monotonicNs();
    Bucket &b = m_buckets[appId];
    while (b.recent.size() > perWindow)
        b.recent.pop_front();
    const qint64 next = b.taken ? b.lastSlotNs + interval : now;
    qint64 wait = next - now;
    // The hard rule: the call perWindow sends back must be a full second old.
    if (b.recent.size() == perWindow)
        wait = qMax(wait, b.recent.front() + kSecondNs - now);
    if (wait > 0)
        return wait;
    // A timer that fired a little late keeps the schedule (the next slot comes sooner), so the
    // average holds the rate; after a longer pause the schedule starts afresh: no banked burst.
    b.lastSlotNs = now - next < interval ? next : now;
    b.taken = true;
    b.recent.push_back(now);
    if (b.recent.size() > perWindow)
        b.recent.pop_front();
    return 0;
}

} // namespace cdnrec
