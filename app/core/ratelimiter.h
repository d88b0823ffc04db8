// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clock.h"

#include <QHash>
#include <QMutex>

#include <deque>

namespace cdnrec {

// Paces calls per AppId, for every job in the process at once (ZEGO counts 20 calls/s per AppId,
// whoever sends them). Calls are spaced 1/rate apart rather than let through in bursts: a burst
// that fits a 1-second window at the client can straddle the server's window after network
// jitter, and one spaced call per slot never exceeds the rate in any 1-second window. Slots are
// 1% wider than 1/rate, for the jitter between here and the server.
class RateLimiter final
{
public:
    explicit RateLimiter(const Clock *clock);
    Q_DISABLE_COPY_MOVE(RateLimiter)

    static RateLimiter &shared();

    // Takes a slot if one is free now and returns 0; otherwise returns the nanoseconds until
    // the next slot and takes nothing.
    qint64 tryAcquire(quint32 appId, double callsPerSecond);

private:
    struct Bucket
    {
        qint64 nextSlotNs = 0;
        std::deque<qint64> recent; // send times of the last floor(rate) calls
    };
    const Clock *m_clock;
    QMutex m_mutex;
    QHash<quint32, Bucket> m_buckets;
};

} // namespace cdnrec
