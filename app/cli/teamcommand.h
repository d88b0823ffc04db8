// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <team/teamconfig.h>
#include <team/teamdatabase.h>

#include <QCommandLineOption>
#include <QStringList>

#include <optional>

class QCommandLineParser;
class QTextStream;

namespace cdnrec {

// `cdnrec team init | add-user | connect | status | disconnect` (and, dispatched from here, the
// verbs other parts of team mode add). English only, like the rest of the CLI's own words; the
// sentences from the core (TeamDatabase) may be translated.
class TeamCommand final
{
public:
    enum Exit
    {
        Ok = 0,
        Usage = 2,
        Refused = 3,        // refused or not configured: password, certificate, rights, schema
        Unreachable = 4,    // the server cannot be reached (or did not answer in time)
        KeyringProblem = 5, // the password could not be read from or saved in the keyring
    };
    // The exit code of a team database's answer: Ok, Unreachable, or Refused.
    static int exitFor(TeamDatabase::Error error);
    // The arguments after `team VERB`, whether handed the whole command line (main: [argv0,
    // "team", VERB, ...]), ["team", VERB, ...] or [VERB, ...].
    static QStringList argumentsAfter(const QStringList &arguments, QLatin1String verb);
    // The sentence for a saved password the keyring would not give.
    static QString keyringSentence(const TeamConfig &config);

    // The options every verb that connects understands (init, add-user, connect, budget).
    struct ConnectionOptions
    {
        ConnectionOptions();
        QCommandLineOption host, port, database, user, sslMode, sslRootCert, noPassword,
            insecureTls, json, role;
        void addTo(QCommandLineParser &p) const;
        // A connection is given on the command line (not the saved one).
        bool given(const QCommandLineParser &p) const;
        // The config from the options (unset ones at their defaults); "" or what is wrong.
        QString toConfig(const QCommandLineParser &p, TeamConfig *c) const;
    };
    // The connection of an admin's verb: the options, or else the saved one (its password from
    // the keyring unless --no-password: then no keyring is touched). Ok, or the exit code after
    // saying why on err (each line after prefix).
    static int resolve(const QCommandLineParser &p, const ConnectionOptions &o, TeamConfig *config,
                       QString *password, QTextStream &err,
                       const QString &prefix = QStringLiteral("cdnrec team: "));

    // The connection `cdnrec team connect` saved, opened for one command with its password from
    // the keyring, and closed when this goes: every team verb that works on the saved database.
    class SavedConnection final
    {
    public:
        explicit SavedConnection(const QString &connectionName);
        ~SavedConnection();
        SavedConnection(const SavedConnection &) = delete;
        SavedConnection &operator=(const SavedConnection &) = delete;
        int exitCode() const { return m_code; } // Ok: open
        QString problem() const { return m_problem; }
        const TeamConfig &config() const { return m_config; }

    private:
        QString m_name;
        TeamConfig m_config;
        int m_code = Ok;
        QString m_problem;
    };

    TeamCommand(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments); // [0] program, [1] "team", [2] verb, ...

    static QString help();

private:
    int usage(const QString &message);
    int fail(int code, const QString &message);
    // Parses a verb's options into p: the exit code when the verb should end here (--help, or
    // a usage error, said), nothing when it goes on.
    std::optional<int> parseVerb(QCommandLineParser &p, const ConnectionOptions &o,
                                 const QStringList &arguments);
    int init(const QStringList &args);
    int addUser(const QStringList &args);
    // The new user's password, asked twice on a terminal: its SCRAM verifier, or why not.
    QString readNewPassword(const QString &name, QString *verifier);
    int connect(const QStringList &args);
    int status(const QStringList &args);
    int disconnect(const QStringList &args);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cdnrec
