// SPDX-License-Identifier: GPL-3.0-or-later
#include <engine/job.h>
#include <store/history.h>
#include <store/historywriter.h>

#include <QDir>
#include <QFile>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <thread>

using namespace cdnrec;

namespace {

CallRecord call(int no, const QStringList &ids)
{
    CallRecord c;
    c.callId = no;
    c.streamIds = ids;
    c.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    c.redactedUrl =
        QStringLiteral("https://rtc-api.zego.im/?Action=StopCDNRecord&Signature=REDACTED");
    return c;
}

StreamOutcome outcome(const QString &id, StreamStatus s, const QString &code = {})
{
    StreamOutcome o;
    o.streamId = id;
    o.status = s;
    o.code = code;
    o.attempts = 1;
    o.requestId = QStringLiteral("r-1");
    return o;
}

History::RunInfo info(const QStringList &ids, const QString &profile = QStringLiteral("Acme"))
{
    History::RunInfo i;
    i.profile = profile;
    i.appId = 1234567890;
    i.endpoint = QStringLiteral("https://rtc-api.zego.im/");
    i.vendor = QStringLiteral("Tencent");
    i.streamIds = ids;
    return i;
}

} // namespace

class TestHistory : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void writerDropsWhatItCannotWriteInTime();
    void roundTrip();
    void sentButNotAnsweredReadsUnknown();
    void nothingSecretInTheFile();
    void corruptFileIsMovedAsideNotDeleted();
    void newerSchemaIsLeftAlone();
    void filtersAndRetention();
    void twoWritersAtOnce();
    void fullDiskRefusesToRecord();
    // #7: owner-only files, and reading a history that cannot be written.
    void filesAreOwnerOnly();
    void existingFilesLoseGroupAndOtherBits();
    void movedAsideFileIsOwnerOnly();
    void readOnlyModeReadsAndWritesNothing();
    // #10: no full check on open; it runs on demand.
    void openDoesNotRunTheFullCheck();
    // #12: one line, with the moved file's path.
    void damagedMessageIsOneLine();
    // #11: an interrupted run's counts, typed statuses, a retried stream is never "not sent".
    void interruptedRunCountsItsStreams();
    void retriedStreamNeverReadsNotSent();
    void legacyPendingWithAttemptsIsNotNotSent();
    void filterByTypedStatus();
    void profileNotRecorded();
    void startRunRecordsItsAction();
    void versionOneRunsReadAsStops();
    // Off the GUI thread: the full check and the purge on a connection of their own.
    void checkAndPurgeOnAnotherThread();
};

namespace {

int modeOf(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

QString octal(int mode)
{
    return QString::number(mode, 8);
}

// Damages the root page of an index: a full check finds it, opening and reading runs do not.
bool damageIndex(const QString &file, const QString &index)
{
    int page = 0;
    int pageSize = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"damager"_qs);
        db.setDatabaseName(file);
        if (!db.open())
            return false;
        QSqlQuery q(db);
        q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_qs);
        q.exec(u"PRAGMA page_size"_qs);
        q.next();
        pageSize = q.value(0).toInt();
        q.prepare(u"SELECT rootpage FROM sqlite_master WHERE name = ?"_qs);
        q.addBindValue(index);
        q.exec();
        q.next();
        page = q.value(0).toInt();
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"damager"_qs);
    if (page <= 1 || pageSize <= 0)
        return false;
    QFile f(file);
    if (!f.open(QIODevice::ReadWrite) || !f.seek(qint64(page - 1) * pageSize))
        return false;
    return f.write(QByteArray(64, '\xee')) == 64;
}

} // namespace

void TestHistory::filesAreOwnerOnly()
{
    const mode_t old = ::umask(022);
    const QString dir = path(u"fresh/cdnrec"_qs);
    const QString file = dir + u"/history.sqlite"_qs;
    {
        History h(file);
        QVERIFY2(h.isOpen(), qPrintable(h.problem()));
        const qint64 run = h.beginRun(info({u"a"_qs})); // the -wal and -shm exist now
        QVERIFY(run > 0);
        QVERIFY(QFile::exists(file + u"-wal"_qs));
        QVERIFY(QFile::exists(file + u"-shm"_qs));
        for (const QString &f : QStringList{file, file + u"-wal"_qs, file + u"-shm"_qs})
            QVERIFY2(modeOf(f) == 0600, qPrintable(f + u": "_qs + octal(modeOf(f))));
        QVERIFY2(modeOf(dir) == 0700, qPrintable(octal(modeOf(dir))));
    }
    ::umask(old);
}

void TestHistory::existingFilesLoseGroupAndOtherBits()
{
    const mode_t old = ::umask(022);
    const QString file = path(u"old644.sqlite"_qs);
    {
        History h(file);
        QVERIFY(h.beginRun(info({u"a"_qs})) > 0);
    }
    QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ReadGroup | QFileDevice::ReadOther));
    QCOMPARE(modeOf(file), 0644);
    {
        History h(file);
        QVERIFY(h.beginRun(info({u"b"_qs})) > 0);
        QCOMPARE(octal(modeOf(file)), octal(0600));
        QCOMPARE(octal(modeOf(file + u"-wal"_qs)), octal(0600));
        QCOMPARE(h.runs().size(), 2);
    }
    ::umask(old);
}

void TestHistory::movedAsideFileIsOwnerOnly()
{
    const mode_t old = ::umask(022);
    const QString file = path(u"aside644.sqlite"_qs);
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("not a database at all\n").repeated(50));
    }
    QCOMPARE(modeOf(file), 0644);
    History h(file);
    QVERIFY(h.isOpen());
    const QStringList aside =
        QDir(m_dir.path()).entryList({u"aside644.sqlite.unreadable-*"_qs}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QCOMPARE(octal(modeOf(m_dir.filePath(aside.front()))), octal(0600));
    QCOMPARE(octal(modeOf(file)), octal(0600));
    ::umask(old);
}

void TestHistory::readOnlyModeReadsAndWritesNothing()
{
    const QString file = path(u"ro.sqlite"_qs);
    qint64 run = 0;
    {
        History h(file);
        run = h.beginRun(info({u"a"_qs}));
        h.endRun(run, {outcome(u"a"_qs, StreamStatus::Succeeded)}, false);
    }
    {
        History ro(file, History::Mode::ReadOnly);
        QVERIFY2(ro.isOpen(), qPrintable(ro.problem()));
        QVERIFY(ro.isReadOnly());
        QCOMPARE(ro.runs().size(), 1);
        QCOMPARE(ro.streams(run).front().status, HistoryStatus::Stopped);
        QCOMPARE(ro.beginRun(info({u"b"_qs})), 0);
        QVERIFY(!ro.lastError().isEmpty());
        QCOMPARE(ro.purgeOlderThan(1), 0);
    }
    // Reading a history that is not there creates nothing.
    const QString none = path(u"nowhere/none.sqlite"_qs);
    History ro(none, History::Mode::ReadOnly);
    QVERIFY(!ro.isOpen());
    QVERIFY(!QFile::exists(none));
    QVERIFY(!QDir(path(u"nowhere"_qs)).exists());
    // A damaged file is reported, never moved aside by a reader.
    const QString bad = path(u"ro-bad.sqlite"_qs);
    {
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("garbage, not SQLite");
    }
    History reader(bad, History::Mode::ReadOnly);
    QVERIFY(!reader.isOpen());
    QVERIFY(QFile::exists(bad));
    QVERIFY(!reader.problem().contains(u'\n'));
}

void TestHistory::openDoesNotRunTheFullCheck()
{
    const QString file = path(u"deep.sqlite"_qs);
    {
        History h(file);
        QStringList ids;
        for (int i = 0; i < 3000; ++i)
            ids.append(QStringLiteral("stream-with-a-long-name-%1").arg(i));
        const qint64 run = h.beginRun(info(ids));
        QVERIFY(run > 0);
    }
    QVERIFY(History::checkIntegrity(file).ok);
    QVERIFY(damageIndex(file, u"streams_by_id"_qs));
    {
        // Opening reads the header, the schema and the tables, not every page: the damage deep
        // in an index is not met, the file stays where it is and the run can be recorded.
        History h(file);
        QVERIFY2(h.problem().isEmpty(), qPrintable(h.problem().left(300)));
        QVERIFY(h.isOpen());
        QCOMPARE(h.runs().size(), 1);
        QVERIFY(QDir(m_dir.path()).entryList({u"deep.sqlite.unreadable-*"_qs}).isEmpty());
        // The full check, on demand, finds it.
        const History::Integrity check = h.checkIntegrity(file);
        QVERIFY(!check.ok);
        QVERIFY(!check.detail.isEmpty());
    }
}

void TestHistory::damagedMessageIsOneLine()
{
    const QString file = path(u"page1.sqlite"_qs);
    {
        History h(file);
        QVERIFY(h.beginRun(info({u"a"_qs})) > 0);
    }
    {
        // The schema page: a valid header, then garbage where the tables are described.
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(100));
        f.write(QByteArray(3000, '\x5a'));
    }
    QFile::remove(file + u"-wal"_qs);
    QFile::remove(file + u"-shm"_qs);
    History h(file);
    QVERIFY(h.isOpen());
    const QStringList aside =
        QDir(m_dir.path()).entryList({u"page1.sqlite.unreadable-*"_qs}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QCOMPARE(h.problem(),
             QStringLiteral(
                 "The history file was damaged; it was moved to %1 and a new one was started.")
                 .arg(m_dir.filePath(aside.front())));
}

void TestHistory::interruptedRunCountsItsStreams()
{
    const QString file = path(u"killed.sqlite"_qs);
    QStringList ids;
    for (int i = 0; i < 30; ++i)
        ids.append(QStringLiteral("s%1").arg(i));
    qint64 run = 0;
    {
        History h(file);
        run = h.beginRun(info(ids));
        for (int i = 0; i < 25; ++i) {
            CallRecord c = call(i + 1, {ids.at(i)});
            QVERIFY(h.recordCallSending(run, c));
            c.httpStatus = 200;
            h.recordCallFinished(run, c, {outcome(ids.at(i), StreamStatus::Succeeded)});
        }
        QVERIFY(h.recordCallSending(run, call(26, {ids.at(25), ids.at(26)})));
        // ...and the process is killed: s27..s29 were never sent.
    }
    History h(file);
    const auto r = h.run(run);
    QVERIFY(r);
    QVERIFY(r->interrupted());
    QCOMPARE(r->requested, 30);
    QCOMPARE(r->stopped, 25);
    QCOMPARE(r->sentNoAnswer, 2);
    QCOMPARE(r->notSent, 3);
    QCOMPARE(r->failed, 0);
    QCOMPARE(h.runs().front().stopped, 25);
    QCOMPARE(h.interruptedRuns(7).size(), 1);
    QCOMPARE(h.interruptedRuns(7).front().id, run);
    QCOMPARE(h.unfinishedStreamIds(run),
             (QStringList{u"s25"_qs, u"s26"_qs, u"s27"_qs, u"s28"_qs, u"s29"_qs}));
    const auto streams = h.streams(run);
    QCOMPARE(streams.at(25).status, HistoryStatus::SentNoAnswer);
    QCOMPARE(streams.at(29).status, HistoryStatus::NotSent);

    // A finished run is not interrupted, and keeps the counts it was closed with.
    const qint64 done = h.beginRun(info({u"x"_qs}));
    h.endRun(done, {outcome(u"x"_qs, StreamStatus::Succeeded)}, false);
    QCOMPARE(h.interruptedRuns(0).size(), 1);
    QVERIFY(!h.run(done)->interrupted());
    QCOMPARE(h.run(done)->stopped, 1);
}

void TestHistory::retriedStreamNeverReadsNotSent()
{
    // The journal as Job drives it: answered with code 6, the streams go back to Pending to
    // be retried... and the process dies before the retry.
    const QString file = path(u"retry.sqlite"_qs);
    qint64 run = 0;
    {
        History h(file);
        run = h.beginRun(info({u"busy"_qs, u"lost"_qs}));
        auto journal = h.journal(run);
        CallRecord c = call(1, {u"busy"_qs, u"lost"_qs});
        QVERIFY(journal->callSending(c));
        c.httpStatus = 200;
        c.hasCode = true;
        c.code = 6;
        StreamOutcome busy = outcome(u"busy"_qs, StreamStatus::Pending, u"6"_qs);
        busy.message = u"request too frequent"_qs;
        StreamOutcome lost = outcome(u"lost"_qs, StreamStatus::Pending);
        lost.earlierAttemptUnanswered = true; // an earlier call of it timed out
        journal->callFinished(c, {busy, lost});
    }
    History h(file);
    const auto streams = h.streams(run);
    QCOMPARE(streams.size(), 2);
    QCOMPARE(streams[0].status, HistoryStatus::Failed);
    QCOMPARE(streams[0].code, u"6"_qs);
    QCOMPARE(streams[1].status, HistoryStatus::Unknown);
    QVERIFY(h.unfinishedStreamIds(run).isEmpty());
}

void TestHistory::legacyPendingWithAttemptsIsNotNotSent()
{
    // Rows an earlier version wrote: "pending" with attempts after a code 6 answer.
    const QString file = path(u"legacy.sqlite"_qs);
    qint64 run = 0;
    {
        History h(file);
        run = h.beginRun(info({u"a"_qs, u"b"_qs, u"c"_qs}));
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"legacy"_qs);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(
            u"UPDATE streams SET attempts = 2, code = '6' WHERE stream_id = 'a'"_qs));
        QVERIFY(QSqlQuery(db).exec(u"UPDATE streams SET attempts = 1 WHERE stream_id = 'b'"_qs));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"legacy"_qs);
    History h(file);
    const auto streams = h.streams(run);
    QCOMPARE(streams[0].status, HistoryStatus::Failed);
    QCOMPARE(streams[1].status, HistoryStatus::Unknown);
    QCOMPARE(streams[2].status, HistoryStatus::NotSent);
    QCOMPARE(h.run(run)->notSent, 1);
}

void TestHistory::startRunRecordsItsAction()
{
    History h(path(u"start.sqlite"_qs));
    const qint64 stop = h.beginRun(info({u"a"_qs}));
    h.endRun(stop, {outcome(u"a"_qs, StreamStatus::Succeeded)}, false);
    History::RunInfo i = info({u"a"_qs, u"b"_qs});
    i.action = RunAction::Start;
    const qint64 start = h.beginRun(i);
    h.journal(start)->callFinished(call(1, {u"a"_qs, u"b"_qs}),
                                   {outcome(u"a"_qs, StreamStatus::Succeeded),
                                    outcome(u"b"_qs, StreamStatus::Failed, u"409"_qs)});
    // The live counts of a run still going, then the stored ones.
    QCOMPARE(h.run(start)->stopped, 1);
    h.endRun(start,
             {outcome(u"a"_qs, StreamStatus::Succeeded),
              outcome(u"b"_qs, StreamStatus::Failed, u"409"_qs)},
             false);
    QCOMPARE(h.run(stop)->action, RunAction::Stop);
    QCOMPARE(h.run(start)->action, RunAction::Start);
    QCOMPARE(h.run(start)->stopped, 1);
    QCOMPARE(h.streams(start).at(0).status, HistoryStatus::Started);
    QCOMPARE(h.streams(stop).at(0).status, HistoryStatus::Stopped);
    History::Filter f;
    f.status = HistoryStatus::Started;
    QCOMPARE(h.runs(f).size(), 1);
    QCOMPARE(h.runs(f).at(0).id, start);
    // Another History (another process) on the same file writes the run's action too.
    History other(path(u"start.sqlite"_qs));
    const qint64 again = h.beginRun(i);
    other.endRun(again, {outcome(u"a"_qs, StreamStatus::Succeeded)}, false);
    QCOMPARE(other.streams(again).at(0).status, HistoryStatus::Started);
}

void TestHistory::versionOneRunsReadAsStops()
{
    // A file of version 1: no action column. Read-only, its runs read as stops; opened to
    // write, it is migrated to version 2 and its old runs still read as stops.
    const QString file = path(u"v1.sqlite"_qs);
    qint64 run = 0;
    {
        History h(file);
        run = h.beginRun(info({u"a"_qs}));
        h.endRun(run, {outcome(u"a"_qs, StreamStatus::Succeeded)}, false);
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"v1"_qs);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY2(q.exec(u"ALTER TABLE runs DROP COLUMN action"_qs),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.exec(u"PRAGMA user_version = 1"_qs));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"v1"_qs);
    {
        History reader(file, History::Mode::ReadOnly);
        QVERIFY(reader.isOpen());
        QCOMPARE(reader.runs().size(), 1);
        QCOMPARE(reader.runs().at(0).action, RunAction::Stop);
        QCOMPARE(reader.runs().at(0).stopped, 1);
    }
    History h(file);
    QCOMPARE(h.run(run)->action, RunAction::Stop);
    History::RunInfo i = info({u"b"_qs});
    i.action = RunAction::Start;
    const qint64 start = h.beginRun(i);
    QVERIFY(start > 0);
    QCOMPARE(h.run(start)->action, RunAction::Start);
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"v2"_qs);
    db.setDatabaseName(file);
    QVERIFY(db.open());
    QSqlQuery q(db);
    QVERIFY(q.exec(u"PRAGMA user_version"_qs) && q.next());
    QCOMPARE(q.value(0).toInt(), 2);
    q.finish();
    db.close();
}

void TestHistory::filterByTypedStatus()
{
    History h(path(u"typed.sqlite"_qs));
    const qint64 a = h.beginRun(info({u"a1"_qs, u"a2"_qs}));
    QVERIFY(h.recordCallSending(a, call(1, {u"a1"_qs})));
    const qint64 b = h.beginRun(info({u"b1"_qs}));
    h.endRun(b, {outcome(u"b1"_qs, StreamStatus::Succeeded)}, false);
    History::Filter f;
    f.status = HistoryStatus::SentNoAnswer;
    QCOMPARE(h.runs(f).size(), 1);
    QCOMPARE(h.runs(f).front().id, a);
    f.status = HistoryStatus::NotSent;
    QCOMPARE(h.findStreams(f).size(), 1);
    QCOMPARE(h.findStreams(f).front().streamId, u"a2"_qs);
    for (HistoryStatus s : allHistoryStatuses())
        QCOMPARE(historyStatusFromKey(historyStatusKey(s)), std::optional<HistoryStatus>(s));
    QCOMPARE(historyStatusKey(HistoryStatus::NotSent), u"not_sent"_qs);
    QCOMPARE(historyStatusKey(HistoryStatus::SentNoAnswer), u"sent_no_answer"_qs);
    QCOMPARE(historyStatusFromKey(u"sending"),
             std::optional<HistoryStatus>(HistoryStatus::SentNoAnswer));
    QVERIFY(!historyStatusFromKey(u"bogus"));
}

void TestHistory::profileNotRecorded()
{
    QCOMPARE(History::profileDisplayName(QString()), u"(not recorded)"_qs);
    QCOMPARE(History::profileDisplayName(u"Acme"_qs), u"Acme"_qs);
}

void TestHistory::writerDropsWhatItCannotWriteInTime()
{
    // Another program holds the file for longer than anyone waits: an owner's queued writes are
    // dropped (said not written, never run), the one in progress ends by the busy timeout, and
    // finishing the writer drops what it cannot write within its bound the same way.
    const QString file = path(u"dropped.sqlite"_qs);
    {
        History create(file);
        QVERIFY(create.isOpen());
    }
    QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"holder"_qs);
    other.setDatabaseName(file);
    QVERIFY(other.open());
    QVERIFY(QSqlQuery(other).exec(u"BEGIN IMMEDIATE"_qs));
    const QString droppedText = u"the history closed before it was written"_qs;
    int owner = 0;
    QMutex mutex;
    QStringList errors; // of the writes that were not committed, in order
    int wrote = 0;
    const auto task = [&](const void *taskOwner) {
        HistoryWriter::Task t;
        t.owner = taskOwner;
        t.write = [&](QSqlDatabase &, bool, bool *, QString *) {
            QMutexLocker lock(&mutex);
            ++wrote;
            return true;
        };
        t.done = [&](const HistoryWriter::Result &r) {
            QMutexLocker lock(&mutex);
            if (!r.committed)
                errors.append(r.error);
        };
        return t;
    };
    {
        HistoryWriter writer(file, 300);
        for (int i = 0; i < 3; ++i)
            writer.post(task(&owner));
        QVERIFY(!writer.waitFor(&owner, 50)); // the first waits for the lock
        writer.drop(&owner);
        QVERIFY(writer.waitFor(&owner, 0));
        QCOMPARE(errors.size(), 3);
        // At most the first was running (and ended by the busy timeout); the others never ran.
        QVERIFY2(errors.count(droppedText) >= 2, qPrintable(errors.join(u" | "_qs)));
        // The History's own, behind one that waits for the lock: dropped by a finish that waits
        // for nothing.
        writer.post(task(nullptr));
        writer.post(task(nullptr));
        writer.finish(0);
        QCOMPARE(errors.size(), 5);
        QVERIFY2(errors.mid(3).contains(droppedText), qPrintable(errors.join(u" | "_qs)));
    }
    QCOMPARE(wrote, 0);
    QSqlQuery(other).exec(u"ROLLBACK"_qs);
    other.close();
    other = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"holder"_qs);
}

void TestHistory::roundTrip()
{
    History h(path(u"a.sqlite"_qs));
    QVERIFY2(h.isOpen(), qPrintable(h.problem()));
    const qint64 run = h.beginRun(info({u"a"_qs, u"b"_qs}));
    QVERIFY(run > 0);
    CallRecord c = call(1, {u"a"_qs, u"b"_qs});
    QVERIFY(h.recordCallSending(run, c));
    c.httpStatus = 200;
    c.hasCode = true;
    c.code = 0;
    c.requestId = u"4315169065145771656"_qs;
    c.body = R"({"Code":0})";
    h.recordCallFinished(run, c,
                         {outcome(u"a"_qs, StreamStatus::Succeeded),
                          outcome(u"b"_qs, StreamStatus::Failed, u"404"_qs)});
    h.endRun(run,
             {outcome(u"a"_qs, StreamStatus::Succeeded),
              outcome(u"b"_qs, StreamStatus::Failed, u"404"_qs)},
             false);

    const auto r = h.run(run);
    QVERIFY(r);
    QCOMPARE(r->profile, u"Acme"_qs);
    QCOMPARE(r->appId, 1234567890u);
    QCOMPARE(r->requested, 2);
    QCOMPARE(r->stopped, 1);
    QCOMPARE(r->failed, 1);
    QVERIFY(r->endedAt.isValid());
    QVERIFY(!r->osUser.isEmpty());
    QVERIFY(!r->host.isEmpty());
    const auto streams = h.streams(run);
    QCOMPARE(streams.size(), 2);
    QCOMPARE(streams[1].status, HistoryStatus::Failed);
    QCOMPARE(streams[1].code, u"404"_qs);
    const auto calls = h.calls(run);
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls[0].state, u"answered"_qs);
    QCOMPARE(calls[0].code, u"0"_qs);
    QCOMPARE(calls[0].requestId, u"4315169065145771656"_qs);
    QCOMPARE(calls[0].streamIds, (QStringList{u"a"_qs, u"b"_qs}));
    QCOMPARE(calls[0].body, QByteArray(R"({"Code":0})"));
}

void TestHistory::sentButNotAnsweredReadsUnknown()
{
    const QString file = path(u"crash.sqlite"_qs);
    qint64 run = 0;
    {
        History h(file);
        run = h.beginRun(info({u"x"_qs}));
        QVERIFY(h.recordCallSending(run, call(1, {u"x"_qs})));
        // ...and the process "dies": no answer, no end.
    }
    History again(file);
    const auto calls = again.calls(run);
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls[0].state, u"sent"_qs); // sent, outcome unknown
    QVERIFY(!again.run(run)->endedAt.isValid());
}

void TestHistory::nothingSecretInTheFile()
{
    const QString file = path(u"s.sqlite"_qs);
    {
        History h(file);
        const qint64 run = h.beginRun(info({u"a"_qs}));
        CallRecord c = call(1, {u"a"_qs});
        QVERIFY(h.recordCallSending(run, c));
        h.endRun(run, {outcome(u"a"_qs, StreamStatus::Succeeded)}, false);
    }
    QByteArray all;
    for (const QString &f : QDir(m_dir.path()).entryList({u"s.sqlite*"_qs}, QDir::Files)) {
        QFile in(m_dir.filePath(f));
        QVERIFY(in.open(QIODevice::ReadOnly));
        all += in.readAll();
    }
    QVERIFY(all.contains("Signature=REDACTED"));
    QVERIFY(!all.contains("Signature=4")); // no real signature value
}

void TestHistory::corruptFileIsMovedAsideNotDeleted()
{
    const QString file = path(u"bad.sqlite"_qs);
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("this is not a database, but somebody's data\n").repeated(100));
    }
    History h(file);
    QVERIFY(h.isOpen());
    QVERIFY2(h.problem().contains(u"moved to"_qs), qPrintable(h.problem()));
    const QStringList aside =
        QDir(m_dir.path()).entryList({u"bad.sqlite.unreadable-*"_qs}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QFile kept(m_dir.filePath(aside.front()));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QVERIFY(kept.readAll().startsWith("this is not a database"));
    QVERIFY(h.beginRun(info({u"a"_qs})) > 0); // and the new one works
}

void TestHistory::newerSchemaIsLeftAlone()
{
    const QString file = path(u"new.sqlite"_qs);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"maker"_qs);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery(db).exec(u"PRAGMA user_version = 99"_qs);
        QSqlQuery(db).exec(u"CREATE TABLE future (x)"_qs);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"maker"_qs);
    History h(file);
    QVERIFY(h.problem().contains(u"newer cdnrec"_qs));
    QVERIFY(!h.isOpen());
    QCOMPARE(h.beginRun(info({u"a"_qs})), 0);
    QVERIFY(QDir(m_dir.path()).entryList({u"new.sqlite.unreadable-*"_qs}).isEmpty()); // not moved
}

void TestHistory::filtersAndRetention()
{
    History h(path(u"f.sqlite"_qs));
    const qint64 a = h.beginRun(info({u"s1"_qs, u"s2"_qs}, u"Acme"_qs));
    h.endRun(a,
             {outcome(u"s1"_qs, StreamStatus::Succeeded), outcome(u"s2"_qs, StreamStatus::Unknown)},
             false);
    const qint64 b = h.beginRun(info({u"s2"_qs, u"s3"_qs}, u"Globex"_qs));
    h.endRun(b,
             {outcome(u"s2"_qs, StreamStatus::Succeeded), outcome(u"s3"_qs, StreamStatus::Failed)},
             false);

    QCOMPARE(h.runs().size(), 2);
    QCOMPARE(h.runs().front().id, b); // newest first
    History::Filter byStream;
    byStream.streamId = u"s2"_qs;
    QCOMPARE(h.runs(byStream).size(), 2);
    QCOMPARE(h.findStreams(byStream).size(), 2);
    History::Filter byProfile;
    byProfile.profile = u"Acme"_qs;
    QCOMPARE(h.runs(byProfile).size(), 1);
    History::Filter byStatus;
    byStatus.status = HistoryStatus::Failed;
    QCOMPARE(h.runs(byStatus).front().id, b);
    History::Filter future;
    future.since = QDateTime::currentDateTime().addDays(1);
    QCOMPARE(h.runs(future).size(), 0);

    // Retention: make run a 40 days old, keep 30 days.
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"ager"_qs);
    db.setDatabaseName(path(u"f.sqlite"_qs));
    QVERIFY(db.open());
    QSqlQuery q(db);
    q.prepare(u"UPDATE runs SET started_at = ? WHERE id = ?"_qs);
    q.addBindValue(QDateTime::currentDateTimeUtc().addDays(-40).toString(Qt::ISODateWithMs));
    q.addBindValue(a);
    QVERIFY(q.exec());
    db.close();
    QCOMPARE(h.purgeOlderThan(30), 1);
    QCOMPARE(h.runs().size(), 1);
    QVERIFY(h.streams(a).isEmpty()); // its streams went with it
}

void TestHistory::twoWritersAtOnce()
{
    // Two connections (as the console and the CLI would be) writing interleaved: no lost rows.
    const QString file = path(u"two.sqlite"_qs);
    History one(file);
    History two(file);
    const qint64 r1 = one.beginRun(info({u"a"_qs}));
    const qint64 r2 = two.beginRun(info({u"b"_qs}));
    for (int i = 1; i <= 200; ++i) {
        QVERIFY(one.recordCallSending(r1, call(i, {u"a"_qs})));
        QVERIFY(two.recordCallSending(r2, call(i, {u"b"_qs})));
    }
    QCOMPARE(one.calls(r2).size(), 200);
    QCOMPARE(two.calls(r1).size(), 200);
}

void TestHistory::fullDiskRefusesToRecord()
{
    History h(path(u"full.sqlite"_qs));
    const qint64 run = h.beginRun(info({u"a"_qs}));
    h.setMaxPageCountForTesting(8);
    bool refused = false;
    for (int i = 1; i <= 2000 && !refused; ++i)
        refused = !h.recordCallSending(run, call(i, {QString(200, u'x')}));
    QVERIFY(refused);
    QVERIFY2(h.lastError().contains(u"full"_qs), qPrintable(h.lastError()));
}

void TestHistory::checkAndPurgeOnAnotherThread()
{
    const QString file = path(u"threads.sqlite"_qs);
    History h(file);
    const qint64 old = h.beginRun(info({u"a"_qs}));
    h.endRun(old, {outcome(u"a"_qs, StreamStatus::Succeeded)}, false);
    const qint64 recent = h.beginRun(info({u"b"_qs}));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"ager2"_qs);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        q.prepare(u"UPDATE runs SET started_at = ? WHERE id = ?"_qs);
        q.addBindValue(QDateTime::currentDateTimeUtc().addDays(-40).toString(Qt::ISODateWithMs));
        q.addBindValue(old);
        QVERIFY(q.exec());
        db.close();
    }
    QSqlDatabase::removeDatabase(u"ager2"_qs);
    History::Integrity check;
    int purged = -1;
    QString error;
    std::thread worker([&] {
        check = History::checkIntegrity(file);
        purged = History::purgeOlderThan(file, 30, &error);
    });
    worker.join();
    QVERIFY2(check.ok, qPrintable(check.detail));
    QCOMPARE(purged, 1);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(h.runs().size(), 1);
    QCOMPARE(h.runs().front().id, recent);
    QVERIFY(h.streams(old).isEmpty());
}

QTEST_GUILESS_MAIN(TestHistory)
#include "test_history.moc"
