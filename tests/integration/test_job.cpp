// SPDX-License-Identifier: GPL-3.0-or-later
// Job against the simulator, in one process: every retry rule, every fault, cancel, skew.
#include "freshport.h"
#include "simserver.h"
#include <engine/job.h>
#include <engine/pacesource.h>
#include <engine/ratelimiter.h>
#include <model/clock.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace cdnrec;
Q_DECLARE_METATYPE(cdnrec::Vendor)

namespace {

const QString kSecret = QStringLiteral("9193cc662a4c0ec135ec71fb57194b38");

struct Run
{
    QList<StreamOutcome> outcomes;
    QList<StreamOutcome> extras;
    int calls = 0;
    QString problem;
    qint64 problemCode = 0;
    bool reached = false;
    bool connected = false;
    bool correctionApplied = false;
    QList<qint64> clockSignals; // clockCorrected's offsets
    JobOptions options;         // in force
    qint64 offset = 0;
    QList<int> changedRows;
    QList<CallRecord> records; // as callFinished gave them
    QStringList sentUrls;      // redacted, as callStarted gave them
    qint64 elapsedMs = 0;
};

// The Timestamp a (redacted) call URL carried.
qint64 timestampOf(const QString &url)
{
    const auto m = QRegularExpression(u"[?&]Timestamp=(\\d+)"_qs).match(url);
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

// A pace shared beyond the job (what the team's budget is to the engine), with a rate the test
// sets, counting who joined and left.
class FakeShare final : public PaceShare
{
public:
    double rate() const override { return m_rate; }
    QString takeNotice() override { return std::exchange(notice, QString()); }
    double m_rate = 0;
    QString notice;
};

class FakePace final : public PaceSource
{
public:
    bool isConfigured() const override { return configured; }
    std::shared_ptr<PaceShare> joinPace(quint32 appId, double wantedRate) override
    {
        joins.append({appId, wantedRate});
        return share;
    }
    void leavePace(const std::shared_ptr<PaceShare> &left) override { leftShares.append(left); }
    bool configured = true;
    std::shared_ptr<FakeShare> share = std::make_shared<FakeShare>();
    QList<QPair<quint32, double>> joins;
    QList<std::shared_ptr<PaceShare>> leftShares;
};

JobOptions fastOptions()
{
    JobOptions o;
    o.callsPerSecond = 200;
    o.backoffBaseMs = 10;
    o.rateLimitedBackoffMs = 20;
    o.timeoutMs = 3000;
    return o;
}

} // namespace

class TestJob : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimServer> m_sim;
    RateLimiter m_limiter{&SystemClock::shared()};

    // Every test meets a gateway it has never seen (see firstUseOfPort).
    SimServer &sim(SimConfig config = {})
    {
        if (config.secret.isEmpty())
            config.secret = kSecret;
        m_sim = test::freshSim(config);
        return *m_sim;
    }

    Run stop(const QStringList &ids, JobOptions options = fastOptions(),
             Vendor vendor = Vendor::Tencent, QString secret = kSecret, QUrl endpoint = {},
             std::function<void(Job &)> during = {})
    {
        JobTarget t;
        t.endpoint = endpoint.isEmpty() ? m_sim->url() : endpoint;
        t.appId = 1234567890;
        t.secret = secret;
        t.vendor = vendor;
        Job job(t, ids, options);
        job.setRateLimiter(&m_limiter);
        Run run;
        connect(&job, &Job::streamChanged, this, [&](int row) { run.changedRows.append(row); });
        connect(&job, &Job::callFinished, this,
                [&](const CallRecord &r) { run.records.append(r); });
        connect(&job, &Job::clockCorrected, this,
                [&](qint64 offset) { run.clockSignals.append(offset); });
        connect(&job, &Job::callStarted, this,
                [&](const CallRecord &r) { run.sentUrls.append(r.redactedUrl); });
        QSignalSpy finished(&job, &Job::finished);
        QElapsedTimer clock;
        clock.start();
        job.start();
        if (during)
            during(job);
        if (!job.isFinished())
            [&] {
                QVERIFY(finished.wait(60000));
            }();
        [&] {
            QCOMPARE(finished.size(), 1);
        }();
        run.elapsedMs = clock.elapsed();
        run.outcomes = job.outcomes();
        run.extras = job.extraStreams();
        run.calls = job.callCount();
        run.problem = job.problem();
        run.problemCode = job.problemCode();
        run.reached = job.reachedEndpoint();
        run.connected = job.connectedToEndpoint();
        run.correctionApplied = job.clockCorrectionApplied();
        run.options = job.options();
        run.offset = job.clockOffsetSecs();
        // The invariant of every run: each stream final, none Stopped without its own success.
        for (const StreamOutcome &o : std::as_const(run.outcomes)) {
            [&] {
                QVERIFY2(isFinal(o.status), qPrintable(o.streamId));
            }();
        }
        return run;
    }

    static StreamOutcome of(const Run &run, const QString &id)
    {
        for (const StreamOutcome &o : run.outcomes) {
            if (o.streamId == id)
                return o;
        }
        qFatal("no outcome");
    }

private Q_SLOTS:
    void everyVendorStopsEverything_data();
    void everyVendorStopsEverything();
    void mixedOutcomes();
    void rateLimitedCallsAreRetried();
    void serverErrorsAreRetried();
    void serverErrorsRunOut();
    void timeoutsAreRetriedThenUnknown();
    void resetsAreRetried();
    void cutMidBodyIsUnknown();
    void unusableAnswersAreNotRetried_data();
    void unusableAnswersAreNotRetried();
    void codeTwoIsBisected();
    void wrongSecretStopsTheJob_data();
    void wrongSecretStopsTheJob();
    void vendorMismatchFails();
    void clockSkewIsCorrected_data();
    void clockSkewIsCorrected();
    void unreachableEndpoint();
    void cancelLeavesNothingPending();
    void neverFasterThanTheRate();
    void duplicatesAreSentOnce();
    void totalDeadlineHoldsAgainstATrickle();
    void implausibleDateHeadersAreIgnored_data();
    void implausibleDateHeadersAreIgnored();
    void expiredForeverStopsTheJob();
    void echoedSignatureIsRedacted();
    void nonsenseOptionsAreReplaced();
    void blackholeIsConnectedButUnanswered();
    void noClockSignalWithoutSkew();
    void localClockBeforeTheBuildIsCorrected();
    void rememberedOffsetThatTurnsOutWrongIsSaidAgain();
    void tooManyRequestsIsARefusal();
    void aHandshakeThatNeverEndsSentNothing();
    void pacesOnASharedPace();
    void anUnconfiguredPaceIsNotJoined();
};

void TestJob::everyVendorStopsEverything_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::newRow("Tencent") << Vendor::Tencent;
    QTest::newRow("Ws") << Vendor::Ws;
    QTest::newRow("Huawei") << Vendor::Huawei;
}

void TestJob::everyVendorStopsEverything()
{
    QFETCH(Vendor, vendor);
    sim();
    QStringList ids;
    for (int i = 0; i < 25; ++i)
        ids.append(QStringLiteral("live_%1").arg(i));
    ids.append(QStringLiteral("odd+id&x=1 #%")); // survives the trip
    const Run run = stop(ids, fastOptions(), vendor);
    QCOMPARE(run.calls, 3);
    QCOMPARE(run.outcomes.size(), 26);
    for (const StreamOutcome &o : run.outcomes) {
        QCOMPARE(o.status, StreamStatus::Succeeded);
        QCOMPARE(o.attempts, 1);
        QVERIFY(!o.requestId.isEmpty());
        QVERIFY(!o.vendorRequestId.isEmpty());
    }
    QCOMPARE(m_sim->gateway().stats().value(u"streamsStopped"_qs).toInt(), 26);
}

void TestJob::mixedOutcomes()
{
    sim();
    const Run run = stop({u"ok-1"_qs, u"fail-404-a"_qs, u"missing-b"_qs, u"extra-c"_qs});
    QCOMPARE(of(run, u"ok-1"_qs).status, StreamStatus::Succeeded);
    QCOMPARE(of(run, u"fail-404-a"_qs).status, StreamStatus::Failed);
    QCOMPARE(of(run, u"fail-404-a"_qs).code, u"FailedOperation.404"_qs);
    QCOMPARE(of(run, u"missing-b"_qs).status, StreamStatus::Unknown);
    QVERIFY(of(run, u"missing-b"_qs).message.contains(u"left this stream out"_qs));
    QCOMPARE(of(run, u"extra-c"_qs).status, StreamStatus::Succeeded);
    QCOMPARE(run.extras.size(), 1);
    QCOMPARE(run.extras[0].streamId, u"extra-c-ghost"_qs);
    QCOMPARE(run.calls, 1);
}

void TestJob::rateLimitedCallsAreRetried()
{
    sim();
    const Run run = stop({u"busy2-a"_qs, u"b"_qs});
    QCOMPARE(of(run, u"busy2-a"_qs).status, StreamStatus::Succeeded);
    QCOMPARE(of(run, u"busy2-a"_qs).attempts, 3);
    QCOMPARE(of(run, u"b"_qs).status, StreamStatus::Succeeded);
    QCOMPARE(run.calls, 3);
    QVERIFY(!of(run, u"busy2-a"_qs).earlierAttemptUnanswered); // code 6 is an answer
}

void TestJob::serverErrorsAreRetried()
{
    sim();
    const Run run = stop({u"e502x2-a"_qs});
    const StreamOutcome o = of(run, u"e502x2-a"_qs);
    QCOMPARE(o.status, StreamStatus::Succeeded);
    QCOMPARE(o.attempts, 3);
    QVERIFY(o.earlierAttemptUnanswered);
}

void TestJob::serverErrorsRunOut()
{
    sim();
    JobOptions opt = fastOptions();
    opt.maxAttempts = 3;
    const Run run = stop({u"e500x9-a"_qs}, opt);
    const StreamOutcome o = of(run, u"e500x9-a"_qs);
    QCOMPARE(o.status, StreamStatus::Unknown); // a 5xx says nothing about whether it stopped
    QCOMPARE(o.attempts, 3);
    QVERIFY2(o.message.contains(u"500"_qs), qPrintable(o.message));
}

void TestJob::timeoutsAreRetriedThenUnknown()
{
    sim();
    JobOptions opt = fastOptions();
    opt.timeoutMs = 150;
    opt.maxAttempts = 2;
    const Run run = stop({u"slow1500-a"_qs}, opt);
    const StreamOutcome o = of(run, u"slow1500-a"_qs);
    QCOMPARE(o.status, StreamStatus::Unknown);
    QCOMPARE(o.attempts, 2);
    QVERIFY2(o.message.contains(u"no answer"_qs), qPrintable(o.message));
}

void TestJob::resetsAreRetried()
{
    // QNetworkAccessManager itself may re-send a GET whose connection closed before any answer
    // (same URL); past that, the job retries with a new signature.
    sim();
    JobOptions opt = fastOptions();
    opt.maxAttempts = 6;
    const Run run = stop({u"reset3-a"_qs}, opt);
    const StreamOutcome o = of(run, u"reset3-a"_qs);
    QCOMPARE(o.status, StreamStatus::Succeeded);
    QVERIFY(o.attempts >= 2);
    QVERIFY(o.earlierAttemptUnanswered);
    QVERIFY(m_sim->gateway().stats().value(u"calls"_qs).toInt() >= o.attempts);
}

void TestJob::cutMidBodyIsUnknown()
{
    sim();
    JobOptions opt = fastOptions();
    opt.maxAttempts = 2;
    const Run run = stop({u"cut-a"_qs}, opt);
    QCOMPARE(of(run, u"cut-a"_qs).status, StreamStatus::Unknown);
    QCOMPARE(of(run, u"cut-a"_qs).attempts, 2);
}

void TestJob::unusableAnswersAreNotRetried_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("html") << u"html-a"_qs << u"not valid JSON"_qs;
    QTest::newRow("truncated") << u"trunc-a"_qs << u"not valid JSON"_qs;
    QTest::newRow("huge") << u"huge-a"_qs << u"larger than"_qs;
}

void TestJob::unusableAnswersAreNotRetried()
{
    QFETCH(QString, id);
    QFETCH(QString, mentions);
    sim();
    const Run run = stop({id, u"b"_qs});
    for (const StreamOutcome &o : run.outcomes) {
        QCOMPARE(o.status, StreamStatus::Unknown);
        QCOMPARE(o.attempts, 1);
        QVERIFY2(o.message.contains(mentions), qPrintable(o.message));
    }
}

void TestJob::codeTwoIsBisected()
{
    sim();
    JobOptions opt = fastOptions();
    opt.batchSize = 8;
    const QStringList ids{u"a"_qs, u"b"_qs, u"bad-c"_qs, u"d"_qs,
                          u"e"_qs, u"f"_qs, u"bad-g"_qs, u"h"_qs};
    const Run run = stop(ids, opt);
    for (const StreamOutcome &o : run.outcomes) {
        if (o.streamId.startsWith(u"bad-"_qs)) {
            QCOMPARE(o.status, StreamStatus::Failed);
            QCOMPARE(o.code, u"2"_qs);
        } else {
            QVERIFY2(o.status == StreamStatus::Succeeded, qPrintable(o.streamId));
        }
    }
    // 8 -> 4+4 -> 2+2+2+2 -> the two bad pairs split into singles: 1+2+4+4 = 11 calls.
    QCOMPARE(run.calls, 11);
}

void TestJob::wrongSecretStopsTheJob_data()
{
    QTest::addColumn<qint64>("code");
    QTest::newRow("100000005") << qint64(100000005);
    QTest::newRow("7") << qint64(7);
}

void TestJob::wrongSecretStopsTheJob()
{
    QFETCH(qint64, code);
    SimConfig c;
    c.wrongSecretCode = code;
    sim(c);
    JobOptions opt = fastOptions();
    opt.batchSize = 2;
    opt.maxInFlight = 1;
    const Run run = stop({u"a"_qs, u"b"_qs, u"c"_qs, u"d"_qs}, opt, Vendor::Tencent,
                         u"00000000000000000000000000000000"_qs);
    QCOMPARE(run.calls, 1);
    QCOMPARE(run.problemCode, code);
    QVERIFY(run.problem.contains(u"ServerSecret"_qs));
    QCOMPARE(of(run, u"a"_qs).status, StreamStatus::Failed);
    QCOMPARE(of(run, u"a"_qs).code, QString::number(code));
    QCOMPARE(of(run, u"c"_qs).status, StreamStatus::Skipped);
    QCOMPARE(of(run, u"d"_qs).status, StreamStatus::Skipped);
}

void TestJob::vendorMismatchFails()
{
    SimConfig c;
    c.vendor = Vendor::Huawei;
    sim(c);
    const Run run = stop({u"a"_qs}, fastOptions(), Vendor::Tencent);
    QCOMPARE(of(run, u"a"_qs).status, StreamStatus::Failed);
    QCOMPARE(of(run, u"a"_qs).code, u"4"_qs);
    QCOMPARE(run.calls, 1);
}

void TestJob::clockSkewIsCorrected_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::newRow("server 15 min ahead") << qint64(900);
    QTest::newRow("server 15 min behind") << qint64(-900);
}

void TestJob::clockSkewIsCorrected()
{
    QFETCH(qint64, offset);
    SimConfig c;
    c.clockOffsetSecs = offset;
    sim(c);
    const Run first = stop({u"a"_qs});
    QCOMPARE(of(first, u"a"_qs).status, StreamStatus::Succeeded);
    QCOMPARE(first.calls, 2); // 100000004, then the corrected call
    QVERIFY(qAbs(first.offset - offset) <= 2);
    QVERIFY(first.correctionApplied);
    QCOMPARE(first.clockSignals.size(), 1); // once per job, however many calls it corrects
    QVERIFY(qAbs(first.clockSignals.first() - offset) <= 2);
    // The next job on this endpoint corrects ahead of time.
    const Run second = stop({u"b"_qs});
    QCOMPARE(of(second, u"b"_qs).status, StreamStatus::Succeeded);
    QCOMPARE(second.calls, 1);
    QVERIFY(second.correctionApplied);
    QCOMPARE(second.clockSignals.size(), 1);
}

void TestJob::unreachableEndpoint()
{
    // A port nobody listens on: take a free one and close it again.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    JobOptions opt = fastOptions();
    opt.maxAttempts = 2;
    const Run run = stop({u"a"_qs, u"b"_qs}, opt, Vendor::Tencent, kSecret,
                         QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
    QVERIFY(!run.reached);
    QVERIFY(!run.connected);
    for (const StreamOutcome &o : run.outcomes) {
        QCOMPARE(o.status, StreamStatus::Failed); // it never reached anyone: not stopped
        QVERIFY2(o.message.contains(u"could not connect"_qs), qPrintable(o.message));
        QCOMPARE(o.attempts, 2);
    }
}

void TestJob::cancelLeavesNothingPending()
{
    sim();
    JobOptions opt = fastOptions();
    opt.callsPerSecond = 20;
    opt.batchSize = 1;
    QStringList ids{u"slow3000-inflight"_qs};
    for (int i = 0; i < 40; ++i)
        ids.append(QStringLiteral("s%1").arg(i));
    const Run run = stop(ids, opt, Vendor::Tencent, kSecret, {}, [](Job &job) {
        QSignalSpy progress(&job, &Job::progress);
        QTRY_VERIFY_WITH_TIMEOUT(job.finishedCount() >= 3, 10000);
        job.cancel();
    });
    QCOMPARE(of(run, u"slow3000-inflight"_qs).status, StreamStatus::Unknown);
    QVERIFY(of(run, u"slow3000-inflight"_qs).message.contains(u"cancelled"_qs));
    int stopped = 0, skipped = 0, unknown = 0;
    for (const StreamOutcome &o : run.outcomes) {
        stopped += o.status == StreamStatus::Succeeded;
        skipped += o.status == StreamStatus::Skipped;
        if (o.status == StreamStatus::Unknown) {
            ++unknown; // in flight when cancelled: sent, answer never read
            QVERIFY2(o.message.contains(u"cancelled"_qs), qPrintable(o.message));
        }
        if (o.status == StreamStatus::Skipped)
            QCOMPARE(o.attempts, 0);
    }
    QVERIFY(stopped >= 3);
    QVERIFY(skipped >= 20);
    QVERIFY(unknown >= 1);
    QCOMPARE(stopped + skipped + unknown, ids.size());
    QCOMPARE(run.calls, stopped + unknown);
}

void TestJob::neverFasterThanTheRate()
{
    SimConfig c;
    c.rateLimit = 10;
    sim(c);
    JobOptions opt = fastOptions();
    opt.callsPerSecond = 10;
    opt.batchSize = 1;
    QStringList ids;
    for (int i = 0; i < 25; ++i)
        ids.append(QStringLiteral("p%1").arg(i));
    const Run run = stop(ids, opt);
    const QJsonObject stats = m_sim->gateway().stats();
    QCOMPARE(stats.value(u"code6"_qs).toInt(), 0);
    QVERIFY(stats.value(u"maxCallsInAnySecond"_qs).toInt() <= 10);
    QCOMPARE(run.calls, 25);
}

void TestJob::duplicatesAreSentOnce()
{
    sim();
    const Run run = stop({u"a"_qs, u"b"_qs, u"a"_qs});
    QCOMPARE(run.outcomes.size(), 2);
    QCOMPARE(m_sim->gateway().stats().value(u"streamsStopped"_qs).toInt(), 2);
}

void TestJob::totalDeadlineHoldsAgainstATrickle()
{
    // The status line, then a byte every 200 ms: an inactivity timer never fires on that.
    sim();
    JobOptions opt = fastOptions();
    opt.timeoutMs = 1000;
    opt.maxAttempts = 1;
    const Run run = stop({u"trickle-a"_qs}, opt);
    QCOMPARE(of(run, u"trickle-a"_qs).status, StreamStatus::Unknown);
    QVERIFY2(of(run, u"trickle-a"_qs).message.contains(u"no answer within 1 s"_qs),
             qPrintable(of(run, u"trickle-a"_qs).message));
    QVERIFY2(run.elapsedMs < 8000, qPrintable(QString::number(run.elapsedMs))); // a hang bound
}

void TestJob::implausibleDateHeadersAreIgnored_data()
{
    QTest::addColumn<QByteArray>("date");
    QTest::newRow("1970") << QByteArray("Thu, 01 Jan 1970 00:00:10 GMT");
    QTest::newRow("2100") << QByteArray("Fri, 01 Jan 2100 00:00:00 GMT");
    QTest::newRow("garbage") << QByteArray("yesterday-ish");
}

void TestJob::implausibleDateHeadersAreIgnored()
{
    QFETCH(QByteArray, date);
    SimConfig c;
    c.dateHeader = date;
    sim(c);
    // Two jobs: the second starts from what the first learnt for this endpoint.
    for (int i = 0; i < 2; ++i) {
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const Run run = stop({QStringLiteral("d%1").arg(i)});
        const qint64 after = QDateTime::currentSecsSinceEpoch();
        QCOMPARE(run.outcomes[0].status, StreamStatus::Succeeded);
        QCOMPARE(run.calls, 1);
        QCOMPARE(run.offset, qint64(0));
        QVERIFY(!run.correctionApplied);
        QVERIFY(run.clockSignals.isEmpty());
        for (const QString &url : run.sentUrls) {
            const qint64 ts = timestampOf(url);
            QVERIFY2(ts >= before && ts <= after, qPrintable(url));
        }
    }
}

void TestJob::expiredForeverStopsTheJob()
{
    // A gateway answering 100000004 whatever the Timestamp: one corrected retry, then stop.
    sim();
    JobOptions opt = fastOptions();
    opt.batchSize = 2;
    opt.maxInFlight = 1;
    const Run run = stop({u"expired-a"_qs, u"expired-b"_qs, u"c"_qs, u"d"_qs}, opt);
    QVERIFY2(run.calls <= 2, qPrintable(QString::number(run.calls)));
    QCOMPARE(of(run, u"expired-a"_qs).status, StreamStatus::Failed);
    QCOMPARE(of(run, u"expired-a"_qs).code, u"100000004"_qs);
    QCOMPARE(run.problemCode, qint64(100000004));
    QVERIFY2(run.problem.contains(u"clock"_qs), qPrintable(run.problem));
    QCOMPARE(of(run, u"c"_qs).status, StreamStatus::Skipped);
    QCOMPARE(of(run, u"d"_qs).status, StreamStatus::Skipped);
    QCOMPARE(m_sim->gateway().stats().value(u"calls"_qs).toInt(), run.calls);
}

void TestJob::echoedSignatureIsRedacted()
{
    sim();
    const Run run = stop({u"echo-a"_qs, u"b"_qs});
    QCOMPARE(of(run, u"echo-a"_qs).status, StreamStatus::Succeeded);
    QCOMPARE(run.records.size(), 1);
    const CallRecord &r = run.records.first();
    static const QRegularExpression hex32(u"[0-9a-fA-F]{32}"_qs);
    for (const QString &text : {QString::fromUtf8(r.body), r.message, r.requestId, r.error}) {
        QVERIFY2(!text.contains(kSecret), qPrintable(text));
        QVERIFY2(!hex32.match(text).hasMatch(), qPrintable(text)); // no signature, no secret
    }
    QVERIFY(r.body.contains("REDACTED"));
    QVERIFY(r.message.contains(u"Signature=REDACTED"_qs));
    for (const StreamOutcome &o : run.outcomes) {
        QVERIFY2(!hex32.match(o.message).hasMatch(), qPrintable(o.message));
        QVERIFY2(!hex32.match(o.requestId).hasMatch(), qPrintable(o.requestId));
    }
}

void TestJob::nonsenseOptionsAreReplaced()
{
    sim();
    JobOptions opt = fastOptions();
    opt.callsPerSecond = std::numeric_limits<double>::quiet_NaN();
    opt.timeoutMs = 0;
    opt.batchSize = -3;
    QStringList ids;
    for (int i = 0; i < 12; ++i)
        ids.append(QStringLiteral("n%1").arg(i));
    const Run run = stop(ids, opt);
    const JobOptions defaults;
    QCOMPARE(run.options.callsPerSecond, defaults.callsPerSecond);
    QCOMPARE(run.options.timeoutMs, defaults.timeoutMs);
    QCOMPARE(run.options.batchSize, defaults.batchSize);
    QCOMPARE(run.calls, 2); // 10 + 2, not 12 calls of one
    for (const StreamOutcome &o : run.outcomes)
        QCOMPARE(o.status, StreamStatus::Succeeded);

    // Out of range but meaningful: clamped, never an hour between calls or no pacing at all.
    JobOptions extreme;
    extreme.callsPerSecond = 1e-300;
    QCOMPARE(Job::sanitised(extreme).callsPerSecond, 0.01);
    extreme.callsPerSecond = std::numeric_limits<double>::infinity();
    QCOMPARE(Job::sanitised(extreme).callsPerSecond, defaults.callsPerSecond);
    extreme.callsPerSecond = 1e9;
    QCOMPARE(Job::sanitised(extreme).callsPerSecond, 1000.0);
}

void TestJob::blackholeIsConnectedButUnanswered()
{
    // Accepts, reads the request, never answers: the server got the call, so it may have
    // stopped the stream. Not "could not connect".
    sim();
    JobOptions opt = fastOptions();
    opt.timeoutMs = 2000;
    opt.maxAttempts = 1;
    const Run run = stop({u"blackhole-a"_qs}, opt);
    QVERIFY(!run.reached);
    QVERIFY(run.connected);
    const StreamOutcome o = of(run, u"blackhole-a"_qs);
    QCOMPARE(o.status, StreamStatus::Unknown);
    QVERIFY2(o.message.contains(u"no answer within 2 s"_qs), qPrintable(o.message));
    QVERIFY2(!o.message.contains(u"could not connect"_qs), qPrintable(o.message));
    QCOMPARE(m_sim->gateway().stats().value(u"calls"_qs).toInt(), 1);
}

void TestJob::noClockSignalWithoutSkew()
{
    sim();
    const Run run = stop({u"a"_qs});
    QVERIFY(run.connected);
    QVERIFY(run.reached);
    QVERIFY(!run.correctionApplied);
    QVERIFY(run.clockSignals.isEmpty());
}

void TestJob::localClockBeforeTheBuildIsCorrected()
{
    // A local clock in 1990 (a dead RTC battery) is certainly wrong: the gateway's Date is
    // believed even though it is years away, and the front ends are told.
    sim();
    ManualClock clock;
    clock.setWallSecs(631152000); // 1990-01-01
    const Run run = stop({u"a"_qs}, fastOptions(), Vendor::Tencent, kSecret, {},
                         [&clock](Job &job) { job.setClock(&clock); });
    QCOMPARE(of(run, u"a"_qs).status, StreamStatus::Succeeded);
    QCOMPARE(run.calls, 2); // 100000004, then the corrected call
    QVERIFY(run.correctionApplied);
    QCOMPARE(run.clockSignals.size(), 1);
    const qint64 expected = QDateTime::currentSecsSinceEpoch() - 631152000;
    QVERIFY(qAbs(run.clockSignals.first() - expected) <= 5);
    QVERIFY(qAbs(timestampOf(run.sentUrls.last()) - QDateTime::currentSecsSinceEpoch()) <= 5);
}

// What a job learnt of a gateway's clock is remembered for the next job to the same host and
// port. When the local clock has changed in between (here: from 15 min ahead of the gateway to
// a dead RTC's 1990), the first call goes out with the remembered offset, is refused as
// expired, and the retry carries the new one. The operator is told the offset that was used in
// the end, not only the stale one.
void TestJob::rememberedOffsetThatTurnsOutWrongIsSaidAgain()
{
    SimConfig behind;
    behind.clockOffsetSecs = -900;
    const quint16 port = sim(behind).url().port();
    const Run first = stop({u"a"_qs});
    QCOMPARE(of(first, u"a"_qs).status, StreamStatus::Succeeded);

    SimConfig right;
    right.secret = kSecret;
    m_sim = std::make_unique<SimServer>(right);
    QCOMPARE(m_sim->start(port), port);
    ManualClock clock;
    clock.setWallSecs(631152000); // 1990-01-01
    const Run run = stop({u"b"_qs}, fastOptions(), Vendor::Tencent, kSecret, {},
                         [&clock](Job &job) { job.setClock(&clock); });
    QCOMPARE(of(run, u"b"_qs).status, StreamStatus::Succeeded);
    QCOMPARE(run.calls, 2);
    QCOMPARE(run.clockSignals.size(), 2);
    QVERIFY(qAbs(run.clockSignals.first() - -900) <= 2);
    const qint64 expected = QDateTime::currentSecsSinceEpoch() - 631152000;
    QVERIFY(qAbs(run.clockSignals.last() - expected) <= 5);
}

// HTTP 429 is a refusal: the call was answered and nothing was done, as with code 6. It is
// retried, and it never makes a stream "unknown" or says an earlier attempt went unanswered.
void TestJob::tooManyRequestsIsARefusal()
{
    QTcpServer gateway;
    QVERIFY(gateway.listen(QHostAddress::LocalHost, 0));
    int seen = 0;
    int refuseFirst = 2;
    connect(&gateway, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *s = gateway.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, s, [&, s] {
                if (!s->readAll().contains("\r\n\r\n"))
                    return;
                QByteArray status = "200 OK";
                QByteArray body =
                    R"({"Code":0,"Message":"ok","RequestId":"r1","Data":{"Tencent":[{"StreamName":"a","RequestId":"v1","Code":"","Message":""}]}})";
                if (seen++ < refuseFirst) {
                    status = "429 Too Many Requests";
                    body = "slow down";
                }
                s->write("HTTP/1.1 " + status +
                         "\r\nContent-Type: application/json\r\nContent-Length: " +
                         QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                s->disconnectFromHost();
            });
        }
    });
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/").arg(gateway.serverPort()));
    Run r = stop({u"a"_qs}, fastOptions(), Vendor::Tencent, kSecret, url);
    QCOMPARE(r.outcomes.at(0).status, StreamStatus::Succeeded);
    QCOMPARE(r.outcomes.at(0).attempts, 3);
    QVERIFY(!r.outcomes.at(0).earlierAttemptUnanswered);

    seen = 0;
    refuseFirst = 100; // refused every time: Failed (not carried out), not Unknown
    r = stop({u"a"_qs}, fastOptions(), Vendor::Tencent, kSecret, url);
    QCOMPARE(r.outcomes.at(0).status, StreamStatus::Failed);
    QVERIFY(!r.outcomes.at(0).earlierAttemptUnanswered);
}

// An https endpoint whose server accepts the connection and says nothing (a TLS handshake that
// never ends): no request went out, so the stream is Failed (not stopped, nothing reached the
// gateway), never Unknown (attack of 2026-12-08, finding 8). A plain-http server that reads the
// request and never answers is the other case: the request went out, so Unknown.
void TestJob::aHandshakeThatNeverEndsSentNothing()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> kept;
    connect(&silent, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *s = silent.nextPendingConnection())
            kept.append(s); // read nothing, answer nothing
    });
    JobOptions o = fastOptions();
    o.timeoutMs = 300;
    o.maxAttempts = 2;
    const QUrl tls(QStringLiteral("https://127.0.0.1:%1/").arg(silent.serverPort()));
    Run r = stop({u"tls-a"_qs}, o, Vendor::Tencent, kSecret, tls);
    QCOMPARE(r.outcomes.at(0).status, StreamStatus::Failed);
    QVERIFY2(r.outcomes.at(0).message.contains(u"never sent"_qs),
             qPrintable(r.outcomes.at(0).message));
    QVERIFY(!r.outcomes.at(0).earlierAttemptUnanswered);

    const QUrl plain(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()));
    r = stop({u"plain-a"_qs}, o, Vendor::Tencent, kSecret, plain);
    QCOMPARE(r.outcomes.at(0).status, StreamStatus::Unknown);
    qDeleteAll(kept);
}

// In team mode the job's pace is its share of the team's budget: it joins with its AppId and
// rate, sends nothing while the share is 0, goes on when a share comes, says the share's notice,
// and leaves the share when it ends.
void TestJob::pacesOnASharedPace()
{
    sim();
    JobTarget t;
    t.endpoint = m_sim->url();
    t.appId = 1234567890;
    t.secret = kSecret;
    FakePace pace;
    JobOptions o = fastOptions();
    o.callsPerSecond = 15;
    Job job(t, {u"pace-a"_qs, u"pace-b"_qs}, o);
    job.setRateLimiter(&m_limiter);
    job.setPaceSource(&pace);
    QSignalSpy notices(&job, &Job::notice);
    QSignalSpy finished(&job, &Job::finished);
    pace.share->notice = u"the team's budget is taken"_qs;
    job.start();
    QCOMPARE(pace.joins.size(), 1);
    QCOMPARE(pace.joins.first().first, 1234567890u);
    QCOMPARE(pace.joins.first().second, 15.0);
    QTest::qWait(300); // nothing may go out on a share of 0
    QCOMPARE(job.callCount(), 0);
    QVERIFY(!job.isFinished());
    QTRY_COMPARE(notices.size(), 1);
    QCOMPARE(notices.first().first().toString(), u"the team's budget is taken"_qs);
    pace.share->m_rate = 100; // more than the job wants: it keeps to its own rate
    QVERIFY(finished.wait(20000));
    QCOMPARE(job.currentRate(), 15.0);
    QCOMPARE(job.outcome(0).status, StreamStatus::Succeeded);
    QCOMPARE(pace.leftShares.size(), 1);
    QCOMPARE(pace.leftShares.first().get(), pace.share.get());
}

// Outside team mode the source is there but not configured: the job paces alone.
void TestJob::anUnconfiguredPaceIsNotJoined()
{
    sim();
    JobTarget t;
    t.endpoint = m_sim->url();
    t.appId = 1234567890;
    t.secret = kSecret;
    FakePace pace;
    pace.configured = false;
    Job job(t, {u"alone"_qs}, fastOptions());
    job.setRateLimiter(&m_limiter);
    job.setPaceSource(&pace);
    QSignalSpy finished(&job, &Job::finished);
    job.start();
    QVERIFY(finished.wait(20000));
    QVERIFY(pace.joins.isEmpty());
    QVERIFY(pace.leftShares.isEmpty());
    QCOMPARE(job.outcome(0).status, StreamStatus::Succeeded);
}

QTEST_GUILESS_MAIN(TestJob)
#include "test_job.moc"
