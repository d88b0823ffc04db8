// SPDX-License-Identifier: GPL-3.0-or-later
// A Run on its own: what prepare() refuses and why, and whole runs against the in-process
// simulator (the counts, the report rows in input order, the history, the verdicts).
#include "simserver.h"
#include <app/run.h>
#include <app/runplanner.h>
#include <engine/ratelimiter.h>
#include <store/history.h>
#include <store/settings.h>

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("run-test-secret-0a1b2c3d4e5f6a7b");

} // namespace

class TestRun : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    RateLimiter m_limiter{&SystemClock::shared()};
    std::unique_ptr<SimServer> m_sim;

    // A plan for the simulator with these IDs, as the CLI would make it.
    RunPlan planFor(const QUrl &endpoint, const QStringList &ids,
                    RunAction action = RunAction::Stop)
    {
        RunRequest request;
        request.action = action;
        request.vendor = Vendor::Tencent;
        request.endpoint = endpoint;
        request.appId = 1234567890;
        RunPlan plan = RunPlanner::plan(request, RunPlanner::itemsFor(ids)).plan;
        plan.options.callsPerSecond = 200;
        plan.options.batchSize = 2;
        plan.options.backoffBaseMs = 10;
        plan.options.rateLimitedBackoffMs = 10;
        return plan;
    }

    // Runs to the end; false when it did not finish in time.
    bool runToEnd(Run &run)
    {
        run.setJobSetup([this](Job *job) { job->setRateLimiter(&m_limiter); });
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        return run.isFinished() || finished.wait(30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        SimConfig c;
        c.secret = kSecret;
        c.rateLimit = 1000;
        m_sim = std::make_unique<SimServer>(c);
        QVERIFY(m_sim->start());
    }
    void init() { Settings::remove(Settings::Key::HistoryRequireRecording); }

    void prepareRefuses_data();
    void prepareRefuses();
    void checkRecordsNothing();
    void historyThatCannotRecordSendsNothing();
    void historyThatCannotRecordIsANoticeWhenNotRequired();
    void runReportsEveryInputInOrder();
    void runIsRecordedAhead();
    void startSaysWhenRecordingsEnd();
    void wrongSecretIsCredentialsRefused();
    void nobodyListeningIsUnreachable();
};

void TestRun::prepareRefuses_data()
{
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<Run::Refusal>("refusal");
    QTest::addColumn<QString>("problem");
    const QString sim = u"http://127.0.0.1:9/"_qs;
    QTest::newRow("no IDs") << QStringList() << sim << Run::Refusal::Input
                            << u"no stream IDs were given"_qs;
    QTest::newRow("only invalid IDs") << QStringList{u"a b"_qs, u""_qs} << sim
                                      << Run::Refusal::Input << u"no valid stream IDs to send"_qs;
    QTest::newRow("http to a remote host") << QStringList{u"a"_qs} << u"http://rtc-api.zego.im/"_qs
                                           << Run::Refusal::Endpoint << u"loopback"_qs;
    QTest::newRow("user info in the endpoint")
        << QStringList{u"a"_qs} << u"https://u:p@rtc-api.zego.im/"_qs << Run::Refusal::Endpoint
        << u"user name or password"_qs;
}

void TestRun::prepareRefuses()
{
    QFETCH(QStringList, ids);
    QFETCH(QString, endpoint);
    QFETCH(Run::Refusal, refusal);
    QFETCH(QString, problem);
    History history(m_dir.filePath(u"refused.sqlite"_qs));
    const int runsBefore = int(history.runs().size());
    Run run(planFor(QUrl(endpoint), ids));
    run.setHistory(&history);
    QVERIFY(!run.prepare());
    QCOMPARE(run.refusal(), refusal);
    QVERIFY2(run.problem().contains(problem), qPrintable(run.problem()));
    // Refused before the history: nothing recorded, nothing to send, and start() sends nothing.
    QCOMPARE(int(history.runs().size()), runsBefore);
    QCOMPARE(run.historyRunId(), qint64(0));
    run.start();
    QVERIFY(!run.job());
}

void TestRun::checkRecordsNothing()
{
    // A front end checks, then looks for the secret: a run it cannot send is never begun.
    History history(m_dir.filePath(u"checked.sqlite"_qs));
    const qsizetype before = history.runs().size();
    Run run(planFor(m_sim->url(), {u"c-1"_qs, u"c-1"_qs, u"c 2"_qs}));
    run.setHistory(&history);
    QVERIFY2(run.check(), qPrintable(run.problem()));
    QCOMPARE(run.sendableIds(), QStringList{u"c-1"_qs});
    QCOMPARE(run.duplicateCount(), 1);
    QCOMPARE(history.runs().size(), before);
    QCOMPARE(run.historyRunId(), qint64(0));
    // prepare() after check() begins the run, once.
    QVERIFY(run.prepare());
    QVERIFY(run.historyRunId() > 0);
    QCOMPARE(history.runs().size(), before + 1);
    QCOMPARE(run.sendableIds(), QStringList{u"c-1"_qs});
}

void TestRun::historyThatCannotRecordSendsNothing()
{
    // A history under a plain file can never be opened for writing.
    const QString blocker = m_dir.filePath(u"not-a-folder"_qs);
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    History history(blocker + u"/history.sqlite"_qs);
    QVERIFY(!history.isOpen() || history.isReadOnly());

    const qint64 callsBefore = m_sim->gateway().stats().value(u"calls"_qs).toInteger();
    Run run(planFor(m_sim->url(), {u"a"_qs}));
    run.setHistory(&history);
    QVERIFY(!run.prepare());
    QCOMPARE(run.refusal(), Run::Refusal::History);
    QVERIFY2(run.problem().startsWith(u"the history cannot record this run"_qs),
             qPrintable(run.problem()));
    run.start();
    QVERIFY(!run.job());
    QCOMPARE(m_sim->gateway().stats().value(u"calls"_qs).toInteger(), callsBefore);
}

void TestRun::historyThatCannotRecordIsANoticeWhenNotRequired()
{
    Settings::setHistoryRequireRecording(false);
    const QString blocker = m_dir.filePath(u"not-a-folder-either"_qs);
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    History history(blocker + u"/history.sqlite"_qs);
    Run run(planFor(m_sim->url(), {u"a"_qs}));
    run.setHistory(&history);
    QVERIFY2(run.prepare(), qPrintable(run.problem()));
    QCOMPARE(run.refusal(), Run::Refusal::None);
    QVERIFY(std::any_of(run.notices().cbegin(), run.notices().cend(), [](const QString &n) {
        return n.startsWith(u"This run is not recorded in the history"_qs);
    }));
    run.setSecret(kSecret);
    QVERIFY(runToEnd(run));
    QCOMPARE(run.verdict(), Run::Verdict::AllStopped);
}

void TestRun::runReportsEveryInputInOrder()
{
    // Messy input: a repeat, an invalid ID, a stream the vendor refuses.
    RunPlan plan = planFor(
        m_sim->url(), {u"r-1"_qs, u"r 2"_qs, u"r-3"_qs, u"r-1"_qs, u"fail-404-r4"_qs, u"r-5"_qs});
    plan.record = false;
    const qint64 streamsBefore = m_sim->gateway().stats().value(u"streamsStopped"_qs).toInteger();
    Run run(plan);
    QVERIFY(run.prepare());
    QCOMPARE(run.sendableIds(), (QStringList{u"r-1"_qs, u"r-3"_qs, u"fail-404-r4"_qs, u"r-5"_qs}));
    QCOMPARE(run.duplicateCount(), 1);
    run.setSecret(kSecret);
    QSignalSpy changed(&run, &Run::streamChanged);
    QVERIFY(runToEnd(run));
    QVERIFY(!changed.isEmpty());

    QCOMPARE(run.verdict(), Run::Verdict::NotAllStopped);
    const Report::Summary s = run.summary();
    QCOMPARE(s.requested, 5); // four sendable and the invalid one; the repeat is not counted
    QCOMPARE(s.stopped, 3);
    QCOMPARE(s.failed, 1);
    QCOMPARE(s.skipped, 1);
    QCOMPARE(s.unknown, 0);
    QCOMPARE(s.pending, 0);
    QCOMPARE(run.notStoppedCount(), 1);
    QCOMPARE(run.doneCount(), 4);

    const QList<StreamOutcome> rows = run.reportRows();
    QStringList order;
    for (const StreamOutcome &o : rows)
        order << o.streamId;
    QCOMPARE(order, (QStringList{u"r-1"_qs, u"r 2"_qs, u"r-3"_qs, u"fail-404-r4"_qs, u"r-5"_qs}));
    QCOMPARE(rows.at(0).status, StreamStatus::Succeeded);
    QCOMPARE(rows.at(1).status, StreamStatus::Skipped);
    QVERIFY2(rows.at(1).message.startsWith(u"invalid stream ID: "_qs),
             qPrintable(rows.at(1).message));
    QCOMPARE(rows.at(3).status, StreamStatus::Failed);
    // Each stream went to the gateway once: the repeat was not sent again.
    QCOMPARE(m_sim->gateway().stats().value(u"streamsStopped"_qs).toInteger() - streamsBefore, 3);
}

void TestRun::runIsRecordedAhead()
{
    History history(m_dir.filePath(u"recorded.sqlite"_qs));
    RunPlan plan = planFor(m_sim->url(), {u"h-1"_qs, u"h-2"_qs, u"h-3"_qs, u"h-1"_qs});
    plan.label = u"Recorded label"_qs;
    Run run(plan);
    run.setHistory(&history);
    QVERIFY(run.prepare());
    QVERIFY(run.historyRunId() > 0);
    // Begun before anything is sent, with what will be sent.
    const auto begun = history.run(run.historyRunId());
    QVERIFY(begun);
    QCOMPARE(begun->profile, u"Recorded label"_qs);
    QCOMPARE(begun->requested, 3);
    QCOMPARE(begun->appId, 1234567890u);
    QVERIFY(begun->interrupted());

    run.setSecret(kSecret);
    QVERIFY(runToEnd(run));
    QCOMPARE(run.verdict(), Run::Verdict::AllStopped);
    const auto ended = history.run(run.historyRunId());
    QVERIFY(!ended->interrupted());
    QCOMPARE(ended->stopped, 3);
    QCOMPARE(int(history.calls(run.historyRunId()).size()), run.callsStarted());
    QCOMPARE(run.callsStarted(), 2); // batches of 2
    for (const History::Stream &s : history.streams(run.historyRunId()))
        QCOMPARE(s.status, HistoryStatus::Stopped);
}

void TestRun::startSaysWhenRecordingsEnd()
{
    // The simulator records every stream until it is stopped: stop them first.
    RunPlan stop = planFor(m_sim->url(), {u"s-1"_qs, u"s-2"_qs});
    stop.record = false;
    Run stopping(stop);
    stopping.setSecret(kSecret);
    QVERIFY(runToEnd(stopping));
    QCOMPARE(stopping.verdict(), Run::Verdict::AllStopped);
    QVERIFY(!m_sim->gateway().isRecording(u"s-1"_qs));

    RunPlan plan = planFor(m_sim->url(), {u"s-1"_qs, u"s-2"_qs}, RunAction::Start);
    plan.record = false;
    plan.options.startForSecs = 2 * 3600;
    Run run(plan);
    QCOMPARE(run.action(), RunAction::Start);
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    run.setSecret(kSecret);
    QVERIFY(runToEnd(run));
    QCOMPARE(run.verdict(), Run::Verdict::AllStopped);
    for (const StreamOutcome &o : run.reportRows()) {
        QCOMPARE(o.status, StreamStatus::Succeeded);
        QVERIFY(o.endTime >= before + 2 * 3600 && o.endTime <= before + 2 * 3600 + 60);
        QCOMPARE(m_sim->gateway().recordingUntil(o.streamId), o.endTime);
    }
}

void TestRun::wrongSecretIsCredentialsRefused()
{
    RunPlan plan = planFor(m_sim->url(), {u"w-1"_qs});
    plan.record = false;
    Run run(plan);
    run.setSecret(u"not-the-secret-at-all-0000000000"_qs);
    QVERIFY(runToEnd(run));
    QCOMPARE(run.verdict(), Run::Verdict::CredentialsRefused);
    QVERIFY(!run.problem().isEmpty());
}

void TestRun::nobodyListeningIsUnreachable()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/").arg(closed.serverPort()));
    closed.close();
    RunPlan plan = planFor(url, {u"u-1"_qs});
    plan.record = false;
    plan.options.maxAttempts = 2;
    Run run(plan);
    run.setSecret(kSecret);
    QVERIFY(runToEnd(run));
    QCOMPARE(run.verdict(), Run::Verdict::Unreachable);
    QVERIFY2(run.problem().startsWith(u"Could not connect to 127.0.0.1"_qs),
             qPrintable(run.problem()));
}

QTEST_GUILESS_MAIN(TestRun)
#include "test_run.moc"
