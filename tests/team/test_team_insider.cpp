// SPDX-License-Identifier: GPL-3.0-or-later
// Team mode against an insider (issue 20): an operator's and an auditor's own database accounts,
// used as they would with psql, on a real throw-away server. Each test is one attack of the
// issue, tried as the attacker and judged by what the database then holds or what a colleague's
// cdnrec then reads. The budget's attacks (#4, #5) need jobs and a simulator: test_teambudget.
// docs/team-security.md is the threat model these tests hold to.
#include "pgcluster.h"
#include "teamtest.h"
#include "teststep.h"
#include <store/profilestore.h>
#include <team/teamcatalog.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>
#include <team/teamhistory.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <atomic>
#include <memory>
#include <thread>

using namespace cdnrec;

namespace {

const QString kDb = QStringLiteral("cdnrec");

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// One event as the outbox writes it, in SQL (jsonb_build_object), for a batch of the function.
QString eventSql(const QString &kind, const QString &runId, const QString &extra = QString())
{
    return QStringLiteral("jsonb_build_object('event_id', gen_random_uuid(), 'run_id', '%1', "
                          "'kind', '%2', 'occurred_at', now(), 'os_user', 'x', 'host', 'h', "
                          "'app_id', 1234, 'action', 'stop'%3)")
        .arg(runId, kind, extra.isEmpty() ? QString() : QStringLiteral(", ") + extra);
}

Profile acme()
{
    Profile p;
    p.name = QStringLiteral("Acme");
    p.appId = 1234567;
    p.region = QStringLiteral("sgp");
    p.vendor = Vendor::Tencent;
    p.environment = Profile::Environment::Production;
    return p;
}

} // namespace

class TestTeamInsider final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void everyDefinerFunctionIsPinnedAndOwnedByANonSuperuser();
    void tempTableCannotShadowTheTrail();           // #1
    void runCannotBeTakenOver();                    // #2
    void oldDatabaseIsMigratedInPlace();            // #2, #3 on a database 004 left
    void serverAssignsSeq();                        // #3
    void endpointChangeIsTheAdminsAndNeverSilent(); // #6
    void endpointOutsideZegoNeedsTheAllowList();    // #6
    void oversizedRowsAreRefused();                 // #7
    void forgedHugeRunsDoNotHideRealOnes();         // #8
    void auditorWritesNothing();                    // #11 (the database's half)
    void loneEventIsNoRun();                // also seen: a hand-inserted event shows as a run
    void killedRunCountsItsUnsentStreams(); // also seen: "0 skipped" for 232 never sent
    // Found by a second attacker after 005 was written (each failed before its fix):
    void reusedRunBegunBeginsNothing();
    void staleTransactionClockDropsNoLease();
    void throwAwayLeasesCannotStarveAColleague();
    void releasedLeaseStaysReleased();
    void noLargeObjectsAndServerChecksTheRest();

private:
    TeamConfig config(const QString &user) const;
    bool as(const QString &user, const QString &sql, QString *out = nullptr,
            QString *err = nullptr) const
    {
        QString o, e;
        const bool ok = m_pg->psqlAs(user, QStringLiteral("pw-") + user, sql, &o, &e, kDb);
        if (out)
            *out = o;
        if (err)
            *err = e;
        return ok;
    }
    QString admin(const QString &sql) const { return m_pg->psql(sql, kDb); }
    void migrate(const QString &database) const;

    std::unique_ptr<test::PgCluster> m_pg;
    std::unique_ptr<QTemporaryDir> m_dir;
};

TeamConfig TestTeamInsider::config(const QString &user) const
{
    return test::teamConfig(*m_pg, user, kDb);
}

void TestTeamInsider::migrate(const QString &database) const
{
    TeamConfig c = config(m_pg->adminUser());
    c.database = database;
    const QString conn = QStringLiteral("insider-migrate-") + database;
    TeamDatabase::open(c, QString(), conn); // not initialised yet: stays open
    const TeamDatabase::Status s = TeamDatabase::migrate(conn);
    TeamDatabase::close(conn);
    QVERIFY2(s.ok(), qPrintable(s.message));
}

void TestTeamInsider::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("cdnrec-test"));
    QCoreApplication::setApplicationName(QStringLiteral("test_team_insider"));
    m_pg = std::make_unique<test::PgCluster>();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_pg->createDatabase(kDb);
    TEST_STEP(migrate(kDb));
    m_pg->createRole(QStringLiteral("alice"), QStringLiteral("pw-alice"),
                     QStringLiteral("cdnrec_operator"));
    m_pg->createRole(QStringLiteral("bob"), QStringLiteral("pw-bob"),
                     QStringLiteral("cdnrec_operator"));
    m_pg->createRole(QStringLiteral("mallory"), QStringLiteral("pw-mallory"),
                     QStringLiteral("cdnrec_operator"));
    m_pg->createRole(QStringLiteral("audrey"), QStringLiteral("pw-audrey"),
                     QStringLiteral("cdnrec_auditor"));
    // A team admin: an operator who may also change where profiles sign.
    m_pg->createRole(QStringLiteral("adam"), QStringLiteral("pw-adam"),
                     QStringLiteral("cdnrec_operator"));
    m_pg->psql(QStringLiteral("GRANT cdnrec_admin TO adam;"));
}

void TestTeamInsider::init()
{
    admin(QStringLiteral("ALTER TABLE cdnrec_profile_changes DISABLE TRIGGER USER; DELETE FROM "
                         "cdnrec_profile_changes; ALTER TABLE cdnrec_profiles DISABLE TRIGGER "
                         "USER; DELETE FROM cdnrec_profiles; ALTER TABLE cdnrec_profiles ENABLE "
                         "TRIGGER USER; ALTER TABLE cdnrec_profile_changes "
                         "ENABLE TRIGGER USER; DELETE FROM cdnrec_allowed_endpoints;"));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestTeamInsider::cleanupTestCase()
{
    m_pg.reset();
}

void TestTeamInsider::everyDefinerFunctionIsPinnedAndOwnedByANonSuperuser()
{
    // Every SECURITY DEFINER function of ours: search_path pinned with pg_temp last, owned by a
    // role that is not a superuser and cannot log in.
    const QString loose = admin(QStringLiteral(
        "SELECT string_agg(p.proname, ',') FROM pg_proc p JOIN pg_namespace n ON n.oid = "
        "p.pronamespace JOIN pg_roles r ON r.oid = p.proowner WHERE n.nspname = 'public' AND "
        "p.proname LIKE 'cdnrec%' AND p.prosecdef AND (r.rolsuper OR r.rolcanlogin OR NOT "
        "coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false));"));
    QCOMPARE(loose, QString());
    QVERIFY(admin(QStringLiteral("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = "
                                 "p.pronamespace WHERE n.nspname = 'public' AND p.prosecdef;"))
                .toInt() >= 5);
    // The tables: the same owner; no group role may write any of them.
    QCOMPARE(admin(QStringLiteral(
                 "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE tablename "
                 "LIKE 'cdnrec%';")),
             QStringLiteral("cdnrec_owner"));
    QCOMPARE(admin(QStringLiteral(
                 "SELECT count(*) FROM pg_tables t, unnest(ARRAY['cdnrec_operator', "
                 "'cdnrec_auditor']) g WHERE t.tablename LIKE 'cdnrec%' AND "
                 "(has_table_privilege(g, t.tablename, 'INSERT') OR has_table_privilege(g, "
                 "t.tablename, 'UPDATE') OR has_table_privilege(g, t.tablename, 'DELETE') OR "
                 "has_table_privilege(g, t.tablename, 'TRUNCATE'));")),
             QStringLiteral("0"));
}

void TestTeamInsider::tempTableCannotShadowTheTrail()
{
    QCOMPARE(TeamDatabase::open(config(QStringLiteral("alice")), QStringLiteral("pw-alice"),
                                QStringLiteral("alice"))
                 .error,
             TeamDatabase::Error::None);
    QCOMPARE(int(TeamCatalog(QStringLiteral("alice")).publish(acme()).outcome),
             int(TeamCatalog::PublishOutcome::Published));
    TeamDatabase::close(QStringLiteral("alice"));
    // The attack as it was: a temporary table named like the trail, with a trigger in pg_temp
    // that makes its caller a superuser. First, no temporary table at all.
    QString err;
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("CREATE TEMP TABLE cdnrec_profile_changes (x int);"), nullptr,
                &err));
    QVERIFY2(err.contains(QStringLiteral("permission denied")), qPrintable(err));
    // Even with TEMP granted back (an admin's slip), the pinned functions never see it.
    admin(QStringLiteral("GRANT TEMPORARY ON DATABASE cdnrec TO mallory;"));
    const QString attack = QStringLiteral(
        "CREATE TEMP TABLE cdnrec_profile_changes (LIKE public.cdnrec_profile_changes);\n"
        "CREATE FUNCTION pg_temp.own() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "ALTER ROLE mallory SUPERUSER; RETURN NEW; END $$;\n"
        "CREATE TRIGGER own BEFORE INSERT ON pg_temp.cdnrec_profile_changes FOR EACH ROW "
        "EXECUTE FUNCTION pg_temp.own();\n"
        "SET search_path = pg_temp, public;\n"
        "SELECT cdnrec_profile_publish('Acme', jsonb_set((SELECT fields FROM "
        "public.cdnrec_profiles WHERE name = 'Acme'), '{notes}', '\"x\"'), 'm', 'h', 0);\n"
        "SELECT count(*) FROM pg_temp.cdnrec_profile_changes;\n");
    QString out;
    const bool ran = as(QStringLiteral("mallory"), attack, &out, &err);
    admin(QStringLiteral("REVOKE TEMPORARY ON DATABASE cdnrec FROM mallory;"));
    QVERIFY2(ran, qPrintable(err));
    QCOMPARE(out.split(QLatin1Char('\n')).last(), QStringLiteral("0")); // the shadow got nothing
    QCOMPARE(admin(QStringLiteral("SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory';")),
             QStringLiteral("f"));
    // The real trail has the change, by mallory.
    QCOMPARE(admin(QStringLiteral("SELECT string_agg(version || ' ' || change || ' ' || "
                                  "changed_by, ',' ORDER BY seq) FROM cdnrec_profile_changes;")),
             QStringLiteral("1 published alice,2 changed mallory"));
}

void TestTeamInsider::runCannotBeTakenOver()
{
    const QString run = uuid();
    QString err;
    QVERIFY2(as(QStringLiteral("alice"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1, %2));")
                    .arg(eventSql(QStringLiteral("run_begun"), run,
                                  QStringLiteral("'detail', jsonb_build_object('requested', 2)")),
                         eventSql(QStringLiteral("stream_outcome"), run,
                                  QStringLiteral("'stream_id', 's1', 'status', 'stopped'"))),
                nullptr, &err),
             qPrintable(err));
    // Mallory: a second run_begun under her run_id, her own outcomes, a direct insert with a
    // chosen seq, and a run_ended saying cancelled.
    QVERIFY(!as(
        QStringLiteral("mallory"),
        QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1));")
            .arg(eventSql(QStringLiteral("run_begun"), run, QStringLiteral("'action', 'start'"))),
        nullptr, &err));
    QVERIFY2(err.contains(QStringLiteral("not begun by mallory")), qPrintable(err));
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1));")
                    .arg(eventSql(QStringLiteral("stream_outcome"), run,
                                  QStringLiteral("'stream_id', 's1', 'status', 'failed'"))),
                nullptr, &err));
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("INSERT INTO cdnrec_events (seq, event_id, run_id, kind, "
                               "occurred_at, os_user, host, app_id, action) VALUES (-1, "
                               "gen_random_uuid(), '%1', 'run_begun', now(), 'm', 'h', 1234, "
                               "'start');")
                    .arg(run),
                nullptr, &err));
    QVERIFY2(err.contains(QStringLiteral("permission denied")), qPrintable(err));

    // What any colleague's cdnrec reads: alice's stop, as she wrote it.
    TeamHistory history(config(QStringLiteral("audrey")), QStringLiteral("pw-audrey"));
    QVERIFY2(history.isOpen(), qPrintable(history.status().message));
    TeamHistory::Filter f;
    f.runId = run;
    const QList<TeamHistory::RunRecord> runs = history.runs(f);
    QVERIFY2(history.status().ok(), qPrintable(history.status().message));
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.front().dbUser, QStringLiteral("alice"));
    QCOMPARE(runs.front().action, QStringLiteral("stop"));
    QCOMPARE(runs.front().succeeded, 1);
    QCOMPARE(runs.front().failed, 0);
    QCOMPARE(
        admin(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE run_id = '%1';").arg(run)),
        QStringLiteral("2"));
}

void TestTeamInsider::oldDatabaseIsMigratedInPlace()
{
    // A team database as cdnrec left it before 005, attacked as that schema allowed: an operator
    // took seq values ahead of the sequence, and wrote a run_begun with seq -1 under a
    // colleague's run.
    const QString db = QStringLiteral("cdnrec004");
    QVERIFY(m_pg->createTeamDatabaseAt(db, 4));
    m_pg->psql(QStringLiteral("GRANT CONNECT, TEMPORARY ON DATABASE cdnrec004 TO PUBLIC;"));
    const QString run = uuid();
    QString err;
    const auto asOld = [&](const QString &user, const QString &sql) {
        QString out;
        return m_pg->psqlAs(user, QStringLiteral("pw-") + user, sql, &out, &err, db);
    };
    QVERIFY2(asOld(QStringLiteral("alice"),
                   QStringLiteral("INSERT INTO cdnrec_events (event_id, run_id, kind, "
                                  "occurred_at, os_user, host, app_id, action) VALUES "
                                  "(gen_random_uuid(), '%1', 'run_begun', now(), 'alice', 'h', "
                                  "1234, 'stop');")
                       .arg(run)),
             qPrintable(err));
    QVERIFY2(asOld(QStringLiteral("mallory"),
                   QStringLiteral("INSERT INTO cdnrec_events (seq, event_id, run_id, kind, "
                                  "occurred_at, os_user, host, app_id, action) SELECT g, "
                                  "gen_random_uuid(), '%1', CASE WHEN g = -1 THEN 'run_begun' "
                                  "ELSE 'stream_outcome' END, now(), 'm', 'h', 1234, 'start' "
                                  "FROM generate_series(-1, 2000) g WHERE g NOT IN (0, 1);")
                       .arg(run)),
             qPrintable(err));
    m_pg->psql(QStringLiteral("INSERT INTO cdnrec_profiles (name, fields, os_user) VALUES "
                              "('Old', '{\"appId\": 1}', 'a');"),
               db);
    const QString before = m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_events;"), db);

    TEST_STEP(migrate(db));
    TEST_STEP(migrate(db)); // again: nothing to do
    // Every event and profile kept; the run is alice's; a new event gets a seq of its own.
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_events;"), db), before);
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_profiles;"), db),
             QStringLiteral("1"));
    QCOMPARE(
        m_pg->psql(QStringLiteral("SELECT db_user FROM cdnrec_runs WHERE run_id = '%1';").arg(run),
                   db),
        QStringLiteral("alice"));
    QVERIFY2(asOld(QStringLiteral("bob"),
                   QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1));")
                       .arg(eventSql(QStringLiteral("run_begun"), uuid()))),
             qPrintable(err));
    QVERIFY(!asOld(QStringLiteral("mallory"), QStringLiteral("CREATE TEMP TABLE t (x int);")));
}

void TestTeamInsider::serverAssignsSeq()
{
    QString err;
    // No INSERT, no sequence: the next seq values cannot be taken by hand.
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT nextval('cdnrec_events_seq_seq');"), nullptr, &err));
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("INSERT INTO cdnrec_events (seq, event_id, run_id, kind, "
                               "occurred_at, os_user, host, app_id, action) SELECT g, "
                               "gen_random_uuid(), gen_random_uuid(), 'run_begun', now(), 'm', "
                               "'h', 1, 'stop' FROM generate_series((SELECT max(seq) + 1 FROM "
                               "cdnrec_events), (SELECT max(seq) + 1000 FROM cdnrec_events)) g;"),
                nullptr, &err));
    // A seq in the batch is not taken either: the server's own comes instead.
    const QString run = uuid();
    QVERIFY2(as(QStringLiteral("mallory"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1));")
                    .arg(eventSql(QStringLiteral("run_begun"), run, QStringLiteral("'seq', -5"))),
                nullptr, &err),
             qPrintable(err));
    QVERIFY(admin(QStringLiteral("SELECT seq FROM cdnrec_events WHERE run_id = '%1';").arg(run))
                .toLongLong() > 0);
    // A colleague's sync goes on.
    QVERIFY2(as(QStringLiteral("alice"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1));")
                    .arg(eventSql(QStringLiteral("run_begun"), uuid()))),
             qPrintable(err));
}

void TestTeamInsider::endpointChangeIsTheAdminsAndNeverSilent()
{
    for (const QString &user : {QStringLiteral("alice"), QStringLiteral("bob"),
                                QStringLiteral("mallory"), QStringLiteral("adam")})
        QVERIFY(TeamDatabase::open(config(user), QStringLiteral("pw-") + user, user).ok());
    ProfileStore bob(m_dir->filePath(QStringLiteral("bob/cdnrec.conf")));
    QCOMPARE(int(TeamCatalog(QStringLiteral("alice")).publish(acme()).outcome),
             int(TeamCatalog::PublishOutcome::Published));
    QCOMPARE(TeamCatalog(QStringLiteral("bob")).pull(bob).added,
             QStringList{QStringLiteral("Acme")});

    // Mallory, an operator, points it elsewhere: through cdnrec, through SQL.
    Profile redirected = acme();
    redirected.region.clear();
    redirected.customEndpoint = QUrl(QStringLiteral("https://rtc-api-fra.zego.im/"));
    TeamCatalog::PublishResult r = TeamCatalog(QStringLiteral("mallory")).publish(redirected, true);
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Refused));
    QVERIFY2(r.message.contains(QStringLiteral("Only a team admin")), qPrintable(r.message));
    QString err;
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("UPDATE cdnrec_profiles SET fields = fields || "
                               "'{\"appId\": 99}';"),
                nullptr, &err));
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT cdnrec_profile_publish('Acme', (SELECT fields || "
                               "'{\"appId\": 99}' FROM cdnrec_profiles WHERE name = 'Acme'), "
                               "'m', 'h', 0);"),
                nullptr, &err));
    QCOMPARE(admin(QStringLiteral("SELECT version FROM cdnrec_profiles;")), QStringLiteral("1"));

    // The admin may; a colleague's pull then holds it back, says old → new and who, and takes
    // it only when told to.
    r = TeamCatalog(QStringLiteral("adam")).publish(redirected, true);
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Published));
    TeamCatalog::PullReport pulled = TeamCatalog(QStringLiteral("bob")).pull(bob);
    QVERIFY(pulled.updated.isEmpty());
    QCOMPARE(pulled.held.size(), 1);
    const QString line = pulled.held.front();
    QVERIFY2(line.contains(QStringLiteral("region sgp")) &&
                 line.contains(QStringLiteral("endpoint https://rtc-api-fra.zego.im/")) &&
                 line.contains(QStringLiteral("adam")),
             qPrintable(line));
    QVERIFY2(pulled.summary().contains(QStringLiteral("held back")), qPrintable(pulled.summary()));
    QCOMPARE(bob.find(QStringLiteral("Acme"))->region, QStringLiteral("sgp"));
    QCOMPARE(bob.find(QStringLiteral("Acme"))->teamVersion, 1);
    pulled = TeamCatalog(QStringLiteral("bob")).pull(bob, {}, true);
    QCOMPARE(pulled.updated, QStringList{QStringLiteral("Acme")});
    QCOMPARE(bob.find(QStringLiteral("Acme"))->customEndpoint,
             QUrl(QStringLiteral("https://rtc-api-fra.zego.im/")));
    // A change that does not move the signature is an operator's, and is taken as before.
    Profile paced = redirected;
    paced.callsPerSecond = 4;
    r = TeamCatalog(QStringLiteral("mallory")).publish(paced, true);
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Published));
    pulled = TeamCatalog(QStringLiteral("bob")).pull(bob);
    QCOMPARE(pulled.updated, QStringList{QStringLiteral("Acme")});
    QVERIFY(pulled.held.isEmpty());
    for (const QString &user : {QStringLiteral("alice"), QStringLiteral("bob"),
                                QStringLiteral("mallory"), QStringLiteral("adam")})
        TeamDatabase::close(user);
}

void TestTeamInsider::endpointOutsideZegoNeedsTheAllowList()
{
    for (const QString &user : {QStringLiteral("mallory"), QStringLiteral("adam")})
        QVERIFY(TeamDatabase::open(config(user), QStringLiteral("pw-") + user, user).ok());
    Profile p = acme();
    p.region.clear();
    p.customEndpoint = QUrl(QStringLiteral("https://replay.example.net/"));
    TeamCatalog::PublishResult r = TeamCatalog(QStringLiteral("mallory")).publish(p);
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Refused));
    QVERIFY2(r.message.contains(QStringLiteral("allow-list")), qPrintable(r.message));
    // Look-alike hosts are not ZEGO's.
    for (const QString &host : {QStringLiteral("https://rtc-api.zego.im.example.net/"),
                                QStringLiteral("http://rtc-api.zego.im/"),
                                QStringLiteral("https://evilrtc-api.zego.im/")}) {
        p.customEndpoint = QUrl(host);
        QCOMPARE(int(TeamCatalog(QStringLiteral("mallory")).publish(p).outcome),
                 int(TeamCatalog::PublishOutcome::Refused));
    }
    // Only an admin keeps the list.
    QVERIFY(!TeamCatalog(QStringLiteral("mallory"))
                 .setEndpointAllowed(QStringLiteral("https://replay.example.net"), true)
                 .ok());
    QVERIFY(
        TeamCatalog(QStringLiteral("adam"))
            .setEndpointAllowed(
                TeamCatalog::originOf(QStringLiteral("https://replay.example.net/path?x=1")), true)
            .ok());
    p.customEndpoint = QUrl(QStringLiteral("https://replay.example.net/"));
    r = TeamCatalog(QStringLiteral("mallory")).publish(p);
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Published));
    const TeamCatalog::EndpointsResult listed =
        TeamCatalog(QStringLiteral("mallory")).allowedEndpoints();
    QVERIFY(listed.status.ok());
    QCOMPARE(listed.lines.size(), 1);
    QVERIFY(listed.lines.front().startsWith(
        QStringLiteral("https://replay.example.net (allowed by adam")));
    for (const QString &user : {QStringLiteral("mallory"), QStringLiteral("adam")})
        TeamDatabase::close(user);
}

void TestTeamInsider::oversizedRowsAreRefused()
{
    QString err;
    // A 50 KB note: refused by the database, not only by cdnrec.
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT cdnrec_profile_publish('Big', jsonb_build_object('appId', "
                               "1, 'region', 'sgp', 'notes', repeat('n', 50000)), 'm', 'h', 0);"),
                nullptr, &err));
    QVERIFY2(err.contains(QStringLiteral("cdnrec_profiles_size")), qPrintable(err));
    // Events too: 100 KB of detail.
    const QString run = uuid();
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1));")
                    .arg(eventSql(QStringLiteral("run_begun"), run,
                                  QStringLiteral("'detail', jsonb_build_object('x', "
                                                 "repeat('d', 100000))"))),
                nullptr, &err));
    QVERIFY2(err.contains(QStringLiteral("cdnrec_events_sizes")), qPrintable(err));
    // A row written before the limit (by hand, as the superuser) is not even fetched by a pull:
    // it is skipped and said, and the local store does not grow.
    admin(QStringLiteral("ALTER TABLE cdnrec_profiles DROP CONSTRAINT cdnrec_profiles_size; "
                         "INSERT INTO cdnrec_profiles (name, fields, os_user) SELECT 'Big' || g, "
                         "jsonb_build_object('appId', 1, 'region', 'sgp', 'vendor', 'Tencent', "
                         "'notes', repeat('n', 2000000)), 'm' FROM generate_series(1, 4) g; "
                         "ALTER TABLE cdnrec_profiles ADD CONSTRAINT cdnrec_profiles_size CHECK "
                         "(octet_length(name) + octet_length(fields::text) + "
                         "octet_length(os_user) + octet_length(host) <= 16384) NOT VALID;"));
    QVERIFY(TeamDatabase::open(config(QStringLiteral("bob")), QStringLiteral("pw-bob"),
                               QStringLiteral("bob"))
                .ok());
    const QString file = m_dir->filePath(QStringLiteral("bob/cdnrec.conf"));
    ProfileStore bob(file);
    const TeamCatalog::PullReport pulled = TeamCatalog(QStringLiteral("bob")).pull(bob);
    TeamDatabase::close(QStringLiteral("bob"));
    QVERIFY2(pulled.ok(), qPrintable(pulled.summary()));
    QVERIFY(pulled.added.isEmpty());
    QCOMPARE(pulled.skipped.size(), 4);
    QVERIFY2(pulled.skipped.front().contains(QStringLiteral("larger than the team's limit")),
             qPrintable(pulled.skipped.front()));
    QVERIFY(QFileInfo(file).size() < 100000);
}

void TestTeamInsider::forgedHugeRunsDoNotHideRealOnes()
{
    // Mallory writes, under her own name (which she may), a run dated 2100 with 300,000 outcomes;
    // then alice stops one stream.
    const QString forged = uuid();
    QString sql =
        QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(jsonb_build_object("
                       "'event_id', gen_random_uuid(), 'run_id', '%1', 'kind', 'run_begun', "
                       "'occurred_at', '2100-01-01T00:00:00Z', 'os_user', 'm', 'host', 'h', "
                       "'app_id', 1, 'action', 'stop')));\n")
            .arg(forged);
    for (int i = 0; i < 6; ++i)
        sql += QStringLiteral("SELECT cdnrec_append_events((SELECT jsonb_agg(jsonb_build_object("
                              "'event_id', gen_random_uuid(), 'run_id', '%1', 'kind', "
                              "'stream_outcome', 'occurred_at', '2100-01-01T00:00:00Z', "
                              "'os_user', 'm', 'host', 'h', 'app_id', 1, 'action', 'stop', "
                              "'stream_id', 's' || g, 'status', 'stopped')) FROM "
                              "generate_series(%2, %2 + 49999) g));\n")
                   .arg(forged)
                   .arg(i * 50000);
    QString err;
    QVERIFY2(as(QStringLiteral("mallory"), sql, nullptr, &err), qPrintable(err));
    const QString real = uuid();
    QVERIFY2(as(QStringLiteral("alice"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1, %2, %3));")
                    .arg(eventSql(QStringLiteral("run_begun"), real,
                                  QStringLiteral("'detail', jsonb_build_object('requested', 1)")),
                         eventSql(QStringLiteral("stream_outcome"), real,
                                  QStringLiteral("'stream_id', 'real-1', 'status', 'stopped'")),
                         eventSql(QStringLiteral("run_ended"), real))),
             qPrintable(err));
    TeamHistory history(config(QStringLiteral("audrey")), QStringLiteral("pw-audrey"));
    QVERIFY2(history.isOpen(), qPrintable(history.status().message));
    TeamHistory::Filter f;
    f.limit = 2;
    const QList<TeamHistory::RunRecord> runs = history.runs(f);
    QVERIFY2(history.status().ok(), qPrintable(history.status().message));
    QCOMPARE(runs.size(), 2);
    // The newest by the server's clock first, whatever a client claimed.
    QCOMPARE(runs.at(0).runId, real);
    QCOMPARE(runs.at(0).succeeded, 1);
    QCOMPARE(runs.at(1).runId, forged);
    QCOMPARE(runs.at(1).dbUser, QStringLiteral("mallory"));
    QVERIFY(runs.at(1).countsCapped);
    QCOMPARE(runs.at(1).succeeded, 200000);
}

void TestTeamInsider::auditorWritesNothing()
{
    QString err;
    const QStringList attempts{
        QStringLiteral("SELECT cdnrec_append_events('[]');"),
        QStringLiteral("SELECT * FROM cdnrec_lease_heartbeat(gen_random_uuid(), 1, 1, 0, 'a', "
                       "'h', 1);"),
        QStringLiteral("SELECT cdnrec_lease_release(gen_random_uuid());"),
        QStringLiteral("SELECT cdnrec_profile_publish('A', '{}', 'a', 'h', 0);"),
        QStringLiteral("SELECT cdnrec_profile_retire('A', 'a', 'h');"),
        QStringLiteral("SELECT app_id FROM cdnrec_budget_locks FOR UPDATE;"),
        QStringLiteral("DELETE FROM cdnrec_budget_leases;"),
        QStringLiteral("INSERT INTO cdnrec_allowed_endpoints (origin) VALUES ('https://x.y');"),
    };
    for (const QString &sql : attempts) {
        QVERIFY2(!as(QStringLiteral("audrey"), sql, nullptr, &err), qPrintable(sql));
        QVERIFY2(err.contains(QStringLiteral("permission denied")), qPrintable(sql + err));
    }
    // What it may: read.
    QVERIFY2(as(QStringLiteral("audrey"), QStringLiteral("SELECT count(*) FROM cdnrec_events;"),
                nullptr, &err),
             qPrintable(err));
}

void TestTeamInsider::loneEventIsNoRun()
{
    // An outcome for a run nobody began: refused, so it never shows as a run of anyone's.
    QString err;
    const QString run = uuid();
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1));")
                    .arg(eventSql(QStringLiteral("stream_outcome"), run,
                                  QStringLiteral("'stream_id', 'x', 'status', 'stopped'"))),
                nullptr, &err));
    QVERIFY2(err.contains(QStringLiteral("CR001")) || err.contains(QStringLiteral("not begun")),
             qPrintable(err));
    QCOMPARE(
        admin(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE run_id = '%1';").arg(run)),
        QStringLiteral("0"));
}

void TestTeamInsider::killedRunCountsItsUnsentStreams()
{
    // A run of 300 streams killed after one call of 2 streams with 1 outcome: no run_ended.
    const QString run = uuid();
    QString err;
    QVERIFY2(as(QStringLiteral("alice"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1, %2, %3));")
                    .arg(eventSql(QStringLiteral("run_begun"), run,
                                  QStringLiteral("'detail', jsonb_build_object('requested', 300)")),
                         eventSql(QStringLiteral("call_sent"), run,
                                  QStringLiteral("'call_id', gen_random_uuid(), 'detail', "
                                                 "jsonb_build_object('stream_ids', "
                                                 "jsonb_build_array('a', 'b'))")),
                         eventSql(QStringLiteral("stream_outcome"), run,
                                  QStringLiteral("'stream_id', 'a', 'status', 'stopped'"))),
                nullptr, &err),
             qPrintable(err));
    TeamHistory history(config(QStringLiteral("audrey")), QStringLiteral("pw-audrey"));
    TeamHistory::Filter f;
    f.runId = run;
    const QList<TeamHistory::RunRecord> runs = history.runs(f);
    QCOMPARE(runs.size(), 1);
    QVERIFY(runs.front().interrupted());
    QCOMPARE(runs.front().requested, 300);
    QCOMPARE(runs.front().succeeded, 1);
    QCOMPARE(runs.front().skipped, 0);
    QCOMPARE(runs.front().notSent, 298);
    QCOMPARE(runs.front().sentNoAnswer, 1);
}

void TestTeamInsider::reusedRunBegunBeginsNothing()
{
    // Mallory reuses alice's run_begun (its event_id) under a run of her own, with her own
    // outcomes: the listing once showed alice's run twice, the copy on top mallory's.
    const QString run = uuid();
    const QString begun = uuid();
    QString err;
    QVERIFY2(as(QStringLiteral("alice"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1));")
                    .arg(eventSql(QStringLiteral("run_begun"), run,
                                  QStringLiteral("'event_id', '%1'").arg(begun))),
                nullptr, &err),
             qPrintable(err));
    const QString mine = uuid();
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1, %2));")
                    .arg(eventSql(QStringLiteral("run_begun"), mine,
                                  QStringLiteral("'event_id', '%1'").arg(begun)),
                         eventSql(QStringLiteral("stream_outcome"), mine,
                                  QStringLiteral("'stream_id', 's1', 'status', 'stopped'"))),
                nullptr, &err));
    QCOMPARE(admin(QStringLiteral("SELECT count(*) FROM cdnrec_runs WHERE begun_event = '%1';")
                       .arg(begun)),
             QStringLiteral("1"));
    // One event_id twice in a batch: refused as a whole.
    const QString twice = uuid();
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT cdnrec_append_events(jsonb_build_array(%1, %2));")
                    .arg(eventSql(QStringLiteral("run_begun"), uuid(),
                                  QStringLiteral("'event_id', '%1'").arg(twice)),
                         eventSql(QStringLiteral("run_begun"), uuid(),
                                  QStringLiteral("'event_id', '%1'").arg(twice))),
                nullptr, &err));
    QVERIFY2(err.contains(QStringLiteral("twice")), qPrintable(err));
}

void TestTeamInsider::staleTransactionClockDropsNoLease()
{
    // Alice's two jobs hold fresh leases; mallory heartbeats inside a transaction begun 6 s
    // before: by that clock, fresh leases looked ahead of "now" and were dropped.
    admin(QStringLiteral("DELETE FROM cdnrec_budget_leases; INSERT INTO cdnrec_budgets (app_id, "
                         "rate) VALUES (7, 20) ON CONFLICT (app_id) DO UPDATE SET rate = 20;"));
    const QString heartbeat =
        QStringLiteral("SELECT granted FROM cdnrec_lease_heartbeat('%1', 7, 10, 0, 'a', 'h', 1);");
    const QString a1 = uuid(), a2 = uuid();
    QString out, err;
    QVERIFY2(as(QStringLiteral("alice"), heartbeat.arg(a1) + heartbeat.arg(a2), &out, &err),
             qPrintable(err));
    // Alice's jobs heartbeat on (every 0.4 s) while mallory's transaction sleeps.
    QString stale, staleErr;
    std::atomic<bool> done{false};
    bool staleOk = false;
    std::thread attacker([&] {
        staleOk = as(QStringLiteral("mallory"),
                     QStringLiteral("BEGIN; SELECT pg_sleep(6); SELECT other_jobs FROM "
                                    "cdnrec_lease_heartbeat(gen_random_uuid(), 7, 0, 0, 'm', "
                                    "'h', 1); COMMIT;"),
                     &stale, &staleErr);
        done = true;
    });
    while (!done) {
        as(QStringLiteral("alice"), heartbeat.arg(a1) + heartbeat.arg(a2), &out, &err);
        QTest::qWait(400);
    }
    attacker.join();
    QVERIFY2(staleOk, qPrintable(staleErr));
    QCOMPARE(stale.split(QLatin1Char('\n')).last(), QStringLiteral("2"));
    QCOMPARE(admin(QStringLiteral("SELECT count(*) FROM cdnrec_budget_leases WHERE db_user = "
                                  "'alice';")),
             QStringLiteral("2"));
    admin(QStringLiteral("DELETE FROM cdnrec_budget_leases;"));
}

void TestTeamInsider::throwAwayLeasesCannotStarveAColleague()
{
    admin(QStringLiteral("DELETE FROM cdnrec_budget_leases; INSERT INTO cdnrec_budgets (app_id, "
                         "rate) VALUES (7, 20) ON CONFLICT (app_id) DO UPDATE SET rate = 20;"));
    QString out, err;
    QVERIFY2(as(QStringLiteral("alice"),
                QStringLiteral("SELECT granted FROM cdnrec_lease_heartbeat(gen_random_uuid(), 7, "
                               "20, 0, 'a', 'h', 1);"),
                &out, &err),
             qPrintable(err));
    // A new lease claiming to send the whole budget already counts no more than an equal share.
    QVERIFY2(as(QStringLiteral("mallory"),
                QStringLiteral("SELECT granted FROM cdnrec_lease_heartbeat(gen_random_uuid(), 7, "
                               "0, 20, 'm', 'h', 1);"),
                &out, &err),
             qPrintable(err));
    QVERIFY(admin(QStringLiteral("SELECT max(previous) FROM cdnrec_budget_leases WHERE db_user "
                                 "= 'mallory';"))
                .toDouble() <= 10.0);
    // Throw-away leases, one after another: at most 32 begun in 10 s by one login.
    QString many;
    for (int i = 0; i < 40; ++i)
        many += QStringLiteral("SELECT 1 FROM cdnrec_lease_heartbeat(gen_random_uuid(), 7, 0, 0, "
                               "'m', 'h', 1);\n");
    QVERIFY(!as(QStringLiteral("mallory"), many, nullptr, &err));
    QVERIFY2(err.contains(QStringLiteral("too many leases")), qPrintable(err));
    admin(QStringLiteral("DELETE FROM cdnrec_budget_leases;"));
}

void TestTeamInsider::releasedLeaseStaysReleased()
{
    admin(QStringLiteral("DELETE FROM cdnrec_budget_leases;"));
    const QString lease = uuid();
    QString err;
    // A host name of 200 two-byte characters: the job's own heartbeat must not trip the limit.
    QVERIFY2(as(QStringLiteral("mallory"),
                QStringLiteral("SELECT 1 FROM cdnrec_lease_heartbeat('%1', 7, 5, 0, 'm', "
                               "repeat('é', 200), 1); SELECT cdnrec_lease_release('%1');")
                    .arg(lease),
                nullptr, &err),
             qPrintable(err));
    // Heartbeating it again once released would give it a grant that counts for nobody else.
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT 1 FROM cdnrec_lease_heartbeat('%1', 7, 5, 0, 'm', 'h', 1);")
                    .arg(lease),
                nullptr, &err));
    QVERIFY2(err.contains(QStringLiteral("released")), qPrintable(err));
    admin(QStringLiteral("DELETE FROM cdnrec_budget_leases;"));
}

void TestTeamInsider::noLargeObjectsAndServerChecksTheRest()
{
    QString err;
    for (const QString &user : {QStringLiteral("audrey"), QStringLiteral("mallory")}) {
        QVERIFY(
            !as(user, QStringLiteral("SELECT lo_from_bytea(0, '\\x00'::bytea);"), nullptr, &err));
        QVERIFY2(err.contains(QStringLiteral("permission denied")), qPrintable(err));
    }
    // A region the client would refuse is refused by the server too.
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT cdnrec_profile_publish('R', '{\"appId\": 1, \"region\": "
                               "\"evil.com#\"}', 'm', 'h', 0);"),
                nullptr, &err));
    QVERIFY(!as(QStringLiteral("mallory"),
                QStringLiteral("SELECT cdnrec_profile_publish('R', '{\"appId\": 1}', 'm', 'h', "
                               "NULL);"),
                nullptr, &err));
    // What an admin writes is stamped with who and when, whatever they claim.
    QVERIFY2(as(QStringLiteral("adam"),
                QStringLiteral("INSERT INTO cdnrec_allowed_endpoints (origin, allowed_by, "
                               "allowed_at) VALUES ('https://gw.example.com', 'alice', "
                               "'2020-01-01');"),
                nullptr, &err),
             qPrintable(err));
    QCOMPARE(admin(QStringLiteral("SELECT allowed_by || ' ' || (allowed_at > now() - interval "
                                  "'1 hour') FROM cdnrec_allowed_endpoints;")),
             QStringLiteral("adam true"));
    // An admin's delete of a profile row is in the trail.
    QVERIFY2(as(QStringLiteral("alice"),
                QStringLiteral("SELECT cdnrec_profile_publish('Gone', '{\"appId\": 1}', 'a', "
                               "'h', 0);"),
                nullptr, &err),
             qPrintable(err));
    QVERIFY2(as(QStringLiteral("adam"),
                QStringLiteral("DELETE FROM cdnrec_profiles WHERE name = 'Gone';"), nullptr, &err),
             qPrintable(err));
    QCOMPARE(admin(QStringLiteral("SELECT string_agg(change || ' ' || changed_by, ',' ORDER BY "
                                  "seq) FROM cdnrec_profile_changes WHERE name = 'Gone';")),
             QStringLiteral("published alice,deleted adam"));
}

QTEST_GUILESS_MAIN(TestTeamInsider)
#include "test_team_insider.moc"
