// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 20, the client's side: what an insider (an auditor's login, a fake or hostile server)
// could make the cdnrec CLI do, run as scripts run it against a real PostgreSQL server with TLS
// (pgcluster.h) and the simulator. Each machine is a throw-away HOME of its own.
//   #9  the team password goes only to a verified server (and never in clear to a fake one)
//   #10 the exit always says how many team events wait, also when the database hung
//   #11 an auditor's stop is refused before anything is sent, and nothing is promised
//   #12 --no-history in team mode still takes a lease of the team budget
//   (a) team status and history --scope team send what waits first
//   (b) the README's admin steps, in order: init, add-user (also --role admin), budget
//   (c) no raw server WARNING nor Qt's removeDatabase warning on the terminal
#include "cliprocess.h"
#include "pgcluster.h"
#include "simprocess.h"
#include "teststep.h"
#include <app/application.h>
#include <team/teamconfig.h>
#include <team/teamsession.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/types.h>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("insider-client-secret-0123456789ab");
const QString kAppId = QStringLiteral("1234567890");
const QString kOperator = QStringLiteral("op_ins");
const QString kAuditor = QStringLiteral("aud_ins");
const QString kPassword = QStringLiteral("Op-Ins-Pw-7731");

// A fake PostgreSQL server: answers the SSLRequest with 'S' (TLS, with the real server's
// certificate: a stolen key, or verification turned off) or 'N' (no TLS), then asks for the
// password in clear and keeps whatever comes.
class FakeServer final : public QTcpServer
{
public:
    FakeServer(bool tls, const QString &certFile, const QString &keyFile) : m_tls(tls)
    {
        QFile cert(certFile);
        QFile key(keyFile);
        if (tls && cert.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly)) {
            m_cert = QSslCertificate(cert.readAll());
            const QByteArray pem = key.readAll();
            m_key = QSslKey(pem, QSsl::Ec);
            if (m_key.isNull())
                m_key = QSslKey(pem, QSsl::Rsa);
        }
        listen(QHostAddress::LocalHost, 0);
    }
    QByteArray captured() const { return m_captured; }
    int connections() const { return m_connections; }

protected:
    void incomingConnection(qintptr fd) override
    {
        auto *s = new QSslSocket(this);
        s->setSocketDescriptor(fd);
        ++m_connections;
        s->setLocalCertificate(m_cert);
        s->setPrivateKey(m_key);
        auto state = std::make_shared<int>(0); // 0 SSLRequest, 1 startup, 2 password
        connect(s, &QSslSocket::readyRead, this, [this, s, state] { serve(s, *state); });
        connect(s, &QSslSocket::encrypted, this, [this, s, state] { serve(s, *state); });
    }

private:
    static quint32 be32(const QByteArray &b, int at)
    {
        return (quint32(quint8(b[at])) << 24) | (quint32(quint8(b[at + 1])) << 16) |
               (quint32(quint8(b[at + 2])) << 8) | quint32(quint8(b[at + 3]));
    }
    void serve(QSslSocket *s, int &state)
    {
        for (;;) {
            if (state == 0) {
                if (s->bytesAvailable() < 8)
                    return;
                s->read(8);
                if (!m_tls) {
                    s->write("N");
                    state = 1;
                    continue;
                }
                s->write("S");
                s->flush();
                state = 1;
                s->startServerEncryption();
                return;
            }
            if (state == 1) {
                if (m_tls && !s->isEncrypted())
                    return;
                const QByteArray head = s->peek(4);
                if (head.size() < 4 || s->bytesAvailable() < be32(head, 0))
                    return;
                s->read(be32(head, 0));
                // AuthenticationCleartextPassword.
                s->write(QByteArray("R\0\0\0\x08\0\0\0\x03", 9));
                state = 2;
                continue;
            }
            const QByteArray head = s->peek(5);
            if (head.size() < 5 || s->bytesAvailable() < 1 + be32(head, 1))
                return;
            const QByteArray message = s->read(1 + be32(head, 1));
            if (message.startsWith('p'))
                m_captured += message.mid(5);
            s->disconnectFromHost();
            return;
        }
    }

    bool m_tls;
    QSslCertificate m_cert;
    QSslKey m_key;
    QByteArray m_captured;
    int m_connections = 0;
};

// One machine: a HOME of its own with cdnrec's settings in it.
struct Machine
{
    QTemporaryDir home;
    QProcessEnvironment env;

    explicit Machine(const QString &teamSettings = QString())
    {
        QDir(home.path()).mkpath(QStringLiteral("config/cdnrec"));
        env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CDNREC_SERVER_SECRET"), kSecret);
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());
        // No keyring on this machine: a password cannot come from one.
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=/nonexistent/cdnrec-no-bus"));
        if (!teamSettings.isEmpty()) {
            QFile conf(home.filePath(QStringLiteral("config/cdnrec/cdnrec.conf")));
            if (conf.open(QIODevice::WriteOnly))
                conf.write(teamSettings.toUtf8());
        }
    }
    QString config() const
    {
        QFile conf(home.filePath(QStringLiteral("config/cdnrec/cdnrec.conf")));
        return conf.open(QIODevice::ReadOnly) ? QString::fromUtf8(conf.readAll()) : QString();
    }
    QString ids(int n, const QString &prefix) const
    {
        const QString path = home.filePath(prefix + QStringLiteral(".txt"));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly)) {
            for (int i = 0; i < n; ++i)
                f.write(prefix.toUtf8() + '-' + QByteArray::number(i) + '\n');
        }
        return path;
    }
    test::CliResult cli(const QStringList &args, const QByteArray &input = {},
                        int timeoutMs = 120000) const
    {
        return test::runCli(QStringLiteral(CDNREC_CLI), args, env, input, timeoutMs);
    }
    std::unique_ptr<QProcess> start(const QStringList &args) const
    {
        auto p = std::make_unique<QProcess>();
        p->setProcessEnvironment(env);
        p->start(QStringLiteral(CDNREC_CLI), args);
        p->closeWriteChannel();
        return p;
    }
};

} // namespace

class TestTeamInsiderClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void passwordGoesOnlyToAVerifiedServer();
    void channelBindingKeepsThePasswordFromAFakeServer();
    void noMessageAdvisesAWeakerMode();
    void auditorSendsNothingAndIsPromisedNothing();
    void noHistoryRunTakesABudgetLease();
    void exitSaysWhatWaitsWhenTheDatabaseHangs();
    void statusAndTeamHistorySendWhatWaits();
    void adminStepsWorkInTheReadmeOrder();
    void noRawDatabaseWarningsOnTheTerminal();
    void idleSessionSendsWhatAnotherProcessLeft();

private:
    QString db() const { return QStringLiteral("cdnrec"); }
    // Settings of a machine in team mode as `user` over TCP without TLS (trusted logins only).
    QString plainSettings(const QString &user) const
    {
        return QStringLiteral("[team]\nhost=%1\nport=%2\ndatabase=cdnrec\nuser=%3\n"
                              "sslMode=disable\n")
            .arg(m_pg->host())
            .arg(m_pg->port())
            .arg(user);
    }
    QStringList stopArgs(const bench::SimProcess &sim, const QString &file) const
    {
        return {QStringLiteral("stop"),
                QStringLiteral("--vendor"),
                QStringLiteral("Tencent"),
                QStringLiteral("--endpoint"),
                sim.url().toString(),
                QStringLiteral("--app-id"),
                kAppId,
                QStringLiteral("--rate"),
                QStringLiteral("20"),
                QStringLiteral("--batch-size"),
                QStringLiteral("1"),
                QStringLiteral("--file"),
                file};
    }
    int eventCount() const
    {
        return m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_events;"), db()).toInt();
    }
    // Every process of the cluster (the postmaster and its children): SIGSTOP hangs the server
    // with its connections open, as a frozen host does.
    QList<pid_t> clusterProcesses() const;
    void signalCluster(int sig) const
    {
        for (pid_t pid : clusterProcesses())
            ::kill(pid, sig);
    }

    std::unique_ptr<test::PgCluster> m_pg;
};

QList<pid_t> TestTeamInsiderClient::clusterProcesses() const
{
    QList<pid_t> pids;
    QFile pidFile(m_pg->dataDir() + QStringLiteral("/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly))
        return pids;
    const pid_t postmaster = pid_t(pidFile.readLine().trimmed().toInt());
    if (postmaster <= 0)
        return pids;
    pids << postmaster;
    const QStringList procs = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &p : procs) {
        bool ok = false;
        const int pid = p.toInt(&ok);
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // pid (comm) state ppid ...: the comm may hold spaces, so after the last ')'.
        const QList<QByteArray> rest = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (rest.size() > 1 && rest.at(1).toInt() == postmaster)
            pids << pid_t(pid);
    }
    return pids;
}

void TestTeamInsiderClient::initTestCase()
{
    test::PgCluster::Options tls;
    tls.tls = true;
    m_pg = std::make_unique<test::PgCluster>(tls);
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    // The admin's first step, as the README has it (over TLS, verified, no password).
    Machine admin;
    const test::CliResult init =
        admin.cli({QStringLiteral("team"), QStringLiteral("init"), QStringLiteral("--host"),
                   m_pg->host(), QStringLiteral("--port"), QString::number(m_pg->port()),
                   QStringLiteral("--user"), m_pg->adminUser(), QStringLiteral("--sslrootcert"),
                   m_pg->caCertPath(), QStringLiteral("--no-password")});
    QVERIFY2(init.exitCode == 0, init.err.constData());
    m_pg->createRole(kOperator, kPassword, QStringLiteral("cdnrec_operator"));
    m_pg->createRole(kAuditor, kPassword, QStringLiteral("cdnrec_auditor"));
    // The auditor is trusted from this machine (the test has no keyring to keep its password).
    QFile hba(m_pg->dataDir() + QStringLiteral("/pg_hba.conf"));
    QVERIFY(hba.open(QIODevice::ReadOnly));
    const QByteArray rules = hba.readAll();
    hba.close();
    QVERIFY(hba.open(QIODevice::WriteOnly | QIODevice::Truncate));
    hba.write(QStringLiteral("host all %1 127.0.0.1/32 trust\nlocal all %1 trust\n")
                  .arg(kAuditor)
                  .toUtf8() +
              rules);
    hba.close();
    m_pg->psql(QStringLiteral("SELECT pg_reload_conf();"));
}

// #9: a fake server asked for the password in clear and got it in TLS modes require, prefer
// and allow. Now a password goes only with verify-full / verify-ca, unless --insecure-tls says
// the operator accepts the risk, which is then said.
void TestTeamInsiderClient::passwordGoesOnlyToAVerifiedServer()
{
    const QByteArray pw = kPassword.toUtf8() + '\n';
    for (const QString &mode : {QStringLiteral("require"), QStringLiteral("prefer"),
                                QStringLiteral("allow"), QStringLiteral("disable")}) {
        FakeServer fake(false, QString(), QString());
        Machine m;
        const test::CliResult r =
            m.cli({QStringLiteral("team"), QStringLiteral("connect"), QStringLiteral("--host"),
                   QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                   QString::number(fake.serverPort()), QStringLiteral("--user"), kOperator,
                   QStringLiteral("--sslmode"), mode},
                  pw);
        QVERIFY2(r.exitCode == 3,
                 qPrintable(mode + QStringLiteral(": ") + QString::fromUtf8(r.err)));
        QVERIFY2(r.err.contains("--insecure-tls"), r.err.constData());
        QVERIFY2(fake.captured().isEmpty(), qPrintable(mode));
        QCOMPARE(fake.connections(), 0); // refused before anything left
        QVERIFY2(!m.config().contains(QStringLiteral("host=")), qPrintable(m.config()));
    }
    // With --insecure-tls, to the real server: it works, and the risk is said.
    Machine m;
    const test::CliResult r =
        m.cli({QStringLiteral("team"), QStringLiteral("connect"), QStringLiteral("--host"),
               m_pg->host(), QStringLiteral("--port"), QString::number(m_pg->port()),
               QStringLiteral("--user"), kOperator, QStringLiteral("--sslmode"),
               QStringLiteral("require"), QStringLiteral("--insecure-tls")},
              pw);
    QVERIFY2(r.out.contains("Connected to"), r.err.constData());
    QVERIFY2(r.err.contains("take it") || r.err.contains("keep it"), r.err.constData());
    QVERIFY(!r.err.contains(kPassword.toUtf8()) && !r.out.contains(kPassword.toUtf8()));
    QVERIFY2(m.config().contains(QStringLiteral("insecureTls=true")), qPrintable(m.config()));
    // A Unix socket needs no TLS: the kernel says who answers.
    Machine local;
    const test::CliResult sock =
        local.cli({QStringLiteral("team"), QStringLiteral("connect"), QStringLiteral("--host"),
                   m_pg->hostDir(), QStringLiteral("--port"), QString::number(m_pg->port()),
                   QStringLiteral("--user"), kOperator, QStringLiteral("--sslmode"),
                   QStringLiteral("disable")},
                  pw);
    QVERIFY2(sock.out.contains("Connected to"), sock.err.constData());
}

// #9: even a server with a certificate the operator's CA signed (a stolen key) must not get the
// password in clear: channel_binding=require makes libpq answer only SCRAM bound to the TLS
// channel.
void TestTeamInsiderClient::channelBindingKeepsThePasswordFromAFakeServer()
{
    FakeServer fake(true, m_pg->hostDir() + QStringLiteral("/server.crt"),
                    m_pg->hostDir() + QStringLiteral("/server.key"));
    Machine m;
    const test::CliResult r = m.cli(
        {QStringLiteral("team"), QStringLiteral("connect"), QStringLiteral("--host"),
         QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QString::number(fake.serverPort()),
         QStringLiteral("--user"), kOperator, QStringLiteral("--sslrootcert"), m_pg->caCertPath()},
        kPassword.toUtf8() + '\n');
    QVERIFY2(fake.connections() > 0, "the client never came");
    QVERIFY2(fake.captured().isEmpty(), fake.captured().constData());
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("channel binding"), r.err.constData());
}

// #9: a server without TLS: the sentence says what to ask the admin, never to weaken TLS.
void TestTeamInsiderClient::noMessageAdvisesAWeakerMode()
{
    FakeServer fake(false, QString(), QString());
    Machine m;
    const test::CliResult r = m.cli(
        {QStringLiteral("team"), QStringLiteral("connect"), QStringLiteral("--host"),
         QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QString::number(fake.serverPort()),
         QStringLiteral("--user"), kOperator, QStringLiteral("--sslrootcert"), m_pg->caCertPath()},
        kPassword.toUtf8() + '\n');
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("TLS"), r.err.constData());
    QVERIFY2(!r.err.contains("weaker"), r.err.constData());
    QVERIFY(fake.captured().isEmpty());
}

// #11: an auditor's stop ran (its events refused for ever) and was told they "will be sent when
// it is back". Now it is refused up front, one sentence, nothing sent, with or without history.
void TestTeamInsiderClient::auditorSendsNothingAndIsPromisedNothing()
{
    bench::SimProcess sim;
    QVERIFY(sim.start(kSecret, {QStringLiteral("--rate"), QStringLiteral("20")}));
    Machine auditor(plainSettings(kAuditor));
    const int before = eventCount();
    for (const QStringList &extra : {QStringList(), QStringList{QStringLiteral("--no-history")}}) {
        const test::CliResult r =
            auditor.cli(stopArgs(sim, auditor.ids(3, QStringLiteral("aud"))) + extra);
        QVERIFY2(r.exitCode == 3, r.err.constData());
        QVERIFY2(r.err.contains("auditor"), r.err.constData());
        QVERIFY2(r.err.contains("nothing was sent"), r.err.constData());
        QVERIFY2(!r.err.contains("when it is back"), r.err.constData());
        QVERIFY2(!r.err.contains("wait"), r.err.constData());
    }
    QCOMPARE(sim.stats().value(QStringLiteral("calls")).toInt(), 0);
    QCOMPARE(eventCount(), before);
    // An undo (a start) likewise.
    const test::CliResult start =
        auditor.cli(QStringList{QStringLiteral("start")} +
                    stopArgs(sim, auditor.ids(2, QStringLiteral("aud-start"))).mid(1));
    QVERIFY2(start.exitCode == 3, start.err.constData());
    QVERIFY2(start.err.contains("auditor"), start.err.constData());
    QCOMPARE(sim.stats().value(QStringLiteral("calls")).toInt(), 0);
}

// #12: `--no-history` skipped Run::prepareTeam, where the budget was configured: its job took
// no lease, and two such jobs went over the team's pace. Now it holds one while it runs.
void TestTeamInsiderClient::noHistoryRunTakesABudgetLease()
{
    bench::SimProcess sim;
    QVERIFY(sim.start(kSecret, {QStringLiteral("--rate"), QStringLiteral("20")}));
    Machine m(plainSettings(m_pg->adminUser()));
    m_pg->psql(QStringLiteral("DELETE FROM cdnrec_budget_leases;"), db());
    auto p = m.start(stopArgs(sim, m.ids(40, QStringLiteral("nohist"))) +
                     QStringList{QStringLiteral("--no-history")});
    QTRY_COMPARE_WITH_TIMEOUT(
        m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_budget_leases WHERE NOT left_job"),
                   db()),
        QStringLiteral("1"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(p->state(), QProcess::NotRunning, 60000);
    QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
}

// #10: with the server frozen mid-run (every process SIGSTOPped, connections open), the CLI
// exited without a word while hundreds of events waited (waitUntilDrained gave -1).
void TestTeamInsiderClient::exitSaysWhatWaitsWhenTheDatabaseHangs()
{
    bench::SimProcess sim;
    QVERIFY(sim.start(kSecret, {QStringLiteral("--rate"), QStringLiteral("20")}));
    Machine m(plainSettings(m_pg->adminUser()));
    const int before = eventCount();
    auto p = m.start(stopArgs(sim, m.ids(60, QStringLiteral("hang"))));
    QTRY_VERIFY_WITH_TIMEOUT(eventCount() > before, 20000); // the sync is sending
    signalCluster(SIGSTOP);
    const bool ended = QTest::qWaitFor([&] { return p->state() == QProcess::NotRunning; }, 90000);
    signalCluster(SIGCONT);
    QVERIFY(ended);
    const QByteArray err = p->readAllStandardError();
    QVERIFY2(p->exitStatus() == QProcess::NormalExit, err.constData());
    const QRegularExpression said(QStringLiteral("(\\d+) team event\\(?s?\\)? wait"));
    const QRegularExpressionMatch match = said.match(QString::fromUtf8(err));
    QVERIFY2(match.hasMatch() && match.captured(1).toInt() > 0, err.constData());
    QVERIFY2(err.contains("did not answer"), err.constData());
}

// (a): waiting events went only with the next run. `team status` and `history --scope team`
// send them first.
void TestTeamInsiderClient::statusAndTeamHistorySendWhatWaits()
{
    bench::SimProcess sim;
    QVERIFY(sim.start(kSecret, {QStringLiteral("--rate"), QStringLiteral("20")}));
    Machine m(plainSettings(m_pg->adminUser()));
    // Its checks return from it only: called through TEST_STEP.
    const auto runWhileDown = [&](const QString &prefix) {
        m_pg->stopImmediate();
        const test::CliResult r = m.cli(stopArgs(sim, m.ids(3, prefix)));
        QVERIFY2(m_pg->start(), qPrintable(m_pg->error()));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("wait"), r.err.constData());
    };
    TEST_STEP(runWhileDown(QStringLiteral("drain-status")));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE kind = "
                                       "'run_begun' AND os_user IS NOT NULL AND run_id IN (SELECT "
                                       "run_id FROM cdnrec_events WHERE stream_id = "
                                       "'drain-status-0');"),
                        db()),
             QStringLiteral("0"));
    const test::CliResult status =
        m.cli({QStringLiteral("team"), QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(status.exitCode == 0, status.err.constData());
    QCOMPARE(status.json().value(QStringLiteral("events_waiting")).toInt(), 0);
    QVERIFY(eventCount() > 0);
    QVERIFY(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE stream_id = "
                                      "'drain-status-0';"),
                       db())
                .toInt() > 0);

    TEST_STEP(runWhileDown(QStringLiteral("drain-history")));
    const test::CliResult history = m.cli({QStringLiteral("history"), QStringLiteral("--scope"),
                                           QStringLiteral("team"), QStringLiteral("--json")});
    QVERIFY2(history.exitCode == 0, history.err.constData());
    QVERIFY(m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE stream_id = "
                                      "'drain-history-0';"),
                       db())
                .toInt() > 0);
}

// (b): `cdnrec team budget` right after init and add-user exited 3 ("run cdnrec team connect
// first") and wanted a keyring even with --no-password. It takes their connection options now;
// and add-user --role admin makes an admin that is an operator too.
void TestTeamInsiderClient::adminStepsWorkInTheReadmeOrder()
{
    if (m_pg->psql(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = "
                                  "'cdnrec_admin';")) == QLatin1String("0"))
        m_pg->psql(QStringLiteral("CREATE ROLE cdnrec_admin NOLOGIN;"));
    Machine admin; // nothing saved: no team connect on the admin's machine, no keyring
    const QStringList conn{QStringLiteral("--host"),       m_pg->hostDir(),
                           QStringLiteral("--port"),       QString::number(m_pg->port()),
                           QStringLiteral("--user"),       m_pg->adminUser(),
                           QStringLiteral("--no-password")};
    test::CliResult r =
        admin.cli(QStringList{QStringLiteral("team"), QStringLiteral("init")} + conn);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = admin.cli(QStringList{QStringLiteral("team"), QStringLiteral("add-user"),
                              QStringLiteral("alice_ins"), QStringLiteral("--role"),
                              QStringLiteral("operator")} +
                      conn,
                  "Alice-Ins-Pw-1\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = admin.cli(QStringList{QStringLiteral("team"), QStringLiteral("budget"), kAppId,
                              QStringLiteral("15")} +
                  conn);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(
        m_pg->psql(QStringLiteral("SELECT rate FROM cdnrec_budgets WHERE app_id = %1;").arg(kAppId),
                   db()),
        QStringLiteral("15"));
    r = admin.cli(
        QStringList{QStringLiteral("team"), QStringLiteral("budget"), QStringLiteral("--json")} +
        conn);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.json().value(QStringLiteral("budgets")).isArray());

    r = admin.cli(QStringList{QStringLiteral("team"), QStringLiteral("add-user"),
                              QStringLiteral("bob_ins"), QStringLiteral("--role"),
                              QStringLiteral("admin")} +
                      conn,
                  "Bob-Ins-Pw-1\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(m_pg->psql(QStringLiteral(
                 "SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m "
                 "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE "
                 "u.rolname = 'bob_ins';")),
             QStringLiteral("cdnrec_admin,cdnrec_operator"));
    // Back to a plain operator: the admin group goes.
    r = admin.cli(QStringList{QStringLiteral("team"), QStringLiteral("add-user"),
                              QStringLiteral("bob_ins"), QStringLiteral("--role"),
                              QStringLiteral("operator")} +
                      conn,
                  "Bob-Ins-Pw-1\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("Removed bob_ins from cdnrec_admin"), r.out.constData());
    m_pg->psql(QStringLiteral("DELETE FROM cdnrec_budgets WHERE app_id = %1;").arg(kAppId), db());
}

// (c): the server's "terminating connection" WARNING and Qt's "removeDatabase: connection ...
// is still in use" reached the terminal raw when the server went down mid-run.
void TestTeamInsiderClient::noRawDatabaseWarningsOnTheTerminal()
{
    bench::SimProcess sim;
    QVERIFY(sim.start(kSecret, {QStringLiteral("--rate"), QStringLiteral("20")}));
    Machine m(plainSettings(m_pg->adminUser()));
    const int before = eventCount();
    auto p = m.start(stopArgs(sim, m.ids(40, QStringLiteral("down"))));
    QTRY_VERIFY_WITH_TIMEOUT(eventCount() > before, 20000);
    m_pg->stopImmediate();
    const bool ended = QTest::qWaitFor([&] { return p->state() == QProcess::NotRunning; }, 90000);
    QVERIFY2(m_pg->start(), qPrintable(m_pg->error()));
    QVERIFY(ended);
    const QByteArray err = p->readAllStandardError();
    QVERIFY2(!err.contains("WARNING:"), err.constData());
    QVERIFY2(!err.contains("removeDatabase"), err.constData());
    QVERIFY2(!err.contains("QSql"), err.constData());
    QVERIFY2(!err.contains("QPSQL"), err.constData());
}

// (a): an idle session (the console with no run) never sent what another process left in the
// same history, while it believed itself connected: nothing woke its sync. It passes every
// TeamSession::kIdleSyncMs now.
void TestTeamInsiderClient::idleSessionSendsWhatAnotherProcessLeft()
{
    bench::SimProcess sim;
    QVERIFY(sim.start(kSecret, {QStringLiteral("--rate"), QStringLiteral("20")}));
    Machine m(plainSettings(m_pg->adminUser()));
    // This process is the console of that machine: the same history file.
    const QByteArray dataHome = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", m.env.value(QStringLiteral("XDG_DATA_HOME")).toUtf8());
    initApplication();
    test::CliResult r = m.cli(stopArgs(sim, m.ids(2, QStringLiteral("idle-first"))));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    TeamConfig c;
    c.host = m_pg->host();
    c.port = m_pg->port();
    c.user = m_pg->adminUser();
    c.sslMode = QStringLiteral("disable");
    TeamSession *session = TeamSession::setForTesting(c, QString());
    QTRY_COMPARE_WITH_TIMEOUT(session->state(), TeamSync::State::Connected, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(session->waiting(), 0, 20000);

    // A CLI run while the database is down leaves its events; then the database is back.
    m_pg->stopImmediate();
    r = m.cli(stopArgs(sim, m.ids(2, QStringLiteral("idle-left"))));
    QVERIFY2(m_pg->start(), qPrintable(m_pg->error()));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("wait"), r.err.constData());
    const auto arrived = [this] {
        return m_pg->psql(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE stream_id = "
                                         "'idle-left-0';"),
                          db())
                   .toInt() > 0;
    };
    QVERIFY(!arrived());
    QTRY_VERIFY_WITH_TIMEOUT(arrived(), TeamSession::kIdleSyncMs + 15000);
    TeamSession::resetForTesting();
    qputenv("XDG_DATA_HOME", dataHome);
}

QTEST_GUILESS_MAIN(TestTeamInsiderClient)
#include "test_team_insider_client.moc"
