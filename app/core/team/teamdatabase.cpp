// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamdatabase.h"

#include <model/localuser.h>
#include <model/terminaltext.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <netdb.h>
#include <sys/socket.h>

namespace cdnrec {

Q_LOGGING_CATEGORY(lcTeamDb, "cdnrec.core.team.db", QtInfoMsg)

namespace {

const QString Driver = QStringLiteral("QPSQL");
const QString MigrationDir = QStringLiteral(":/cdnrec/team/migrations");
constexpr qint64 MigrationLock = 0x63646e7265630001; // "cdnrec" + 1: one team init at a time

struct Migration
{
    int version = 0;
    QString name; // "001_core"
    QString path;
};

QList<Migration> migrations()
{
    static const QRegularExpression re(QStringLiteral("^(\\d{3})_([A-Za-z0-9_]+)\\.sql$"));
    QList<Migration> list;
    const QStringList files = QDir(MigrationDir).entryList(QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QRegularExpressionMatch m = re.match(file);
        if (!m.hasMatch()) {
            qCWarning(lcTeamDb) << "migration file with a name out of pattern ignored:" << file;
            continue;
        }
        list.append(
            {m.captured(1).toInt(), file.chopped(4), MigrationDir + QLatin1Char('/') + file});
    }
    std::sort(list.begin(), list.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return list;
}

// A value for a libpq connection string; the driver turns ';' into ' ' between options.
QString quoted(QString value)
{
    value.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    value.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + value + QLatin1Char('\'');
}

} // namespace

QString TeamDatabase::connectOptions(const TeamConfig &c, bool withPassword)
{
    QStringList o{
        QStringLiteral("connect_timeout=%1").arg(TeamDatabase::ConnectTimeoutS),
        QStringLiteral("keepalives=1"),
        QStringLiteral("keepalives_idle=10"),
        QStringLiteral("keepalives_interval=5"),
        QStringLiteral("keepalives_count=3"),
        // Unacknowledged data (a partition while writing) gives up instead of waiting minutes.
        QStringLiteral("tcp_user_timeout=20000"),
        QStringLiteral("application_name=cdnrec"),
        QStringLiteral("sslmode=") + c.sslMode,
        QStringLiteral("options=") +
            quoted(QStringLiteral("-c statement_timeout=%1 -c lock_timeout=10000 "
                                  "-c idle_in_transaction_session_timeout=60000")
                       .arg(TeamDatabase::StatementTimeoutMs)),
    };
    if (!c.sslRootCert.isEmpty())
        o.append(QStringLiteral("sslrootcert=") + quoted(c.sslRootCert));
    // A password over TLS: only SCRAM bound to this TLS channel (SCRAM-SHA-256-PLUS), so that a
    // server in the middle can neither ask for the password in clear nor relay the exchange.
    // (libpq 15; a Unix socket has no TLS, and with allow or prefer there may be none.)
    if (withPassword && !c.isUnixSocket() &&
        (c.sslMode == QLatin1String("require") || c.sslMode == QLatin1String("verify-ca") ||
         c.sslMode == QLatin1String("verify-full")))
        o.append(QStringLiteral("channel_binding=require"));
    return o.join(QLatin1Char(';'));
}

namespace {

QString firstLine(const QString &text)
{
    QString t = text.trimmed();
    const qsizetype nl = t.indexOf(QLatin1Char('\n'));
    if (nl >= 0)
        t.truncate(nl);
    if (t.startsWith(QLatin1String("FATAL:")) || t.startsWith(QLatin1String("ERROR:")))
        t = t.mid(6).trimmed();
    return t;
}

QString scrub(QString text, const QString &password)
{
    if (password.size() >= 1)
        text.replace(password, QStringLiteral("***"));
    return text;
}

// What the C library says for an error number, in the desktop's language: libpq puts it after
// "connection to server at … failed:" ("拒绝连接" on a Chinese desktop, "Connection refused" in
// English). libpq's own words are English (initApplication() sets PGLOCALEDIR); these are not.
QString systemText(int error)
{
    char buffer[256];
    return QString::fromLocal8Bit(strerror_r(error, buffer, sizeof buffer));
}

// The same for the name resolver's errors (getaddrinfo).
QString resolverText(int error)
{
    return QString::fromLocal8Bit(gai_strerror(error));
}

} // namespace

namespace {

// A database error as classify() reads it: its SQLSTATE and words.
struct Fault
{
    QString state;
    QString text; // the server's words, else the driver's

    bool stateIs(const char *code) const { return state == QLatin1String(code); }
    bool has(const char *words) const
    {
        return text.contains(QLatin1String(words), Qt::CaseInsensitive);
    }
    bool hasAny(std::initializer_list<const char *> words) const
    {
        return std::any_of(words.begin(), words.end(), [this](const char *w) { return has(w); });
    }
    // The C library's words for it in English, or in the desktop's language (`local`).
    bool says(const char *english, const QString &local) const
    {
        return has(english) || text.contains(local, Qt::CaseInsensitive);
    }
};

// What a sentence may name. Without a config (a query's error) the sentences speak of "the team
// database" alone.
struct FaultScene
{
    const TeamConfig *config = nullptr;
    QString where; // "host:port", or "?"
    QString user;  // or "?"
};

// One kind of fault: how it is recognised, and what the operator is told of it.
struct FaultRule
{
    bool (*matches)(const Fault &);
    TeamDatabase::Error error;
    QString (*sentence)(const FaultScene &);
};

using E = TeamDatabase::Error;

// In order: the first rule that matches decides (the specific TLS causes before "certificate",
// a server starting up before the connection-class SQLSTATEs).
const FaultRule kFaultRules[] = {
    {[](const Fault &f) { return f.has("driver not loaded"); }, E::DriverMissing,
     [](const FaultScene &) {
         return TeamDatabase::tr("The PostgreSQL driver for Qt is not installed (Debian package "
                                 "libqt6sql6-psql): team mode cannot work without it.");
     }},
    {[](const Fault &f) { return f.stateIs("28P01") || f.has("password authentication failed"); },
     E::WrongPassword,
     [](const FaultScene &s) {
         return TeamDatabase::tr("The team database refused user %1: the password is wrong.")
             .arg(s.user);
     }},
    {[](const Fault &f) { return f.has("no password supplied"); }, E::WrongPassword,
     [](const FaultScene &s) {
         return TeamDatabase::tr("The team database needs a password for user %1.").arg(s.user);
     }},
    {[](const Fault &f) { return f.has("role \"") && f.has("does not exist"); }, E::WrongPassword,
     [](const FaultScene &s) {
         return TeamDatabase::tr("The team database has no user %1: ask your admin to add it "
                                 "(cdnrec team add-user).")
             .arg(s.user);
     }},
    {[](const Fault &f) {
         return f.hasAny({"does not match host name", "certificate is not valid for"});
     },
     E::Certificate,
     [](const FaultScene &s) {
         return TeamDatabase::tr("The team database's TLS certificate is not issued for %1: "
                                 "connect with the name in the certificate, or ask your admin.")
             .arg(s.config ? s.config->host : QStringLiteral("?"));
     }},
    {[](const Fault &f) { return f.has("root certificate file"); }, E::Certificate,
     [](const FaultScene &s) {
         return s.config && !s.config->sslRootCert.isEmpty()
                    ? TeamDatabase::tr("The CA certificate file %1 cannot be read: give the "
                                       "team's CA certificate (--sslrootcert).")
                          .arg(s.config->sslRootCert)
                    : TeamDatabase::tr("No CA certificate is given to check the team database's "
                                       "TLS certificate: give the team's CA certificate "
                                       "(--sslrootcert).");
     }},
    {[](const Fault &f) { return f.has("does not support SSL"); }, E::Certificate,
     [](const FaultScene &) {
         return TeamDatabase::tr("The team database does not offer TLS, but this connection "
                                 "requires it: ask your admin to enable TLS (ssl=on) and to give "
                                 "you the team's CA certificate.");
     }},
    {[](const Fault &f) {
         return f.hasAny({"certificate verify failed", "certificate", "SSL error"});
     },
     E::Certificate,
     [](const FaultScene &) {
         return TeamDatabase::tr("The team database's TLS certificate is not signed by the CA "
                                 "this connection trusts: give the team's CA certificate "
                                 "(--sslrootcert), or ask your admin.");
     }},
    {[](const Fault &f) { return f.has("channel binding"); }, E::Certificate,
     [](const FaultScene &) {
         return TeamDatabase::tr("The team database would not prove that it knows the password "
                                 "over this TLS connection (channel binding): the password was "
                                 "not sent. It may not be the team's server, or it does not use "
                                 "SCRAM passwords: ask your admin.");
     }},
    {[](const Fault &f) { return f.has("no pg_hba.conf entry"); }, E::NoRights,
     [](const FaultScene &s) {
         return TeamDatabase::tr("The team database does not accept user %1 from this machine "
                                 "(pg_hba.conf): ask your admin.")
             .arg(s.user);
     }},
    {[](const Fault &f) {
         return f.stateIs("3D000") || (f.has("database \"") && f.has("does not exist"));
     },
     E::NotInitialized,
     [](const FaultScene &s) {
         return s.config ? TeamDatabase::tr("The database %1 does not exist at %2: ask your admin "
                                            "to run cdnrec team init.")
                               .arg(s.config->database, s.where)
                         : TeamDatabase::tr("The team database does not exist: ask your admin to "
                                            "run cdnrec team init.");
     }},
    {[](const Fault &f) {
         return f.stateIs("42P01") || f.stateIs("42883") || f.has("relation \"");
     },
     E::NotInitialized,
     [](const FaultScene &) {
         return TeamDatabase::tr("The team database is not set up (or not fully): ask your admin "
                                 "to run cdnrec team init.");
     }},
    {[](const Fault &f) { return f.has("append-only"); }, E::NoRights,
     [](const FaultScene &) {
         return TeamDatabase::tr("The team history is append-only: nothing in it can be changed "
                                 "or deleted.");
     }},
    {[](const Fault &f) {
         return f.stateIs("42501") || f.hasAny({"permission denied", "must be owner",
                                                "must be superuser", "must have CREATEROLE"});
     },
     E::NoRights,
     [](const FaultScene &s) {
         return s.config ? TeamDatabase::tr("User %1 may not do this in the team database: ask "
                                            "your admin.")
                               .arg(s.user)
                         : TeamDatabase::tr("This user may not do this in the team database: ask "
                                            "your admin.");
     }},
    {[](const Fault &f) { return f.says("Connection refused", systemText(ECONNREFUSED)); },
     E::Unreachable,
     [](const FaultScene &s) {
         return TeamDatabase::tr("Nothing answers at %1 (connection refused): is the database "
                                 "server running, and is the port right?")
             .arg(s.where);
     }},
    {[](const Fault &f) {
         return f.has("could not translate host name") ||
                f.says("Name or service not known", resolverText(EAI_NONAME)) ||
                f.says("Temporary failure in name resolution", resolverText(EAI_AGAIN));
     },
     E::Unreachable,
     [](const FaultScene &s) {
         return TeamDatabase::tr("The host name %1 is unknown: check it.")
             .arg(s.config ? s.config->host : QString());
     }},
    {[](const Fault &f) {
         return f.has("timeout expired") || f.says("timed out", systemText(ETIMEDOUT)) ||
                f.says("No route to host", systemText(EHOSTUNREACH)) ||
                f.says("Network is unreachable", systemText(ENETUNREACH));
     },
     E::Unreachable,
     [](const FaultScene &s) {
         return s.config ? TeamDatabase::tr("The team database at %1 did not answer within %2 s: "
                                            "check the host, the network and the firewall.")
                               .arg(s.where)
                               .arg(TeamDatabase::ConnectTimeoutS)
                         : TeamDatabase::tr("The connection to the team database timed out: "
                                            "check the network.");
     }},
    {[](const Fault &f) { return f.stateIs("57014") || f.has("statement timeout"); },
     E::Unreachable,
     [](const FaultScene &) {
         return TeamDatabase::tr("The team database did not answer in time.");
     }},
    {[](const Fault &f) {
         return f.stateIs("57P03") ||
                f.hasAny({"starting up", "shutting down", "in recovery mode"});
     },
     E::Unreachable,
     [](const FaultScene &) {
         return TeamDatabase::tr("The team database is starting up or shutting down: try again "
                                 "in a moment.");
     }},
    {[](const Fault &f) {
         return f.state.startsWith(QLatin1String("08")) ||
                f.state.startsWith(QLatin1String("57P")) ||
                f.hasAny({"server closed the connection", "no connection to the server",
                          "connection to server was lost", "could not receive data",
                          "could not send data", "terminating connection", "SSL SYSCALL",
                          "could not connect", "Unable to connect", "connection to server at",
                          "connection to server on socket"});
     },
     E::Unreachable,
     [](const FaultScene &s) {
         return s.config ? TeamDatabase::tr("The connection to the team database at %1 failed: "
                                            "the server may be down or restarting, or the "
                                            "network failed.")
                               .arg(s.where)
                         : TeamDatabase::tr("The connection to the team database was lost: the "
                                            "server may be down or restarting, or the network "
                                            "failed.");
     }},
};

} // namespace

TeamDatabase::Status TeamDatabase::classify(const QSqlError &error)
{
    return classify(error, nullptr);
}

TeamDatabase::Status TeamDatabase::classify(const QSqlError &error, const TeamConfig *config)
{
    const QString db = error.databaseText();
    const Fault fault{error.nativeErrorCode(), db.isEmpty() ? error.text() : db};
    if (error.type() == QSqlError::NoError && fault.text.isEmpty())
        return {};
    const FaultScene scene{config,
                           config ? QStringLiteral("%1:%2").arg(config->host).arg(config->port)
                                  : QStringLiteral("?"),
                           config ? config->user : QStringLiteral("?")};
    const auto rule = std::find_if(std::begin(kFaultRules), std::end(kFaultRules),
                                   [&fault](const FaultRule &r) { return r.matches(fault); });
    // None: the server's own words, shown escaped (printable()), for a server, or a function in
    // it, can say anything, terminal escapes included, and this sentence reaches terminals.
    const Status s =
        rule != std::end(kFaultRules)
            ? Status{rule->error, rule->sentence(scene)}
            : Status{Error::Other,
                     tr("The team database reported: %1").arg(printable(firstLine(fault.text)))};
    qCInfo(lcTeamDb) << "team database error" << fault.state << firstLine(fault.text) << "->"
                     << errorName(s.error);
    return s;
}

QString TeamDatabase::errorName(Error error)
{
    switch (error) {
    case Error::None:
        return QStringLiteral("none");
    case Error::DriverMissing:
        return QStringLiteral("driver-missing");
    case Error::WrongPassword:
        return QStringLiteral("wrong-password");
    case Error::Unreachable:
        return QStringLiteral("unreachable");
    case Error::Certificate:
        return QStringLiteral("certificate");
    case Error::NotInitialized:
        return QStringLiteral("not-initialized");
    case Error::NewerSchema:
        return QStringLiteral("newer-schema");
    case Error::NoRights:
        return QStringLiteral("no-rights");
    case Error::Other:
        break;
    }
    return QStringLiteral("other");
}

namespace {

// libpq hands the server's NOTICE and WARNING messages ("terminating connection due to
// administrator command") to a notice processor that prints them raw on stderr. They are the
// team log's, not the terminal's: the operator hears of a lost connection in cdnrec's own words.
void noticeToLog(void *, const char *message)
{
    qCInfo(lcTeamDb).noquote() << "team database notice:"
                               << QString::fromUtf8(message).trimmed().left(500);
}

void routeNotices(const QSqlDatabase &db)
{
    if (!db.isOpen() || !db.driver())
        return;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return;
    void *conn = *static_cast<void *const *>(handle.constData());
    using Processor = void (*)(void *, const char *);
    using Fn = Processor (*)(void *, Processor, void *);
    static const Fn fn = []() -> Fn {
        void *lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_NOLOAD);
        return lib ? reinterpret_cast<Fn>(dlsym(lib, "PQsetNoticeProcessor")) : nullptr;
    }();
    if (conn && fn)
        fn(conn, &noticeToLog, nullptr);
}

QtMessageHandler g_previousHandler = nullptr;

// Qt's own warning when a connection is removed while a copy of it is still alive somewhere
// ("QSqlDatabasePrivate::removeDatabase: connection '…' is still in use, all queries will cease
// to work"): harmless for a team connection that is being given up (the copy dies right after),
// and no sentence for an operator. It goes to the team log instead of the terminal.
void teamMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.startsWith(QLatin1String("QSqlDatabasePrivate::removeDatabase:")) &&
        message.contains(QLatin1String("'cdnrec-"))) {
        if (lcTeamDb().isDebugEnabled() && g_previousHandler)
            g_previousHandler(QtDebugMsg, context, QStringLiteral("team database: ") + message);
        return;
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

} // namespace

void TeamDatabase::installMessageFilter()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    g_previousHandler = qInstallMessageHandler(teamMessageHandler);
}

TeamDatabase::Status TeamDatabase::open(const TeamConfig &config, const QString &password,
                                        const QString &connectionName)
{
    if (!QSqlDatabase::isDriverAvailable(Driver))
        return classify(
            QSqlError(QStringLiteral("Driver not loaded"), QString(), QSqlError::ConnectionError),
            &config);
    if (const QString problem = config.problem(); !problem.isEmpty())
        return {Error::Other, problem};
    // The password goes only to a server that proved who it is (or, with --insecure-tls, to one
    // the operator chose to trust).
    if (const QString problem = config.passwordProblem(!password.isEmpty()); !problem.isEmpty())
        return {Error::Certificate, problem};

    QSqlDatabase db = QSqlDatabase::contains(connectionName)
                          ? QSqlDatabase::database(connectionName, false)
                          : QSqlDatabase::addDatabase(Driver, connectionName);
    const QString options = connectOptions(config, !password.isEmpty());
    const bool same = db.hostName() == config.host && db.port() == config.port &&
                      db.databaseName() == config.database && db.userName() == config.user &&
                      db.password() == password && db.connectOptions() == options;
    if (db.isOpen() && same) {
        QSqlQuery alive(db);
        if (!alive.exec(QStringLiteral("SELECT 1")))
            db.close();
    } else if (db.isOpen()) {
        db.close();
    }
    if (!db.isOpen()) {
        db.setHostName(config.host);
        db.setPort(config.port);
        db.setDatabaseName(config.database);
        db.setUserName(config.user);
        db.setPassword(password);
        db.setConnectOptions(options);
        if (!db.open()) {
            Status s = classify(db.lastError(), &config);
            s.message = scrub(s.message, password);
            return s;
        }
        routeNotices(db);
    }

    Status s;
    const int version = schemaVersion(connectionName, &s);
    if (version < 0) {
        if (s.error == Error::NoRights)
            s.message = tr("User %1 may not read the team database: ask your admin to add it to "
                           "the operators or the auditors (cdnrec team add-user).")
                            .arg(config.user);
        s.message = scrub(s.message, password);
        return s;
    }
    const int known = knownSchemaVersion();
    if (version == 0)
        return {Error::NotInitialized, tr("The team database %1 is not set up yet: ask your admin "
                                          "to run cdnrec team init.")
                                           .arg(config.displayName())};
    if (version > known)
        return {Error::NewerSchema,
                tr("The team database was set up by a newer cdnrec (schema version %1; this one "
                   "knows up to %2): update cdnrec. Nothing is written to it meanwhile.")
                    .arg(version)
                    .arg(known)};
    if (version < known)
        return {Error::NotInitialized,
                tr("The team database has schema version %1 and this cdnrec needs %2: ask your "
                   "admin to run cdnrec team init.")
                    .arg(version)
                    .arg(known)};
    return {};
}

void TeamDatabase::close(const QString &connectionName)
{
    if (!QSqlDatabase::contains(connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

TeamDatabase::Role TeamDatabase::role(const QString &connectionName, Status *status)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isOpen()) {
        if (status)
            *status = {Error::Unreachable, tr("Not connected to the team database.")};
        return Role::Unknown;
    }
    // A few seconds: a run waits for this answer (briefly), and a server that does not give it
    // is treated as one that is down.
    const TeamReadDeadline deadline(connectionName, RoleReadDeadlineMs);
    // session_user: the login, whatever SET ROLE says. A group role that does not exist (an
    // older schema has no cdnrec_admin) is no membership, not an error.
    QSqlQuery q(db);
    const auto member = [](const char *group) {
        return QStringLiteral("CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = "
                              "'%1') THEN pg_catalog.pg_has_role(session_user, '%1', 'MEMBER') "
                              "ELSE false END")
            .arg(QLatin1String(group));
    };
    const QString sql =
        QStringLiteral("SELECT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = "
                       "session_user), coalesce((SELECT pg_catalog.pg_has_role(session_user, "
                       "c.relowner, 'MEMBER') FROM pg_catalog.pg_class c WHERE c.oid = "
                       "to_regclass('cdnrec_events')), false), %1, %2, %3")
            .arg(member("cdnrec_operator"), member("cdnrec_auditor"), member("cdnrec_admin"));
    if (!q.exec(sql) || !q.next()) {
        if (status)
            *status = classify(q.lastError(), nullptr);
        return Role::Unknown;
    }
    if (status)
        *status = {};
    const bool super = q.value(0).toBool();
    const bool owner = q.value(1).toBool();
    const bool operatorMember = q.value(2).toBool();
    const bool auditorMember = q.value(3).toBool();
    const bool adminMember = q.value(4).toBool();
    if (super || owner)
        return Role::Owner;
    // cdnrec_admin acts as an operator only when it is one too (add-user --role admin grants
    // both); alone it may do what its grants say, never send.
    if (operatorMember)
        return adminMember ? Role::Admin : Role::Operator;
    if (auditorMember)
        return Role::Auditor;
    return Role::None;
}

QString TeamDatabase::roleName(Role role)
{
    switch (role) {
    case Role::Unknown:
        break;
    case Role::None:
        return QStringLiteral("none");
    case Role::Auditor:
        return QStringLiteral("auditor");
    case Role::Operator:
        return QStringLiteral("operator");
    case Role::Admin:
    case Role::Owner:
        return QStringLiteral("admin");
    }
    return QString();
}

int TeamDatabase::knownSchemaVersion()
{
    const QList<Migration> list = migrations();
    return list.isEmpty() ? 0 : list.constLast().version;
}

int TeamDatabase::schemaVersion(const QString &connectionName, Status *status)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isOpen()) {
        if (status)
            *status = {Error::Unreachable, tr("Not connected to the team database.")};
        return -1;
    }
    const TeamReadDeadline deadline(connectionName); // a server that never answers
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT to_regclass('cdnrec_schema') IS NOT NULL")) || !q.next()) {
        if (status)
            *status = classify(q.lastError(), nullptr);
        return -1;
    }
    if (!q.value(0).toBool())
        return 0;
    if (!q.exec(QStringLiteral("SELECT coalesce(max(version), 0) FROM cdnrec_schema")) ||
        !q.next()) {
        if (status)
            *status = classify(q.lastError(), nullptr);
        return -1;
    }
    return q.value(0).toInt();
}

TeamDatabase::Status TeamDatabase::migrate(const QString &connectionName, QStringList *applied)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isOpen())
        return {Error::Unreachable, tr("Not connected to the team database.")};
    const QList<Migration> list = migrations();
    const int known = list.isEmpty() ? 0 : list.constLast().version;
    for (const Migration &m : list) {
        QFile file(m.path);
        if (!file.open(QIODevice::ReadOnly))
            return {Error::Other, tr("The migration %1 cannot be read.").arg(m.name)};
        const QString sql = QString::fromUtf8(file.readAll());

        if (!db.transaction())
            return classify(db.lastError(), nullptr);
        QSqlQuery q(db);
        const auto fail = [&db](const QSqlError &e, const QString &what) {
            Status s = classify(e, nullptr);
            db.rollback();
            if (s.error == Error::Other)
                s.message = what + QLatin1Char(' ') + s.message;
            return s;
        };
        // One init at a time: the second waits, then sees what the first applied.
        if (!q.exec(QStringLiteral("SET LOCAL statement_timeout = '120s'")) ||
            !q.exec(QStringLiteral("SET LOCAL lock_timeout = '60s'")) ||
            !q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(MigrationLock)))
            return fail(q.lastError(), QString());
        Status st;
        const int version = schemaVersion(connectionName, &st);
        if (version < 0) {
            db.rollback();
            return st;
        }
        if (version > known) {
            db.rollback();
            return {Error::NewerSchema,
                    tr("The team database was set up by a newer cdnrec (schema version %1; this "
                       "one knows up to %2): update cdnrec. Nothing was changed.")
                        .arg(version)
                        .arg(known)};
        }
        if (m.version <= version) {
            db.rollback();
            continue;
        }
        if (!q.exec(sql))
            return fail(q.lastError(), tr("Migration %1 failed:").arg(m.name));
        q.prepare(QStringLiteral("INSERT INTO cdnrec_schema (version, name) VALUES (?, ?)"));
        q.addBindValue(m.version);
        q.addBindValue(m.name);
        if (!q.exec())
            return fail(q.lastError(), tr("Migration %1 failed:").arg(m.name));
        if (!db.commit())
            return fail(db.lastError(), tr("Migration %1 failed:").arg(m.name));
        qCInfo(lcTeamDb) << "applied migration" << m.name;
        if (applied)
            applied->append(m.name);
    }
    return {};
}

QString TeamDatabase::osUser()
{
    return LocalUser::loginName();
}

QString TeamDatabase::hostName()
{
    return LocalUser::hostName();
}

QString TeamDatabase::scramVerifier(const QString &password)
{
    // RFC 5802/7677 as PostgreSQL stores it: SCRAM-SHA-256$iter:salt$StoredKey:ServerKey.
    constexpr int iterations = 4096;
    QByteArray salt(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()),
                                          salt.size() / int(sizeof(quint32)));
    // SASLprep, as libpq applies it before authenticating, is close to NFKC.
    const QByteArray pw = password.normalized(QString::NormalizationForm_KC).toUtf8();
    const QByteArray salted =
        QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, pw, salt, iterations, 32);
    const QByteArray clientKey = QMessageAuthenticationCode::hash(
        QByteArrayLiteral("Client Key"), salted, QCryptographicHash::Sha256);
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, QCryptographicHash::Sha256);
    const QByteArray serverKey = QMessageAuthenticationCode::hash(
        QByteArrayLiteral("Server Key"), salted, QCryptographicHash::Sha256);
    return QStringLiteral("SCRAM-SHA-256$%1:%2$%3:%4")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(storedKey.toBase64()),
             QString::fromLatin1(serverKey.toBase64()));
}

namespace {

// The socket of a QPSQL connection, through libpq's PQsocket (the driver's handle is the
// PGconn*). libpq is loaded by the driver already; it is looked up there, not linked, so that
// cdnrec runs where the driver is missing. -1 when any of it is not to be had.
int pqSocket(const QString &connectionName)
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isOpen() || !db.driver())
        return -1;
    const QVariant handle = db.driver()->handle();
    // The type is named after libpq's struct: "PGconn*" in Qt's headers, "pg_conn*" as built.
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return -1;
    void *conn = *static_cast<void *const *>(handle.constData());
    using Fn = int (*)(const void *);
    static const Fn fn = []() -> Fn {
        void *lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_NOLOAD);
        return lib ? reinterpret_cast<Fn>(dlsym(lib, "PQsocket")) : nullptr;
    }();
    return conn && fn ? fn(conn) : -1;
}

} // namespace

TeamReadDeadline::TeamReadDeadline(const QString &connectionName, int ms)
{
    const int fd = pqSocket(connectionName);
    if (fd < 0)
        return;
    m_thread = std::thread([this, fd, ms] {
        std::unique_lock lock(m_mutex);
        if (m_done.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_finished; }))
            return;
        m_fired = true;
        qCWarning(lcTeamDb) << "the team database did not answer within" << ms
                            << "ms: closing the connection";
        ::shutdown(fd, SHUT_RDWR); // the blocked read returns; the socket stays libpq's to close
    });
}

TeamReadDeadline::~TeamReadDeadline()
{
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
    }
    m_done.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace cdnrec
