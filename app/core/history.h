// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "calljournal.h"
#include "outcome.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace cdnrec {

struct CallRecord;

// The audit log: every run, every call and every stream's outcome, in SQLite (WAL). A call's row
// is committed before the call is sent, so a process that dies leaves "sent, outcome unknown",
// never silence. Never the secret, never the signature (calls keep their redacted URL).
class History final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::History)
public:
    static constexpr int SchemaVersion = 1;

    struct RunInfo
    {
        QString profile;
        quint32 appId = 0;
        QString endpoint;
        QString vendor;
        QStringList streamIds; // every stream of the run, in order
    };
    struct Run
    {
        qint64 id = 0;
        QDateTime startedAt;
        QDateTime endedAt; // invalid: the run never finished (the process died)
        QString osUser, host, profile, endpoint, vendor;
        quint32 appId = 0;
        int requested = 0, stopped = 0, failed = 0, unknown = 0, skipped = 0;
        bool cancelled = false;
    };
    struct Call
    {
        qint64 id = 0;
        int callNo = 0;
        QDateTime sentAt;
        QStringList streamIds;
        int attempt = 0;
        QString state; // "sent" (no answer recorded: outcome unknown) or "answered"
        int httpStatus = 0;
        QString code, message, requestId, error, url;
        qint64 durationMs = 0;
        QByteArray body;
    };
    struct Stream
    {
        qint64 runId = 0;
        QString streamId;
        QString status; // statusKey(), or "sent-unknown" for a stream whose call never returned
        QString code, message, vendorRequestId, requestId;
        int attempts = 0;
        QDateTime updatedAt;
        QDateTime runStartedAt;
        QString profile;
    };
    struct Filter
    {
        QString streamId;
        QString profile;
        QDateTime since;
        QDateTime until;
        QString status; // a statusKey()
        int limit = 1000;
    };

    // Opens (and creates) the database. A corrupt file is moved aside and a new one started;
    // problem() then says so. When nothing can be opened, isOpen() is false and nothing is kept.
    explicit History(const QString &path = defaultPath());
    ~History();
    Q_DISABLE_COPY_MOVE(History)

    static QString defaultPath();
    bool isOpen() const;
    QString path() const { return m_path; }
    QString problem() const { return m_problem; }

    // Retention: runs older than this many days are deleted on open (0: keep forever).
    int purgeOlderThan(int days);

    qint64 beginRun(const RunInfo &info);
    bool recordCallSending(qint64 runId, const CallRecord &call);
    void recordCallFinished(qint64 runId, const CallRecord &call, const QList<StreamOutcome> &streams);
    // Closes the run with its counts; `streams` are the outcomes not yet written (the journal
    // passes only those, so a 2,000-stream run does not rewrite 2,000 rows at its end).
    void endRun(qint64 runId, const QList<StreamOutcome> &streams, bool cancelled);
    void endRun(qint64 runId, const QList<StreamOutcome> &unwritten, const QList<StreamOutcome> &all,
                bool cancelled);

    QList<Run> runs() const;
    QList<Run> runs(const Filter &filter) const;
    std::optional<Run> run(qint64 id) const;
    QList<Stream> streams(qint64 runId) const;
    QList<Stream> findStreams(const Filter &filter) const;
    QList<Call> calls(qint64 runId) const;
    QString lastError() const { return m_lastError; }

    // A journal bound to one run, for StopJob.
    std::unique_ptr<CallJournal> journal(qint64 runId);

    // Test seams: SQLite's page limit, to play a full disk; a shorter wait for a locked database.
    void setMaxPageCountForTesting(int pages);
    void setBusyTimeoutForTesting(int ms);

private:
    bool open();
    bool exec(const QString &sql);
    QString m_path;
    QString m_connection;
    QString m_problem;
    bool m_corrupt = false; // open() found a file that is not a sound SQLite database
    mutable QString m_lastError;
};

} // namespace cdnrec
