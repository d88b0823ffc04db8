// SPDX-License-Identifier: GPL-3.0-or-later
// Job against a slow gateway: calls in flight follow the pace and the latency (CallWindow),
// past QNetworkAccessManager's six connections, with cancel and the pace as strict as ever.
// Nothing here is timed: the figures for speed are in tests/bench/bench_latency.
#include "simserver.h"
#include <engine/job.h>
#include <engine/ratelimiter.h>
#include <model/clock.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("9193cc662a4c0ec135ec71fb57194b38");
constexpr qint64 kMs = 1000000;
constexpr qint64 kSecond = 1000 * kMs;

QStringList names(const QString &prefix, int n)
{
    QStringList ids;
    for (int i = 0; i < n; ++i)
        ids.append(QStringLiteral("%1%2").arg(prefix).arg(i));
    return ids;
}

} // namespace

class TestLatency : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimServer> m_sim;
    RateLimiter m_limiter{&SystemClock::shared()};

    SimServer &sim(double rate, int latencyMs)
    {
        SimConfig config;
        config.secret = kSecret;
        config.rateLimit = rate;
        config.latencyMs = latencyMs;
        m_sim = std::make_unique<SimServer>(config);
        if (!m_sim->start())
            qFatal("the simulator could not listen");
        return *m_sim;
    }

    std::unique_ptr<Job> job(const QStringList &ids, JobOptions options)
    {
        JobTarget t;
        t.endpoint = m_sim->url();
        t.appId = 1234567890;
        t.secret = kSecret;
        t.vendor = Vendor::Tencent;
        auto j = std::make_unique<Job>(t, ids, options);
        j->setRateLimiter(&m_limiter);
        return j;
    }

    static JobOptions options(double rate)
    {
        JobOptions o;
        o.batchSize = 1;
        o.callsPerSecond = rate;
        o.timeoutMs = 20000;
        o.backoffBaseMs = 50;
        o.rateLimitedBackoffMs = 200;
        return o;
    }

    // The simulator answers from this event loop: wait in a real one, never in QTRY's sleeps.
    static bool runToEnd(Job &j)
    {
        if (j.isFinished())
            return true;
        QSignalSpy finished(&j, &Job::finished);
        return finished.wait(120000) || j.isFinished();
    }

    QJsonObject stats() const { return m_sim->gateway().stats(); }

private Q_SLOTS:
    void windowIsLittlesLaw();
    void windowGrowsAndShrinksWithTheGateway();
    void cancelWithFiftyInFlight();
    void fiftyInFlightKeepThePace();
    void retriesAfterCodeSixKeepThePace();
    void paceIsReported();
};

void TestLatency::windowIsLittlesLaw()
{
    // Pure arithmetic on fake times: 20 calls/s, bound 64.
    CallWindow w(20, 64);
    QCOMPARE(w.size(0), CallWindow::kExtraCalls); // nothing known, nothing out: a small start
    // A call out for 1 s says the latency is at least 1 s, before any answer came back.
    QCOMPARE(w.size(1 * kSecond), 27); // ceil(20 x 1 x 1.25) + 2
    QCOMPARE(w.size(2 * kSecond), 52);
    QCOMPARE(w.size(100 * kSecond), 64); // the bound
    // Answers that slow down open it...
    w.observe(1 * kSecond);
    QCOMPARE(w.size(0), 27);
    int before = w.size(0);
    for (int i = 0; i < 5; ++i) {
        w.observe(2 * kSecond);
        QVERIFY(w.size(0) >= before);
        before = w.size(0);
    }
    QVERIFY2(w.size(0) >= 50, qPrintable(QString::number(w.size(0))));
    // ...and answers that speed up close it again.
    for (int i = 0; i < 100; ++i) {
        w.observe(20 * kMs);
        QVERIFY(w.size(0) <= before);
        before = w.size(0);
    }
    QVERIFY2(w.size(0) <= 4, qPrintable(QString::number(w.size(0))));
    // The age at which one more call may go is exactly where the window reaches it.
    for (int n = 0; n < 64; ++n) {
        const qint64 age = w.ageToOpen(n);
        QVERIFY(age >= 0);
        QVERIFY2(w.size(age) >= n + 1, qPrintable(QString::number(n)));
        if (age > kMs && w.latencyNs() < age - kMs)
            QVERIFY2(w.size(age - kMs) <= n, qPrintable(QString::number(n)));
    }
    QCOMPARE(w.ageToOpen(64), -1); // at the bound only an answer opens it
}

void TestLatency::windowGrowsAndShrinksWithTheGateway()
{
    sim(50, 0);
    auto j = job(names(u"w"_qs, 300), options(50));
    int windowFast = 0, windowSlow = 0, windowAfter = 0, inFlightSlow = 0, finishedCalls = 0;
    connect(j.get(), &Job::callFinished, this, [&](const CallRecord &) {
        ++finishedCalls;
        if (finishedCalls <= 50) {
            windowFast = qMax(windowFast, j->window());
        } else if (finishedCalls <= 150) {
            windowSlow = qMax(windowSlow, j->window());
            inFlightSlow = qMax(inFlightSlow, j->inFlight());
        } else if (finishedCalls > 270) {
            windowAfter = qMax(windowAfter, j->window());
        }
        if (finishedCalls == 50)
            m_sim->gateway().setLatencyMs(600); // the gateway slows down...
        if (finishedCalls == 150)
            m_sim->gateway().setLatencyMs(0); // ...and recovers
    });
    j->start();
    QVERIFY(runToEnd(*j));
    const QString what = QStringLiteral("fast %1, slow %2 (in flight %3), after %4, latency %5 ms")
                             .arg(windowFast)
                             .arg(windowSlow)
                             .arg(inFlightSlow)
                             .arg(windowAfter)
                             .arg(j->observedLatencyMs());
    // 50 calls/s x 0.6 s = 30 calls in the air; six connections would hold 6.
    QVERIFY2(windowSlow >= 30, qPrintable(what));
    QVERIFY2(inFlightSlow >= 20, qPrintable(what));
    QVERIFY2(windowFast < windowSlow, qPrintable(what));
    QVERIFY2(windowAfter < windowSlow / 2, qPrintable(what));
    QVERIFY2(j->window() <= 6, qPrintable(what)); // after the run, from the latest answers alone
    QCOMPARE(stats().value(u"streamsStopped"_qs).toInt(), 300);
    QCOMPARE(stats().value(u"code6"_qs).toInt(), 0);
}

void TestLatency::cancelWithFiftyInFlight()
{
    sim(100, 5000); // no answer comes back before the cancel
    JobOptions opt = options(100);
    opt.maxInFlight = 50;
    auto j = job(names(u"c"_qs, 200), opt);
    // Cancelled once the simulator holds 50 calls: in flight at both ends.
    int inFlightAtCancel = -1;
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&] {
        if (m_sim->gateway().inFlight() >= 50 && inFlightAtCancel < 0) {
            inFlightAtCancel = j->inFlight();
            j->cancel();
        }
    });
    poll.start(5);
    j->start();
    QVERIFY(runToEnd(*j));
    poll.stop();
    QCOMPARE(inFlightAtCancel, 50);
    QVERIFY(j->wasCancelled());
    QCOMPARE(j->callCount(), 50);
    int unknown = 0, skipped = 0;
    for (const StreamOutcome &o : j->outcomes()) {
        if (o.status == StreamStatus::Unknown) {
            ++unknown;
            QVERIFY2(o.message.contains(u"cancelled"_qs), qPrintable(o.message));
            QCOMPARE(o.attempts, 1);
        } else {
            QCOMPARE(o.status, StreamStatus::Skipped);
            QCOMPARE(o.attempts, 0);
            ++skipped;
        }
    }
    QCOMPARE(unknown, 50);
    QCOMPARE(skipped, 150);
    QCOMPARE(j->inFlight(), 0);
    // Nothing more goes out afterwards: the simulator received the 50 and no other.
    QTest::qWait(500);
    QCOMPARE(stats().value(u"calls"_qs).toInt(), 50);
    QCOMPARE(stats().value(u"maxInFlight"_qs).toInt(), 50); // all 50 reached it at once
}

void TestLatency::fiftyInFlightKeepThePace()
{
    sim(20, 2600); // 20 calls/s x 2.6 s: about 52 calls in the air
    auto j = job(names(u"f"_qs, 140), options(20));
    j->start();
    QVERIFY(runToEnd(*j));
    const QJsonObject s = stats();
    const QString what =
        QStringLiteral("job in flight %1, window bound %2; sim %3")
            .arg(j->maxInFlightSeen())
            .arg(j->options().maxInFlight)
            .arg(QString::fromUtf8(QJsonDocument(s).toJson(QJsonDocument::Compact)));
    QVERIFY2(j->maxInFlightSeen() >= 48, qPrintable(what));
    // Every call the job counts in flight is on the wire: none waits in a manager's queue.
    QVERIFY2(s.value(u"maxInFlight"_qs).toInt() >= 48, qPrintable(what));
    QVERIFY2(s.value(u"maxCallsInAnySecond"_qs).toInt() <= 20, qPrintable(what));
    QCOMPARE(s.value(u"code6"_qs).toInt(), 0);
    QCOMPARE(s.value(u"streamsStopped"_qs).toInt(), 140);
    QVERIFY(j->connectionPoolSize() >= 9); // 50 calls over HTTP/1.1, 6 per manager
}

void TestLatency::retriesAfterCodeSixKeepThePace()
{
    sim(20, 1500);
    QStringList ids = names(u"r"_qs, 80);
    for (int i = 0; i < 10; ++i)
        ids.insert(i * 8, QStringLiteral("busy1-%1").arg(i)); // code 6 once, then stopped
    auto j = job(ids, options(20));
    j->start();
    QVERIFY(runToEnd(*j));
    const QJsonObject s = stats();
    const QString what = QString::fromUtf8(QJsonDocument(s).toJson(QJsonDocument::Compact));
    QVERIFY2(j->maxInFlightSeen() >= 25, qPrintable(what));
    // Only the ten played refusals: no call of the job's own pace was too frequent.
    QCOMPARE(s.value(u"code6"_qs).toInt(), 10);
    QVERIFY2(s.value(u"maxCallsInAnySecond"_qs).toInt() <= 20, qPrintable(what));
    QCOMPARE(j->callCount(), 100);
    for (const StreamOutcome &o : j->outcomes())
        QCOMPARE(o.status, StreamStatus::Succeeded);
}

void TestLatency::paceIsReported()
{
    sim(50, 200);
    auto j = job(names(u"p"_qs, 60), options(50));
    QList<double> latencies, paces;
    int lastInFlight = -1;
    connect(j.get(), &Job::paceChanged, this,
            [&](double latencyMs, double callsPerSecond, int inFlight) {
                latencies.append(latencyMs);
                paces.append(callsPerSecond);
                lastInFlight = inFlight;
            });
    j->start();
    QVERIFY(runToEnd(*j));
    QVERIFY(latencies.size() >= 2);
    QCOMPARE(lastInFlight, 0); // the last one comes with the end
    // The gateway answered after 200 ms; the job saw at least that.
    QVERIFY2(latencies.last() >= 200, qPrintable(QString::number(latencies.last())));
    QVERIFY(*std::max_element(paces.begin(), paces.end()) > 0);
    QVERIFY(*std::max_element(paces.begin(), paces.end()) <= 50);
}

QTEST_GUILESS_MAIN(TestLatency)
#include "test_latency.moc"
