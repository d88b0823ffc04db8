// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "streamscommand.h"
#include <model/profile.h>

#include <QCoreApplication>
#include <QStringList>

#include <optional>

class QTextStream;

namespace cdnrec {

class Run;
class RunReporter;
struct PlannedRun;
struct RunPlan;

// The exit codes scripts depend on.
enum ExitCode
{
    ExitAllStopped = 0,
    ExitNotAllStopped = 1,
    ExitUsage = 2,       // usage error or invalid input: nothing was sent
    ExitCredentials = 3, // the gateway refused the credentials or the app's configuration
    ExitUnreachable = 4, // the endpoint could not be reached at all
};

// `cdnrec stop ...`, `cdnrec start ...` and `cdnrec undo RUN ...`: an action on streams. Parses
// the options, has RunPlanner plan the run (the rules live there), runs one Run and hands it to
// RunReporter. The three share every input, report and exit code; start and undo add --for /
// --until (when the restarted recordings end), and undo takes its streams (and, unless given,
// its vendor, endpoint and AppId) from a history run that stopped.
class ActionCommand final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::ActionCommand)
public:
    enum class Mode
    {
        Stop,
        Start,
        Undo
    };
    ActionCommand(QTextStream &out, QTextStream &err, Mode mode = Mode::Stop);
    int run(const QStringList &arguments); // arguments[0] is the program, [1] the command

    // "90s", "45m", "6h", "1d" or a number of seconds; nothing for anything else.
    static std::optional<qint64> durationSecs(const QString &text);
    // The ServerSecret: secretFile (empty: none; a file or a pipe), else the environment
    // variable CDNREC_SERVER_SECRET, else the profile's keyring entry. Empty on success;
    // otherwise why there is none (profileNote: why the profile's entry is not used).
    static QString findSecret(const QString &secretFile, const std::optional<Profile> &profile,
                              const QString &profileNote, RunReporter &reporter, QString *secret);
    // Whether a person can be asked: standard input and standard error are terminals.
    // A second undo of one run: asks on the terminal whether to restart again.
    bool confirmedAgain(const QString &problem) const;
    static bool onTerminal();

private:
    struct Options;
    // Each step of planning returns why it cannot go on (a usage error), or nothing.
    QString checkArguments(const Options &o) const;
    QString planTarget(const Options &o, PlannedRun *planned) const;
    QString planPace(const Options &o, bool fromProfile, RunPlan &plan) const;
    QString readStreams(const Options &o, RunPlan &plan) const;
    QString planEnd(const Options &o, RunPlan &plan) const;
    // Prepares, then a dry run or the real one; the exit code. secret: found already (stop
    // --room), else found here.
    int send(const Options &o, const PlannedRun &planned, QString secret = QString());
    // stop --room: lists the rooms, adds their streams to the plan (each with its room), asks
    // on a terminal, then sends; the exit code.
    int stopByRoom(const Options &o, PlannedRun &planned);
    // The rooms' streams into the plan's items and rooms; how many were listed.
    static int addRoomStreams(const StreamsCommand::Listed &listed, RunPlan &plan);
    // Asks on the terminal; true for y or yes.
    bool confirmed(int sendable);
    // The JSON report of a run that stopped nothing (the same document as stop's).
    void emptyReport();
    int execute(Run &run, RunReporter &reporter, bool json);
    // Says why Run::check() or prepare() refused; the exit code.
    static int refused(const Run &run, RunReporter &reporter);
    // The secret: --secret-file, else the environment, else the profile's keyring entry.
    QString findSecret(const Options &o, const PlannedRun &planned, RunReporter &reporter,
                       QString *secret) const;
    // Empty on success; otherwise why the file gives no usable secret.
    static QString readSecretFile(const QString &path, RunReporter &reporter, QString *secret);
    // Why a secret from source (a file, the environment) cannot be a ServerSecret: too large,
    // control characters, too short to redact; empty when it can (or is empty).
    static QString secretProblem(const QByteArray &secret, const QString &source);
    // A finite number within [min, max], or nothing (NaN, inf, 1e-300 and words are refused).
    static std::optional<double> number(const QString &text, double min, double max);

    QTextStream &m_out;
    QTextStream &m_err;
    Mode m_mode;
};

} // namespace cdnrec
