// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamsync.h"

#include <store/settings.h>
#include <team/teamoutbox.h>

#include <QAtomicInt>
#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QPointer>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <QWaitCondition>

#include <map>

Q_LOGGING_CATEGORY(lcTeamSync, "cdnrec.core.team.sync", QtInfoMsg)

namespace cdnrec {

struct SyncShared
{
    QMutex mutex;
    QWaitCondition changed;
    TeamSync::State state = TeamSync::State::NotConfigured;
    QString reason;
    int waiting = 0;
    quint64 passes = 0;
    // A wake is posted and its pass has not begun: appends until then post nothing more (the
    // pass clears it before it reads, so it sees every event committed before this was seen set).
    QAtomicInt wakePending;
    bool detached = false;    // the TeamSync is gone: report to nobody
    QPointer<TeamSync> owner; // only used under mutex while !detached
    // The login's role: read at the next pass when set (see TeamSync::setRoleSink).
    QAtomicInt roleWanted{1};
    std::function<void(TeamDatabase::Role)> roleSink; // set before the thread starts
};

namespace {

QAtomicInt g_syncConnections;

// Events, one statement (so one transaction, one round trip): the JSON array inserted in its
// order; those the database has already (another replayer, or a replay after a crash before the
// mark) are skipped. The JSON comes as the outbox keeps it (TeamOutbox::joined), and goes as a
// dollar-quoted literal with a tag it does not contain: QPSQL would otherwise PREPARE, EXECUTE
// with the value escaped by QString::replace, and DEALLOCATE, three round trips and a copy of
// the batch for each pass. A quote, a backslash or a `$` in the JSON mean nothing there; a NUL
// cannot be in it (the outbox passes over a moment that has one).
TeamDatabase::Status insertEvents(const QString &connection, const QByteArray &events,
                                  QString *sqlState = nullptr)
{
    QByteArray tag;
    do {
        tag = "$j" + QByteArray::number(QRandomGenerator::global()->generate64(), 36) + '$';
    } while (events.contains(tag.constData() + 1)); // "j…$": a tag that ends in the JSON's `$`
    QByteArray sql;
    sql.reserve(events.size() + 100);
    // Through the one function operators may call (005_insider_proof.sql): the server assigns
    // seq and the writer, and refuses events for a run this login did not begin (CR001).
    sql += "SELECT public.cdnrec_append_events(CAST(";
    sql += tag;
    sql += events;
    sql += tag;
    sql += " AS jsonb))";
    QSqlQuery q(QSqlDatabase::database(connection, false));
    if (!q.exec(QString::fromUtf8(sql))) {
        if (sqlState)
            *sqlState = q.lastError().nativeErrorCode();
        return TeamDatabase::classify(q.lastError());
    }
    return {};
}

// What the server refuses in a moment's own content, so that sending it again fails again: a
// value that is not what its column takes (a UUID, a time, a number), a JSON it cannot read, an
// event over 005's size limits, an event for a run someone else began (a history file edited by
// hand). Not the rest of classes 22 and 23: a unique violation of seq after a restore left the
// sequence behind, a database that is not UTF8 are the server's state, and passing events over for
// them would lose them; the sync waits and retries instead.
bool refusedContent(const QString &sqlState)
{
    static const QStringList content{
        QStringLiteral("22P02"), // invalid_text_representation
        QStringLiteral("22003"), // numeric_value_out_of_range
        QStringLiteral("22007"), // invalid_datetime_format
        QStringLiteral("22008"), // datetime_field_overflow
        QStringLiteral("22023"), // invalid_parameter_value (not an array of objects)
        QStringLiteral("54001"), // statement_too_complex (nested too deep)
        QStringLiteral("23514"), // check_violation: 005's size limits (an event over 64 KB)
        QStringLiteral("CR001"), // an event for a run this login did not begin
    };
    return content.contains(sqlState);
}

// Replays one outbox until it is empty or something fails. *sent: events inserted or skipped.
// A moment the server refuses as data (a history file damaged by hand) would fail its batch on
// every replay and stop the team history for good: the batch is then sent moment by moment, and
// the refused one is left in the local history, passed over, with a warning.
TeamDatabase::Status replayOutbox(TeamOutbox &outbox, const QString &connection, int batchSize,
                                  int *sent)
{
    const auto markFailed = [&outbox] {
        TeamDatabase::Status local;
        local.error = TeamDatabase::Error::Other;
        local.message = TeamSync::tr("The local history cannot mark events as sent (%1).")
                            .arg(outbox.lastError());
        return local;
    };
    for (;;) {
        if (QThread::currentThread()->isInterruptionRequested())
            return {};
        const QList<TeamOutbox::Moment> moments = outbox.unsynced(batchSize);
        if (moments.isEmpty())
            return {};
        int events = 0;
        for (const TeamOutbox::Moment &m : moments) {
            events += m.events;
            if (m.damaged)
                qCWarning(lcTeamSync).noquote()
                    << "moment" << m.seq << "of" << outbox.path()
                    << "is damaged and cannot be sent; it stays in the local history only";
        }
        QString sqlState;
        TeamDatabase::Status st = insertEvents(connection, TeamOutbox::joined(moments), &sqlState);
        if (!st.ok() && refusedContent(sqlState)) {
            for (const TeamOutbox::Moment &m : moments) {
                if (m.damaged)
                    continue;
                st = insertEvents(connection, TeamOutbox::joined({m}), &sqlState);
                if (!st.ok() && !refusedContent(sqlState))
                    return st;
                if (!st.ok())
                    qCWarning(lcTeamSync).noquote()
                        << "the team database refuses moment" << m.seq << "of" << outbox.path()
                        << "(" << m.events
                        << "events); it stays in the local history only:" << st.message;
                if (!outbox.markSynced(m.seq))
                    return markFailed();
            }
            st = {};
        }
        if (!st.ok())
            return st;
        // Should the mark fail (or the process die here), the next replay inserts nothing.
        if (!outbox.markSynced(moments.constLast().seq))
            return markFailed();
        if (sent)
            *sent += events;
        if (events < batchSize)
            return {}; // that was all: what came since is the next pass's
    }
}

} // namespace

// Lives on the sync's thread; every member is touched only there.
class SyncWorker final : public QObject
{
public:
    SyncWorker(std::shared_ptr<SyncShared> shared, TeamConfig config, QString password,
               QStringList paths)
        : m_shared(std::move(shared)), m_config(std::move(config)), m_password(std::move(password)),
          m_paths(std::move(paths)),
          m_connection(
              QStringLiteral("cdnrec-team-sync-%1").arg(g_syncConnections.fetchAndAddRelaxed(1)))
    {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &SyncWorker::pass);
    }
    ~SyncWorker() override
    {
        m_outboxes.clear();
        TeamDatabase::close(m_connection);
    }

    void wake()
    {
        if (m_backoffMs > 0 || m_timer->isActive())
            return; // a retry is due anyway, or a pass is about to run
        m_timer->start(TeamSync::kCoalesceMs);
    }
    void retryNow() { m_timer->start(0); }
    void addOutbox(const QString &path)
    {
        if (!m_paths.contains(path))
            m_paths.append(path);
        retryNow();
    }

    void pass()
    {
        m_shared->wakePending.fetchAndStoreOrdered(0);
        if (QThread::currentThread()->isInterruptionRequested())
            return;
        TeamDatabase::Status st = TeamDatabase::open(m_config, m_password, m_connection);
        if (m_shared->roleSink && m_shared->roleWanted.fetchAndStoreOrdered(0)) {
            // Before the replay: a command line waits for it before it sends.
            const TeamDatabase::Role role =
                st.ok() ? TeamDatabase::role(m_connection) : TeamDatabase::Role::Unknown;
            if (role == TeamDatabase::Role::Unknown)
                m_shared->roleWanted.storeRelease(1); // asked again at the next pass
            m_shared->roleSink(role);
        }
        if (st.ok()) {
            for (const QString &path : std::as_const(m_paths)) {
                TeamOutbox *outbox = outboxFor(path);
                if (!outbox)
                    continue;
                int sent = 0;
                st = replayOutbox(*outbox, m_connection, TeamSync::kBatchSize, &sent);
                if (sent > 0)
                    qCDebug(lcTeamSync) << "replayed" << sent << "events of" << path;
                if (!st.ok())
                    break;
            }
        }
        int waiting = 0;
        for (const QString &path : std::as_const(m_paths)) {
            TeamOutbox *outbox = outboxFor(path);
            const int n = outbox ? outbox->unsyncedCount() : 0;
            waiting = n < 0 || waiting < 0 ? -1 : waiting + n;
        }
        if (st.ok()) {
            m_backoffMs = 0;
            report(TeamSync::State::Connected, QString(), waiting);
            if (waiting > 0 && !m_timer->isActive())
                m_timer->start(TeamSync::kCoalesceMs); // appended while this pass ran
            return;
        }
        // Reconnect from scratch next time: a broken connection is not reused.
        TeamDatabase::close(m_connection);
        m_backoffMs = m_backoffMs == 0 ? TeamSync::kMinBackoffMs
                                       : qMin(m_backoffMs * 2, TeamSync::kMaxBackoffMs);
        qCInfo(lcTeamSync) << "team database offline, retry in" << m_backoffMs
                           << "ms:" << st.message;
        report(TeamSync::State::Offline, st.message, waiting);
        m_timer->start(m_backoffMs);
    }

private:
    TeamOutbox *outboxFor(const QString &path)
    {
        auto it = m_outboxes.find(path);
        if (it == m_outboxes.end() || !it->second->isOpen()) {
            auto outbox = std::make_unique<TeamOutbox>(path);
            if (!outbox->isOpen()) {
                m_outboxes.erase(path);
                return nullptr; // no history there yet: nothing to send
            }
            // Events the team database has are kept as long as the history keeps runs: purged
            // here, once an outbox, on this thread and its connection (not a run's).
            outbox->purgeSynced(Settings::historyKeepDays());
            it = m_outboxes.insert_or_assign(path, std::move(outbox)).first;
        }
        return it->second.get();
    }

    void report(TeamSync::State state, const QString &reason, int waiting)
    {
        QMutexLocker lock(&m_shared->mutex);
        const bool changed =
            state != m_shared->state || reason != m_shared->reason || waiting != m_shared->waiting;
        m_shared->state = state;
        m_shared->reason = reason;
        m_shared->waiting = waiting;
        ++m_shared->passes;
        m_shared->changed.wakeAll();
        if (!changed || m_shared->detached || !m_shared->owner)
            return;
        TeamSync *owner = m_shared->owner.data();
        QMetaObject::invokeMethod(
            owner,
            [owner, state, reason, waiting] { Q_EMIT owner->stateChanged(state, reason, waiting); },
            Qt::QueuedConnection);
    }

    std::shared_ptr<SyncShared> m_shared;
    TeamConfig m_config;
    QString m_password;
    QStringList m_paths;
    QString m_connection;
    QTimer *m_timer = nullptr;
    int m_backoffMs = 0;
    std::map<QString, std::unique_ptr<TeamOutbox>> m_outboxes;
};

TeamSync::TeamSync(QObject *parent) : QObject(parent), m_shared(std::make_shared<SyncShared>())
{
    m_shared->owner = this;
}

TeamSync::~TeamSync()
{
    stop(2000);
}

void TeamSync::start(const TeamConfig &config, const QString &password, const QStringList &outboxes)
{
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("cdnrec team sync"));
    m_worker = new SyncWorker(m_shared, config, password, outboxes);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start(QThread::LowPriority);
    retryNow();
}

void TeamSync::setRoleSink(std::function<void(TeamDatabase::Role)> sink)
{
    m_shared->roleSink = std::move(sink);
}

void TeamSync::askRole()
{
    // At the next pass, which honours the backoff: a database that is down is not tried again
    // (for up to its connect timeout) just because a run asked.
    m_shared->roleWanted.storeRelease(1);
    wake();
}

void TeamSync::addOutbox(const QString &path)
{
    if (SyncWorker *w = m_worker)
        QMetaObject::invokeMethod(
            w, [w, path] { w->addOutbox(path); }, Qt::QueuedConnection);
}

void TeamSync::wake()
{
    // A run appends a few events per call: one posted wake per pass, not one per append.
    if (SyncWorker *w = m_worker; w && m_shared->wakePending.testAndSetOrdered(0, 1))
        QMetaObject::invokeMethod(
            w, [w] { w->wake(); }, Qt::QueuedConnection);
}

void TeamSync::retryNow()
{
    if (SyncWorker *w = m_worker)
        QMetaObject::invokeMethod(
            w, [w] { w->retryNow(); }, Qt::QueuedConnection);
}

int TeamSync::waitUntilDrained(int ms)
{
    if (!m_thread)
        return 0;
    QDeadlineTimer deadline(ms);
    QMutexLocker lock(&m_shared->mutex);
    // At least one pass that began after this call: what was just appended is counted.
    const quint64 target = m_shared->passes + 1;
    lock.unlock();
    retryNow();
    lock.relock();
    while (m_shared->passes < target || m_shared->waiting != 0) {
        if (m_shared->passes >= target && m_shared->state == State::Offline)
            break; // it tried: the rest waits for the next start
        if (!m_shared->changed.wait(&m_shared->mutex, deadline))
            break;
    }
    return m_shared->passes >= target ? m_shared->waiting : -1;
}

bool TeamSync::stop(int ms)
{
    if (!m_thread)
        return true;
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->detached = true;
    }
    m_thread->requestInterruption();
    m_thread->quit();
    const bool done = m_thread->wait(QDeadlineTimer(ms));
    if (done)
        delete m_thread; // the worker went with the thread's finished()
    else
        qCWarning(lcTeamSync) << "the team sync is still in a database call; left to the exit";
    m_thread = nullptr;
    m_worker = nullptr;
    return done;
}

TeamSync::State TeamSync::state() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->state;
}

QString TeamSync::reason() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->reason;
}

int TeamSync::waiting() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->waiting;
}

TeamDatabase::Status TeamSync::replay(const TeamConfig &config, const QString &password,
                                      const QString &outboxPath, int *sent, int batchSize)
{
    const QString connection =
        QStringLiteral("cdnrec-team-replay-%1").arg(g_syncConnections.fetchAndAddRelaxed(1));
    TeamDatabase::Status st = TeamDatabase::open(config, password, connection);
    if (st.ok()) {
        TeamOutbox outbox(outboxPath);
        if (outbox.isOpen())
            st = replayOutbox(outbox, connection, batchSize, sent);
    }
    TeamDatabase::close(connection);
    return st;
}

} // namespace cdnrec
