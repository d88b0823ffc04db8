// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <team/teamconfig.h>

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

class QSqlDatabase;
class QSqlError;

namespace cdnrec {

// The team database (PostgreSQL through QtSql's QPSQL driver): opening a connection with bounded
// waits, telling the operator in one sentence what went wrong, and the schema migrations of
// `cdnrec team init`. Static helpers: a QSqlDatabase belongs to the thread that opened it, so
// each thread opens its own named connection.
class TeamDatabase final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::TeamDatabase)
public:
    enum class Error
    {
        None,
        DriverMissing,  // no QPSQL driver (libqt6sql6-psql)
        WrongPassword,  // the server refused the user or its password
        Unreachable,    // refused, timed out, host unknown, connection lost, too slow
        Certificate,    // TLS: unknown CA, name mismatch, no TLS on the server, CA file missing
        NotInitialized, // no schema (or an older one, or no such database): `cdnrec team init`
        NewerSchema,    // written by a newer cdnrec: refuse to write
        NoRights,       // the role may not do this
        Other,
    };

    struct Status
    {
        Error error = Error::None;
        QString message; // one sentence for the operator; never the password
        bool ok() const { return error == Error::None; }
    };

    // Seconds libpq waits for a connection; statements of a normal session are cancelled after
    // StatementTimeoutMs; keepalives notice a dead peer within ~25 s.
    static constexpr int ConnectTimeoutS = 5;
    static constexpr int StatementTimeoutMs = 15000;

    // Opens (or reuses, after a check that it is alive) the named connection on the calling
    // thread and checks the schema version. When the server accepted the login but the schema is
    // missing, older, newer or unreadable (NotInitialized, NewerSchema, NoRights), the connection
    // stays open so that migrate() can use it; close() it in every case when done.
    static Status open(const TeamConfig &config, const QString &password,
                       const QString &connectionName);
    static void close(const QString &connectionName);
    // Front ends call it once at start: Qt's "removeDatabase: connection 'cdnrec-…' is still in
    // use" warning about a team connection goes to the team log (cdnrec.core.team.db), never raw
    // to the terminal. (The server's notices are routed there by open() itself.)
    static void installMessageFilter();
    static Status classify(const QSqlError &error); // one operator sentence per Error
    static QString errorName(Error error);          // "wrong-password"... (for --json)

    // The highest migration this program carries (:/cdnrec/team/migrations/NNN_name.sql).
    static int knownSchemaVersion();
    // The database's version (0: none); -1 with *status set when it cannot be read.
    static int schemaVersion(const QString &connectionName, Status *status = nullptr);
    // Applies every migration above the database's version, in order, each in one transaction,
    // serialised between concurrent callers. *applied: the "NNN_name" of each one applied.
    static Status migrate(const QString &connectionName, QStringList *applied = nullptr);

    // What the login may do in team mode, from its group roles (checked before anything is
    // sent: an auditor's run would be refused by the database event by event, for ever).
    enum class Role
    {
        Unknown,  // not asked yet, or the database did not answer
        None,     // in no cdnrec group
        Auditor,  // may read the team history, never add to it
        Operator, // may add to it (cdnrec_operator)
        Admin,    // cdnrec_admin and cdnrec_operator
        Owner,    // a superuser or the schema's owner (the admin who ran team init)
    };
    // May this role's runs write team events (and so send calls in team mode)?
    static bool maySend(Role role)
    {
        return role == Role::Operator || role == Role::Admin || role == Role::Owner;
    }
    // The role of the session's login on an open connection; Unknown with *status on failure.
    static Role role(const QString &connectionName, Status *status = nullptr);
    static QString roleName(Role role); // "operator", "auditor", "admin", "none"; "" unknown
    static constexpr int RoleReadDeadlineMs = 3000;

    // libpq's options for this config (channel_binding=require with a password over TLS).
    static QString connectOptions(const TeamConfig &config, bool withPassword);

    // Who and where, as every team row records them: LocalUser's (model/localuser.h), the one
    // source the local history shares. Kept for teamjournal.cpp, which still calls these.
    static QString osUser();
    static QString hostName();

    // A SCRAM-SHA-256 verifier for a role's password, so that CREATE/ALTER ROLE never carries
    // (nor the server's statement log ever shows) the password itself.
    static QString scramVerifier(const QString &password);

private:
    static Status classify(const QSqlError &error, const TeamConfig *config);
};

// Bounds a blocking read on a connection by the client's own clock. statement_timeout is the
// server's to enforce and keepalives see only a dead peer: a server that takes a query and
// never answers, while keeping TCP alive, would block libpq for ever. When `ms` pass before
// this is destroyed, the connection's socket is shut down, so the read fails ("server closed
// the connection unexpectedly") and the caller says so; the connection is then reopened as
// after a network fault.
class TeamReadDeadline final
{
    Q_DISABLE_COPY_MOVE(TeamReadDeadline)
public:
    static constexpr int DefaultMs = TeamDatabase::StatementTimeoutMs + 5000;
    explicit TeamReadDeadline(const QString &connectionName, int ms = DefaultMs);
    ~TeamReadDeadline();
    bool fired() const { return m_fired; }

private:
    std::mutex m_mutex;
    std::condition_variable m_done;
    bool m_finished = false;
    std::atomic<bool> m_fired{false};
    std::thread m_thread;
};

} // namespace cdnrec
