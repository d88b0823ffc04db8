// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilestore.h"

#include <model/endpoint.h>
#include <model/rate.h>
#include <model/terminaltext.h>

#include <QCryptographicHash>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaMethod>

#include <cmath>

namespace cdnrec {

namespace {

// Every key a profile has in the settings, with its default: one place.
struct Key
{
    const char *name;
    QVariant fallback;
};
const Key kName{"name", QString()};
const Key kAppId{"appId", 0u};
const Key kRegion{"region", QStringLiteral("unified")};
const Key kEndpoint{"endpoint", QString()};
const Key kIsTest{"isTest", false};
const Key kVendor{"vendor", QStringLiteral("Tencent")};
const Key kRate{"callsPerSecond", Rate::Default};
const Key kBatch{"batchSize", 10};
const Key kEnvironment{"environment", QStringLiteral("production")};
const Key kNotes{"notes", QString()};
const Key kTeamVersion{"teamVersion", 0};
const Key kTeamBase{"teamBase", QString()};

QVariant value(const QSettings &s, const Key &k)
{
    return s.value(QLatin1String(k.name), k.fallback);
}

void setValue(QSettings &s, const Key &k, const QVariant &v)
{
    s.setValue(QLatin1String(k.name), v);
}

// What the store holds, to tell a change of the profiles from one of other settings in the file.
QByteArray snapshot(const QList<Profile> &profiles)
{
    QJsonArray list;
    for (const Profile &p : profiles) {
        QJsonObject o = ProfileStore::toJson(p);
        o.insert(QStringLiteral("teamVersion"), p.teamVersion);
        o.insert(QStringLiteral("teamBase"), p.teamBase);
        list.append(o);
    }
    return QJsonDocument(list).toJson(QJsonDocument::Compact);
}

} // namespace

QJsonObject ProfileStore::toJson(const Profile &p)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), p.name);
    o.insert(QStringLiteral("appId"), qint64(p.appId));
    if (!p.region.isEmpty())
        o.insert(QStringLiteral("region"), p.region);
    else
        o.insert(QStringLiteral("endpoint"), p.customEndpoint.toString());
    o.insert(QStringLiteral("isTest"), p.isTest);
    o.insert(QStringLiteral("vendor"), vendorWireName(p.vendor));
    o.insert(QStringLiteral("callsPerSecond"), p.callsPerSecond);
    o.insert(QStringLiteral("batchSize"), p.batchSize);
    o.insert(QStringLiteral("environment"), Profile::environmentKey(p.environment));
    if (!p.notes.isEmpty())
        o.insert(QStringLiteral("notes"), p.notes);
    return o;
}

std::optional<Profile> ProfileStore::fromJson(const QJsonObject &o, QString *why)
{
    // A key that is there must hold its own type: a file or a team row saying "isTest": "true"
    // or "callsPerSecond": "5" is not read as production at 10 calls/s. Absent keys take their
    // defaults (older exports lack some).
    const auto typed = [&o, why](const char *key, bool (QJsonValue::*is)() const) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || (v.*is)())
            return true;
        *why = ProfileStore::tr("the field “%1” has the wrong type").arg(QLatin1String(key));
        return false;
    };
    for (const char *key : {"name", "region", "endpoint", "vendor", "environment", "notes"}) {
        if (!typed(key, &QJsonValue::isString))
            return std::nullopt;
    }
    if (!typed("isTest", &QJsonValue::isBool) || !typed("callsPerSecond", &QJsonValue::isDouble) ||
        !typed("batchSize", &QJsonValue::isDouble))
        return std::nullopt;
    Profile p;
    p.name = o.value(QStringLiteral("name")).toString();
    const QJsonValue appId = o.value(QStringLiteral("appId"));
    const double id = appId.toDouble(-1);
    if (!appId.isDouble() || id < 0 || id > 4294967295.0 || id != double(qint64(id))) {
        *why = ProfileStore::tr("the AppId is not a number from 0 to 4294967295");
        return std::nullopt;
    }
    p.appId = quint32(id);
    p.region = o.value(QStringLiteral("region")).toString();
    p.customEndpoint = QUrl(o.value(QStringLiteral("endpoint")).toString(), QUrl::StrictMode);
    p.isTest = o.value(QStringLiteral("isTest")).toBool();
    const auto vendor =
        vendorFromString(o.value(QStringLiteral("vendor")).toString(QStringLiteral("Tencent")));
    if (!vendor) {
        *why = ProfileStore::tr("unknown vendor");
        return std::nullopt;
    }
    p.vendor = *vendor;
    p.callsPerSecond = o.value(QStringLiteral("callsPerSecond")).toDouble(Rate::Default);
    const double batch = o.value(QStringLiteral("batchSize")).toDouble(10);
    if (!std::isfinite(batch) || batch != std::trunc(batch) || std::abs(batch) > 1e6) {
        *why =
            ProfileStore::tr("the field “%1” has the wrong type").arg(QStringLiteral("batchSize"));
        return std::nullopt;
    }
    p.batchSize = int(batch);
    const QJsonValue environment = o.value(QStringLiteral("environment"));
    if (environment.isUndefined()) {
        p.environment = Profile::Environment::Production;
    } else if (const auto env = Profile::environmentFromKey(environment.toString())) {
        p.environment = *env;
    } else {
        *why = ProfileStore::tr("unknown environment “%1”").arg(printable(environment.toString()));
        return std::nullopt;
    }
    p.notes = o.value(QStringLiteral("notes")).toString();
    return p;
}

QString ProfileStore::fingerprint(const Profile &profile)
{
    // QJsonObject keeps its keys sorted, so the compact text is canonical.
    const QByteArray text = QJsonDocument(toJson(profile)).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(
        QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex().left(32));
}

bool ProfileStore::changedSinceTeamVersion(const Profile &profile)
{
    return profile.isTeamProfile() && fingerprint(profile) != profile.teamBase;
}

ProfileStore::ProfileStore(QObject *parent)
    : QObject(parent), m_settings(std::make_unique<QSettings>())
{
    migrate();
}

ProfileStore::ProfileStore(const QString &settingsFile, QObject *parent)
    : QObject(parent), m_settings(std::make_unique<QSettings>(settingsFile, QSettings::IniFormat))
{
    migrate();
}

ProfileStore::~ProfileStore() = default;

void ProfileStore::migrate()
{
    const QString versionKey = QStringLiteral("profiles/schemaVersion");
    const int version = m_settings->value(versionKey, 0).toInt();
    if (version > SchemaVersion) {
        // A newer cdnrec wrote these: read them, but do not rewrite what we may not understand.
        m_readOnly = tr("These profiles were saved by a newer cdnrec (format %1); they can be used "
                        "but not changed with this version.")
                         .arg(version);
        return;
    }
    // Version 0 is "no version key": profiles from before versioning had the same layout.
    if (version < SchemaVersion) {
        m_settings->setValue(versionKey, SchemaVersion);
        m_settings->sync();
    }
}

QList<Profile> ProfileStore::load() const
{
    QList<Profile> out;
    QSettings &s = *m_settings;
    const int n = s.beginReadArray(QStringLiteral("profiles/list"));
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        Profile p;
        p.name = value(s, kName).toString();
        p.appId = value(s, kAppId).toUInt();
        p.region = value(s, kRegion).toString();
        p.customEndpoint = QUrl(value(s, kEndpoint).toString(), QUrl::StrictMode);
        p.isTest = value(s, kIsTest).toBool();
        p.vendor = vendorFromString(value(s, kVendor).toString()).value_or(Vendor::Tencent);
        p.callsPerSecond = value(s, kRate).toDouble();
        p.batchSize = value(s, kBatch).toInt();
        p.environment = Profile::environmentFromKey(value(s, kEnvironment).toString())
                            .value_or(Profile::Environment::Production);
        p.notes = value(s, kNotes).toString();
        p.teamVersion = value(s, kTeamVersion).toLongLong();
        p.teamBase = value(s, kTeamBase).toString();
        if (p.teamVersion < 0 || p.teamBase.isEmpty())
            p.teamVersion = 0;
        if (!p.name.isEmpty())
            out.append(p);
    }
    s.endArray();
    return out;
}

void ProfileStore::save(const QList<Profile> &profiles)
{
    QSettings &s = *m_settings;
    s.remove(QStringLiteral("profiles/list"));
    s.beginWriteArray(QStringLiteral("profiles/list"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const Profile &p = profiles.at(i);
        s.setArrayIndex(i);
        setValue(s, kName, p.name);
        setValue(s, kAppId, p.appId);
        setValue(s, kRegion, p.region);
        setValue(s, kEndpoint, p.region.isEmpty() ? p.customEndpoint.toString() : QString());
        setValue(s, kIsTest, p.isTest);
        setValue(s, kVendor, vendorWireName(p.vendor));
        setValue(s, kRate, p.callsPerSecond);
        setValue(s, kBatch, p.batchSize);
        setValue(s, kEnvironment, Profile::environmentKey(p.environment));
        setValue(s, kNotes, p.notes);
        // Only team profiles carry the keys: a local profile's entry stays as it was.
        if (p.isTeamProfile()) {
            setValue(s, kTeamVersion, p.teamVersion);
            setValue(s, kTeamBase, p.teamBase);
        }
    }
    s.endArray();
    s.sync();
    m_seen = snapshot(profiles);
    if (m_watcher)
        watch(); // a first save made the file; a rename replaced it
    Q_EMIT changed();
}

void ProfileStore::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&ProfileStore::changed) && !m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        m_seen = snapshot(load());
        connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ProfileStore::fileChanged);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &ProfileStore::fileChanged);
        watch();
    }
    QObject::connectNotify(signal);
}

void ProfileStore::watch()
{
    // QSettings saves through a new file renamed over the old one, which ends a watch on the
    // file: the folder is watched too, and the file again whenever it is there.
    const QFileInfo file(m_settings->fileName());
    for (const QString &path : {file.absolutePath(), file.absoluteFilePath()}) {
        if (QFileInfo::exists(path) && !m_watcher->files().contains(path) &&
            !m_watcher->directories().contains(path))
            m_watcher->addPath(path);
    }
}

void ProfileStore::fileChanged()
{
    watch();
    m_settings->sync(); // reads what another process wrote
    const QByteArray now = snapshot(load());
    if (now == m_seen)
        return; // another setting, or our own save
    m_seen = now;
    Q_EMIT changed();
}

QString ProfileStore::environmentProblem(const Profile &p)
{
    if (p.environment != Profile::Environment::Practice)
        return QString();
    const QUrl url = p.endpoint();
    if (url.isValid() && Endpoint::isLoopbackHost(url.host()))
        return QString();
    return tr("PRACTICE is only for the simulator on this computer (an endpoint on 127.0.0.1 or "
              "localhost). This profile's calls go to %1 and stop real recordings: choose "
              "PRODUCTION, STAGING or TEST.")
        .arg(url.host().isEmpty() ? tr("another host") : url.host());
}

QList<Profile> ProfileStore::profiles() const
{
    return load();
}

QStringList ProfileStore::names() const
{
    QStringList out;
    for (const Profile &p : load())
        out.append(p.name);
    return out;
}

std::optional<Profile> ProfileStore::find(const QString &name) const
{
    for (const Profile &p : load()) {
        if (p.name == name)
            return p;
    }
    return std::nullopt;
}

QString ProfileStore::add(const Profile &profile)
{
    if (!m_readOnly.isEmpty())
        return m_readOnly;
    const auto errors = profile.validate();
    if (!errors.isEmpty())
        return errors.front().message;
    if (const QString why = environmentProblem(profile); !why.isEmpty())
        return why;
    QList<Profile> all = load();
    for (const Profile &p : std::as_const(all)) {
        if (p.name.compare(profile.name, Qt::CaseInsensitive) == 0)
            return tr("A profile named “%1” exists already.").arg(p.name);
    }
    all.append(profile);
    save(all);
    return QString();
}

QString ProfileStore::update(const QString &oldName, const Profile &profile)
{
    if (!m_readOnly.isEmpty())
        return m_readOnly;
    const auto errors = profile.validate();
    if (!errors.isEmpty())
        return errors.front().message;
    if (const QString why = environmentProblem(profile); !why.isEmpty())
        return why;
    QList<Profile> all = load();
    qsizetype at = -1;
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (all.at(i).name == oldName)
            at = i;
        else if (all.at(i).name.compare(profile.name, Qt::CaseInsensitive) == 0)
            return tr("A profile named “%1” exists already.").arg(all.at(i).name);
    }
    if (at < 0)
        return tr("There is no profile named “%1”.").arg(oldName);
    // The team marks belong to the store: an editor that builds a profile from its form does not
    // know them. Same name, same team copy followed; a new name is a local profile of its own.
    Profile updated = profile;
    updated.teamVersion = profile.name == oldName ? all.at(at).teamVersion : 0;
    updated.teamBase = profile.name == oldName ? all.at(at).teamBase : QString();
    all[at] = updated;
    save(all);
    return QString();
}

QString ProfileStore::putTeamCopy(const Profile &teamCopy, qint64 version)
{
    if (!m_readOnly.isEmpty())
        return m_readOnly;
    if (version < 1)
        return tr("The team's version of “%1” is not valid.").arg(teamCopy.name);
    const auto errors = teamCopy.validate();
    if (!errors.isEmpty())
        return errors.front().message;
    Profile p = teamCopy;
    p.teamVersion = version;
    p.teamBase = fingerprint(teamCopy);
    QList<Profile> all = load();
    qsizetype at = -1;
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (all.at(i).name == p.name)
            at = i;
        else if (all.at(i).name.compare(p.name, Qt::CaseInsensitive) == 0)
            return tr("A profile named “%1” exists already.").arg(all.at(i).name);
    }
    if (at < 0)
        all.append(p);
    else
        all[at] = p;
    save(all);
    return QString();
}

QString ProfileStore::markTeam(const QString &name, qint64 version, const QString &base)
{
    if (!m_readOnly.isEmpty())
        return m_readOnly;
    QList<Profile> all = load();
    for (Profile &p : all) {
        if (p.name != name)
            continue;
        p.teamVersion = version > 0 && !base.isEmpty() ? version : 0;
        p.teamBase = p.teamVersion > 0 ? base : QString();
        save(all);
        return QString();
    }
    return tr("There is no profile named “%1”.").arg(name);
}

QString ProfileStore::remove(const QString &name)
{
    if (!m_readOnly.isEmpty())
        return m_readOnly;
    QList<Profile> all = load();
    const auto removed = all.removeIf([&](const Profile &p) { return p.name == name; });
    if (removed == 0)
        return tr("There is no profile named “%1”.").arg(name);
    save(all);
    return QString();
}

QByteArray ProfileStore::exportJson(const QStringList &names) const
{
    QJsonArray list;
    for (const Profile &p : load()) {
        if (names.isEmpty() || names.contains(p.name))
            list.append(toJson(p));
    }
    QJsonObject doc;
    doc.insert(QStringLiteral("cdnrecProfiles"), SchemaVersion);
    doc.insert(QStringLiteral("note"),
               QStringLiteral("No secrets: add each profile's ServerSecret after importing."));
    doc.insert(QStringLiteral("profiles"), list);
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

ProfileStore::ImportResult ProfileStore::importJson(const QByteArray &json)
{
    ImportResult result;
    QJsonParseError e{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &e);
    const QJsonObject top = doc.object();
    if (e.error != QJsonParseError::NoError || !top.value(QStringLiteral("profiles")).isArray()) {
        result.error = tr("This is not a cdnrec profile file.");
        return result;
    }
    for (const QJsonValue &v : top.value(QStringLiteral("profiles")).toArray()) {
        QString why;
        const auto p = fromJson(v.toObject(), &why);
        const QString name = v.toObject().value(QStringLiteral("name")).toString();
        if (!p) {
            result.skipped.append(QStringLiteral("%1: %2").arg(name, why));
            continue;
        }
        if (const QString error = add(*p); !error.isEmpty())
            result.skipped.append(QStringLiteral("%1: %2").arg(name, error));
        else
            result.added.append(p->name);
    }
    return result;
}

} // namespace cdnrec
