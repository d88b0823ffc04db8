// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>

class QSqlDatabase;
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

// Appends events on a connection it is given, inside the caller's transaction: the history's
// (TeamJournal, through History::JournalRows), so that an event and the history row it belongs
// to are one commit, and a crash leaves both or neither. A writer keeps its insert prepared on
// the connection of its first append: one writer per connection.
class TeamOutboxWriter final
{
public:
    TeamOutboxWriter();
    ~TeamOutboxWriter();
    TeamOutboxWriter(const TeamOutboxWriter &) = delete;
    TeamOutboxWriter &operator=(const TeamOutboxWriter &) = delete;

    // The table and its indexes, when missing (in the caller's transaction, if any).
    static bool createTable(QSqlDatabase &db, QString *error);
    // Fills in eventId and occurredAt when empty, and seq. Opens no transaction of its own.
    bool append(QSqlDatabase &db, QList<TeamEvent> &events, QString *error);

private:
    std::unique_ptr<QSqlQuery> m_insert; // prepared once: a run appends thousands of events
};

// The events not yet in the team database: a table (team_outbox) in the local SQLite history
// file. Runs write it through the history's own connection (TeamJournal, TeamOutboxWriter); a
// TeamOutbox is a connection of its own (WAL, a busy timeout) that reads it, marks what the team
// database has, and purges (the sync's thread, `cdnrec history`, tests). Like a History, an
// outbox belongs to the thread that made it. The history's own tables and version are left
// alone; the table is created on first use.
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
    // The same events as the sync sends them: one JSON array of objects with the columns of
    // cdnrec_events plus seq (an empty text is null for call_id, stream_id and status; a detail
    // that is not a JSON object is {}), written straight from the rows, without a TeamEvent.
    struct Batch
    {
        QByteArray json = "[]";
        qint64 first = 0, last = 0; // the seqs of its first and last event
        int count = 0;
    };
    Batch unsyncedBatch(int limit) const;
    // Marks a batch that unsynced() returned (every unsynced event from its first to its last).
    bool markSynced(const QList<qint64> &seqs);
    bool markSynced(qint64 first, qint64 last);
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
    QSqlQuery *prepared(std::unique_ptr<QSqlQuery> &query, const QString &sql) const;
    std::unique_ptr<TeamOutboxWriter> m_writer;
    // The sync reads and marks a batch every pass: prepared once on this connection.
    mutable std::unique_ptr<QSqlQuery> m_select, m_selectBatch, m_mark;
    QString m_path;
    QString m_connection;
    bool m_open = false;
    mutable QString m_lastError;
};

} // namespace cdnrec
