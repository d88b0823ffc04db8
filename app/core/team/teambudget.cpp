// SPDX-License-Identifier: GPL-3.0-or-later
#include "teambudget.h"

#include <model/clock.h>
#include <model/localuser.h>
#include <team/teamdatabase.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <QVariant>

#include <algorithm>
#include <atomic>
#include <cmath>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcBudget, "cdnrec.core.team.budget", QtInfoMsg)

namespace cdnrec {

namespace {

constexpr qint64 kMsNs = 1000000;
// Below this a grant is no grant: the job waits for a real one.
constexpr double kMinGrant = 0.01;

// The rates of a row the arithmetic may be handed (pure, for tests too), made safe: a value
// that is not a rate (NaN, infinite, negative, above the largest budget) counts as the whole
// budget. The database drops such rows (cdnrec_lease_plausible); this only keeps grantFor from
// ever lifting its bound on one (std::min drops NaN).
double safeRate(double rate)
{
    return rate >= 0 && rate <= TeamBudget::kMaxBudget ? rate : TeamBudget::kMaxBudget;
}

double rounded(double rate)
{
    // Three decimals: a sum like 20 - 10 - 9.999999 must not flap between heartbeats.
    return std::floor(rate * 1000.0 + 1e-6) / 1000.0;
}

} // namespace

// ---- BudgetLease ----------------------------------------------------------------------------

BudgetLease::BudgetLease(const Clock *clock, quint32 appId, double wanted, qint64 joinedNs)
    : m_clock(clock), m_appId(appId), m_wanted(wanted), m_id(QUuid::createUuid()),
      m_joinedNs(joinedNs)
{
}

double BudgetLease::rateLocked(qint64 now) const
{
    if (m_lastOkSentNs >= 0 && now - m_lastOkSentNs <= TeamBudget::kFallbackAfterMs * kMsNs)
        return m_grant;
    // The first answer normally comes within milliseconds; the job waits for it this long.
    if (m_lastOkSentNs < 0 && now - m_joinedNs <= TeamBudget::kFallbackAfterMs * kMsNs)
        return 0;
    return TeamBudget::fallbackRate(m_wanted, m_grant, m_budget, m_liveJobs);
}

double BudgetLease::rate() const
{
    QMutexLocker lock(&m_mutex);
    return rateLocked(m_clock->monotonicNs());
}

bool BudgetLease::fallingBack() const
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock->monotonicNs();
    if (m_lastOkSentNs >= 0)
        return now - m_lastOkSentNs > TeamBudget::kFallbackAfterMs * kMsNs;
    return now - m_joinedNs > TeamBudget::kFallbackAfterMs * kMsNs;
}

QString BudgetLease::takeNotice()
{
    const bool falling = fallingBack();
    QMutexLocker lock(&m_mutex);
    if (!falling)
        return zeroGrantNoticeLocked(m_clock->monotonicNs());
    if (m_noticeGiven)
        return QString();
    m_noticeGiven = true;
    const double rate = rateLocked(m_clock->monotonicNs());
    // Spelt out for lupdate (a wrapper around translate() would hide the string from it).
    return QCoreApplication::translate(
               "cdnrec::TeamBudget",
               "The team database did not answer in time: AppId %1 is paced at a safe local "
               "share of %2 calls/s until it answers again.")
        .arg(m_appId)
        .arg(rate, 0, 'g', 3);
}

QString BudgetLease::zeroGrantNoticeLocked(qint64 now)
{
    // The heartbeats succeed but grant nothing, for longer than any hold: never silently.
    if (m_zeroSinceNs < 0 || m_zeroNoticeGiven ||
        now - m_zeroSinceNs < TeamBudget::kZeroGrantNoticeMs * kMsNs)
        return QString();
    m_zeroNoticeGiven = true;
    if (!m_budgetUsable)
        return QCoreApplication::translate(
                   "cdnrec::TeamBudget",
                   "The team budget for AppId %1 is not a usable rate: this job gets no calls and "
                   "waits until an admin sets one (cdnrec team budget %1 RATE).")
            .arg(m_appId);
    return QCoreApplication::translate(
               "cdnrec::TeamBudget",
               "The team budget for AppId %1 (%2 calls/s) gives this job no calls: %3 other jobs "
               "hold or share it. This job waits until they end or an admin raises the budget; "
               "cdnrec team budget lists them.")
        .arg(m_appId)
        .arg(m_budget, 0, 'g', 4)
        .arg(m_otherJobs);
}

double BudgetLease::grant() const
{
    QMutexLocker lock(&m_mutex);
    return m_grant;
}

// ---- the arithmetic ---------------------------------------------------------------------------

double TeamBudget::committed(const BudgetLeaseRow &row, double holdSecs)
{
    const double now = row.left ? 0.0 : safeRate(row.granted);
    // A change whose age is not a number (or in the future) is still in its hold: the safe side.
    if (!(row.secsSinceChange >= holdSecs))
        return std::max(now, safeRate(row.previous));
    return now;
}

double TeamBudget::fairShare(double budget, double wanted, const QList<double> &others)
{
    // Water-filling: the smallest wants are served whole while they are under the equal share
    // of what is left; the rest split what remains equally.
    QList<double> wants = others;
    wants.append(wanted);
    std::sort(wants.begin(), wants.end());
    double left = std::max(0.0, budget);
    qsizetype n = wants.size();
    for (double w : std::as_const(wants)) {
        const double share = left / double(n);
        if (w > share)
            return std::min(wanted, share);
        left -= w;
        --n;
    }
    return wanted; // everyone's want fits
}

double TeamBudget::grantFor(double budget, double wanted, const QList<BudgetLeaseRow> &others,
                            double holdSecs)
{
    // A budget that is not a number gives nothing (std::clamp would pass NaN on).
    budget = std::isfinite(budget) ? std::clamp(budget, 0.0, kMaxBudget) : 0.0;
    wanted = wanted > 0 ? wanted : 0.0;
    QList<double> wants;
    double used = 0;
    for (const BudgetLeaseRow &row : others) {
        // A NaN want would break the sort; one that is no number wants it all.
        if (!row.left)
            wants.append(row.wanted >= 0 ? row.wanted : kMaxBudget);
        used += committed(row, holdSecs);
    }
    const double grant =
        rounded(std::max(0.0, std::min({wanted, fairShare(budget, wanted, wants), budget - used})));
    return grant < kMinGrant ? 0.0 : grant;
}

double TeamBudget::fallbackRate(double wanted, double lastGrant, double budget, int liveJobs)
{
    // A budget that is not a usable rate is as good as none known (not the whole want).
    if (!(budget > 0) || !std::isfinite(budget) || liveJobs <= 0)
        return rounded(std::min(wanted, kDefaultBudget / 2));
    budget = std::min(budget, kMaxBudget);
    const double share = budget / double(liveJobs + 1);
    const double base = lastGrant > 0 ? std::min(lastGrant, share) : share;
    return std::max(kMinGrant, rounded(std::min(wanted, base)));
}

// ---- the worker -------------------------------------------------------------------------------

// Lives on the budget's own thread with its own connection: heartbeats never touch the thread
// that sends calls.
class BudgetWorker final : public QObject
{
public:
    BudgetWorker(const TeamConfig &config, const QString &password, const Clock *clock)
        : m_config(config), m_password(password), m_clock(clock),
          m_connection(QStringLiteral("cdnrec-budget-%1")
                           .arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
    {
    }

    void begin()
    {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setInterval(TeamBudget::kHeartbeatMs);
        connect(m_timer, &QTimer::timeout, this, [this] { tick(); });
        m_timer->start();
        ensureOpen();
    }

    void add(const std::shared_ptr<BudgetLease> &lease)
    {
        m_leases.insert(lease->id(), lease);
        heartbeat(*lease);
    }

    void remove(const std::shared_ptr<BudgetLease> &lease)
    {
        qCDebug(lcBudget) << "leaving: AppId" << lease->appId();
        if (m_abandon)
            return;
        m_leases.remove(lease->id());
        release(*lease);
    }

    void end()
    {
        qCDebug(lcBudget) << "stopping with" << m_leases.size() << "leases";
        if (m_abandon) {
            // Inside ~QCoreApplication the QPSQL driver is not safe to use (it crashed there): no
            // database work; the server sees the connection drop and the leases expire.
            m_leases.clear();
            return;
        }
        if (m_timer)
            m_timer->stop();
        const auto leases = m_leases;
        m_leases.clear();
        if (m_open) {
            for (const auto &lease : leases)
                release(*lease);
        }
        closeNow();
    }

    // Set from the main thread: inside ~QCoreApplication, no more database work.
    std::atomic<bool> m_abandon{false};

private:
    void tick()
    {
        if (m_abandon)
            return;
        const auto leases = m_leases;
        for (const auto &lease : leases)
            heartbeat(*lease);
    }

    // A failure found while a QSqlDatabase or QSqlQuery of the connection is still alive (a
    // heartbeat's own) only marks it: removing a connection in use leaves it half-closed and
    // makes Qt warn. It is closed for real here, from places that hold no handle of it: the
    // next ensureOpen() and end().
    void closeDb() { m_open = false; }
    void closeNow()
    {
        m_open = false;
        TeamDatabase::close(m_connection);
    }

    bool ensureOpen()
    {
        if (m_open)
            return true;
        const qint64 now = m_clock->monotonicNs();
        if (now < m_nextConnectNs)
            return false;
        m_nextConnectNs = now + 1000 * kMsNs;
        closeNow(); // whatever a failed heartbeat left marked
        const TeamDatabase::Status s = TeamDatabase::open(m_config, m_password, m_connection);
        if (!s.ok()) {
            failed(s.message);
            closeNow();
            return false;
        }
        QString setUpFailed;
        {
            QSqlQuery q(QSqlDatabase::database(m_connection, false));
            // Every statement bounded: a hung server holds a heartbeat no longer than this.
            if (!q.exec(QStringLiteral("SET statement_timeout = %1")
                            .arg(TeamBudget::kStatementTimeoutMs)) ||
                !q.exec(
                    QStringLiteral("SET lock_timeout = %1").arg(TeamBudget::kStatementTimeoutMs)))
                setUpFailed = q.lastError().text();
        }
        if (!setUpFailed.isEmpty()) {
            failed(setUpFailed);
            closeNow();
            return false;
        }
        m_open = true;
        if (m_failing)
            qCInfo(lcBudget) << "the team budget is reachable again";
        m_failing = false;
        return true;
    }

    void failed(const QString &why)
    {
        if (!m_failing)
            qCWarning(lcBudget).noquote() << "team budget heartbeat failed:" << why;
        m_failing = true;
    }

    // What cdnrec_lease_heartbeat answered for a lease.
    struct Answer
    {
        double grant = 0;
        double budget = 0;
        bool budgetUsable = false;
        int otherJobs = 0;
        int live = 0;
        double soonestFreed = -1; // seconds until a share is freed; < 0: none in sight
    };

    bool heartbeat(BudgetLease &lease)
    {
        if (m_abandon)
            return false;
        const qint64 sentNs = m_clock->monotonicNs();
        if (!ensureOpen())
            return false;
        Answer answer;
        if (!ask(lease, &answer))
            return false;
        take(lease, answer, sentNs);
        if (m_failing)
            qCInfo(lcBudget) << "the team budget is reachable again";
        m_failing = false;
        heartbeatWhenFreed(lease, answer);
        return true;
    }

    // One call: the server drops expired leases, computes this job's grant under the AppId's row
    // lock from the rows only this function writes, and writes it (005_insider_proof.sql,
    // cdnrec_lease_heartbeat). What any operator types in psql can neither lift nor hold a
    // grant; a lease id of another login is refused.
    bool ask(const BudgetLease &lease, Answer *answer)
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        const auto fail = [&](const QSqlQuery &q) {
            failed(q.lastError().text());
            db.rollback();
            // A broken connection is reopened on the next tick; a refused statement is not fatal.
            if (!db.isOpen() || q.lastError().type() == QSqlError::ConnectionError)
                closeDb();
            return false;
        };
        if (!db.transaction()) {
            failed(db.lastError().text());
            closeDb();
            return false;
        }
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT granted, budget, budget_usable, other_jobs, live_jobs, "
                                 "soonest_freed FROM public.cdnrec_lease_heartbeat(CAST(? AS "
                                 "uuid), ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(lease.id().toString(QUuid::WithoutBraces));
        q.addBindValue(qint64(lease.appId()));
        q.addBindValue(lease.wanted());
        q.addBindValue(lease.rate());
        q.addBindValue(LocalUser::loginName());
        q.addBindValue(LocalUser::hostName());
        q.addBindValue(qint64(::getpid()));
        if (!q.exec() || !q.next())
            return fail(q);
        answer->grant = q.value(0).toDouble();
        answer->budget = q.value(1).toDouble();
        answer->budgetUsable = q.value(2).toBool();
        answer->otherJobs = q.value(3).toInt();
        answer->live = q.value(4).toInt();
        answer->soonestFreed = q.value(5).toDouble();
        q.finish();
        if (!db.commit()) {
            failed(db.lastError().text());
            db.rollback();
            closeDb();
            return false;
        }
        return true;
    }

    // The lease now paces by the answer of a heartbeat sent at sentNs.
    static void take(BudgetLease &lease, const Answer &answer, qint64 sentNs)
    {
        QMutexLocker lock(&lease.m_mutex);
        if (lease.m_grant != answer.grant)
            qCDebug(lcBudget) << "AppId" << lease.appId() << "grant" << answer.grant << "of"
                              << answer.budget << "among" << answer.live << "jobs";
        lease.m_grant = answer.grant;
        lease.m_budget = answer.budget;
        lease.m_liveJobs = answer.live;
        lease.m_lastOkSentNs = sentNs;
        // Waiting at 0 is normal for a moment (a hold); for longer, the job says why.
        if (answer.grant > 0) {
            lease.m_zeroSinceNs = -1;
            lease.m_zeroNoticeGiven = false;
        } else if (lease.m_zeroSinceNs < 0) {
            lease.m_zeroSinceNs = sentNs;
        }
        lease.m_budgetUsable = answer.budgetUsable;
        lease.m_otherJobs = answer.otherJobs;
    }

    // A lease granted less than it wants asks again as soon as another's share is freed, not
    // only at the next tick.
    void heartbeatWhenFreed(const BudgetLease &lease, const Answer &answer)
    {
        const bool freedSoon = answer.soonestFreed >= 0 && answer.grant < lease.wanted();
        if (!freedSoon || m_extra.contains(lease.id()))
            return;
        m_extra.insert(lease.id());
        const QUuid id = lease.id();
        QTimer::singleShot(
            int(answer.soonestFreed * 1000) + 20, Qt::PreciseTimer, this, [this, id] {
                m_extra.remove(id);
                if (const auto it = m_leases.constFind(id); it != m_leases.constEnd())
                    heartbeat(**it);
            });
    }

    // The job ended: others may take its share once its last calls are out of the window.
    void release(const BudgetLease &lease)
    {
        if (!ensureOpen())
            return;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("SELECT public.cdnrec_lease_release(CAST(? AS uuid))"));
        q.addBindValue(lease.id().toString(QUuid::WithoutBraces));
        if (!q.exec())
            failed(q.lastError().text());
        else
            qCDebug(lcBudget) << "left: AppId" << lease.appId() << "rows" << q.numRowsAffected();
    }

    const TeamConfig m_config;
    const QString m_password;
    const Clock *m_clock;
    const QString m_connection;
    QTimer *m_timer = nullptr;
    QHash<QUuid, std::shared_ptr<BudgetLease>> m_leases;
    QSet<QUuid> m_extra; // leases with an extra heartbeat scheduled
    qint64 m_nextConnectNs = 0;
    bool m_open = false;
    bool m_failing = false;
};

// ---- TeamBudget -------------------------------------------------------------------------------

TeamBudget::TeamBudget(const Clock *clock, QObject *parent)
    : QObject(parent), m_clock(clock ? clock : &SystemClock::shared())
{
}

TeamBudget::~TeamBudget()
{
    shutdown(QCoreApplication::closingDown());
}

TeamBudget &TeamBudget::shared()
{
    static TeamBudget *budget = [] {
        auto *b = new TeamBudget(); // never deleted: it may outlive QCoreApplication's statics
        // The last resort, when the front end did not call shutdown() itself: no database work
        // then (see BudgetWorker::end), the leases expire on the server.
        qAddPostRoutine([] { TeamBudget::shared().shutdown(true); });
        return b;
    }();
    return *budget;
}

void TeamBudget::configure(const TeamConfig &config, const QString &password)
{
    shutdown();
    QMutexLocker lock(&m_mutex);
    m_thread = new QThread();
    m_thread->setObjectName(QStringLiteral("cdnrec-budget"));
    m_worker = new BudgetWorker(config, password, m_clock);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
    BudgetWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        m_worker, [worker] { worker->begin(); }, Qt::QueuedConnection);
}

void TeamBudget::shutdown(bool atExit)
{
    QThread *thread = nullptr;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_thread)
            return;
        BudgetWorker *worker = m_worker;
        if (atExit)
            worker->m_abandon = true;
        // The thread quits from inside end(), after every leave queued before it: a quit() from
        // here could end its event loop with those still waiting (leases left to expire).
        QMetaObject::invokeMethod(
            m_worker,
            [worker] {
                worker->end();
                QThread::currentThread()->quit();
            },
            Qt::QueuedConnection);
        thread = m_thread;
        m_thread = nullptr;
        m_worker = nullptr;
    }
    // Bounded: each statement is. A worker stuck in a dead TCP connection is left behind rather
    // than waited for (the process is ending or reconfiguring).
    if (thread->wait(3 * kStatementTimeoutMs + 2000))
        delete thread;
    else
        qCWarning(lcBudget) << "the team budget's worker did not stop in time; leaving it";
}

bool TeamBudget::isConfigured() const
{
    QMutexLocker lock(&m_mutex);
    return m_thread != nullptr;
}

std::shared_ptr<BudgetLease> TeamBudget::join(quint32 appId, double wantedRate)
{
    std::shared_ptr<BudgetLease> lease(
        new BudgetLease(m_clock, appId, std::max(0.0, wantedRate), m_clock->monotonicNs()));
    QMutexLocker lock(&m_mutex);
    if (m_worker) {
        BudgetWorker *worker = m_worker;
        QMetaObject::invokeMethod(
            m_worker, [worker, lease] { worker->add(lease); }, Qt::QueuedConnection);
    }
    return lease;
}

void TeamBudget::leave(const std::shared_ptr<BudgetLease> &lease)
{
    if (!lease)
        return;
    QMutexLocker lock(&m_mutex);
    if (m_worker) {
        BudgetWorker *worker = m_worker;
        QMetaObject::invokeMethod(
            m_worker, [worker, lease] { worker->remove(lease); }, Qt::QueuedConnection);
    }
}

} // namespace cdnrec
