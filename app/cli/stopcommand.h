// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace cdnrec {

// The exit codes scripts depend on.
enum ExitCode {
    ExitAllStopped = 0,
    ExitNotAllStopped = 1,
    ExitUsage = 2,        // usage error or invalid input: nothing was sent
    ExitCredentials = 3,  // the gateway refused the credentials or the app's configuration
    ExitUnreachable = 4,  // the endpoint could not be reached at all
};

// `cdnrec stop ...`: parses, validates, runs one StopJob and reports.
class StopCommand final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::StopCommand)
public:
    StopCommand(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments); // arguments[0] is the program, [1] "stop"

private:
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cdnrec
