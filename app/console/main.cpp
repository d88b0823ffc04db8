// SPDX-License-Identifier: GPL-3.0-or-later
// cdnrec-console: the operator console.
#include "mainwindow.h"
#include <app/application.h>
#include <store/settings.h>
#include <team/teamdatabase.h>
#include <team/teamsession.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

bool wants(int argc, char **argv, std::initializer_list<const char *> names)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *n : names) {
            if (std::strcmp(argv[i], n) == 0)
                return true;
        }
    }
    return false;
}

// Without a display Qt aborts with a page of plugin names; say it in one line instead.
bool noDisplay(int argc, char **argv)
{
#if defined(Q_OS_LINUX)
    return qEnvironmentVariableIsEmpty("DISPLAY") &&
           qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
           qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && !wants(argc, argv, {"-platform"});
#else
    Q_UNUSED(argc)
    Q_UNUSED(argv)
    return false;
#endif
}

} // namespace

int main(int argc, char **argv)
{
    // --help and --version need no window, and no display.
    const bool infoOnly = wants(argc, argv, {"--help", "-h", "--version", "-v", "--help-all"});
    if (!infoOnly && noDisplay(argc, argv)) {
        std::fprintf(stderr, "cdnrec-console: no display (DISPLAY and WAYLAND_DISPLAY are unset): "
                             "run it from a desktop session, or under xvfb-run -a\n");
        return 1;
    }
    std::unique_ptr<QCoreApplication> app(infoOnly ? new QCoreApplication(argc, argv)
                                                   : new QApplication(argc, argv));
    cdnrec::initApplication();
    // Qt's warnings about team connections go to the team log, not raw to the terminal.
    cdnrec::TeamDatabase::installMessageFilter();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Operator console for stopping ZEGO CDN recordings."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption language(
        QStringLiteral("lang"),
        QStringLiteral("Interface language, e.g. zh_CN or en (default: the system's)."),
        QStringLiteral("CODE"));
    const QCommandLineOption selfCheck(
        QStringLiteral("self-check"),
        QStringLiteral("Open the main window, then exit 0 (for install tests)."));
    parser.addOptions({language, selfCheck});
    parser.process(*app);

    QGuiApplication::setApplicationDisplayName(QStringLiteral("cdnrec"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.cdnrec.Console"));
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.png")));
    // --lang is remembered, as View ▸ Language is.
    if (parser.isSet(language))
        cdnrec::Settings::setLanguage(parser.value(language));
    cdnrec::installTranslations(cdnrec::Settings::language());

    cdnrec::MainWindow window;
    window.show();
    // After the first paint: a run that a crash or a kill cut short is offered for loading.
    if (!parser.isSet(selfCheck))
        QTimer::singleShot(0, &window, &cdnrec::MainWindow::offerInterruptedRun);
    if (parser.isSet(selfCheck)) {
        QTimer::singleShot(0, &window, [&window] {
            const bool shown = window.isVisible();
            window.close();
            QCoreApplication::exit(shown && !window.isVisible() ? 0 : 1);
        });
    }
    const int code = app->exec();
    // Team mode: the sync and the budget stop before the application does (nothing waits: what
    // is not sent yet goes with the next start).
    cdnrec::TeamSession::shutdown(0);
    return code;
}
