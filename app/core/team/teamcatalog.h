// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/profile.h>
#include <team/teamdatabase.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace cdnrec {

class ProfileStore;
struct TeamConfig;

// The team's profile catalog (issue 14, table cdnrec_profiles of migrations 003 and 004):
// profiles WITHOUT their secrets, published by one operator and taken by the others on their next
// start, and retired by an operator when the team no longer uses them.
// Each operator keeps the ServerSecret in their own keyring under the profile's name; nothing
// here reads or writes a keyring. Every database call is bounded by the connection's timeouts
// (TeamDatabase::open); the local store is only touched after the team's answer is in.
class TeamCatalog final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::TeamCatalog)
public:
    // A profile as the team has it.
    struct Entry
    {
        Profile profile; // the shareable fields; teamVersion/teamBase unset
        qint64 version = 0;
        bool retired = false; // withdrawn by the team: a pull removes unchanged copies
        QString publishedBy;  // the database login of the last publisher (or retirer)
        QString osUser;
        QString host;
        QDateTime publishedAt;
    };
    struct ListResult
    {
        TeamDatabase::Status status;
        QList<Entry> entries;
        QStringList unreadable; // "name: why", rows this version cannot read
    };

    enum class PublishOutcome
    {
        Published, // a new version is in the catalog: `version`
        Unchanged, // the team has these very fields already at `version`: nothing written
        Conflict,  // the team's copy changed (or exists) and was not overwritten: `message`
        Refused,   // the profile cannot be published as it is (a secret in it, invalid): `message`
        Failed,    // the database did not take it: `status`
    };
    struct PublishResult
    {
        PublishOutcome outcome = PublishOutcome::Failed;
        qint64 version = 0;  // the team's version after the call (Published, Unchanged)
        QString fingerprint; // of the fields published (ProfileStore::fingerprint)
        QString message;     // one sentence for the operator
        TeamDatabase::Status status;
        bool restored = false; // Published over a retired profile of that name: it is back
    };

    enum class RetireOutcome
    {
        Retired,        // withdrawn from the team as `version`
        AlreadyRetired, // it was already: nothing written
        NotFound,       // the team has no profile of that name: nothing written
        Failed,         // the database did not take it (rights, connection): `status`
    };
    struct RetireResult
    {
        RetireOutcome outcome = RetireOutcome::Failed;
        qint64 version = 0; // the team's version after the call (Retired, AlreadyRetired)
        QString message;    // one sentence for the operator
        TeamDatabase::Status status;
    };

    struct PullReport
    {
        bool configured = true;      // false: no team database is set up here (summary "")
        TeamDatabase::Status status; // the database's answer; not ok: nothing was changed
        QStringList added;           // names
        QStringList updated;         // names
        QStringList retired;         // names: unchanged team copies the team retired, removed
        QStringList conflicts;       // "name: why", left as they were here
        QStringList skipped;         // "name: why", team rows that are not valid here
        // "name: old → new (version, by, at)": a newer team version that changes where the
        // secret signs (AppId, region, endpoint, IsTest, environment), not taken without
        // acceptChanges
        QStringList held;
        int upToDate = 0;
        bool ok() const { return status.ok(); }
        // A short sentence for a status line: "2 team profiles updated."
        QString summary() const;
    };

    struct EndpointsResult
    {
        TeamDatabase::Status status;
        QStringList lines; // "origin (allowed by USER at TIME)"
    };

    // Works on a connection that TeamDatabase::open made on the calling thread.
    explicit TeamCatalog(const QString &connectionName);

    ListResult list() const;
    // Publishes `profile` (never a secret: a Profile has none, and a field that looks like a
    // ServerSecret is refused). profile.teamVersion says which team version it was based on: a
    // team copy changed by someone else since is a Conflict, unless `replace`.
    // Publishing the name of a retired team profile restores it (a new version, `restored`),
    // whatever version it was based on.
    PublishResult publish(const Profile &profile, bool replace = false) const;
    // Withdraws the team profile `name` (a new version, flagged retired; the row and its trail
    // stay, and nothing is deleted). Colleagues' unchanged copies go at their next pull. Touches
    // neither the local store nor any keyring.
    RetireResult retire(const QString &name) const;
    // The team's allow-list of endpoint origins outside ZEGO's hosts (an admin's to change).
    EndpointsResult allowedEndpoints() const;
    TeamDatabase::Status setEndpointAllowed(const QString &origin, bool allowed) const;
    // "https://gw.example.com:8443" of a URL or origin; empty when it is not an http(s) origin.
    static QString originOf(const QString &url);
    // list() + apply().
    PullReport pull(ProfileStore &store, const QStringList &replace = {},
                    bool acceptChanges = false) const;

    // Brings team profiles into the local store: adds new ones, updates copies whose team version
    // is newer, and never overwrites a local-only profile of the same name or a team copy changed
    // here since (a conflict instead), unless its name is in `replace`. A retired team profile is
    // never added; an unchanged team copy of it is removed (its secret stays in the keyring), a
    // copy changed here is kept as a conflict (removed when its name is in `replace`), and a
    // local-only profile of that name is not touched.
    // A newer team copy that changes where the secret signs (AppId, region, endpoint, IsTest,
    // environment) is held back (`held`) unless acceptChanges or its name is in `replace`.
    static PullReport apply(const QList<Entry> &entries, ProfileStore &store,
                            const QStringList &replace = {}, bool acceptChanges = false);

    // The one call for a start (CLI and console): opens its own connection on the calling thread,
    // pulls, closes. Bounded by the connection's timeouts; a team database that cannot be reached
    // leaves the store as it was and says so in summary().
    static PullReport pullAtStart(ProfileStore &store, const TeamConfig &config,
                                  const QString &password);
    // The same with the saved connection (TeamConfig::load) and its password from the keyring
    // entry of `cdnrec team connect` (read with a timeout; no profile's secret is touched).
    // Nothing at all when no team database is set up: configured false, an empty summary().
    // Blocks the calling thread for at most the keyring's and the connection's timeouts: a
    // console calls fetch() on a worker thread instead.
    static PullReport pullAtStart(ProfileStore &store);
    // The database half of it alone, safe on a worker thread (its own connection): the console
    // can fetch there and apply() on the thread of its store.
    static ListResult fetch(const TeamConfig &config, const QString &password);

    // Why `profile` must not be published as it is (a text field that holds what looks like a
    // ServerSecret: 32 hexadecimal characters), or an empty string.
    static QString secretProblem(const Profile &profile);

private:
    QString m_connection;
};

} // namespace cdnrec
