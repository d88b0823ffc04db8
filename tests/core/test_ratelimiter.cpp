// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimiter.h"

#include <QRandomGenerator>
#include <QTest>

#include <deque>

using namespace cdnrec;

namespace {

constexpr qint64 kSecond = 1000000000;

// Drives a limiter the way StopJob does: ask, wait what it says (plus timer lateness), repeat.
// Returns the send times.
QList<qint64> drive(RateLimiter &limiter, ManualClock &clock, quint32 appId, double rate, int calls,
                    qint64 maxLatenessNs, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<qint64> sent;
    while (sent.size() < calls) {
        const qint64 wait = limiter.tryAcquire(appId, rate);
        if (wait == 0) {
            sent.append(clock.monotonicNs());
            continue;
        }
        const qint64 late = maxLatenessNs ? qint64(rng.bounded(double(maxLatenessNs))) : 0;
        clock.advanceNs(wait + late);
    }
    return sent;
}

int maxInAnyWindow(const QList<qint64> &times)
{
    int best = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i < times.size(); ++i) {
        while (times[i] - times[start] >= kSecond)
            ++start;
        best = qMax(best, int(i - start + 1));
    }
    return best;
}

} // namespace

class TestRateLimiter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void neverMoreThanTheRateInAnySecond_data();
    void neverMoreThanTheRateInAnySecond();
    void lateTimersDoNotSlowTheAverage();
    void idleTimeIsNotBanked();
    void appIdsAreIndependent();
    void sharedAcrossCallers();
    void nonsenseRatesAreSafe();
};

void TestRateLimiter::neverMoreThanTheRateInAnySecond_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("lateness");
    QTest::newRow("10/s exact") << 10.0 << qint64(0);
    QTest::newRow("10/s late timers") << 10.0 << qint64(30 * 1000000);
    QTest::newRow("20/s late timers") << 20.0 << qint64(20 * 1000000);
    QTest::newRow("200/s late timers") << 200.0 << qint64(3 * 1000000);
    QTest::newRow("3/s") << 3.0 << qint64(100 * 1000000);
    QTest::newRow("2.5/s") << 2.5 << qint64(0);
}

void TestRateLimiter::neverMoreThanTheRateInAnySecond()
{
    QFETCH(double, rate);
    QFETCH(qint64, lateness);
    ManualClock clock;
    RateLimiter limiter(&clock);
    const QList<qint64> sent = drive(limiter, clock, 1, rate, 500, lateness, 42);
    QVERIFY2(maxInAnyWindow(sent) <= int(rate),
             qPrintable(QStringLiteral("%1 calls in one second").arg(maxInAnyWindow(sent))));
}

void TestRateLimiter::lateTimersDoNotSlowTheAverage()
{
    // 200/s with timers up to 1 ms late: 2,000 calls take about 10 s, not 10 s + 2,000 ms.
    ManualClock clock;
    RateLimiter limiter(&clock);
    const QList<qint64> sent = drive(limiter, clock, 1, 200, 2000, 1000000, 7);
    const double seconds = double(sent.back() - sent.front()) / kSecond;
    QVERIFY2(seconds < 10.2, qPrintable(QString::number(seconds)));
    QVERIFY2(seconds > 9.9, qPrintable(QString::number(seconds)));
}

void TestRateLimiter::idleTimeIsNotBanked()
{
    ManualClock clock;
    RateLimiter limiter(&clock);
    QCOMPARE(limiter.tryAcquire(1, 10), 0);
    clock.advanceNs(60 * kSecond); // a minute idle
    QCOMPARE(limiter.tryAcquire(1, 10), 0);
    QVERIFY(limiter.tryAcquire(1, 10) > 0); // no burst of saved-up slots
}

void TestRateLimiter::appIdsAreIndependent()
{
    ManualClock clock;
    RateLimiter limiter(&clock);
    QCOMPARE(limiter.tryAcquire(1, 10), 0);
    QVERIFY(limiter.tryAcquire(1, 10) > 0);
    QCOMPARE(limiter.tryAcquire(2, 10), 0);
}

void TestRateLimiter::sharedAcrossCallers()
{
    // Two jobs on one AppId share its budget: together they stay under the rate.
    ManualClock clock;
    RateLimiter limiter(&clock);
    QList<qint64> sent;
    int turn = 0;
    while (sent.size() < 200) {
        const qint64 wait = limiter.tryAcquire(99, 20);
        if (wait == 0) {
            sent.append(clock.monotonicNs());
        } else {
            clock.advanceNs(turn++ % 2 ? wait : wait / 2 + 1);
        }
    }
    QVERIFY(maxInAnyWindow(sent) <= 20);
}

void TestRateLimiter::nonsenseRatesAreSafe()
{
    ManualClock clock;
    RateLimiter limiter(&clock);
    QCOMPARE(limiter.tryAcquire(1, 0), 0);
    QVERIFY(limiter.tryAcquire(1, 0) > 0); // treated as 1/s, never as unlimited
    QVERIFY(limiter.tryAcquire(1, -5) > 0);
    QVERIFY(limiter.tryAcquire(1, std::numeric_limits<double>::quiet_NaN()) > 0);
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "test_ratelimiter.moc"
