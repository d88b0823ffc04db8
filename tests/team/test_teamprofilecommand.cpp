// SPDX-License-Identifier: GPL-3.0-or-later
// `cdnrec team profile publish | list | pull` against a real PostgreSQL server (pgcluster.h) and a
// real keyring (run through tests/keyring/with-keyring.sh unlocked). Each operator has a HOME of
// their own: the settings folder is switched between them (QSettings::setPath); the keyring is
// the one Secret Service of the test.
#include "pgcluster.h"
#include "teamprofilecommand.h"
#include "teststep.h"
#include <app/application.h>
#include <model/terminaltext.h>
#include <store/profilestore.h>
#include <store/secretstore.h>
#include <team/teamcatalog.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <algorithm>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("9193cc662a4c0ec135ec71fb57194b38");

Profile profile(const QString &name, quint32 appId, const QString &notes = QString())
{
    Profile p;
    p.name = name;
    p.appId = appId;
    p.region = QStringLiteral("hkg");
    p.vendor = Vendor::Huawei;
    p.callsPerSecond = 4;
    p.batchSize = 15;
    p.notes = notes;
    return p;
}

struct Ran
{
    int exit = -1;
    QString out;
    QString err;
};

Ran run(const QStringList &args)
{
    Ran r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.exit = runTeamProfile(args, out, err);
    out.flush();
    err.flush();
    return r;
}

// Every cdnrec item of the keyring, with its secret and its created/modified times: a write of
// the same value shows as well as a new or removed entry.
QString keyringDump()
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"),
            {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("--unlock"),
             QStringLiteral("server"), SecretStore::serviceName()});
    if (!p.waitForFinished(20000))
        p.kill();
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

} // namespace

class TestTeamProfileCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void publishedByOnePulledByAnotherKeyringUntouched();
    void localProfileOfTheSameNameIsReportedNotReplaced();
    void secretInTheNotesIsRefusedBeforeConnecting();
    void auditorCannotPublish();
    void withoutConnectionOrPasswordOrServer();
    void oneCallAtStart();
    void retireExitCodesListAndPull();
    void hostileRowsAreShownEscaped();

private:
    // Switches to an operator's HOME (settings folder), connected as `user` when given, with the
    // team password in the keyring.
    void becomeOperator(const QString &home, const QString &user = QString());

    std::unique_ptr<test::PgCluster> m_pg;
    QTemporaryDir m_homes;
};

void TestTeamProfileCommand::becomeOperator(const QString &home, const QString &user)
{
    const QString dir = m_homes.filePath(home);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
    if (user.isEmpty())
        return;
    TeamConfig c;
    c.host = m_pg->host();
    c.port = m_pg->port();
    c.database = QStringLiteral("cdnrec");
    c.user = user;
    c.sslMode = QStringLiteral("disable");
    c.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
    c.save();
    SecretStore keyring;
    const SecretStore::Result r = keyring.writeNow(c.secretKey(), QStringLiteral("pw-") + user);
    QVERIFY2(r.ok(), qPrintable(r.message));
}

void TestTeamProfileCommand::initTestCase()
{
    initApplication();
    QVERIFY(m_homes.isValid());
    m_pg = std::make_unique<test::PgCluster>();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_pg->createDatabase(QStringLiteral("cdnrec"));
    TeamConfig admin;
    admin.host = m_pg->host();
    admin.port = m_pg->port();
    admin.user = m_pg->adminUser();
    admin.sslMode = QStringLiteral("disable");
    admin.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
    TeamDatabase::open(admin, QString(), QStringLiteral("admin"));
    const TeamDatabase::Status migrated = TeamDatabase::migrate(QStringLiteral("admin"));
    QVERIFY2(migrated.ok(), qPrintable(migrated.message));
    TeamDatabase::close(QStringLiteral("admin"));
    m_pg->createRole(QStringLiteral("alice"), QStringLiteral("pw-alice"),
                     QStringLiteral("cdnrec_operator"));
    m_pg->createRole(QStringLiteral("bob"), QStringLiteral("pw-bob"),
                     QStringLiteral("cdnrec_operator"));
    m_pg->createRole(QStringLiteral("carol"), QStringLiteral("pw-carol"),
                     QStringLiteral("cdnrec_auditor"));
}

void TestTeamProfileCommand::publishedByOnePulledByAnotherKeyringUntouched()
{
    TEST_STEP(becomeOperator(QStringLiteral("alice"), QStringLiteral("alice")));
    {
        ProfileStore store;
        QCOMPARE(store.add(profile(QStringLiteral("Acme"), 4242, QStringLiteral("ticket 17"))),
                 QString());
    }
    SecretStore keyring;
    QVERIFY(keyring.writeNow(QStringLiteral("Acme"), kSecret).ok());
    // The whole command line, as `cdnrec team` hands it on.
    Ran r = run({QStringLiteral("cdnrec"), QStringLiteral("team"), QStringLiteral("profile"),
                 QStringLiteral("publish"), QStringLiteral("Acme")});
    QVERIFY2(r.exit == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("version 1")), qPrintable(r.out));
    QVERIFY(ProfileStore().find(QStringLiteral("Acme"))->isTeamProfile());

    TEST_STEP(becomeOperator(QStringLiteral("bob"), QStringLiteral("bob")));
    QVERIFY(!ProfileStore().find(QStringLiteral("Acme")));
    const QString keyringBefore = keyringDump();
    QVERIFY2(keyringBefore.contains(QStringLiteral("Acme")), qPrintable(keyringBefore));
    // The keyring's "modified" has whole seconds: a rewrite of the same value after this shows.
    QTest::qWait(1100);
    r = run({QStringLiteral("pull")});
    QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("added: Acme")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("--new-secret")), qPrintable(r.out));
    const auto got = ProfileStore().find(QStringLiteral("Acme"));
    QVERIFY(got);
    QCOMPARE(ProfileStore::fingerprint(*got),
             ProfileStore::fingerprint(
                 profile(QStringLiteral("Acme"), 4242, QStringLiteral("ticket 17"))));
    QCOMPARE(got->teamVersion, 1);
    QCOMPARE(keyringDump(), keyringBefore); // nothing written, moved or removed

    // list: the team's view and what bob has of it.
    r = run({QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(r.exit, 0);
    const QJsonArray a = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(a.size(), 1);
    QCOMPARE(a.at(0)[QStringLiteral("name")].toString(), QStringLiteral("Acme"));
    QCOMPARE(a.at(0)[QStringLiteral("published_by")].toString(), QStringLiteral("alice"));
    QCOMPARE(a.at(0)[QStringLiteral("version")].toInt(), 1);
    QCOMPARE(a.at(0)[QStringLiteral("here")].toString(), QStringLiteral("up to date"));
    QVERIFY(!r.out.contains(kSecret));

    // A change by alice reaches bob on his next pull, as a new version.
    TEST_STEP(becomeOperator(QStringLiteral("alice")));
    Profile changed = profile(QStringLiteral("Acme"), 4242, QStringLiteral("ticket 18"));
    QCOMPARE(ProfileStore().update(QStringLiteral("Acme"), changed), QString());
    r = run({QStringLiteral("publish"), QStringLiteral("Acme")});
    QVERIFY2(r.exit == 0 && r.out.contains(QStringLiteral("version 2")), qPrintable(r.out + r.err));
    TEST_STEP(becomeOperator(QStringLiteral("bob")));
    r = run({QStringLiteral("pull")});
    QVERIFY2(r.exit == 0 && r.out.contains(QStringLiteral("updated: Acme")),
             qPrintable(r.out + r.err));
    QCOMPARE(ProfileStore().find(QStringLiteral("Acme"))->notes, QStringLiteral("ticket 18"));
    QCOMPARE(ProfileStore().find(QStringLiteral("Acme"))->teamVersion, 2);
    QCOMPARE(keyringDump(), keyringBefore);
}

void TestTeamProfileCommand::localProfileOfTheSameNameIsReportedNotReplaced()
{
    TEST_STEP(becomeOperator(QStringLiteral("bob2"), QStringLiteral("bob")));
    QCOMPARE(ProfileStore().add(profile(QStringLiteral("Beta"), 1, QStringLiteral("bob's"))),
             QString());
    TEST_STEP(becomeOperator(QStringLiteral("alice2"), QStringLiteral("alice")));
    QCOMPARE(ProfileStore().add(profile(QStringLiteral("Beta"), 2, QStringLiteral("alice's"))),
             QString());
    QCOMPARE(run({QStringLiteral("publish"), QStringLiteral("Beta")}).exit, 0);

    TEST_STEP(becomeOperator(QStringLiteral("bob2")));
    Ran r = run({QStringLiteral("pull")});
    QCOMPARE(r.exit, 1);
    QVERIFY2(r.out.contains(QStringLiteral("not taken: “Beta”")), qPrintable(r.out));
    QCOMPARE(ProfileStore().find(QStringLiteral("Beta"))->appId, 1u);
    r = run({QStringLiteral("list")});
    QVERIFY2(r.out.contains(QStringLiteral("[a local profile of that name]")), qPrintable(r.out));
    // bob's own publish of his Beta is refused too: the team's is not his.
    r = run({QStringLiteral("publish"), QStringLiteral("Beta")});
    QCOMPARE(r.exit, 1);
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT fields->>'appId' FROM cdnrec_profiles WHERE name = "
                                       "'Beta';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("2"));
    r = run({QStringLiteral("pull"), QStringLiteral("--replace"), QStringLiteral("Beta")});
    QVERIFY2(r.exit == 0 && r.out.contains(QStringLiteral("updated: Beta")),
             qPrintable(r.out + r.err));
    QCOMPARE(ProfileStore().find(QStringLiteral("Beta"))->appId, 2u);
}

void TestTeamProfileCommand::secretInTheNotesIsRefusedBeforeConnecting()
{
    TEST_STEP(becomeOperator(QStringLiteral("alice3"), QStringLiteral("alice")));
    QCOMPARE(
        ProfileStore().add(profile(QStringLiteral("Gamma"), 3, QStringLiteral("key ") + kSecret)),
        QString());
    const Ran r = run({QStringLiteral("publish"), QStringLiteral("Gamma")});
    QCOMPARE(r.exit, 2);
    QVERIFY2(r.err.contains(QStringLiteral("ServerSecret")), qPrintable(r.err));
    QVERIFY(!r.err.contains(kSecret));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_profiles WHERE fields::text "
                                       "ILIKE '%") +
                            kSecret + QStringLiteral("%' OR name = 'Gamma';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("0"));
}

void TestTeamProfileCommand::auditorCannotPublish()
{
    TEST_STEP(becomeOperator(QStringLiteral("carol"), QStringLiteral("carol")));
    QCOMPARE(ProfileStore().add(profile(QStringLiteral("Delta"), 4)), QString());
    Ran r = run({QStringLiteral("publish"), QStringLiteral("Delta")});
    QCOMPARE(r.exit, 3);
    QVERIFY2(r.err.contains(QStringLiteral("may not")), qPrintable(r.err));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_profiles WHERE name = "
                                       "'Delta';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("0"));
    r = run({QStringLiteral("list")}); // reading is what an auditor may do
    QVERIFY2(r.exit == 0 && r.out.contains(QStringLiteral("Acme")), qPrintable(r.out + r.err));
}

void TestTeamProfileCommand::withoutConnectionOrPasswordOrServer()
{
    TEST_STEP(becomeOperator(QStringLiteral("nobody")));
    Ran r = run({QStringLiteral("pull")});
    QCOMPARE(r.exit, 3);
    QVERIFY2(r.err.contains(QStringLiteral("cdnrec team connect")), qPrintable(r.err));
    // Connected, but the keyring has no password for it.
    TeamConfig c = TeamConfig::load();
    c.host = m_pg->host();
    c.port = m_pg->port();
    c.user = QStringLiteral("dave");
    c.sslMode = QStringLiteral("disable");
    c.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
    c.save();
    r = run({QStringLiteral("pull")});
    QCOMPARE(r.exit, 3);
    QVERIFY2(r.err.contains(QStringLiteral("needs a password")), qPrintable(r.err));
    // Nothing listens: unreachable.
    {
        QTcpServer probe; // a port nothing listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        c.port = probe.serverPort();
    }
    c.save();
    r = run({QStringLiteral("list")});
    QCOMPARE(r.exit, 4);
    QCOMPARE(run({QStringLiteral("frobnicate")}).exit, 2);
    QCOMPARE(run({QStringLiteral("publish")}).exit, 2);
    QCOMPARE(run({QStringLiteral("publish"), QStringLiteral("NoSuch")}).exit, 2);
}

void TestTeamProfileCommand::oneCallAtStart()
{
    // Not set up for a team: nothing happens, nothing is said.
    TEST_STEP(becomeOperator(QStringLiteral("solo")));
    {
        ProfileStore store;
        const TeamCatalog::PullReport r = TeamCatalog::pullAtStart(store);
        QVERIFY(!r.configured);
        QCOMPARE(r.summary(), QString());
        QVERIFY(store.profiles().isEmpty());
    }
    // Connected: the saved connection, its password from the keyring, the team's profiles in.
    TEST_STEP(becomeOperator(QStringLiteral("bob4"), QStringLiteral("bob")));
    const QString keyringBefore = keyringDump();
    QTest::qWait(1100); // the keyring's "modified" has whole seconds
    ProfileStore store;
    const TeamCatalog::PullReport r = TeamCatalog::pullAtStart(store);
    QVERIFY2(r.ok(), qPrintable(r.summary()));
    QVERIFY2(r.added.contains(QStringLiteral("Acme")), qPrintable(r.summary()));
    QVERIFY2(r.summary().contains(QStringLiteral("added")), qPrintable(r.summary()));
    QVERIFY(store.find(QStringLiteral("Acme"))->isTeamProfile());
    QCOMPARE(keyringDump(), keyringBefore);
}

void TestTeamProfileCommand::retireExitCodesListAndPull()
{
    TEST_STEP(becomeOperator(QStringLiteral("alice6"), QStringLiteral("alice")));
    QCOMPARE(ProfileStore().add(profile(QStringLiteral("Epsilon"), 6)), QString());
    QCOMPARE(run({QStringLiteral("publish"), QStringLiteral("Epsilon")}).exit, 0);
    TEST_STEP(becomeOperator(QStringLiteral("bob6"), QStringLiteral("bob")));
    Ran r = run({QStringLiteral("pull")});
    QVERIFY2(r.exit == 0 && r.out.contains(QStringLiteral("added: Epsilon")),
             qPrintable(r.out + r.err));
    SecretStore keyring;
    QVERIFY(keyring.writeNow(QStringLiteral("Epsilon"), kSecret).ok());
    const QString keyringBefore = keyringDump();
    QTest::qWait(1100); // the keyring's "modified" has whole seconds

    // The whole command line, as `cdnrec team` hands it on.
    TEST_STEP(becomeOperator(QStringLiteral("alice6")));
    r = run({QStringLiteral("cdnrec"), QStringLiteral("team"), QStringLiteral("profile"),
             QStringLiteral("retire"), QStringLiteral("Epsilon")});
    QVERIFY2(r.exit == 0 && r.out.contains(QStringLiteral("retired")), qPrintable(r.out + r.err));
    r = run({QStringLiteral("retire"), QStringLiteral("Epsilon")});
    QVERIFY2(r.exit == 0 && r.out.contains(QStringLiteral("already")), qPrintable(r.out + r.err));
    r = run({QStringLiteral("retire"), QStringLiteral("NoSuch")});
    QCOMPARE(r.exit, 2);
    QVERIFY2(r.err.contains(QStringLiteral("no profile named “NoSuch”")), qPrintable(r.err));
    QCOMPARE(run({QStringLiteral("retire")}).exit, 2);
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT string_agg(change || ' ' || changed_by, ',' ORDER "
                                       "BY seq) FROM cdnrec_profile_changes WHERE name = "
                                       "'Epsilon';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("published alice,retired alice"));

    // list: retired ones are there, marked.
    r = run({QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(r.exit, 0);
    const QJsonArray a = QJsonDocument::fromJson(r.out.toUtf8()).array();
    bool seen = false;
    for (const QJsonValue &v : a) {
        const bool retired = v[QStringLiteral("retired")].toBool(false);
        QVERIFY2(v[QStringLiteral("retired")].isBool(), qPrintable(r.out));
        QCOMPARE(retired, v[QStringLiteral("name")].toString() == QStringLiteral("Epsilon"));
        seen = seen || retired;
    }
    QVERIFY2(seen, qPrintable(r.out));
    r = run({QStringLiteral("list")});
    QVERIFY2(r.out.contains(QStringLiteral("Epsilon  RETIRED  v2")), qPrintable(r.out));

    // bob's unchanged copy goes at his next pull; his keyring keeps the secret.
    TEST_STEP(becomeOperator(QStringLiteral("bob6")));
    r = run({QStringLiteral("list")});
    QVERIFY2(r.out.contains(QStringLiteral("[removed at the next pull]")), qPrintable(r.out));
    r = run({QStringLiteral("pull")});
    QVERIFY2(r.exit == 0 &&
                 r.out.contains(
                     QRegularExpression(QStringLiteral("^1 team profile(\\(s\\))? retired\\.$"),
                                        QRegularExpression::MultilineOption)) &&
                 r.out.contains(QStringLiteral("removed (retired by the team): Epsilon")) &&
                 r.out.contains(QStringLiteral("cdnrec profile remove NAME removes it")),
             qPrintable(r.out + r.err));
    QVERIFY(!ProfileStore().find(QStringLiteral("Epsilon")));
    QCOMPARE(keyringDump(), keyringBefore);

    // An auditor may not; without a connection, or a server: 3 and 4, as the other verbs.
    TEST_STEP(becomeOperator(QStringLiteral("carol6"), QStringLiteral("carol")));
    r = run({QStringLiteral("retire"), QStringLiteral("Acme")});
    QCOMPARE(r.exit, 3);
    QVERIFY2(r.err.contains(QStringLiteral("may not")), qPrintable(r.err));
    TEST_STEP(becomeOperator(QStringLiteral("nobody6")));
    r = run({QStringLiteral("retire"), QStringLiteral("Acme")});
    QCOMPARE(r.exit, 3);
    QVERIFY2(r.err.contains(QStringLiteral("cdnrec team connect")), qPrintable(r.err));
    TEST_STEP(becomeOperator(QStringLiteral("far6"), QStringLiteral("bob")));
    TeamConfig c = TeamConfig::load();
    {
        QTcpServer probe; // a port nothing listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        c.port = probe.serverPort();
    }
    c.save();
    QCOMPARE(run({QStringLiteral("retire"), QStringLiteral("Acme")}).exit, 4);
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT retired FROM cdnrec_profiles WHERE name = 'Acme';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("f"));
}

void TestTeamProfileCommand::hostileRowsAreShownEscaped()
{
    // Any operator may write a catalog row straight into the database: a name, an OS user or a
    // host with terminal escapes reaches a colleague's terminal as text, never as escapes.
    TEST_STEP(becomeOperator(QStringLiteral("alice7"), QStringLiteral("alice")));
    QCOMPARE(ProfileStore().add(profile(QStringLiteral("Zeta"), 7)), QString());
    QCOMPARE(run({QStringLiteral("publish"), QStringLiteral("Zeta")}).exit, 0);
    // Zeta's fields under a hostile name; under a plain name with a hostile OS user and host;
    // and a row this version cannot read.
    m_pg->psql(QStringLiteral("INSERT INTO cdnrec_profiles (name, fields, os_user, host) SELECT "
                              "E'Evil\\x1b]0;pwned\\x07', fields, 'op', 'pc' FROM "
                              "cdnrec_profiles WHERE name = 'Zeta'; INSERT INTO cdnrec_profiles "
                              "(name, fields, os_user, host) SELECT 'Zeta2', fields, "
                              "E'op\\x1b[2J', E'pc\\u202e' FROM cdnrec_profiles WHERE name = "
                              "'Zeta'; INSERT INTO cdnrec_profiles (name, fields, os_user, host) "
                              "VALUES (E'Odd\\x1b[5m', '{}', 'op', 'pc');"),
               QStringLiteral("cdnrec"));
    TEST_STEP(becomeOperator(QStringLiteral("bob7"), QStringLiteral("bob")));
    for (const QString &verb : {QStringLiteral("list"), QStringLiteral("pull")}) {
        const Ran r = run({verb});
        const QString all = r.out + r.err;
        QVERIFY2(all.contains(QStringLiteral("Evil\\x1b]0;pwned\\x07")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Odd\\x1b[5m")), qPrintable(all));
        for (const QChar c : {QChar(0x1b), QChar(0x07), QChar(0x202e)})
            QVERIFY2(!all.contains(c), qPrintable(verb));
    }
    QVERIFY2(run({QStringLiteral("list")}).out.contains(QStringLiteral("(op\\x1b[2J@pc\\u202e)")),
             "os user and host escaped");
    // A name with control characters is no profile name: it never reaches this machine's
    // profiles (where menus, tables and `cdnrec profile list` would show it).
    const QList<Profile> mine = ProfileStore().profiles();
    QVERIFY(std::any_of(mine.cbegin(), mine.cend(),
                        [](const Profile &p) { return p.name == QLatin1String("Zeta2"); }));
    for (const Profile &p : mine)
        QVERIFY2(!needsEscaping(p.name), qPrintable(printable(p.name)));
}

QTEST_GUILESS_MAIN(TestTeamProfileCommand)
#include "test_teamprofilecommand.moc"
