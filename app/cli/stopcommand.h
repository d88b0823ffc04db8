// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <optional>

class QTextStream;

namespace cdnrec {

class Run;

// The exit codes scripts depend on.
enum ExitCode
{
    ExitAllStopped = 0,
    ExitNotAllStopped = 1,
    ExitUsage = 2,       // usage error or invalid input: nothing was sent
    ExitCredentials = 3, // the gateway refused the credentials or the app's configuration
    ExitUnreachable = 4, // the endpoint could not be reached at all
};

// `cdnrec stop ...`, `cdnrec start ...` and `cdnrec undo RUN ...`: parses and validates the
// options, runs one Run and reports it. The three share every input, report and exit code;
// start and undo add --for / --until (when the restarted recordings end), and undo takes its
// streams (and, unless given, its vendor, endpoint and AppId) from a history run that stopped.
class StopCommand final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::StopCommand)
public:
    enum class Mode
    {
        Stop,
        Start,
        Undo
    };
    StopCommand(QTextStream &out, QTextStream &err, Mode mode = Mode::Stop);
    int run(const QStringList &arguments); // arguments[0] is the program, [1] the command

    // "90s", "45m", "6h", "1d" or a number of seconds; nothing for anything else.
    static std::optional<qint64> durationSecs(const QString &text);

private:
    void say(const QString &message); // one line on stderr, control characters neutralised
    void report(const Run &run, bool json);
    // A finite number within [min, max], or nothing (NaN, inf, 1e-300 and words are refused).
    static std::optional<double> number(const QString &text, double min, double max);
    // Empty on success; otherwise why the file gives no usable secret.
    QString readSecretFile(const QString &path, QString *secret);

    QTextStream &m_out;
    QTextStream &m_err;
    Mode m_mode;
};

} // namespace cdnrec
