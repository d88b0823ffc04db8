// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/callrecord.h>
#include <model/outcome.h>
#include <model/rate.h>
#include <model/vendor.h>

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace cdnrec {

class CallJournal;
class CallReply;
class Clock;
class RateLimiter;
class Signer;
class PaceShare;
class PaceSource;

// Where the calls go and who signs them. The secret lives here only for the job's lifetime.
struct JobTarget
{
    QUrl endpoint;
    quint32 appId = 0;
    QString secret;
    bool isTest = false;
    Vendor vendor = Vendor::Tencent;
};

struct JobOptions
{
    // Stop, or Start (undo a stop). A Start's EndTime is computed for every call, retries too,
    // from the corrected clock: startUntil when set (Unix s, the gateway's clock), else now +
    // startForSecs, kept within the gateway's bounds (EndTimeBounds::endTime).
    RunAction action = RunAction::Stop;
    qint64 startForSecs = 24 * 3600;
    qint64 startUntil = 0;
    int batchSize = 10;
    double callsPerSecond =
        Rate::Default;     // ZEGO allows 20/s per AppId, shared with the customer's servers
    int timeoutMs = 15000; // per call, in total from the moment it is sent
    int maxAttempts = 4;   // per stream, for the retryable failures
    int maxUrlBytes = 4096;
    // The bound on calls in flight. Below it, the window follows the pace and the latency the
    // job observes (CallWindow): the rate, not the connections, sets the pace.
    int maxInFlight = 64;
    int backoffBaseMs = 500;         // first retry after ~this, doubling, with +-25% jitter
    int rateLimitedBackoffMs = 1000; // the same after code 6 or HTTP 429
    int backoffMaxMs = 8000;
    // With a journal: refuse to send a call it cannot record (a full disk), rather than send
    // calls nobody will be able to account for.
    bool requireJournal = true;
};

// How many calls may be in flight: by Little's law, rate x latency calls are in the air when
// the pace is kept, so the window is that with headroom (x1.25, +2), bounded by maxInFlight.
// The latency is the larger of a moving average of answered calls (rising fast, falling slowly)
// and the age of the oldest call still out: a call out for T seconds says the latency is at
// least T, so the window opens as answers slow down, before any slow answer has come back, and
// closes again as they speed up. Pure arithmetic on the times it is given, for tests.
class CallWindow final
{
public:
    CallWindow(double callsPerSecond, int maxInFlight);

    // A call answered (or failed) after latencyNs.
    void observe(qint64 latencyNs);
    // The pace changed mid-run (a team grant): the window follows it.
    void setRate(double callsPerSecond) { m_rate = callsPerSecond; }
    double rate() const { return m_rate; }
    // The window now, given the age of the oldest call in flight (0: none).
    int size(qint64 oldestAgeNs) const;
    // The age the oldest call must reach before the window holds inFlight + 1 calls; -1 when
    // only an answer can open it (the bound is reached).
    qint64 ageToOpen(int inFlight) const;
    // The moving average of observed latencies, ns; 0 before the first answer.
    qint64 latencyNs() const { return m_latencyNs; }
    int maximum() const { return m_max; }

    static constexpr double kHeadroom = 1.25;
    static constexpr int kExtraCalls = 2;

private:
    double m_rate;
    int m_max;
    qint64 m_latencyNs = 0;
    bool m_observed = false;
};

// One run of a stop: batches, pacing, signing, sending, retrying and reading, with one outcome
// per distinct stream ID emitted as soon as it is known. Nothing in it blocks the event loop.
class Job final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Job)
public:
    Job(JobTarget target, const QStringList &streamIds, JobOptions options,
        QObject *parent = nullptr);
    ~Job() override;

    // Injection points for tests; the defaults are process-wide.
    // A manager set here is the pool's first; more are made like it (proxy, transfer timeout)
    // when the window needs more than its 6 HTTP/1.1 connections. Set before start().
    void setNetworkAccessManager(QNetworkAccessManager *manager);
    void setClock(const Clock *clock);
    void setRateLimiter(RateLimiter *limiter);
    void setSigner(Signer *signer);
    // Where calls are written ahead (History); not owned. Set before start(). Each call goes out
    // only once the journal answers that its row is committed; meanwhile the job goes on (the
    // call counts against the window). A "not recorded" answer stops the run (requireJournal).
    void setJournal(CallJournal *journal);
    // A pace shared beyond this job (the team's budget); nullptr (the default): none. When it is
    // configured, start() takes a share for the AppId at options().callsPerSecond and the job
    // paces at the share's rate, live (it can change mid-run); the share is left when the job
    // finishes. Not configured: the pace is options().callsPerSecond, as always.
    void setPaceSource(PaceSource *source);

    void start();
    // No new call goes out; calls in flight are aborted and their streams become Unknown.
    void cancel();

    bool isRunning() const { return m_started && !m_finished; }
    // Done: nothing more goes out or comes back. finished() follows once the journal has the
    // run's end written (at once without a journal, or when cancelled).
    bool isFinished() const { return m_finished; }
    bool wasCancelled() const { return m_cancelled; }
    // True once any call got an HTTP answer: the endpoint was reached.
    bool reachedEndpoint() const { return m_reached; }
    // True once any call's request was written to a connection: the server may have received
    // it, answered or not. A run that connected but got no answer may have stopped streams.
    bool connectedToEndpoint() const { return m_connected; }
    // The options in force: nonsense values (NaN, zero, negative) replaced by the defaults.
    const JobOptions &options() const { return m_options; }
    static JobOptions sanitised(JobOptions options);

    QUrl endpoint() const { return m_target.endpoint; } // never the target: it holds the secret
    int streamCount() const { return int(m_outcomes.size()); }
    const StreamOutcome &outcome(int row) const { return m_outcomes.at(row); }
    const QList<StreamOutcome> &outcomes() const { return m_outcomes; }
    const QList<StreamOutcome> &extraStreams() const { return m_extras; }
    int finishedCount() const { return m_done; }
    int callCount() const { return m_callsSent; }
    // Calls sent and not yet answered.
    int inFlight() const { return int(m_inFlight.size()); }
    // How many calls may be in flight now (CallWindow), and the most that ever were.
    int window() const;
    int maxInFlightSeen() const { return m_maxInFlightSeen; }
    // The moving average of the time from sending a call to its answer, ms; 0 before any.
    double observedLatencyMs() const;
    // Calls sent in the last second (the pace as it is, not as it was set).
    double observedCallsPerSecond() const;
    // The pace in force: the options' rate, or the team grant (0: waiting for one).
    double currentRate() const { return m_rate; }
    // QNetworkAccessManagers in use: HTTP/1.1 gives 6 connections per host and manager.
    int connectionPoolSize() const { return int(m_pool.size()); }
    // The clock offset learnt from the gateway's Date header (server minus local), in seconds.
    qint64 clockOffsetSecs() const { return m_offsetSecs; }
    // A Start's EndTime for a call sent now (0 for a Stop): see JobOptions::action.
    qint64 endTimeNow() const;
    // True once a call went out with a Timestamp corrected by that offset (see clockCorrected).
    bool clockCorrectionApplied() const { return m_clockSignalled; }
    // The job-level failure, if any: credentials refused, TLS, endpoint unreachable.
    QString problem() const { return m_problem; }
    qint64 problemCode() const { return m_problemCode; }

Q_SIGNALS:
    void streamChanged(int row);
    void callStarted(const cdnrec::CallRecord &call);
    void callFinished(const cdnrec::CallRecord &call);
    void problemRaised(const QString &message, qint64 code);
    // When the first call goes out with a Timestamp corrected by the gateway's Date header: the
    // local clock is off by offsetSecs (server minus local). Once per job, unless the offset
    // changes by more than a minute after that (one remembered from an earlier job to the same
    // gateway, refused and learnt anew): then again, with the offset now used.
    void clockCorrected(qint64 offsetSecs);
    void progress(int done, int total);
    // For a status line: the observed latency (ms), the pace (calls in the last second) and the
    // calls in flight. At most about four times a second while calls come and go, and at the end.
    void paceChanged(double latencyMs, double callsPerSecond, int inFlight);
    // Something the operator should know once (the team budget fell back to a local share).
    void notice(const QString &message);
    // The run is over and, with a journal, its end is written: reading the history now finds
    // the whole run. A cancelled run says so at once; its end is written right after (and
    // before the history closes: History waits for its writer).
    void finished();

private:
    struct Work
    {
        QList<int> rows;
        int attempt = 1;
        qint64 notBeforeNs = 0;
        bool clockRetried = false;
        // When the limiter gave this attempt its slot (m_clock): its pace holds from then, so
        // what delays the call after it (the write-ahead, the connection) is jitter too.
        qint64 slotNs = 0;
    };
    struct InFlight
    {
        Work work;
        CallRecord record;
        QElapsedTimer timer;
        qint64 sentNs = 0;           // m_clock's monotonic time
        int slot = 0;                // which manager of the pool carries it
        QString signature;           // this call's, to redact wherever the gateway echoes it
        QUrl url;                    // signed: kept only until the call is sent
        qint64 endTime = 0;          // a Start's EndTime
        bool clockCorrected = false; // its Timestamp is corrected by the gateway's clock
        bool tooLarge = false;
        bool requestSent = false;
    };

    // One manager of the pool and the calls it carries.
    struct PoolSlot
    {
        QPointer<QNetworkAccessManager> manager;
        int calls = 0;
        bool http2 = false; // its connection multiplexes: not limited to 6 calls (ALPN h2)
    };

    void pump();
    // The pace now (the options' rate or the team grant); follows a grant that changed.
    double refreshRate();
    void leavePace();
    void send(Work work);
    // The journal's answer for a call it was asked to record: sent, or not (and then why).
    void onRecorded(int callId, bool recorded, const QString &why);
    // A call for the work, signed, with its record (not yet sent).
    InFlight prepareCall(const Work &work);
    // On the wire: its rows become Sending, and its reply is watched.
    void transmit(InFlight call);
    void watchReply(QNetworkReply *reply);
    int pickSlot();
    qint64 oldestAgeNs(qint64 now) const;
    void notePace(bool force);
    void onReplyFinished(QNetworkReply *reply);
    void handleAnswer(InFlight &call, int httpStatus, const QByteArray &body);
    // A ZEGO code other than 0: retried, split, or final (and then perhaps the job's problem).
    void handleRefusal(Work &work, const CallReply &reply);
    // Code 0: each stream's own result.
    void applyOutcomes(const Work &work, const CallReply &reply, qint64 endTime);
    void setPending(const QList<int> &rows);
    // The one place a CallRecord leaves the job: secrets redacted, then callFinished.
    void emitCallFinished(InFlight &call);
    QString scrub(const QString &text, const InFlight &call) const;
    void requeueFront(const Work &work);
    void retryOrFinish(Work work, StreamStatus finalStatus, const QString &code,
                       const QString &message, bool unanswered, int baseDelayMs);
    void finishRows(const QList<int> &rows, StreamStatus status, const QString &code,
                    const QString &message, const QString &requestId = QString(),
                    bool codeIsZego = false);
    void setOutcome(int row, const StreamOutcome &o);
    void raiseProblem(const QString &message, qint64 code);
    void abandonQueue(const QString &reason);
    void learnClock(QNetworkReply *reply);
    qint64 backoffNs(int attempt, int baseMs) const;
    void finishIfDone();

    JobTarget m_target;
    JobOptions m_options;
    QList<StreamOutcome> m_outcomes;
    QList<StreamOutcome> m_extras;
    std::deque<Work> m_queue;
    QHash<QNetworkReply *, InFlight> m_inFlight;
    QHash<int, InFlight> m_recording;      // by call id: asked of the journal, not yet answered
    QPointer<QNetworkAccessManager> m_nam; // injected: the pool's first slot
    std::vector<PoolSlot> m_pool;
    CallWindow m_window;
    std::deque<qint64> m_sentTimes; // m_clock's monotonic times of the calls of the last second
    qint64 m_lastPaceNs = 0;
    int m_maxInFlightSeen = 0;
    const Clock *m_clock;
    RateLimiter *m_limiter;
    Signer *m_signer;
    CallJournal *m_journal = nullptr;
    PaceSource *m_paceSource = nullptr;
    std::shared_ptr<PaceShare> m_share;
    // With a shared pace: this job's own limiter (the share is this job's, not the machine's).
    std::unique_ptr<RateLimiter> m_shareLimiter;
    double m_rate = 0;
    QTimer m_pumpTimer;
    qint64 m_offsetSecs = 0;
    QByteArray m_lastDateHeader; // the last Date header parsed, and its time
    qint64 m_lastDateSecs = 0;
    bool m_applyOffset = false;
    int m_done = 0;
    int m_callsSent = 0;
    int m_nextCallId = 1;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
    bool m_reached = false;
    bool m_connected = false;
    bool m_clockSignalled = false;
    qint64 m_signalledOffsetSecs = 0;
    bool m_lastDateBelievable = false;
    bool m_dateDoubtLogged = false;
    bool m_stopSending = false;
    QString m_problem;
    qint64 m_problemCode = 0;
};

} // namespace cdnrec

Q_DECLARE_METATYPE(cdnrec::CallRecord)
