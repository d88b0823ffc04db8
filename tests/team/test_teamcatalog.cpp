// SPDX-License-Identifier: GPL-3.0-or-later
// The team's profile catalog against a real PostgreSQL server (pgcluster.h): two operators, each
// with their own profile store (their own HOME), one team database.
#include "pgcluster.h"
#include <store/profilestore.h>
#include <team/teamcatalog.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {

// ZEGO's published test vector secret: what an operator's keyring holds for "Acme".
const QString kSecret = QStringLiteral("9193cc662a4c0ec135ec71fb57194b38");

Profile acme()
{
    Profile p;
    p.name = QStringLiteral("Acme");
    p.appId = 1234567;
    p.region = QStringLiteral("sgp");
    p.isTest = true;
    p.vendor = Vendor::Ws;
    p.callsPerSecond = 7.5;
    p.batchSize = 20;
    p.environment = Profile::Environment::Staging;
    p.notes = QStringLiteral("Customer Acme; escalate to Li (ext. 42)");
    return p;
}

QByteArray shared(const Profile &p)
{
    return QJsonDocument(ProfileStore::toJson(p)).toJson(QJsonDocument::Compact);
}

} // namespace

class TestTeamCatalog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void teamMarksSurviveRestartAndEdit();
    void publishedOnOneHomePulledOnAnother();
    void secretInAFieldIsNeverPublished();
    void changeReachesTheOtherOnPull();
    void localProfileOfTheSameNameIsNotOverwritten();
    void teamCopyChangedHereIsNotOverwritten();
    void staleCopyIsNotPublishedOverANewerOne();
    void auditorCannotPublish();
    void trailIsAppendOnlyAndStampedByTheServer();
    void unreachableDatabaseLeavesTheStoreAlone();
    void retiredProfileLeavesUnchangedCopiesOnly();
    void retireIsInTheTrailAndRepublishRestores();
    void auditorCannotRetire();
    void operatorRetiresButNeverDeletes();
    void retireMigrationOnADatabaseWith003();

private:
    TeamConfig config(const QString &user) const;
    QString open(const QString &user);
    // Every row of every table of the team database, as text.
    QString everything() const;

    std::unique_ptr<test::PgCluster> m_pg;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ProfileStore> m_a; // operator alice's HOME
    std::unique_ptr<ProfileStore> m_b; // operator bob's HOME
    QString m_alice, m_bob, m_carol;
};

TeamConfig TestTeamCatalog::config(const QString &user) const
{
    TeamConfig c;
    c.host = m_pg->host();
    c.port = m_pg->port();
    c.database = QStringLiteral("cdnrec");
    c.user = user;
    c.sslMode = QStringLiteral("disable");
    c.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
    return c;
}

QString TestTeamCatalog::open(const QString &user)
{
    const TeamDatabase::Status s = TeamDatabase::open(
        config(user), user == m_pg->adminUser() ? QString() : QStringLiteral("pw-") + user, user);
    if (!s.ok())
        QTest::qFail(qPrintable(user + QStringLiteral(": ") + s.message), __FILE__, __LINE__);
    return user;
}

QString TestTeamCatalog::everything() const
{
    return m_pg->psql(
        QStringLiteral("SELECT table_name || ': ' || query_to_xml(format('SELECT * FROM %I.%I', "
                       "table_schema, table_name), true, false, '')::text FROM "
                       "information_schema.tables WHERE table_schema NOT IN ('pg_catalog', "
                       "'information_schema');"),
        QStringLiteral("cdnrec"));
}

void TestTeamCatalog::initTestCase()
{
    m_pg = std::make_unique<test::PgCluster>();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_pg->createDatabase(QStringLiteral("cdnrec"));
    const QString admin = m_pg->adminUser();
    TeamDatabase::open(config(admin), QString(), admin); // not initialised yet: stays open
    const TeamDatabase::Status migrated = TeamDatabase::migrate(admin);
    QVERIFY2(migrated.ok(), qPrintable(migrated.message));
    TeamDatabase::close(admin);
    m_pg->createRole(QStringLiteral("alice"), QStringLiteral("pw-alice"),
                     QStringLiteral("cdnrec_operator"));
    m_pg->createRole(QStringLiteral("bob"), QStringLiteral("pw-bob"),
                     QStringLiteral("cdnrec_operator"));
    m_pg->createRole(QStringLiteral("carol"), QStringLiteral("pw-carol"),
                     QStringLiteral("cdnrec_auditor"));
    m_alice = open(QStringLiteral("alice"));
    m_bob = open(QStringLiteral("bob"));
    m_carol = open(QStringLiteral("carol"));
}

void TestTeamCatalog::init()
{
    // Each function: an empty catalog and two fresh HOMEs.
    m_pg->psql(
        QStringLiteral(
            "ALTER TABLE cdnrec_profile_changes DISABLE TRIGGER USER; "
            "DELETE FROM cdnrec_profile_changes; ALTER TABLE cdnrec_profiles DISABLE TRIGGER USER; "
            "DELETE FROM cdnrec_profiles; ALTER TABLE cdnrec_profiles ENABLE TRIGGER USER; "
            "ALTER TABLE cdnrec_profile_changes ENABLE TRIGGER USER;"),
        QStringLiteral("cdnrec"));
    m_a.reset();
    m_b.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_a = std::make_unique<ProfileStore>(m_dir->filePath(QStringLiteral("alice/cdnrec.conf")));
    m_b = std::make_unique<ProfileStore>(m_dir->filePath(QStringLiteral("bob/cdnrec.conf")));
}

void TestTeamCatalog::cleanupTestCase()
{
    for (const QString &c : {m_alice, m_bob, m_carol})
        TeamDatabase::close(c);
}

void TestTeamCatalog::teamMarksSurviveRestartAndEdit()
{
    QCOMPARE(m_a->add(acme()), QString());
    QVERIFY(!m_a->find(QStringLiteral("Acme"))->isTeamProfile());
    QCOMPARE(m_a->putTeamCopy(acme(), 3), QString());
    // A restart: a new store over the same file.
    const QString file = m_dir->filePath(QStringLiteral("alice/cdnrec.conf"));
    m_a = std::make_unique<ProfileStore>(file);
    auto p = m_a->find(QStringLiteral("Acme"));
    QCOMPARE(p->teamVersion, 3);
    QVERIFY(!ProfileStore::changedSinceTeamVersion(*p));
    // An editor that builds the profile from its form (no team marks): still the team's copy,
    // now changed here.
    Profile edited = acme();
    edited.batchSize = 30;
    QCOMPARE(m_a->update(QStringLiteral("Acme"), edited), QString());
    p = m_a->find(QStringLiteral("Acme"));
    QCOMPARE(p->teamVersion, 3);
    QVERIFY(ProfileStore::changedSinceTeamVersion(*p));
    // A renamed copy is a local profile of its own.
    edited.name = QStringLiteral("Acme old");
    QCOMPARE(m_a->update(QStringLiteral("Acme"), edited), QString());
    QVERIFY(!m_a->find(QStringLiteral("Acme old"))->isTeamProfile());
    // An export to hand a colleague carries no team marks.
    QVERIFY(!m_a->exportJson().contains("team"));
}

void TestTeamCatalog::publishedOnOneHomePulledOnAnother()
{
    QCOMPARE(m_a->add(acme()), QString());
    const TeamCatalog::PublishResult r =
        TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme")));
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Published));
    QCOMPARE(r.version, 1);
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT published_by || ' ' || version FROM "
                                       "cdnrec_profiles WHERE name = 'Acme';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("alice 1"));

    const TeamCatalog::PullReport pulled = TeamCatalog(m_bob).pull(*m_b);
    QVERIFY2(pulled.ok(), qPrintable(pulled.summary()));
    QCOMPARE(pulled.added, QStringList{QStringLiteral("Acme")});
    QVERIFY2(pulled.summary().startsWith(QStringLiteral("1 team profile")) &&
                 pulled.summary().contains(QStringLiteral("added")),
             qPrintable(pulled.summary()));
    const auto got = m_b->find(QStringLiteral("Acme"));
    QVERIFY(got);
    QCOMPARE(shared(*got), shared(acme())); // every field, notes included
    QVERIFY(got->isTeamProfile());
    QCOMPARE(got->teamVersion, 1);
    // Kept across a restart of bob's cdnrec; a second pull changes nothing.
    m_b = std::make_unique<ProfileStore>(m_dir->filePath(QStringLiteral("bob/cdnrec.conf")));
    QCOMPARE(m_b->find(QStringLiteral("Acme"))->teamVersion, 1);
    const TeamCatalog::PullReport again = TeamCatalog(m_bob).pull(*m_b);
    QCOMPARE(again.upToDate, 1);
    QCOMPARE(again.summary(), QStringLiteral("Team profiles are up to date."));
    // Publishing the same fields again writes no new version.
    QCOMPARE(int(TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme"))).outcome),
             int(TeamCatalog::PublishOutcome::Unchanged));
    // The dump below is where a secret would show: it holds the profile's fields.
    const QString all = everything();
    QVERIFY2(all.contains(QStringLiteral("escalate to Li")), qPrintable(all));
    QVERIFY(!all.contains(kSecret));
}

void TestTeamCatalog::secretInAFieldIsNeverPublished()
{
    Profile p = acme();
    p.notes = QStringLiteral("secret is ") + kSecret + QStringLiteral(" (do not share)");
    QCOMPARE(m_a->add(p), QString());
    TeamCatalog::PublishResult r = TeamCatalog(m_alice).publish(p);
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Refused));
    QVERIFY2(r.message.contains(QStringLiteral("ServerSecret")), qPrintable(r.message));
    QVERIFY(!r.message.contains(kSecret));
    p.notes.clear();
    p.region.clear();
    p.customEndpoint = QUrl(QStringLiteral("https://rtc-api.zego.im/") + kSecret.toUpper());
    r = TeamCatalog(m_alice).publish(p);
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Refused));
    // Neither the catalog, its trail, any other table, nor the server's log has it.
    QVERIFY(!everything().contains(kSecret, Qt::CaseInsensitive));
    QFile log(m_pg->logPath());
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(!log.readAll().toLower().contains(kSecret.toLatin1()));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_profiles;"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("0"));
}

void TestTeamCatalog::changeReachesTheOtherOnPull()
{
    QCOMPARE(m_a->add(acme()), QString());
    TeamCatalog::PublishResult r = TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme")));
    QCOMPARE(m_a->markTeam(QStringLiteral("Acme"), r.version, r.fingerprint), QString());
    QVERIFY(TeamCatalog(m_bob).pull(*m_b).ok());

    // A change of the pace is an operator's to make; one of where it signs is an admin's
    // (tested in test_team_insider).
    Profile changed = acme();
    changed.callsPerSecond = 5;
    changed.notes = QStringLiteral("paced down");
    QCOMPARE(m_a->update(QStringLiteral("Acme"), changed), QString());
    r = TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme")));
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Published));
    QCOMPARE(r.version, 2);

    const TeamCatalog::PullReport pulled = TeamCatalog(m_bob).pull(*m_b);
    QCOMPARE(pulled.updated, QStringList{QStringLiteral("Acme")});
    QVERIFY2(pulled.summary().startsWith(QStringLiteral("1 team profile")) &&
                 pulled.summary().contains(QStringLiteral("updated")),
             qPrintable(pulled.summary()));
    const auto got = m_b->find(QStringLiteral("Acme"));
    QCOMPARE(got->callsPerSecond, 5.0);
    QCOMPARE(got->notes, QStringLiteral("paced down"));
    QCOMPARE(got->teamVersion, 2);
    // The trail: who published which version.
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT string_agg(version || ' ' || change || ' ' || "
                                       "changed_by, ',' ORDER BY seq) FROM "
                                       "cdnrec_profile_changes WHERE name = 'Acme';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("1 published alice,2 changed alice"));
}

void TestTeamCatalog::localProfileOfTheSameNameIsNotOverwritten()
{
    Profile mine = acme();
    mine.appId = 999; // bob's own, different set-up under the same name
    mine.notes = QStringLiteral("bob's own");
    QCOMPARE(m_b->add(mine), QString());
    QCOMPARE(m_a->add(acme()), QString());
    QCOMPARE(int(TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme"))).outcome),
             int(TeamCatalog::PublishOutcome::Published));

    TeamCatalog::PullReport pulled = TeamCatalog(m_bob).pull(*m_b);
    QVERIFY(pulled.ok());
    QVERIFY(pulled.added.isEmpty() && pulled.updated.isEmpty());
    QCOMPARE(pulled.conflicts.size(), 1);
    QVERIFY2(pulled.conflicts.front().contains(QStringLiteral("Acme")),
             qPrintable(pulled.conflicts.front()));
    QVERIFY2(pulled.summary().contains(QStringLiteral("not taken")), qPrintable(pulled.summary()));
    QCOMPARE(shared(*m_b->find(QStringLiteral("Acme"))), shared(mine));
    QVERIFY(!m_b->find(QStringLiteral("Acme"))->isTeamProfile());

    // A name that differs only in case is in the way too.
    QCOMPARE(m_b->remove(QStringLiteral("Acme")), QString());
    mine.name = QStringLiteral("ACME");
    QCOMPARE(m_b->add(mine), QString());
    pulled = TeamCatalog(m_bob).pull(*m_b);
    QCOMPARE(pulled.conflicts.size(), 1);
    QVERIFY(!m_b->find(QStringLiteral("Acme")));

    // Asked for by name, the team's copy replaces the local one.
    QCOMPARE(m_b->remove(QStringLiteral("ACME")), QString());
    mine.name = QStringLiteral("Acme");
    QCOMPARE(m_b->add(mine), QString());
    pulled = TeamCatalog(m_bob).pull(*m_b, {QStringLiteral("Acme")});
    QCOMPARE(pulled.updated, QStringList{QStringLiteral("Acme")});
    QCOMPARE(shared(*m_b->find(QStringLiteral("Acme"))), shared(acme()));
    QVERIFY(m_b->find(QStringLiteral("Acme"))->isTeamProfile());
}

void TestTeamCatalog::teamCopyChangedHereIsNotOverwritten()
{
    QCOMPARE(m_a->add(acme()), QString());
    TeamCatalog::PublishResult r = TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme")));
    QCOMPARE(m_a->markTeam(QStringLiteral("Acme"), r.version, r.fingerprint), QString());
    QVERIFY(TeamCatalog(m_bob).pull(*m_b).ok());
    Profile bobs = *m_b->find(QStringLiteral("Acme"));
    bobs.notes = QStringLiteral("bob's note, not published yet");
    QCOMPARE(m_b->update(QStringLiteral("Acme"), bobs), QString());

    Profile alices = *m_a->find(QStringLiteral("Acme"));
    alices.batchSize = 50;
    QCOMPARE(m_a->update(QStringLiteral("Acme"), alices), QString());
    QCOMPARE(TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme"))).version, 2);

    const TeamCatalog::PullReport pulled = TeamCatalog(m_bob).pull(*m_b);
    QCOMPARE(pulled.conflicts.size(), 1);
    QVERIFY(pulled.updated.isEmpty());
    QCOMPARE(m_b->find(QStringLiteral("Acme"))->notes,
             QStringLiteral("bob's note, not published yet"));
    QCOMPARE(m_b->find(QStringLiteral("Acme"))->batchSize, 20);
}

void TestTeamCatalog::staleCopyIsNotPublishedOverANewerOne()
{
    QCOMPARE(m_a->add(acme()), QString());
    TeamCatalog::PublishResult r = TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme")));
    QCOMPARE(m_a->markTeam(QStringLiteral("Acme"), r.version, r.fingerprint), QString());
    QVERIFY(TeamCatalog(m_bob).pull(*m_b).ok()); // bob follows version 1

    Profile alices = acme();
    alices.callsPerSecond = 3;
    QCOMPARE(m_a->update(QStringLiteral("Acme"), alices), QString());
    QCOMPARE(TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme"))).version, 2);

    Profile bobs = acme();
    bobs.batchSize = 5;
    QCOMPARE(m_b->update(QStringLiteral("Acme"), bobs), QString());
    r = TeamCatalog(m_bob).publish(*m_b->find(QStringLiteral("Acme")));
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Conflict));
    QVERIFY2(r.message.contains(QStringLiteral("alice")), qPrintable(r.message));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT version || ' ' || (fields->>'callsPerSecond') || "
                                       "' ' || (fields->>'batchSize') FROM cdnrec_profiles;"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("2 3 20"));
    // A brand-new profile of a name the team has is not published over it either.
    Profile other = acme();
    other.appId = 77;
    other.name = QStringLiteral("Acme");
    QCOMPARE(int(TeamCatalog(m_bob).publish(other).outcome),
             int(TeamCatalog::PublishOutcome::Conflict));
    // Replacing on purpose works, as a new version.
    r = TeamCatalog(m_bob).publish(*m_b->find(QStringLiteral("Acme")), true);
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Published));
    QCOMPARE(r.version, 3);
}

void TestTeamCatalog::auditorCannotPublish()
{
    const TeamCatalog::PublishResult r = TeamCatalog(m_carol).publish(acme());
    QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Failed));
    QCOMPARE(int(r.status.error), int(TeamDatabase::Error::NoRights));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_profiles;"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("0"));
    // ... nor change one; but may read.
    QCOMPARE(m_a->add(acme()), QString());
    QCOMPARE(TeamCatalog(m_alice).publish(acme()).version, 1);
    Profile changed = acme();
    changed.callsPerSecond = 1;
    changed.teamVersion = 1;
    QCOMPARE(int(TeamCatalog(m_carol).publish(changed).status.error),
             int(TeamDatabase::Error::NoRights));
    const TeamCatalog::ListResult listed = TeamCatalog(m_carol).list();
    QVERIFY(listed.status.ok());
    QCOMPARE(listed.entries.size(), 1);
    QCOMPARE(listed.entries.front().version, 1);
}

void TestTeamCatalog::trailIsAppendOnlyAndStampedByTheServer()
{
    QString out, err;
    const auto asAlice = [&](const QString &sql) {
        return m_pg->psqlAs(QStringLiteral("alice"), QStringLiteral("pw-alice"), sql, &out, &err,
                            QStringLiteral("cdnrec"));
    };
    // No direct write at all (005): a version and a publisher are the server's, through
    // cdnrec_profile_publish, which takes neither.
    QVERIFY(!asAlice(
        QStringLiteral("INSERT INTO cdnrec_profiles (name, fields, os_user, version, published_by) "
                       "VALUES ('X', '{\"appId\": 1}', 'a', 40, 'bob');")));
    QVERIFY2(err.contains(QStringLiteral("permission denied")), qPrintable(err));
    QVERIFY2(asAlice(QStringLiteral(
                 "SELECT cdnrec_profile_publish('X', '{\"appId\": 1}', 'a', 'h', 0);")),
             qPrintable(err));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT version || ' ' || published_by FROM "
                                       "cdnrec_profiles WHERE name = 'X';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("1 alice"));
    QVERIFY(!asAlice(QStringLiteral("UPDATE cdnrec_profiles SET version = 9;")));
    QVERIFY(!asAlice(QStringLiteral("UPDATE cdnrec_profiles SET name = 'Y';")));
    QVERIFY(!asAlice(QStringLiteral("DELETE FROM cdnrec_profiles;")));
    QVERIFY(!asAlice(QStringLiteral("UPDATE cdnrec_profile_changes SET changed_by = 'bob';")));
    QVERIFY(!asAlice(QStringLiteral("DELETE FROM cdnrec_profile_changes;")));
    QVERIFY(!asAlice(QStringLiteral("INSERT INTO cdnrec_profile_changes (name, version, change, "
                                    "fields, changed_by, os_user, host, changed_at) VALUES ('X', "
                                    "2, 'changed', '{}', 'bob', 'b', 'h', now());")));
    // Not even the owner rewrites the trail.
    QVERIFY(!m_pg->psqlAs(m_pg->adminUser(), QString(),
                          QStringLiteral("DELETE FROM cdnrec_profile_changes;"), &out, &err,
                          QStringLiteral("cdnrec")));
    QVERIFY(!m_pg->psqlAs(m_pg->adminUser(), QString(),
                          QStringLiteral("TRUNCATE cdnrec_profile_changes;"), &out, &err,
                          QStringLiteral("cdnrec")));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_profile_changes;"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("1"));
}

void TestTeamCatalog::unreachableDatabaseLeavesTheStoreAlone()
{
    QCOMPARE(m_b->add(acme()), QString());
    const QByteArray before = m_b->exportJson();
    TeamConfig nowhere = config(QStringLiteral("bob"));
    {
        QTcpServer probe; // a port nothing listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        nowhere.port = probe.serverPort();
    }
    QElapsedTimer t;
    t.start();
    const TeamCatalog::PullReport r =
        TeamCatalog::pullAtStart(*m_b, nowhere, QStringLiteral("pw-bob"));
    QVERIFY(t.elapsed() < 30000); // bounded: only a hang would take this long
    QVERIFY(!r.ok());
    QCOMPARE(int(r.status.error), int(TeamDatabase::Error::Unreachable));
    QVERIFY2(r.summary().startsWith(QStringLiteral("Team profiles not checked: ")),
             qPrintable(r.summary()));
    QCOMPARE(m_b->exportJson(), before);
    // A wrong password: the same, with its own sentence.
    const TeamCatalog::PullReport wrong =
        TeamCatalog::pullAtStart(*m_b, config(QStringLiteral("bob")), QStringLiteral("nope"));
    QCOMPARE(int(wrong.status.error), int(TeamDatabase::Error::WrongPassword));
    QVERIFY(!wrong.summary().contains(QStringLiteral("nope")));
    // And with the right one, the one call does it all.
    QCOMPARE(TeamCatalog(m_alice).publish(acme()).version, 1);
    const TeamCatalog::PullReport ok =
        TeamCatalog::pullAtStart(*m_b, config(QStringLiteral("bob")), QStringLiteral("pw-bob"));
    QVERIFY2(ok.ok(), qPrintable(ok.summary()));
    QCOMPARE(ok.upToDate, 1); // the same fields under the same name: followed from now on
    QCOMPARE(m_b->find(QStringLiteral("Acme"))->teamVersion, 1);
}

void TestTeamCatalog::retiredProfileLeavesUnchangedCopiesOnly()
{
    // alice publishes three profiles; bob follows two of them and has his own "Gamma".
    Profile beta = acme();
    beta.name = QStringLiteral("Beta");
    Profile gamma = acme();
    gamma.name = QStringLiteral("Gamma");
    for (const Profile &p : {acme(), beta, gamma}) {
        QCOMPARE(m_a->add(p), QString());
        QCOMPARE(int(TeamCatalog(m_alice).publish(p).outcome),
                 int(TeamCatalog::PublishOutcome::Published));
    }
    Profile bobsGamma = gamma;
    bobsGamma.appId = 999;
    QCOMPARE(m_b->add(bobsGamma), QString());
    QVERIFY(TeamCatalog(m_bob).pull(*m_b).ok());
    QVERIFY(m_b->find(QStringLiteral("Acme"))->isTeamProfile());
    Profile bobsBeta = *m_b->find(QStringLiteral("Beta"));
    bobsBeta.notes = QStringLiteral("bob's note, not published");
    QCOMPARE(m_b->update(QStringLiteral("Beta"), bobsBeta), QString());

    for (const QString &name : {u"Acme"_qs, u"Beta"_qs, u"Gamma"_qs}) {
        const TeamCatalog::RetireResult r = TeamCatalog(m_alice).retire(name);
        QCOMPARE(int(r.outcome), int(TeamCatalog::RetireOutcome::Retired));
        QCOMPARE(r.version, 2);
    }
    const TeamCatalog::ListResult listed = TeamCatalog(m_bob).list();
    QVERIFY(listed.status.ok());
    QCOMPARE(listed.entries.size(), 3); // listed, flagged
    for (const TeamCatalog::Entry &e : listed.entries)
        QVERIFY2(e.retired, qPrintable(e.profile.name));

    const TeamCatalog::PullReport pulled = TeamCatalog(m_bob).pull(*m_b);
    QVERIFY2(pulled.ok(), qPrintable(pulled.summary()));
    QCOMPARE(pulled.retired, QStringList{QStringLiteral("Acme")});
    QVERIFY(!m_b->find(QStringLiteral("Acme")));
    // Changed here: kept, and said.
    QCOMPARE(pulled.conflicts.size(), 1);
    QVERIFY2(pulled.conflicts.front().contains(QStringLiteral("“Beta”: retired by the team, "
                                                              "changed here: kept")),
             qPrintable(pulled.conflicts.front()));
    QCOMPARE(shared(*m_b->find(QStringLiteral("Beta"))), shared(bobsBeta));
    // bob's own Gamma is not the team's: untouched, not even a conflict.
    QCOMPARE(shared(*m_b->find(QStringLiteral("Gamma"))), shared(bobsGamma));
    QVERIFY(!m_b->find(QStringLiteral("Gamma"))->isTeamProfile());
    // "1 team profile retired" where the English plural forms are loaded (cdnrec_gui's).
    QVERIFY2(pulled.summary().contains(
                 QRegularExpression(QStringLiteral("^1 team profile(\\(s\\))? retired, "))),
             qPrintable(pulled.summary()));
    QVERIFY(pulled.added.isEmpty() && pulled.updated.isEmpty());

    // A retired profile never reaches a store that did not have it, and a second pull removes
    // nothing more.
    ProfileStore fresh(m_dir->filePath(QStringLiteral("carol/cdnrec.conf")));
    const TeamCatalog::PullReport none = TeamCatalog(m_bob).pull(fresh);
    QVERIFY(none.ok());
    QVERIFY(fresh.profiles().isEmpty());
    QCOMPARE(none.summary(), QStringLiteral("Team profiles are up to date."));
    const TeamCatalog::PullReport again = TeamCatalog(m_bob).pull(*m_b);
    QVERIFY(again.retired.isEmpty());
    QCOMPARE(m_b->names().size(), 2);
    // Asked for by name, the team's retirement wins over the change here.
    const TeamCatalog::PullReport replaced = TeamCatalog(m_bob).pull(*m_b, {u"Beta"_qs});
    QCOMPARE(replaced.retired, QStringList{QStringLiteral("Beta")});
    QVERIFY(!m_b->find(QStringLiteral("Beta")));
    QVERIFY(m_b->find(QStringLiteral("Gamma")));
}

void TestTeamCatalog::retireIsInTheTrailAndRepublishRestores()
{
    QCOMPARE(m_a->add(acme()), QString());
    const TeamCatalog::PublishResult first =
        TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme")));
    QCOMPARE(m_a->markTeam(QStringLiteral("Acme"), first.version, first.fingerprint), QString());

    TeamCatalog::RetireResult r = TeamCatalog(m_bob).retire(QStringLiteral("Acme"));
    QCOMPARE(int(r.outcome), int(TeamCatalog::RetireOutcome::Retired));
    QCOMPARE(r.version, 2);
    QVERIFY2(r.message.contains(QStringLiteral("Acme")), qPrintable(r.message));
    r = TeamCatalog(m_alice).retire(QStringLiteral("Acme"));
    QCOMPARE(int(r.outcome), int(TeamCatalog::RetireOutcome::AlreadyRetired));
    QCOMPARE(r.version, 2);
    QVERIFY2(r.message.contains(QStringLiteral("bob")), qPrintable(r.message));
    r = TeamCatalog(m_alice).retire(QStringLiteral("NoSuch"));
    QCOMPARE(int(r.outcome), int(TeamCatalog::RetireOutcome::NotFound));
    QVERIFY2(r.message.contains(QStringLiteral("NoSuch")), qPrintable(r.message));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT retired || ' ' || version || ' ' || published_by "
                                       "FROM cdnrec_profiles WHERE name = 'Acme';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("true 2 bob"));

    // alice publishes it again, the same fields, from her copy of version 1: restored, as a new
    // version (not "unchanged", not a conflict).
    const TeamCatalog::PublishResult again =
        TeamCatalog(m_alice).publish(*m_a->find(QStringLiteral("Acme")));
    QCOMPARE(int(again.outcome), int(TeamCatalog::PublishOutcome::Published));
    QVERIFY(again.restored);
    QCOMPARE(again.version, 3);
    QVERIFY2(again.message.contains(QStringLiteral("restored")), qPrintable(again.message));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT retired || ' ' || version || ' ' || published_by "
                                       "FROM cdnrec_profiles WHERE name = 'Acme';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("false 3 alice"));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT string_agg(version || ' ' || change || ' ' || "
                                       "changed_by, ',' ORDER BY seq) FROM "
                                       "cdnrec_profile_changes WHERE name = 'Acme';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("1 published alice,2 retired bob,3 restored alice"));
    // Back in the team: a store without it takes it again.
    const TeamCatalog::PullReport pulled = TeamCatalog(m_bob).pull(*m_b);
    QCOMPARE(pulled.added, QStringList{QStringLiteral("Acme")});
    QCOMPARE(m_b->find(QStringLiteral("Acme"))->teamVersion, 3);
}

void TestTeamCatalog::auditorCannotRetire()
{
    QCOMPARE(TeamCatalog(m_alice).publish(acme()).version, 1);
    const TeamCatalog::RetireResult r = TeamCatalog(m_carol).retire(QStringLiteral("Acme"));
    QCOMPARE(int(r.outcome), int(TeamCatalog::RetireOutcome::Failed));
    QCOMPARE(int(r.status.error), int(TeamDatabase::Error::NoRights));
    // One sentence for the operator.
    QVERIFY2(!r.message.contains(QLatin1Char('\n')) && r.message.endsWith(QLatin1Char('.')) &&
                 r.message.contains(QStringLiteral("may not")),
             qPrintable(r.message));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT retired || ' ' || version FROM cdnrec_profiles;"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("false 1"));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_profile_changes;"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("1"));
}

void TestTeamCatalog::operatorRetiresButNeverDeletes()
{
    QString out, err;
    const auto asAlice = [&](const QString &sql) {
        return m_pg->psqlAs(QStringLiteral("alice"), QStringLiteral("pw-alice"), sql, &out, &err,
                            QStringLiteral("cdnrec"));
    };
    QCOMPARE(TeamCatalog(m_bob).publish(acme()).version, 1);
    // The flag is the operator's to set, through the function only; the server stamps the
    // version.
    QVERIFY(!asAlice(QStringLiteral("UPDATE cdnrec_profiles SET retired = true;")));
    QVERIFY2(asAlice(QStringLiteral("SELECT cdnrec_profile_retire('Acme', 'a', 'h');")),
             qPrintable(err));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT retired || ' ' || version || ' ' || published_by "
                                       "FROM cdnrec_profiles;"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("true 2 alice"));
    // A retired row is not deletable, nor is its trail rewritable or forgeable.
    QVERIFY(!asAlice(QStringLiteral("DELETE FROM cdnrec_profiles;")));
    QVERIFY(!asAlice(QStringLiteral("DELETE FROM cdnrec_profile_changes;")));
    QVERIFY(!asAlice(QStringLiteral("UPDATE cdnrec_profile_changes SET change = 'changed';")));
    QVERIFY(!asAlice(QStringLiteral("UPDATE cdnrec_profiles SET version = 1;")));
    QVERIFY(!asAlice(QStringLiteral("INSERT INTO cdnrec_profile_changes (name, version, change, "
                                    "fields, changed_by, os_user, host, changed_at) VALUES "
                                    "('Acme', 3, 'restored', '{}', 'bob', 'b', 'h', now());")));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT string_agg(version || ' ' || change || ' ' || "
                                       "changed_by, ',' ORDER BY seq) FROM "
                                       "cdnrec_profile_changes;"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("1 published bob,2 retired alice"));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_profiles;"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("1"));
}

void TestTeamCatalog::retireMigrationOnADatabaseWith003()
{
    // A team database as the previous cdnrec left it: 001 to 003, with a profile and its trail.
    const QString db = QStringLiteral("cdnrec003");
    QVERIFY(m_pg->createTeamDatabaseAt(db, 3));
    m_pg->psql(QStringLiteral("INSERT INTO cdnrec_profiles (name, fields, os_user) VALUES "
                              "('Old', '{\"appId\": 1}', 'a');"),
               db);

    TeamConfig c = config(m_pg->adminUser());
    c.database = db;
    const QString conn = QStringLiteral("admin003");
    TeamDatabase::Status s = TeamDatabase::open(c, QString(), conn);
    QCOMPARE(int(s.error), int(TeamDatabase::Error::NotInitialized)); // needs the newer schema
    QStringList applied;
    s = TeamDatabase::migrate(conn, &applied);
    QVERIFY2(s.ok(), qPrintable(s.message));
    QCOMPARE(applied, (QStringList{QStringLiteral("004_profile_retire"),
                                   QStringLiteral("005_insider_proof")}));
    QCOMPARE(TeamDatabase::schemaVersion(conn), TeamDatabase::knownSchemaVersion());
    // Again: nothing to do; and the file itself run twice changes nothing either.
    applied.clear();
    s = TeamDatabase::migrate(conn, &applied);
    QVERIFY2(s.ok() && applied.isEmpty(), qPrintable(s.message + applied.join(u' ')));
    TeamDatabase::close(conn);
    QFile f(QStringLiteral(":/cdnrec/team/migrations/004_profile_retire.sql"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    m_pg->psql(QString::fromUtf8(f.readAll()), db);
    // The old row is a current one; it retires and the trail says so after 003's own entry.
    m_pg->psql(QStringLiteral("UPDATE cdnrec_profiles SET retired = true;"), db);
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT string_agg(version || ' ' || change, ',' ORDER BY "
                                       "seq) FROM cdnrec_profile_changes;"),
                        db),
             QStringLiteral("1 published,2 retired"));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM pg_constraint WHERE conrelid = "
                                       "'cdnrec_profile_changes'::regclass AND contype = 'c';"),
                        db),
             QStringLiteral("1"));
}

QTEST_GUILESS_MAIN(TestTeamCatalog)
#include "test_teamcatalog.moc"
