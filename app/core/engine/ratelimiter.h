// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/clock.h>

#include <QHash>
#include <QMutex>
#include <QString>

#include <deque>

namespace cdnrec {

// Paces calls per AppId, for every job in the process at once (ZEGO counts 20 calls/s per AppId,
// whoever sends them). Calls are spaced 1/rate apart rather than let through in bursts: a burst
// that fits a 1-second window at the client can straddle the server's window after network
// jitter, and one spaced call per slot never exceeds the rate in any 1-second window. Slots are
// 2% wider than 1/rate: up to 20 ms of jitter between here and the server is absorbed.
//
// With a shared-state directory (shared() sets one), the same schedule also holds across the
// processes of this OS user on this machine: one small file per AppId, locked with flock(),
// holds the next free slot on CLOCK_MONOTONIC (one clock for the whole machine) and the send
// times of the last second. A process that dies leaves a file that blocks nobody for more than
// one slot, and a file from before a reboot (times in the future) is started afresh.
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
    // the spacing and the 1-second rule follow the rate of each call.
    qint64 tryAcquire(quint32 appId, double callsPerSecond);

private:
    struct Bucket
    {
        // The slot last taken: the next is one interval of the rate asked NOW after it, so a
        // rate that changes mid-run (a team grant) takes effect at once, both ways.
        qint64 lastSlotNs = 0;
        bool taken = false;
        std::deque<qint64> recent; // send times of the last floor(rate) calls
    };
    // The cross-process slot; false when the shared state cannot be used (then this process
    // paces alone).
    bool tryAcquireShared(quint32 appId, qint64 intervalNs, std::size_t perWindow, qint64 *wait);
    int stateFile(quint32 appId);

    const Clock *m_clock;
    QMutex m_mutex;
    QHash<quint32, Bucket> m_buckets;
    QString m_sharedDir;
    bool m_sharedDirChecked = false;
    bool m_sharedDirUsable = false;
    bool m_warned = false;
    QHash<quint32, int> m_files; // open state files, per AppId
};

} // namespace cdnrec
