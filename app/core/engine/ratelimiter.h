// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/clock.h>

#include <QHash>
#include <QMutex>
#include <QString>

#include <deque>

namespace cdnrec {

// The spread of a gateway's answer times: how unevenly calls sent now reach it. Pure arithmetic
// on the times it is given, for tests. The spread is the range of the middle 90% of the last
// kSamples latencies (of the last kMaxAgeNs), scaled to a bound on the whole range, as order
// statistics of values spread evenly over it would be (the fewer the values, the more): robust,
// as a few outliers (a retransmit, a stall) move neither end, and it narrows again as calmer
// answers replace the spread ones. A change of level is not jitter: when the newest kLevelRun
// latencies all lie beyond the range of the older ones, by more than either range (a slower
// gateway, a run after a fast one on the same AppId), the older ones are forgotten; calls sent
// close together meet the new level alike.
class LatencySpread final
{
public:
    // A latency observed at nowNs. Not a latency, and ignored: NaN, infinite, negative, or over
    // an hour (a clock that jumped).
    void observe(qint64 nowNs, double latencyNs);
    // 0 with fewer than two latencies of the last kMaxAgeNs.
    qint64 spreadNs(qint64 nowNs) const;
    int sampleCount() const { return int(m_samples.size()); }

    static constexpr int kSamples = 64;
    static constexpr qint64 kMaxAgeNs = qint64(30) * 1000000000;
    static constexpr int kLevelRun = 8;

private:
    bool levelChanged() const;

    struct Sample
    {
        qint64 atNs;
        qint64 latencyNs;
    };
    std::deque<Sample> m_samples;
};

// Paces calls per AppId, for every job in the process at once (ZEGO counts 20 calls/s per AppId,
// whoever sends them). Two rules:
// - The guarantee: calls k and k+N (N = floor(rate), at least 1) are at least a window apart,
//   the window being 1 s plus a headroom H (and at least N/rate, for rates below 1/s). A call's
//   arrival at the gateway is delayed by an unknown 0..J ms after it is sent; when H >= J, calls
//   k and k+N still arrive 1 s apart, so no 1-second window at the gateway ever holds more than
//   N. H follows the spread of the answers' latencies (LatencySpread): jitter on the way shows
//   in the round trips, and so does a busy machine's scheduling (headroomForSpread).
// - The pace: calls at least half a slot (1/(2 x rate)) apart, so a run never sends its second's
//   calls at once. The window rule makes every window repeat the first one's shape; slots a
//   window/N apart would spread each window's calls evenly and make a run last about 1 + H
//   times the ideal (bench_jitter, 400 calls at 20/s, 50 ms of jitter: 1.06 x 20 s; half slots:
//   1.03 x; no jitter: 1.02 x and 0.99 x).
//
// With a shared-state directory (shared() sets one), the same schedule also holds across the
// processes of this OS user on this machine: one small file per AppId, locked with flock(),
// holds the next free slot on CLOCK_MONOTONIC (one clock for the whole machine), the send
// times of the last window and the widest headroom a process asked for lately: every process
// keeps the widest window any of them measured. A process that dies leaves a file that blocks
// nobody for more than one window, and a file from before a reboot (times in the future) is
// started afresh.
class RateLimiter final
{
public:
    explicit RateLimiter(const Clock *clock);
    ~RateLimiter();
    Q_DISABLE_COPY_MOVE(RateLimiter)

    // The process's limiter: the system clock, shared with other processes in
    // defaultSharedDirectory().
    static RateLimiter &shared();

    // $XDG_RUNTIME_DIR/cdnrec, else /tmp/cdnrec-<uid>.
    static QString defaultSharedDirectory();
    // Pace across processes through state files in dir (created 0700; refused if another user
    // owns it). Empty: this process only (the default: tests on a ManualClock). The shared
    // schedule runs on CLOCK_MONOTONIC, not on the injected clock.
    void setSharedDirectory(const QString &dir);
    QString sharedDirectory() const;

    // Rates are clamped into [0.01, 1000] calls per second; NaN, zero or negative mean 1/s.
    static double clampedRate(double callsPerSecond);

    // Takes a slot if one is free now and returns 0; otherwise returns the nanoseconds until
    // the next slot and takes nothing. The rate may differ from call to call (a team grant):
    // the spacing and the window follow the rate of each call.
    qint64 tryAcquire(quint32 appId, double callsPerSecond);

    // An answer from appId's gateway came latencyMs after its call was sent: the headroom
    // follows the spread of these (see LatencySpread for what is ignored).
    void observeLatencyMs(quint32 appId, double latencyMs);
    // The headroom appId's window had at its last slot (kBaseHeadroomNs before any).
    qint64 headroomNs(quint32 appId) const;

    // The headroom: the measured spread, within [kBaseHeadroomNs, kMaxHeadroomNs]. At least
    // kBaseHeadroomNs, also before any spread is known: a busy machine's scheduling (measured:
    // 10 ms let 21 calls into a second at 20/s once in 5 bench runs over a pool of connections).
    static constexpr qint64 kBaseHeadroomNs = 20 * 1000000;
    static constexpr qint64 kMaxHeadroomNs = 250 * 1000000;
    static qint64 headroomForSpread(qint64 spreadNs);

private:
    // What one slot asks for, from the rate of the call and the headroom.
    struct Pace
    {
        qint64 intervalNs;     // the least time between two calls
        qint64 windowNs;       // calls perWindow apart are at least this far apart
        std::size_t perWindow; // floor(rate), at least 1
        qint64 headroomNs;     // what windowNs has beyond the operator's pace
    };
    static Pace paceFor(double rate, qint64 headroomNs);
    struct Bucket
    {
        // The slot last taken: the next is one interval of the rate asked NOW after it, so a
        // rate that changes mid-run (a team grant) takes effect at once, both ways.
        qint64 lastSlotNs = 0;
        bool taken = false;
        std::deque<qint64> recent; // send times of the last floor(rate) calls
        LatencySpread spread;
        qint64 headroomNs = kBaseHeadroomNs; // at the last slot taken
    };
    // The cross-process slot; false when the shared state cannot be used (then this process
    // paces alone). pace.headroomNs is widened to the widest the other processes asked for.
    bool tryAcquireShared(quint32 appId, Pace &pace, double rate, qint64 *wait);
    int stateFile(quint32 appId);

    const Clock *m_clock;
    const quint64 m_id; // random: names this limiter's headroom in the shared state
    mutable QMutex m_mutex;
    QHash<quint32, Bucket> m_buckets;
    QString m_sharedDir;
    bool m_sharedDirChecked = false;
    bool m_sharedDirUsable = false;
    bool m_warned = false;
    QHash<quint32, int> m_files; // open state files, per AppId
};

} // namespace cdnrec
