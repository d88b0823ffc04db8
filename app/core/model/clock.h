// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

namespace cdnrec {

// Time, injectable: pacing runs on a monotonic clock, Timestamps on the wall clock.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 monotonicNs() const = 0;
    virtual qint64 wallSecs() const = 0;
};

class SystemClock final : public Clock
{
public:
    SystemClock() { m_start.start(); }
    qint64 monotonicNs() const override { return m_start.nsecsElapsed(); }
    qint64 wallSecs() const override;
    static SystemClock &shared();

private:
    QElapsedTimer m_start;
};

// A clock that moves only when told: for tests of pacing and expiry without sleeping.
class ManualClock final : public Clock
{
public:
    qint64 monotonicNs() const override { return m_ns; }
    qint64 wallSecs() const override { return m_wall; }
    void advanceNs(qint64 ns) { m_ns += ns; }
    void setWallSecs(qint64 s) { m_wall = s; }

private:
    qint64 m_ns = 0;
    qint64 m_wall = 1700000000;
};

} // namespace cdnrec
