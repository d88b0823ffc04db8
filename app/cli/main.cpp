// SPDX-License-Identifier: GPL-3.0-or-later
// cdnrec: the command-line front end. Same engine as the console.
#include "stopcommand.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cdnrec"));
    QCoreApplication::setApplicationVersion(QStringLiteral(APP_VERSION));

    // The CLI reports through its own output; engine logging only when QT_LOGGING_RULES asks.
    QLoggingCategory::setFilterRules(QStringLiteral("cdnrec.*=false"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList args = QCoreApplication::arguments();
    const QString command = args.value(1);
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        out << "cdnrec " << APP_VERSION << '\n';
        return 0;
    }
    if (command == QLatin1String("stop"))
        return cdnrec::StopCommand(out, err).run(args);
    const QString help = QStringLiteral(
        "Usage: cdnrec COMMAND [options]\n"
        "Stop ZEGO CDN recordings from scripts.\n\n"
        "Commands:\n"
        "  stop       stop the CDN recording of streams (cdnrec stop --help)\n\n"
        "Options:\n"
        "  --version  print the version\n"
        "  --help     print this help\n\n"
        "Exit codes: 0 every stream stopped, 1 some stream not stopped, 2 usage error (nothing\n"
        "sent), 3 credentials or configuration refused, 4 endpoint unreachable.\n");
    if (command == QLatin1String("--help") || command == QLatin1String("-h")) {
        out << help;
        return 0;
    }
    err << (command.isEmpty() ? QStringLiteral("cdnrec: a command is needed\n")
                              : QStringLiteral("cdnrec: unknown command '%1'\n").arg(command))
        << help;
    return 2;
}
