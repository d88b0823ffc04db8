// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>

class QLabel;
class QMainWindow;

namespace cdnrec {

class ProfileStore;
class SecretStore;
class TeamSession;
struct TeamConfig;

// Team mode in the console: the team password read from the keyring without blocking the
// window, the session started, its state in the status bar ("Team: connected · 3 events
// waiting", the reason in the tool tip when offline), and the team's profiles pulled once (fetched
// off the GUI thread, applied here; where a secret signs changes only on the operator's yes).
class TeamStatus final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeamStatus)
public:
    TeamStatus(QMainWindow *window, ProfileStore *profiles, SecretStore *secrets);

    // The status-bar label (hidden outside team mode).
    QLabel *label() const { return m_label; }
    // After the window shows, when a team database is set up here.
    void startWhenConfigured();
    // Preferences connected a team for the first time: team mode starts now, not at next start.
    void startIfNew();
    // What the label says; empty outside team mode.
    QString text() const;
    void retranslate();

private:
    void start();
    void onPassword(const TeamConfig &config, const QString &password);
    void showState();
    void pullProfiles(const TeamConfig &config, const QString &password);

    QMainWindow *m_window;
    ProfileStore *m_profiles;
    SecretStore *m_secrets;
    QLabel *m_label;
    QPointer<TeamSession> m_session;
};

} // namespace cdnrec
