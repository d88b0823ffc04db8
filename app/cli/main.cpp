// SPDX-License-Identifier: GPL-3.0-or-later
// cdnrec: the command-line front end. Same engine as the console.
#include "actioncommand.h"
#include "historycommand.h"
#include "profilecommand.h"
#include "streamscommand.h"
#include "teamcommand.h"
#include <app/application.h>
#include <team/teamdatabase.h>
#include <team/teamsession.h>

#include <QCoreApplication>
#include <QFileDevice>
#include <QLoggingCategory>
#include <QTextStream>

#include <csignal>
#include <cstdio>

namespace {

// The exit code when a command's output did not reach standard output.
constexpr int kOutputLost = 6;

int runCommand(QTextStream &out, QTextStream &err, const QStringList &args)
{
    const QString command = args.value(1);
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        out << "cdnrec " << APP_VERSION << '\n';
        return 0;
    }
    if (command == QLatin1String("stop") || command == QLatin1String("start") ||
        command == QLatin1String("undo")) {
        using Mode = cdnrec::ActionCommand::Mode;
        const Mode mode = command == QLatin1String("stop")    ? Mode::Stop
                          : command == QLatin1String("start") ? Mode::Start
                                                              : Mode::Undo;
        const int code = cdnrec::ActionCommand(out, err, mode).run(args);
        // Team mode: this run's events go to the team database before the exit (a few seconds at
        // most); what cannot go now waits in this computer's history for the next start.
        // Always said when any wait, also when the database hung (then counted in the outbox).
        if (cdnrec::TeamSession::exists()) {
            QString waiting;
            cdnrec::TeamSession::shutdown(cdnrec::TeamSession::kExitWaitMs, &waiting);
            if (!waiting.isEmpty())
                err << "cdnrec: " << waiting << '\n';
        }
        return code;
    }
    if (command == QLatin1String("streams"))
        return cdnrec::StreamsCommand(out, err).run(args);
    if (command == QLatin1String("profile"))
        return cdnrec::ProfileCommand(out, err).run(args);
    if (command == QLatin1String("history"))
        return cdnrec::HistoryCommand(out, err).run(args);
    if (command == QLatin1String("team"))
        return cdnrec::TeamCommand(out, err).run(args);
    const QString help = QStringLiteral(
        "Usage: cdnrec COMMAND [options]\n"
        "Stop ZEGO CDN recordings from scripts.\n\n"
        "Commands:\n"
        "  stop       stop the CDN recording of streams (cdnrec stop --help); --room ROOM\n"
        "             stops the streams a room publishes now (asks first; --yes for scripts)\n"
        "  start      restart the CDN recording of streams, --for 6h | --until TIME\n"
        "             (default 24 h), with the inputs of stop (cdnrec start --help)\n"
        "  undo RUN   restart exactly the streams that history run RUN stopped\n"
        "  streams    --room ROOM [--room ...] [--json]: the streams each room publishes now\n"
        "  profile    list | show NAME | add NAME --app-id N [--region R | --endpoint URL]\n"
        "             [--vendor V] [--test-env] [--rate R] [--batch-size N] [--label L]\n"
        "             | edit NAME [... --name NEW --new-secret] | remove NAME\n"
        "             | export [FILE] | import FILE\n"
        "             The secret is read from the terminal without echo, or from standard input.\n"
        "  history    [--stream ID] [--profile NAME] [--since DATE] [--until DATE]\n"
        "             [--status S] [--run ID] [--json] [--check]: who stopped what, when, and the "
        "answers\n"
        "             [--scope mine|team] [--operator NAME] [--app-id N]: the team's history\n"
        "  team       connect | status | disconnect: the team database (PostgreSQL) a support\n"
        "             team shares; init | add-user for its admin (cdnrec team --help);\n"
        "             budget [APPID RATE]: the team's calls/s per AppId;\n"
        "             profile publish NAME | retire NAME | list | pull: the team's profiles\n"
        "             (no secrets)\n\n"
        "Options:\n"
        "  --version  print the version\n"
        "  --help     print this help\n\n"
        "Exit codes of stop, start and undo: 0 every stream stopped (started), 1 some stream\n"
        "not stopped (started), 2 usage error\n"
        "(nothing sent), 3 credentials or configuration refused (in team mode also: this\n"
        "login may not send, an auditor; nothing sent), 4 endpoint unreachable.\n"
        "Exit codes of streams: 0 every room listed, 1 some room not listed, 2 usage error,\n"
        "3 credentials refused, 4 endpoint unreachable.\n"
        "Exit codes of profile: 0 done, 2 usage error, 5 the keyring could not be used.\n"
        "Exit codes of team: 0 done (status: connected), 2 usage error, 3 refused or not\n"
        "configured, 4 the team database cannot be reached, 5 the keyring could not be used.\n"
        "Any command: 6 its output could not be written to standard output (a full disk, a\n"
        "closed pipe); what a stop or start did is in the history.\n");
    if (command == QLatin1String("--help") || command == QLatin1String("-h")) {
        out << help;
        return 0;
    }
    err << (command.isEmpty() ? QStringLiteral("cdnrec: a command is needed\n")
                              : QStringLiteral("cdnrec: unknown command '%1'\n").arg(command))
        << help;
    return 2;
}

// Whatever a command wrote must have reached standard output: a script that reads a report from a
// full disk or a closed pipe is told, never left with a silent exit 0.
int withOutputChecked(QTextStream &out, QTextStream &err, int code)
{
    out.flush();
    const auto *device = qobject_cast<const QFileDevice *>(out.device());
    const bool lost = out.status() != QTextStream::Ok ||
                      (device && device->error() != QFileDevice::NoError) ||
                      std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
    if (!lost)
        return code;
    err << "cdnrec: could not write the output to standard output (a full disk or a closed "
           "pipe?)\n";
    err.flush();
    return code == 0 ? kOutputLost : code;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    cdnrec::initApplication(); // the same settings, profiles and history as the console
    // Qt's warnings about team connections go to the team log, not raw to the terminal.
    cdnrec::TeamDatabase::installMessageFilter();

    // The CLI reports through its own output; engine logging only when QT_LOGGING_RULES asks.
    QLoggingCategory::setFilterRules(QStringLiteral("cdnrec.*=false"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    // A closed pipe is a failed write, said, not a silent death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    const int code = runCommand(out, err, QCoreApplication::arguments());
    return withOutputChecked(out, err, code);
}
