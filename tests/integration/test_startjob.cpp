// SPDX-License-Identifier: GPL-3.0-or-later
// Job running StartCDNRecord against a scripted gateway: every call, retries included,
// carries an EndTime computed from the corrected clock at the moment it is sent.
#include "freshport.h"
#include "simgateway.h"
#include "simserver.h"
#include <engine/job.h>
#include <engine/ratelimiter.h>
#include <engine/signer.h>
#include <model/clock.h>

#include <QDateTime>
#include <QLocale>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

using namespace cdnrec;
Q_DECLARE_METATYPE(cdnrec::Vendor)

namespace {

const QString kSecret = QStringLiteral("9193cc662a4c0ec135ec71fb57194b38");

QByteArray httpDate(qint64 secs)
{
    return QLocale::c()
        .toString(QDateTime::fromSecsSinceEpoch(secs, Qt::UTC),
                  QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

// A gateway that answers the first `failFirst` calls with HTTP 503 and the rest with success
// for stream "a", each with a Date header `skew` seconds ahead of the manual clock, and moves
// that clock 30 s on after every call (so a retry goes out 30 s after the call before it).
struct ScriptedGateway
{
    QTcpServer server;
    ManualClock *clock = nullptr;
    qint64 skew = 0;
    int failFirst = 1;
    QList<QUrlQuery> queries;

    explicit ScriptedGateway(ManualClock *c, QObject *context) : clock(c)
    {
        do {
            server.close();
            server.listen(QHostAddress::LocalHost, 0);
        } while (!test::firstUseOfPort(server.serverPort()));
        QObject::connect(&server, &QTcpServer::newConnection, context, [this] {
            while (QTcpSocket *s = server.nextPendingConnection())
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] { answer(s); });
        });
    }
    void answer(QTcpSocket *s)
    {
        const QByteArray request = s->readAll();
        if (!request.contains("\r\n\r\n"))
            return;
        const QByteArray target = request.split(' ').value(1);
        queries.append(QUrlQuery(QUrl::fromEncoded(target).query(QUrl::FullyEncoded)));
        QByteArray status = "200 OK";
        QByteArray body =
            R"({"Code":0,"Message":"ok","RequestId":"r1","Data":{"Tencent":[{"StreamName":"a","RequestId":"v1","Code":"","Message":""}]}})";
        if (queries.size() <= failFirst) {
            status = "503 Service Unavailable";
            body = "busy";
        }
        // The answer takes 30 s: its Date is the gateway's clock when it leaves.
        clock->setWallSecs(clock->wallSecs() + 30);
        clock->advanceNs(30LL * 1000 * 1000 * 1000);
        const QByteArray date = httpDate(clock->wallSecs() + skew);
        s->write("HTTP/1.1 " + status + "\r\nDate: " + date +
                 "\r\nContent-Type: application/json\r\nContent-Length: " +
                 QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        s->disconnectFromHost();
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(server.serverPort()));
    }
};

qint64 endTimeOf(const QUrlQuery &q)
{
    return q.queryItemValue(QStringLiteral("EndTime")).toLongLong();
}

} // namespace

class TestStartJob : public QObject
{
    Q_OBJECT
private:
    RateLimiter m_limiter{&SystemClock::shared()};
    std::unique_ptr<SimServer> m_sim;

    SimServer &sim(SimConfig config = {})
    {
        config.secret = kSecret;
        m_sim = test::freshSim(config);
        return *m_sim;
    }

    // A real job against the simulator.
    QList<StreamOutcome> act(RunAction action, const QStringList &ids,
                             Vendor vendor = Vendor::Tencent, qint64 forSecs = 6 * 3600)
    {
        JobTarget t;
        t.endpoint = m_sim->url();
        t.appId = 1234567890;
        t.secret = kSecret;
        t.vendor = vendor;
        JobOptions o;
        o.action = action;
        o.startForSecs = forSecs;
        o.callsPerSecond = 200;
        o.backoffBaseMs = 10;
        o.rateLimitedBackoffMs = 20;
        Job job(t, ids, o);
        job.setRateLimiter(&m_limiter);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        if (!finished.wait(20000))
            qFatal("the job did not finish");
        return job.outcomes();
    }

    // One call straight into the gateway's rules, signed, with the EndTime given (none: -1).
    static SimAnswer call(SimGateway &gateway, const ManualClock &clock, const QString &action,
                          qint64 endTime, const QStringList &ids = {u"a"_qs})
    {
        QList<QPair<QString, QString>> q;
        q.append({u"Action"_qs, action});
        for (const QString &id : ids)
            q.append({u"StreamId[]"_qs, id});
        q.append({u"Vendor"_qs, u"Tencent"_qs});
        if (endTime >= 0)
            q.append({u"EndTime"_qs, QString::number(endTime)});
        const QString nonce = u"4fd24687296dd9f3"_qs;
        q.append({u"AppId"_qs, u"1234567890"_qs});
        q.append({u"SignatureNonce"_qs, nonce});
        q.append({u"Timestamp"_qs, QString::number(clock.wallSecs())});
        q.append(
            {u"Signature"_qs, Signer::signature(1234567890, nonce, kSecret, clock.wallSecs())});
        q.append({u"SignatureVersion"_qs, u"2.0"_qs});
        return gateway.handle(q);
    }

    QList<StreamOutcome> run(ScriptedGateway &gateway, ManualClock &clock, JobOptions o)
    {
        JobTarget t;
        t.endpoint = gateway.url();
        t.appId = 1234567890;
        t.secret = kSecret;
        o.callsPerSecond = 200;
        o.backoffBaseMs = 0; // the manual clock only moves when the gateway answers
        Job job(t, {u"a"_qs}, o);
        job.setRateLimiter(&m_limiter);
        job.setClock(&clock);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        if (!finished.wait(20000))
            qFatal("the job did not finish");
        return job.outcomes();
    }

private Q_SLOTS:
    void retryCarriesARecomputedEndTime_data();
    void retryCarriesARecomputedEndTime();
    void untilStaysPutAcrossRetries();
    void stopCarriesNoEndTime();
    void simulatorChecksEndTime_data();
    void simulatorChecksEndTime();
    void simulatorRecordingState_data();
    void simulatorRecordingState();
    void simulatorFaultsWorkForStart();
    void restartedRecordingEnds();
};

void TestStartJob::retryCarriesARecomputedEndTime_data()
{
    QTest::addColumn<qint64>("skew");
    QTest::addColumn<qint64>("forSecs");
    QTest::newRow("no skew, 6 h") << qint64(0) << qint64(6 * 3600);
    QTest::newRow("gateway 5 min ahead, 6 h") << qint64(300) << qint64(6 * 3600);
    QTest::newRow("gateway 5 min behind, 24 h") << qint64(-300) << qint64(24 * 3600);
    QTest::newRow("gateway 30 s ahead, 24 h") << qint64(30) << qint64(24 * 3600);
    QTest::newRow("gateway 2 h ahead, 1 min") << qint64(7200) << qint64(60);
}

void TestStartJob::retryCarriesARecomputedEndTime()
{
    QFETCH(qint64, skew);
    QFETCH(qint64, forSecs);
    ManualClock clock;
    const qint64 t0 = QDateTime::currentSecsSinceEpoch();
    clock.setWallSecs(t0);
    ScriptedGateway gateway(&clock, this);
    gateway.skew = skew;
    JobOptions o;
    o.action = RunAction::Start;
    o.startForSecs = forSecs;
    const QList<StreamOutcome> out = run(gateway, clock, o);

    QCOMPARE(gateway.queries.size(), 2); // the 503, then the retry 30 s later
    for (const QUrlQuery &q : std::as_const(gateway.queries)) {
        QCOMPARE(q.queryItemValue(u"Action"_qs), u"StartCDNRecord"_qs);
        QCOMPARE(q.queryItemValue(u"Vendor"_qs), u"Tencent"_qs);
    }
    // The first call knows no skew yet; the retry uses the gateway's clock learnt from the 503.
    const qint64 gatewayNow1 = t0;
    const qint64 gatewayNow2 = t0 + 30 + skew;
    const auto expected = [&](qint64 now) {
        return qBound(now + EndTimeBounds::MinForSecs, now + forSecs,
                      now + EndTimeBounds::MaxSecs - EndTimeBounds::MarginSecs);
    };
    QCOMPARE(endTimeOf(gateway.queries.at(0)), expected(gatewayNow1));
    QCOMPARE(endTimeOf(gateway.queries.at(1)), expected(gatewayNow2));
    // Against the gateway's clock when the retry arrived: later than now, at most now + 24 h.
    const qint64 arrival = t0 + 30 + skew;
    QVERIFY(endTimeOf(gateway.queries.at(1)) > arrival);
    QVERIFY(endTimeOf(gateway.queries.at(1)) <= arrival + 24 * 3600);

    QCOMPARE(out.at(0).status, StreamStatus::Succeeded);
    QCOMPARE(statusKey(out.at(0).status, RunAction::Start), u"started"_qs);
    QCOMPARE(out.at(0).endTime, endTimeOf(gateway.queries.at(1)));
}

void TestStartJob::untilStaysPutAcrossRetries()
{
    ManualClock clock;
    const qint64 t0 = QDateTime::currentSecsSinceEpoch();
    clock.setWallSecs(t0);
    ScriptedGateway gateway(&clock, this);
    gateway.failFirst = 2;
    JobOptions o;
    o.action = RunAction::Start;
    o.startUntil = t0 + 3 * 3600;
    const QList<StreamOutcome> out = run(gateway, clock, o);
    QCOMPARE(gateway.queries.size(), 3);
    for (const QUrlQuery &q : std::as_const(gateway.queries))
        QCOMPARE(endTimeOf(q), t0 + 3 * 3600);
    QCOMPARE(out.at(0).endTime, t0 + 3 * 3600);
}

void TestStartJob::stopCarriesNoEndTime()
{
    ManualClock clock;
    clock.setWallSecs(QDateTime::currentSecsSinceEpoch());
    ScriptedGateway gateway(&clock, this);
    gateway.failFirst = 0;
    const QList<StreamOutcome> out = run(gateway, clock, JobOptions());
    QCOMPARE(gateway.queries.size(), 1);
    QCOMPARE(gateway.queries.at(0).queryItemValue(u"Action"_qs), u"StopCDNRecord"_qs);
    QVERIFY(!gateway.queries.at(0).hasQueryItem(u"EndTime"_qs));
    QCOMPARE(statusKey(out.at(0).status), u"stopped"_qs);
    QCOMPARE(out.at(0).endTime, 0);
}

void TestStartJob::simulatorChecksEndTime_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<qint64>("endTime"); // seconds after now; -1: none, -2: not a number
    QTest::addColumn<qint64>("code");
    QTest::newRow("start, 6 h") << u"StartCDNRecord"_qs << qint64(6 * 3600) << qint64(0);
    QTest::newRow("start, exactly 24 h") << u"StartCDNRecord"_qs << qint64(24 * 3600) << qint64(0);
    QTest::newRow("start, 24 h + 1 s")
        << u"StartCDNRecord"_qs << qint64(24 * 3600 + 1) << qint64(2);
    QTest::newRow("start, now") << u"StartCDNRecord"_qs << qint64(0) << qint64(2);
    QTest::newRow("start, past") << u"StartCDNRecord"_qs << qint64(-3600) << qint64(2);
    QTest::newRow("start, missing") << u"StartCDNRecord"_qs << qint64(-1) << qint64(2);
    QTest::newRow("start, not a number") << u"StartCDNRecord"_qs << qint64(-2) << qint64(2);
    QTest::newRow("stop ignores EndTime") << u"StopCDNRecord"_qs << qint64(-1) << qint64(0);
    QTest::newRow("other action") << u"DeleteCDNRecord"_qs << qint64(3600) << qint64(100000007);
}

void TestStartJob::simulatorChecksEndTime()
{
    QFETCH(QString, action);
    QFETCH(qint64, endTime);
    QFETCH(qint64, code);
    ManualClock clock;
    clock.setWallSecs(QDateTime::currentSecsSinceEpoch());
    SimConfig c;
    c.secret = kSecret;
    SimGateway gateway(c, &clock);
    if (action == u"StartCDNRecord"_qs)
        call(gateway, clock, u"StopCDNRecord"_qs, -1); // so that a valid start can succeed
    const qint64 sent = endTime == -1 ? -1 : clock.wallSecs() + endTime;
    SimAnswer a;
    if (endTime == -2) {
        // Not a number: build the call by hand with a word for EndTime.
        QList<QPair<QString, QString>> q2;
        q2.append({u"Action"_qs, action});
        q2.append({u"StreamId[]"_qs, u"a"_qs});
        q2.append({u"Vendor"_qs, u"Tencent"_qs});
        q2.append({u"EndTime"_qs, u"tomorrow"_qs});
        q2.append({u"AppId"_qs, u"1234567890"_qs});
        q2.append({u"SignatureNonce"_qs, u"4fd24687296dd9f3"_qs});
        q2.append({u"Timestamp"_qs, QString::number(clock.wallSecs())});
        q2.append({u"Signature"_qs, Signer::signature(1234567890, u"4fd24687296dd9f3"_qs, kSecret,
                                                      clock.wallSecs())});
        q2.append({u"SignatureVersion"_qs, u"2.0"_qs});
        a = gateway.handle(q2);
    } else {
        a = call(gateway, clock, action, sent);
    }
    QCOMPARE(a.code, code);
    if (code == 0) {
        QVERIFY2(!a.body.contains("FailedOperation"), a.body.constData());
        QCOMPARE(gateway.isRecording(u"a"_qs), action == u"StartCDNRecord"_qs);
    }
}

void TestStartJob::simulatorRecordingState_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::newRow("Tencent") << Vendor::Tencent;
    QTest::newRow("Wangsu") << Vendor::Ws;
    QTest::newRow("Huawei") << Vendor::Huawei;
}

// Through the job and the three vendor shapes: stop, stop again (refused: not recording), start
// (recording until EndTime), start again (refused: already recording).
void TestStartJob::simulatorRecordingState()
{
    QFETCH(Vendor, vendor);
    sim();
    SimGateway &g = m_sim->gateway();
    const QStringList ids{u"a"_qs, u"b"_qs};
    QVERIFY(g.isRecording(u"a"_qs));
    QCOMPARE(g.recordingUntil(u"a"_qs), -1);

    QList<StreamOutcome> out = act(RunAction::Stop, ids, vendor);
    QCOMPARE(out.at(0).status, StreamStatus::Succeeded);
    QVERIFY(!g.isRecording(u"a"_qs));
    QVERIFY(!g.isRecording(u"b"_qs));

    out = act(RunAction::Stop, {u"a"_qs}, vendor);
    QCOMPARE(out.at(0).status, StreamStatus::Failed);
    QVERIFY2(out.at(0).message.contains(u"not"_qs), qPrintable(out.at(0).message));
    QVERIFY(out.at(0).code.contains(u"404"_qs));

    const qint64 before = QDateTime::currentSecsSinceEpoch();
    out = act(RunAction::Start, ids, vendor, 6 * 3600);
    for (const StreamOutcome &o : std::as_const(out)) {
        QCOMPARE(o.status, StreamStatus::Succeeded);
        QCOMPARE(statusKey(o.status, RunAction::Start), u"started"_qs);
        QVERIFY(o.endTime >= before + 6 * 3600 && o.endTime <= before + 6 * 3600 + 5);
        QVERIFY(g.isRecording(o.streamId));
        QCOMPARE(g.recordingUntil(o.streamId), o.endTime);
    }
    QCOMPARE(g.stats().value(u"streamsStarted"_qs).toInt(), 2);

    out = act(RunAction::Start, {u"a"_qs}, vendor);
    QCOMPARE(out.at(0).status, StreamStatus::Failed);
    QVERIFY2(out.at(0).message.contains(u"already"_qs), qPrintable(out.at(0).message));
    QVERIFY(out.at(0).code.contains(u"409"_qs));
}

void TestStartJob::simulatorFaultsWorkForStart()
{
    sim();
    act(RunAction::Stop, {u"fail-7-x"_qs, u"missing-y"_qs, u"bad-z"_qs, u"busy1-w"_qs});
    // Per-stream failure, a missing stream and a code-2 bisection, all on Start.
    const QList<StreamOutcome> out =
        act(RunAction::Start, {u"fail-7-x"_qs, u"missing-y"_qs, u"bad-z"_qs});
    QCOMPARE(out.at(0).status, StreamStatus::Failed);
    QCOMPARE(out.at(1).status, StreamStatus::Unknown); // never "started" when left out
    QCOMPARE(out.at(2).status, StreamStatus::Failed);
    QCOMPARE(out.at(2).code, u"2"_qs);
    // A code 6 is retried, on Start too: refused once, then answered (409: it records).
    const QList<StreamOutcome> busy = act(RunAction::Start, {u"busy1-v"_qs});
    QCOMPARE(busy.at(0).attempts, 2);
    QCOMPARE(busy.at(0).status, StreamStatus::Failed); // it was recording: 409
    QVERIFY(busy.at(0).code.contains(u"409"_qs));
}

void TestStartJob::restartedRecordingEnds()
{
    ManualClock clock;
    clock.setWallSecs(QDateTime::currentSecsSinceEpoch());
    SimConfig c;
    c.secret = kSecret;
    SimGateway gateway(c, &clock);
    QCOMPARE(call(gateway, clock, u"StopCDNRecord"_qs, -1).code, 0);
    QCOMPARE(call(gateway, clock, u"StartCDNRecord"_qs, clock.wallSecs() + 3600).code, 0);
    QVERIFY(gateway.isRecording(u"a"_qs));
    clock.setWallSecs(clock.wallSecs() + 3601);
    QVERIFY(!gateway.isRecording(u"a"_qs)); // the restarted task ended at its EndTime
}

QTEST_GUILESS_MAIN(TestStartJob)
#include "test_startjob.moc"
