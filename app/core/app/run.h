// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <engine/job.h>
#include <model/report.h>
#include <model/streamids.h>

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace cdnrec {

class CallJournal;
class History;
struct Profile;

// What the operator asked for, before anything is sent.
struct RunPlan
{
    JobTarget target;   // the secret may be filled in just before start()
    JobOptions options; // options.action: what the run does (Stop or Start)
    QString label;      // how the history names the profile: see Run::labelFor()
    // The input in order, with the verdicts the planner gave (RunPlanner::merged): an item that
    // is neither Invalid nor Duplicate is sent, once; invalid ones are reported as skipped,
    // duplicates not at all. Nothing downstream checks or de-duplicates them again.
    QList<StreamIds::Item> items;
    // Stop by room: the room each stream was listed in (stream ID -> room), kept in the
    // history with the stream; streams given as IDs have none.
    QHash<QString, QString> rooms;
    bool record = true; // write the run ahead into the history (the default)
    bool sends = true;  // false: a dry run (nothing is sent: no team role check)

    // The IDs sent, in input order: the items that are neither Invalid nor Duplicate.
    QStringList sendableIds() const;
};

// One run of an action as the operator sees it, for the console, the CLI and "Test connection"
// alike: the target from a profile, the history opened and the run begun under the settings'
// policy, the job and its journal owned together, the counts as answers come in, the run's
// problem classified once, and the final report rows in input order. Front ends only wire it to
// their widgets or terminal; no rule about a run lives in them.
class Run final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Run)
public:
    // How the run ended, for exit codes and banners; the first that applies.
    enum class Verdict
    {
        AllStopped,         // every requested stream was stopped
        NotAllStopped,      // some were not (failed, unknown, skipped)
        CredentialsRefused, // the gateway refused the AppId, secret or the app's configuration
        Unreachable,        // no call ever reached the endpoint (no connection at all)
    };

    static JobTarget targetFor(const Profile &profile); // without the secret
    static JobOptions optionsFor(const Profile &profile);
    // The profile's name; without a profile, what the calls went to.
    static QString labelFor(const Profile &profile);
    static QString labelFor(const JobTarget &target);
    static QString practiceLabel();

    explicit Run(RunPlan plan, QObject *parent = nullptr);
    ~Run() override;

    // The history the run is written into (not owned; the console keeps one open). Without one,
    // prepare() opens the default history itself.
    void setHistory(History *history);
    void setSecret(const QString &secret);
    // Test seams: the network, clock and pace of the job.
    void setJobSetup(std::function<void(Job *)> setup);

    // What may refuse the run before anything is recorded: the input, the endpoint and (team
    // mode, a run that sends) the login's rights. Opens and writes no history. false: nothing
    // will be sent, problem() says why in one sentence, and refusal() what kind of reason it is.
    // A front end that still has to find the secret checks first, so that a run it cannot send
    // is never begun in the history.
    bool check();
    // check(), then opens the history and begins the run there. false: as check().
    bool prepare();
    enum class Refusal
    {
        None,
        Input,
        Endpoint,
        History,
        Role,         // team mode: the login may not add to the team history (an auditor)
        TeamStarting, // the console's team session has not started yet (keyring read pending)
    };
    Refusal refusal() const { return m_refusal; }
    // Sends (prepare() first). The job is created here.
    void start();
    void cancel();

    const RunPlan &plan() const { return m_plan; }
    RunAction action() const { return m_plan.options.action; }
    const QStringList &sendableIds() const { return m_sendable; }
    int duplicateCount() const { return m_duplicates; }
    int invalidCount() const { return m_invalid; }
    qint64 historyRunId() const { return m_runId; }
    // In team mode, the run's UUID in the team's audit trail (empty otherwise).
    QString teamRunId() const { return m_teamRunId; }
    // Things to tell the operator that do not stop the run (the history moved aside, not
    // recorded, the clock corrected). Also emitted as notice().
    const QStringList &notices() const { return m_notices; }

    Job *job() const { return m_job; }
    bool isRunning() const;
    bool isFinished() const { return m_finished; }
    int doneCount() const;
    int notStoppedCount() const { return m_failed + m_unknown; }
    int callsStarted() const { return m_callsStarted; }

    // After finished(): the verdict, the run's problem (empty when none), the report.
    Verdict verdict() const;
    QString problem() const;
    Report::Summary summary() const;
    // One row per distinct input ID in input order; invalid IDs as Skipped with the reason.
    void forEachReportRow(const std::function<void(const StreamOutcome &)> &visit) const;
    QList<StreamOutcome> reportRows() const;

Q_SIGNALS:
    void streamChanged(const cdnrec::StreamOutcome &outcome);
    void callStarted(const cdnrec::CallRecord &call);
    void callFinished(const cdnrec::CallRecord &call);
    void progress(int done, int total);
    // How the gateway is answering: a few times a second while calls come and go.
    void paceChanged(double latencyMs, double callsPerSecond, int inFlight);
    // A problem of the whole run (credentials refused, TLS, the history), as soon as it is known.
    void problemRaised(const QString &message);
    void notice(const QString &message);
    void finished();

private:
    void addNotice(const QString &message);
    bool prepareTeam(bool required);
    bool prepareTeamRights();
    void onStreamChanged(int row);
    void onFinished();

    RunPlan m_plan;
    QStringList m_sendable;
    std::vector<int> m_jobRow; // per input item: its row in the job, -1 for invalid, -2 duplicate
    int m_duplicates = 0;
    int m_invalid = 0;
    History *m_history = nullptr;
    std::unique_ptr<History> m_ownHistory;
    std::unique_ptr<CallJournal> m_journal;
    qint64 m_runId = 0;
    QString m_teamRunId;
    bool m_teamOfflineTold = false;
    Job *m_job = nullptr; // owned (a child)
    std::function<void(Job *)> m_jobSetup;
    std::vector<quint8> m_rowStatus; // the last status seen per job row, for the counts
    int m_stopped = 0, m_failed = 0, m_unknown = 0, m_skipped = 0;
    int m_callsStarted = 0;
    QString m_problem;
    Refusal m_refusal = Refusal::None;
    QStringList m_notices;
    bool m_checked = false;
    bool m_prepared = false;
    bool m_finished = false;
};

} // namespace cdnrec
