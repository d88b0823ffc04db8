// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamcommand.h"

#include "profilecommand.h"
#include "teambudgetcommand.h"
#include "teamprofilecommand.h"
#include <store/history.h>
#include <store/secretstore.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>
#include <team/teamoutbox.h>
#include <team/teamsession.h>

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

#include <unistd.h>

namespace cdnrec {

namespace {

const QString Conn = QStringLiteral("cdnrec-cli-team");

QString ident(const QString &name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
           QLatin1Char('"');
}

} // namespace

TeamCommand::ConnectionOptions::ConnectionOptions()
    : host{QStringLiteral("host"), QStringLiteral("Host name, address or socket folder."),
           QStringLiteral("H")},
      port{QStringLiteral("port"), QStringLiteral("Port (5432)."), QStringLiteral("P")},
      database{QStringLiteral("database"), QStringLiteral("Database name (cdnrec)."),
               QStringLiteral("D")},
      user{QStringLiteral("user"), QStringLiteral("Database user."), QStringLiteral("U")},
      sslMode{QStringLiteral("sslmode"),
              QStringLiteral("TLS: verify-full (default) or verify-ca; disable, allow, prefer or "
                             "require only with --insecure-tls when a password is sent."),
              QStringLiteral("M")},
      sslRootCert{QStringLiteral("sslrootcert"), QStringLiteral("The team's CA certificate file."),
                  QStringLiteral("F")},
      noPassword{QStringLiteral("no-password"),
                 QStringLiteral("The server needs no password for this user.")},
      insecureTls{QStringLiteral("insecure-tls"),
                  QStringLiteral("Send the password even though TLS does not verify the server "
                                 "(anyone posing as it can take the password).")},
      json{QStringLiteral("json"), QStringLiteral("status: JSON output.")},
      role{QStringLiteral("role"), QStringLiteral("add-user: operator, auditor or admin."),
           QStringLiteral("R")}
{
}

void TeamCommand::ConnectionOptions::addTo(QCommandLineParser &p) const
{
    p.addOptions(
        {host, port, database, user, sslMode, sslRootCert, noPassword, insecureTls, json, role});
}

bool TeamCommand::ConnectionOptions::given(const QCommandLineParser &p) const
{
    return p.isSet(host) || p.isSet(user) || p.isSet(port) || p.isSet(database) ||
           p.isSet(sslMode) || p.isSet(sslRootCert);
}

QString TeamCommand::ConnectionOptions::toConfig(const QCommandLineParser &p, TeamConfig *c) const
{
    *c = TeamConfig();
    c->host = p.value(host);
    c->user = p.value(user);
    if (p.isSet(port)) {
        bool ok = false;
        c->port = p.value(port).toInt(&ok);
        if (!ok)
            return QStringLiteral("--port must be a number");
    }
    if (p.isSet(database))
        c->database = p.value(database);
    if (p.isSet(sslMode))
        c->sslMode = p.value(sslMode);
    if (p.isSet(sslRootCert))
        c->sslRootCert = QFileInfo(p.value(sslRootCert)).absoluteFilePath();
    if (c->host.isEmpty() || c->user.isEmpty())
        return QStringLiteral("--host and --user are needed");
    // Kept only where it means something: a verified server needs no such consent.
    c->insecureTls = p.isSet(insecureTls) && !c->verifiesServer();
    return c->problem();
}

TeamCommand::TeamCommand(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}

QString TeamCommand::help()
{
    return QStringLiteral(
        "Usage: cdnrec team VERB [options]\n"
        "The team database (PostgreSQL) that a support team shares.\n\n"
        "Operators:\n"
        "  connect --host H [--port P] [--database D] --user U [--sslmode M]\n"
        "          [--sslrootcert F] [--no-password] [--insecure-tls]\n"
        "             test the connection, then save it (the password in the keyring)\n"
        "  status [--json]\n"
        "             the saved connection and whether it works\n"
        "  disconnect forget the saved connection and its password\n\n"
        "Admins (the database's owner, with the right to create roles):\n"
        "  init [connection options]\n"
        "             create the database if missing, the schema (or bring it up to date)\n"
        "             and the roles cdnrec_operator and cdnrec_auditor; safe to run again\n"
        "  add-user NAME --role operator|auditor|admin [connection options]\n"
        "             create a login for a colleague (or reset its password and role);\n"
        "             admin: cdnrec_admin and cdnrec_operator\n"
        "  Without connection options, init, add-user and budget use the saved connection.\n"
        "  budget [APPID RATE] [connection options]\n"
        "             list the budgets and live jobs; with APPID RATE, set the team's\n"
        "             calls/s for that AppId (default 10, at most 20)\n\n"
        "Profiles (without secrets):\n"
        "  profile publish NAME [--replace] | list [--json] | pull [--replace NAME]...\n"
        "          | retire NAME   (cdnrec team profile --help)\n\n"
        "Passwords are read from the terminal without echo, or one per line from standard\n"
        "input (the connecting user's first, then add-user's new one); never from an argument.\n"
        "TLS is verify-full by default: give the team's CA certificate with --sslrootcert.\n"
        "A password goes only to a server TLS verifies (verify-full, verify-ca) or over a Unix\n"
        "socket (a --host starting with /); --insecure-tls sends it in the other TLS modes,\n"
        "where anyone posing as the server can take it.\n\n"
        "Exit codes: 0 done (status: connected), 2 usage error, 3 refused or not configured\n"
        "(password, certificate, rights, schema), 4 the server cannot be reached,\n"
        "5 the keyring could not be used.\n");
}

int TeamCommand::usage(const QString &message)
{
    m_err << "cdnrec team: " << message << '\n';
    m_err.flush();
    return Usage;
}

QStringList TeamCommand::argumentsAfter(const QStringList &arguments, QLatin1String verb)
{
    const QLatin1String team("team");
    if (arguments.size() >= 3 && arguments.at(1) == team && arguments.at(2) == verb)
        return arguments.mid(3);
    if (arguments.size() >= 2 && arguments.at(0) == team && arguments.at(1) == verb)
        return arguments.mid(2);
    if (!arguments.isEmpty() && arguments.at(0) == verb)
        return arguments.mid(1);
    return arguments;
}

int TeamCommand::exitFor(TeamDatabase::Error error)
{
    switch (error) {
    case TeamDatabase::Error::None:
        return Ok;
    case TeamDatabase::Error::Unreachable:
        return Unreachable;
    default:
        return Refused;
    }
}

QString TeamCommand::keyringSentence(const TeamConfig &config)
{
    return QStringLiteral("the password of %1 cannot be read from the keyring (locked, missing or "
                          "not answering): unlock it, or run cdnrec team connect again")
        .arg(config.displayName());
}

TeamCommand::SavedConnection::SavedConnection(const QString &connectionName)
    : m_name(connectionName), m_config(TeamConfig::load())
{
    if (!m_config.isSet()) {
        m_code = Refused;
        m_problem = QStringLiteral("no team database is configured: run cdnrec team connect first");
        return;
    }
    // None saved is a connection without one: the server says if it needs one.
    QString password;
    if (!m_config.readSavedPassword(&password)) {
        m_code = KeyringProblem;
        m_problem = keyringSentence(m_config);
        return;
    }
    const TeamDatabase::Status opened = TeamDatabase::open(m_config, password, m_name);
    password.fill(QLatin1Char('\0'));
    if (!opened.ok()) {
        m_code = exitFor(opened.error);
        m_problem = opened.message;
    }
}

TeamCommand::SavedConnection::~SavedConnection()
{
    TeamDatabase::close(m_name);
}

int TeamCommand::fail(int code, const QString &message)
{
    m_err << "cdnrec team: " << message << '\n';
    m_err.flush();
    return code;
}

int TeamCommand::run(const QStringList &arguments)
{
    const QString verb = arguments.value(2);
    if (verb == QLatin1String("budget"))
        return runTeamBudget(arguments, m_out, m_err);
    if (verb == QLatin1String("profile"))
        return runTeamProfile(arguments, m_out, m_err);
    if (verb == QLatin1String("init"))
        return init(arguments);
    if (verb == QLatin1String("add-user"))
        return addUser(arguments);
    if (verb == QLatin1String("connect"))
        return connect(arguments);
    if (verb == QLatin1String("status"))
        return status(arguments);
    if (verb == QLatin1String("disconnect"))
        return disconnect(arguments);
    if (verb == QLatin1String("--help") || verb == QLatin1String("-h") ||
        verb == QLatin1String("help")) {
        m_out << help();
        return Ok;
    }
    m_err << (verb.isEmpty() ? QStringLiteral("cdnrec team: a verb is needed\n")
                             : QStringLiteral("cdnrec team: unknown verb '%1'\n").arg(verb))
          << help();
    return Usage;
}

namespace {

// Parses the verb's options; false (and an exit code in *code) when the caller should stop.
bool parse(QCommandLineParser &p, const TeamCommand::ConnectionOptions &o,
           const QStringList &arguments, QTextStream &out, int *code, QString *error)
{
    QStringList args = arguments;
    args.remove(1, qMin<qsizetype>(2, args.size() - 1)); // program + the verb's own arguments
    p.addHelpOption();
    o.addTo(p);
    if (!p.parse(args)) {
        *error = p.errorText();
        *code = TeamCommand::Usage;
        return false;
    }
    if (p.isSet(QStringLiteral("help"))) {
        out << TeamCommand::help();
        *code = TeamCommand::Ok;
        return false;
    }
    return true;
}

} // namespace

// The connection for init, add-user and budget: the options, or else the saved one (and its
// password from the keyring, unless --no-password). Returns Ok or the exit code after saying why.
int TeamCommand::resolve(const QCommandLineParser &p, const ConnectionOptions &o,
                         TeamConfig *config, QString *password, QTextStream &err,
                         const QString &prefix)
{
    if (o.given(p)) {
        if (const QString why = o.toConfig(p, config); !why.isEmpty()) {
            err << prefix << why << '\n';
            return TeamCommand::Usage;
        }
        if (!p.isSet(o.noPassword)) {
            // Refused before the password is even asked for.
            if (const QString why = config->passwordProblem(true); !why.isEmpty()) {
                err << prefix << why << '\n';
                return TeamCommand::Refused;
            }
            *password = ProfileCommand::readSecret(
                QStringLiteral("Password for %1 (not shown): ").arg(config->displayName()), err);
        }
        if (!password->isEmpty() && !config->verifiesServer())
            err << prefix << "warning: " << config->insecureRisk() << '\n';
        return TeamCommand::Ok;
    }
    *config = TeamConfig::load();
    if (!config->isSet()) {
        err << prefix
            << "no team database is configured: give --host and --user, or run cdnrec team "
               "connect first\n";
        return TeamCommand::Refused;
    }
    if (p.isSet(o.noPassword))
        return TeamCommand::Ok;
    if (!config->readSavedPassword(password)) {
        err << prefix << TeamCommand::keyringSentence(*config) << '\n';
        return TeamCommand::KeyringProblem;
    }
    return TeamCommand::Ok;
}

std::optional<int> TeamCommand::parseVerb(QCommandLineParser &p, const ConnectionOptions &o,
                                          const QStringList &arguments)
{
    int code = Ok;
    QString error;
    if (parse(p, o, arguments, m_out, &code, &error))
        return std::nullopt;
    return code == Usage ? usage(error) : code;
}

int TeamCommand::init(const QStringList &arguments)
{
    QCommandLineParser p;
    ConnectionOptions o;
    if (const std::optional<int> end = parseVerb(p, o, arguments))
        return *end;
    TeamConfig config;
    QString password;
    if (const int r = resolve(p, o, &config, &password, m_err); r != Ok)
        return r;

    TeamDatabase::Status s = TeamDatabase::open(config, password, Conn);
    const bool connected = QSqlDatabase::database(Conn, false).isOpen();
    if (s.error == TeamDatabase::Error::NotInitialized && !connected) {
        // The database itself is missing: create it from the maintenance database.
        TeamConfig maintenance = config;
        maintenance.database = QStringLiteral("postgres");
        const QString other = Conn + QStringLiteral("-create");
        TeamDatabase::open(maintenance, password, other);
        TeamDatabase::Status created;
        bool reached = false;
        {
            QSqlDatabase db = QSqlDatabase::database(other, false);
            reached = db.isOpen();
            QSqlQuery q(db);
            if (reached &&
                !q.exec(QStringLiteral("CREATE DATABASE %1").arg(ident(config.database))))
                created = TeamDatabase::classify(q.lastError());
        }
        TeamDatabase::close(other);
        if (!reached)
            return fail(Refused, s.message);
        if (!created.ok())
            return fail(TeamCommand::exitFor(created.error),
                        QStringLiteral("cannot create the database %1: %2")
                            .arg(config.database, created.message));
        m_out << "Created the database " << config.database << ".\n";
        s = TeamDatabase::open(config, password, Conn);
    }
    int rolesBefore = 0;
    {
        QSqlDatabase db = QSqlDatabase::database(Conn, false);
        if (db.isOpen() && (s.ok() || s.error == TeamDatabase::Error::NotInitialized)) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname IN "
                                      "('cdnrec_operator', 'cdnrec_auditor')")) &&
                q.next())
                rolesBefore = q.value(0).toInt();
        } else if (s.ok()) {
            s = {TeamDatabase::Error::Unreachable, QStringLiteral("Not connected.")};
        }
    }
    if (!s.ok() && s.error != TeamDatabase::Error::NotInitialized) {
        TeamDatabase::close(Conn);
        return fail(TeamCommand::exitFor(s.error), s.message);
    }
    if (!QSqlDatabase::database(Conn, false).isOpen()) {
        TeamDatabase::close(Conn);
        return fail(TeamCommand::exitFor(s.error), s.message);
    }
    QStringList applied;
    s = TeamDatabase::migrate(Conn, &applied);
    const int version = TeamDatabase::schemaVersion(Conn);
    TeamDatabase::close(Conn);
    for (const QString &m : applied)
        m_out << "Applied " << m << ".\n";
    if (!s.ok())
        return fail(TeamCommand::exitFor(s.error), s.message);
    if (rolesBefore < 2)
        m_out << "Created the group roles cdnrec_operator (may add to the history, never change "
                 "it) and cdnrec_auditor (may read it).\n";
    if (applied.isEmpty())
        m_out << "The team database " << config.displayName() << " is already at schema version "
              << version << ": nothing to do.\n";
    else
        m_out << "The team database " << config.displayName() << " is at schema version " << version
              << ".\n";
    m_out << "Next: cdnrec team add-user NAME --role operator for each colleague.\n";
    return Ok;
}

namespace {

// add-user NAME --role R: why not, or nothing; *groups: the cdnrec groups it is to be in.
QString checkNewUser(const QStringList &positional, const QString &role, QStringList *groups)
{
    const QString name = positional.value(0);
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$"));
    if (name.isEmpty() || positional.size() > 1)
        return QStringLiteral("add-user needs one NAME");
    if (!valid.match(name).hasMatch() || name.startsWith(QLatin1String("pg_")) ||
        name.startsWith(QLatin1String("cdnrec_")))
        return QStringLiteral("'%1' cannot be a user name: use letters, digits and _ . @ - (at "
                              "most 63), not starting with pg_ or cdnrec_")
            .arg(name);
    if (role != QLatin1String("operator") && role != QLatin1String("auditor") &&
        role != QLatin1String("admin"))
        return QStringLiteral("--role operator, --role auditor or --role admin is needed");
    // An admin is an operator too (it runs stops like one) with the catalog's rights on top.
    *groups = role == QLatin1String("admin")
                  ? QStringList{QStringLiteral("cdnrec_admin"), QStringLiteral("cdnrec_operator")}
                  : QStringList{QStringLiteral("cdnrec_") + role};
    return QString();
}

// Where a user stands: whether it exists, the cdnrec groups it is in and should no longer be,
// and the groups the database does not have (an older schema).
struct Membership
{
    bool exists = false;
    QStringList others;
    QStringList missing;
};

bool readMembership(QSqlQuery &q, const QString &name, const QStringList &groups, Membership *m)
{
    q.prepare(QStringLiteral("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = ?)"));
    q.addBindValue(name);
    if (!q.exec() || !q.next())
        return false;
    m->exists = q.value(0).toBool();
    // Which cdnrec groups exist, and which of them the user is in.
    q.prepare(QStringLiteral("SELECT g.rolname, EXISTS (SELECT FROM pg_auth_members m JOIN "
                             "pg_roles r ON r.oid = m.member WHERE m.roleid = g.oid AND "
                             "r.rolname = ?) FROM pg_roles g WHERE g.rolname IN "
                             "('cdnrec_operator', 'cdnrec_auditor', 'cdnrec_admin')"));
    q.addBindValue(name);
    if (!q.exec())
        return false;
    QStringList present;
    while (q.next()) {
        present << q.value(0).toString();
        if (q.value(1).toBool() && !groups.contains(q.value(0).toString()))
            m->others << q.value(0).toString();
    }
    for (const QString &g : groups) {
        if (!present.contains(g))
            m->missing << g;
    }
    return true;
}

// Creates the user (or resets its password) in its groups and out of the others, in one
// transaction on the open connection. *did: what was done, in sentences.
TeamDatabase::Status grantUser(const QString &name, const QStringList &groups,
                               const QString &verifier, QStringList *did)
{
    QSqlDatabase db = QSqlDatabase::database(Conn, false);
    QSqlQuery q(db);
    TeamDatabase::Status failed;
    Membership m;
    if (!readMembership(q, name, groups, &m))
        return TeamDatabase::classify(q.lastError());
    if (!m.missing.isEmpty())
        return {TeamDatabase::Error::NotInitialized,
                QStringLiteral("the team database has no group role %1 yet: run cdnrec team init "
                               "with this cdnrec first (nothing was changed)")
                    .arg(m.missing.join(QStringLiteral(", ")))};
    const auto exec = [&](const QString &sql) {
        if (q.exec(sql))
            return true;
        failed = TeamDatabase::classify(q.lastError());
        return false;
    };
    bool ok = db.transaction() &&
              exec(QStringLiteral("%1 ROLE %2 LOGIN PASSWORD '%3'")
                       .arg(m.exists ? QStringLiteral("ALTER") : QStringLiteral("CREATE"),
                            ident(name), verifier));
    for (const QString &g : groups)
        ok = ok && exec(QStringLiteral("GRANT %1 TO %2").arg(g, ident(name)));
    for (const QString &g : std::as_const(m.others))
        ok = ok && exec(QStringLiteral("REVOKE %1 FROM %2").arg(g, ident(name)));
    if (!ok || !db.commit()) {
        if (failed.ok())
            failed = TeamDatabase::classify(db.lastError());
        db.rollback();
        return failed;
    }
    const QString group = groups.join(QStringLiteral(" and "));
    *did << (m.exists ? QStringLiteral("User %1 existed: its password was reset and it is now in "
                                       "%2.")
                            .arg(name, group)
                      : QStringLiteral("Created user %1 in %2.").arg(name, group));
    for (const QString &g : std::as_const(m.others))
        *did << QStringLiteral("Removed %1 from %2.").arg(name, g);
    return failed;
}

} // namespace

QString TeamCommand::readNewPassword(const QString &name, QString *verifier)
{
    QString newPassword = ProfileCommand::readSecret(
        QStringLiteral("Password for the new user %1 (not shown): ").arg(name), m_err);
    if (!newPassword.isEmpty() && isatty(STDIN_FILENO)) {
        QString again =
            ProfileCommand::readSecret(QStringLiteral("The same password again: "), m_err);
        const bool same = again == newPassword;
        again.fill(QLatin1Char('\0'));
        if (!same)
            return QStringLiteral("the two passwords differ: nothing was changed");
    }
    if (newPassword.isEmpty())
        return QStringLiteral("a password for %1 is needed (nothing was changed)").arg(name);
    // Only a SCRAM verifier reaches the server: the password is in no statement or log.
    *verifier = TeamDatabase::scramVerifier(newPassword);
    newPassword.fill(QLatin1Char('\0'));
    return QString();
}

int TeamCommand::addUser(const QStringList &arguments)
{
    QCommandLineParser p;
    ConnectionOptions o;
    if (const std::optional<int> end = parseVerb(p, o, arguments))
        return *end;
    QStringList groups;
    if (const QString why = checkNewUser(p.positionalArguments(), p.value(o.role), &groups);
        !why.isEmpty())
        return usage(why);
    const QString name = p.positionalArguments().constFirst();

    TeamConfig config;
    QString password;
    if (const int r = resolve(p, o, &config, &password, m_err); r != Ok)
        return r;
    const TeamDatabase::Status s = TeamDatabase::open(config, password, Conn);
    password.fill(QLatin1Char('\0'));
    if (!s.ok()) {
        TeamDatabase::close(Conn);
        return fail(TeamCommand::exitFor(s.error), s.message);
    }
    QString verifier;
    if (const QString why = readNewPassword(name, &verifier); !why.isEmpty()) {
        TeamDatabase::close(Conn);
        return usage(why);
    }
    QStringList did;
    const TeamDatabase::Status failed = grantUser(name, groups, verifier, &did);
    TeamDatabase::close(Conn);
    if (!failed.ok())
        return fail(TeamCommand::exitFor(failed.error), failed.message);
    for (const QString &line : did)
        m_out << line << '\n';
    TeamConfig theirs = config;
    theirs.user = name;
    m_out << "They connect with: cdnrec team connect --host " << theirs.host << " --port "
          << theirs.port << " --database " << theirs.database << " --user " << name << " --sslmode "
          << theirs.sslMode
          << (theirs.sslRootCert.isEmpty() ? QString() : QStringLiteral(" --sslrootcert CA-FILE"))
          << (theirs.verifiesServer() ? QString() : QStringLiteral(" --insecure-tls")) << '\n';
    return Ok;
}

int TeamCommand::connect(const QStringList &arguments)
{
    QCommandLineParser p;
    ConnectionOptions o;
    if (const std::optional<int> end = parseVerb(p, o, arguments))
        return *end;
    TeamConfig config;
    if (const QString why = o.toConfig(p, &config); !why.isEmpty())
        return usage(why);
    QString password;
    if (!p.isSet(o.noPassword)) {
        // The password goes only to a verified server: refused before it is even asked for.
        if (const QString why = config.passwordProblem(true); !why.isEmpty())
            return fail(Refused, why + QStringLiteral(" Nothing was saved."));
        password = ProfileCommand::readSecret(
            QStringLiteral("Password for %1 (not shown): ").arg(config.displayName()), m_err);
        if (password.isEmpty())
            return usage(QStringLiteral("no password given (a server that needs none: "
                                        "--no-password)"));
        if (!config.verifiesServer())
            m_err << "cdnrec team: warning: " << config.insecureRisk() << '\n';
    }
    const TeamDatabase::Status s = TeamDatabase::open(config, password, Conn);
    TeamDatabase::close(Conn);
    if (!s.ok()) {
        password.fill(QLatin1Char('\0'));
        return fail(TeamCommand::exitFor(s.error),
                    s.message + QStringLiteral(" Nothing was saved."));
    }
    const TeamConfig previous = TeamConfig::load();
    config.noPassword = password.isEmpty();
    config.save();
    m_out << "Connected to " << config.displayName() << "; the connection is saved.\n";
    // No keyring is touched for a server that needs no password (a machine may have none); an
    // old password of this connection must not linger where one is.
    if (password.isEmpty()) {
        if (!previous.noPassword && previous.isSet())
            SecretStore().removeNow(config.secretKey());
        return Ok;
    }
    SecretStore secrets;
    if (previous.isSet() && previous.secretKey() != config.secretKey())
        secrets.removeNow(previous.secretKey());
    const SecretStore::Result r = secrets.writeNow(config.secretKey(), password);
    password.fill(QLatin1Char('\0'));
    if (!r.ok())
        return fail(KeyringProblem,
                    QStringLiteral("the password could not be saved in the keyring (locked, "
                                   "missing or not answering): unlock it and run cdnrec team "
                                   "connect again"));
    m_out << "The password is in the keyring.\n";
    return Ok;
}

int TeamCommand::status(const QStringList &arguments)
{
    QCommandLineParser p;
    ConnectionOptions o;
    if (const std::optional<int> end = parseVerb(p, o, arguments))
        return *end;
    int code = Ok;
    if (o.given(p))
        return usage(QStringLiteral("status shows the saved connection: cdnrec team connect "
                                    "changes it"));
    const bool json = p.isSet(o.json);
    const TeamConfig config = TeamConfig::load();
    QJsonObject j;
    j.insert(QStringLiteral("configured"), config.isSet());
    TeamDatabase::Status s;
    int version = -1;
    int sentNow = 0;
    QString role;
    if (!config.isSet()) {
        s = {TeamDatabase::Error::Other,
             QStringLiteral("No team database is configured (cdnrec team connect).")};
    } else {
        j.insert(QStringLiteral("host"), config.host);
        j.insert(QStringLiteral("port"), config.port);
        j.insert(QStringLiteral("database"), config.database);
        j.insert(QStringLiteral("user"), config.user);
        j.insert(QStringLiteral("ssl_mode"), config.sslMode);
        j.insert(QStringLiteral("ssl_root_cert"), config.sslRootCert);
        // A connection saved with --no-password has no keyring entry, and works without one.
        QString password;
        const bool keyringFailed = !config.readSavedPassword(&password);
        {
            s = TeamDatabase::open(config, password, Conn);
            version = TeamDatabase::schemaVersion(Conn);
            if (s.ok()) {
                role = TeamDatabase::roleName(TeamDatabase::role(Conn));
                if (role == QLatin1String("none"))
                    role.clear();
                // What this machine has not sent yet goes first (a run is not the only sender).
                TeamDatabase::close(Conn);
                TeamSession::drain(config, password, {History::defaultPath()},
                                   TeamSession::kDrainWaitMs, &sentNow);
            }
            password.fill(QLatin1Char('\0'));
        }
        if (keyringFailed && s.error == TeamDatabase::Error::WrongPassword) {
            s = {TeamDatabase::Error::Other,
                 QStringLiteral("The password cannot be read from the keyring (locked, missing or "
                                "not answering): unlock it.")};
            code = KeyringProblem;
        }
        TeamDatabase::close(Conn);
    }
    if (code == Ok)
        code = config.isSet() ? TeamCommand::exitFor(s.error) : int(Refused);
    // What this machine has not yet sent to the team database (the outbox in the history file).
    // (No config: counted only; the drain above already sent what it could.)
    const int waiting = TeamSession::drain(TeamConfig(), QString(), {History::defaultPath()}, 0);
    j.insert(QStringLiteral("events_waiting"), waiting);
    j.insert(QStringLiteral("events_sent_now"), sentNow);
    j.insert(QStringLiteral("connected"), s.ok());
    j.insert(QStringLiteral("error"),
             code == KeyringProblem ? QStringLiteral("keyring") : TeamDatabase::errorName(s.error));
    j.insert(QStringLiteral("message"), s.message);
    j.insert(QStringLiteral("schema_version"), version);
    j.insert(QStringLiteral("known_schema_version"), TeamDatabase::knownSchemaVersion());
    j.insert(QStringLiteral("role"), role);
    if (json) {
        m_out << QJsonDocument(j).toJson(QJsonDocument::Indented);
        return code;
    }
    if (!config.isSet()) {
        m_out << "Team database: not configured (cdnrec team connect).\n";
        return code;
    }
    m_out << "Team database: " << config.displayName() << " (TLS " << config.sslMode << ")\n";
    if (s.ok())
        m_out << "State: connected" << (role.isEmpty() ? QString() : QStringLiteral(" as ") + role)
              << ", schema version " << version << '\n';
    else
        m_out << "State: not connected: " << s.message << '\n';
    if (sentNow > 0)
        m_out << "Sent " << sentNow << " event(s) that were waiting on this machine.\n";
    if (waiting < 0)
        m_out << "Events waiting to be sent from this machine: unknown (the history cannot be "
                 "read)\n";
    else
        m_out << "Events waiting to be sent from this machine: " << waiting
              << (waiting > 0 && role == QLatin1String("auditor")
                      ? " (the team database will not accept them: an auditor may not add to the "
                        "team history)"
                  : waiting > 0 && !s.ok() ? " (they go when the database is back)"
                  : waiting > 0            ? " (the team database did not take them within 5 s)"
                                           : "")
              << '\n';
    return code;
}

int TeamCommand::disconnect(const QStringList &arguments)
{
    QCommandLineParser p;
    ConnectionOptions o;
    if (const std::optional<int> end = parseVerb(p, o, arguments))
        return *end;
    const TeamConfig config = TeamConfig::load();
    if (!config.isSet()) {
        TeamConfig::clear();
        m_out << "No team database was configured.\n";
        return Ok;
    }
    SecretStore secrets;
    const SecretStore::Result r = secrets.removeNow(config.secretKey());
    TeamConfig::clear();
    m_out << "Forgot the team database " << config.displayName() << ".\n";
    // No keyring at all: no password can be in one either.
    if (r.status == SecretStore::Status::Locked || r.status == SecretStore::Status::Timeout)
        return fail(KeyringProblem,
                    QStringLiteral("its password could not be removed from the keyring (locked, "
                                   "missing or not answering): remove the entry %1 of service "
                                   "%2 by hand")
                        .arg(config.secretKey(), SecretStore::serviceName()));
    return Ok;
}

} // namespace cdnrec
