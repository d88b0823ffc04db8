// SPDX-License-Identifier: GPL-3.0-or-later
#include <engine/ratelimiter.h>

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <deque>

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
    // 200/s with timers up to 1 ms late: 2,000 calls take about 10 s (plus the 2% headroom),
    // not 10 s + 2,000 ms.
    ManualClock clock;
    RateLimiter limiter(&clock);
    const QList<qint64> sent = drive(limiter, clock, 1, 200, 2000, 1000000, 7);
    const double seconds = double(sent.back() - sent.front()) / kSecond;
    QVERIFY2(seconds < 10.3, qPrintable(QString::number(seconds)));
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

void TestRateLimiter::extremeRatesAreClamped()
{
    ManualClock clock;
    RateLimiter limiter(&clock);
    // 1e-300/s is clamped to 0.01/s: the wait is about 100 s, never years or an overflow.
    QCOMPARE(limiter.tryAcquire(1, 1e-300), 0);
    const qint64 wait = limiter.tryAcquire(1, 1e-300);
    QVERIFY2(wait > 99 * kSecond && wait <= 102 * kSecond, qPrintable(QString::number(wait)));
    // Absurdly fast and infinite rates are clamped to 1,000/s: paced, never unlimited.
    for (double rate : {1e300, std::numeric_limits<double>::infinity()}) {
        RateLimiter fast(&clock);
        const QList<qint64> sent = drive(fast, clock, 2, rate, 3000, 0, 1);
        QVERIFY2(maxInAnyWindow(sent) <= 1000, qPrintable(QString::number(maxInAnyWindow(sent))));
        QVERIFY2(maxInAnyWindow(sent) >= 900, qPrintable(QString::number(maxInAnyWindow(sent))));
    }
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

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "test_ratelimiter.moc"
