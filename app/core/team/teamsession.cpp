// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamsession.h"

#include <store/history.h>
#include <store/secretstore.h>
#include <team/teambudget.h>
#include <team/teamoutbox.h>

#include <QCoreApplication>
#include <QLoggingCategory>

#include <chrono>

Q_LOGGING_CATEGORY(lcTeamSession, "cdnrec.core.team.session", QtInfoMsg)

namespace cdnrec {

namespace {

TeamSession *g_session = nullptr;
bool g_postRoutine = false;

// When a front end did not call shutdown() itself: a command-line program (no GUI) still gives
// the sync its chance to send this run's events; the console never waits at its exit.
void shutdownAtExit()
{
    const QCoreApplication *app = QCoreApplication::instance();
    const bool gui = app && app->inherits("QGuiApplication");
    TeamSession::shutdown(gui ? 0 : TeamSession::kExitWaitMs);
}

} // namespace

struct TeamSession::RoleState
{
    std::mutex mutex;
    std::condition_variable answered;
    TeamDatabase::Role role = TeamDatabase::Role::Unknown;
    bool asked = false; // a lookup finished (answered or not)
    bool busy = false;  // asked, and the sync has not read it yet
};

TeamSession::TeamSession(const TeamConfig &config, const QString &password, bool readKeyring,
                         bool budget)
    : m_config(config), m_role(std::make_shared<RoleState>())
{
    connect(&m_sync, &TeamSync::stateChanged, this, &TeamSession::stateChanged);
    if (!m_config.isSet())
        return;
    QString pw = password;
    // On failure: tried without a password, the server says the rest.
    if (readKeyring)
        m_config.readSavedPassword(&pw, &m_passwordProblem);
    m_watched.append(History::defaultPath());
    // The sync reads the role on its connection; the state outlives the session if need be.
    m_sync.setRoleSink([state = m_role](TeamDatabase::Role role) {
        qCDebug(lcTeamSession) << "team role:" << TeamDatabase::roleName(role);
        const std::lock_guard lock(state->mutex);
        if (role != TeamDatabase::Role::Unknown)
            state->role = role;
        state->asked = true;
        state->busy = false;
        state->answered.notify_all();
    });
    {
        const std::lock_guard lock(m_role->mutex);
        m_role->busy = true; // the first pass asks
    }
    m_sync.start(m_config, pw, m_watched);
    if (budget)
        TeamBudget::shared().configure(m_config, pw);
    // The role of a session that started offline is read when the database is back (the sync
    // asks again after every pass that could not read it).
    // Idle, the sync still replays what waits: events of a process that ended before they went,
    // or that a CLI appended into the same history (nothing of this process wakes it then).
    m_idle.setInterval(kIdleSyncMs);
    connect(&m_idle, &QTimer::timeout, this, [this] { m_sync.wake(); });
    m_idle.start();
}

TeamSession::~TeamSession()
{
    m_idle.stop();
    m_sync.stop(1000);
}

void TeamSession::refreshRole()
{
    if (!isActive())
        return;
    {
        const std::lock_guard lock(m_role->mutex);
        m_role->busy = true;
    }
    // On the sync's own connection, at its next pass (TeamSync::setRoleSink).
    m_sync.askRole();
}

TeamDatabase::Role TeamSession::role(int waitMs) const
{
    if (!isActive())
        return TeamDatabase::Role::Unknown;
    std::unique_lock lock(m_role->mutex);
    if (waitMs > 0)
        m_role->answered.wait_for(lock, std::chrono::milliseconds(waitMs), [this] {
            return m_role->role != TeamDatabase::Role::Unknown || (m_role->asked && !m_role->busy);
        });
    return m_role->role;
}

QString TeamSession::roleRefusal(RunAction action) const
{
    const TeamDatabase::Role r = role();
    if (r == TeamDatabase::Role::Unknown || TeamDatabase::maySend(r))
        return QString();
    const bool start = action == RunAction::Start;
    if (r == TeamDatabase::Role::Auditor)
        return start ? tr("team user %1 is an auditor: auditors may read the team history but "
                          "not start recordings (ask your admin for the operator role)")
                           .arg(m_config.user)
                     : tr("team user %1 is an auditor: auditors may read the team history but "
                          "not stop recordings (ask your admin for the operator role)")
                           .arg(m_config.user);
    return tr("team user %1 is not an operator of the team database, so it may not send anything "
              "in team mode (ask your admin: cdnrec team add-user)")
        .arg(m_config.user);
}

TeamSession *TeamSession::instance()
{
    return g_session ? g_session : start(QString(), true);
}

TeamSession *TeamSession::start(const QString &password)
{
    return g_session ? g_session : start(password, false);
}

TeamSession *TeamSession::start(const QString &password, bool readKeyring)
{
    if (!g_session) {
        g_session = new TeamSession(TeamConfig::load(), password, readKeyring, true);
        if (!g_postRoutine) {
            qAddPostRoutine(shutdownAtExit);
            g_postRoutine = true;
        }
    }
    return g_session;
}

TeamSession *TeamSession::setForTesting(const TeamConfig &config, const QString &password,
                                        bool budget)
{
    resetForTesting();
    g_session = new TeamSession(config, password, false, budget);
    return g_session;
}

void TeamSession::resetForTesting()
{
    delete g_session;
    g_session = nullptr;
}

TeamSync::State TeamSession::state() const
{
    return isActive() ? m_sync.state() : TeamSync::State::NotConfigured;
}

QString TeamSession::noticeText() const
{
    if (!isActive())
        return QString();
    // Events of a login that may not add to the team history are never accepted: no promise.
    if (const TeamDatabase::Role r = role();
        r != TeamDatabase::Role::Unknown && !TeamDatabase::maySend(r)) {
        const int n = m_sync.waiting();
        if (n <= 0)
            return QString();
        return tr("%n team event(s) wait that the team database will not accept: team user %1 "
                  "may not add to the team history.",
                  nullptr, n)
            .arg(m_config.user);
    }
    if (m_sync.state() != TeamSync::State::Offline)
        return QString();
    const int n = m_sync.waiting();
    const QString why = m_sync.reason();
    if (n <= 0)
        return tr("Team database offline: %1").arg(why);
    return tr("Team database offline: %n event(s) will be sent when it is back. %1", nullptr, n)
        .arg(why);
}

void TeamSession::watchOutbox(const QString &path)
{
    if (!isActive() || m_watched.contains(path))
        return;
    m_watched.append(path);
    m_sync.addOutbox(path);
}

namespace {

// Events not yet in the team database, counted in the outbox files (-1: one cannot be read).
int countWaiting(const QStringList &outboxes)
{
    int waiting = 0;
    for (const QString &path : outboxes) {
        const TeamOutbox outbox(path, TeamOutbox::Mode::ReadOnly);
        if (!outbox.isOpen())
            continue; // no history yet: nothing written, nothing waiting
        const int n = outbox.unsyncedCount();
        // A history from before team mode has no outbox yet: nothing waits.
        if (n < 0 && outbox.lastError().contains(QLatin1String("no such table")))
            continue;
        if (n < 0)
            return -1;
        waiting += n;
    }
    return waiting;
}

} // namespace

int TeamSession::drain(const TeamConfig &config, const QString &password,
                       const QStringList &outboxes, int ms, int *sent)
{
    if (sent)
        *sent = 0;
    const int before = countWaiting(outboxes);
    if (before <= 0 || !config.isSet())
        return before;
    int waiting = -1;
    {
        TeamSync sync;
        sync.start(config, password, outboxes);
        waiting = sync.waitUntilDrained(ms);
        if (!sync.stop(1000))
            qCWarning(lcTeamSession) << "team sync still busy after the drain";
    }
    if (waiting < 0)
        waiting = countWaiting(outboxes);
    if (sent && waiting >= 0)
        *sent = qMax(0, before - waiting);
    return waiting;
}

bool TeamSession::exists()
{
    return g_session != nullptr;
}

int TeamSession::shutdown(int ms)
{
    return shutdown(ms, nullptr);
}

int TeamSession::shutdown(int ms, QString *sentence)
{
    // The budget's leases are released (not left to expire), before ~QCoreApplication: the QPSQL
    // driver must not be used from there.
    TeamBudget::shared().shutdown();
    if (!g_session)
        return 0;
    int waiting = 0;
    if (g_session->isActive())
        waiting = ms > 0 ? g_session->m_sync.waitUntilDrained(ms) : g_session->m_sync.waiting();
    if (sentence && g_session->isActive()) {
        sentence->clear();
        const bool hung = waiting < 0;
        if (hung) {
            // The sync is still in a database call: count what waits in the outboxes themselves.
            waiting = countWaiting(g_session->m_watched);
        }
        const TeamDatabase::Role r = g_session->role();
        if (waiting > 0 && r != TeamDatabase::Role::Unknown && !TeamDatabase::maySend(r))
            *sentence = tr("%n team event(s) wait in this computer's history that the team "
                           "database will not accept (team user %1 may not add to the team "
                           "history).",
                           nullptr, waiting)
                            .arg(g_session->m_config.user);
        else if (hung && waiting < 0)
            *sentence = tr("The team database did not answer within %1 s, and how many team "
                           "events wait in this computer's history cannot be read; they are "
                           "sent at the next cdnrec or console start.")
                            .arg(ms / 1000);
        else if (hung && waiting > 0)
            *sentence = tr("The team database did not answer within %1 s: %n team event(s) wait "
                           "in this computer's history; they are sent at the next cdnrec or "
                           "console start.",
                           nullptr, waiting)
                            .arg(ms / 1000);
        else if (waiting > 0)
            *sentence = tr("%n team event(s) wait in this computer's history; they are sent at "
                           "the next cdnrec or console start.",
                           nullptr, waiting);
    }
    if (g_session->m_sync.stop(1000)) {
        delete g_session;
    } else {
        qCWarning(lcTeamSession) << "team sync busy at exit";
        // Left alive: its thread is still in a bounded database call and ends with the process.
    }
    g_session = nullptr;
    return waiting;
}

} // namespace cdnrec
