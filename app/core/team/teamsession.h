// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "teamconfig.h"
#include "teamsync.h"

#include <QObject>
#include <QString>

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

    // A run writes into the outbox of this history file: the sync replays it too.
    void watchOutbox(const QString &path);
    // Events were appended.
    void eventsAppended() { m_sync.wake(); }

    // At the exit of a front end: waits up to ms for the outbox to drain, then stops the sync.
    // Returns how many events still wait (they go with the next start), -1 when unknown; 0 when
    // there is no session. The CLI calls it with kExitWaitMs and says how many wait.
    static constexpr int kExitWaitMs = 5000;
    static int shutdown(int ms);
    // Whether a session was made in this process (no keyring read, no settings touched).
    static bool exists();

Q_SIGNALS:
    void stateChanged(cdnrec::TeamSync::State state, const QString &reason, int waiting);

private:
    static TeamSession *start(const QString &password, bool readKeyring);
    TeamSession(const TeamConfig &config, const QString &password, bool readKeyring, bool budget);
    ~TeamSession() override;

    TeamConfig m_config;
    QString m_passwordProblem;
    TeamSync m_sync;
    QStringList m_watched;
};

} // namespace cdnrec
