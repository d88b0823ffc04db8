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
    enum class Status
    {
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

    // Where a profile's secret is, as far as this process knows: the one answer every place
    // that shows it (status line, secret field, Test connection, the console's prompt) reads.
    enum class Where
    {
        Unknown,     // not asked yet in this process: call refresh()
        Keyring,     // the keyring has it (last read or write said so)
        SessionOnly, // in memory for this session only
        None,        // nowhere: lastStatus() says why (not saved, no keyring, locked, timeout)
    };

    static constexpr int DefaultTimeoutMs = 10000;

    explicit SecretStore(QObject *parent = nullptr);
    void setTimeout(int ms) { m_timeoutMs = ms; }
    static QString serviceName() { return QStringLiteral("cdnrec"); }

    // Each calls back exactly once, on `context`'s thread, unless `context` is destroyed first:
    // what the GUI uses (nothing waits; the keyring job runs on the context's event loop).
    void read(const QString &profile, QObject *context, Callback done);
    void write(const QString &profile, const QString &secret, QObject *context, Callback done);
    void remove(const QString &profile, QObject *context, Callback done);
    // Renaming a profile moves its secret; the old entry goes only once the new one is written.
    void move(const QString &from, const QString &to, QObject *context, Callback done);

    // The same, blocking the calling thread until the answer (at most the timeout): for the
    // command line and worker threads, where waiting is fine; never the GUI thread. The keyring
    // job runs on a thread of its own with its own event loop, so the caller's event loop is not
    // re-entered (no nested QEventLoop: nothing of the caller runs meanwhile).
    Result readNow(const QString &profile);
    Result writeNow(const QString &profile, const QString &secret);
    Result removeNow(const QString &profile);

    // Session-only secrets: in memory until the process ends.
    void setSessionSecret(const QString &profile, const QString &secret);
    bool hasSessionSecret(const QString &profile) const { return m_session.contains(profile); }
    void forgetSessionSecret(const QString &profile) { m_session.remove(profile); }

    Where where(const QString &profile) const;
    // What the keyring last answered for this profile (Ok when never asked).
    Status lastStatus(const QString &profile) const { return m_known.value(profile, Status::Ok); }
    // Asks the keyring (a read whose secret is dropped) so that where() knows; calls back once.
    void refresh(const QString &profile, QObject *context, std::function<void()> done);
    // One sentence for a status line: where the secret of `profile` is, and what to do if nowhere.
    QString whereText(const QString &profile) const;
    // A few words for the secret field's placeholder.
    QString placeholderText(const QString &profile) const;
    // Where a saved secret is, said the same way everywhere (placeholder, status line, Delete's
    // question and answer, About): "the system keyring (service “cdnrec”)".
    static QString keyringPlace();
    // The one sentence for About: where every ServerSecret is, and where never.
    static QString placeSentence();
    // The question to ask when a secret is needed and cannot be read (the console's prompt).
    QString askText(const QString &profile) const;
    // The operator's sentence for a keyring status (empty for Ok); never the keyring's raw words.
    static QString statusText(Status status, const QString &profile);

private:
    void note(const QString &profile, Status status) { m_known.insert(profile, status); }
    // What a removal's answer means for the store: nothing to delete is as good as deleted.
    Result removed(const QString &profile, Result r);
    QHash<QString, QString> m_session;
    QHash<QString, Status> m_known; // the keyring's last answer per profile
    int m_timeoutMs = DefaultTimeoutMs;
};

} // namespace cdnrec
