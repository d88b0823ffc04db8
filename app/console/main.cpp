// SPDX-License-Identifier: GPL-3.0-or-later
// cdnrec-console: the operator console.
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("cdnrec"));
    QCoreApplication::setApplicationName(QStringLiteral("cdnrec"));
    QCoreApplication::setApplicationVersion(QStringLiteral(APP_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("cdnrec"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.cdnrec.Console"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Operator console for stopping ZEGO CDN recordings."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption language(QStringLiteral("lang"), QStringLiteral("Interface language, e.g. zh_CN or en (default: the system's)."), QStringLiteral("CODE"));
    const QCommandLineOption selfCheck(QStringLiteral("self-check"), QStringLiteral("Open the main window, then exit 0 (for install tests)."));
    parser.addOptions({language, selfCheck});
    parser.process(app);

    const QString lang = parser.isSet(language)
                             ? parser.value(language)
                             : QSettings().value(QStringLiteral("console/language")).toString();
    cdnrec::MainWindow::installLanguage(lang);

    cdnrec::MainWindow window;
    window.show();
    if (parser.isSet(selfCheck)) {
        QTimer::singleShot(0, &app, [&window] {
            window.close();
            QCoreApplication::exit(window.isVisible() ? 1 : 0);
        });
    }
    return app.exec();
}
