// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <engine/calljournal.h>
#include <model/outcome.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QSqlDatabase;

namespace cdnrec {

struct CallRecord;
class HistoryWriter;

// The audit log: every run, every call and every stream's outcome, in SQLite (WAL). A call's row
// is committed before the call is sent, so a process that dies leaves "sent, outcome unknown",
// never silence. Never the secret, never the signature (calls keep their redacted URL).
// Every write is made on a thread of the history's own (HistoryWriter: one connection that
// writes, commits grouped when they queue up); the History's own connection only reads. The
// calls below that write wait for their commit; a run's journal (journal()) never waits.
class History final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::History)
public:
    // 2: runs.action ("stop" or "start"; rows of version 1 read "stop").
    // streams.room (stop by room) is added to a file of any version that lacks it, without a
    // new version: an older cdnrec still records into the file (it names its columns).
    static constexpr int SchemaVersion = 2;

    struct RunInfo
    {
        RunAction action = RunAction::Stop;
        QString profile;
        quint32 appId = 0;
        QString endpoint;
        QString vendor;
        QStringList streamIds; // every stream of the run, in order
        // Stop by room: the room each stream was listed in (stream ID -> room); the others none.
        QHash<QString, QString> rooms;
    };
    enum class Mode
    {
        ReadWrite, // records runs; falls back to reading only when the file cannot be written
        ReadOnly,  // only reads (the History window, `cdnrec history`): creates and changes nothing
    };
    struct RunRecord
    {
        qint64 id = 0;
        RunAction action = RunAction::Stop;
        QDateTime startedAt;
        QDateTime endedAt; // invalid: the run never finished (the process died, or it still runs)
        QString osUser, host, profile, endpoint, vendor;
        quint32 appId = 0;
        // A run that never finished has its counts from its stream rows; notSent and
        // sentNoAnswer are only ever non-zero for such a run.
        // stopped: the streams the run's action succeeded for (stopped, or started for a Start).
        int requested = 0, stopped = 0, failed = 0, unknown = 0, skipped = 0;
        int notSent = 0, sentNoAnswer = 0;
        bool cancelled = false;
        bool interrupted() const { return !endedAt.isValid(); }
    };
    struct Call
    {
        qint64 id = 0;
        int callNo = 0;
        QDateTime sentAt;
        QStringList streamIds;
        int attempt = 0;
        // "sent" (nothing recorded after it: outcome unknown), "answered" (an HTTP answer came)
        // or "unanswered" (it ended without one: see error)
        QString state;
        int httpStatus = 0;
        QString code, message, requestId, error, url;
        qint64 durationMs = 0;
        QByteArray body;
    };
    struct Stream
    {
        qint64 runId = 0;
        QString streamId;
        HistoryStatus status = HistoryStatus::NotSent;
        QString code, message, vendorRequestId, requestId;
        int attempts = 0;
        QDateTime updatedAt;
        QDateTime runStartedAt;
        QString profile;
        QString room; // the room it was listed in (stop by room); empty: given as a stream
    };
    struct Filter
    {
        QString streamId;
        QString profile;
        QDateTime since;
        QDateTime until;
        std::optional<HistoryStatus> status;
        bool unfinishedOnly = false; // only runs that never ended
        int limit = 1000;
    };

    // Opens (and creates, 0600 in a 0700 folder) the database. A corrupt file is moved aside and a
    // new one started; problem() then says so in one line. A file that can be read but not
    // written is opened for reading: isOpen() and isReadOnly() are true, nothing is recorded.
    // When nothing can be opened, isOpen() is false and nothing is kept. Opening is cheap (the
    // header, the schema, a read of the tables): the full check is checkIntegrity().
    // A History belongs to the thread that made it (as its reading connection does). Its
    // destructor waits for what its writer still has to write (bounded: HistoryWriter::finish).
    explicit History(const QString &path = defaultPath(), Mode mode = Mode::ReadWrite);
    ~History();
    Q_DISABLE_COPY_MOVE(History)

    static QString defaultPath();
    bool isOpen() const;
    bool isReadOnly() const { return m_readOnly; }
    QString path() const { return m_path; }
    QString problem() const { return m_problem; }

    // Retention: runs older than this many days are deleted (0: keep forever). Indexed, but
    // deleting a year of a large history still takes time: the static one opens its own
    // connection and may run on a worker thread (QtConcurrent::run), off the GUI thread.
    int purgeOlderThan(int days);
    static int purgeOlderThan(const QString &path, int days, QString *error = nullptr);

    // Rows that another part of the program keeps in the history file and that belong with a
    // moment of a run (team mode's outbox): written on the history's writing connection, on its
    // writer's thread, inside the history's own transaction of that moment, so that one commit
    // holds both and a crash leaves both or neither. false (with *error set) rolls that
    // transaction back. History knows nothing of what they are.
    using Rows = std::function<bool(QSqlDatabase &db, QString *error)>;

    qint64 beginRun(const RunInfo &info);
    // The call and `extra` in one transaction. false: neither was written (the call is not sent).
    bool recordCallSending(qint64 runId, const CallRecord &call, const Rows &extra = {});
    // The answer and `extra` in one transaction. true: both committed. When `extra` cannot be
    // written, the answer is still recorded, alone (the local audit log never loses an answer
    // to another part's rows), and false is returned.
    bool recordCallFinished(qint64 runId, const CallRecord &call,
                            const QList<StreamOutcome> &streams, const Rows &extra = {});
    // Closes the run with its counts; `streams` are the outcomes not yet written (the journal
    // passes only those, so a 2,000-stream run does not rewrite 2,000 rows at its end).
    // `extra` as for recordCallFinished().
    void endRun(qint64 runId, const QList<StreamOutcome> &streams, bool cancelled);
    bool endRun(qint64 runId, const QList<StreamOutcome> &unwritten,
                const QList<StreamOutcome> &all, bool cancelled, const Rows &extra = {});
    // `rows` alone, in a transaction of their own (e.g. right after beginRun()). true: committed.
    bool writeRows(const Rows &rows);

    QList<RunRecord> runs() const;
    QList<RunRecord> runs(const Filter &filter) const;
    std::optional<RunRecord> run(qint64 id) const;
    QList<Stream> streams(qint64 runId) const;
    QList<Stream> findStreams(const Filter &filter) const;
    QList<Call> calls(qint64 runId) const;
    QString lastError() const { return m_lastError; }

    // Runs that never ended (killed, or still running in another process), newest first;
    // maxAgeDays 0: any age.
    QList<RunRecord> interruptedRuns(int maxAgeDays) const;
    // A run's streams that were not sent or were sent without an answer recorded, in run order.
    QStringList unfinishedStreamIds(qint64 runId) const;
    // What to show for a run's stored profile label: older rows have none.
    static QString profileDisplayName(const QString &stored);

    // SQLite's full check (PRAGMA quick_check, or integrity_check when `full`), on a read-only
    // connection of its own: minutes on a large file. Safe on any thread; never call it on the
    // GUI thread (run it with QtConcurrent::run). detail: SQLite's first findings, shortened.
    struct Integrity
    {
        bool ok = false;
        QString detail;
    };
    static Integrity checkIntegrity(const QString &path, bool full = false);

    // What a run's journal writes besides the history's rows, each in the history's
    // transaction of the same moment (see Rows): the journal calls it there, on the history's
    // writer thread, one moment after another (never two at once). A failing callSending()
    // means the call is neither recorded nor sent. Moments may share a commit: settled() comes
    // after each, once the commit is known; a transaction rolled back says settled(false)
    // before its moments are written again, each alone.
    class JournalRows
    {
    public:
        virtual ~JournalRows() = default;
        virtual bool callSending(QSqlDatabase &db, const CallRecord &call, QString *error) = 0;
        virtual bool callFinished(QSqlDatabase &db, const CallRecord &call,
                                  const QList<StreamOutcome> &streams, QString *error) = 0;
        virtual bool runFinished(QSqlDatabase &db, const QList<StreamOutcome> &streams,
                                 bool cancelled, QString *error) = 0;
        // After each of the above: whether its rows were committed (a rolled-back transaction,
        // or rows that failed, say false).
        virtual void settled(bool committed) = 0;
        // Why the last of them failed, for the operator.
        virtual QString problem() const = 0;
        // No more moments: what the rows keep of the writing connection (prepared statements)
        // goes, on the writer's thread, before the rows are destroyed on the journal's.
        virtual void release() {}
    };

    // A journal bound to one run, for Job (CallJournal: asynchronous; its answers come on the
    // thread that made it); with `rows`, it also writes those (and owns them). It must not
    // outlive this History; its destructor waits for what it asked (bounded).
    std::unique_ptr<CallJournal> journal(qint64 runId, std::unique_ptr<JournalRows> rows = {});

    // Test seams: SQLite's page limit, to play a full disk; a shorter wait for a locked database
    // (both on the writing connection); a function called after every commit of any history, on
    // the committing thread (empty: none).
    void setMaxPageCountForTesting(int pages);
    void setBusyTimeoutForTesting(int ms);
    static void setCommitObserverForTesting(std::function<void()> observer);

private:
    bool open(bool readOnly);
    bool openFile(bool readOnly, bool immutable);
    bool openConnection(bool readOnly, bool immutable);
    bool readVersion(int *version); // the cheap check: page 1, the schema, user_version
    bool readTables();              // a read of each table's root
    bool createSchema(int version); // creates or migrates to SchemaVersion
    void close();
    QString moveAside(); // the new name, or empty
    bool exec(const QString &sql);
    bool writable();
    HistoryWriter *writer(); // started at the first write
    QString m_path;
    RunAction actionOf(qint64 runId) const;

    QString m_connection; // reads only (query_only): see writer()
    std::unique_ptr<HistoryWriter> m_writer;
    bool m_hasAction = true;                    // false: a version 1 file opened read-only
    mutable QHash<qint64, RunAction> m_actions; // the action of the runs this process began
    QString m_problem;
    bool m_corrupt = false; // open() found a file that is not a sound SQLite database
    bool m_readOnly = false;
    mutable QString m_lastError;
};

} // namespace cdnrec
