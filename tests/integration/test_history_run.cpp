// SPDX-License-Identifier: GPL-3.0-or-later
// The history as the job writes it: write-ahead, answers, a full disk, and a CLI killed midway.
#include "simserver.h"
#include <engine/job.h>
#include <engine/ratelimiter.h>
#include <store/history.h>

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace cdnrec;

namespace {
const QString kSecret = QStringLiteral("history-secret-0a1b2c3d");
}

class TestHistoryRun : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    RateLimiter m_limiter{&SystemClock::shared()};

    std::unique_ptr<SimServer> sim()
    {
        SimConfig c;
        c.secret = kSecret;
        c.rateLimit = 1000;
        auto s = std::make_unique<SimServer>(c);
        if (!s->start())
            qFatal("no simulator");
        return s;
    }

    JobTarget target(const SimServer &s)
    {
        JobTarget t;
        t.endpoint = s.url();
        t.appId = 1234567890;
        t.secret = kSecret;
        return t;
    }

private Q_SLOTS:
    void everyCallAndOutcomeRecorded();
    void fullDiskStopsSending();
    void killedMidwayLosesNothing_data();
    void killedMidwayLosesNothing();
};

void TestHistoryRun::everyCallAndOutcomeRecorded()
{
    auto s = sim();
    History history(m_dir.filePath(u"run.sqlite"_qs));
    QStringList ids{u"ok-1"_qs, u"ok-2"_qs, u"fail-404-x"_qs, u"missing-y"_qs, u"busy1-z"_qs};
    JobOptions o;
    o.batchSize = 2;
    o.callsPerSecond = 100;
    o.rateLimitedBackoffMs = 10;
    History::RunInfo info;
    info.appId = 1234567890;
    info.streamIds = ids;
    const qint64 runId = history.beginRun(info);
    auto journal = history.journal(runId);
    Job job(target(*s), ids, o);
    job.setRateLimiter(&m_limiter);
    job.setJournal(journal.get());
    QSignalSpy done(&job, &Job::finished);
    job.start();
    QVERIFY(done.wait(20000));

    const auto calls = history.calls(runId);
    QCOMPARE(calls.size(), job.callCount());
    QCOMPARE(qint64(calls.size()), s->gateway().stats().value(u"calls"_qs).toInteger());
    for (const auto &c : calls) {
        QCOMPARE(c.state, u"answered"_qs);
        QVERIFY(!c.requestId.isEmpty());
        QVERIFY(c.url.contains(u"Signature=REDACTED"_qs));
        QVERIFY(!c.body.isEmpty());
    }
    const auto streams = history.streams(runId);
    QCOMPARE(streams.size(), ids.size());
    for (const auto &st : streams) {
        const StreamOutcome &o2 = job.outcome(ids.indexOf(st.streamId));
        QCOMPARE(historyStatusKey(st.status), statusKey(o2.status));
        QCOMPARE(st.attempts, o2.attempts);
    }
    const auto run = history.run(runId);
    QVERIFY(run->endedAt.isValid());
    QCOMPARE(run->stopped, 3);
    QCOMPARE(run->failed, 1);
    QCOMPARE(run->unknown, 1);
}

void TestHistoryRun::fullDiskStopsSending()
{
    auto s = sim();
    History history(m_dir.filePath(u"full.sqlite"_qs));
    QStringList ids;
    for (int i = 0; i < 400; ++i)
        ids.append(QStringLiteral("stream-with-a-long-name-to-fill-pages-%1").arg(i));
    History::RunInfo info;
    info.streamIds = ids;
    const qint64 runId = history.beginRun(info);
    auto journal = history.journal(runId);
    history.setMaxPageCountForTesting(40); // the disk fills up a few calls in
    JobOptions o;
    o.batchSize = 1;
    o.callsPerSecond = 500;
    Job job(target(*s), ids, o);
    job.setRateLimiter(&m_limiter);
    job.setJournal(journal.get());
    QSignalSpy done(&job, &Job::finished);
    job.start();
    QVERIFY(done.wait(30000));
    QVERIFY2(job.problem().contains(u"could not record"_qs), qPrintable(job.problem()));
    QVERIFY(job.callCount() < ids.size());
    // Never a call the history does not know of.
    QCOMPARE(s->gateway().stats().value(u"calls"_qs).toInteger(), qint64(job.callCount()));
    int skipped = 0;
    for (const StreamOutcome &o2 : job.outcomes()) {
        QVERIFY(isFinal(o2.status));
        if (o2.status == StreamStatus::Skipped) {
            ++skipped;
            QVERIFY(o2.message.contains(u"not sent"_qs));
        }
    }
    QCOMPARE(skipped, ids.size() - job.callCount());
}

void TestHistoryRun::killedMidwayLosesNothing_data()
{
    QTest::addColumn<int>("round");
    for (int i = 1; i <= 5; ++i)
        QTest::addRow("kill %d", i) << i;
}

void TestHistoryRun::killedMidwayLosesNothing()
{
    QFETCH(int, round);
    // 500 streams, each answered after 150 ms, one per call; the CLI is killed with SIGKILL
    // while calls are in flight.
    auto s = sim();
    QTemporaryDir home;
    QString ids;
    for (int i = 0; i < 500; ++i)
        ids += QStringLiteral("slow150-r%1-s%2\n").arg(round).arg(i);
    QFile list(home.filePath(u"ids.txt"_qs));
    QVERIFY(list.open(QIODevice::WriteOnly));
    list.write(ids.toUtf8());
    list.close();

    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"CDNREC_SERVER_SECRET"_qs, kSecret);
    env.insert(u"XDG_DATA_HOME"_qs, home.filePath(u"data"_qs));
    env.insert(u"XDG_CONFIG_HOME"_qs, home.filePath(u"config"_qs));
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(CDNREC_CLI),
              {u"stop"_qs, u"--vendor"_qs, u"Tencent"_qs, u"--endpoint"_qs, s->url().toString(),
               u"--app-id"_qs, u"1234567890"_qs, u"--batch-size"_qs, u"1"_qs, u"--rate"_qs,
               u"100"_qs, u"--file"_qs, list.fileName(), u"--json"_qs});
    QVERIFY(cli.waitForStarted());
    // Midway: once the simulator has answered a good number of calls.
    QTRY_VERIFY_WITH_TIMEOUT(s->answersWritten() >= 20 + 7 * round, 30000);
    ::kill(pid_t(cli.processId()), SIGKILL);
    QVERIFY(cli.waitForFinished(5000));
    QCOMPARE(cli.exitStatus(), QProcess::CrashExit);
    const qint64 received = s->gateway().stats().value(u"calls"_qs).toInteger();
    const qint64 answered = s->answersWritten();
    QVERIFY(received < 500); // it really was midway

    QString dbPath;
    QDirIterator it(home.filePath(u"data"_qs), {u"history.sqlite"_qs}, QDir::Files,
                    QDirIterator::Subdirectories);
    if (it.hasNext())
        dbPath = it.next();
    QVERIFY2(!dbPath.isEmpty(), "the CLI wrote no history");
    History history(dbPath);
    const auto runs = history.runs();
    QCOMPARE(runs.size(), 1);
    QVERIFY(!runs.front().endedAt.isValid()); // it never finished
    const auto calls = history.calls(runs.front().id);

    // Every call the simulator received has a row (written before it was sent).
    QVERIFY2(calls.size() >= received,
             qPrintable(QStringLiteral("%1 rows, %2 received").arg(calls.size()).arg(received)));
    // Every answer the CLI read is recorded; only those in the air at the kill may be missing.
    int answeredRows = 0;
    QSet<QString> answeredStreams;
    for (const auto &c : calls) {
        if (c.state == u"answered"_qs) {
            ++answeredRows;
            for (const QString &id : c.streamIds)
                answeredStreams.insert(id);
        }
    }
    QVERIFY2(answeredRows >= answered - JobOptions().maxInFlight,
             qPrintable(QStringLiteral("%1 answered rows, %2 answers written")
                            .arg(answeredRows)
                            .arg(answered)));
    QVERIFY(answeredRows <= answered);
    // The rest read "sent, outcome unknown" or "not sent"; nothing is Stopped without an answer.
    int unknown = 0;
    for (const auto &st : history.streams(runs.front().id)) {
        if (st.status == HistoryStatus::Stopped)
            QVERIFY2(answeredStreams.contains(st.streamId), qPrintable(st.streamId));
        else if (st.status == HistoryStatus::SentNoAnswer)
            ++unknown;
        else
            QCOMPARE(st.status, HistoryStatus::NotSent);
    }
    QCOMPARE(unknown, calls.size() - answeredRows);
    // The run's counts come from its rows, though it never finished.
    int stopped = 0, notSent = 0;
    for (const auto &st : history.streams(runs.front().id)) {
        stopped += st.status == HistoryStatus::Stopped;
        notSent += st.status == HistoryStatus::NotSent;
    }
    QVERIFY(stopped > 0);
    QCOMPARE(runs.front().stopped, stopped);
    QCOMPARE(runs.front().sentNoAnswer, unknown);
    QCOMPARE(runs.front().notSent, notSent);
    QCOMPARE(history.unfinishedStreamIds(runs.front().id).size(), qsizetype(unknown + notSent));
}

QTEST_GUILESS_MAIN(TestHistoryRun)
#include "test_history_run.moc"
