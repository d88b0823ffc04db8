// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamprofilecommand.h"

#include "teamcommand.h"
#include <model/terminaltext.h>
#include <model/vendor.h>
#include <store/profilestore.h>
#include <team/teamcatalog.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace cdnrec {

namespace {

// The codes of `cdnrec team` (TeamCommand), and 1 for a conflict.
constexpr int Ok = TeamCommand::Ok;
constexpr int Conflict = 1; // a team copy not overwritten
constexpr int Usage = TeamCommand::Usage;
constexpr int Refused = TeamCommand::Refused;

const QString kConnection = QStringLiteral("cdnrec-team-profile");

// What this machine has under a team profile's name, in a few words.
QString localState(const TeamCatalog::Entry &e, const ProfileStore &store)
{
    const auto mine = store.find(e.profile.name);
    if (!mine)
        return QStringLiteral("not here");
    if (e.retired) {
        if (!mine->isTeamProfile())
            return QStringLiteral("a local profile of that name");
        if (ProfileStore::changedSinceTeamVersion(*mine))
            return QStringLiteral("changed here since version %1: kept").arg(mine->teamVersion);
        return QStringLiteral("removed at the next pull");
    }
    const bool same = ProfileStore::fingerprint(*mine) == ProfileStore::fingerprint(e.profile);
    if (!mine->isTeamProfile())
        return same ? QStringLiteral("same fields here (local)")
                    : QStringLiteral("a local profile of that name");
    if (ProfileStore::changedSinceTeamVersion(*mine))
        return QStringLiteral("changed here since version %1").arg(mine->teamVersion);
    if (mine->teamVersion < e.version && !same)
        return QStringLiteral("older here (version %1)").arg(mine->teamVersion);
    return QStringLiteral("up to date");
}

const QString kHelp = QStringLiteral(
    "Usage: cdnrec team profile publish NAME [--replace]\n"
    "       cdnrec team profile list [--json]\n"
    "       cdnrec team profile pull [--replace NAME]... [--accept-changes]\n"
    "       cdnrec team profile retire NAME\n"
    "       cdnrec team profile allow-endpoint ORIGIN | disallow-endpoint ORIGIN |\n"
    "                           endpoints   (admins: endpoints outside ZEGO's hosts)\n"
    "The team's profile catalog, without secrets: each operator keeps the ServerSecret in\n"
    "their own keyring (cdnrec profile edit NAME --new-secret).\n"
    "  publish   publish a local profile (a new team version when it changed); refused when\n"
    "            the team's copy changed since yours, unless --replace\n"
    "            (publishing the name of a retired profile restores it)\n"
    "  list      the team's profiles (retired ones marked), and what this machine has of each\n"
    "  pull      take new and newer team profiles, and remove unchanged copies of retired\n"
    "            ones; a local profile of the same name, or a team profile changed here, is\n"
    "            kept and reported, unless --replace NAME\n"
    "  retire    withdraw a team profile: colleagues' unchanged copies go at their next\n"
    "            pull; its history stays, nobody's keyring is touched (already retired: 0)\n"
    "  allow-endpoint, disallow-endpoint, endpoints\n"
    "            the team's allow-list of endpoint origins outside ZEGO's hosts (such as\n"
    "            https://gw.example.com): only a team admin changes it; a profile is\n"
    "            published only with ZEGO's hosts or an allowed origin\n"
    "Exit codes: 0 done, 1 a conflict (nothing overwritten), 2 usage error (retire: the\n"
    "team has no such profile), 3 not connected or refused (password, certificate, rights,\n"
    "schema), 4 the server cannot be reached, 5 the keyring could not give the team\n"
    "password.\n");

bool isEndpointVerb(const QString &verb)
{
    return verb == QLatin1String("allow-endpoint") || verb == QLatin1String("disallow-endpoint") ||
           verb == QLatin1String("endpoints");
}

// A team profile as `list --json` prints it.
QJsonObject entryJson(const TeamCatalog::Entry &e, const ProfileStore &store)
{
    QJsonObject o = ProfileStore::toJson(e.profile);
    o.insert(QStringLiteral("version"), e.version);
    o.insert(QStringLiteral("retired"), e.retired);
    o.insert(QStringLiteral("published_by"), e.publishedBy);
    o.insert(QStringLiteral("os_user"), e.osUser);
    o.insert(QStringLiteral("host"), e.host);
    o.insert(QStringLiteral("published_at"), e.publishedAt.toUTC().toString(Qt::ISODate));
    o.insert(QStringLiteral("here"), localState(e, store));
    return o;
}

// `cdnrec team profile VERB`: each verb against the saved team connection.
class ProfileVerbs
{
public:
    ProfileVerbs(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}
    int run(const QStringList &arguments);

private:
    void say(const QString &message)
    {
        m_err << "cdnrec team profile: " << message << '\n';
        m_err.flush();
    }
    int usage(const QString &message)
    {
        say(message);
        return Usage;
    }
    QString parse(const QString &verb, QStringList args);
    int endpoints(const TeamCatalog &catalog, const QString &verb);
    int publish(const TeamCatalog &catalog, ProfileStore &store, const Profile &profile);
    int retire(const TeamCatalog &catalog);
    int list(const TeamCatalog &catalog, const ProfileStore &store);
    int pull(const TeamCatalog &catalog, ProfileStore &store);
    void printPull(const TeamCatalog::PullReport &report);

    QTextStream &m_out;
    QTextStream &m_err;
    QCommandLineParser m_parser;
    const QCommandLineOption m_json{QStringLiteral("json"), QStringLiteral("list: JSON output.")};
    const QCommandLineOption m_replace{
        QStringLiteral("replace"),
        QStringLiteral("pull: take the team's copy of NAME over the one here."),
        QStringLiteral("NAME")};
    const QCommandLineOption m_replaceTeam{QStringLiteral("replace"),
                                           QStringLiteral("publish: replace the team's copy.")};
    const QCommandLineOption m_acceptChanges{
        QStringLiteral("accept-changes"),
        QStringLiteral("pull: take team copies that change where the secret signs.")};
    QStringList m_pos;
};

int ProfileVerbs::run(const QStringList &arguments)
{
    const QStringList args = TeamCommand::argumentsAfter(arguments, QLatin1String("profile"));
    const QString verb = args.value(0);
    if (verb.isEmpty() || verb == QLatin1String("--help") || verb == QLatin1String("-h") ||
        verb == QLatin1String("help")) {
        (verb.isEmpty() ? m_err : m_out) << kHelp;
        return verb.isEmpty() ? int(Usage) : int(Ok);
    }
    if (verb != QLatin1String("publish") && verb != QLatin1String("list") &&
        verb != QLatin1String("pull") && verb != QLatin1String("retire") && !isEndpointVerb(verb))
        return usage(QStringLiteral("unknown verb '%1': use publish, list, pull, retire, "
                                    "allow-endpoint, disallow-endpoint or endpoints")
                         .arg(verb));
    if (const QString why = parse(verb, args); !why.isEmpty())
        return usage(why);

    ProfileStore store;
    std::optional<Profile> toPublish;
    if (verb == QLatin1String("publish")) {
        toPublish = store.find(m_pos.front());
        if (!toPublish)
            return usage(QStringLiteral("no profile named '%1' here").arg(m_pos.front()));
        // Refused before connecting: nothing of it leaves this machine.
        if (const QString why = TeamCatalog::secretProblem(*toPublish); !why.isEmpty())
            return usage(why);
    }
    const TeamCommand::SavedConnection connection(kConnection);
    if (connection.exitCode() != Ok) {
        say(connection.problem());
        return connection.exitCode();
    }
    const TeamCatalog catalog(kConnection);
    if (isEndpointVerb(verb))
        return endpoints(catalog, verb);
    if (verb == QLatin1String("publish"))
        return publish(catalog, store, *toPublish);
    if (verb == QLatin1String("retire"))
        return retire(catalog);
    if (verb == QLatin1String("list"))
        return list(catalog, store);
    return pull(catalog, store);
}

QString ProfileVerbs::parse(const QString &verb, QStringList args)
{
    if (verb == QLatin1String("publish")) {
        m_parser.addOption(m_replaceTeam);
    } else if (verb == QLatin1String("pull")) {
        m_parser.addOption(m_replace);
        m_parser.addOption(m_acceptChanges);
    } else if (verb == QLatin1String("list")) {
        m_parser.addOption(m_json);
    }
    args[0] = QStringLiteral("cdnrec"); // the parser skips the program name
    if (!m_parser.parse(args))
        return m_parser.errorText();
    m_pos = m_parser.positionalArguments();
    const bool named = verb == QLatin1String("publish") || verb == QLatin1String("retire") ||
                       verb == QLatin1String("allow-endpoint") ||
                       verb == QLatin1String("disallow-endpoint");
    if (named && m_pos.size() != 1)
        return QStringLiteral("%1 needs exactly one profile name").arg(verb);
    if (!named && !m_pos.isEmpty())
        return QStringLiteral("unexpected argument '%1'").arg(m_pos.front());
    return QString();
}

int ProfileVerbs::endpoints(const TeamCatalog &catalog, const QString &verb)
{
    if (verb == QLatin1String("endpoints")) {
        const TeamCatalog::EndpointsResult r = catalog.allowedEndpoints();
        if (!r.status.ok()) {
            say(r.status.message);
            return TeamCommand::exitFor(r.status.error);
        }
        m_out << "ZEGO's hosts (https://rtc-api.zego.im and https://rtc-api-REGION.zego.im) "
                 "are always allowed.\n";
        for (const QString &line : r.lines)
            m_out << "  " << printable(line) << '\n';
        return Ok;
    }
    const QString origin = TeamCatalog::originOf(m_pos.front());
    if (origin.isEmpty())
        return usage(QStringLiteral("'%1' is not an origin such as https://gw.example.com or "
                                    "http://127.0.0.1:8080")
                         .arg(printable(m_pos.front())));
    const TeamDatabase::Status st =
        catalog.setEndpointAllowed(origin, verb == QLatin1String("allow-endpoint"));
    if (!st.ok()) {
        say(st.error == TeamDatabase::Error::NoRights
                ? QStringLiteral("only a team admin may change the allow-list (cdnrec team "
                                 "add-user NAME --role admin): nothing was changed")
                : st.message);
        return TeamCommand::exitFor(st.error);
    }
    m_out << (verb == QLatin1String("allow-endpoint") ? "allowed: " : "no longer allowed: ")
          << origin << '\n';
    return Ok;
}

int ProfileVerbs::publish(const TeamCatalog &catalog, ProfileStore &store, const Profile &profile)
{
    const TeamCatalog::PublishResult r = catalog.publish(profile, m_parser.isSet(m_replaceTeam));
    switch (r.outcome) {
    case TeamCatalog::PublishOutcome::Published:
    case TeamCatalog::PublishOutcome::Unchanged:
        if (const QString why = store.markTeam(profile.name, r.version, r.fingerprint);
            !why.isEmpty())
            say(QStringLiteral("published, but not marked as a team profile here: %1").arg(why));
        m_out << r.message << '\n';
        return Ok;
    case TeamCatalog::PublishOutcome::Conflict:
        say(r.message);
        say(QStringLiteral("cdnrec team profile pull --replace '%1' takes the team's copy; "
                           "publish --replace '%1' replaces it")
                .arg(profile.name));
        return Conflict;
    case TeamCatalog::PublishOutcome::Refused:
        return usage(r.message);
    case TeamCatalog::PublishOutcome::Failed:
        say(r.message);
        return TeamCommand::exitFor(r.status.error);
    }
    return Refused;
}

int ProfileVerbs::retire(const TeamCatalog &catalog)
{
    // The team's row alone: this machine's copy goes at the next pull, like everyone's.
    const TeamCatalog::RetireResult r = catalog.retire(m_pos.front());
    switch (r.outcome) {
    case TeamCatalog::RetireOutcome::Retired:
    case TeamCatalog::RetireOutcome::AlreadyRetired:
        m_out << r.message << '\n';
        return Ok;
    case TeamCatalog::RetireOutcome::NotFound:
        return usage(r.message);
    case TeamCatalog::RetireOutcome::Failed:
        say(r.message);
        return TeamCommand::exitFor(r.status.error);
    }
    return Refused;
}

int ProfileVerbs::list(const TeamCatalog &catalog, const ProfileStore &store)
{
    const TeamCatalog::ListResult listed = catalog.list();
    if (!listed.status.ok()) {
        say(listed.status.message);
        return TeamCommand::exitFor(listed.status.error);
    }
    if (m_parser.isSet(m_json)) {
        QJsonArray a;
        for (const TeamCatalog::Entry &e : listed.entries)
            a.append(entryJson(e, store));
        m_out << QJsonDocument(a).toJson(QJsonDocument::Indented);
    } else if (listed.entries.isEmpty()) {
        m_out << "The team has no profiles yet (cdnrec team profile publish NAME).\n";
    } else {
        for (const TeamCatalog::Entry &e : listed.entries) {
            // Any operator can write a row straight into the database: what it says is shown
            // escaped, never obeyed by the terminal.
            m_out << printable(e.profile.name) << (e.retired ? "  RETIRED" : "") << "  v"
                  << e.version << "  AppId " << e.profile.appId << "  "
                  << vendorWireName(e.profile.vendor) << "  "
                  << printable(e.profile.endpoint().host()) << "  by " << printable(e.publishedBy)
                  << " (" << printable(e.osUser) << '@' << printable(e.host) << ") "
                  << e.publishedAt.toUTC().toString(Qt::ISODate) << "  [" << localState(e, store)
                  << "]\n";
        }
    }
    for (const QString &why : listed.unreadable)
        say(QStringLiteral("not readable here: %1").arg(printable(why)));
    return Ok;
}

int ProfileVerbs::pull(const TeamCatalog &catalog, ProfileStore &store)
{
    const TeamCatalog::PullReport report =
        catalog.pull(store, m_parser.values(m_replace), m_parser.isSet(m_acceptChanges));
    if (!report.ok()) {
        say(report.summary());
        return TeamCommand::exitFor(report.status.error);
    }
    printPull(report);
    return report.conflicts.isEmpty() && report.held.isEmpty() ? int(Ok) : int(Conflict);
}

void ProfileVerbs::printPull(const TeamCatalog::PullReport &report)
{
    m_out << report.summary() << '\n';
    for (const QString &name : report.added)
        m_out << "  added: " << printable(name) << '\n';
    for (const QString &name : report.updated)
        m_out << "  updated: " << printable(name) << '\n';
    for (const QString &name : report.retired)
        m_out << "  removed (retired by the team): " << printable(name) << '\n';
    if (!report.retired.isEmpty())
        m_out << "The ServerSecret of a removed profile stays in this keyring (publishing it "
                 "again makes it work at once); cdnrec profile remove NAME removes it.\n";
    for (const QString &line : report.conflicts)
        m_out << "  not taken: " << printable(line) << '\n';
    for (const QString &line : report.skipped)
        m_out << "  skipped: " << printable(line) << '\n';
    for (const QString &line : report.held)
        m_out << "  held back, where it signs changed: " << printable(line) << '\n';
    if (!report.held.isEmpty())
        m_out << "Check the change with whoever made it; to take it: cdnrec team profile pull "
                 "--accept-changes\n";
    if (!report.conflicts.isEmpty())
        m_out << "To take the team's copy over the one here: cdnrec team profile pull --replace "
                 "NAME\n";
    if (!report.added.isEmpty())
        m_out << "Each operator adds the ServerSecret of a new profile to their own keyring: "
                 "cdnrec profile edit NAME --new-secret\n";
}

} // namespace

int runTeamProfile(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    return ProfileVerbs(out, err).run(arguments);
}

} // namespace cdnrec
