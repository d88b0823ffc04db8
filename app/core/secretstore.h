// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace cdnrec {

// Each profile's ServerSecret, in the OS keyring through QtKeychain (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows), under the profile's name. Every job has a
// timeout: a keyring that hangs answers Timeout, never a frozen window. When no keyring is usable,
// a secret may be kept for this session only, in memory; nothing is ever written to disk here.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)
public:
    enum class Status {
        Ok,
        NotFound,    // no secret saved for this profile (a locked keyring also answers this)
        Locked,      // the keyring refused access: locked, or the user said no
        Unavailable, // no keyring service at all
        Timeout,     // the keyring did not answer in time
    };
    struct Result
    {
        Status status = Status::Ok;
        QString secret;  // only with Ok, for read
        QString message; // a sentence for the operator, for anything but Ok
        bool ok() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Result &)>;

    static constexpr int DefaultTimeoutMs = 10000;

    explicit SecretStore(QObject *parent = nullptr);
    void setTimeout(int ms) { m_timeoutMs = ms; }
    static QString serviceName() { return QStringLiteral("cdnrec"); }

    // Each calls back exactly once, on `context`'s thread, unless `context` is destroyed first.
    void read(const QString &profile, QObject *context, Callback done);
    void write(const QString &profile, const QString &secret, QObject *context, Callback done);
    void remove(const QString &profile, QObject *context, Callback done);
    // Renaming a profile moves its secret; the old entry goes only once the new one is written.
    void move(const QString &from, const QString &to, QObject *context, Callback done);

    // The same, waiting in a local event loop (for the command line).
    Result readNow(const QString &profile);
    Result writeNow(const QString &profile, const QString &secret);
    Result removeNow(const QString &profile);

    // Session-only secrets: in memory until the process ends.
    void setSessionSecret(const QString &profile, const QString &secret);
    bool hasSessionSecret(const QString &profile) const { return m_session.contains(profile); }
    void forgetSessionSecret(const QString &profile) { m_session.remove(profile); }

private:
    Result waitFor(const std::function<void(QObject *, Callback)> &start);
    QHash<QString, QString> m_session;
    int m_timeoutMs = DefaultTimeoutMs;
};

} // namespace cdnrec
