// SPDX-License-Identifier: GPL-3.0-or-later
#include <engine/ratelimiter.h>
#include <model/rate.h>

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

using namespace cdnrec;

namespace {

constexpr qint64 kSecond = 1000000000;

// Drives a limiter the way Job does: ask, wait what it says (plus timer lateness), repeat.
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

// Drives a limiter as Job does over a network whose request path delays each call by a random
// 0..jitter ns: the gateway answers at once, and the answer (a round trip of that delay plus
// 1 ms) is observed when the clock reaches it, unless observe is false. Returns the arrival
// times at the gateway, sorted.
QList<qint64> driveThroughJitter(RateLimiter &limiter, ManualClock &clock, double rate, int calls,
                                 qint64 jitterNs, bool observe, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<qint64> arrived;
    std::multimap<qint64, qint64> answers; // when answered -> round trip
    const auto deliver = [&] {
        while (!answers.empty() && answers.begin()->first <= clock.monotonicNs()) {
            if (observe)
                limiter.observeLatencyMs(1, double(answers.begin()->second) / 1e6);
            answers.erase(answers.begin());
        }
    };
    while (arrived.size() < calls) {
        deliver();
        const qint64 wait = limiter.tryAcquire(1, rate);
        if (wait == 0) {
            const qint64 delay = qint64(rng.bounded(double(jitterNs)));
            arrived.append(clock.monotonicNs() + delay);
            answers.emplace(clock.monotonicNs() + delay + 1000000, delay + 1000000);
            continue;
        }
        const qint64 nextAnswer =
            answers.empty() ? wait : answers.begin()->first - clock.monotonicNs();
        clock.advanceNs(qMax<qint64>(1, qMin(wait, nextAnswer)));
    }
    std::sort(arrived.begin(), arrived.end());
    return arrived;
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
    void arrivalJitterIsAbsorbed_data();
    void arrivalJitterIsAbsorbed();
    void lateTimersDoNotSlowTheAverage();
    void callsRateApartAreAWindowApart();
    void spreadOfLatencies_data();
    void spreadOfLatencies();
    void notLatenciesAreIgnored();
    void headroomWidensAndNarrows();
    void headroomIsBounded();
    void aChangeOfLevelIsNotJitter();
    void jitterWithinTheHeadroomNeverExceedsTheRate_data();
    void jitterWithinTheHeadroomNeverExceedsTheRate();
    void widestHeadroomIsShared();
    void ownStoredHeadroomDoesNotHoldItBack();
    void idleTimeIsNotBanked();
    void appIdsAreIndependent();
    void sharedAcrossCallers();
    void nonsenseRatesAreSafe();
    void extremeRatesAreClamped();
    void sharedAcrossProcesses();
    void staleStateBlocksNoOne_data();
    void staleStateBlocksNoOne();
    void foreignFolderIsRefused();
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

void TestRateLimiter::arrivalJitterIsAbsorbed_data()
{
    QTest::addColumn<double>("rate");
    QTest::newRow("20/s") << 20.0;
    QTest::newRow("200/s") << 200.0;
}

void TestRateLimiter::arrivalJitterIsAbsorbed()
{
    // Calls reach the gateway up to 15 ms apart from when they were sent (a busy machine's
    // scheduling, a pool of connections each with its own thread, the network): the gateway
    // still never counts more than the rate in any second of its own.
    QFETCH(double, rate);
    ManualClock clock;
    RateLimiter limiter(&clock);
    const QList<qint64> sent = drive(limiter, clock, 1, rate, 1000, 0, 3);
    QRandomGenerator rng(11);
    QList<qint64> arrived;
    for (qint64 t : sent)
        arrived.append(t + qint64(rng.bounded(15.0 * 1000000)));
    std::sort(arrived.begin(), arrived.end());
    QVERIFY2(maxInAnyWindow(arrived) <= int(rate),
             qPrintable(QStringLiteral("%1 calls in one second").arg(maxInAnyWindow(arrived))));
}

void TestRateLimiter::lateTimersDoNotSlowTheAverage()
{
    // 200/s with timers up to 1 ms late: 2,000 calls take as long as with exact timers (within
    // 1%), not 2,000 ms more. With exact timers: 9 windows of 1.02 s, and the first window's
    // 200 calls half a slot (2.5 ms) apart: 9.18 + 0.4975 s.
    ManualClock exactClock;
    RateLimiter exact(&exactClock);
    const QList<qint64> onTime = drive(exact, exactClock, 1, 200, 2000, 0, 7);
    const double exactSeconds = double(onTime.back() - onTime.front()) / kSecond;
    QVERIFY2(std::abs(exactSeconds - 9.6775) < 0.001, qPrintable(QString::number(exactSeconds)));
    ManualClock clock;
    RateLimiter limiter(&clock);
    const QList<qint64> sent = drive(limiter, clock, 1, 200, 2000, 1000000, 7);
    const double seconds = double(sent.back() - sent.front()) / kSecond;
    QVERIFY2(seconds < exactSeconds * 1.01, qPrintable(QString::number(seconds)));
}

void TestRateLimiter::callsRateApartAreAWindowApart()
{
    // Calls k and k+20 at 20/s are 1 s + the headroom apart: 20 ms before any answer, then the
    // spread of the answers: here a bound on the 40 ms they are spread evenly over, 46.4 ms.
    ManualClock clock;
    RateLimiter limiter(&clock);
    const QList<qint64> calm = drive(limiter, clock, 1, 20, 41, 0, 1);
    QCOMPARE(calm[20] - calm[0], kSecond + RateLimiter::kBaseHeadroomNs);
    QCOMPARE(calm[40] - calm[20], kSecond + RateLimiter::kBaseHeadroomNs);
    QCOMPARE(calm[1] - calm[0], kSecond / 40); // half a slot
    LatencySpread same;
    for (int i = 0; i < 64; ++i) {
        limiter.observeLatencyMs(1, 100 + 40.0 * i / 63);
        same.observe(clock.monotonicNs(), (100 + 40.0 * i / 63) * 1e6);
    }
    const qint64 headroom = RateLimiter::headroomForSpread(same.spreadNs(clock.monotonicNs()));
    QVERIFY2(std::abs(headroom - 46430000) <= 100000, qPrintable(QString::number(headroom)));
    const QList<qint64> spread = drive(limiter, clock, 1, 20, 41, 0, 1);
    QCOMPARE(limiter.headroomNs(1), headroom);
    QCOMPARE(spread[20] - spread[0], kSecond + headroom);
    QCOMPARE(spread[40] - spread[20], kSecond + headroom);
}

void TestRateLimiter::spreadOfLatencies_data()
{
    QTest::addColumn<QList<double>>("latenciesMs");
    QTest::addColumn<double>("spreadMs");
    QTest::addColumn<double>("toleranceMs");
    QList<double> even, outliers, constant, two;
    for (int i = 0; i < 64; ++i) {
        even.append(100 + 50.0 * i / 63);
        outliers.append(i >= 61 ? 5000 : 100 + 50.0 * i / 63);
        constant.append(42);
    }
    two = {10, 19};
    // 64 values over 50 ms: ranks 3 and 60 are 45.24 ms apart, x 65/57 (the share of the
    // range they span on average) x (1 + 8/64) (a bound, not an average): 58.0 ms.
    QTest::newRow("evenly over 50 ms") << even << 58.04 << 0.05;
    QTest::newRow("3 stalls of 5 s among 64") << outliers << 58.04 << 0.05;
    QTest::newRow("constant") << constant << 0.0 << 0.0;
    // 9 ms apart: x 3/1 x (1 + 8/2).
    QTest::newRow("two: their range, scaled") << two << 135.0 << 0.01;
    QTest::newRow("one: nothing yet") << QList<double>{30} << 0.0 << 0.0;
}

void TestRateLimiter::spreadOfLatencies()
{
    QFETCH(QList<double>, latenciesMs);
    QFETCH(double, spreadMs);
    QFETCH(double, toleranceMs);
    LatencySpread spread;
    qint64 now = 0;
    for (double ms : latenciesMs)
        spread.observe(now += 1000000, ms * 1e6);
    const double measured = double(spread.spreadNs(now)) / 1e6;
    QVERIFY2(std::abs(measured - spreadMs) <= toleranceMs + 1e-6,
             qPrintable(QString::number(measured)));
}

void TestRateLimiter::notLatenciesAreIgnored()
{
    LatencySpread spread;
    qint64 now = 0;
    for (int i = 0; i < 10; ++i)
        spread.observe(now += 1000000, 20e6 + 1e6 * i);
    const qint64 before = spread.spreadNs(now);
    for (double nonsense :
         {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
          -std::numeric_limits<double>::infinity(), -1.0, -5e9, 3601e9, 1e300})
        spread.observe(now, nonsense);
    QCOMPARE(spread.sampleCount(), 10);
    QCOMPARE(spread.spreadNs(now), before);

    // Through the limiter: nonsense alone leaves the headroom where it starts.
    ManualClock clock;
    RateLimiter limiter(&clock);
    for (double ms : {std::numeric_limits<double>::quiet_NaN(), -3.0, 1e12, 5.0,
                      std::numeric_limits<double>::infinity()})
        limiter.observeLatencyMs(1, ms);
    QCOMPARE(limiter.tryAcquire(1, 20), 0);
    QCOMPARE(limiter.headroomNs(1), RateLimiter::kBaseHeadroomNs);
}

void TestRateLimiter::headroomWidensAndNarrows()
{
    ManualClock clock;
    RateLimiter limiter(&clock);
    const auto headroomMsAfter = [&](double lowMs, double highMs) {
        for (int i = 0; i < LatencySpread::kSamples; ++i) {
            clock.advanceNs(50000000);
            limiter.observeLatencyMs(1, lowMs + (highMs - lowMs) * ((i * 37) % 64) / 63.0);
        }
        while (limiter.tryAcquire(1, 20) != 0)
            clock.advanceNs(1000000);
        return double(limiter.headroomNs(1)) / 1e6;
    };
    QCOMPARE(headroomMsAfter(30, 31), 20.0); // calm: the base headroom
    const double jittery = headroomMsAfter(30, 110);
    // 80 ms of spread: ranks 3..60 span 80 x 57/63, x 65/57 x 1.125: 92.9 ms.
    QVERIFY2(std::abs(jittery - 92.86) < 0.05, qPrintable(QString::number(jittery)));
    const double calmAgain = headroomMsAfter(30, 32);
    QCOMPARE(calmAgain, 20.0);
    // Old answers are forgotten: 31 s without one, the headroom is the base again.
    headroomMsAfter(30, 110);
    clock.advanceNs(31 * kSecond);
    while (limiter.tryAcquire(1, 20) != 0)
        clock.advanceNs(1000000);
    QCOMPARE(limiter.headroomNs(1), RateLimiter::kBaseHeadroomNs);
}

void TestRateLimiter::aChangeOfLevelIsNotJitter()
{
    // A fast run, then a gateway that answers after 1 s (same AppId): calls sent close together
    // all meet the slow gateway alike, so once kLevelRun answers say so, the spread is theirs.
    LatencySpread spread;
    qint64 now = 0;
    for (int i = 0; i < LatencySpread::kSamples; ++i)
        spread.observe(now += 1000000, (2 + 0.5 * (i % 3)) * 1e6);
    const qint64 fast = spread.spreadNs(now);
    QVERIFY(fast > 0 && fast < 5000000);
    for (int i = 0; i < LatencySpread::kLevelRun - 1; ++i)
        spread.observe(now += 1000000, (1000 + 0.5 * (i % 3)) * 1e6);
    // Until then, it may be jitter: the spread takes the slow answers in.
    QCOMPARE(spread.sampleCount(), LatencySpread::kSamples);
    QVERIFY2(spread.spreadNs(now) > 900000000, qPrintable(QString::number(spread.spreadNs(now))));
    spread.observe(now += 1000000, 1000.5e6);
    QCOMPARE(spread.sampleCount(), LatencySpread::kLevelRun);
    QVERIFY2(spread.spreadNs(now) < 10000000, qPrintable(QString::number(spread.spreadNs(now))));
    // And back down to fast: the same.
    for (int i = 0; i < LatencySpread::kLevelRun; ++i)
        spread.observe(now += 1000000, 3e6);
    QCOMPARE(spread.sampleCount(), LatencySpread::kLevelRun);

    // Jitter is not a change of level: answers spread evenly over 0..200 ms, in any order,
    // keep their spread whole.
    LatencySpread jitter;
    for (int i = 0; i < LatencySpread::kSamples * 4; ++i)
        jitter.observe(now += 1000000, 200e6 * ((i * 37) % 64) / 63.0);
    QCOMPARE(jitter.sampleCount(), LatencySpread::kSamples);
    QVERIFY(jitter.spreadNs(now) >= 200000000);
    // Nor are a few slow answers among fast ones (fewer than kLevelRun in a row).
    LatencySpread stalls;
    for (int i = 0; i < LatencySpread::kSamples; ++i)
        stalls.observe(now += 1000000,
                       (i % 20 >= 20 - (LatencySpread::kLevelRun - 1) ? 900 : 10) * 1e6);
    QCOMPARE(stalls.sampleCount(), LatencySpread::kSamples);
}

void TestRateLimiter::headroomIsBounded()
{
    // Answers anywhere between 0 and 10 s: the window is at most 1.25 s, never 11 s.
    ManualClock clock;
    RateLimiter limiter(&clock);
    QRandomGenerator rng(5);
    for (int i = 0; i < 64; ++i)
        limiter.observeLatencyMs(1, rng.bounded(10000.0));
    const QList<qint64> sent = drive(limiter, clock, 1, 20, 21, 0, 1);
    QCOMPARE(limiter.headroomNs(1), RateLimiter::kMaxHeadroomNs);
    QCOMPARE(sent[20] - sent[0], kSecond + RateLimiter::kMaxHeadroomNs);
    QCOMPARE(RateLimiter::headroomForSpread(std::numeric_limits<qint64>::max()),
             RateLimiter::kMaxHeadroomNs);
    QCOMPARE(RateLimiter::headroomForSpread(-5), RateLimiter::kBaseHeadroomNs);
}

void TestRateLimiter::jitterWithinTheHeadroomNeverExceedsTheRate_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("jitterMs");
    QTest::addColumn<bool>("observe");
    QTest::addColumn<bool>("exceeds");
    QTest::newRow("20/s, 50 ms") << 20.0 << 50 << true << false;
    QTest::newRow("20/s, 100 ms") << 20.0 << 100 << true << false;
    QTest::newRow("20/s, 200 ms") << 20.0 << 200 << true << false;
    QTest::newRow("10/s, 50 ms") << 10.0 << 50 << true << false;
    QTest::newRow("200/s, 50 ms") << 200.0 << 50 << true << false;
    // The control: the same network, its answers unheard (the headroom stays 20 ms): the
    // gateway counts more than the rate in some second, so the rows above measure something.
    QTest::newRow("20/s, 50 ms, answers unheard") << 20.0 << 50 << false << true;
}

void TestRateLimiter::jitterWithinTheHeadroomNeverExceedsTheRate()
{
    QFETCH(double, rate);
    QFETCH(int, jitterMs);
    QFETCH(bool, observe);
    QFETCH(bool, exceeds);
    for (quint32 seed = 1; seed <= 5; ++seed) {
        ManualClock clock;
        RateLimiter limiter(&clock);
        const QList<qint64> arrived = driveThroughJitter(limiter, clock, rate, int(rate) * 30,
                                                         jitterMs * 1000000LL, observe, seed);
        const int most = maxInAnyWindow(arrived);
        const QString what = QStringLiteral("seed %1: %2 calls in one second").arg(seed).arg(most);
        if (!exceeds)
            QVERIFY2(most <= int(rate), qPrintable(what));
        else if (most > int(rate))
            return;
    }
    QVERIFY2(!exceeds, "the jitter never made a second hold more than the rate");
}

void TestRateLimiter::widestHeadroomIsShared()
{
    // Two processes on one AppId: the one whose answers spread widens the other's window too,
    // or the calm one would fill the gaps the jittery one leaves for its late arrivals.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shared = dir.filePath(u"cdnrec"_qs);
    RateLimiter jittery(&SystemClock::shared());
    RateLimiter calm(&SystemClock::shared());
    jittery.setSharedDirectory(shared);
    calm.setSharedDirectory(shared);
    for (int i = 0; i < 64; ++i)
        jittery.observeLatencyMs(4, 30 + 80.0 * ((i * 37) % 64) / 63.0);
    QCOMPARE(jittery.tryAcquire(4, 1000), 0);
    QVERIFY(jittery.headroomNs(4) >= 85000000);
    qint64 wait = 0;
    while ((wait = calm.tryAcquire(4, 1000)) != 0)
        ::usleep(useconds_t(qMax<qint64>(1, wait / 1000)));
    // Shared in microseconds.
    QVERIFY2(std::abs(calm.headroomNs(4) - jittery.headroomNs(4)) < 1000,
             qPrintable(QString::number(calm.headroomNs(4))));
    // Another AppId is another ledger.
    QCOMPARE(calm.tryAcquire(5, 1000), 0);
    QCOMPARE(calm.headroomNs(5), RateLimiter::kBaseHeadroomNs);
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

void TestRateLimiter::extremeRatesAreClamped()
{
    ManualClock clock;
    RateLimiter limiter(&clock);
    // 1e-300/s is clamped to 0.01/s: the wait is about 100 s, never years or an overflow.
    QCOMPARE(limiter.tryAcquire(1, 1e-300), 0);
    const qint64 wait = limiter.tryAcquire(1, 1e-300);
    QVERIFY2(wait > 99 * kSecond && wait <= 102 * kSecond, qPrintable(QString::number(wait)));
    // An absurdly fast rate is clamped to 1,000/s: paced, never unlimited.
    RateLimiter fast(&clock);
    const QList<qint64> sent = drive(fast, clock, 2, 1e300, 3000, 0, 1);
    QVERIFY2(maxInAnyWindow(sent) <= 1000, qPrintable(QString::number(maxInAnyWindow(sent))));
    QVERIFY2(maxInAnyWindow(sent) >= 900, qPrintable(QString::number(maxInAnyWindow(sent))));
    // An infinite one is no rate at all: the default, as the job takes it (Rate::bounded).
    RateLimiter infinite(&clock);
    const QList<qint64> paced =
        drive(infinite, clock, 3, std::numeric_limits<double>::infinity(), 100, 0, 1);
    QCOMPARE(maxInAnyWindow(paced), int(Rate::Default));
}

void TestRateLimiter::sharedAcrossProcesses()
{
    // Two limiters on one folder stand for two processes: a slot one takes, the other sees.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shared = dir.filePath(u"cdnrec"_qs);
    RateLimiter a(&SystemClock::shared());
    RateLimiter b(&SystemClock::shared());
    a.setSharedDirectory(shared);
    b.setSharedDirectory(shared);
    QCOMPARE(a.tryAcquire(7, 1), 0);
    const qint64 wait = b.tryAcquire(7, 1);
    QVERIFY2(wait > kSecond / 2 && wait <= 2 * kSecond, qPrintable(QString::number(wait)));
    QCOMPARE(b.tryAcquire(8, 1), 0); // another AppId, another budget
    struct stat st
    {
    };
    QCOMPARE(::stat(QFile::encodeName(shared).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0700u);
    QCOMPARE(::stat(QFile::encodeName(shared + u"/pace-7"_qs).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    // Without a folder, each limiter paces alone.
    RateLimiter alone(&SystemClock::shared());
    QCOMPARE(alone.tryAcquire(7, 1), 0);
}

void TestRateLimiter::staleStateBlocksNoOne_data()
{
    QTest::addColumn<QByteArray>("content");
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    const qint64 now = qint64(ts.tv_sec) * kSecond + ts.tv_nsec;
    const auto state = [](qint64 nextSlot, QList<qint64> recent) {
        QByteArray b;
        const quint32 head[2] = {0x63647270, 1};
        b.append(reinterpret_cast<const char *>(head), sizeof head);
        b.append(reinterpret_cast<const char *>(&nextSlot), sizeof nextSlot);
        const quint32 count[2] = {quint32(recent.size()), 0};
        b.append(reinterpret_cast<const char *>(count), sizeof count);
        for (qint64 t : recent)
            b.append(reinterpret_cast<const char *>(&t), sizeof t);
        return b;
    };
    // A crashed process's last slot is at most one slot ahead: after it, the way is free.
    QTest::newRow("crashed, slot passed") << state(now - kSecond / 10, {now - kSecond / 5});
    // Before a reboot the monotonic clock ran further: times "in the future" are not believed.
    QTest::newRow("another boot") << state(now + 1000 * kSecond, {now + 999 * kSecond});
    QTest::newRow("garbage") << QByteArray("not a pace file at all, just bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("count lies")
        << state(now - kSecond, {}).replace(16, 4, QByteArray("\xff\xff\xff\x7f", 4));
}

void TestRateLimiter::staleStateBlocksNoOne()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shared = dir.filePath(u"cdnrec"_qs);
    QVERIFY(QDir().mkpath(shared));
    QFile f(shared + u"/pace-5"_qs);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    RateLimiter limiter(&SystemClock::shared());
    limiter.setSharedDirectory(shared);
    QCOMPARE(limiter.tryAcquire(5, 10), 0);
    QVERIFY(limiter.tryAcquire(5, 10) > 0); // and the file works from then on
}

void TestRateLimiter::foreignFolderIsRefused()
{
    if (::geteuid() != 0)
        QSKIP("needs root to give a folder to another user");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shared = dir.filePath(u"cdnrec"_qs);
    QVERIFY(QDir().mkpath(shared));
    QCOMPARE(::chown(QFile::encodeName(shared).constData(), 65534, 65534), 0);
    RateLimiter a(&SystemClock::shared());
    RateLimiter b(&SystemClock::shared());
    a.setSharedDirectory(shared);
    b.setSharedDirectory(shared);
    // Not shared (another user could feed it), so each paces alone; no file was made there.
    QCOMPARE(a.tryAcquire(3, 1), 0);
    QCOMPARE(b.tryAcquire(3, 1), 0);
    QVERIFY(a.tryAcquire(3, 1) > 0);
    QVERIFY(!QFile::exists(shared + u"/pace-3"_qs));
}

void TestRateLimiter::ownStoredHeadroomDoesNotHoldItBack()
{
    // A process's headroom in the shared state widens the others, not itself: its first few
    // answers' estimate (wide: few values) would otherwise hold it for seconds after its own
    // estimate narrowed (seen: 212 ms held for 4 s at the start of a run, 1.067 x the ideal).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RateLimiter limiter(&SystemClock::shared());
    limiter.setSharedDirectory(dir.filePath(u"cdnrec"_qs));
    for (int i = 0; i < 64; ++i)
        limiter.observeLatencyMs(6, 30 + 80.0 * ((i * 37) % 64) / 63.0);
    QCOMPARE(limiter.tryAcquire(6, 1000), 0);
    QVERIFY(limiter.headroomNs(6) >= 85000000);
    for (int i = 0; i < 64; ++i)
        limiter.observeLatencyMs(6, 30);
    qint64 wait = 0;
    while ((wait = limiter.tryAcquire(6, 1000)) != 0)
        ::usleep(useconds_t(qMax<qint64>(1, wait / 1000)));
    QCOMPARE(limiter.headroomNs(6), RateLimiter::kBaseHeadroomNs);
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "test_ratelimiter.moc"
