// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <team/teamconfig.h>
#include <team/teamdatabase.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace cdnrec {

// The team's audit trail as runs, for the History window's team scope and `cdnrec history
// --scope team`: each run put together from its events (run_begun, run_ended, stream_outcome,
// call_sent). Reads only. Opens its own connection on the calling thread: call it off the GUI
// thread (QtConcurrent::run) since the team database may be slow or away (bounded timeouts).
class TeamHistory final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::TeamHistory)
public:
    struct RunRecord
    {
        QString runId;  // UUID
        QString action; // "stop" or "start"
        QDateTime startedAt;
        QDateTime endedAt; // invalid: no run_ended (still running, or the process died)
        QString osUser, dbUser, host, profile;
        qint64 appId = 0;
        qint64 localRunId = 0; // the run's id in its operator's own history
        QString endpoint, vendor;
        int requested = 0;
        // Streams by the last outcome recorded for each: succeeded = stopped (or started).
        int succeeded = 0, failed = 0, unknown = 0, skipped = 0;
        int calls = 0;    // call_sent events
        int answered = 0; // call_answered events
        bool cancelled = false;
        // A run with no end recorded: streams no call carried, and streams carried with no
        // outcome recorded (as the local history counts them).
        int notSent = 0, sentNoAnswer = 0;
        // The run is larger than a listing counts (200,000 outcomes or calls): counts are of
        // its first rows.
        bool countsCapped = false;
        bool interrupted() const { return !endedAt.isValid(); }
    };
    struct Call
    {
        QString callId;
        int callNo = 0, attempt = 0;
        QDateTime sentAt;
        QStringList streamIds;
        bool answered = false;
        int httpStatus = 0;
        QString code, message, requestId;
        qint64 durationMs = 0;
    };
    struct Stream
    {
        QString streamId, status, code, message;
        QString requestId, vendorRequestId; // of the answer that settled it, when one did
        int attempts = 0;
        QDateTime at;
    };
    struct Filter
    {
        QString operatorName; // os_user or db_user
        QString streamId;     // runs that carried it (a call or an outcome)
        QDateTime since, until;
        qint64 appId = 0; // 0: any
        QString runId;    // one run (its UUID)
        int limit = 1000;
    };

    // Opens a connection to the team database (TeamDatabase::open). status() says how it went.
    TeamHistory(const TeamConfig &config, const QString &password);
    ~TeamHistory();
    TeamHistory(const TeamHistory &) = delete;
    TeamHistory &operator=(const TeamHistory &) = delete;

    TeamDatabase::Status status() const { return m_status; }
    bool isOpen() const { return m_status.ok(); }

    // Newest first. On failure: empty, and status() says why.
    QList<RunRecord> runs();
    QList<RunRecord> runs(const Filter &filter);
    // At most `limit` rows (a window shows a part of a run of a million streams); -1: all.
    QList<Call> calls(const QString &runId, int limit = -1);
    QList<Stream> streams(const QString &runId, int limit = -1); // each stream's last outcome

    // Whether each local history run (by id) has all its team events in the team database; runs
    // missing from the map wrote no team events. From the outbox in the history file at path.
    static QHash<qint64, bool> localRunsSynced(const QString &historyPath);

private:
    TeamDatabase::Status m_status;
    QString m_connection;
};

} // namespace cdnrec
