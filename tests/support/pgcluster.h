// SPDX-License-Identifier: GPL-3.0-or-later
// A throw-away PostgreSQL cluster for team-mode tests: initdb + pg_ctl in a temporary folder, on
// a free port of 127.0.0.1 and a Unix socket in that folder. PostgreSQL refuses to run as root,
// so as root the cluster runs as `nobody`. The superuser `admin` is trusted (socket and
// 127.0.0.1), every other role needs its password (scram-sha-256). With Options::tls the server
// speaks TLS with a certificate from a CA made for it (caCertPath()); Options::certName gives the
// certificate a name that does not match 127.0.0.1, for the mismatch tests.
//
// Starting takes ~2 s: start one cluster per test binary (in initTestCase), not per function.
//
//   cdnrec::test::PgCluster pg;                 // started; pg.isRunning(), pg.error()
//   pg.psql("CREATE DATABASE cdnrec");          // as admin; a failure fails the test
//   pg.createRole("alice", "pw", "cdnrec_operator");
//   pg.stopImmediate(); pg.start();             // a crash and a restart, same port
#pragma once

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace cdnrec::test {

class PgCluster final
{
public:
    struct Options
    {
        bool tls = false;
        // The name in the server certificate (CN and the only SAN). Empty: a certificate valid
        // for 127.0.0.1 and localhost. Anything else: a certificate that does not match them.
        QString certName;
    };

    PgCluster() : PgCluster(Options{}) {}
    explicit PgCluster(const Options &options) : m_options(options)
    {
        m_asRoot = ::geteuid() == 0;
        // As root the folder must be reachable by `nobody`: under /tmp, never below a 0700 home.
        const QString base = m_asRoot ? QStringLiteral("/tmp") : QDir::tempPath();
        m_dir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/cdnrec-pg-XXXXXX"));
        if (!m_dir->isValid()) {
            m_error = QStringLiteral("cannot create a temporary folder: ") + m_dir->errorString();
            return;
        }
        if (m_asRoot &&
            !run(QStringLiteral("chown"), {QStringLiteral("nobody:nogroup"), m_dir->path()}))
            return;
        const QString pgData = dataDir();
        if (!runAsOwner(binary(QStringLiteral("initdb")),
                        {QStringLiteral("-D"), pgData, QStringLiteral("-A"),
                         QStringLiteral("trust"), QStringLiteral("-U"), adminUser(),
                         QStringLiteral("-E"), QStringLiteral("UTF8"),
                         QStringLiteral("--no-locale"), QStringLiteral("--no-sync"),
                         QStringLiteral("--no-instructions")}))
            return;
        // fsync off only survives a crash of the server, not of the machine: enough here. Never
        // synchronous_commit = off: an immediate stop would lose transactions already committed.
        QString conf = QStringLiteral("fsync = off\n"
                                      "full_page_writes = off\nmax_connections = 60\n"
                                      "shared_buffers = 16MB\nlog_min_messages = warning\n"
                                      "password_encryption = 'scram-sha-256'\n");
        if (m_options.tls) {
            if (!makeCertificates())
                return;
            conf +=
                QStringLiteral("ssl = on\nssl_cert_file = '%1'\nssl_key_file = '%2'\n")
                    .arg(path(QStringLiteral("server.crt")), path(QStringLiteral("server.key")));
        }
        if (!appendFile(pgData + QStringLiteral("/postgresql.conf"), conf))
            return;
        const QString hba = QStringLiteral("local all %1 trust\n"
                                           "host all %1 127.0.0.1/32 trust\n"
                                           "local all all scram-sha-256\n"
                                           "host all all 127.0.0.1/32 scram-sha-256\n")
                                .arg(adminUser());
        QFile hbaFile(pgData + QStringLiteral("/pg_hba.conf"));
        if (!hbaFile.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            hbaFile.write(hba.toUtf8()) < 0) {
            m_error = QStringLiteral("cannot write pg_hba.conf");
            return;
        }
        hbaFile.close();
        // Another process may take the port between choosing and binding it: try a few.
        for (int attempt = 0; attempt < 5 && !m_running; ++attempt) {
            m_port = freePort();
            if (m_port > 0)
                start();
        }
    }

    ~PgCluster()
    {
        if (m_running)
            stopImmediate();
    }

    Q_DISABLE_COPY_MOVE(PgCluster)

    bool isRunning() const { return m_running; }
    // Why the cluster did not start, with the tool's own output.
    QString error() const { return m_error; }
    int port() const { return m_port; }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    // The folder of the Unix socket (a QPSQL host name that starts with '/').
    QString hostDir() const { return m_dir->path(); }
    QString adminUser() const { return QStringLiteral("admin"); }
    QString dataDir() const { return path(QStringLiteral("data")); }
    QString logPath() const { return path(QStringLiteral("server.log")); }
    // The CA that signed the server certificate (TLS only).
    QString caCertPath() const { return path(QStringLiteral("ca.crt")); }
    // A CA that signed nothing this server shows: "unknown CA" for verify-ca/verify-full.
    QString otherCaCertPath() const { return path(QStringLiteral("other-ca.crt")); }

    // Stops the server as a crash would (pg_ctl stop -m immediate).
    void stopImmediate()
    {
        runAsOwner(binary(QStringLiteral("pg_ctl")),
                   {QStringLiteral("-D"), dataDir(), QStringLiteral("-m"),
                    QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")});
        m_running = false;
    }

    // Starts the server (again) on the same port. False, with error(), when it did not start.
    bool start()
    {
        const QString opts = QStringLiteral("-k %1 -h 127.0.0.1 -p %2").arg(hostDir()).arg(m_port);
        m_running =
            runAsOwner(binary(QStringLiteral("pg_ctl")),
                       {QStringLiteral("-D"), dataDir(), QStringLiteral("-o"), opts,
                        QStringLiteral("-l"), logPath(), QStringLiteral("-w"), QStringLiteral("-t"),
                        QStringLiteral("60"), QStringLiteral("start")});
        if (!m_running) {
            QFile log(logPath());
            if (log.open(QIODevice::ReadOnly))
                m_error += QStringLiteral("\nserver log:\n") + QString::fromUtf8(log.readAll());
        }
        return m_running;
    }

    // Runs SQL as the superuser in a database and returns psql's unaligned output (-At). A
    // failure fails the current test (with psql's message) and returns a null string.
    QString psql(const QString &sql, const QString &database = QStringLiteral("postgres")) const
    {
        QString out, err;
        if (!psqlAs(adminUser(), QString(), sql, &out, &err, database)) {
            QTest::qFail(
                qPrintable(QStringLiteral("psql failed: ") + err + QStringLiteral("\nSQL: ") + sql),
                __FILE__, __LINE__);
            return QString();
        }
        return out;
    }

    // Runs SQL as any role (password through PGPASSWORD, never on a command line). For tests
    // that expect a refusal: false and psql's message in *error.
    bool psqlAs(const QString &user, const QString &password, const QString &sql, QString *output,
                QString *error = nullptr,
                const QString &database = QStringLiteral("postgres")) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("PGPASSWORD"));
        if (!password.isEmpty())
            env.insert(QStringLiteral("PGPASSWORD"), password);
        env.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("10"));
        env.insert(QStringLiteral("PGSSLMODE"), QStringLiteral("disable"));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(hostDir());
        p.start(binary(QStringLiteral("psql")),
                {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"),
                 QStringLiteral("-t"), QStringLiteral("-w"), QStringLiteral("-v"),
                 QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"), hostDir(),
                 QStringLiteral("-p"), QString::number(m_port), QStringLiteral("-U"), user,
                 QStringLiteral("-d"), database, QStringLiteral("-f"), QStringLiteral("-")});
        p.write(sql.toUtf8());
        p.closeWriteChannel();
        const bool finished = p.waitForFinished(60000);
        if (!finished)
            p.kill();
        if (output)
            *output = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
        if (error)
            *error = finished ? err : QStringLiteral("psql did not finish within 60 s");
        return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }

    // A LOGIN role with a password, member of group (if given; the group must exist).
    void createRole(const QString &name, const QString &password,
                    const QString &group = QString()) const
    {
        QString sql = QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2';\n")
                          .arg(ident(name),
                               QString(password).replace(QLatin1Char('\''), QStringLiteral("''")));
        if (!group.isEmpty())
            sql += QStringLiteral("GRANT %1 TO %2;\n").arg(ident(group), ident(name));
        psql(sql);
    }

    void createDatabase(const QString &name) const
    {
        psql(QStringLiteral("CREATE DATABASE %1;").arg(ident(name)));
    }

    // A team database as an older cdnrec left it: a new database with the migrations up to
    // `version` applied as `cdnrec team init` applies them (each in a transaction, recorded in
    // cdnrec_schema). False when a migration cannot be read (a psql failure fails the test).
    bool createTeamDatabaseAt(const QString &name, int version) const
    {
        createDatabase(name);
        const QString folder = QStringLiteral(":/cdnrec/team/migrations/");
        for (const QString &file :
             QDir(folder).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
            const int v = file.left(3).toInt();
            if (v > version)
                break;
            QFile f(folder + file);
            if (!f.open(QIODevice::ReadOnly))
                return false;
            psql(QStringLiteral("BEGIN;\n%1\nINSERT INTO cdnrec_schema (version, name) VALUES "
                                "(%2, '%3');\nCOMMIT;")
                     .arg(QString::fromUtf8(f.readAll()))
                     .arg(v)
                     .arg(file.chopped(4)),
                 name);
        }
        return true;
    }

    static QString ident(const QString &name)
    {
        return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
               QLatin1Char('"');
    }

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }

    static QString binary(const QString &name)
    {
        const QString packaged = QStringLiteral("/usr/lib/postgresql/15/bin/") + name;
        if (QFile::exists(packaged))
            return packaged;
        const QString found = QStandardPaths::findExecutable(name);
        return found.isEmpty() ? name : found;
    }

    static int freePort()
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return 0;
        const int port = probe.serverPort();
        probe.close();
        return port;
    }

    // Runs a tool; false with its output in m_error when it fails.
    bool run(const QString &program, const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_dir->path());
        p.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        p.setProcessEnvironment(env);
        p.start(program, args);
        p.closeWriteChannel();
        const bool finished = p.waitForFinished(90000);
        if (!finished)
            p.kill();
        if (finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
            return true;
        m_error = program + QLatin1Char(' ') + args.join(QLatin1Char(' ')) +
                  QStringLiteral(" failed: ") + QString::fromUtf8(p.readAll()) + p.errorString();
        return false;
    }

    // Runs a tool as the cluster's owner: `nobody` when we are root, else ourselves.
    bool runAsOwner(const QString &program, const QStringList &args)
    {
        if (!m_asRoot)
            return run(program, args);
        return run(QStringLiteral("runuser"),
                   QStringList{QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"),
                               program} +
                       args);
    }

    bool appendFile(const QString &file, const QString &text)
    {
        QFile f(file);
        if (!f.open(QIODevice::Append) || f.write(text.toUtf8()) < 0) {
            m_error = QStringLiteral("cannot write ") + file;
            return false;
        }
        return true;
    }

    bool makeCa(const QString &name, const QString &subject)
    {
        return run(QStringLiteral("openssl"),
                   {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), path(name + QStringLiteral(".key")),
                    QStringLiteral("-out"), path(name + QStringLiteral(".crt")),
                    QStringLiteral("-days"), QStringLiteral("3"), QStringLiteral("-subj"), subject,
                    QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                    QStringLiteral("-addext"),
                    QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")});
    }

    bool makeCertificates()
    {
        if (!makeCa(QStringLiteral("ca"), QStringLiteral("/CN=cdnrec test CA")) ||
            !makeCa(QStringLiteral("other-ca"), QStringLiteral("/CN=cdnrec unrelated CA")))
            return false;
        const bool matching = m_options.certName.isEmpty();
        const QString cn = matching ? QStringLiteral("127.0.0.1") : m_options.certName;
        const QString san = matching ? QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost")
                                     : QStringLiteral("subjectAltName=DNS:") + m_options.certName;
        if (!appendFile(path(QStringLiteral("server.ext")), san + QLatin1Char('\n')))
            return false;
        if (!run(QStringLiteral("openssl"),
                 {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                  QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                  QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                  path(QStringLiteral("server.key")), QStringLiteral("-out"),
                  path(QStringLiteral("server.csr")), QStringLiteral("-subj"),
                  QStringLiteral("/CN=") + cn}) ||
            !run(QStringLiteral("openssl"),
                 {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                  path(QStringLiteral("server.csr")), QStringLiteral("-CA"), caCertPath(),
                  QStringLiteral("-CAkey"), path(QStringLiteral("ca.key")),
                  QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
                  path(QStringLiteral("server.crt")), QStringLiteral("-days"), QStringLiteral("3"),
                  QStringLiteral("-extfile"), path(QStringLiteral("server.ext"))}))
            return false;
        // The server wants its key private to the cluster's owner; clients must read the CAs.
        QFile::setPermissions(path(QStringLiteral("server.key")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        if (m_asRoot && !run(QStringLiteral("chown"),
                             {QStringLiteral("nobody:nogroup"), path(QStringLiteral("server.key")),
                              path(QStringLiteral("server.crt"))}))
            return false;
        return true;
    }

    Options m_options;
    bool m_asRoot = false;
    bool m_running = false;
    int m_port = 0;
    QString m_error;
    std::unique_ptr<QTemporaryDir> m_dir;
};

} // namespace cdnrec::test
