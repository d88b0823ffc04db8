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

// `cdnrec stop ...`: parses and validates the options, runs one Run and reports it.
class StopCommand final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::StopCommand)
public:
    StopCommand(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments); // arguments[0] is the program, [1] "stop"

private:
    void say(const QString &message); // one line on stderr, control characters neutralised
    void report(const Run &run, bool json);
    // A finite number within [min, max], or nothing (NaN, inf, 1e-300 and words are refused).
    static std::optional<double> number(const QString &text, double min, double max);
    // Empty on success; otherwise why the file gives no usable secret.
    QString readSecretFile(const QString &path, QString *secret);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cdnrec
