// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "profile.h"

#include <QObject>
#include <QSettings>

#include <memory>

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

    // Why the store is read-only, if it is (written by a newer cdnrec).
    QString readOnlyReason() const { return m_readOnly; }

Q_SIGNALS:
    void changed();

private:
    void migrate();
    void save(const QList<Profile> &profiles);
    QList<Profile> load() const;

    std::unique_ptr<QSettings> m_settings;
    QString m_readOnly;
};

} // namespace cdnrec
