// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <app/run.h>
#include <app/runplanner.h>
#include <model/profile.h>
#include <store/history.h>

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <memory>
#include <optional>

namespace cdnrec {

class History;
class PracticeEndpoint;
class ProfileStore;
class SecretStore;
class StreamTableModel;

// What a row of the console's list shows of its stream's life, and what may be done with it:
// its last known recording state, the action and run that set it, and its profile. The table
// model keeps it (one place); RunController reads it and decides on it.
struct RowState
{
    enum class Life
    {
        Ready,           // not sent: never, or waiting in the run
        Invalid,         // not a stream ID: never sent
        Sending,         // a call with it is in flight
        Stopped,         // a stop answered success (at answeredAt): may be restarted
        Restarted,       // a restart answered success: recording until endTime (or, answered
                         // "already recording", until the end it was started with)
        FailedToStop,    // the gateway or the vendor refused the stop
        FailedToRestart, // ... or the restart
        Unknown,         // sent, and no answer says what happened
        NotSent,         // its run ended (cancelled, refused, interrupted) before it was sent
    };
    Life life = Life::Ready;
    // The run that last sent the stream (for a row never sent: the defaults).
    RunAction action = RunAction::Stop;
    QString profile; // that run's profile, "" for Practice
    Vendor vendor = Vendor::Tencent;
    qint64 runId = 0;      // that run in the history (0: not recorded)
    qint64 endTime = 0;    // Restarted: recording until (Unix s; 0: not known)
    qint64 answeredAt = 0; // when its last answer came (Unix s; 0: none)
    bool sent = false;     // a run sent it (or left it unsent): action, profile and run are its
    bool late = false;     // added while a run went: it waits for the next
    bool alreadyRecording = false; // Restarted: the vendor said it records already (409)

    // Stop takes it without asking: not sent, or its stop failed or said nothing. A stopped or
    // restarted row (or one a restart left) is sent again only when selected and named.
    bool stopTakes() const;
    // Its recording may be restarted: stopped, or a restart left it stopped (failed, not sent).
    bool restartable() const;
    // A retry of `action` sends it again: that action failed for it, or said nothing.
    bool retryable(RunAction action) const;
    // Stable, for exports: "not_sent", "invalid", "sending", "stopped", "started",
    // "already_recording", "failed", "failed_to_restart", "unknown".
    QString key() const;
    // The same in words (translated), for the questions.
    QString displayName() const;
};

// The console's run use case, without widgets: the list (the table model it feeds) and the
// current profile become a plan; the plan, with the secret from the keyring (or asked for),
// becomes a Run; the run's outcomes go into the model; and the rules of what Stop, Retry, Undo
// and Restart take are decided on the rows' states. The window asks the questions (the
// confirmations, the restart's end, the secret when the keyring has none) and shows the texts.
class RunController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunController)
public:
    // A run ready to be confirmed and sent.
    struct Plan
    {
        RunPlan run;
        std::optional<Profile> profile; // the saved profile that signs; none: Practice
        QString where;                  // lines that say where the calls go, for the question
        QString profileName() const { return profile ? profile->name : QString(); }
    };
    // Streams to restart, with where they were stopped.
    struct Restart
    {
        QStringList ids;
        QString profile; // "" for Practice
        Vendor vendor = Vendor::Tencent;
    };
    // A question for the operator: its title, text and the button that says yes.
    struct Question
    {
        QString title;
        QString text;
        QString accept;
        // A check box, unchecked, to send again the selected rows sent already ("" : none);
        // checked, the accept button reads acceptAgain.
        QString option;
        QString acceptAgain;
    };

    RunController(StreamTableModel *model, ProfileStore *profiles, SecretStore *secrets,
                  PracticeEndpoint *practice, QObject *parent = nullptr);
    ~RunController() override;

    // The audit history, opened on first use; old runs are purged off the GUI thread.
    History *history();
    RowState rowState(int row) const;
    RowState rowStateOf(const QString &id) const; // a default state when the ID is not listed

    // --- What the next run takes ---
    // Stop: the rows stopTakes(); retry: the rows whose stop failed or said nothing.
    QStringList idsToStop(bool onlyRetry) const;
    // Stop with a selection: the rows stopTakes() (`ids`), and the selected rows that were sent
    // already (stopped, restarted...), left out unless the operator chooses to send them again
    // (`again`); `all` is both, in the list's order.
    struct StopSet
    {
        QStringList ids;
        QStringList again;
        QStringList all;
    };
    StopSet stopSet(const QList<int> &selectedRows) const;
    // Why Stop has nothing to send ("Nothing to stop: 1 stream ID is invalid…").
    QString nothingToStopText() const;
    // After a restart, Retry restarts: its failed rows of one profile. None otherwise.
    std::optional<Restart> retryOfRestart() const;
    // What the last stop stopped, while those rows still show Stopped (Ctrl+Z).
    QStringList undoableIds() const;
    QList<int> restartableRows(const QList<int> &rows) const;
    bool anyRestartable(const QList<int> &rows) const;
    // The rows' restart, where they were stopped; none (and problem()) when they were stopped
    // with different profiles or vendors.
    std::optional<Restart> restartOf(const QList<int> &rows);

    // --- Plans (none, and problem(), when the profile is gone or Practice cannot start) ---
    std::optional<Plan> planStop(const QString &profileName, Vendor vendor, const QStringList &ids);
    std::optional<Plan> planRestart(const Restart &restart);
    // The restart of what a history run stopped, under the planner's rule (RunPlanner::planUndo:
    // only a saved profile with the run's AppId and endpoint, or Practice); its streams are
    // added to the list.
    // A second undo of a run is not planned at once: *ask gets the question (when the first
    // restarted it) and nothing is returned; call again with `again` when the operator says yes.
    // A stop still running (here or elsewhere) is refused, in words.
    std::optional<Plan> planUndoOf(qint64 runId, Vendor fallbackVendor, bool again = false,
                                   QString *ask = nullptr);
    // The question before a stop: how many, the counts by state with the first IDs, and where
    // the calls go. `again`: the selected rows sent already, left out, named, with the check box
    // that sends them too (unchecked). A plan of `again` alone (nothing else to stop) asks only
    // about them, and the box must be checked.
    Question stopQuestion(const Plan &plan, bool onlyRetry, const QStringList &again = {}) const;

    // --- Sending ---
    // Reads the secret (asking through secretNeeded() when the keyring has none), then starts.
    void send(Plan plan);
    // The answer to secretNeeded(): empty when the operator gave none (nothing is sent).
    void answerSecret(const QString &secret);
    void cancel();
    bool isRunning() const;
    Run *run() const { return m_run; }

    // --- What to say ---
    QString progressFormat() const; // "%v / %m · 3 not stopped"
    QString outcomeText() const;    // "Done: 5 stopped, 1 failed, 0 unknown, 0 not sent"
    QString callsText() const;      // "30 calls in 3.1 s"
    QString closeQuestionText() const;
    // Esc during a run asks first (as quitting does): how far it is, what a cancel leaves.
    QString cancelQuestionText() const;
    // The run that never finished, if any: its streams left undone and the question to load them.
    // It was a stop or a restart, under its profile: its rows come back with both, each as the
    // history left it (not sent, or sent with no answer: Unknown).
    struct Interrupted
    {
        QStringList ids;
        Question question;
        qint64 runId = 0;
        RunAction action = RunAction::Stop;
        QString profile; // the run's saved profile, "" for Practice
        Vendor vendor = Vendor::Tencent;
        QList<StreamOutcome> rows;
        QString key; // names the run in the settings' answered offers
    };
    // The newest interrupted run whose offer was not answered yet.
    std::optional<Interrupted> interruptedRun();
    // The operator answered the offer (loaded, or declined): it is not made again.
    void answeredInterrupted(const Interrupted &offer);
    // Adds the offer's rows to the list, each with its run, action, profile and state.
    void loadInterrupted(const Interrupted &offer);
    // The list as a report (.json: the document of `cdnrec stop --json`; else CSV).
    QByteArray exportDocument(bool json, int *rows) const;
    // The list was cleared: nothing is left to undo.
    void forgetRows();

Q_SIGNALS:
    // A problem to show (a banner): a run's, the history's, or why nothing was sent.
    void problem(const QString &text);
    void readingSecret(const QString &text);
    // The keyring has no secret for the profile: ask (masked) and call answerSecret().
    void secretNeeded(const QString &profile, const QString &question);
    void notSent();
    void started(int total); // before the first call
    void runningChanged();
    void streamChanged(const cdnrec::StreamOutcome &outcome); // after the model has it
    void callFinished(const cdnrec::CallRecord &call);
    void progress(int done, int total);
    void paceChanged(double latencyMs, double callsPerSecond, int inFlight);
    void finished();

private:
    struct Sent
    {
        RunAction action = RunAction::Stop;
        QString profile;
        Vendor vendor = Vendor::Tencent;
        qint64 runId = 0;
    };
    struct PendingSecret
    {
        RunPlan plan;
        QString profile;
    };
    std::optional<Plan> planFor(const QString &profileName, RunAction action, Vendor vendor,
                                const QStringList &ids);
    QString whereText(const Plan &plan) const;
    bool checkRate(Plan &plan);
    void launch(RunPlan plan, const QString &secret, const QString &profileName);
    void connectRun(Run *run);
    void noteSent(const Run &run, const QString &profileName);
    void onStreamChanged(const StreamOutcome &outcome);
    void onRunFinished();
    void onRowsAdded(int first, int last);
    QString stateLines(const QStringList &ids) const;
    QString leftOutText(const QStringList &again) const;
    // Why an undo is not planned, as a problem; a second undo's question into *ask when given.
    void sayUndoRefusal(const PlannedRun &planned, const History::RunRecord &run, QString *ask);

    StreamTableModel *m_model;
    ProfileStore *m_profiles;
    SecretStore *m_secrets;
    PracticeEndpoint *m_practice;
    std::unique_ptr<History> m_history;
    Run *m_run = nullptr;     // the last run (a child), until the next one starts
    QString m_lastRunProfile; // the label of the last run, for a retry under another profile
    // What the stops of one profile and vendor stopped (a retry adds to it), while Undo may
    // restart it (while those rows show Stopped).
    QStringList m_undoIds;
    std::optional<Sent> m_undoOf;
    int m_late = 0; // rows added during the last run and not sent by it
    std::optional<PendingSecret> m_pendingSecret;
    QElapsedTimer m_clock;
    qint64 m_runMs = -1; // how long the last run took, once it ended
};

} // namespace cdnrec
