// SPDX-License-Identifier: GPL-3.0-or-later
// What a hostile gateway or an odd profile name puts into an event reaches the team database as
// it was: quotes, backslashes, control characters, Chinese, and a NUL (which PostgreSQL's text
// cannot hold) never poisons the replay: the events after it still arrive, exactly once.
#include "pgcluster.h"
#include <store/history.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>
#include <team/teamoutbox.h>
#include <team/teamsync.h>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <atomic>
#include <thread>

using namespace cdnrec;

class TestOutboxEscaping : public QObject
{
    Q_OBJECT
    std::unique_ptr<test::PgCluster> m_pg;
    QTemporaryDir m_dir;

    TeamConfig config() const
    {
        TeamConfig c;
        c.host = m_pg->host();
        c.port = m_pg->port();
        c.database = u"cdnrec"_qs;
        c.user = m_pg->adminUser();
        c.sslMode = u"disable"_qs;
        c.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
        return c;
    }
    static TeamEvent event(const QString &profile, const QString &streamId, const QString &message)
    {
        TeamEvent e;
        e.eventId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        e.runId = u"0b6b6f62-8a65-4a11-9d40-6a0a8f0e2a11"_qs;
        e.localRunId = 1;
        e.kind = u"stream_outcome"_qs;
        e.occurredAt = QDateTime::currentDateTimeUtc();
        e.osUser = u"op"_qs;
        e.host = u"pc"_qs;
        e.profile = profile;
        e.appId = 1234567890;
        e.action = u"stop"_qs;
        e.streamId = streamId;
        e.status = u"failed"_qs;
        e.detail =
            QJsonDocument(QJsonObject{{u"message"_qs, message}}).toJson(QJsonDocument::Compact);
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pg = std::make_unique<test::PgCluster>();
        QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
        m_pg->createDatabase(u"cdnrec"_qs);
        TeamDatabase::open(config(), QString(), u"init"_qs);
        const TeamDatabase::Status m = TeamDatabase::migrate(u"init"_qs);
        QVERIFY2(m.ok(), qPrintable(m.message));
        TeamDatabase::close(u"init"_qs);
        begin(u"0b6b6f62-8a65-4a11-9d40-6a0a8f0e2a11"_qs); // the run of event()
    }

    void oddTextArrivesAsItWas()
    {
        const QString path = m_dir.filePath(u"history.sqlite"_qs);
        {
            History h(path);
            QVERIFY(h.isOpen());
        }
        // Dollar signs too: the sync sends a batch as a dollar-quoted literal.
        const QString tricky =
            u"say \"hi\" \\ back\\slash\n\ttab \x01 bell\x07 停止录制 ✓ $$ $j$ $5 '$$"_qs;
        const QString withNul = u"before"_qs + QChar(0) + u"after"_qs;
        // A gateway's JSON may say "\ud800": a lone surrogate, which jsonb refuses like a NUL.
        const QString lone = u"lone "_qs + QChar(0xd83d) + u" surrogate"_qs;
        QList<TeamEvent> events{
            event(tricky, u"s-1"_qs, tricky), event(u"p"_qs, u"s-2"_qs, withNul),
            event(u"p"_qs, u"s-3"_qs, u"after the NUL"_qs), event(u"p"_qs, u"s-4"_qs, lone)};
        {
            TeamOutbox outbox(path);
            QVERIFY(outbox.isOpen());
            QVERIFY(outbox.append(events));
        }
        int sent = 0;
        const TeamDatabase::Status s = TeamSync::replay(config(), QString(), path, &sent);
        QVERIFY2(s.ok(), qPrintable(s.message));
        QCOMPARE(sent, 4);

        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_qs, u"check"_qs);
        db.setHostName(m_pg->host());
        db.setPort(m_pg->port());
        db.setDatabaseName(u"cdnrec"_qs);
        db.setUserName(m_pg->adminUser());
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT stream_id, profile, detail->>'message' FROM cdnrec_events "
                           "WHERE kind = 'stream_outcome' ORDER BY seq"_qs));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), u"s-1"_qs);
            QCOMPARE(q.value(1).toString(), tricky);
            QCOMPARE(q.value(2).toString(), tricky);
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), u"s-2"_qs);
            // PostgreSQL's text holds no NUL: the rest of the message is kept around it.
            const QString kept = q.value(2).toString();
            QVERIFY2(kept.startsWith(u"before"_qs) && kept.endsWith(u"after"_qs), qPrintable(kept));
            QVERIFY(q.next());
            QCOMPARE(q.value(2).toString(), u"after the NUL"_qs);
            QVERIFY(q.next());
            QCOMPARE(q.value(2).toString(), u"lone "_qs + QChar(0xfffd) + u" surrogate"_qs);
            QVERIFY(!q.next());
        }
        db.close();
        QSqlDatabase::removeDatabase(u"check"_qs);
        // Replayed again: nothing more.
        sent = 0;
        QVERIFY(TeamSync::replay(config(), QString(), path, &sent).ok());
        QCOMPARE(sent, 0);
    }

    // A history file's statement, on a connection of its own.
    static QStringList onFile(const QString &path, const QString &statement)
    {
        QStringList out;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"side"_qs);
            db.setDatabaseName(path);
            if (!db.open())
                return {u"cannot open"_qs};
            QSqlQuery q(db);
            if (!q.exec(statement))
                out.append(u"error: "_qs + q.lastError().text());
            while (q.next())
                out.append(q.value(0).toString());
        }
        QSqlDatabase::removeDatabase(u"side"_qs);
        return out;
    }
    QStringList teamStreams(const QString &runId) const
    {
        return m_pg
            ->psql(
                u"SELECT stream_id FROM cdnrec_events WHERE run_id = '%1' AND kind = 'stream_outcome' ORDER BY seq;"_qs
                    .arg(runId),
                u"cdnrec"_qs)
            .split(u'\n', Qt::SkipEmptyParts);
    }

    // A history file as the history makes it (the outbox comes with a first team run); empty
    // when it cannot be made.
    QString newHistory(const QString &name) const
    {
        const QString path = m_dir.filePath(name);
        return History(path).isOpen() ? path : QString();
    }
    // One moment: a stream_outcome of `runId` for `stream`, appended as a run would.
    static bool appendOutcome(const QString &path, const QString &runId, const QString &stream)
    {
        TeamEvent e = event(u"p"_qs, stream, u"m"_qs);
        e.runId = runId;
        QList<TeamEvent> one{e};
        return TeamOutbox(path).append(one);
    }
    // A run the team database knows was begun by this test's login: since 005 the server takes
    // events only for a run their writer began.
    QString newRunId() const
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        begin(id);
        return id;
    }
    void begin(const QString &runId) const
    {
        m_pg->psql(u"SELECT cdnrec_append_events(jsonb_build_array(jsonb_build_object("
                   "'event_id', gen_random_uuid(), 'run_id', '%1', 'kind', 'run_begun', "
                   "'occurred_at', now(), 'os_user', 'op', 'host', 'pc', 'app_id', 1234567890, "
                   "'action', 'stop')));"_qs.arg(runId),
                   u"cdnrec"_qs);
    }

    void damagedMomentIsPassedOverNotStuck()
    {
        // A history file damaged by hand (or by a tool): moments that are not JSON, hold a NUL
        // byte, are nested 200,000 deep, or are halves meant to swallow the moment between them
        // once spliced into a batch; and one that is JSON but whose event_id the server cannot
        // read. Each would fail (or falsify) every batch it is in, for good; each is passed over
        // with a warning, and the moments around them arrive, exactly once, as they were.
        const QString path = newHistory(u"damaged.sqlite"_qs);
        QVERIFY(!path.isEmpty());
        const QString runId = newRunId();
        const auto moment = [&](const QString &stream) {
            return appendOutcome(path, runId, stream);
        };
        const auto raw = [&](const QByteArray &json) {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"raw"_qs);
            bool ok = false;
            {
                db.setDatabaseName(path);
                ok = db.open();
                QSqlQuery q(db);
                ok = ok && q.prepare(u"INSERT INTO team_outbox (moment, at_ms, events, json) "
                                     "VALUES ('stream_outcome', 0, 1, ?)"_qs);
                q.addBindValue(json);
                ok = ok && q.exec();
            }
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(u"raw"_qs);
            return ok;
        };
        // A whole event but for its event_id: what the server alone can refuse.
        QByteArray badId;
        {
            TeamEvent e = event(u"p"_qs, u"bad-id"_qs, u"m"_qs);
            e.runId = runId;
            e.eventId = u"oops"_qs;
            badId = "[";
            TeamJson::appendEvent(badId, e);
            badId += "]";
        }
        QByteArray hidden;
        {
            TeamEvent e = event(u"p"_qs, u"d-hidden"_qs, u"m"_qs);
            e.runId = runId;
            hidden = "[";
            TeamJson::appendEvent(hidden, e);
            hidden += "]";
        }
        QVERIFY(moment(u"d-1"_qs));
        QVERIFY(raw("[{\"event_id\": oops}]"));
        QVERIFY(raw(QByteArray("[{}\0\0\0]", 8)));
        QVERIFY(raw(QByteArray(200000, '[') + QByteArray(200000, ']')));
        QVERIFY(raw(badId));
        // Halves: spliced, "[{...},\"junk\":[0]" + hidden + "[0]}]" would make the moment
        // between them a value of "junk", and a fake event of their own.
        QVERIFY(raw(badId.chopped(2) + ",\"junk\":[0]"));
        QVERIFY(raw(hidden));
        QVERIFY(raw("[0]}]"));
        QVERIFY(moment(u"d-2"_qs));
        QCOMPARE(TeamOutbox(path).unsyncedCount(), 9);
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(u"the team database refuses moment"_qs));
        for (int i = 0; i < 5; ++i)
            QTest::ignoreMessage(QtWarningMsg,
                                 QRegularExpression(u"is damaged and cannot be sent"_qs));
        int sent = 0;
        const TeamDatabase::Status s = TeamSync::replay(config(), QString(), path, &sent);
        QVERIFY2(s.ok(), qPrintable(s.message));
        QCOMPARE(teamStreams(runId), (QStringList{u"d-1"_qs, u"d-hidden"_qs, u"d-2"_qs}));
        QCOMPARE(TeamOutbox(path).unsyncedCount(), 0);
        // They stay in the local file, for a person to look at.
        QCOMPARE(onFile(path, u"SELECT count(*) FROM team_outbox"_qs), QStringList{u"9"_qs});
        sent = 0;
        QVERIFY(TeamSync::replay(config(), QString(), path, &sent).ok());
        QCOMPARE(sent, 0);
        QCOMPARE(teamStreams(runId).size(), 3);
    }

    void serverFaultIsNotMistakenForBadData()
    {
        // After a restore, cdnrec_events' sequence can be behind its rows: every insert then fails
        // with a unique violation (23505, of seq, not event_id). That is the server's state, not
        // the events': nothing is passed over, the replay fails and says so, and once the
        // sequence is right the same events arrive.
        const QString path = newHistory(u"restored.sqlite"_qs);
        QVERIFY(!path.isEmpty());
        const QString runId = newRunId();
        QVERIFY(appendOutcome(path, runId, u"r-1"_qs));
        QVERIFY(appendOutcome(path, runId, u"r-2"_qs));
        // Rows at seq 1 and 2 for the sequence to run into.
        QVERIFY(!m_pg->psql(u"SELECT count(*) FROM cdnrec_events;"_qs, u"cdnrec"_qs).isNull());
        m_pg->psql(u"SELECT setval('cdnrec_events_seq_seq', 1, false);"_qs, u"cdnrec"_qs);
        int sent = 0;
        TeamDatabase::Status s = TeamSync::replay(config(), QString(), path, &sent);
        QVERIFY(!s.ok());
        QCOMPARE(TeamOutbox(path).unsyncedCount(), 2);
        QVERIFY(teamStreams(runId).isEmpty());
        m_pg->psql(u"SELECT setval('cdnrec_events_seq_seq', (SELECT max(seq) FROM "
                   "cdnrec_events));"_qs,
                   u"cdnrec"_qs);
        s = TeamSync::replay(config(), QString(), path, &sent);
        QVERIFY2(s.ok(), qPrintable(s.message));
        QCOMPARE(teamStreams(runId), (QStringList{u"r-1"_qs, u"r-2"_qs}));
        QCOMPARE(TeamOutbox(path).unsyncedCount(), 0);
    }

    void outboxOfAnEarlierBuildIsConverted()
    {
        // A development build kept one row per event with a synced flag: what it had not sent is
        // kept, in order, and its runs are still told apart.
        const QString path = newHistory(u"old.sqlite"_qs);
        QVERIFY(!path.isEmpty());
        const QString runId = newRunId();
        QCOMPARE(
            onFile(path,
                   u"CREATE TABLE team_outbox (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL "
                   "UNIQUE, run_id TEXT NOT NULL, local_run_id INTEGER, call_id TEXT, kind "
                   "TEXT NOT NULL, occurred_at TEXT NOT NULL, os_user TEXT NOT NULL, host TEXT "
                   "NOT NULL, profile TEXT NOT NULL DEFAULT '', app_id INTEGER NOT NULL, "
                   "action TEXT NOT NULL, stream_id TEXT, status TEXT, detail TEXT NOT NULL "
                   "DEFAULT '{}', synced INTEGER NOT NULL DEFAULT 0)"_qs),
            QStringList());
        QCOMPARE(onFile(path, u"CREATE INDEX team_outbox_unsynced ON team_outbox(seq) WHERE "
                              "synced = 0"_qs),
                 QStringList());
        const auto oldRow = [&](int n, const QString &stream, int synced) {
            return onFile(path,
                          u"INSERT INTO team_outbox (event_id, run_id, local_run_id, kind, "
                          "occurred_at, os_user, host, app_id, action, stream_id, status, "
                          "detail, synced) VALUES ('%1', '%2', 7, 'stream_outcome', "
                          "'2026-11-20T10:00:0%3.000Z', 'op', 'pc', 1234567890, 'stop', '%4', "
                          "'stopped', '{\"n\":%3}', %5)"_qs
                              .arg(QUuid::createUuid().toString(QUuid::WithoutBraces), runId)
                              .arg(n)
                              .arg(stream)
                              .arg(synced));
        };
        QCOMPARE(oldRow(1, u"old-1"_qs, 1), QStringList());
        QCOMPARE(oldRow(2, u"old-2"_qs, 0), QStringList());
        QCOMPARE(oldRow(3, u"old-3"_qs, 0), QStringList());
        // That build wrote a NUL as \u0000 (its reader made it U+FFFD), and sent a detail that
        // is not an object as {}.
        QCOMPARE(onFile(path, u"UPDATE team_outbox SET detail = '{\"message\":\"a\\u0000b\"}' "
                              "WHERE stream_id = 'old-2'"_qs),
                 QStringList());
        QCOMPARE(oldRow(4, u"old-4"_qs, 0), QStringList());
        QCOMPARE(onFile(path, u"UPDATE team_outbox SET detail = '[1]' WHERE stream_id = "
                              "'old-4'"_qs),
                 QStringList());
        {
            TeamOutbox outbox(path);
            QVERIFY2(outbox.isOpen(), qPrintable(outbox.lastError()));
            QCOMPARE(outbox.unsyncedCount(), 3);
            QCOMPARE(outbox.localRunsSynced().value(7, true), false);
        }
        int sent = 0;
        QVERIFY(TeamSync::replay(config(), QString(), path, &sent).ok());
        QCOMPARE(sent, 3);
        QCOMPARE(teamStreams(runId), (QStringList{u"old-2"_qs, u"old-3"_qs, u"old-4"_qs}));
        QCOMPARE(m_pg->psql(u"SELECT detail->>'message' FROM cdnrec_events WHERE stream_id = "
                            "'old-2';"_qs,
                            u"cdnrec"_qs),
                 u"a\ufffdb"_qs);
        QCOMPARE(m_pg->psql(u"SELECT detail::text FROM cdnrec_events WHERE stream_id = "
                            "'old-4';"_qs,
                            u"cdnrec"_qs),
                 u"{}"_qs);
        QCOMPARE(m_pg->psql(u"SELECT detail->>'n' FROM cdnrec_events WHERE stream_id = 'old-3';"_qs,
                            u"cdnrec"_qs),
                 u"3"_qs);
        QCOMPARE(TeamOutbox(path).localRunsSynced().value(7, false), true);
    }

    void opensWhileTheHistoryWrites()
    {
        // The sync opens its outbox while a run commits to the same file many times a second.
        // Its set-up reads, then writes: in a deferred transaction, a commit of the other
        // connection in between failed it at once ("database is locked").
        const QString path = newHistory(u"busy.sqlite"_qs);
        QVERIFY(!path.isEmpty());
        QVERIFY(TeamOutbox(path).isOpen()); // the tables, as a first run makes them
        std::atomic<bool> stop{false};
        std::atomic<int> writes{0};
        std::thread writer([&] {
            History h(path);
            while (!stop.load()) {
                h.writeRows([](QSqlDatabase &db, QString *) {
                    QSqlQuery q(db);
                    return q.exec(
                        u"UPDATE team_outbox_mark SET synced_through = synced_through"_qs);
                });
                ++writes;
            }
        });
        // At least 40 opens, and for as long as it takes the writer to commit 40 times: the two
        // overlap however the machine schedules them.
        int attempts = 0, opened = 0;
        QElapsedTimer clock;
        clock.start();
        while ((attempts < 40 || writes.load() < 40) && clock.elapsed() < 30000) {
            ++attempts;
            opened += TeamOutbox(path).isOpen() ? 1 : 0;
        }
        stop = true;
        writer.join();
        QVERIFY(writes.load() >= 40);
        QCOMPARE(opened, attempts);
    }
};

QTEST_MAIN(TestOutboxEscaping)
#include "test_outbox_escaping.moc"
