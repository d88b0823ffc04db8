// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <optional>

class QTextStream;

namespace cdnrec {

class ProfileStore;
class SecretStore;
struct Profile;

// `cdnrec profile list | show | add | edit | remove | export | import`.
class ProfileCommand final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::ProfileCommand)
public:
    enum Exit
    {
        Ok = 0,
        Usage = 2,
        KeyringProblem = 5
    };
    ProfileCommand(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments); // [0] program, [1] "profile", [2] verb, ...

    // The secret from the terminal without echo, or the first line of standard input.
    static QString readSecret(const QString &prompt, QTextStream &err);

private:
    struct Options;
    void say(const QString &message); // "cdnrec profile: " and the message, on stderr
    int usage(const QString &message);
    // Applies the options given to a profile; returns what was wrong, if anything.
    static QString apply(const Options &o, Profile &profile);
    int storeSecret(SecretStore &secrets, const QString &profileName);
    int list(const Options &o, const ProfileStore &store);
    int exportProfiles(const QStringList &pos, const ProfileStore &store);
    int importProfiles(const QString &name, ProfileStore &store);
    int show(const Options &o, const QString &name, const ProfileStore &store,
             SecretStore &secrets);
    int add(const Options &o, const QString &name, ProfileStore &store, SecretStore &secrets);
    int edit(const Options &o, const QString &name, ProfileStore &store, SecretStore &secrets);
    int remove(const QString &name, ProfileStore &store, SecretStore &secrets);
    // `remove NAME` when there is no profile NAME: the ServerSecret such a profile left in the
    // keyring, if any, goes (the exit code); nothing left: nullopt.
    std::optional<int> removeLeftSecret(const ProfileStore &store, SecretStore &secrets,
                                        const QString &name);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cdnrec
