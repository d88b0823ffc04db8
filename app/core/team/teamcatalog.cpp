// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamcatalog.h"

#include "profilestore.h"
#include "secretstore.h"
#include "teamconfig.h"

#include <QAtomicInteger>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace cdnrec {

Q_LOGGING_CATEGORY(lcCatalog, "cdnrec.core.team.catalog")

namespace {

// A catalog bigger than this is not a profile catalog: read no more (bounded memory and time).
constexpr int MaxProfiles = 5000;

QString fieldsText(const Profile &p)
{
    QJsonObject o = ProfileStore::toJson(p);
    o.remove(QStringLiteral("name")); // the row's key says it
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

std::optional<Profile> profileFrom(const QString &name, const QString &fields, QString *why)
{
    QJsonParseError e{};
    const QJsonDocument doc = QJsonDocument::fromJson(fields.toUtf8(), &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject()) {
        *why = TeamCatalog::tr("its fields are not readable");
        return std::nullopt;
    }
    QJsonObject o = doc.object();
    o.insert(QStringLiteral("name"), name);
    auto p = ProfileStore::fromJson(o, why);
    if (p) {
        if (const auto errors = p->validate(); !errors.isEmpty()) {
            *why = errors.front().message;
            return std::nullopt;
        }
    }
    return p;
}

QString quoted(const QString &name)
{
    return QStringLiteral("“%1”").arg(name);
}

QString newConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("cdnrec-team-catalog-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

TeamCatalog::TeamCatalog(const QString &connectionName) : m_connection(connectionName) {}

QString TeamCatalog::secretProblem(const Profile &profile)
{
    // ZEGO's ServerSecret is 32 hexadecimal characters; a run of exactly that many in a text
    // someone pasted into the notes or an endpoint is far more likely a secret than anything else.
    static const QRegularExpression secretLike(
        QStringLiteral("(?<![0-9A-Fa-f])[0-9A-Fa-f]{32}(?![0-9A-Fa-f])"));
    const QList<std::pair<QString, QString>> fields = {
        {tr("name"), profile.name},
        {tr("notes"), profile.notes},
        {tr("endpoint"), profile.customEndpoint.toString()},
        {tr("region"), profile.region},
    };
    for (const auto &[field, text] : fields) {
        if (secretLike.match(text).hasMatch())
            return tr("The %1 of “%2” holds what looks like a ServerSecret (32 hexadecimal "
                      "characters); remove it before publishing: secrets stay in each operator's "
                      "keyring.")
                .arg(field, profile.name);
    }
    return QString();
}

TeamCatalog::ListResult TeamCatalog::list() const
{
    ListResult result;
    const TeamReadDeadline deadline(m_connection); // a server that never answers
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT name, fields::text, version, published_by::text, os_user, "
                               "host, published_at, retired FROM cdnrec_profiles ORDER BY name "
                               "LIMIT %1")
                    .arg(MaxProfiles))) {
        result.status = TeamDatabase::classify(q.lastError());
        return result;
    }
    while (q.next()) {
        const QString name = q.value(0).toString();
        QString why;
        const auto p = profileFrom(name, q.value(1).toString(), &why);
        if (!p) {
            result.unreadable.append(QStringLiteral("%1: %2").arg(name, why));
            continue;
        }
        Entry e;
        e.profile = *p;
        e.version = q.value(2).toLongLong();
        e.publishedBy = q.value(3).toString();
        e.osUser = q.value(4).toString();
        e.host = q.value(5).toString();
        e.publishedAt = q.value(6).toDateTime();
        e.retired = q.value(7).toBool();
        result.entries.append(e);
    }
    if (q.lastError().isValid())
        result.status = TeamDatabase::classify(q.lastError());
    return result;
}

TeamCatalog::PublishResult TeamCatalog::publish(const Profile &profile, bool replace) const
{
    PublishResult r;
    const auto refuse = [&r](const QString &why) {
        r.outcome = PublishOutcome::Refused;
        r.message = why;
        return r;
    };
    if (const QString why = secretProblem(profile); !why.isEmpty())
        return refuse(why);
    if (const auto errors = profile.validate(); !errors.isEmpty())
        return refuse(tr("“%1” cannot be published: %2").arg(profile.name, errors.front().message));

    Profile shared = profile; // the team marks are this machine's, never published
    shared.teamVersion = 0;
    shared.teamBase.clear();
    r.fingerprint = ProfileStore::fingerprint(shared);
    const QString fields = fieldsText(shared);
    const QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const auto failed = [&r](const QSqlQuery &q) {
        r.outcome = PublishOutcome::Failed;
        r.status = TeamDatabase::classify(q.lastError());
        r.message = r.status.message;
        return r;
    };
    const auto published = [&r, &profile](qint64 version, bool restored) {
        r.outcome = PublishOutcome::Published;
        r.version = version;
        r.restored = restored;
        r.message =
            restored
                ? tr("“%1” was retired in the team and is restored, as version %2.")
                      .arg(profile.name)
                      .arg(version)
                : tr("“%1” published to the team as version %2.").arg(profile.name).arg(version);
        return r;
    };

    // The team's row as it is now: version and fingerprint, or version 0 when there is none.
    struct Current
    {
        qint64 version = 0;
        QString fingerprint;
        QString publishedBy;
        QDateTime publishedAt;
        bool retired = false;
    };
    const auto current = [&](Current *c) -> bool {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT fields::text, version, published_by::text, published_at, "
                                 "retired FROM cdnrec_profiles WHERE name = ?"));
        q.addBindValue(profile.name);
        if (!q.exec()) {
            failed(q);
            return false;
        }
        if (q.next()) {
            QString why;
            const auto p = profileFrom(profile.name, q.value(0).toString(), &why);
            c->fingerprint = p ? ProfileStore::fingerprint(*p) : QString();
            c->version = q.value(1).toLongLong();
            c->publishedBy = q.value(2).toString();
            c->publishedAt = q.value(3).toDateTime();
            c->retired = q.value(4).toBool();
        }
        return true;
    };
    const auto insert = [&](qint64 *version) -> bool {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT INTO cdnrec_profiles (name, fields, os_user, host) "
            "VALUES (?, CAST(? AS jsonb), ?, ?) ON CONFLICT (name) DO NOTHING RETURNING version"));
        q.addBindValue(profile.name);
        q.addBindValue(fields);
        q.addBindValue(TeamDatabase::osUser());
        q.addBindValue(TeamDatabase::hostName());
        if (!q.exec()) {
            failed(q);
            return false;
        }
        *version = q.next() ? q.value(0).toLongLong() : 0;
        return true;
    };
    // expected 0: whatever the team's version is (replace). A retired row is restored whatever
    // its version: nobody follows it any more, and the trail keeps the fields it had.
    const auto update = [&](qint64 expected, qint64 *version) -> bool {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE cdnrec_profiles SET fields = CAST(? AS jsonb), "
                                 "os_user = ?, host = ?, retired = false WHERE name = ? AND "
                                 "(retired OR ? = 0 OR version = ?) RETURNING version"));
        q.addBindValue(fields);
        q.addBindValue(TeamDatabase::osUser());
        q.addBindValue(TeamDatabase::hostName());
        q.addBindValue(profile.name);
        q.addBindValue(expected);
        q.addBindValue(expected);
        if (!q.exec()) {
            failed(q);
            return false;
        }
        *version = q.next() ? q.value(0).toLongLong() : 0;
        return true;
    };

    Current now;
    if (!current(&now))
        return r;
    if (now.version > 0 && !now.retired && now.fingerprint == r.fingerprint) {
        r.outcome = PublishOutcome::Unchanged;
        r.version = now.version;
        r.message = tr("The team has “%1” with these fields already (version %2): nothing to "
                       "publish.")
                        .arg(profile.name)
                        .arg(now.version);
        return r;
    }
    qint64 version = 0;
    if (now.version == 0) {
        if (!insert(&version))
            return r;
        if (version > 0)
            return published(version, false);
        if (!current(&now)) // published by someone else just now
            return r;
    }
    const qint64 expected = replace ? 0 : profile.teamVersion;
    if (now.version > 0 && (replace || now.retired || expected == now.version)) {
        const bool restoring = now.retired;
        if (!update(expected, &version))
            return r;
        if (version > 0)
            return published(version, restoring);
        if (!current(&now))
            return r;
    }
    r.outcome = PublishOutcome::Conflict;
    r.version = now.version;
    if (profile.teamVersion == 0)
        r.message = tr("The team has a profile named “%1” already (version %2, by %3): nothing "
                       "was published. Take the team's copy, or replace it on purpose.")
                        .arg(profile.name)
                        .arg(now.version)
                        .arg(now.publishedBy);
    else
        r.message = tr("“%1” was changed in the team since your version %2 (now version %3, by "
                       "%4): nothing was published. Take the team's copy first, or replace it on "
                       "purpose.")
                        .arg(profile.name)
                        .arg(profile.teamVersion)
                        .arg(now.version)
                        .arg(now.publishedBy);
    return r;
}

TeamCatalog::RetireResult TeamCatalog::retire(const QString &name) const
{
    RetireResult r;
    const QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const auto failed = [&r](const QSqlQuery &q) {
        r.outcome = RetireOutcome::Failed;
        r.status = TeamDatabase::classify(q.lastError());
        r.message = r.status.message;
        return r;
    };
    // One statement: of two operators retiring at once, one retires and the other is told.
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE cdnrec_profiles SET retired = true, os_user = ?, host = ? "
                             "WHERE name = ? AND NOT retired RETURNING version"));
    q.addBindValue(TeamDatabase::osUser());
    q.addBindValue(TeamDatabase::hostName());
    q.addBindValue(name);
    if (!q.exec())
        return failed(q);
    if (q.next()) {
        r.outcome = RetireOutcome::Retired;
        r.version = q.value(0).toLongLong();
        r.message = tr("“%1” is retired in the team as version %2: unchanged copies leave each "
                       "operator's profiles at their next pull, and publishing it again restores "
                       "it.")
                        .arg(name)
                        .arg(r.version);
        return r;
    }
    q.prepare(QStringLiteral("SELECT version, published_by::text FROM cdnrec_profiles "
                             "WHERE name = ? AND retired"));
    q.addBindValue(name);
    if (!q.exec())
        return failed(q);
    if (q.next()) {
        r.outcome = RetireOutcome::AlreadyRetired;
        r.version = q.value(0).toLongLong();
        r.message = tr("“%1” is retired in the team already (version %2, by %3): nothing was "
                       "changed.")
                        .arg(name)
                        .arg(r.version)
                        .arg(q.value(1).toString());
        return r;
    }
    // A row that appeared (published just now) counts as not found: nothing was retired.
    r.outcome = RetireOutcome::NotFound;
    r.message = tr("The team has no profile named “%1”: nothing was retired.").arg(name);
    return r;
}

TeamCatalog::PullReport TeamCatalog::pull(ProfileStore &store, const QStringList &replace) const
{
    const ListResult listed = list();
    if (!listed.status.ok()) {
        PullReport report;
        report.status = listed.status;
        return report;
    }
    PullReport report = apply(listed.entries, store, replace);
    report.skipped += listed.unreadable;
    return report;
}

TeamCatalog::PullReport TeamCatalog::apply(const QList<Entry> &entries, ProfileStore &store,
                                           const QStringList &replace)
{
    PullReport report;
    if (const QString why = store.readOnlyReason(); !why.isEmpty()) {
        for (const Entry &e : entries)
            report.skipped.append(QStringLiteral("%1: %2").arg(e.profile.name, why));
        return report;
    }
    const QList<Profile> local = store.profiles();
    for (const Entry &e : entries) {
        const QString &name = e.profile.name;
        const Profile *mine = nullptr;
        const Profile *sameButCase = nullptr;
        for (const Profile &p : local) {
            if (p.name == name)
                mine = &p;
            else if (p.name.compare(name, Qt::CaseInsensitive) == 0)
                sameButCase = &p;
        }
        const auto put = [&](QStringList &into) {
            if (const QString why = store.putTeamCopy(e.profile, e.version); !why.isEmpty())
                report.skipped.append(QStringLiteral("%1: %2").arg(name, why));
            else
                into.append(name);
        };
        if (e.retired) {
            // Withdrawn by the team. Only this machine's unchanged team copy goes: a local-only
            // profile of the name (or one that differs in case) is not the team's, and a copy
            // changed here holds work the team never saw. ProfileStore::remove() leaves the
            // keyring alone, on purpose: nothing in the catalog touches secrets, a republish
            // restores the profile and its secret then works again at once, and an operator
            // who wants the secret gone removes it as they added it.
            if (!mine || !mine->isTeamProfile())
                continue;
            if (ProfileStore::changedSinceTeamVersion(*mine) && !replace.contains(name)) {
                report.conflicts.append(
                    tr("%1: retired by the team, changed here: kept").arg(quoted(name)));
                continue;
            }
            if (const QString why = store.remove(name); !why.isEmpty())
                report.skipped.append(QStringLiteral("%1: %2").arg(name, why));
            else
                report.retired.append(name);
            continue;
        }
        if (sameButCase && !mine) {
            report.conflicts.append(
                tr("%1: a local profile named %2 is in the way; rename it to take the team's")
                    .arg(quoted(name), quoted(sameButCase->name)));
            continue;
        }
        if (!mine) {
            put(report.added);
            continue;
        }
        const bool sameFields =
            ProfileStore::fingerprint(*mine) == ProfileStore::fingerprint(e.profile);
        if (!mine->isTeamProfile()) {
            if (sameFields) {
                // The same set-up under the same name (e.g. imported from the same file): follow
                // the team from now on; nothing of this machine is lost.
                store.markTeam(name, e.version, ProfileStore::fingerprint(e.profile));
                ++report.upToDate;
            } else if (replace.contains(name)) {
                put(report.updated);
            } else {
                report.conflicts.append(tr("%1: a local profile of that name is not the "
                                           "team's; it was kept, the team's was not taken")
                                            .arg(quoted(name)));
            }
            continue;
        }
        if (e.version <= mine->teamVersion) {
            ++report.upToDate;
            continue;
        }
        if (sameFields) {
            store.markTeam(name, e.version, ProfileStore::fingerprint(e.profile));
            ++report.upToDate;
        } else if (!ProfileStore::changedSinceTeamVersion(*mine) || replace.contains(name)) {
            put(report.updated);
        } else {
            report.conflicts.append(tr("%1: changed here since team version %2 and in the team "
                                       "since (version %3); kept as it is here: publish it, or "
                                       "take the team's copy over it")
                                        .arg(quoted(name))
                                        .arg(mine->teamVersion)
                                        .arg(e.version));
        }
    }
    return report;
}

QString TeamCatalog::PullReport::summary() const
{
    if (!configured)
        return QString();
    if (!status.ok())
        return tr("Team profiles not checked: %1").arg(status.message);
    QStringList parts;
    if (!added.isEmpty())
        parts.append(tr("%n team profile(s) added", nullptr, int(added.size())));
    if (!updated.isEmpty())
        parts.append(tr("%n team profile(s) updated", nullptr, int(updated.size())));
    if (!retired.isEmpty())
        parts.append(tr("%n team profile(s) retired", nullptr, int(retired.size())));
    if (!conflicts.isEmpty())
        parts.append(tr("%n team profile(s) not taken because of a profile here of the same name",
                        nullptr, int(conflicts.size())));
    if (!skipped.isEmpty())
        parts.append(
            tr("%n team profile(s) skipped as not valid here", nullptr, int(skipped.size())));
    if (parts.isEmpty())
        return tr("Team profiles are up to date.");
    return parts.join(QStringLiteral(", ")) + QLatin1Char('.');
}

TeamCatalog::ListResult TeamCatalog::fetch(const TeamConfig &config, const QString &password)
{
    ListResult result;
    const QString connection = newConnectionName();
    result.status = TeamDatabase::open(config, password, connection);
    if (result.status.ok())
        result = TeamCatalog(connection).list();
    TeamDatabase::close(connection);
    if (!result.status.ok())
        qCInfo(lcCatalog) << "team catalog not read:" << result.status.message;
    return result;
}

TeamCatalog::PullReport TeamCatalog::pullAtStart(ProfileStore &store, const TeamConfig &config,
                                                 const QString &password)
{
    const ListResult listed = fetch(config, password);
    PullReport report;
    if (!listed.status.ok()) {
        report.status = listed.status;
        return report;
    }
    report = apply(listed.entries, store);
    report.skipped += listed.unreadable;
    return report;
}

TeamCatalog::PullReport TeamCatalog::pullAtStart(ProfileStore &store)
{
    PullReport report;
    const TeamConfig config = TeamConfig::load();
    if (!config.isSet()) {
        report.configured = false;
        return report;
    }
    QString password, problem;
    if (!config.readSavedPassword(&password, &problem, TeamDatabase::ConnectTimeoutS * 1000)) {
        report.status = {
            TeamDatabase::Error::Other,
            tr("the team database's password cannot be read from the keyring: %1").arg(problem)};
        return report;
    }
    return pullAtStart(store, config, password);
}

} // namespace cdnrec
