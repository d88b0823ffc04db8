// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/rate.h>
#include <model/vendor.h>

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace cdnrec {

// A customer's set-up: who (AppId), where (region or endpoint), how (vendor, pace). The
// ServerSecret is not here: it lives in the OS keyring, under the profile's name.
struct Profile
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::Profile)
public:
    enum class Environment
    {
        Production,
        Staging,
        Test,
        Practice
    };

    QString name;
    quint32 appId = 0;
    QString region = QStringLiteral("unified"); // a key of Endpoint::regions(), or empty...
    QUrl customEndpoint;                        // ...and then this (https, or http on loopback)
    bool isTest = false; // IsTest=true: projects created on or before 2021-11-16
    Vendor vendor = Vendor::Tencent;
    double callsPerSecond = Rate::Default; // at most 20, the AppId's whole budget (Rate)
    int batchSize = 10;
    Environment environment = Environment::Production;
    QString notes;

    // The team catalog's copy this profile follows (issue 14); never published, kept by
    // ProfileStore across restarts and edits. teamVersion 0: a local-only profile. teamBase: the
    // fingerprint (ProfileStore::fingerprint) of the fields as the team had them at teamVersion,
    // so that a copy changed here since is never overwritten by a pull without saying so.
    qint64 teamVersion = 0;
    QString teamBase;
    bool isTeamProfile() const { return teamVersion > 0; }

    static constexpr double MaxCallsPerSecond = Rate::ZegoMax;
    static constexpr int MaxBatchSize = 100;

    QUrl endpoint() const;

    struct FieldError
    {
        QString field; // "name", "appId", "endpoint", "region", "rate", "batchSize"
        QString message;
    };
    // Everything wrong with this profile, one sentence per field; empty when it may be saved.
    QList<FieldError> validate() const;

    static std::optional<quint32> parseAppId(const QString &text, QString *error);
    static QString environmentKey(Environment e);
    static QString environmentDisplayName(Environment e);
    static std::optional<Environment> environmentFromKey(QStringView key);
};

} // namespace cdnrec
