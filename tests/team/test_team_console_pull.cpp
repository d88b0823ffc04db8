// SPDX-License-Identifier: GPL-3.0-or-later
// The console's pull of the team's profiles at start (issue 20 #6): a newer team copy that
// changes where a profile signs is never taken silently. The console asks, showing old -> new
// and who changed it; Keep (the default) leaves the profile as it was, Take applies it.
#include "guitest.h"
#include "mainwindow.h"
#include "pgcluster.h"
#include "prompt.h"
#include "teamtest.h"
#include "teststep.h"
#include <app/application.h>
#include <store/profilestore.h>
#include <team/teamcatalog.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>
#include <team/teamsession.h>

#include <QApplication>
#include <QMessageBox>
#include <QSettings>
#include <QSqlDatabase>
#include <QTest>
#include <QTimer>

using namespace cdnrec;

class TestTeamConsolePull : public QObject
{
    Q_OBJECT
    std::unique_ptr<test::PgCluster> m_pg;

    // A user the server trusts: no keyring in this test.
    TeamConfig config() const { return test::teamConfig(*m_pg, m_pg->adminUser()); }
    // The team's copy of Acme, published as the admin (who may change where it signs). Its
    // checks return from it only: called through TEST_STEP, as startConsole.
    void publish(const QUrl &endpoint)
    {
        Profile p;
        p.name = QStringLiteral("Acme");
        p.appId = 1234567;
        p.region = endpoint.isEmpty() ? QStringLiteral("sgp") : QString();
        p.customEndpoint = endpoint;
        p.vendor = Vendor::Tencent;
        const QString conn = QStringLiteral("publisher");
        QVERIFY(TeamDatabase::open(config(), QString(), conn).ok());
        const TeamCatalog::PublishResult r = TeamCatalog(conn).publish(p, true);
        TeamDatabase::close(conn);
        QCOMPARE(int(r.outcome), int(TeamCatalog::PublishOutcome::Published));
    }
    // A console starts, pulls, and (when asked) answers; the store as it is then.
    void startConsole(std::optional<Profile> *acme)
    {
        TeamSession::setForTesting(config(), QString());
        MainWindow window;
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.teamText().startsWith(QStringLiteral("Team: connected")),
                                 20000);
        QTest::qWait(1500); // the pull runs on a worker, then applies here
        *acme = ProfileStore().find(QStringLiteral("Acme"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("cdnrec-test"));
        QCoreApplication::setApplicationName(QStringLiteral("cdnrec-test-pull"));
        QSettings().clear();
        installTranslations(QStringLiteral("en"));
        QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
                 "the QPSQL driver (libqt6sql6-psql) is missing");
        m_pg = std::make_unique<test::PgCluster>();
        QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
        m_pg->createDatabase(QStringLiteral("cdnrec"));
        const QString conn = QStringLiteral("init");
        TeamDatabase::open(config(), QString(), conn);
        const TeamDatabase::Status m = TeamDatabase::migrate(conn);
        TeamDatabase::close(conn);
        QVERIFY2(m.ok(), qPrintable(m.message));
        config().save();
    }
    void cleanupTestCase()
    {
        TeamSession::resetForTesting();
        TeamConfig::clear();
    }

    void signingChangeIsAskedAndKeptByDefault()
    {
        TEST_STEP(publish(QUrl()));
        Prompt::setNextAnswer(false); // should anything ask now, this fails below
        std::optional<Profile> acme;
        TEST_STEP(startConsole(&acme));
        QVERIFY(acme);
        QCOMPARE(acme->region, QStringLiteral("sgp"));
        Prompt::setNextAnswer(false); // consumed only by a question; reset for the next
        const QString asked = Prompt::lastText();
        QVERIFY2(!asked.contains(QStringLiteral("Acme")), qPrintable(asked)); // nothing to ask

        // The admin points it elsewhere; the operator keeps hers (the safe default).
        TEST_STEP(publish(QUrl(QStringLiteral("https://rtc-api-fra.zego.im/"))));
        Prompt::setNextAnswer(false);
        TEST_STEP(startConsole(&acme));
        const QString question = Prompt::lastText();
        QVERIFY2(question.contains(QStringLiteral("“Acme”: AppId 1234567, region sgp")) &&
                     question.contains(QStringLiteral("→ AppId 1234567, endpoint "
                                                      "https://rtc-api-fra.zego.im/")) &&
                     question.contains(m_pg->adminUser()),
                 qPrintable(question));
        QCOMPARE(acme->region, QStringLiteral("sgp"));
        QVERIFY(acme->customEndpoint.isEmpty());
        QCOMPARE(acme->teamVersion, 1);

        // Asked again at the next start; this time taken.
        Prompt::setNextAnswer(true);
        TEST_STEP(startConsole(&acme));
        QCOMPARE(acme->customEndpoint, QUrl(QStringLiteral("https://rtc-api-fra.zego.im/")));
        QCOMPARE(acme->teamVersion, 2);
    }

    // The question as the operator sees it (offscreen): a picture for the README's reviewer.
    // Taken in every run (saved with CDNREC_SCREENSHOT_DIR set), so that it cannot break unseen.
    void questionIsReadable()
    {
        QWidget parent;
        bool shot = false;
        QTimer::singleShot(300, [&shot] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                if (auto *b = qobject_cast<QMessageBox *>(w); b && b->isVisible()) {
                    shot = test::shoot(b, QStringLiteral("team-3-signing-change"));
                    b->reject();
                }
            }
        });
        Prompt::confirm(&parent, QStringLiteral("Team profiles changed where they sign"),
                        QStringLiteral("A colleague changed where these team profiles send your "
                                       "signed calls. Take the changes only if you expected "
                                       "them:\n\n“Acme”: AppId 1234567, region sgp, production → "
                                       "AppId 1234567, endpoint https://rtc-api-fra.zego.im/, "
                                       "production (version 2, by adam at "
                                       "2026-12-07T20:31:05Z)"),
                        QStringLiteral("Take the changes"), true);
        QVERIFY(shot);
    }
};

QTEST_MAIN(TestTeamConsolePull)
#include "test_team_console_pull.moc"
