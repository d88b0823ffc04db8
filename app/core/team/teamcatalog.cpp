// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamcatalog.h"

#include <model/localuser.h>
#include <store/profilestore.h>
#include <store/secretstore.h>
#include <team/teamconfig.h>

#include <QAtomicInteger>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

namespace cdnrec {

Q_LOGGING_CATEGORY(lcCatalog, "cdnrec.core.team.catalog")

namespace {

// A catalog bigger than this is not a profile catalog: read no more (bounded memory and time).
constexpr int MaxProfiles = 5000;
// A team profile row (name, fields, who and where from) at most this large: 005 enforces it.
constexpr int MaxRowBytes = 16384;

// Where a profile's secret signs, as the operator reads it: "AppId 1, endpoint https://…", in
// the operator's language.
QString whereItSigns(const Profile &p)
{
    QStringList parts{TeamCatalog::tr("AppId %1").arg(p.appId)};
    if (p.customEndpoint.isValid() && !p.customEndpoint.isEmpty())
        parts.append(TeamCatalog::tr("endpoint %1").arg(p.customEndpoint.toString()));
    else
        parts.append(TeamCatalog::tr("region %1").arg(p.region));
    if (p.isTest)
        parts.append(TeamCatalog::tr("test environment (IsTest)"));
    parts.append(Profile::environmentDisplayName(p.environment));
    return parts.join(TeamCatalog::tr(", "));
}

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
    // A row over the size limit (005 enforces it on every new row; one written by hand before
    // may be larger) is not even fetched: eight 50 MB rows once made a pull take 93 s and
    // 1.36 GB, and grew cdnrec.conf to 472 MB. Its name is cut too.
    if (!q.exec(QStringLiteral("SELECT left(name, 200), CASE WHEN octet_length(name) + "
                               "octet_length(fields::text) + octet_length(os_user) + "
                               "octet_length(host) <= %2 THEN fields::text END, version, "
                               "published_by::text, left(os_user, 64), left(host, 255), "
                               "published_at, retired FROM cdnrec_profiles ORDER BY name LIMIT %1")
                    .arg(MaxProfiles)
                    .arg(MaxRowBytes))) {
        result.status = TeamDatabase::classify(q.lastError());
        return result;
    }
    while (q.next()) {
        const QString name = q.value(0).toString();
        if (q.value(1).isNull()) {
            result.unreadable.append(tr("%1: larger than the team's limit of %2 KB; not taken")
                                         .arg(name)
                                         .arg(MaxRowBytes / 1024));
            continue;
        }
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

namespace {

// The team's row of a profile as it is now: version 0 when there is none.
struct TeamRow
{
    qint64 version = 0;
    QString fingerprint;
    QString publishedBy;
    QDateTime publishedAt;
    bool retired = false;
};

// One TeamCatalog::publish of a profile that may be published, step by step: each step that
// fails says so in the result and returns false.
class Publication final
{
public:
    using Outcome = TeamCatalog::PublishOutcome;
    using Result = TeamCatalog::PublishResult;

    Publication(const QSqlDatabase &db, const Profile &profile, const Profile &shared)
        : m_db(db), m_profile(profile), m_fields(fieldsText(shared))
    {
        m_r.fingerprint = ProfileStore::fingerprint(shared);
    }

    Result run(bool replace)
    {
        TeamRow now;
        if (!read(&now))
            return m_r;
        if (now.version > 0 && !now.retired && now.fingerprint == m_r.fingerprint)
            return unchanged(now);
        qint64 version = 0;
        if (now.version == 0) {
            if (!write(-1, &version))
                return m_r;
            if (version > 0)
                return published(version, false);
            if (!read(&now)) // published by someone else just now
                return m_r;
        }
        const qint64 expected = replace ? 0 : m_profile.teamVersion;
        if (now.version > 0 && (replace || now.retired || expected == now.version)) {
            const bool restoring = now.retired;
            if (!write(expected, &version))
                return m_r;
            if (version > 0)
                return published(version, restoring);
            if (!read(&now))
                return m_r;
        }
        return conflict(now);
    }

private:
    bool read(TeamRow *row)
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT fields::text, version, published_by::text, published_at, "
                                 "retired FROM cdnrec_profiles WHERE name = ?"));
        q.addBindValue(m_profile.name);
        if (!q.exec()) {
            fail(q);
            return false;
        }
        if (q.next()) {
            QString why;
            const auto p = profileFrom(m_profile.name, q.value(0).toString(), &why);
            row->fingerprint = p ? ProfileStore::fingerprint(*p) : QString();
            row->version = q.value(1).toLongLong();
            row->publishedBy = q.value(2).toString();
            row->publishedAt = q.value(3).toDateTime();
            row->retired = q.value(4).toBool();
        }
        return true;
    }

    // Through cdnrec_profile_publish (005_insider_proof.sql): the server checks the version
    // expected (0: replace whatever it is; a retired row is restored whatever its version), that
    // only a team admin changes where the profile signs, and that its endpoint is ZEGO's or on
    // the team's allow-list. 0 back: the team's row changed meanwhile (an expected version of -1:
    // insert only).
    bool write(qint64 expected, qint64 *version)
    {
        QSqlQuery q(m_db);
        q.prepare(
            QStringLiteral("SELECT public.cdnrec_profile_publish(?, CAST(? AS jsonb), ?, ?, ?)"));
        q.addBindValue(m_profile.name);
        q.addBindValue(m_fields);
        q.addBindValue(LocalUser::loginName());
        q.addBindValue(LocalUser::hostName());
        q.addBindValue(expected);
        if (!q.exec() || !q.next()) {
            fail(q);
            return false;
        }
        *version = q.value(0).toLongLong();
        return true;
    }

    void fail(const QSqlQuery &q)
    {
        m_r.outcome = Outcome::Failed;
        m_r.status = TeamDatabase::classify(q.lastError());
        m_r.message = m_r.status.message;
        // The two refusals of cdnrec_profile_publish (SQLSTATEs of its own), in words the
        // operator can act on.
        const QString state = q.lastError().nativeErrorCode();
        if (state == QLatin1String("CR002")) {
            m_r.outcome = Outcome::Refused;
            m_r.message =
                TeamCatalog::tr("Only a team admin may change where “%1” signs (its AppId, "
                                "region, endpoint, test environment or environment): nothing was "
                                "published.")
                    .arg(m_profile.name);
        } else if (state == QLatin1String("CR003")) {
            m_r.outcome = Outcome::Refused;
            m_r.message =
                TeamCatalog::tr("The endpoint of “%1” is neither one of ZEGO's hosts nor on the "
                                "team's allow-list: nothing was published. A team admin allows it "
                                "with cdnrec team profile allow-endpoint ORIGIN.")
                    .arg(m_profile.name);
        }
    }

    Result published(qint64 version, bool restored)
    {
        m_r.outcome = Outcome::Published;
        m_r.version = version;
        m_r.restored = restored;
        m_r.message =
            restored ? TeamCatalog::tr("“%1” was retired in the team and is restored, as version "
                                       "%2.")
                           .arg(m_profile.name)
                           .arg(version)
                     : TeamCatalog::tr("“%1” published to the team as version %2.")
                           .arg(m_profile.name)
                           .arg(version);
        return m_r;
    }

    Result unchanged(const TeamRow &now)
    {
        m_r.outcome = Outcome::Unchanged;
        m_r.version = now.version;
        m_r.message = TeamCatalog::tr("The team has “%1” with these fields already (version %2): "
                                      "nothing to publish.")
                          .arg(m_profile.name)
                          .arg(now.version);
        return m_r;
    }

    Result conflict(const TeamRow &now)
    {
        m_r.outcome = Outcome::Conflict;
        m_r.version = now.version;
        if (m_profile.teamVersion == 0)
            m_r.message =
                TeamCatalog::tr("The team has a profile named “%1” already (version %2, by %3): "
                                "nothing was published. Take the team's copy, or replace it on "
                                "purpose.")
                    .arg(m_profile.name)
                    .arg(now.version)
                    .arg(now.publishedBy);
        else
            m_r.message =
                TeamCatalog::tr("“%1” was changed in the team since your version %2 (now version "
                                "%3, by %4): nothing was published. Take the team's copy first, "
                                "or replace it on purpose.")
                    .arg(m_profile.name)
                    .arg(m_profile.teamVersion)
                    .arg(now.version)
                    .arg(now.publishedBy);
        return m_r;
    }

    const QSqlDatabase m_db;
    const Profile &m_profile;
    const QString m_fields;
    Result m_r;
};

} // namespace

TeamCatalog::PublishResult TeamCatalog::publish(const Profile &profile, bool replace) const
{
    const auto refuse = [](const QString &why) {
        PublishResult r;
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
    return Publication(QSqlDatabase::database(m_connection, false), profile, shared).run(replace);
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
    q.prepare(QStringLiteral("SELECT public.cdnrec_profile_retire(?, ?, ?)"));
    q.addBindValue(name);
    q.addBindValue(LocalUser::loginName());
    q.addBindValue(LocalUser::hostName());
    if (!q.exec() || !q.next())
        return failed(q);
    if (const qint64 version = q.value(0).toLongLong(); version > 0) {
        r.outcome = RetireOutcome::Retired;
        r.version = version;
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

TeamCatalog::EndpointsResult TeamCatalog::allowedEndpoints() const
{
    EndpointsResult result;
    const TeamReadDeadline deadline(m_connection);
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT origin, allowed_by::text, allowed_at FROM "
                               "public.cdnrec_allowed_endpoints ORDER BY origin LIMIT 1000"))) {
        result.status = TeamDatabase::classify(q.lastError());
        return result;
    }
    while (q.next())
        result.lines.append(tr("%1 (allowed by %2 at %3)")
                                .arg(q.value(0).toString(), q.value(1).toString(),
                                     q.value(2).toDateTime().toUTC().toString(Qt::ISODate)));
    if (q.lastError().isValid())
        result.status = TeamDatabase::classify(q.lastError());
    return result;
}

TeamDatabase::Status TeamCatalog::setEndpointAllowed(const QString &origin, bool allowed) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(allowed ? QStringLiteral("INSERT INTO public.cdnrec_allowed_endpoints (origin) "
                                       "VALUES (?) ON CONFLICT (origin) DO NOTHING")
                      : QStringLiteral("DELETE FROM public.cdnrec_allowed_endpoints WHERE "
                                       "origin = ?"));
    q.addBindValue(origin);
    if (!q.exec())
        return TeamDatabase::classify(q.lastError());
    return {};
}

QString TeamCatalog::originOf(const QString &url)
{
    const QUrl u(url.trimmed(), QUrl::StrictMode);
    if (!u.isValid() || u.host().isEmpty() || !u.userInfo().isEmpty() ||
        (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")))
        return QString();
    QString origin = u.scheme() + QStringLiteral("://") + u.host(QUrl::FullyEncoded);
    if (u.port() > 0)
        origin += QLatin1Char(':') + QString::number(u.port());
    return origin;
}

TeamCatalog::PullReport TeamCatalog::pull(ProfileStore &store, const QStringList &replace,
                                          bool acceptChanges) const
{
    const ListResult listed = list();
    if (!listed.status.ok()) {
        PullReport report;
        report.status = listed.status;
        return report;
    }
    PullReport report = apply(listed.entries, store, replace, acceptChanges);
    report.skipped += listed.unreadable;
    return report;
}

namespace {

// TeamCatalog::apply, entry by entry: what becomes of one team profile here.
class Intake final
{
public:
    using Entry = TeamCatalog::Entry;

    Intake(ProfileStore &store, const QStringList &replace, bool acceptChanges,
           TeamCatalog::PullReport &report)
        : m_store(store), m_replace(replace), m_acceptChanges(acceptChanges), m_report(report),
          m_local(store.profiles())
    {
    }

    void take(const Entry &e)
    {
        const QString &name = e.profile.name;
        const Profile *mine = nullptr;
        const Profile *sameButCase = nullptr;
        for (const Profile &p : m_local) {
            if (p.name == name)
                mine = &p;
            else if (p.name.compare(name, Qt::CaseInsensitive) == 0)
                sameButCase = &p;
        }
        if (e.retired) {
            retire(e, mine);
        } else if (sameButCase && !mine) {
            m_report.conflicts.append(
                TeamCatalog::tr(
                    "%1: a local profile named %2 is in the way; rename it to take the team's")
                    .arg(quoted(name), quoted(sameButCase->name)));
        } else if (!mine) {
            put(e, m_report.added);
        } else if (!mine->isTeamProfile()) {
            meetLocalOnly(e, *mine);
        } else if (e.version <= mine->teamVersion) {
            ++m_report.upToDate;
        } else {
            update(e, *mine);
        }
    }

private:
    void put(const Entry &e, QStringList &into)
    {
        if (const QString why = m_store.putTeamCopy(e.profile, e.version); !why.isEmpty())
            m_report.skipped.append(QStringLiteral("%1: %2").arg(e.profile.name, why));
        else
            into.append(e.profile.name);
    }

    // Withdrawn by the team. Only this machine's unchanged team copy goes: a local-only profile
    // of the name (or one that differs in case) is not the team's, and a copy changed here holds
    // work the team never saw. ProfileStore::remove() leaves the keyring alone, on purpose:
    // nothing in the catalog touches secrets, a republish restores the profile and its secret
    // then works again at once, and an operator who wants the secret gone removes it as they
    // added it.
    void retire(const Entry &e, const Profile *mine)
    {
        const QString &name = e.profile.name;
        if (!mine || !mine->isTeamProfile())
            return;
        if (ProfileStore::changedSinceTeamVersion(*mine) && !m_replace.contains(name)) {
            m_report.conflicts.append(
                TeamCatalog::tr("%1: retired by the team, changed here: kept").arg(quoted(name)));
            return;
        }
        if (const QString why = m_store.remove(name); !why.isEmpty())
            m_report.skipped.append(QStringLiteral("%1: %2").arg(name, why));
        else
            m_report.retired.append(name);
    }

    // A profile of that name here that is not a team copy.
    void meetLocalOnly(const Entry &e, const Profile &mine)
    {
        const QString &name = e.profile.name;
        if (ProfileStore::fingerprint(mine) == ProfileStore::fingerprint(e.profile)) {
            // The same set-up under the same name (e.g. imported from the same file): follow the
            // team from now on; nothing of this machine is lost.
            m_store.markTeam(name, e.version, ProfileStore::fingerprint(e.profile));
            ++m_report.upToDate;
        } else if (m_replace.contains(name)) {
            put(e, m_report.updated);
        } else {
            m_report.conflicts.append(TeamCatalog::tr("%1: a local profile of that name is not "
                                                      "the team's; it was kept, the team's was "
                                                      "not taken")
                                          .arg(quoted(name)));
        }
    }

    // A team copy here, and a newer version in the team.
    void update(const Entry &e, const Profile &mine)
    {
        const QString &name = e.profile.name;
        if (ProfileStore::fingerprint(mine) == ProfileStore::fingerprint(e.profile)) {
            m_store.markTeam(name, e.version, ProfileStore::fingerprint(e.profile));
            ++m_report.upToDate;
        } else if (whereItSigns(mine) != whereItSigns(e.profile) && !m_acceptChanges &&
                   !m_replace.contains(name)) {
            // Where the secret signs changes: never silently on this machine (issue 20 #6: a
            // changed endpoint sent colleagues' valid signatures to a server that replayed
            // them). The operator sees old → new and who, and takes it on purpose.
            m_report.held.append(
                TeamCatalog::tr("%1: %2 → %3 (version %4, by %5 at %6)")
                    .arg(quoted(name), whereItSigns(mine), whereItSigns(e.profile))
                    .arg(e.version)
                    .arg(e.publishedBy, e.publishedAt.toUTC().toString(Qt::ISODate)));
        } else if (!ProfileStore::changedSinceTeamVersion(mine) || m_replace.contains(name)) {
            put(e, m_report.updated);
        } else {
            m_report.conflicts.append(
                TeamCatalog::tr("%1: changed here since team version %2 and in the team since "
                                "(version %3); kept as it is here: publish it, or take the "
                                "team's copy over it")
                    .arg(quoted(name))
                    .arg(mine.teamVersion)
                    .arg(e.version));
        }
    }

    ProfileStore &m_store;
    const QStringList &m_replace;
    const bool m_acceptChanges;
    TeamCatalog::PullReport &m_report;
    const QList<Profile> m_local;
};

} // namespace

TeamCatalog::PullReport TeamCatalog::apply(const QList<Entry> &entries, ProfileStore &store,
                                           const QStringList &replace, bool acceptChanges)
{
    PullReport report;
    if (const QString why = store.readOnlyReason(); !why.isEmpty()) {
        for (const Entry &e : entries)
            report.skipped.append(QStringLiteral("%1: %2").arg(e.profile.name, why));
        return report;
    }
    Intake intake(store, replace, acceptChanges, report);
    for (const Entry &e : entries)
        intake.take(e);
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
    if (!held.isEmpty())
        parts.append(tr("%n team profile(s) held back: where they sign changed, not taken until "
                        "you accept it",
                        nullptr, int(held.size())));
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
