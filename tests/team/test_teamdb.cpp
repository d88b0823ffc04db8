// SPDX-License-Identifier: GPL-3.0-or-later
// The team database core against a real PostgreSQL server started by the test (pgcluster.h):
// the cluster itself, TeamConfig, TeamDatabase::open/classify/migrate and 001_core.sql.
#include "pgcluster.h"
#include <model/profile.h>
#include <store/settings.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cdnrec;
using Error = TeamDatabase::Error;

namespace {
const QString Password = QStringLiteral("Zebra-Pw-7731'x");
const QString Conn = QStringLiteral("teamdb-test");
} // namespace

class TestTeamDb final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void clusterRunsAndRestarts();
    void clusterRefusesWrongPassword();
    void configRoundTripsWithoutPassword();
    void secretKeyCannotBeAProfileName();
    void caFileThatIsNotAFileIsRefused();
    void initTwiceGivesTheSameSchema();
    void operatorAppendsOnly();
    void auditorOnlyReads();
    void verifyFullWithMatchingCertificate();
    void errors_data();
    void errors();
    void serverWordsAreMadePrintable();
    void faultsAreReadInOrder_data();
    void faultsAreReadInOrder();
    void certificateNameMismatch();
    void scramVerifierLogsIn();
    void statementsAreBounded();
    void serverRestartIsReopened();

private:
    TeamConfig config(const QString &user,
                      const QString &database = QStringLiteral("cdnrec")) const;
    QString schemaSnapshot(const QString &database) const;
    std::unique_ptr<test::PgCluster> m_pg;
};

TeamConfig TestTeamDb::config(const QString &user, const QString &database) const
{
    TeamConfig c;
    c.host = m_pg->host();
    c.port = m_pg->port();
    c.database = database;
    c.user = user;
    c.sslMode = QStringLiteral("verify-full");
    c.sslRootCert = m_pg->caCertPath();
    return c;
}

QString TestTeamDb::schemaSnapshot(const QString &database) const
{
    return m_pg->psql(
        QStringLiteral("SELECT string_agg(x, E'\\n' ORDER BY x) FROM ("
                       " SELECT table_name || '.' || column_name || ':' || data_type || ':' ||"
                       "  coalesce(column_default, '') AS x FROM information_schema.columns"
                       "  WHERE table_schema = 'public'"
                       " UNION ALL SELECT tgrelid::regclass || ':' || tgname FROM pg_trigger"
                       "  WHERE NOT tgisinternal"
                       " UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
                       " UNION ALL SELECT table_name || ':' || grantee || ':' || privilege_type"
                       "  FROM information_schema.role_table_grants WHERE table_schema = 'public'"
                       " UNION ALL SELECT version || name FROM cdnrec_schema) s;"),
        database);
}

void TestTeamDb::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("cdnrec-test"));
    QCoreApplication::setApplicationName(QStringLiteral("test_teamdb"));
    QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
             "the QPSQL driver (libqt6sql6-psql) is missing");
    test::PgCluster::Options tls;
    tls.tls = true;
    m_pg = std::make_unique<test::PgCluster>(tls);
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_pg->createDatabase(QStringLiteral("cdnrec"));
    const TeamDatabase::Status s = TeamDatabase::open(config(m_pg->adminUser()), QString(), Conn);
    QCOMPARE(s.error, Error::NotInitialized);
    const TeamDatabase::Status m = TeamDatabase::migrate(Conn);
    QVERIFY2(m.ok(), qPrintable(m.message));
    TeamDatabase::close(Conn);
    m_pg->createRole(QStringLiteral("op1"), Password, QStringLiteral("cdnrec_operator"));
}

void TestTeamDb::cleanup()
{
    TeamDatabase::close(Conn);
}

void TestTeamDb::clusterRunsAndRestarts()
{
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT 40 + 2;")), QStringLiteral("42"));
    m_pg->stopImmediate();
    QString out;
    QVERIFY(!m_pg->psqlAs(m_pg->adminUser(), QString(), QStringLiteral("SELECT 1;"), &out));
    QVERIFY2(m_pg->start(), qPrintable(m_pg->error()));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT 1;")), QStringLiteral("1"));
}

void TestTeamDb::clusterRefusesWrongPassword()
{
    m_pg->createRole(QStringLiteral("pc_alice"), QStringLiteral("s3cret"));
    QString out, err;
    QVERIFY(m_pg->psqlAs(QStringLiteral("pc_alice"), QStringLiteral("s3cret"),
                         QStringLiteral("SELECT current_user;"), &out, &err));
    QCOMPARE(out, QStringLiteral("pc_alice"));
    QVERIFY(!m_pg->psqlAs(QStringLiteral("pc_alice"), QStringLiteral("wrong"),
                          QStringLiteral("SELECT 1;"), &out, &err));
    QVERIFY2(err.contains(QStringLiteral("password authentication failed")), qPrintable(err));
}

void TestTeamDb::configRoundTripsWithoutPassword()
{
    TeamConfig::clear();
    QVERIFY(!TeamConfig::load().isSet());
    QCOMPARE(TeamConfig::load().sslMode, QStringLiteral("verify-full"));
    TeamConfig c = config(QStringLiteral("alice"));
    c.save();
    const TeamConfig back = TeamConfig::load();
    QVERIFY(back.isSet());
    QCOMPARE(back.displayName(), c.displayName());
    QCOMPARE(back.sslRootCert, c.sslRootCert);
    QCOMPARE(back.sslMode, c.sslMode);
    TeamConfig::clear();
    QVERIFY(!TeamConfig::load().isSet());
    c.sslMode = QStringLiteral("verify-everything");
    QVERIFY(!c.problem().isEmpty());
    c.sslMode = QStringLiteral("require");
    c.sslRootCert = QStringLiteral("/tmp/a;sslmode=disable");
    QVERIFY2(!c.problem().isEmpty(), "a ';' would inject a connection option");
}

void TestTeamDb::secretKeyCannotBeAProfileName()
{
    const TeamConfig c = config(QStringLiteral("alice"));
    QVERIFY(c.secretKey().startsWith(QStringLiteral("team/")));
    Profile p;
    p.name = c.secretKey();
    p.appId = 1;
    bool nameRefused = false;
    for (const Profile::FieldError &e : p.validate())
        nameRefused = nameRefused || e.field == QLatin1String("name");
    QVERIFY2(nameRefused, "a profile could be named like the team password's keyring entry");
}

void TestTeamDb::initTwiceGivesTheSameSchema()
{
    m_pg->createDatabase(QStringLiteral("twice"));
    const TeamConfig admin = config(m_pg->adminUser(), QStringLiteral("twice"));
    TeamDatabase::Status s = TeamDatabase::open(admin, QString(), Conn);
    QCOMPARE(s.error, Error::NotInitialized);
    QVERIFY(s.message.contains(QLatin1String("team init")));
    QStringList applied;
    s = TeamDatabase::migrate(Conn, &applied);
    QVERIFY2(s.ok(), qPrintable(s.message));
    QVERIFY(applied.contains(QStringLiteral("001_core")));
    QCOMPARE(TeamDatabase::schemaVersion(Conn), TeamDatabase::knownSchemaVersion());
    const QString first = schemaSnapshot(QStringLiteral("twice"));
    QVERIFY(first.contains(QLatin1String("cdnrec_events.event_id")));

    applied.clear();
    s = TeamDatabase::migrate(Conn, &applied);
    QVERIFY2(s.ok(), qPrintable(s.message));
    QVERIFY(applied.isEmpty());
    QCOMPARE(schemaSnapshot(QStringLiteral("twice")), first);
    QVERIFY(TeamDatabase::open(admin, QString(), Conn).ok());
}

void TestTeamDb::operatorAppendsOnly()
{
    TeamDatabase::Status s = TeamDatabase::open(config(QStringLiteral("op1")), Password, Conn);
    QVERIFY2(s.ok(), qPrintable(s.message));
    QSqlDatabase db = QSqlDatabase::database(Conn, false);
    QSqlQuery q(db);
    // No direct INSERT (005): events go through cdnrec_append_events, and db_user says who
    // wrote the row as the database knows it, whatever the client claims.
    QVERIFY(!q.exec(QStringLiteral(
        "INSERT INTO cdnrec_events (event_id, run_id, kind, occurred_at, os_user, host, "
        "app_id, action, db_user) VALUES (gen_random_uuid(), gen_random_uuid(), "
        "'run_begun', now(), 'alice', 'pc1', 1234, 'stop', 'admin')")));
    QVERIFY2(q.exec(QStringLiteral(
                 "SELECT cdnrec_append_events(jsonb_build_array(jsonb_build_object('event_id', "
                 "gen_random_uuid(), 'run_id', gen_random_uuid(), 'kind', 'run_begun', "
                 "'occurred_at', now(), 'os_user', 'alice', 'host', 'pc1', 'app_id', 1234, "
                 "'action', 'stop', 'db_user', 'admin')))")),
             qPrintable(q.lastError().text()));
    QVERIFY(q.exec(QStringLiteral("SELECT db_user, count(*) FROM cdnrec_events GROUP BY 1")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("op1"));

    const QStringList changes{
        QStringLiteral("UPDATE cdnrec_events SET os_user = 'mallory'"),
        QStringLiteral("DELETE FROM cdnrec_events"),
        QStringLiteral("TRUNCATE cdnrec_events"),
    };
    for (const QString &sql : changes) {
        QVERIFY2(!q.exec(sql), qPrintable(sql));
        QCOMPARE(TeamDatabase::classify(q.lastError()).error, Error::NoRights);
    }
    // Even granted too much, the trigger keeps the history append-only.
    m_pg->psql(QStringLiteral("GRANT UPDATE, DELETE, TRUNCATE ON cdnrec_events TO op1;"),
               QStringLiteral("cdnrec"));
    for (const QString &sql : changes) {
        QVERIFY2(!q.exec(sql), qPrintable(sql));
        const TeamDatabase::Status c = TeamDatabase::classify(q.lastError());
        QCOMPARE(c.error, Error::NoRights);
        QVERIFY2(c.message.contains(QLatin1String("append-only")), qPrintable(c.message));
    }
    m_pg->psql(QStringLiteral("REVOKE UPDATE, DELETE, TRUNCATE ON cdnrec_events FROM op1;"),
               QStringLiteral("cdnrec"));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE os_user = "
                                       "'alice';"),
                        QStringLiteral("cdnrec")),
             QStringLiteral("1"));
}

void TestTeamDb::auditorOnlyReads()
{
    m_pg->createRole(QStringLiteral("aud1"), Password, QStringLiteral("cdnrec_auditor"));
    TeamDatabase::Status s = TeamDatabase::open(config(QStringLiteral("aud1")), Password, Conn);
    QVERIFY2(s.ok(), qPrintable(s.message));
    QSqlQuery q(QSqlDatabase::database(Conn, false));
    QVERIFY2(q.exec(QStringLiteral("SELECT count(*) FROM cdnrec_events")),
             qPrintable(q.lastError().text()));
    QVERIFY(!q.exec(QStringLiteral(
        "INSERT INTO cdnrec_events (event_id, run_id, kind, occurred_at, os_user, host, app_id, "
        "action) VALUES (gen_random_uuid(), gen_random_uuid(), 'run_begun', now(), 'a', 'b', 1, "
        "'stop')")));
    QCOMPARE(TeamDatabase::classify(q.lastError()).error, Error::NoRights);
}

void TestTeamDb::verifyFullWithMatchingCertificate()
{
    m_pg->createRole(QStringLiteral("op_tls"), Password, QStringLiteral("cdnrec_operator"));
    for (const QString &host : {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}) {
        TeamConfig c = config(QStringLiteral("op_tls"));
        c.host = host;
        const TeamDatabase::Status s = TeamDatabase::open(c, Password, Conn);
        QVERIFY2(s.ok(), qPrintable(host + QLatin1Char(' ') + s.message));
        QSqlQuery q(QSqlDatabase::database(Conn, false));
        QVERIFY(q.exec(QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")));
        QVERIFY(q.next());
        QVERIFY2(q.value(0).toBool(), "verify-full connected without TLS");
        TeamDatabase::close(Conn);
    }
}

void TestTeamDb::errors_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("sslMode");
    QTest::addColumn<QString>("rootCert"); // "" the cluster's CA, "other", "missing"
    QTest::addColumn<int>("error");

    const QString local = QStringLiteral("127.0.0.1");
    const QString vf = QStringLiteral("verify-full");
    const QString cdnrec = QStringLiteral("cdnrec");
    const int port = m_pg->port();
    QTest::newRow("wrong password")
        << QString() << "op1" << QString(QStringLiteral("not-") + Password) << local << port
        << cdnrec << vf << QString() << int(Error::WrongPassword);
    QTest::newRow("no such user") << QString() << "nobody_here" << Password << local << port
                                  << cdnrec << vf << QString() << int(Error::WrongPassword);
    QTest::newRow("closed port") << QString() << "op1" << Password << local << 1 << cdnrec << vf
                                 << QString() << int(Error::Unreachable);
    // Non-routable: a timeout after connect_timeout (or at once, where there is no route).
    QTest::newRow("unreachable host") << QString() << "op1" << Password << "10.255.255.1" << port
                                      << cdnrec << vf << QString() << int(Error::Unreachable);
    QTest::newRow("unknown CA") << QString() << "op1" << Password << local << port << cdnrec << vf
                                << "other" << int(Error::Certificate);
    QTest::newRow("CA file missing") << QString() << "op1" << Password << local << port << cdnrec
                                     << vf << "missing" << int(Error::Certificate);
    QTest::newRow("no such database") << QString() << "op1" << Password << local << port
                                      << "nowhere" << vf << QString() << int(Error::NotInitialized);
    QTest::newRow("not initialized") << "CREATE DATABASE empty_db;"
                                     << "op1" << Password << local << port << "empty_db" << vf
                                     << QString() << int(Error::NotInitialized);
    QTest::newRow("newer schema")
        << "CREATE DATABASE newer_db;\n\\c newer_db\n"
           "CREATE TABLE cdnrec_schema (version int PRIMARY KEY, name text, applied_at "
           "timestamptz default now());\nINSERT INTO cdnrec_schema VALUES (999, '999_future');\n"
           "GRANT SELECT ON cdnrec_schema TO cdnrec_operator;"
        << "op1" << Password << local << port << "newer_db" << vf << QString()
        << int(Error::NewerSchema);
    QTest::newRow("role without rights")
        << QString(QStringLiteral("CREATE ROLE norights LOGIN PASSWORD '") +
                   QString(Password).replace(QStringLiteral("'"), QStringLiteral("''")) +
                   QStringLiteral("';"))
        << "norights" << Password << local << port << cdnrec << vf << QString()
        << int(Error::NoRights);
}

void TestTeamDb::errors()
{
    QFETCH(QString, setup);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);
    QFETCH(QString, sslMode);
    QFETCH(QString, rootCert);
    QFETCH(int, error);
    if (!setup.isEmpty())
        m_pg->psql(setup);
    TeamConfig c = config(user, database);
    c.host = host;
    c.port = port;
    c.sslMode = sslMode;
    if (rootCert == QLatin1String("other"))
        c.sslRootCert = m_pg->otherCaCertPath();
    else if (rootCert == QLatin1String("missing"))
        c.sslRootCert = m_pg->hostDir() + QStringLiteral("/no-such-ca.crt");
    const TeamDatabase::Status s = TeamDatabase::open(c, password, Conn);
    QVERIFY2(
        int(s.error) == error,
        qPrintable(QStringLiteral("got %1: %2").arg(TeamDatabase::errorName(s.error), s.message)));
    QVERIFY(!s.message.isEmpty());
    QVERIFY2(!s.message.contains(Password) && !s.message.contains(password), qPrintable(s.message));
    QVERIFY2(!s.message.contains(QLatin1Char('\n')), qPrintable(s.message));
    qInfo().noquote() << TeamDatabase::errorName(s.error) << ":" << s.message;
}

// A server (or a function in it) can raise any text; what classify() passes on reaches terminals
// (cdnrec team profile list/pull, cdnrec team budget) and labels, so it is made printable.
void TestTeamDb::serverWordsAreMadePrintable()
{
    const QSqlError raised(QString(), QStringLiteral("ERROR:  \x1b]0;owned\x07\x1b[31mred\x1b[0m"),
                           QSqlError::StatementError, QStringLiteral("P0001"));
    const TeamDatabase::Status s = TeamDatabase::classify(raised);
    QVERIFY(!s.ok());
    QVERIFY2(s.message.contains(QStringLiteral("\\x1b]0;owned\\x07")), qPrintable(s.message));
    for (const QChar c : {QChar(0x1b), QChar(0x07)})
        QVERIFY(!s.message.contains(c));
}

// classify() reads its faults in order and the first that matches decides: an error that says
// two things is told by the more specific (a missing CA file before any certificate failure, a
// server starting up before a lost connection, the refusal of an append-only table before any
// permission). Each row's words are of a real error; `says` is a part of the sentence expected.
void TestTeamDb::faultsAreReadInOrder_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("state");
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("says");
    QTest::newRow("CA file before certificate")
        << "root certificate file \"/x/ca.crt\" does not exist; certificate verify failed"
        << "" << int(Error::Certificate) << "No CA certificate is given";
    QTest::newRow("name mismatch before certificate")
        << "server certificate for \"a\" does not match host name \"b\""
        << "" << int(Error::Certificate) << "is not issued for";
    QTest::newRow("no TLS before certificate")
        << "server does not support SSL, but SSL was required"
        << "" << int(Error::Certificate) << "does not offer TLS";
    QTest::newRow("unknown role") << "FATAL:  role \"olga\" does not exist"
                                  << "28000" << int(Error::WrongPassword) << "has no user";
    QTest::newRow("unknown database") << "FATAL:  database \"nowhere\" does not exist"
                                      << "3D000" << int(Error::NotInitialized) << "does not exist";
    QTest::newRow("no table") << "ERROR:  relation \"cdnrec_events\" does not exist"
                              << "42P01" << int(Error::NotInitialized) << "not set up";
    QTest::newRow("append-only before permission")
        << "ERROR:  permission denied: cdnrec_events is append-only"
        << "42501" << int(Error::NoRights) << "append-only";
    QTest::newRow("permission") << "ERROR:  permission denied for table cdnrec_profiles"
                                << "42501" << int(Error::NoRights) << "may not do this";
    QTest::newRow("refused before connection class")
        << "connection to server at \"127.0.0.1\", port 1 failed: Connection refused"
        << "08001" << int(Error::Unreachable) << "connection refused";
    QTest::newRow("statement timeout")
        << "ERROR:  canceling statement due to statement timeout"
        << "57014" << int(Error::Unreachable) << "did not answer in time";
    QTest::newRow("starting up before connection class")
        << "FATAL:  the database system is starting up"
        << "57P03" << int(Error::Unreachable) << "starting up or shutting down";
    QTest::newRow("terminated") << "FATAL:  terminating connection due to administrator command"
                                << "57P01" << int(Error::Unreachable) << "was lost";
    QTest::newRow("the server's own words")
        << "ERROR:  lease refused"
        << "P0001" << int(Error::Other) << "reported: lease refused";
}

void TestTeamDb::faultsAreReadInOrder()
{
    QFETCH(QString, text);
    QFETCH(QString, state);
    QFETCH(int, error);
    QFETCH(QString, says);
    const TeamDatabase::Status s =
        TeamDatabase::classify(QSqlError(QString(), text, QSqlError::StatementError, state));
    QVERIFY2(int(s.error) == error && s.message.contains(says),
             qPrintable(QStringLiteral("%1: %2").arg(TeamDatabase::errorName(s.error), s.message)));
}

void TestTeamDb::certificateNameMismatch()
{
    test::PgCluster::Options o;
    o.tls = true;
    o.certName = QStringLiteral("db.wrong.example");
    test::PgCluster other(o);
    QVERIFY2(other.isRunning(), qPrintable(other.error()));
    TeamConfig c;
    c.host = other.host();
    c.port = other.port();
    c.database = QStringLiteral("postgres");
    c.user = other.adminUser();
    c.sslRootCert = other.caCertPath();
    c.sslMode = QStringLiteral("verify-full");
    const TeamDatabase::Status s = TeamDatabase::open(c, QString(), Conn);
    QCOMPARE(s.error, Error::Certificate);
    QVERIFY2(s.message.contains(QLatin1String("127.0.0.1")), qPrintable(s.message));
    // The same certificate is fine where only the CA is checked.
    c.sslMode = QStringLiteral("verify-ca");
    const TeamDatabase::Status ca = TeamDatabase::open(c, QString(), Conn);
    QCOMPARE(ca.error, Error::NotInitialized);
    TeamDatabase::close(Conn);
}

void TestTeamDb::scramVerifierLogsIn()
{
    const QString pw = QStringLiteral("Grüße-ß 密码 42");
    const QString verifier = TeamDatabase::scramVerifier(pw);
    QVERIFY(verifier.startsWith(QStringLiteral("SCRAM-SHA-256$4096:")));
    QVERIFY(!verifier.contains(pw));
    QVERIFY(verifier != TeamDatabase::scramVerifier(pw)); // salted
    m_pg->psql(QStringLiteral("CREATE ROLE scram1 LOGIN PASSWORD '%1' IN ROLE cdnrec_operator;")
                   .arg(verifier));
    const TeamDatabase::Status s = TeamDatabase::open(config(QStringLiteral("scram1")), pw, Conn);
    QVERIFY2(s.ok(), qPrintable(s.message));
    TeamDatabase::close(Conn);
    QCOMPARE(
        TeamDatabase::open(config(QStringLiteral("scram1")), pw + QLatin1Char('x'), Conn).error,
        Error::WrongPassword);
}

void TestTeamDb::statementsAreBounded()
{
    TeamDatabase::Status s = TeamDatabase::open(config(QStringLiteral("op1")), Password, Conn);
    QVERIFY2(s.ok(), qPrintable(s.message));
    QSqlQuery q(QSqlDatabase::database(Conn, false));
    QVERIFY(q.exec(QStringLiteral("SHOW statement_timeout")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("15s"));
    QVERIFY(q.exec(QStringLiteral("SHOW idle_in_transaction_session_timeout")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("1min"));
    // A statement that would run for a minute is cancelled, and says so.
    QVERIFY(!q.exec(QStringLiteral("SELECT pg_sleep(60)")));
    QCOMPARE(TeamDatabase::classify(q.lastError()).error, Error::Unreachable);
}

void TestTeamDb::serverRestartIsReopened()
{
    const TeamConfig c = config(QStringLiteral("op1"));
    QVERIFY(TeamDatabase::open(c, Password, Conn).ok());
    m_pg->stopImmediate();
    QSqlQuery q(QSqlDatabase::database(Conn, false));
    QVERIFY(!q.exec(QStringLiteral("SELECT 1")));
    const TeamDatabase::Status lost = TeamDatabase::classify(q.lastError());
    QVERIFY2(lost.error == Error::Unreachable, qPrintable(lost.message));
    const TeamDatabase::Status down = TeamDatabase::open(c, Password, Conn);
    QCOMPARE(down.error, Error::Unreachable);
    QVERIFY2(m_pg->start(), qPrintable(m_pg->error()));
    const TeamDatabase::Status back = TeamDatabase::open(c, Password, Conn);
    QVERIFY2(back.ok(), qPrintable(back.message));
}

// libpq opens the CA file synchronously, outside its connect_timeout: a FIFO hung `cdnrec team
// connect` (and a sync thread) for good, and /dev/zero would be read until memory ran out.
void TestTeamDb::caFileThatIsNotAFileIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fifo = dir.filePath(QStringLiteral("ca.fifo"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    TeamConfig c;
    c.host = m_pg->host();
    c.port = m_pg->port();
    c.user = QStringLiteral("nobody-here");
    c.sslMode = QStringLiteral("verify-full");
    for (const QString &path : {fifo, QStringLiteral("/dev/zero"), dir.path()}) {
        c.sslRootCert = path;
        QVERIFY2(c.problem().contains(path), qPrintable(c.problem()));
        QElapsedTimer timer;
        timer.start();
        const TeamDatabase::Status s = TeamDatabase::open(c, QString(), QStringLiteral("ca-check"));
        TeamDatabase::close(QStringLiteral("ca-check"));
        QVERIFY(!s.ok());
        QVERIFY2(s.message.contains(path), qPrintable(s.message));
        QVERIFY(timer.elapsed() < 5000); // refused before any connection, never a hang
    }
    // A missing file is libpq's to say (it is looked for only when TLS is used).
    c.sslRootCert = dir.filePath(QStringLiteral("missing.crt"));
    QVERIFY(c.problem().isEmpty());
}

QTEST_GUILESS_MAIN(TestTeamDb)
#include "test_teamdb.moc"
