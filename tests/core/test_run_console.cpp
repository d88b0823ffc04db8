// SPDX-License-Identifier: GPL-3.0-or-later
// Run::prepare in a GUI process (the console): it never makes the team session itself, since
// making it reads the team password from the keyring and waits for it on the GUI thread.
#include <app/run.h>
#include <app/runplanner.h>
#include <store/settings.h>
#include <team/teamsession.h>

#include <QGuiApplication>
#include <QTest>

using namespace cdnrec;

class TestRunConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup()
    {
        Settings::remove(Settings::Key::TeamHost);
        Settings::remove(Settings::Key::TeamUser);
        TeamSession::resetForTesting();
    }

    void aTeamRunBeforeTheSessionStartsIsRefused()
    {
        // Team mode is configured (a port nobody listens on), its session not started yet.
        QVERIFY(qobject_cast<QGuiApplication *>(QCoreApplication::instance()));
        Settings::setValue(Settings::Key::TeamHost, QStringLiteral("127.0.0.1"));
        Settings::setValue(Settings::Key::TeamUser, QStringLiteral("operator"));
        QVERIFY(TeamConfig::load().isSet());
        QVERIFY(!TeamSession::exists());
        RunPlan plan;
        plan.target.endpoint = QUrl(QStringLiteral("http://127.0.0.1:9/"));
        plan.target.appId = 1234567890;
        plan.target.secret = QStringLiteral("run-console-secret-0123456789abcd");
        plan.items = RunPlanner::itemsFor({QStringLiteral("team-starting-1")});
        plan.record = false;
        Run run(plan);
        QVERIFY(!run.prepare());
        QCOMPARE(run.refusal(), Run::Refusal::TeamStarting);
        QVERIFY2(run.problem().contains(QStringLiteral("nothing was sent")),
                 qPrintable(run.problem()));
        // No session was made, so no keyring was read on this (the GUI) thread.
        QVERIFY(!TeamSession::exists());
    }

    void withoutTeamModeNothingChanges()
    {
        RunPlan plan;
        plan.target.endpoint = QUrl(QStringLiteral("http://127.0.0.1:9/"));
        plan.target.appId = 1234567890;
        plan.target.secret = QStringLiteral("run-console-secret-0123456789abcd");
        plan.items = RunPlanner::itemsFor({QStringLiteral("no-team-1")});
        plan.record = false;
        Run run(plan);
        QVERIFY2(run.prepare(), qPrintable(run.problem()));
        QVERIFY(!TeamSession::exists());
    }
};

QTEST_MAIN(TestRunConsole)
#include "test_run_console.moc"
