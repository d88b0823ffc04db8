// SPDX-License-Identifier: GPL-3.0-or-later
// `cdnrec team init | add-user | connect | status | disconnect`, run as a script would, against a
// real PostgreSQL server with TLS (pgcluster.h). Without CDNREC_KEYRING_MODE the machine has no
// keyring: the trust path (--no-password) works and a password cannot be kept (exit 5). Under
// tests/keyring/with-keyring.sh unlocked, the password goes to the keyring and status uses it.
#include "cliprocess.h"
#include "pgcluster.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {
const QString AlicePassword = QStringLiteral("Alice-Pw-55213");
} // namespace

class TestCliTeam final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void usageErrors();
    void initCreatesEverythingOnceAndSaysSo();
    void addUserCreatesALoginWithoutShowingThePassword();
    void addUserRefusesBadInput();
    void connectStatusDisconnectWithoutPassword();
    void connectWithPasswordKeepsItOutOfFilesAndOutput();
    void connectFaultsSaveNothing_data();
    void connectFaultsSaveNothing();
    void statusWhenTheServerIsDown();

private:
    test::CliResult cli(const QStringList &args, const QByteArray &input = {},
                        const QProcessEnvironment &env = {}) const;
    QStringList connection(const QString &user) const;
    QByteArray configFiles() const; // everything cdnrec wrote under the config folder
    bool keyring() const { return !qEnvironmentVariableIsEmpty("CDNREC_KEYRING_MODE"); }
    std::unique_ptr<test::PgCluster> m_pg;
    QProcessEnvironment m_env;
    QProcessEnvironment m_chinese; // m_env on a Simplified Chinese desktop
    QTemporaryDir m_locales;       // zh_CN.UTF-8, made here (the machine need not have it)
};

test::CliResult TestCliTeam::cli(const QStringList &args, const QByteArray &input,
                                 const QProcessEnvironment &env) const
{
    return test::runCli(QStringLiteral(CDNREC_CLI), QStringList{QStringLiteral("team")} + args,
                        env.isEmpty() ? m_env : env, input);
}

QStringList TestCliTeam::connection(const QString &user) const
{
    return {QStringLiteral("--host"),        m_pg->host(),
            QStringLiteral("--port"),        QString::number(m_pg->port()),
            QStringLiteral("--user"),        user,
            QStringLiteral("--sslrootcert"), m_pg->caCertPath()};
}

QByteArray TestCliTeam::configFiles() const
{
    QByteArray all;
    const QString root = m_env.value(QStringLiteral("XDG_CONFIG_HOME"));
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

void TestCliTeam::initTestCase()
{
    m_env = QProcessEnvironment::systemEnvironment();
    QVERIFY2(!m_env.value(QStringLiteral("XDG_CONFIG_HOME")).isEmpty(),
             "run through ctest: XDG_CONFIG_HOME must point into a throw-away folder");
    test::PgCluster::Options tls;
    tls.tls = true;
    m_pg = std::make_unique<test::PgCluster>(tls);
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    cli({QStringLiteral("disconnect")});
    // A Chinese desktop: libpq and the C library word their messages in Chinese there
    // (packaging/debian-packages.txt has `locales` for the definition).
    QProcess localedef;
    localedef.start(QStringLiteral("localedef"),
                    {QStringLiteral("-i"), QStringLiteral("zh_CN"), QStringLiteral("-f"),
                     QStringLiteral("UTF-8"), m_locales.filePath(QStringLiteral("zh_CN.UTF-8"))});
    QVERIFY(localedef.waitForFinished(60000));
    QVERIFY2(QFileInfo(m_locales.filePath(QStringLiteral("zh_CN.UTF-8"))).isDir(),
             localedef.readAllStandardError().constData());
    m_chinese = m_env;
    m_chinese.insert(QStringLiteral("LOCPATH"), m_locales.path());
    for (const char *name : {"LANG", "LC_ALL", "LANGUAGE"})
        m_chinese.insert(QLatin1String(name), QStringLiteral("zh_CN.UTF-8"));
    // glibc's setlocale() keeps its copy of LOCPATH for good, which LeakSanitizer reports at the
    // exit of every process started with it (the ASan build): only these runs, which only a test
    // makes, go without leak detection; the same paths run with it on the English desktop.
    if (const QString asan = m_env.value(QStringLiteral("ASAN_OPTIONS")); !asan.isEmpty())
        m_chinese.insert(QStringLiteral("ASAN_OPTIONS"), asan + QStringLiteral(":detect_leaks=0"));
}

void TestCliTeam::usageErrors()
{
    QCOMPARE(cli({}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("frobnicate")}).exitCode, 2);
    QCOMPARE(
        cli({QStringLiteral("connect"), QStringLiteral("--host"), QStringLiteral("x")}).exitCode,
        2);
    QCOMPARE(cli({QStringLiteral("connect"), QStringLiteral("--password"), QStringLiteral("x")})
                 .exitCode,
             2);
    const test::CliResult help = cli({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("add-user"));
}

void TestCliTeam::initCreatesEverythingOnceAndSaysSo()
{
    const QStringList args = QStringList{QStringLiteral("init")} + connection(m_pg->adminUser()) +
                             QStringList{QStringLiteral("--no-password")};
    const test::CliResult first = cli(args);
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QVERIFY2(first.out.contains("Created the database cdnrec"), first.out.constData());
    QVERIFY2(first.out.contains("Applied 001_core"), first.out.constData());
    QVERIFY2(first.out.contains("Created the group roles"), first.out.constData());
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname IN "
                                       "('cdnrec_operator', 'cdnrec_auditor');")),
             QStringLiteral("2"));
    const QString version = m_pg->psql(QStringLiteral("SELECT max(version) FROM cdnrec_schema;"),
                                       QStringLiteral("cdnrec"));

    const test::CliResult second = cli(args);
    QVERIFY2(second.exitCode == 0, second.err.constData());
    QVERIFY2(second.out.contains("nothing to do"), second.out.constData());
    QVERIFY(!second.out.contains("Applied"));
    QVERIFY(!second.out.contains("Created"));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT max(version) FROM cdnrec_schema;"),
                        QStringLiteral("cdnrec")),
             version);
}

void TestCliTeam::addUserCreatesALoginWithoutShowingThePassword()
{
    const QStringList admin =
        connection(m_pg->adminUser()) + QStringList{QStringLiteral("--no-password")};
    test::CliResult r = cli(QStringList{QStringLiteral("add-user"), QStringLiteral("alice"),
                                        QStringLiteral("--role"), QStringLiteral("operator")} +
                                admin,
                            AlicePassword.toUtf8() + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("Created user alice in cdnrec_operator"), r.out.constData());
    QVERIFY(r.out.contains("cdnrec team connect"));
    QVERIFY(!r.out.contains(AlicePassword.toUtf8()) && !r.err.contains(AlicePassword.toUtf8()));
    // The server keeps a SCRAM verifier; it got no password in any statement.
    QVERIFY(m_pg->psql(QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = 'alice';"))
                .startsWith(QStringLiteral("SCRAM-SHA-256$")));
    QString out;
    QVERIFY(m_pg->psqlAs(QStringLiteral("alice"), AlicePassword,
                         QStringLiteral("SELECT count(*) FROM cdnrec_events;"), &out, nullptr,
                         QStringLiteral("cdnrec")));

    // Again, as an auditor: the password is reset and the role moves.
    r = cli(QStringList{QStringLiteral("add-user"), QStringLiteral("alice"),
                        QStringLiteral("--role"), QStringLiteral("auditor")} +
                admin,
            AlicePassword.toUtf8() + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("Removed alice from cdnrec_operator"), r.out.constData());
    QString err;
    QVERIFY(!m_pg->psqlAs(QStringLiteral("alice"), AlicePassword,
                          QStringLiteral("INSERT INTO cdnrec_events (event_id, run_id, kind, "
                                         "occurred_at, os_user, host, app_id, action) VALUES "
                                         "(gen_random_uuid(), gen_random_uuid(), 'run_begun', "
                                         "now(), 'a', 'b', 1, 'stop');"),
                          &out, &err, QStringLiteral("cdnrec")));
    QVERIFY2(err.contains(QLatin1String("permission denied")), qPrintable(err));
    // Back to operator for the tests that follow.
    r = cli(QStringList{QStringLiteral("add-user"), QStringLiteral("alice"),
                        QStringLiteral("--role"), QStringLiteral("operator")} +
                admin,
            AlicePassword.toUtf8() + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestCliTeam::addUserRefusesBadInput()
{
    const QStringList admin =
        connection(m_pg->adminUser()) + QStringList{QStringLiteral("--no-password")};
    const auto addUser = [&](const QString &name, const QString &role, const QByteArray &input) {
        return cli(QStringList{QStringLiteral("add-user"), name, QStringLiteral("--role"), role} +
                       admin,
                   input);
    };
    QCOMPARE(addUser(QStringLiteral("bob"), QStringLiteral("root"), "pw\n").exitCode, 2);
    QCOMPARE(addUser(QStringLiteral("pg_bob"), QStringLiteral("operator"), "pw\n").exitCode, 2);
    QCOMPARE(addUser(QStringLiteral("bob\"; DROP TABLE x; --"), QStringLiteral("operator"), "pw\n")
                 .exitCode,
             2);
    QCOMPARE(addUser(QStringLiteral("bob"), QStringLiteral("operator"), "").exitCode, 2);
    QCOMPARE(
        m_pg->psql(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname LIKE '%bob%';")),
        QStringLiteral("0"));
    // An operator cannot create users.
    const test::CliResult r =
        cli(QStringList{QStringLiteral("add-user"), QStringLiteral("bob"), QStringLiteral("--role"),
                        QStringLiteral("operator")} +
                connection(QStringLiteral("alice")),
            AlicePassword.toUtf8() + "\nBobPw-1\n");
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("may not"), r.err.constData());
    QVERIFY(!r.err.contains(AlicePassword.toUtf8()) && !r.err.contains("BobPw-1"));
}

void TestCliTeam::connectStatusDisconnectWithoutPassword()
{
    test::CliResult r = cli(QStringList{QStringLiteral("connect")} + connection(m_pg->adminUser()) +
                            QStringList{QStringLiteral("--no-password")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(configFiles().contains("team"));

    r = cli({QStringLiteral("status")});
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QVERIFY2(r.out.contains("State: connected as admin"), r.out.constData());
    r = cli({QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(QStringLiteral("connected")).toBool(), true);
    QCOMPARE(r.json().value(QStringLiteral("user")).toString(), m_pg->adminUser());
    QCOMPARE(r.json().value(QStringLiteral("ssl_mode")).toString(), QStringLiteral("verify-full"));
    QCOMPARE(r.json().value(QStringLiteral("schema_version")).toInt(),
             r.json().value(QStringLiteral("known_schema_version")).toInt());
    // The saved connection needs no password: no command asks a keyring for one (this test has
    // none; every command below once failed with exit 5, "cannot be read from the keyring").
    for (const QStringList &args : {QStringList{QStringLiteral("profile"), QStringLiteral("list")},
                                    QStringList{QStringLiteral("profile"), QStringLiteral("pull")},
                                    QStringList{QStringLiteral("budget")}}) {
        r = cli(args);
        QVERIFY2(r.exitCode == 0,
                 qPrintable(args.join(u' ') + QStringLiteral(": ") + QString::fromUtf8(r.err)));
    }

    // Without connection options, init uses the saved connection.
    r = cli({QStringLiteral("init"), QStringLiteral("--no-password")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("nothing to do"));

    r = cli({QStringLiteral("disconnect")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Forgot"));
    r = cli({QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.json().value(QStringLiteral("configured")).toBool(), false);
    QVERIFY(!configFiles().contains("team/") && !configFiles().contains("host="));
}

void TestCliTeam::connectWithPasswordKeepsItOutOfFilesAndOutput()
{
    const QByteArray pw = AlicePassword.toUtf8();
    test::CliResult r = cli(
        QStringList{QStringLiteral("connect")} + connection(QStringLiteral("alice")), pw + '\n');
    QVERIFY(!r.out.contains(pw) && !r.err.contains(pw));
    QVERIFY(!configFiles().contains(pw));
    if (!keyring()) {
        // No keyring on this machine: connected and saved, but the password could not be kept.
        QVERIFY2(r.exitCode == 5, r.err.constData());
        QVERIFY(r.err.contains("keyring"));
        r = cli({QStringLiteral("status")});
        QVERIFY2(r.exitCode == 5 || r.exitCode == 3, r.out.constData());
        QVERIFY(!r.out.contains(pw) && !r.err.contains(pw));
        QCOMPARE(cli({QStringLiteral("disconnect")}).exitCode, 0);
        QVERIFY(!configFiles().contains("alice"));
        return;
    }
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("The password is in the keyring"));
    r = cli({QStringLiteral("status")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QVERIFY2(r.out.contains("State: connected as operator"), r.out.constData());
    r = cli({QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY(!r.out.contains(pw) && !r.err.contains(pw));
    QVERIFY(!configFiles().contains(pw));
    QCOMPARE(cli({QStringLiteral("disconnect")}).exitCode, 0);
    // Connecting again without the password in the keyring: status says it is refused.
    r = cli(QStringList{QStringLiteral("connect")} + connection(QStringLiteral("alice")) +
            QStringList{QStringLiteral("--no-password")});
    QCOMPARE(r.exitCode, 3); // the server wants a password: nothing saved
    QCOMPARE(cli({QStringLiteral("status")}).exitCode, 3);
}

void TestCliTeam::connectFaultsSaveNothing_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("says");
    QTest::addColumn<bool>("chinese");
    const QByteArray pw = AlicePassword.toUtf8() + '\n';
    const QStringList alice = connection(QStringLiteral("alice"));
    // Each on an English and on a Chinese desktop: the sentence is the same (the CLI speaks
    // English), whatever language libpq and the C library answered in.
    for (const bool chinese : {false, true}) {
        const auto row = [chinese](const char *name) -> QTestData & {
            return QTest::newRow(
                qPrintable(QLatin1String(name) + (chinese ? u" (Chinese desktop)"_qs : QString())));
        };
        row("wrong password") << alice << QByteArray("not-" + pw) << 3 << u"password is wrong"_qs
                              << chinese;
        QStringList port = alice;
        port[3] = QStringLiteral("1");
        row("closed port") << port << pw << 4 << u"connection refused"_qs << chinese;
        QStringList host = alice;
        host[1] = QStringLiteral("no-such-host.invalid");
        row("unknown host") << host << pw << 4 << u"is unknown"_qs << chinese;
        QStringList ca = alice;
        ca[7] = m_pg->otherCaCertPath();
        row("unknown CA") << ca << pw << 3 << u"CA"_qs << chinese;
        row("no database") << alice +
                                  QStringList{QStringLiteral("--database"), QStringLiteral("nope")}
                           << pw << 3 << u"team init"_qs << chinese;
        row("bad sslmode") << alice + QStringList{QStringLiteral("--sslmode"),
                                                  QStringLiteral("sometimes")}
                           << pw << 2 << u"verify-full"_qs << chinese;
    }
}

void TestCliTeam::connectFaultsSaveNothing()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, input);
    QFETCH(int, exitCode);
    QFETCH(QString, says);
    QFETCH(bool, chinese);
    cli({QStringLiteral("disconnect")});
    const test::CliResult r =
        cli(QStringList{QStringLiteral("connect")} + args, input, chinese ? m_chinese : m_env);
    QVERIFY2(r.exitCode == exitCode, r.err.constData());
    QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
    const QByteArray secret = input.trimmed();
    QVERIFY(!r.out.contains(secret) && !r.err.contains(secret));
    QVERIFY(!configFiles().contains("alice"));
    QCOMPARE(cli({QStringLiteral("status")}).exitCode, 3);
}

void TestCliTeam::statusWhenTheServerIsDown()
{
    QCOMPARE(cli(QStringList{QStringLiteral("connect")} + connection(m_pg->adminUser()) +
                 QStringList{QStringLiteral("--no-password")})
                 .exitCode,
             0);
    m_pg->stopImmediate();
    const test::CliResult r = cli({QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(m_pg->start(), qPrintable(m_pg->error()));
    QCOMPARE(r.exitCode, 4);
    QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("unreachable"));
    QVERIFY(!r.json().value(QStringLiteral("message")).toString().isEmpty());
    QCOMPARE(cli({QStringLiteral("status")}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("disconnect")}).exitCode, 0);
}

QTEST_GUILESS_MAIN(TestCliTeam)
#include "test_cli_team.moc"
