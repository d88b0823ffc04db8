// SPDX-License-Identifier: GPL-3.0-or-later
// The history as the job writes it: write-ahead, answers, a full disk, and a CLI killed midway;
// its writes on the history's writer thread (a slow or failing commit, grouped commits, the end
// written before the job says it finished, a cancelled run drained before the history closes).
#include "simserver.h"
#include <app/run.h>
#include <engine/calljournal.h>
#include <engine/job.h>
#include <engine/ratelimiter.h>
#include <model/streamids.h>
#include <store/history.h>

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace cdnrec;

namespace {
const QString kSecret = QStringLiteral("history-secret-0a1b2c3d");

// Another program's write lock on the history file, held until release().
class FileLock
{
public:
    explicit FileLock(const QString &path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, kName);
        db.setDatabaseName(path);
        m_held = db.open() && QSqlQuery(db).exec(u"BEGIN IMMEDIATE"_qs);
    }
    ~FileLock()
    {
        release();
        QSqlDatabase::removeDatabase(kName);
    }
    bool held() const { return m_held; }
    void release()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(kName, false);
            if (m_held)
                QSqlQuery(db).exec(u"ROLLBACK"_qs);
            db.close();
        }
        m_held = false;
    }

private:
    static inline const QString kName = u"another-program"_qs;
    bool m_held = false;
};

// A journal's other rows (as team mode's) that can fail a moment or take their time, and that
// note the thread they are written on.
class PlantedRows final : public History::JournalRows
{
public:
    int failCall = 0;  // callSending of this call number fails
    int slowEndMs = 0; // runFinished sleeps this long (on the writer's thread)
    QList<QThread *> threads;

    bool callSending(QSqlDatabase &, const CallRecord &call, QString *error) override
    {
        threads.append(QThread::currentThread());
        if (call.callId != failCall)
            return true;
        *error = u"planted"_qs;
        return false;
    }
    bool callFinished(QSqlDatabase &, const CallRecord &, const QList<StreamOutcome> &,
                      QString *) override
    {
        threads.append(QThread::currentThread());
        return true;
    }
    bool runFinished(QSqlDatabase &, const QList<StreamOutcome> &, bool, QString *) override
    {
        threads.append(QThread::currentThread());
        QThread::msleep(ulong(slowEndMs));
        return true;
    }
    void settled(bool) override {}
    QString problem() const override
    {
        return u"the planted rows refused call %1"_qs.arg(failCall);
    }
};

// Every commit of any history, by thread.
class CommitThreads
{
public:
    CommitThreads()
    {
        History::setCommitObserverForTesting([this] {
            QMutexLocker lock(&m_mutex);
            m_threads.append(QThread::currentThread());
        });
    }
    ~CommitThreads() { History::setCommitObserverForTesting({}); }
    QList<QThread *> threads()
    {
        QMutexLocker lock(&m_mutex);
        return m_threads;
    }

private:
    QMutex m_mutex;
    QList<QThread *> m_threads;
};
} // namespace

class TestHistoryRun : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    RateLimiter m_limiter{&SystemClock::shared()};
    std::vector<std::unique_ptr<RateLimiter>> m_limiters;

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

    // A job over `ids` written ahead through `journal`, one stream per call.
    std::unique_ptr<Job> job(const SimServer &s, const QStringList &ids, CallJournal *journal,
                             double rate = 200)
    {
        JobOptions o;
        o.batchSize = 1;
        o.callsPerSecond = rate;
        auto j = std::make_unique<Job>(target(s), ids, o);
        // A pace of its own: no slot waits for what an earlier test sent.
        m_limiters.push_back(std::make_unique<RateLimiter>(&SystemClock::shared()));
        j->setRateLimiter(m_limiters.back().get());
        j->setJournal(journal);
        return j;
    }
    // A run of `ids` begun in `history`.
    static qint64 begin(History &history, const QStringList &ids)
    {
        History::RunInfo info;
        info.streamIds = ids;
        return history.beginRun(info);
    }
    static QStringList streamIds(const QString &prefix, int n)
    {
        QStringList ids;
        for (int i = 0; i < n; ++i)
            ids.append(u"%1-%2"_qs.arg(prefix).arg(i));
        return ids;
    }

private Q_SLOTS:
    void initTestCase();
    void everyCallAndOutcomeRecorded();
    void fullDiskStopsSending();
    void nothingGoesOutBeforeItsRowIsCommitted();
    void failingRowsStopSendingAndSayWhy();
    void callsWithoutAnAnswerAreNotAnswered();
    void groupedCommitsEndAsEachWouldAlone();
    void finishedMeansTheEndIsWritten();
    void cancelledRunIsWrittenBeforeTheHistoryCloses();
    void noCommitOnTheRunsThread();
    void killedMidwayLosesNothing_data();
    void killedMidwayLosesNothing();
};

void TestHistoryRun::initTestCase()
{
    // Run reads the settings (and whether team mode is set up): a home of the test's own.
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_qs).toUtf8());
    qputenv("XDG_DATA_HOME", m_dir.filePath(u"data"_qs).toUtf8());
}

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
    const qint64 runId = begin(history, ids);
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

void TestHistoryRun::nothingGoesOutBeforeItsRowIsCommitted()
{
    // Another program holds the history locked: the writer waits for it (its busy timeout) and
    // the job sends nothing meanwhile, while its own thread goes on. Once the lock goes, every
    // call goes, each after its row.
    auto s = sim();
    const QString file = m_dir.filePath(u"slow.sqlite"_qs);
    History history(file);
    const QStringList ids = streamIds(u"slow"_qs, 6);
    const qint64 runId = begin(history, ids);
    QVERIFY(runId > 0);
    history.setBusyTimeoutForTesting(60000);
    auto journal = history.journal(runId);
    auto j = job(*s, ids, journal.get());
    QSignalSpy started(j.get(), &Job::callStarted);
    QSignalSpy done(j.get(), &Job::finished);
    {
        FileLock lock(file);
        QVERIFY(lock.held());
        j->start();
        // Time for a job that would not wait to send; the job's event loop runs meanwhile.
        QTest::qWait(500);
        QCOMPARE(started.count(), 0);
        QCOMPARE(j->callCount(), 0);
        QCOMPARE(s->gateway().stats().value(u"calls"_qs).toInt(), 0);
        for (const StreamOutcome &o : j->outcomes())
            QCOMPARE(o.status, StreamStatus::Pending);
        QVERIFY(j->isRunning());
    }
    QVERIFY(done.wait(20000));
    QVERIFY2(j->problem().isEmpty(), qPrintable(j->problem()));
    QCOMPARE(j->callCount(), ids.size());
    QCOMPARE(s->gateway().stats().value(u"calls"_qs).toInt(), int(ids.size()));
    const auto calls = history.calls(runId);
    QCOMPARE(calls.size(), ids.size());
    for (const auto &c : calls)
        QCOMPARE(c.state, u"answered"_qs);
}

void TestHistoryRun::callsWithoutAnAnswerAreNotAnswered()
{
    // A call that timed out twice, then one answered: the first is recorded as ended without an
    // answer, with why, never as answered (attack of 2026-12-08, finding 2).
    auto s = sim();
    History history(m_dir.filePath(u"unanswered.sqlite"_qs));
    const QStringList ids{u"slow1500-u1"_qs, u"ok-u2"_qs};
    JobOptions o;
    o.batchSize = 1;
    o.callsPerSecond = 100;
    o.timeoutMs = 150;
    o.maxAttempts = 2;
    o.backoffBaseMs = 10;
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
    QVERIFY(journal->flush(10000));
    int unanswered = 0, answered = 0;
    for (const auto &c : history.calls(runId)) {
        if (c.streamIds == QStringList{ids.at(0)}) {
            QCOMPARE(c.state, u"unanswered"_qs);
            QCOMPARE(c.httpStatus, 0);
            QVERIFY2(c.error.contains(u"no answer"_qs), qPrintable(c.error));
            ++unanswered;
        } else {
            QCOMPARE(c.state, u"answered"_qs);
            QCOMPARE(c.httpStatus, 200);
            ++answered;
        }
    }
    QCOMPARE(unanswered, 2);
    QCOMPARE(answered, 1);
}

void TestHistoryRun::failingRowsStopSendingAndSayWhy()
{
    // The third call's other rows (team mode's, say) cannot be written: neither its row nor the
    // call exists, nothing after it is sent, and its streams say why.
    auto s = sim();
    History history(m_dir.filePath(u"refused.sqlite"_qs));
    const QStringList ids = streamIds(u"refused"_qs, 8);
    const qint64 runId = begin(history, ids);
    auto rows = std::make_unique<PlantedRows>();
    rows->failCall = 3;
    const PlantedRows *planted = rows.get();
    auto journal = history.journal(runId, std::move(rows));
    auto j = job(*s, ids, journal.get());
    QSignalSpy done(j.get(), &Job::finished);
    j->start();
    QVERIFY(done.wait(20000));
    const QString why = u"the planted rows refused call 3"_qs;
    QVERIFY2(j->problem().contains(why), qPrintable(j->problem()));
    QCOMPARE(j->callCount(), 2);
    QCOMPARE(s->gateway().stats().value(u"calls"_qs).toInt(), 2);
    for (int row = 0; row < ids.size(); ++row) {
        const StreamOutcome &o = j->outcome(row);
        if (row < 2) {
            QCOMPARE(o.status, StreamStatus::Succeeded);
            continue;
        }
        QCOMPARE(o.status, StreamStatus::Skipped);
        QVERIFY2(o.message.contains(u"not sent: "_qs + why), qPrintable(o.message));
    }
    // The history agrees: no row for call 3; rows recorded after it were never sent, and say so.
    for (const auto &c : history.calls(runId)) {
        QVERIFY(c.callNo != 3);
        QCOMPARE(c.state, c.callNo < 3 ? u"answered"_qs : u"unanswered"_qs);
        if (c.callNo > 3)
            QVERIFY2(c.error.contains(why), qPrintable(c.error));
    }
    for (const auto &st : history.streams(runId)) {
        const bool sent = st.streamId == ids.at(0) || st.streamId == ids.at(1);
        QCOMPARE(st.status, sent ? HistoryStatus::Stopped : HistoryStatus::Skipped);
    }
    QVERIFY(history.run(runId)->endedAt.isValid());
    // The rows were written on the history's writer, never on the job's thread.
    QVERIFY(!planted->threads.isEmpty());
    for (QThread *t : planted->threads)
        QVERIFY(t != QThread::currentThread());
}

void TestHistoryRun::groupedCommitsEndAsEachWouldAlone()
{
    // Calls queue up behind another program's lock and are written in one commit; one of them
    // fails, and only that one is refused.
    const QString file = m_dir.filePath(u"grouped.sqlite"_qs);
    History history(file);
    const QStringList ids = streamIds(u"grouped"_qs, 20);
    const qint64 runId = begin(history, ids);
    auto rows = std::make_unique<PlantedRows>();
    rows->failCall = 4;
    auto journal = history.journal(runId, std::move(rows));
    QObject context;
    QList<int> recorded, refused;
    QStringList problems;
    // Asks for calls from..to while another program holds the file: true when none was
    // answered before the lock went.
    const auto ask = [&](int from, int to) {
        FileLock lock(file);
        if (!lock.held())
            return false;
        for (int no = from; no <= to; ++no) {
            CallRecord call;
            call.callId = no;
            call.streamIds = {ids.at(no - 1)};
            journal->callSending(call, &context, [&, no](bool ok, const QString &problem) {
                (ok ? recorded : refused).append(no);
                if (!ok)
                    problems.append(problem);
            });
        }
        QTest::qWait(50);
        return recorded.size() + refused.size() == from - 1;
    };
    QVERIFY(ask(1, 10));
    QTRY_COMPARE(recorded.size() + refused.size(), 10);
    QCOMPARE(refused, QList<int>{4});
    QCOMPARE(recorded, (QList<int>{1, 2, 3, 5, 6, 7, 8, 9, 10}));
    QCOMPARE(problems, QStringList{u"the planted rows refused call 4"_qs});
    // Without a failure, what queued up is one commit (two when the writer had already begun
    // waiting for the lock with the first).
    CommitThreads commits;
    QVERIFY(ask(11, 20));
    QTRY_COMPARE(recorded.size(), 19);
    QVERIFY2(commits.threads().size() <= 2, qPrintable(QString::number(commits.threads().size())));
    QVERIFY(journal->flush(10000));
    QList<int> rowsWritten;
    for (const auto &c : history.calls(runId))
        rowsWritten.append(c.callNo);
    QCOMPARE(rowsWritten, recorded);
}

void TestHistoryRun::finishedMeansTheEndIsWritten()
{
    // The end's rows take their time on the writer: the job says finished only once they are
    // committed, so whoever reads the history then finds the whole run.
    auto s = sim();
    History history(m_dir.filePath(u"ended.sqlite"_qs));
    const QStringList ids = streamIds(u"ended"_qs, 5);
    const qint64 runId = begin(history, ids);
    auto rows = std::make_unique<PlantedRows>();
    rows->slowEndMs = 300;
    auto journal = history.journal(runId, std::move(rows));
    auto j = job(*s, ids, journal.get());
    QSignalSpy done(j.get(), &Job::finished);
    j->start();
    QVERIFY(done.wait(20000));
    QVERIFY(j->isFinished());
    const auto run = history.run(runId);
    QVERIFY(run.has_value());
    QVERIFY(run->endedAt.isValid());
    QCOMPARE(run->stopped, int(ids.size()));
    QVERIFY(!run->cancelled);
}

void TestHistoryRun::cancelledRunIsWrittenBeforeTheHistoryCloses()
{
    // Cancelled while the writer waits for another program's lock, with calls asked to be
    // recorded; the job, its journal and the history go at once, without their event loop: the
    // run's end is in the file all the same, and no call reads "sent" that was not.
    auto s = sim();
    const QString file = m_dir.filePath(u"cancelled.sqlite"_qs);
    const QStringList ids = streamIds(u"cancelled"_qs, 200);
    qint64 runId = 0;
    int started = 0;
    {
        History history(file);
        runId = begin(history, ids);
        history.setBusyTimeoutForTesting(60000);
        auto journal = history.journal(runId);
        auto j = job(*s, ids, journal.get(), 50);
        QSignalSpy startedSpy(j.get(), &Job::callStarted);
        j->start();
        QTRY_VERIFY(startedSpy.count() >= 3);
        FileLock lock(file);
        QVERIFY(lock.held());
        QTest::qWait(300); // the job asks for more rows meanwhile: they wait for the lock
        j->cancel();
        lock.release();
        started = int(startedSpy.count());
        j.reset();
        journal.reset();
    }
    History after(file, History::Mode::ReadOnly);
    const auto run = after.run(runId);
    QVERIFY(run.has_value());
    QVERIFY(run->endedAt.isValid());
    QVERIFY(run->cancelled);
    int notSent = 0;
    const auto calls = after.calls(runId);
    for (const auto &c : calls) {
        const bool cancelledUnsent = c.error == u"cancelled before it was sent"_qs;
        if (cancelledUnsent || c.httpStatus == 0)
            QCOMPARE(c.state, u"unanswered"_qs); // no answer came: never "answered"
        else
            QCOMPARE(c.state, u"answered"_qs);
        notSent += cancelledUnsent;
    }
    QVERIFY(notSent >= 1);
    QCOMPARE(calls.size() - notSent, started);
    QVERIFY(s->gateway().stats().value(u"calls"_qs).toInt() <= started);
    for (const auto &st : after.streams(runId)) {
        QVERIFY2(st.status != HistoryStatus::SentNoAnswer && st.status != HistoryStatus::NotSent,
                 qPrintable(st.streamId));
    }
}

void TestHistoryRun::noCommitOnTheRunsThread()
{
    // A whole run as the console makes it (Run: the run begun, every call written ahead and
    // answered, the end): every commit on the history's writer, none on the run's thread.
    auto s = sim();
    History history(m_dir.filePath(u"threads.sqlite"_qs));
    CommitThreads commits;
    const QStringList ids = streamIds(u"thread"_qs, 30);
    RunPlan plan;
    plan.target = target(*s);
    plan.options.batchSize = 1;
    plan.options.callsPerSecond = 200;
    plan.items = StreamIds::parse(ids.join(u'\n'));
    Run run(plan);
    run.setHistory(&history);
    m_limiters.push_back(std::make_unique<RateLimiter>(&SystemClock::shared()));
    run.setJobSetup([limiter = m_limiters.back().get()](Job *j) { j->setRateLimiter(limiter); });
    QVERIFY2(run.prepare(), qPrintable(run.problem()));
    QSignalSpy done(&run, &Run::finished);
    run.start();
    QVERIFY(done.wait(20000));
    QCOMPARE(run.summary().stopped, int(ids.size()));
    QCOMPARE(history.calls(run.historyRunId()).size(), ids.size());
    const QList<QThread *> threads = commits.threads();
    QVERIFY(threads.size() >= 2);
    for (QThread *t : threads)
        QVERIFY(t != QThread::currentThread());
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
