// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimiter.h"

#include <model/rate.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>

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
// The longest a window can be (0.01/s: one call per 100 s, and the widest headroom): a stored
// next slot further ahead than this is not from a live process on this boot.
constexpr qint64 kMaxWindowNs = qint64(kSecondNs / Rate::EngineMin) + RateLimiter::kMaxHeadroomNs;
// Send times older than this constrain no rate of 2/s or more; below, only the newest does.
constexpr qint64 kKeepRecentNs = kSecondNs + RateLimiter::kMaxHeadroomNs;
constexpr quint32 kMagic = 0x63647270; // "cdrp"
constexpr quint32 kVersion = 1;
constexpr std::size_t kMaxRecent = std::size_t(Rate::LoopbackMax);
constexpr quint32 kHeadroomMagic = 0x63647268; // "cdrh"
// How long the widest headroom a process asked for holds for the others after its last call.
constexpr qint64 kHeadroomMemoryNs = 5 * kSecondNs;
constexpr qint64 kMaxLatencyNs = 3600 * kSecondNs;
// LatencySpread: the middle 90% of the latencies, scaled to their whole range.
constexpr double kLowQuantile = 0.05;
constexpr double kHighQuantile = 0.95;
constexpr double kSmallSample = 8;

// The file: magic, version, next slot, count, then count send times (ns, CLOCK_MONOTONIC), then
// a HeadroomTrailer (a file written before it has none: an older cdnrec reads the rest alike).
struct StateHeader
{
    quint32 magic;
    quint32 version;
    qint64 nextSlotNs;
    quint32 count;
    quint32 reserved;
};

struct HeadroomTrailer
{
    quint32 magic;
    quint32 headroomUs;
    qint64 setAtNs; // CLOCK_MONOTONIC
    quint64 setBy;  // the RateLimiter that asked for it (RateLimiter::m_id)
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

void LatencySpread::observe(qint64 nowNs, double latencyNs)
{
    if (!std::isfinite(latencyNs) || latencyNs < 0 || latencyNs > double(kMaxLatencyNs))
        return;
    m_samples.push_back(Sample{nowNs, qint64(latencyNs)});
    while (m_samples.size() > std::size_t(kSamples) || m_samples.front().atNs <= nowNs - kMaxAgeNs)
        m_samples.pop_front();
    if (levelChanged())
        m_samples.erase(m_samples.begin(), m_samples.end() - kLevelRun);
}

bool LatencySpread::levelChanged() const
{
    if (m_samples.size() <= std::size_t(kLevelRun))
        return false;
    const auto range = [](auto first, auto last) {
        const auto [lo, hi] =
            std::minmax_element(first, last, [](const Sample &a, const Sample &b) {
                return a.latencyNs < b.latencyNs;
            });
        return std::pair<qint64, qint64>(lo->latencyNs, hi->latencyNs);
    };
    const auto split = m_samples.end() - kLevelRun;
    const auto [oldLow, oldHigh] = range(m_samples.begin(), split);
    const auto [newLow, newHigh] = range(split, m_samples.end());
    const qint64 margin = std::max(oldHigh - oldLow, newHigh - newLow);
    return newLow - oldHigh > margin || oldLow - newHigh > margin;
}

qint64 LatencySpread::spreadNs(qint64 nowNs) const
{
    std::vector<qint64> latencies;
    latencies.reserve(m_samples.size());
    for (const Sample &s : m_samples) {
        if (s.atNs > nowNs - kMaxAgeNs)
            latencies.push_back(s.latencyNs);
    }
    if (latencies.size() < 2)
        return 0;
    std::sort(latencies.begin(), latencies.end());
    const std::size_t n = latencies.size();
    const auto low = std::size_t(std::floor(kLowQuantile * double(n - 1)));
    const auto high = std::size_t(std::ceil(kHighQuantile * double(n - 1)));
    // Of n values spread evenly over a range, the k-th smallest lies on average (k+1)/(n+1) of
    // the way: the ranks low..high span (high-low)/(n+1) of it (2 values: a third; 64: 0.88).
    // And n values may by chance span less than that: (1 + 8/n) makes the average a bound
    // (tried: 300 runs each at 3, 5, 10, 20 and 200/s under 20..200 ms of even jitter, none
    // had more than the rate in a second; with 1 + 3/n, 3/s did, in up to 8 of 400 runs).
    const double scale = double(n + 1) / double(high - low) * (1.0 + kSmallSample / double(n));
    return qint64(std::ceil(double(latencies[high] - latencies[low]) * scale));
}

RateLimiter::RateLimiter(const Clock *clock)
    : m_clock(clock), m_id(QRandomGenerator::system()->generate64())
{
}

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
    return Rate::bounded(callsPerSecond);
}

qint64 RateLimiter::headroomForSpread(qint64 spreadNs)
{
    return std::clamp(spreadNs, kBaseHeadroomNs, kMaxHeadroomNs);
}

RateLimiter::Pace RateLimiter::paceFor(double rate, qint64 headroomNs)
{
    Pace p{};
    p.perWindow = std::size_t(qMax(1.0, std::floor(rate)));
    p.headroomNs = std::clamp(headroomNs, kBaseHeadroomNs, kMaxHeadroomNs);
    p.intervalNs = qint64(std::ceil(double(kSecondNs) / rate / 2));
    // Below 1/s the window is the operator's pace (one call per 1/rate s); the gateway's
    // second needs the headroom on top of it only at 1/s and above.
    p.windowNs = qMax(kSecondNs + p.headroomNs,
                      qint64(std::ceil(double(p.perWindow) * double(kSecondNs) / rate)));
    return p;
}

void RateLimiter::observeLatencyMs(quint32 appId, double latencyMs)
{
    QMutexLocker lock(&m_mutex);
    m_buckets[appId].spread.observe(m_clock->monotonicNs(), latencyMs * 1e6);
}

qint64 RateLimiter::headroomNs(quint32 appId) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_buckets.constFind(appId);
    return it == m_buckets.cend() ? kBaseHeadroomNs : it->headroomNs;
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

namespace {

// The state file as read: the header, the send times, and the widest headroom still in force.
struct SharedState
{
    StateHeader header{};
    std::deque<qint64> recent;
    qint64 headroomNs = 0; // 0: none in force
    qint64 headroomSetAtNs = 0;
    quint64 headroomSetBy = 0;
};

SharedState readState(int fd, qint64 now)
{
    SharedState st;
    StateHeader &h = st.header;
    bool fresh = ::pread(fd, &h, sizeof h, 0) != qint64(sizeof h) || h.magic != kMagic ||
                 h.version != kVersion || h.count > kMaxRecent;
    if (!fresh) {
        std::vector<qint64> times(h.count);
        const auto bytes = qint64(h.count * sizeof(qint64));
        fresh = bytes > 0 && ::pread(fd, times.data(), bytes, sizeof h) != bytes;
        for (qint64 t : times)
            st.recent.push_back(t);
        HeadroomTrailer t{};
        if (!fresh && ::pread(fd, &t, sizeof t, off_t(sizeof h) + bytes) == qint64(sizeof t) &&
            t.magic == kHeadroomMagic && t.setAtNs <= now && now - t.setAtNs < kHeadroomMemoryNs) {
            st.headroomNs = qMin(qint64(t.headroomUs) * 1000, RateLimiter::kMaxHeadroomNs);
            st.headroomSetAtNs = t.setAtNs;
            st.headroomSetBy = t.setBy;
        }
    }
    // From before a reboot (the monotonic clock started again) or garbage: start afresh.
    if (fresh || h.nextSlotNs > now + kMaxWindowNs ||
        (!st.recent.empty() && st.recent.back() > now)) {
        st = SharedState{};
        st.header = StateHeader{kMagic, kVersion, now, 0, 0};
    }
    // Older than any window of 2/s or more: constrains nobody (the newest does below that).
    while (st.recent.size() > 1 && st.recent.front() <= now - kKeepRecentNs)
        st.recent.pop_front();
    return st;
}

bool writeState(int fd, SharedState &st, const HeadroomTrailer &trailer)
{
    while (st.recent.size() > kMaxRecent)
        st.recent.pop_front();
    st.header.count = quint32(st.recent.size());
    std::vector<char> out(sizeof st.header + st.recent.size() * sizeof(qint64) + sizeof trailer);
    std::memcpy(out.data(), &st.header, sizeof st.header);
    std::size_t at = sizeof st.header;
    for (qint64 t : st.recent) {
        std::memcpy(out.data() + at, &t, sizeof t);
        at += sizeof t;
    }
    std::memcpy(out.data() + at, &trailer, sizeof trailer);
    return ::pwrite(fd, out.data(), out.size(), 0) == qint64(out.size()) &&
           ::ftruncate(fd, off_t(out.size())) == 0;
}

} // namespace

bool RateLimiter::tryAcquireShared(quint32 appId, Pace &pace, double rate, qint64 *wait)
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
    SharedState st = readState(fd, now);
    // Every process keeps the widest window another one asked for lately: a calm process must
    // not fill the gaps a jittery one leaves for its late arrivals. Its own it knows better
    // (the estimate it stored may have been of its first few answers).
    const qint64 own = pace.headroomNs;
    const bool storedIsOurs = st.headroomSetBy == m_id;
    if (!storedIsOurs && st.headroomNs > pace.headroomNs)
        pace = paceFor(rate, st.headroomNs);

    StateHeader &h = st.header;
    qint64 w = h.nextSlotNs - now;
    // The hard rule: the call perWindow sends back must be a window old.
    if (st.recent.size() >= pace.perWindow)
        w = qMax(w, st.recent[st.recent.size() - pace.perWindow] + pace.windowNs - now);
    if (w <= 0) {
        h.nextSlotNs = now - h.nextSlotNs < pace.intervalNs ? h.nextSlotNs + pace.intervalNs
                                                            : now + pace.intervalNs;
        st.recent.push_back(now);
        // Another's headroom stays until it is kHeadroomMemoryNs old, unless this process asks
        // for as much or more.
        const bool replace = storedIsOurs || own >= st.headroomNs;
        const HeadroomTrailer trailer =
            replace ? HeadroomTrailer{kHeadroomMagic, quint32(own / 1000), now, m_id}
                    : HeadroomTrailer{kHeadroomMagic, quint32(st.headroomNs / 1000),
                                      st.headroomSetAtNs, st.headroomSetBy};
        if (!writeState(fd, st, trailer)) {
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
    QMutexLocker lock(&m_mutex);
    Bucket &b = m_buckets[appId];
    Pace pace = paceFor(rate, headroomForSpread(b.spread.spreadNs(m_clock->monotonicNs())));
    if (!m_sharedDir.isEmpty()) {
        qint64 wait = 0;
        if (tryAcquireShared(appId, pace, rate, &wait)) {
            if (wait == 0)
                b.headroomNs = pace.headroomNs;
            return wait;
        }
        if (!m_warned) {
            m_warned = true;
            qCWarning(lcPace) << "pacing this process alone: the shared pace state is unusable";
        }
    }
    const qint64 now = m_clock->monotonicNs();
    while (b.recent.size() > pace.perWindow)
        b.recent.pop_front();
    const qint64 next = b.taken ? b.lastSlotNs + pace.intervalNs : now;
    qint64 wait = next - now;
    // The hard rule: the call perWindow sends back must be a window old.
    if (b.recent.size() == pace.perWindow)
        wait = qMax(wait, b.recent.front() + pace.windowNs - now);
    if (wait > 0)
        return wait;
    // A timer that fired a little late keeps the schedule (the next slot comes sooner), so the
    // average holds the rate; after a longer pause the schedule starts afresh: no banked burst.
    b.lastSlotNs = now - next < pace.intervalNs ? next : now;
    b.taken = true;
    b.recent.push_back(now);
    if (b.recent.size() > pace.perWindow)
        b.recent.pop_front();
    b.headroomNs = pace.headroomNs;
    return 0;
}

} // namespace cdnrec
