// SPDX-License-Identifier: GPL-3.0-or-later
// `cdnrec team budget [APPID RATE]` in-process (runTeamBudget), against a real server and with a
// real keyring around it (tests/keyring/with-keyring.sh): the admin sets, everyone lists, an
// operator is refused, nonsense is refused before connecting.
#include "cliprocess.h"
#include "pgcluster.h"
#include "teambudgetcommand.h"
#include <store/secretstore.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTextStream>

#include <memory>

using namespace cdnrec;

class TestTeamBudgetCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("cdnrec-test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_teambudgetcommand"));
        m_pg = std::make_unique<test::PgCluster>();
        QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
        m_pg->createDatabase(db());
        const QString conn = QStringLiteral("budget-init");
        TeamDatabase::Status s = TeamDatabase::open(adminConfig(), QString(), conn);
        if (s.error == TeamDatabase::Error::NotInitialized || s.ok())
            s = TeamDatabase::migrate(conn);
        TeamDatabase::close(conn);
        QVERIFY2(s.ok(), qPrintable(s.message));
        m_pg->psql(
            QStringLiteral("INSERT INTO cdnrec_budgets (app_id, rate) VALUES (1234567890, 20)"),
            db());
        m_pg->createRole(QStringLiteral("olga"), QStringLiteral("olga-pw"),
                         QStringLiteral("cdnrec_operator"));
    }

    void notConfigured()
    {
        TeamConfig::clear();
        QString o, e;
        QTextStream out(&o), err(&e);
        QCOMPARE(runTeamBudget({}, out, err), 3);
        QVERIFY2(e.contains(QStringLiteral("cdnrec team connect")), qPrintable(e));
    }

    void budgetCommandSetsAndLists()
    {
        adminConfig().save();
        QString o, e;
        QTextStream out(&o), err(&e);
        QCOMPARE(runTeamBudget(
                     {QStringLiteral("budget"), QStringLiteral("987654"), QStringLiteral("12.5")},
                     out, err),
                 0);
        QVERIFY2(o.contains(QStringLiteral("budget 12.5 calls/s (was 10)")), qPrintable(o + e));
        QCOMPARE(m_pg->psql(QStringLiteral("SELECT rate FROM cdnrec_budgets WHERE app_id = 987654"),
                            db()),
                 QStringLiteral("12.5"));
        // A live job shows under its AppId, with its share.
        m_pg->psql(QStringLiteral("INSERT INTO cdnrec_budget_leases (lease_id, app_id, os_user, "
                                  "host, pid, wanted, granted) VALUES (gen_random_uuid(), 987654, "
                                  "'carol', 'desk7', 4242, 20, 12.5)"),
                   db());
        o.clear();
        QCOMPARE(runTeamBudget({}, out, err), 0);
        QVERIFY2(o.contains(QStringLiteral("AppId 987654: 12.5 calls/s (set by admin")),
                 qPrintable(o));
        QVERIFY2(o.contains(QStringLiteral("carol@desk7 pid 4242: 12.5 of 20 calls/s")),
                 qPrintable(o));
        QVERIFY2(o.contains(QStringLiteral("AppId 1234567890: 20 calls/s")), qPrintable(o));
        o.clear();
        QCOMPARE(runTeamBudget({QStringLiteral("--json")}, out, err), 0);
        const QJsonObject json = QJsonDocument::fromJson(o.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("jobs")).toArray().size(), 1);
        QCOMPARE(json.value(QStringLiteral("budgets")).toArray().size(), 2);
    }

    void hostileJobIsShownEscaped()
    {
        // Any operator's process writes its own lease row, OS user and host included: a
        // terminal escape there is shown as text on a colleague's terminal, never obeyed.
        adminConfig().save();
        m_pg->psql(QStringLiteral("INSERT INTO cdnrec_budget_leases (lease_id, app_id, os_user, "
                                  "host, pid, wanted, granted) VALUES (gen_random_uuid(), 987655, "
                                  "E'mal\\x1b]0;pwned\\x07', E'pc\\x1b[2J', 1, 5, 5)"),
                   db());
        QString o, e;
        QTextStream out(&o), err(&e);
        QCOMPARE(runTeamBudget({}, out, err), 0);
        out.flush();
        QVERIFY2(o.contains(QStringLiteral("mal\\x1b]0;pwned\\x07@pc\\x1b[2J pid 1")),
                 qPrintable(o));
        QVERIFY(!o.contains(QChar(0x1b)) && !o.contains(QChar(0x07)));
        m_pg->psql(QStringLiteral("DELETE FROM cdnrec_budget_leases WHERE app_id = 987655"), db());
    }

    void budgetCommandRefuses_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("above ZEGO's 20")
            << QStringList{QStringLiteral("987654"), QStringLiteral("21")};
        QTest::newRow("zero") << QStringList{QStringLiteral("987654"), QStringLiteral("0")};
        QTest::newRow("negative") << QStringList{QStringLiteral("987654"), QStringLiteral("-3")};
        QTest::newRow("not a number")
            << QStringList{QStringLiteral("987654"), QStringLiteral("fast")};
        QTest::newRow("NaN") << QStringList{QStringLiteral("987654"), QStringLiteral("nan")};
        QTest::newRow("AppId too large")
            << QStringList{QStringLiteral("4294967296"), QStringLiteral("5")};
        QTest::newRow("AppId not a number")
            << QStringList{QStringLiteral("abc"), QStringLiteral("5")};
        QTest::newRow("no rate") << QStringList{QStringLiteral("987654")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--fast")};
    }
    void budgetCommandRefuses()
    {
        QFETCH(QStringList, args);
        adminConfig().save();
        const QString before =
            m_pg->psql(QStringLiteral("SELECT count(*), sum(rate) FROM cdnrec_budgets"), db());
        QString o, e;
        QTextStream out(&o), err(&e);
        QCOMPARE(runTeamBudget(args, out, err), 2);
        QVERIFY(!e.isEmpty());
        QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*), sum(rate) FROM cdnrec_budgets"), db()),
                 before);
    }

    // The real binary: main hands runTeamBudget [argv0, "team", "budget", ...], which it took
    // for a usage error (exit 2) whatever followed.
    void binaryListsAndSets()
    {
        const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const auto cli = [&env](const QStringList &args) {
            return test::runCli(QStringLiteral(CDNREC_CLI),
                                QStringList{QStringLiteral("team")} + args, env);
        };
        test::CliResult r =
            cli({QStringLiteral("connect"), QStringLiteral("--host"), m_pg->host(),
                 QStringLiteral("--port"), QString::number(m_pg->port()), QStringLiteral("--user"),
                 m_pg->adminUser(), QStringLiteral("--sslmode"), QStringLiteral("disable"),
                 QStringLiteral("--no-password")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = cli({QStringLiteral("budget")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("AppId 1234567890: 20 calls/s"), r.out.constData());
        r = cli({QStringLiteral("budget"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.json().value(QStringLiteral("budgets")).isArray());
        r = cli({QStringLiteral("budget"), QStringLiteral("987657"), QStringLiteral("6.5")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("AppId 987657: budget 6.5 calls/s (was 10)"), r.out.constData());
        QCOMPARE(m_pg->psql(QStringLiteral("SELECT rate FROM cdnrec_budgets WHERE app_id = 987657"),
                            db()),
                 QStringLiteral("6.5"));
        r = cli({QStringLiteral("budget"), QStringLiteral("987657")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("give an AppId and a rate"), r.err.constData());
        r = cli({QStringLiteral("disconnect")});
        QCOMPARE(r.exitCode, 0);
    }

    // Rows an operator may write that no job did: NaN, Infinity, 1e308, times in the future or
    // infinite. They were listed as jobs ("inf of inf calls/s", "running -3155673600 s"), and one
    // heartbeat_at = 'infinity' failed the whole listing.
    void implausibleRowsAreMarked()
    {
        adminConfig().save();
        m_pg->psql(
            QStringLiteral(
                "INSERT INTO cdnrec_budget_leases (lease_id, app_id, os_user, host, pid, wanted, "
                "granted, heartbeat_at, started_at) VALUES "
                "(gen_random_uuid(), 987658, 'nan', 'h', 1, 'NaN', 'NaN', now(), now()), "
                "(gen_random_uuid(), 987658, 'inf', 'h', 2, 'Infinity', 'Infinity', now(), "
                "now() - interval '200 years'), "
                "(gen_random_uuid(), 987658, 'huge', 'h', 3, 1e308, 1e308, now(), now()), "
                "(gen_random_uuid(), 987658, 'future', 'h', 4, 5, 5, now() + interval '100 "
                "years', now() + interval '100 years'), "
                "(gen_random_uuid(), 987658, 'infinite', 'h', 5, 0, 0, 'infinity', 'infinity'), "
                "(gen_random_uuid(), 987658, 'carol', 'desk7', 6, 20, 7.5, now(), now())"),
            db());
        QString o, e;
        QTextStream out(&o), err(&e);
        QCOMPARE(runTeamBudget({}, out, err), 0);
        out.flush();
        err.flush();
        QVERIFY2(e.isEmpty(), qPrintable(e));
        QVERIFY2(o.contains(QStringLiteral("carol@desk7 pid 6: 7.5 of 20 calls/s")), qPrintable(o));
        for (const char *name : {"nan", "inf", "huge", "future", "infinite"})
            QVERIFY2(o.contains(QStringLiteral("implausible row, not a running job (ignored by the "
                                               "budget): %1@h pid")
                                    .arg(QLatin1String(name))),
                     qPrintable(o));
        QVERIFY2(!o.contains(QStringLiteral("inf of")) && !o.contains(QStringLiteral("nan of")) &&
                     !o.contains(QStringLiteral("1e+308")) &&
                     !o.contains(QStringLiteral("running -")),
                 qPrintable(o));
        o.clear();
        QCOMPARE(runTeamBudget({QStringLiteral("--json")}, out, err), 0);
        out.flush();
        const QJsonObject json = QJsonDocument::fromJson(o.toUtf8()).object();
        int jobs = 0;
        for (const QJsonValue &j : json.value(QStringLiteral("jobs")).toArray())
            jobs += j.toObject().value(QStringLiteral("appId")).toInteger() == 987658;
        QCOMPARE(jobs, 1);
        QCOMPARE(json.value(QStringLiteral("implausibleRows")).toArray().size(), 5);
        m_pg->psql(QStringLiteral("DELETE FROM cdnrec_budget_leases WHERE app_id = 987658"), db());
    }

    // A budget whose CHECK was dropped by hand: NaN or Infinity is no budget, and is shown so.
    void implausibleBudgetIsMarked()
    {
        adminConfig().save();
        m_pg->psql(QStringLiteral("ALTER TABLE cdnrec_budgets DROP CONSTRAINT "
                                  "cdnrec_budgets_rate_check; INSERT INTO cdnrec_budgets (app_id, "
                                  "rate) VALUES (987659, 'NaN'), (987660, 'Infinity')"),
                   db());
        QString o, e;
        QTextStream out(&o), err(&e);
        const int code = runTeamBudget({}, out, err);
        out.flush();
        m_pg->psql(QStringLiteral("DELETE FROM cdnrec_budgets WHERE app_id IN (987659, 987660); "
                                  "ALTER TABLE cdnrec_budgets ADD CONSTRAINT "
                                  "cdnrec_budgets_rate_check CHECK (rate > 0 AND rate <= 20)"),
                   db());
        QCOMPARE(code, 0);
        QVERIFY2(o.contains(QStringLiteral("AppId 987659: implausible budget row (rate as stored: "
                                           "nan")),
                 qPrintable(o));
        QVERIFY2(o.contains(QStringLiteral("AppId 987660: implausible budget row (rate as stored: "
                                           "inf")),
                 qPrintable(o));
    }

    // Operators read budgets; only the admin sets them.
    void operatorCannotSetABudget()
    {
        TeamConfig c = adminConfig();
        c.user = QStringLiteral("olga");
        c.save();
        // Her password where `cdnrec team connect` keeps it.
        QVERIFY(SecretStore().writeNow(c.secretKey(), QStringLiteral("olga-pw")).ok());
        QString o, e;
        QTextStream out(&o), err(&e);
        QCOMPARE(runTeamBudget({QStringLiteral("1234567890"), QStringLiteral("5")}, out, err), 3);
        QVERIFY2(!e.isEmpty(), qPrintable(o));
        QVERIFY(!e.contains(QStringLiteral("olga-pw")));
        QCOMPARE(m_pg->psql(QStringLiteral("SELECT rate FROM cdnrec_budgets WHERE app_id = "
                                           "1234567890"),
                            db()),
                 QStringLiteral("20"));
        e.clear();
        QCOMPARE(runTeamBudget({}, out, err), 0);
        QVERIFY2(o.contains(QStringLiteral("AppId 1234567890")), qPrintable(o + e));
    }

private:
    TeamConfig adminConfig() const
    {
        TeamConfig config;
        config.host = m_pg->host();
        config.port = m_pg->port();
        config.user = m_pg->adminUser();
        config.sslMode = QStringLiteral("disable");
        config.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
        return config;
    }
    static QString db() { return QStringLiteral("cdnrec"); }

    std::unique_ptr<test::PgCluster> m_pg;
};

QTEST_GUILESS_MAIN(TestTeamBudgetCommand)
#include "test_teambudgetcommand.moc"
