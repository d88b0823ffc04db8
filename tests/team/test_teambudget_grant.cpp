// SPDX-License-Identifier: GPL-3.0-or-later
// The team budget's arithmetic with fake times (no database): grants, fair shares, the hold after
// a rate went down, the fallback; and the pace following a rate that changes mid-run.
#include <engine/job.h>
#include <engine/ratelimiter.h>
#include <model/clock.h>
#include <team/teambudget.h>

#include <QTest>

using namespace cdnrec;

Q_DECLARE_METATYPE(cdnrec::BudgetLeaseRow)

namespace {

BudgetLeaseRow row(double wanted, double granted, double previous = 0, double since = 100,
                   bool left = false)
{
    BudgetLeaseRow r;
    r.id = QUuid::createUuid();
    r.wanted = wanted;
    r.granted = granted;
    r.previous = previous;
    r.secsSinceChange = since;
    r.left = left;
    return r;
}

constexpr qint64 kMs = 1000000;

} // namespace

class TestTeamBudgetGrant : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void grant_data()
    {
        QTest::addColumn<double>("budget");
        QTest::addColumn<double>("wanted");
        QTest::addColumn<QList<BudgetLeaseRow>>("others");
        QTest::addColumn<double>("expected");
        QTest::newRow("alone takes what it wants")
            << 20.0 << 10.0 << QList<BudgetLeaseRow>{} << 10.0;
        QTest::newRow("alone, capped by the budget")
            << 20.0 << 50.0 << QList<BudgetLeaseRow>{} << 20.0;
        QTest::newRow("a newcomer waits while the other holds all")
            << 20.0 << 20.0 << QList<BudgetLeaseRow>{row(20, 20)} << 0.0;
        QTest::newRow("the holder drops to its fair share")
            << 20.0 << 20.0 << QList<BudgetLeaseRow>{row(20, 0)} << 10.0;
        QTest::newRow("two settled: half each")
            << 20.0 << 20.0 << QList<BudgetLeaseRow>{row(20, 10)} << 10.0;
        QTest::newRow("a rate that went down counts at its old value during the hold")
            << 20.0 << 20.0 << QList<BudgetLeaseRow>{row(20, 10, 20, 0.5)} << 0.0;
        QTest::newRow("after the hold the freed share may be taken")
            << 20.0 << 20.0 << QList<BudgetLeaseRow>{row(20, 10, 20, 1.3)} << 10.0;
        QTest::newRow("a job that left counts through its hold")
            << 20.0 << 20.0 << QList<BudgetLeaseRow>{row(20, 0, 10, 0.2, true), row(20, 10)} << 0.0;
        QTest::newRow("a job that left frees its share after the hold")
            << 20.0 << 20.0 << QList<BudgetLeaseRow>{row(20, 0, 10, 2.0, true)} << 20.0;
        QTest::newRow("water-filling: a small want leaves the rest")
            << 20.0 << 20.0 << QList<BudgetLeaseRow>{row(2, 2)} << 18.0;
        QTest::newRow("three jobs share a third each")
            << 20.0 << 20.0 << QList<BudgetLeaseRow>{row(20, 6.666), row(20, 6.666)} << 6.666;
        QTest::newRow("never above ZEGO's 20 whatever the budget says")
            << 50.0 << 50.0 << QList<BudgetLeaseRow>{} << 20.0;
        QTest::newRow("others over the budget: nothing, never negative")
            << 10.0 << 10.0 << QList<BudgetLeaseRow>{row(20, 15)} << 0.0;
    }
    void grant()
    {
        QFETCH(double, budget);
        QFETCH(double, wanted);
        QFETCH(QList<BudgetLeaseRow>, others);
        QFETCH(double, expected);
        QCOMPARE(TeamBudget::grantFor(budget, wanted, others), expected);
    }

    // Whatever order the heartbeats come in, the committed rates never add up above the budget.
    void handOverNeverExceedsBudget()
    {
        // A holds 20; B joins. Heartbeats alternate every 0.5 s; each sees the other's row.
        BudgetLeaseRow a = row(20, 20, 0, 100);
        BudgetLeaseRow b = row(20, 0, 0, 100);
        const auto beat = [](BudgetLeaseRow &me, const BudgetLeaseRow &other) {
            const double g = TeamBudget::grantFor(20, me.wanted, {other});
            if (g != me.granted) {
                me.previous = TeamBudget::committed(me);
                me.granted = g;
                me.secsSinceChange = 0;
            }
        };
        for (int step = 0; step < 20; ++step) {
            beat(step % 2 ? a : b, step % 2 ? b : a);
            QVERIFY2(TeamBudget::committed(a) + TeamBudget::committed(b) <= 20.0 + 1e-9,
                     qPrintable(QStringLiteral("step %1").arg(step)));
            a.secsSinceChange += 0.5;
            b.secsSinceChange += 0.5;
        }
        QCOMPARE(a.granted, 10.0);
        QCOMPARE(b.granted, 10.0);
    }

    void fallback()
    {
        // Why this value: see teambudget.h. N jobs all cut off send N/(N+1) of the budget.
        QCOMPARE(TeamBudget::fallbackRate(20, 10, 20, 2), 6.666);
        QCOMPARE(TeamBudget::fallbackRate(20, 20, 20, 1), 10.0);
        QCOMPARE(TeamBudget::fallbackRate(20, 2, 20, 1), 2.0);
        // Never heard from the database: half the default budget.
        QCOMPARE(TeamBudget::fallbackRate(20, -1, -1, 0), 5.0);
        QCOMPARE(TeamBudget::fallbackRate(3, -1, -1, 0), 3.0);
    }

    // A job with a lease but no answer waits for a grant, then falls back before the others
    // would take its share, and says so once.
    void leaseWithoutAnswerFallsBackOnce()
    {
        ManualClock clock;
        TeamBudget budget(&clock); // not configured: no heartbeat ever answers
        const auto lease = budget.join(42, 20);
        QCOMPARE(lease->rate(), 0.0);
        QVERIFY(lease->takeNotice().isEmpty());
        clock.advanceNs((TeamBudget::kFallbackAfterMs - 10) * kMs);
        QCOMPARE(lease->rate(), 0.0);
        clock.advanceNs(20 * kMs);
        QCOMPARE(lease->rate(), 5.0);
        const QString notice = lease->takeNotice();
        QVERIFY2(notice.contains(QStringLiteral("safe local share")), qPrintable(notice));
        QVERIFY(lease->takeNotice().isEmpty());
    }

    // The fallback must start before the others may take the share: the lease expires at the
    // server kExpirySecs after the last heartbeat, and the old pace stays in the gateway's window
    // for a second after the job slows down.
    void fallbackComesBeforeExpiry()
    {
        QVERIFY(TeamBudget::kFallbackAfterMs / 1000.0 + 1.0 < TeamBudget::kExpirySecs);
        QVERIFY(TeamBudget::kHoldSecs > 1.0);
        QVERIFY(TeamBudget::kHeartbeatMs * 2 <= TeamBudget::kFallbackAfterMs);
    }

    // A grant that rises mid-run takes effect at once: the next slot follows the rate asked now
    // (it waited out the slot of the old, slower rate: 2 s at 0.5/s).
    void limiterFollowsARaisedRate()
    {
        ManualClock clock;
        RateLimiter limiter(&clock);
        QCOMPARE(limiter.tryAcquire(7, 0.5), 0);
        clock.advanceNs(200 * kMs);
        QCOMPARE(limiter.tryAcquire(7, 10), 0);
        clock.advanceNs(110 * kMs);
        QCOMPARE(limiter.tryAcquire(7, 10), 0);
    }

    // A grant that falls mid-run holds at once in every 1-second window ending after the change.
    void limiterFollowsALoweredRate()
    {
        ManualClock clock;
        RateLimiter limiter(&clock);
        QList<qint64> sent;
        qint64 t = 0;
        for (; t < 1000 * kMs; t += kMs) {
            if (limiter.tryAcquire(7, 20) == 0)
                sent.append(t);
            clock.advanceNs(kMs);
        }
        for (; t < 3000 * kMs; t += kMs) {
            if (limiter.tryAcquire(7, 5) == 0) {
                sent.append(t);
                int inWindow = 0;
                for (qint64 s : std::as_const(sent))
                    inWindow += s > t - 1000 * kMs ? 1 : 0;
                QVERIFY2(inWindow <= 5,
                         qPrintable(QStringLiteral("%1 at %2 ms").arg(inWindow).arg(t / kMs)));
            }
            clock.advanceNs(kMs);
        }
    }

    // The window of calls in flight follows the pace.
    void callWindowFollowsRate()
    {
        CallWindow w(20, 64);
        w.observe(1000 * kMs);
        const int at20 = w.size(0);
        w.setRate(5);
        QVERIFY2(w.size(0) < at20, qPrintable(QStringLiteral("%1 vs %2").arg(w.size(0)).arg(at20)));
    }
};

QTEST_GUILESS_MAIN(TestTeamBudgetGrant)
#include "test_teambudget_grant.moc"
