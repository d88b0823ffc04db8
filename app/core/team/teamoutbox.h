// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>

class QSqlQuery;

namespace cdnrec {

// One event of the team's audit trail, as the local outbox keeps it until the team database has
// it: the columns of cdnrec_events (001_core.sql) plus where it stands locally. Never a secret or
// a signature: calls carry their redacted URL at most.
struct TeamEvent
{
    qint64 seq = 0;        // the outbox's order (replayed in this order)
    QString eventId;       // UUID, without braces
    QString runId;         // UUID of the run
    qint64 localRunId = 0; // the run's id in the local history
    QString callId;        // UUID of the call (call_sent, call_answered), else empty
    QString kind;          // run_begun, call_sent, call_answered, stream_outcome, run_ended
    QDateTime occurredAt;  // UTC, ms
    QString osUser, host, profile;
    qint64 appId = 0;
    QString action;           // "stop" or "start"
    QString streamId;         // stream_outcome
    QString status;           // stream_outcome
    QByteArray detail = "{}"; // compact JSON object
    bool synced = false;
};

// The events not yet in the team database: a table (team_outbox) in the local SQLite history
// file, on a connection of its own (WAL, a busy timeout; the History class is not touched).
// Like a History, an outbox belongs to the thread that made it. The history's own tables and
// version are left alone; the table is created on first use.
class TeamOutbox final
{
public:
    enum class Mode
    {
        ReadWrite, // creates the table when missing
        ReadOnly,  // changes nothing (`cdnrec history`, the History window)
    };
    // Opens the file at path. When it does not exist, nothing is created and isOpen() is false:
    // the history creates the file, with its permissions, first.
    explicit TeamOutbox(const QString &path, Mode mode = Mode::ReadWrite);
    ~TeamOutbox();
    TeamOutbox(const TeamOutbox &) = delete;
    TeamOutbox &operator=(const TeamOutbox &) = delete;

    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    QString lastError() const { return m_lastError; }

    // Appends the events in one transaction (committed when it returns true). Fills in seq.
    bool append(QList<TeamEvent> &events);
    bool append(TeamEvent &event);
    // The oldest unsynced events, in seq order.
    QList<TeamEvent> unsynced(int limit) const;
    // Marks a batch that unsynced() returned (every unsynced event from its first to its last).
    bool markSynced(const QList<qint64> &seqs);
    // -1 when the outbox cannot be read.
    int unsyncedCount() const;
    // Per local history run that has events here: true when all of them are in the team database.
    QHash<qint64, bool> localRunsSynced() const;
    // Synced events older than `days` go (0: none); unsynced ones stay whatever their age.
    int purgeSynced(int days);

    // A new UUID, without braces: event, run and call ids.
    static QString newId();
    static QString tableName() { return QStringLiteral("team_outbox"); }

private:
    bool exec(const QString &sql);
    std::unique_ptr<QSqlQuery> m_insert; // prepared once: a run appends thousands of events
    QString m_path;
    QString m_connection;
    bool m_open = false;
    mutable QString m_lastError;
};

} // namespace cdnrec
