// SPDX-License-Identifier: GPL-3.0-or-later
#include "run.h"

#include <engine/calljournal.h>
#include <engine/returncodes.h>
#include <model/endpoint.h>
#include <model/profile.h>
#include <store/history.h>
#include <store/settings.h>
#include <team/teambudget.h>
#include <team/teamconfig.h>
#include <team/teamjournal.h>
#include <team/teamsession.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcRun, "cdnrec.core.run", QtInfoMsg)

namespace cdnrec {

namespace {

constexpr int kInvalidItem = -1;
constexpr int kDuplicateItem = -2;

// The planner's verdicts decide: valid and warned IDs are sent.
bool isSent(const StreamIds::Item &item)
{
    return item.verdict != StreamIds::Verdict::Invalid &&
           item.verdict != StreamIds::Verdict::Duplicate;
}

} // namespace

JobTarget Run::targetFor(const Profile &profile)
{
    JobTarget t;
    t.endpoint = profile.endpoint();
    t.appId = profile.appId;
    t.isTest = profile.isTest;
    t.vendor = profile.vendor;
    return t;
}

JobOptions Run::optionsFor(const Profile &profile)
{
    JobOptions o;
    o.callsPerSecond = profile.callsPerSecond;
    o.batchSize = profile.batchSize;
    return o;
}

QString Run::labelFor(const Profile &profile)
{
    return profile.name;
}

QString Run::labelFor(const JobTarget &target)
{
    // Not translated: the history is an audit log that any operator may read.
    return QStringLiteral("no profile: %1, AppId %2")
        .arg(target.endpoint.toString(QUrl::RemoveUserInfo), QString::number(target.appId));
}

QString Run::practiceLabel()
{
    return QStringLiteral("Practice (simulator)");
}

QStringList RunPlan::sendableIds() const
{
    QStringList ids;
    ids.reserve(items.size());
    for (const StreamIds::Item &item : items) {
        if (isSent(item))
            ids.append(item.id);
    }
    return ids;
}

Run::Run(RunPlan plan, QObject *parent) : QObject(parent), m_plan(std::move(plan)) {}

Run::~Run()
{
    // The job goes first: it may still write its end into the journal.
    delete m_job;
}

void Run::setHistory(History *history)
{
    m_history = history;
}

void Run::setSecret(const QString &secret)
{
    m_plan.target.secret = secret;
}

void Run::setJobSetup(std::function<void(Job *)> setup)
{
    m_jobSetup = std::move(setup);
}

void Run::addNotice(const QString &message)
{
    if (message.isEmpty() || m_notices.contains(message))
        return;
    m_notices.append(message);
    Q_EMIT notice(message);
}

bool Run::check()
{
    if (m_checked)
        return m_problem.isEmpty();
    m_checked = true;

    // Which inputs are sent: the planner's verdicts, as given (valid and warned IDs).
    m_jobRow.assign(size_t(m_plan.items.size()), kInvalidItem);
    for (qsizetype i = 0; i < m_plan.items.size(); ++i) {
        const StreamIds::Item &item = m_plan.items.at(i);
        if (isSent(item)) {
            m_jobRow[size_t(i)] = int(m_sendable.size());
            m_sendable.append(item.id);
        } else if (item.verdict == StreamIds::Verdict::Duplicate) {
            m_jobRow[size_t(i)] = kDuplicateItem;
            ++m_duplicates;
        } else {
            ++m_invalid;
        }
    }
    if (m_plan.items.isEmpty()) {
        m_problem = tr("no stream IDs were given");
        m_refusal = Refusal::Input;
        return false;
    }
    if (m_sendable.isEmpty()) {
        m_problem = tr("no valid stream IDs to send");
        m_refusal = Refusal::Input;
        return false;
    }
    if (const QString why = Endpoint::problem(m_plan.target.endpoint); !why.isEmpty()) {
        m_problem = why;
        m_refusal = Refusal::Endpoint;
        return false;
    }
    // Team mode: whatever the run records, its calls count against the team's budget (the
    // session configures it), and a login that may not add to the team history sends nothing.
    return !m_plan.sends || prepareTeamRights();
}

bool Run::prepare()
{
    if (m_prepared)
        return m_problem.isEmpty();
    m_prepared = true;
    if (!check())
        return false;
    if (!m_plan.record)
        return true;

    // The audit history: each call is written before it is sent. Without a history nothing is
    // sent, unless the settings say to send anyway.
    const bool required = Settings::historyRequireRecording();
    if (!m_history) {
        m_ownHistory = std::make_unique<History>();
        m_history = m_ownHistory.get();
        if (m_history->isOpen())
            m_history->purgeOlderThan(Settings::historyKeepDays());
    }
    addNotice(m_history->problem());
    const auto why = [this] {
        return m_history->problem().isEmpty() ? m_history->lastError() : m_history->problem();
    };
    if (m_history->isOpen()) {
        History::RunInfo info;
        info.action = action();
        info.profile = m_plan.label.isEmpty() ? labelFor(m_plan.target) : m_plan.label;
        info.appId = m_plan.target.appId;
        info.endpoint = m_plan.target.endpoint.toString(QUrl::RemoveUserInfo);
        info.vendor = vendorWireName(m_plan.target.vendor);
        info.streamIds = m_sendable;
        info.rooms = m_plan.rooms;
        m_runId = m_history->beginRun(info);
    }
    if (m_runId <= 0) {
        if (required) {
            m_problem = tr("the history cannot record this run (%1)").arg(why());
            m_refusal = Refusal::History;
            return false;
        }
        addNotice(tr("This run is not recorded in the history (%1).").arg(why()));
        return true;
    }
    m_journal = m_history->journal(m_runId);
    return prepareTeam(required);
}

bool Run::prepareTeamRights()
{
    // No settings in the way: a run outside team mode makes no session here.
    if (!TeamSession::exists() && !TeamConfig::load().isSet())
        return true;
    // The console never waits on the GUI thread: its session starts with the window, once the
    // keyring gave the team password without blocking it (TeamStatus). Made here, the session
    // would read the keyring and wait for it (up to its timeout, an unlock prompt's time).
    const QCoreApplication *app = QCoreApplication::instance();
    const bool gui = app && app->inherits("QGuiApplication");
    if (gui && !TeamSession::exists()) {
        m_problem = tr("team mode is still starting (the team password is being read from the "
                       "keyring): nothing was sent; try again in a moment");
        m_refusal = Refusal::TeamStarting;
        return false;
    }
    TeamSession *team = TeamSession::instance();
    if (!team->isActive())
        return true;
    // The role comes from the session's own lookup: a command line waits for it a little (its
    // session has just started), the console never (its session started with the window).
    team->role(gui ? 0 : TeamSession::kRoleWaitMs);
    const QString refusal = team->roleRefusal(action());
    team->refreshRole(); // the next run sees a role changed meanwhile
    if (refusal.isEmpty())
        return true;
    m_problem = refusal;
    m_refusal = Refusal::Role;
    return false;
}

bool Run::prepareTeam(bool required)
{
    // Team mode: the same run also goes to the team's audit trail, through the outbox in the
    // history file (written ahead like the history), replayed by the session's sync.
    TeamSession *team = TeamSession::instance();
    if (!team->isActive())
        return true;
    team->watchOutbox(m_history->path());
    TeamJournal::RunInfo info;
    info.localRunId = m_runId;
    info.action = action();
    info.profile = m_plan.label.isEmpty() ? labelFor(m_plan.target) : m_plan.label;
    info.appId = m_plan.target.appId;
    info.endpoint = m_plan.target.endpoint.toString(QUrl::RemoveUserInfo);
    info.vendor = vendorWireName(m_plan.target.vendor);
    info.requested = int(m_sendable.size());
    QPointer<TeamSession> session(team);
    // The events go through the history's own connection, each in the history's transaction of
    // the same moment: one commit per call, and never a call in one and not in the other.
    auto journal = std::make_unique<TeamJournal>(info, [session] {
        if (session)
            session->eventsAppended();
    });
    if (!journal->begin(*m_history)) {
        const QString why = journal->problem();
        if (required) {
            // Nothing is sent: the history says so instead of "interrupted".
            QList<StreamOutcome> skipped;
            for (const QString &id : std::as_const(m_sendable)) {
                StreamOutcome o;
                o.streamId = id;
                o.status = StreamStatus::Skipped;
                o.message = why;
                skipped.append(o);
            }
            if (m_journal)
                m_journal->runFinished(skipped, true);
            m_journal.reset();
            m_problem = tr("the team history cannot record this run (%1)").arg(why);
            m_refusal = Refusal::History;
            return false;
        }
        addNotice(tr("This run is not recorded in the team history (%1).").arg(why));
        return true;
    }
    m_teamRunId = journal->runId();
    m_journal = m_history->journal(m_runId, std::move(journal));
    addNotice(team->noticeText());
    connect(team, &TeamSession::stateChanged, this,
            [this, session](TeamSync::State state, const QString &, int) {
                // Once per run: the count then goes on in the front end's team status.
                if (state != TeamSync::State::Offline || m_teamOfflineTold || !session)
                    return;
                m_teamOfflineTold = true;
                addNotice(session->noticeText());
            });
    return true;
}

void Run::start()
{
    if (m_job || !prepare())
        return;
    JobOptions options = m_plan.options;
    options.requireJournal = Settings::historyRequireRecording();
    auto *job = new Job(m_plan.target, m_sendable, options, this);
    m_job = job;
    m_plan.target.secret.clear(); // the job holds it for its lifetime; nobody else needs it
    if (m_journal)
        job->setJournal(m_journal.get());
    // In team mode every job paces on the team's budget, whatever it records (the session
    // configures the budget; outside team mode it is not configured and the job paces alone).
    job->setPaceSource(&TeamBudget::shared());
    if (m_jobSetup)
        m_jobSetup(job);
    // The plan's items come from the planner, each sendable ID once: the job's rows are ours.
    Q_ASSERT(job->streamCount() == int(m_sendable.size()));
    m_rowStatus.assign(size_t(job->streamCount()), quint8(StreamStatus::Pending));
    connect(job, &Job::streamChanged, this, &Run::onStreamChanged);
    connect(job, &Job::callStarted, this, [this](const CallRecord &call) {
        ++m_callsStarted;
        Q_EMIT callStarted(call);
    });
    connect(job, &Job::callFinished, this, &Run::callFinished);
    connect(job, &Job::progress, this, &Run::progress);
    connect(job, &Job::paceChanged, this, &Run::paceChanged);
    // The team budget's word: a safe local share while the team database cannot be reached.
    connect(job, &Job::notice, this, &Run::addNotice);
    connect(job, &Job::problemRaised, this,
            [this](const QString &message) { Q_EMIT problemRaised(message); });
    connect(job, &Job::finished, this, &Run::onFinished);
    connect(job, &Job::clockCorrected, this, [this](qint64 offsetSecs) {
        addNotice(tr("This computer's clock is %1 s off the gateway's; cdnrec corrects the "
                     "Timestamps. Set the clock right (NTP).")
                      .arg(offsetSecs));
    });
    job->start();
}

void Run::cancel()
{
    if (m_job)
        m_job->cancel();
}

bool Run::isRunning() const
{
    return m_job && m_job->isRunning();
}

int Run::doneCount() const
{
    return m_job ? m_job->finishedCount() : 0;
}

void Run::onStreamChanged(int row)
{
    const StreamOutcome &o = m_job->outcome(row);
    const auto count = [this](StreamStatus s) -> int * {
        switch (s) {
        case StreamStatus::Succeeded:
            return &m_stopped;
        case StreamStatus::Failed:
            return &m_failed;
        case StreamStatus::Unknown:
            return &m_unknown;
        case StreamStatus::Skipped:
            return &m_skipped;
        case StreamStatus::Pending:
        case StreamStatus::Sending:
            return nullptr;
        }
        return nullptr;
    };
    quint8 &last = m_rowStatus[size_t(row)];
    if (int *before = count(StreamStatus(last)))
        --*before;
    if (int *after = count(o.status))
        ++*after;
    last = quint8(o.status);
    Q_EMIT streamChanged(o);
}

void Run::onFinished()
{
    m_finished = true;
    if (const QString p = problem(); !p.isEmpty())
        qCInfo(lcRun) << "run ended:" << p;
    Q_EMIT finished();
}

Run::Verdict Run::verdict() const
{
    const Job *job = m_job;
    if (job && job->problemCode() && ReturnCodes::isCredentialOrConfig(job->problemCode()))
        return Verdict::CredentialsRefused;
    // "Unreachable" only when no call ever got through: a gateway that took the calls and never
    // answered may have carried them out (its streams are Unknown, not failed).
    if (job && !job->reachedEndpoint() && !job->connectedToEndpoint() && job->callCount() > 0 &&
        !job->wasCancelled())
        return Verdict::Unreachable;
    const Report::Summary s = summary();
    return s.stopped == s.requested ? Verdict::AllStopped : Verdict::NotAllStopped;
}

QString Run::problem() const
{
    if (!m_problem.isEmpty())
        return m_problem;
    const Job *job = m_job;
    if (!job)
        return QString();
    if (!job->problem().isEmpty())
        return job->problem();
    if (verdict() == Verdict::Unreachable)
        return tr("Could not connect to %1: no call reached it. Check the network and the "
                  "endpoint.")
            .arg(job->endpoint().host());
    if (!job->reachedEndpoint() && job->connectedToEndpoint() && !job->wasCancelled())
        return (action() == RunAction::Start
                    ? tr("%1 received the calls but answered none of them: whether they started "
                         "anything is unknown. Check the endpoint, or retry later.")
                    : tr("%1 received the calls but answered none of them: whether they stopped "
                         "anything is unknown. Check the endpoint, or retry later."))
            .arg(job->endpoint().host());
    return QString();
}

Report::Summary Run::summary() const
{
    Report::Summary s;
    s.requested = m_invalid + int(m_sendable.size());
    s.stopped = m_stopped;
    s.failed = m_failed;
    s.unknown = m_unknown;
    s.skipped = m_skipped + m_invalid;
    s.pending = int(m_sendable.size()) - m_stopped - m_failed - m_unknown - m_skipped;
    return s;
}

void Run::forEachReportRow(const std::function<void(const StreamOutcome &)> &visit) const
{
    const Job *job = m_job;
    for (qsizetype i = 0; i < m_plan.items.size(); ++i) {
        const int row = m_jobRow.at(size_t(i));
        if (row == kDuplicateItem)
            continue;
        const StreamIds::Item &item = m_plan.items.at(i);
        if (row == kInvalidItem) {
            StreamOutcome o;
            o.streamId = item.id;
            o.status = StreamStatus::Skipped;
            o.message = tr("invalid stream ID: %1").arg(item.reason);
            visit(o);
        } else if (job) {
            visit(job->outcome(row));
        } else {
            StreamOutcome o;
            o.streamId = item.id;
            visit(o);
        }
    }
}

QList<StreamOutcome> Run::reportRows() const
{
    QList<StreamOutcome> rows;
    rows.reserve(m_sendable.size() + m_invalid);
    forEachReportRow([&rows](const StreamOutcome &o) { rows.append(o); });
    return rows;
}

} // namespace cdnrec
