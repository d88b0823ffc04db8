// SPDX-License-Identifier: GPL-3.0-or-later
// What a hostile gateway or an odd profile name puts into an event reaches the team database as
// it was: quotes, backslashes, control characters, Chinese, and a NUL (which PostgreSQL's text
// cannot hold) never poisons the replay: the events after it still arrive, exactly once.
#include "history.h"
#include "pgcluster.h"
#include "teamconfig.h"
#include "teamdatabase.h"
#include "teamoutbox.h"
#include "teamsync.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

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
    }

    void oddTextArrivesAsItWas()
    {
        const QString path = m_dir.filePath(u"history.sqlite"_qs);
        {
            History h(path);
            QVERIFY(h.isOpen());
        }
        const QString tricky = u"say \"hi\" \\ back\\slash\n\ttab \x01 bell\x07 停止录制 ✓"_qs;
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
                           "ORDER BY seq"_qs));
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
};

QTEST_MAIN(TestOutboxEscaping)
#include "test_outbox_escaping.moc"
