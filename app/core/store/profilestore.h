// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/profile.h>

#include <QJsonObject>
#include <QObject>
#include <QSettings>

#include <memory>

class QFileSystemWatcher;

namespace cdnrec {

// Named profiles in QSettings. No secret ever goes there: see SecretStore.
class ProfileStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileStore)
public:
    static constexpr int SchemaVersion = 1;

    // Default: the application's QSettings. Tests pass a file of their own.
    explicit ProfileStore(QObject *parent = nullptr);
    explicit ProfileStore(const QString &settingsFile, QObject *parent = nullptr);
    ~ProfileStore() override;

    QList<Profile> profiles() const;
    QStringList names() const;
    std::optional<Profile> find(const QString &name) const;

    // Each returns an empty string on success, or what was wrong (nothing is saved then).
    QString add(const Profile &profile);
    QString update(const QString &oldName, const Profile &profile);
    QString remove(const QString &name);

    // A set-up to hand a colleague: JSON, without secrets.
    QByteArray exportJson(const QStringList &names = {}) const;
    struct ImportResult
    {
        QStringList added;
        QStringList skipped; // "name: why"
        QString error;       // the file as a whole could not be read
    };
    ImportResult importJson(const QByteArray &json);

    // The shareable fields of a profile (what an export and the team catalog carry: never a
    // secret, never the team marks) and back. fromJson: nullopt and *why when it cannot be read.
    static QJsonObject toJson(const Profile &profile);
    static std::optional<Profile> fromJson(const QJsonObject &object, QString *why);
    // A digest of toJson(profile): equal fingerprints, equal shareable fields.
    static QString fingerprint(const Profile &profile);
    // True when a team profile's fields were changed here since its team version was taken.
    static bool changedSinceTeamVersion(const Profile &profile);

    // Team catalog (issue 14). update() keeps a profile's team marks while its name stays; a
    // renamed copy becomes local. These two set them; each returns an empty string or why not.
    // Adds the team's copy, or replaces the profile of that name with it, marked as team
    // version `version`.
    QString putTeamCopy(const Profile &teamCopy, qint64 version);
    // Marks the profile `name` as following team version `version`, with the fields whose
    // fingerprint is `base` (those that were published).
    QString markTeam(const QString &name, qint64 version, const QString &base);

    // Why the store is read-only, if it is (written by a newer cdnrec).
    QString readOnlyReason() const { return m_readOnly; }

    // PRACTICE is the label of the simulator on this computer only: a profile whose calls go to
    // ZEGO's hosts (or any host not loopback) stops real recordings and may not wear it. Empty
    // when the profile's environment fits its endpoint, else why not (add() and update() refuse).
    static QString environmentProblem(const Profile &profile);

Q_SIGNALS:
    // The profiles changed: saved here, or by another process (the command line) in the same file.
    void changed();

protected:
    // The file is watched from the first connection to changed() on: a command that only reads
    // or writes profiles never starts a watcher.
    void connectNotify(const QMetaMethod &signal) override;

private:
    void watch();
    void fileChanged();
    void migrate();
    void save(const QList<Profile> &profiles);
    QList<Profile> load() const;

    std::unique_ptr<QSettings> m_settings;
    QString m_readOnly;
    QFileSystemWatcher *m_watcher = nullptr;
    QByteArray m_seen; // the profiles as last read or written, to tell a real change
};

} // namespace cdnrec
