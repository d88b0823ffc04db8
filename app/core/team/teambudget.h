// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <engine/pacesource.h>
#include <team/teamconfig.h>

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QUuid>

#include <memory>

class QThread;

namespace cdnrec {

class Clock;
class BudgetWorker;

// The team-wide rate budget per AppId (issue 14): every running job, console or CLI, on any
// machine, that targets an AppId takes its pace from the team database, so that together they
// stay under the AppId's budget (set by the admin, default 10/s, never above ZEGO's 20).
//
// Why leases and not a token bucket in a row: a bucket row would be written once per CALL by
// every job (20 writes/s per AppId, each a round trip before a call may leave), so a slow or
// unreachable database would stall calls, and the pace would ride on the database's latency.
// A lease is written once per HEARTBEAT (every 0.5 s) off the sending thread, and each job then
// paces itself locally at its grant (RateLimiter, 1/rate spacing): calls never wait for the
// database, and the database's load does not grow with the call rate.
//
// The shape (002_budget.sql, 005_insider_proof.sql):
// - cdnrec_budgets: one row per AppId (rate, CHECK 0 < rate <= 20); no row = the default 10.
// - cdnrec_budget_leases: one row per running job (lease_id, app_id, db_user, os_user, host, pid,
//   wanted, granted, previous + changed_at, heartbeat_at, left), every time by the SERVER's clock
//   (now()), so clocks of the machines never need to agree.
// - A heartbeat is one call of cdnrec_lease_heartbeat(), a SECURITY DEFINER function: it locks
//   the AppId's row of cdnrec_budget_locks (FOR UPDATE, which needs a right nobody is given, so
//   no login but the function can take or hold it; the advisory lock of 002 any login could),
//   drops leases with no heartbeat for kExpirySecs (a crashed job's share comes back within
//   ~3 s), computes the job's grant with the arithmetic of grantFor() from the budget and every
//   other lease, and writes it. Operators have no write right on the leases: a row they cannot
//   write cannot lift anyone over the budget, and a lease id of another login is refused.
// - grantFor(): min(wanted, max-min fair share of the budget among the live jobs (water-filling:
//   a job that wants less than its share leaves the rest to the others), budget - what the
//   others have committed).
// - A rate that went DOWN still counts at its old value for kHoldSecs after the change: the job
//   adopts the lower rate when the heartbeat's answer arrives, and its calls at the old pace stay
//   in the gateway's 1-second window for one more second; only then may others take the freed
//   share. The same holds for a job that ends: its lease stays as "left" at its last rate for
//   kHoldSecs, then it is deleted. So the sum of what is sent in any second stays under the
//   budget during hand-overs. A job held back only by another's hold heartbeats again the
//   moment that hold ends (not a tick later): the survivor of two reaches the whole budget
//   within ~kHoldSecs (measured: ~1.3 s; goal 3 s).
// - A job whose heartbeats fail (database down, partition, slow) keeps its grant only while the
//   others still count it: the others drop its lease kExpirySecs after its last heartbeat, and
//   its calls at the old pace must be out of the gateway's window 1 s before that. So, measured
//   on the job's own monotonic clock from the moment its last SUCCESSFUL heartbeat was sent
//   (never later than the server stamped it), the job drops to the fallback after
//   kFallbackAfterMs (1.2 s + 1 s window + margin < 2.5 s expiry) and says so once.
// - The fallback (safe local share) is min(last grant, budget / (live jobs + 1)) with the budget
//   and the number of jobs from the last successful heartbeat; a job that never had an answer
//   uses min(wanted, default budget / 2). Why: when the database is down for everyone (the
//   common case), all jobs fall back at once and together send N/(N+1) of the budget: under it.
//   When only this job is cut off, the others redistribute its share after the expiry and this
//   job's fallback comes on top: with the default budget 10 that is at most 10 + 10/2 = 15 < 20,
//   so ZEGO's own limit still holds; with a budget of 20 a partitioned job may cause code 6,
//   which the job backs off from. No database work ever blocks a call: it all runs on a worker
//   thread with its own connection and bounded timeouts (statement_timeout, lock_timeout,
//   connect_timeout, TCP keepalives), and the pace is read from memory.
// - Hostile rows: since 005 operators write no lease row; only cdnrec_lease_heartbeat does. A row
//   written by a superuser's hand that the function could not have written (a time that is
//   infinite or more than 5 s ahead of the server's clock, a rate that is NaN, infinite or above
//   kMaxBudget: cdnrec_lease_plausible) is ignored and dropped by the heartbeat, and nothing in
//   it can fail on one. Leases of honest-looking jobs can still take the whole budget (an
//   operator can do that by running jobs, within 64 leases a login): the job then waits at 0 and
//   says so (takeNotice) after kZeroGrantNoticeMs, never above the budget and never silently.
//
// Not configured (no team), Job paces exactly as before.

// What a heartbeat knows about one other lease of the same AppId.
struct BudgetLeaseRow
{
    QUuid id;
    double wanted = 0;
    double granted = 0;
    double previous = 0;        // the rate before the last change
    double secsSinceChange = 0; // server clock
    bool left = false;          // the job ended: counts only through its hold
};

// One job's lease, as the job reads it: thread-safe (the worker writes, the job reads).
class BudgetLease final : public PaceShare
{
public:
    // The pace to send at now: the grant, the fallback, or 0 (wait: nothing granted yet).
    double rate() const override;
    // True while the rate is the fallback (no recent heartbeat).
    bool fallingBack() const;
    // A notice the job should show once, else empty; each is returned only once: the fallback, or
    // a grant of 0 for kZeroGrantNoticeMs while the heartbeats succeed (others hold the whole
    // budget, or the budget is not a usable rate), said again after a grant came and went.
    QString takeNotice() override;
    quint32 appId() const { return m_appId; }
    QUuid id() const { return m_id; }
    double wanted() const { return m_wanted; }
    // The grant of the last successful heartbeat (-1 before any).
    double grant() const;

private:
    friend class TeamBudget;
    friend class BudgetWorker;
    BudgetLease(const Clock *clock, quint32 appId, double wanted, qint64 joinedNs);
    double rateLocked(qint64 now) const;
    QString zeroGrantNoticeLocked(qint64 now);

    const Clock *m_clock;
    const quint32 m_appId;
    const double m_wanted;
    const QUuid m_id;
    const qint64 m_joinedNs;
    mutable QMutex m_mutex;
    double m_grant = -1;
    double m_budget = -1;
    int m_liveJobs = 0;
    qint64 m_lastOkSentNs = -1; // when the last successful heartbeat was sent (monotonic)
    bool m_noticeGiven = false;
    bool m_fellBack = false;
    qint64 m_zeroSinceNs = -1; // when a successful heartbeat first granted 0 (-1: it grants)
    bool m_zeroNoticeGiven = false;
    bool m_budgetUsable = true; // the server's budget was a rate above 0
    int m_otherJobs = 0;        // the other leases of the last successful heartbeat
    QString m_notice;
};

class TeamBudget final : public QObject, public PaceSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeamBudget)
public:
    static constexpr double kDefaultBudget = 10;
    static constexpr double kMaxBudget = 20;
    static constexpr int kHeartbeatMs = 500;
    static constexpr double kExpirySecs = 2.5;
    static constexpr double kHoldSecs = 1.25;
    static constexpr int kFallbackAfterMs = 1200;
    // A job granted 0 this long (while its heartbeats succeed) says why: longer than any hold.
    static constexpr int kZeroGrantNoticeMs = 3000;
    // Bounds of every statement of the worker: a hung server never holds a heartbeat longer.
    static constexpr int kStatementTimeoutMs = 1000;

    explicit TeamBudget(const Clock *clock = nullptr, QObject *parent = nullptr);
    ~TeamBudget() override;

    // The process's budget: configured by Run when team mode is set.
    static TeamBudget &shared();

    // Starts the worker thread and its connection (in the background: nothing waits for it).
    // The password is kept only in memory, for reconnecting.
    void configure(const TeamConfig &config, const QString &password);
    // Leaves every lease (best effort, bounded) and stops the worker. A front end calls it before
    // QCoreApplication goes (e.g. at the end of main, or with TeamSession::shutdown): within
    // ~QCoreApplication (atExit, the post-routine fallback) the QPSQL driver crashed, so then no
    // database work is done and the leases expire on the server (kExpirySecs) instead.
    void shutdown(bool atExit = false);
    bool isConfigured() const override;

    // A job starts: its lease for appId at the wanted rate. The grant arrives with the first
    // heartbeat (a few ms when connected); until then rate() is 0, then the fallback.
    std::shared_ptr<BudgetLease> join(quint32 appId, double wantedRate);
    // The job ended: its lease is released (kept "left" for kHoldSecs, then deleted).
    void leave(const std::shared_ptr<BudgetLease> &lease);
    // The engine's view of the same (PaceSource).
    std::shared_ptr<PaceShare> joinPace(quint32 appId, double wantedRate) override
    {
        return join(appId, wantedRate);
    }
    void leavePace(const std::shared_ptr<PaceShare> &share) override
    {
        leave(std::dynamic_pointer_cast<BudgetLease>(share));
    }

    // The grant arithmetic, pure, for tests: the rate this job may take, given the AppId's
    // budget, what it wants and the other leases of the AppId (expired ones already dropped).
    static double grantFor(double budget, double wanted, const QList<BudgetLeaseRow> &others,
                           double holdSecs = kHoldSecs);
    // What a lease counts for in others' sums: its grant, or its previous rate during the hold.
    static double committed(const BudgetLeaseRow &row, double holdSecs = kHoldSecs);
    // Max-min fair share of budget among wants (water-filling): the share of a job wanting
    // `wanted` among `others`.
    static double fairShare(double budget, double wanted, const QList<double> &others);
    // The fallback: see above.
    static double fallbackRate(double wanted, double lastGrant, double budget, int liveJobs);

private:
    const Clock *m_clock;
    mutable QMutex m_mutex;
    QThread *m_thread = nullptr;
    BudgetWorker *m_worker = nullptr;
};

} // namespace cdnrec
