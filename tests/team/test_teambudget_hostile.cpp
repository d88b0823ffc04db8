// SPDX-License-Identifier: GPL-3.0-or-later
// The team budget against lease rows no cdnrec job wrote (any operator may INSERT and UPDATE
// cdnrec_budget_leases): infinite, NaN and future values neither fail the heartbeat nor lift or
// hold anyone's grant; a grant that stays 0 is said, never silent. In-process TeamBudgets on a
// real throw-away server (the attack review's reproductions, tests/team/test_attack_budget.cpp
// there, made deterministic).
#include "pgcluster.h"
#include <team/teambudget.h>
#include <team/teamdatabase.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <cmath>
#include <limits>
#include <memory>
#include <vector>

using namespace cdnrec;

namespace {

constexpr quint32 kAppId = 1234567890;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

} // namespace

class TestTeamBudgetHostile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("cdnrec-test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_teambudget_hostile"));
        m_pg = std::make_unique<test::PgCluster>();
        QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
        m_pg->createDatabase(db());
        const QString conn = QStringLiteral("budget-init");
        TeamDatabase::Status s = TeamDatabase::open(config(), QString(), conn);
        if (s.error == TeamDatabase::Error::NotInitialized || s.ok())
            s = TeamDatabase::migrate(conn);
        TeamDatabase::close(conn);
        QVERIFY2(s.ok(), qPrintable(s.message));
        m_pg->psql(
            QStringLiteral("INSERT INTO cdnrec_budgets (app_id, rate) VALUES (%1, 20)").arg(kAppId),
            db());
    }

    void init() { m_pg->psql(QStringLiteral("DELETE FROM cdnrec_budget_leases"), db()); }

    // The arithmetic on its own: a row that is no rate never lifts the bound (std::min drops
    // NaN), and a budget that is no rate gives nothing, nor a fallback of the whole want.
    void arithmeticFailsSafe()
    {
        BudgetLeaseRow nan;
        nan.wanted = kNaN;
        nan.granted = kNaN;
        nan.previous = kNaN;
        nan.secsSinceChange = 100;
        QCOMPARE(TeamBudget::grantFor(20, 20, {nan}), 0.0);
        BudgetLeaseRow honest;
        honest.wanted = 20;
        honest.granted = 10;
        honest.secsSinceChange = 100;
        BudgetLeaseRow huge = honest;
        huge.granted = 1e308;
        QCOMPARE(TeamBudget::grantFor(20, 20, {honest, huge}), 0.0);
        BudgetLeaseRow unknownAge = honest;
        unknownAge.granted = 0;
        unknownAge.previous = 20;
        unknownAge.secsSinceChange = kNaN; // counts through its hold
        QCOMPARE(TeamBudget::grantFor(20, 20, {unknownAge}), 0.0);
        QCOMPARE(TeamBudget::grantFor(kNaN, 20, {}), 0.0);
        QCOMPARE(TeamBudget::grantFor(kInf, 20, {}), 0.0);
        QCOMPARE(TeamBudget::grantFor(1e308, 20, {}), 20.0); // a number: at most ZEGO's 20
        QVERIFY(TeamBudget::fallbackRate(20, 0, kNaN, 1) <= TeamBudget::kDefaultBudget / 2);
        QVERIFY(TeamBudget::fallbackRate(20, 0, kInf, 1) <= TeamBudget::kDefaultBudget / 2);
        // Honest rows: as before.
        QCOMPARE(TeamBudget::grantFor(20, 20, {honest}), 10.0);
        QCOMPARE(TeamBudget::fallbackRate(20, 10, 20, 2), 6.666);
    }

    // changed_at and heartbeat_at = 'infinity': "cannot subtract infinite timestamps" failed
    // every heartbeat of the AppId, and 6 jobs each fell back to 5/s (30/s together).
    void infiniteTimestampsNeitherFailNorHold()
    {
        hostile(QStringLiteral("0, 0, 0, 'infinity', 'infinity', now(), false"));
        hostile(QStringLiteral("0, 0, 0, '-infinity', now(), '-infinity', false"));
        std::vector<std::unique_ptr<TeamBudget>> budgets;
        std::vector<std::shared_ptr<BudgetLease>> leases;
        for (int i = 0; i < 6; ++i) {
            budgets.push_back(std::make_unique<TeamBudget>());
            budgets.back()->configure(config(), QString());
            leases.push_back(budgets.back()->join(kAppId, 20));
        }
        const auto sum = [&] {
            double s = 0;
            for (const auto &l : leases)
                s += l->rate();
            return s;
        };
        double worst = 0;
        bool fellBack = false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 4000) {
            worst = std::max(worst, sum());
            for (const auto &l : leases)
                fellBack = fellBack || l->fallingBack();
            QTest::qWait(20);
        }
        QStringList grants;
        for (const auto &l : leases)
            grants << QString::number(l->grant());
        for (int i = 0; i < 6; ++i) {
            budgets[i]->leave(leases[i]);
            budgets[i]->shutdown();
        }
        QVERIFY2(worst <= 20,
                 qPrintable(QStringLiteral("6 jobs paced at %1 calls/s together").arg(worst)));
        QVERIFY2(!fellBack, "the heartbeats failed: a job fell back to its local share");
        QVERIFY2(grants.count(QStringLiteral("0")) < 6, qPrintable(grants.join(u' ')));
        QCOMPARE(hostileRows(), 0);
    }

    // A NaN lease made `used` NaN and std::min dropped the bound: b started at its fair share
    // at once while a still sent at 20.
    void nanLeaseDoesNotLiftTheBound()
    {
        hostile(QStringLiteral("'NaN', 'NaN', 'NaN', now(), now(), now(), false"));
        TeamBudget a, b;
        a.configure(config(), QString());
        b.configure(config(), QString());
        const auto la = a.join(kAppId, 20);
        QTRY_COMPARE_WITH_TIMEOUT(la->grant(), 20.0, 5000);
        const auto lb = b.join(kAppId, 20);
        double worst = 0;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 3000) {
            worst = std::max(worst, la->rate() + lb->rate());
            QTest::qWait(10);
        }
        const double ga = la->grant(), gb = lb->grant();
        a.leave(la);
        b.leave(lb);
        a.shutdown();
        b.shutdown();
        QVERIFY2(worst <= 20,
                 qPrintable(QStringLiteral("two jobs paced at %1 calls/s together").arg(worst)));
        QCOMPARE(ga + gb, 20.0); // and they do share it once the hold is over
    }

    // Times ahead of the server's clock are forged (it stamps now()): a "live" lease heartbeating
    // in 100 years held the whole budget for ever, and a "left" one changed in 10 years held its
    // previous rate for ever.
    void futureTimesDoNotHoldForEver_data()
    {
        QTest::addColumn<QString>("row");
        QTest::newRow("heartbeat in 100 years")
            << QStringLiteral("20, 20, 0, now(), now() + interval '100 years', now(), false");
        QTest::newRow("left, changed in 10 years") << QStringLiteral(
            "20, 0, 20, now() + interval '10 years', now() + interval '1 day', now(), true");
    }
    void futureTimesDoNotHoldForEver()
    {
        QFETCH(QString, row);
        hostile(row);
        TeamBudget budget;
        budget.configure(config(), QString());
        const auto lease = budget.join(kAppId, 20);
        QTRY_COMPARE_WITH_TIMEOUT(lease->grant(), 20.0, 5000);
        const bool falling = lease->fallingBack();
        budget.leave(lease);
        budget.shutdown();
        QVERIFY(!falling);
        QCOMPARE(hostileRows(), 0);
    }

    // Thousands of live leases that look honest (refreshed like a job's): each share is below
    // the smallest grant, the job waits at 0 (it must: never above the budget) and says why.
    void zeroGrantIsSaid()
    {
        // Other logins' jobs (one login holds at most 64 leases: cdnrec_lease_heartbeat).
        m_pg->psql(QStringLiteral("INSERT INTO cdnrec_budget_leases (lease_id, app_id, db_user, "
                                  "os_user, host, pid, wanted, granted) SELECT "
                                  "gen_random_uuid(), %1, 'fake' || g, 'fake', 'x', g, 20, 0 "
                                  "FROM generate_series(1, 3000) g")
                       .arg(kAppId),
                   db());
        TeamBudget budget;
        budget.configure(config(), QString());
        const auto lease = budget.join(kAppId, 20);
        QString notice;
        double worst = 0;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 6000 && notice.isEmpty()) {
            // The fakes heartbeat too.
            m_pg->psql(QStringLiteral("UPDATE cdnrec_budget_leases SET heartbeat_at = now() "
                                      "WHERE os_user = 'fake'"),
                       db());
            worst = std::max(worst, lease->rate());
            notice = lease->takeNotice();
            QTest::qWait(200);
        }
        const qint64 after = t.elapsed();
        const double rate = lease->rate();
        const QString again = lease->takeNotice();
        budget.leave(lease);
        budget.shutdown();
        qInfo("after %lld ms: %s", after, qPrintable(notice));
        QVERIFY2(notice.contains(
                     QStringLiteral("AppId 1234567890 (20 calls/s) gives this job no calls")),
                 qPrintable(notice));
        QVERIFY2(notice.contains(QStringLiteral("3000 other jobs hold or share it")),
                 qPrintable(notice));
        QVERIFY(after >= 2500);   // not at once: a hold may keep a job at 0 for a moment
        QVERIFY(again.isEmpty()); // once
        QCOMPARE(rate, 0.0);      // still waiting: the fakes' shares are not taken
        QCOMPARE(worst, 0.0);
    }

    // The server's budget is NaN (its CHECK dropped by hand): no grant, said; and no fallback of
    // the whole want.
    void nanBudgetIsSaid()
    {
        m_pg->psql(QStringLiteral("ALTER TABLE cdnrec_budgets DROP CONSTRAINT "
                                  "cdnrec_budgets_rate_check; UPDATE cdnrec_budgets SET rate = "
                                  "'NaN'"),
                   db());
        TeamBudget budget;
        budget.configure(config(), QString());
        const auto lease = budget.join(kAppId, 20);
        QString notice;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 6000 && notice.isEmpty()) {
            notice = lease->takeNotice();
            QTest::qWait(100);
        }
        const double rate = lease->rate();
        budget.leave(lease);
        budget.shutdown();
        m_pg->psql(QStringLiteral("UPDATE cdnrec_budgets SET rate = 20; ALTER TABLE "
                                  "cdnrec_budgets ADD CONSTRAINT cdnrec_budgets_rate_check CHECK "
                                  "(rate > 0 AND rate <= 20)"),
                   db());
        QVERIFY2(notice.contains(QStringLiteral("AppId 1234567890 is not a usable rate")),
                 qPrintable(notice));
        QCOMPARE(rate, 0.0);
    }

    // The grant is computed by the database now (cdnrec_lease_heartbeat); TeamBudget::grantFor is
    // its specification in C++. 300 random tables of other jobs (live and left, in and out of
    // their hold, wants above and below their share): the server grants what grantFor says.
    void serverGrantIsTheArithmetic()
    {
        QRandomGenerator rng(20261207);
        const QString conn = QStringLiteral("grant-check");
        QVERIFY(TeamDatabase::open(config(), QString(), conn).ok());
        QSqlQuery q(QSqlDatabase::database(conn, false));
        int checked = 0;
        for (int round = 0; round < 300; ++round) {
            QVERIFY(q.exec(QStringLiteral("DELETE FROM cdnrec_budget_leases")));
            const double budget = 1 + rng.bounded(20);
            QVERIFY(q.exec(QStringLiteral("UPDATE cdnrec_budgets SET rate = %1 WHERE app_id = %2")
                               .arg(budget)
                               .arg(kAppId)));
            QList<BudgetLeaseRow> others;
            const int n = int(rng.bounded(5));
            for (int i = 0; i < n; ++i) {
                BudgetLeaseRow r;
                r.wanted = double(rng.bounded(2000)) / 100.0;
                r.granted = std::min(r.wanted, double(rng.bounded(800)) / 100.0);
                r.previous = double(rng.bounded(1000)) / 100.0;
                r.left = rng.bounded(4) == 0;
                // Well inside or well past the hold (1.25 s), never at its edge.
                r.secsSinceChange = rng.bounded(2) ? 0.2 : 2.0;
                others.append(r);
                QVERIFY2(
                    q.exec(QStringLiteral(
                               "INSERT INTO cdnrec_budget_leases (lease_id, app_id, db_user, "
                               "os_user, host, pid, wanted, granted, previous, changed_at, "
                               "left_job) VALUES (gen_random_uuid(), %1, 'other%2', 'o', "
                               "'h', 1, %3, %4, %5, now() - make_interval(secs => %6), %7)")
                               .arg(kAppId)
                               .arg(i)
                               .arg(r.wanted)
                               .arg(r.granted)
                               .arg(r.previous)
                               .arg(r.secsSinceChange)
                               .arg(r.left ? QStringLiteral("true") : QStringLiteral("false"))),
                    qPrintable(q.lastError().text()));
            }
            const double wanted = double(rng.bounded(2000)) / 100.0 + 0.5;
            QVERIFY(q.exec(QStringLiteral("SELECT granted FROM cdnrec_lease_heartbeat("
                                          "gen_random_uuid(), %1, %2, 0, 'me', 'h', 1)")
                               .arg(kAppId)
                               .arg(wanted)));
            QVERIFY(q.next());
            const double server = q.value(0).toDouble();
            const double spec = TeamBudget::grantFor(budget, wanted, others);
            QVERIFY2(std::abs(server - spec) < 1e-9,
                     qPrintable(QStringLiteral("budget %1 wanted %2 others %3: server %4, spec %5")
                                    .arg(budget)
                                    .arg(wanted)
                                    .arg(others.size())
                                    .arg(server)
                                    .arg(spec)));
            checked += server > 0 ? 1 : 0;
        }
        q.finish();
        TeamDatabase::close(conn);
        QVERIFY(checked > 50); // not all zeros
        m_pg->psql(
            QStringLiteral("UPDATE cdnrec_budgets SET rate = 20 WHERE app_id = %1").arg(kAppId),
            db());
    }

    void cleanupTestCase() { m_pg.reset(); }

private:
    static QString db() { return QStringLiteral("cdnrec"); }
    TeamConfig config() const
    {
        TeamConfig c;
        c.host = m_pg->host();
        c.port = m_pg->port();
        c.database = db();
        c.user = m_pg->adminUser();
        c.sslMode = QStringLiteral("disable");
        c.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
        return c;
    }
    // values: wanted, granted, previous, changed_at, heartbeat_at, started_at, left_job
    void hostile(const QString &values) const
    {
        m_pg->psql(QStringLiteral("INSERT INTO cdnrec_budget_leases (lease_id, app_id, os_user, "
                                  "host, pid, wanted, granted, previous, changed_at, "
                                  "heartbeat_at, started_at, left_job) VALUES (gen_random_uuid(), "
                                  "%1, 'hostile', 'x', 1, %2)")
                       .arg(kAppId)
                       .arg(values),
                   db());
    }
    int hostileRows() const
    {
        return m_pg
            ->psql(QStringLiteral(
                       "SELECT count(*) FROM cdnrec_budget_leases WHERE os_user = 'hostile'"),
                   db())
            .toInt();
    }

    std::unique_ptr<test::PgCluster> m_pg;
};

QTEST_GUILESS_MAIN(TestTeamBudgetHostile)
#include "test_teambudget_hostile.moc"
