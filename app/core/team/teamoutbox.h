// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>

#include <memory>

class QSqlDatabase;
class QSqlQuery;

namespace cdnrec {

// One event of the team's audit trail: the columns of cdnrec_events (001_core.sql). The outbox
// keeps the events of one moment of a run (a call sent, a call answered and the outcomes it
// settled, ...) as one row: their JSON array, as the sync sends it. Never a secret or a
// signature: calls carry their redacted URL at most.
struct TeamEvent
{
    QString eventId;       // UUID, without braces (filled in when empty)
    QString runId;         // UUID of the run
    qint64 localRunId = 0; // the run's id in the local history
    QString callId;        // UUID of the call (call_sent, call_answered), else empty
    QString kind;          // run_begun, call_sent, call_answered, stream_outcome, run_ended
    QDateTime occurredAt;  // UTC, ms (now when invalid)
    QString osUser, host, profile;
    qint64 appId = 0;
    QString action;           // "stop" or "start"
    QString streamId;         // stream_outcome
    QString status;           // stream_outcome
    QByteArray detail = "{}"; // compact JSON object
};

// The JSON the outbox keeps and the sync sends, written straight from the values: no QJsonObject
// per event (a run writes a few per call).
namespace TeamJson {
// s as a JSON string in UTF-8, escaped as QJsonDocument does (quote, backslash, controls), but
// for what PostgreSQL's jsonb refuses and would so fail a batch on every replay: U+0000 and a
// lone UTF-16 surrogate (a hostile gateway's "\u0000" or "\ud800", parsed into a message) are
// written as U+FFFD.
void appendString(QByteArray &out, QStringView s);
// One event as an object with the columns of cdnrec_events (empty call_id, stream_id and status
// are null; a detail that is not a JSON object is {}, one with what jsonb refuses is cleaned).
void appendEvent(QByteArray &out, const TeamEvent &event);
// Whether text is JSON as PostgreSQL's jsonb takes it (RFC 8259, nested at most 64 deep), and a
// JSON object (checkObject) or an array of objects (checkMoment). Unstorable: JSON, but with a
// \u0000 or a lone surrogate escape, which jsonb refuses.
enum class Check
{
    Valid,
    Invalid,
    Unstorable,
};
Check checkObject(QByteArrayView text);
Check checkMoment(QByteArrayView text);
} // namespace TeamJson

// Appends a moment's events on a connection it is given, inside the caller's transaction: the
// history's (TeamJournal, through History::JournalRows), so that the events and the history row
// they belong to are one commit, and a crash leaves both or neither. A writer keeps its insert
// prepared on the connection of its first append: one writer per connection.
class TeamOutboxWriter final
{
public:
    TeamOutboxWriter();
    ~TeamOutboxWriter();
    TeamOutboxWriter(const TeamOutboxWriter &) = delete;
    TeamOutboxWriter &operator=(const TeamOutboxWriter &) = delete;

    // The tables, when missing (in the caller's transaction, if any). An outbox of
    // an earlier development build (one row per event, a synced flag) is converted: its unsent
    // events are kept, in order.
    static bool createTable(QSqlDatabase &db, QString *error);
    // The events as one row (one moment), in their order. Fills in eventId and occurredAt when
    // empty. A moment that begins with run_begun also registers its run (localRunsSynced()).
    // Opens no transaction of its own.
    bool append(QSqlDatabase &db, QList<TeamEvent> &events, QString *error);

private:
    std::unique_ptr<QSqlQuery> m_insert; // prepared once: a run appends thousands of moments
};

// The events not yet in the team database: a table (team_outbox) in the local SQLite history
// file, one row per moment, and how far the team database has them (team_outbox_mark: the rows
// are replayed in seq order, so one number says it). Runs write it through the history's own
// connection (TeamJournal, TeamOutboxWriter); a TeamOutbox is a connection of its own (WAL, a
// busy timeout) that reads it, marks what the team database has, and purges (the sync's thread,
// `cdnrec history`, tests). Like a History, an outbox belongs to the thread that made it. The
// history's own tables and version are left alone; the tables are created on first use.
class TeamOutbox final
{
public:
    enum class Mode
    {
        ReadWrite, // creates the tables when missing
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

    // Appends the events as one moment, in a transaction of its own (committed when true).
    bool append(QList<TeamEvent> &events);
    // A moment as the sync sends it: the JSON array of its events, in order.
    struct Moment
    {
        qint64 seq = 0;
        int events = 0;
        QByteArray json;
        // Not a whole JSON array of objects by itself (TeamJson::checkMoment), or with a NUL
        // byte: not something the writer made (a file damaged by hand). It cannot be sent, and
        // spliced into a batch it could change what the others say: joined() leaves it out.
        bool damaged = false;
    };
    // The oldest moments not yet in the team database, in seq order: whole moments, until they
    // hold at least `limit` events (one moment at least).
    QList<Moment> unsynced(int limit) const;
    // Their events as one JSON array, in order (what the sync inserts in one statement); the
    // damaged ones left out.
    static QByteArray joined(const QList<Moment> &moments);
    // The team database has every moment up to `last` (a batch's last): the mark only grows.
    bool markSynced(qint64 last);
    // -1 when the outbox cannot be read.
    int unsyncedCount() const;
    // Per local history run that has events here: true when all of them are in the team database.
    QHash<qint64, bool> localRunsSynced() const;
    // Moments in the team database and older than `days` go (0: none); the others stay whatever
    // their age, and so does the newest (seq only grows: it is the largest rowid plus one).
    int purgeSynced(int days);

    // A new UUID, without braces: event, run and call ids.
    static QString newId();

private:
    bool exec(const QString &sql);
    QSqlQuery *prepared(std::unique_ptr<QSqlQuery> &query, const QString &sql) const;
    std::unique_ptr<TeamOutboxWriter> m_writer;
    // The sync reads and marks a batch every pass: prepared once on this connection.
    mutable std::unique_ptr<QSqlQuery> m_selectBatch, m_mark, m_count;
    QString m_path;
    QString m_connection;
    bool m_open = false;
    mutable QString m_lastError;
};

} // namespace cdnrec
