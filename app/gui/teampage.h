// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <team/teamconfig.h>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace cdnrec {

class SecretStore;

// Preferences ▸ Team: where the team database is (PostgreSQL), tested before it is kept. The
// password goes to the OS keyring (SecretStore, under TeamConfig::secretKey()), never to the
// settings. Testing runs on a worker thread with its own connection: a far or dead server never
// freezes the window (the connection's own timeouts bound it).
class TeamPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeamPage)
public:
    explicit TeamPage(SecretStore *secrets, QWidget *parent = nullptr);

    TeamConfig config() const; // as the fields say
    void setConfig(const TeamConfig &config);
    QLineEdit *hostEdit() const { return m_host; }
    QLineEdit *userEdit() const { return m_user; }
    QLineEdit *passwordEdit() const { return m_password; }
    QComboBox *sslModeBox() const { return m_sslMode; }
    // "Send the password to an unverified server": only for a TLS mode that verifies nothing.
    QCheckBox *insecureBox() const { return m_insecure; }
    QPushButton *connectButton() const { return m_connect; }
    QString statusText() const;
    bool isTesting() const { return m_testing; }

Q_SIGNALS:
    // The connection was tested and kept (or forgotten): team mode follows from the next start.
    void changed();

private:
    void testAndSave();
    // A tested connection is kept (the password, if any, is in the keyring by now).
    void keep(const TeamConfig &config, bool noPassword);
    void forget();
    void showState();
    void setStatus(const QString &text, bool problem);
    void updateInsecure();

    SecretStore *m_secrets;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QComboBox *m_sslMode;
    QCheckBox *m_insecure;
    QLineEdit *m_caFile;
    QPushButton *m_browse;
    QPushButton *m_connect;
    QPushButton *m_disconnect;
    QLabel *m_status;
    bool m_testing = false;
};

} // namespace cdnrec
