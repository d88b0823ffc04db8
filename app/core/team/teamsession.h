// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/action.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>
#include <team/teamsync.h>

#include <QObject>
#include <QString>
#include <QTimer>

#include <condition_variable>
#include <memory>
#include <mutex>

namespace cdnrec {

// Team mode for this process, made on first use: the team database from TeamConfig::load(), its
// password from the keyring (none saved: the server must trust the user), the sync of the
// outbox started, and the shared rate budget configured. Run asks it whether to write team
// events; the front ends read its state (connected / offline, events waiting).
class TeamSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeamSession)
public:
    // The process's session (created on the first call, on the thread of the caller: call it
    // from the main thread first). Never null.
    static TeamSession *instance();
    // The same, with a password the caller read itself: the console reads the keyring without
    // blocking its window, where instance() would wait for it. An existing session is kept.
    static TeamSession *start(const QString &password);
    // Test seam: the session from this config and password, without settings or keyring (and
    // without the shared budget unless `budget`). Replaces any earlier session.
    static TeamSession *setForTesting(const TeamConfig &config, const QString &password,
                                      bool budget = false);
    // Stops and forgets the session (tests; and the exit, through shutdown()).
    static void resetForTesting();

    // Team mode is set: runs write team events.
    bool isActive() const { return m_config.isSet(); }
    const TeamConfig &config() const { return m_config; }
    // How the keyring answered for the password (empty: read, or not needed).
    QString passwordProblem() const { return m_passwordProblem; }
    TeamSync *sync() { return &m_sync; }

    TeamSync::State state() const;
    QString reason() const { return m_sync.reason(); }
    int waiting() const { return m_sync.waiting(); }
    // One sentence for a status line or a run's notice: "Team database offline (why): 12 events
    // will be sent when it is back." Empty when there is nothing to say (connected, nothing
    // waiting, or no team mode).
    QString noticeText() const;

    // What the login may do (asked once the session starts, in the background, and again when
    // the database comes back). Waits up to waitMs for an answer still coming; Unknown when
    // none came (the database is down or slow: the run goes on, its events wait).
    TeamDatabase::Role role(int waitMs = 0) const;
    // Asks again in the background (a run's prepare: the next run sees a changed role).
    void refreshRole();
    // The sentence for a run refused because of role (empty when the role may send).
    QString roleRefusal(RunAction action) const;
    // How long a command-line run waits for the role before it goes on without it.
    static constexpr int kRoleWaitMs = 2000;
    // An idle session still replays what waits (events of a process that exited, or appended
    // by a CLI into the same history): a pass this often.
    static constexpr int kIdleSyncMs = 15000;

    // A run writes into the outbox of this history file: the sync replays it too.
    void watchOutbox(const QString &path);
    // Events were appended.
    void eventsAppended() { m_sync.wake(); }

    // At the exit of a front end: waits up to ms for the outbox to drain, then stops the sync.
    // Returns how many events still wait (they go with the next start), -1 when unknown; 0 when
    // there is no session. The CLI calls it with kExitWaitMs and says how many wait.
    static constexpr int kExitWaitMs = 5000;
    static int shutdown(int ms);
    // The same, with the sentence the CLI says at its exit ("" when nothing waits or there is
    // no session). When the database did not answer within ms, the events still waiting are
    // counted in the outboxes themselves: a count is always said.
    static int shutdown(int ms, QString *sentence);
    // Sends what waits in these outboxes now, for a command that reads the team database
    // (`team status`, `history --scope team`): a sync of its own, at most ms. Returns how many
    // events still wait (counted in the outboxes when the database did not answer; -1 when
    // they cannot be read); *sent: how many went now.
    static int drain(const TeamConfig &config, const QString &password, const QStringList &outboxes,
                     int ms, int *sent = nullptr);
    static constexpr int kDrainWaitMs = 5000;

    // Whether a session was made in this process (no keyring read, no settings touched).
    static bool exists();

Q_SIGNALS:
    void stateChanged(cdnrec::TeamSync::State state, const QString &reason, int waiting);

private:
    static TeamSession *start(const QString &password, bool readKeyring);
    TeamSession(const TeamConfig &config, const QString &password, bool readKeyring, bool budget);
    ~TeamSession() override;

    struct RoleState; // shared with the sync's thread, which may outlive the session

    TeamConfig m_config;
    QString m_passwordProblem;
    TeamSync m_sync;
    QStringList m_watched;
    QTimer m_idle;
    std::shared_ptr<RoleState> m_role;
};

} // namespace cdnrec
