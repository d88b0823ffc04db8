// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamsession.h"

#include "history.h"
#include "secretstore.h"
#include "teambudget.h"

#include <QCoreApplication>
#include <QLoggingCategory>

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

TeamSession::TeamSession(const TeamConfig &config, const QString &password, bool readKeyring,
                         bool budget)
    : m_config(config)
{
    connect(&m_sync, &TeamSync::stateChanged, this, &TeamSession::stateChanged);
    if (!m_config.isSet())
        return;
    QString pw = password;
    // On failure: tried without a password, the server says the rest.
    if (readKeyring)
        m_config.readSavedPassword(&pw, &m_passwordProblem);
    m_watched.append(History::defaultPath());
    m_sync.start(m_config, pw, m_watched);
    if (budget)
        TeamBudget::shared().configure(m_config, pw);
}

TeamSession::~TeamSession()
{
    m_sync.stop(1000);
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
    if (!isActive() || m_sync.state() != TeamSync::State::Offline)
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

bool TeamSession::exists()
{
    return g_session != nullptr;
}

int TeamSession::shutdown(int ms)
{
    // The budget's leases are released (not left to expire), before ~QCoreApplication: the QPSQL
    // driver must not be used from there.
    TeamBudget::shared().shutdown();
    if (!g_session)
        return 0;
    int waiting = 0;
    if (g_session->isActive())
        waiting = ms > 0 ? g_session->m_sync.waitUntilDrained(ms) : g_session->m_sync.waiting();
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
