// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

#include <functional>

namespace cdnrec {

// Where the team database is (Settings keys team/...). Never the password: that lives in the OS
// keyring under secretKey().
struct TeamConfig
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::TeamConfig)

public:
    QString host; // a host name, an address, or a Unix socket folder (starts with '/')
    int port = 5432;
    QString database = QStringLiteral("cdnrec");
    QString user;
    QString sslMode = QStringLiteral("verify-full"); // libpq's values
    QString sslRootCert; // the CA file; "" = libpq's default (~/.postgresql/root.crt)
    // The operator accepted that the password may go to a server TLS does not verify (sslmode
    // disable, allow, prefer or require): `cdnrec team connect --insecure-tls`.
    bool insecureTls = false;
    // The server needs no password for this user (peer or trust authentication; connect
    // --no-password): nothing is read from a keyring, so a machine without one works.
    bool noPassword = false;

    bool isSet() const; // host and user given
    static TeamConfig load();
    void save() const;
    static void clear();
    // The keyring entry for the password: "team/user@host:port/database". Profile names may not
    // contain '/', so it can never be a profile's entry.
    QString secretKey() const;
    // The password `cdnrec team connect` kept in the keyring, read here for every front end
    // (waiting at most timeoutMs). true: *password is it, or empty when none is kept (a server
    // that trusts this user). false: the keyring could not be read (locked, absent, not
    // answering); *problem says so in the keyring's operator sentence.
    // It blocks the calling thread (for the command line and worker threads; never the GUI
    // thread), without re-entering its event loop (SecretStore::readNow).
    bool readSavedPassword(QString *password, QString *problem = nullptr,
                           int timeoutMs = 10000) const;
    // The same for the GUI: nothing waits; `done` is called once, later, on context's thread
    // (not at all once context is gone), with what the blocking one would return.
    using PasswordRead =
        std::function<void(bool ok, const QString &password, const QString &problem)>;
    void readSavedPassword(QObject *context, PasswordRead done, int timeoutMs = 10000) const;
    QString displayName() const; // user@host:port/database
    static constexpr qint64 MaxCaFileBytes = 1024 * 1024;
    // A sentence saying what is wrong with the fields, or "" when they can be used.
    QString problem() const;
    static QStringList sslModes();
    // A Unix socket (a host starting with '/'): the kernel, not TLS, says who answers.
    bool isUnixSocket() const { return host.startsWith(QLatin1Char('/')); }
    // The server is verified before a password goes to it: verify-full, verify-ca or a socket.
    bool verifiesServer() const;
    // With a password: "" when it may be sent under these settings, else the sentence that says
    // why not and what it risks (a weaker TLS mode without insecureTls).
    QString passwordProblem(bool hasPassword) const;
    // What sending the password to an unverified server risks, in one sentence.
    QString insecureRisk() const;
};

} // namespace cdnrec
