// SPDX-License-Identifier: GPL-3.0-or-later
#include "history.h"
#include "stopjob.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {

CallRecord call(int no, const QStringList &ids)
{
    CallRecord c;
    c.callId = no;
    c.streamIds = ids;
    c.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    c.redactedUrl = QStringLiteral("https://rtc-api.zego.im/?Action=StopCDNRecord&Signature=REDACTED");
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
    void roundTrip();
    void sentButNotAnsweredReadsUnknown();
    void nothingSecretInTheFile();
    void corruptFileIsMovedAsideNotDeleted();
    void newerSchemaIsLeftAlone();
    void filtersAndRetention();
    void twoWritersAtOnce();
    void fullDiskRefusesToRecord();
};

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
    h.recordCallFinished(run, c, {outcome(u"a"_qs, StreamStatus::Stopped), outcome(u"b"_qs, StreamStatus::Failed, u"404"_qs)});
    h.endRun(run, {outcome(u"a"_qs, StreamStatus::Stopped), outcome(u"b"_qs, StreamStatus::Failed, u"404"_qs)}, false);

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
    QCOMPARE(streams[1].status, u"failed"_qs);
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
        h.endRun(run, {outcome(u"a"_qs, StreamStatus::Stopped)}, false);
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
    const QStringList aside = QDir(m_dir.path()).entryList({u"bad.sqlite.unreadable-*"_qs}, QDir::Files);
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
    h.endRun(a, {outcome(u"s1"_qs, StreamStatus::Stopped), outcome(u"s2"_qs, StreamStatus::Unknown)}, false);
    const qint64 b = h.beginRun(info({u"s2"_qs, u"s3"_qs}, u"Globex"_qs));
    h.endRun(b, {outcome(u"s2"_qs, StreamStatus::Stopped), outcome(u"s3"_qs, StreamStatus::Failed)}, false);

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
    byStatus.status = u"failed"_qs;
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

QTEST_GUILESS_MAIN(TestHistory)
#include "test_history.moc"
