// SPDX-License-Identifier: GPL-3.0-or-later
#include "runcontroller.h"

#include "practiceendpoint.h"
#include "profilebar.h"
#include "streamtablemodel.h"
#include "windowtext.h"
#include <app/reportwriter.h>
#include <app/runplanner.h>
#include <model/async.h>
#include <model/rate.h>
#include <store/history.h>
#include <store/profilestore.h>
#include <store/secretstore.h>
#include <store/settings.h>

#include <QLocale>
#include <QSet>

#include <algorithm>

namespace cdnrec {

bool RowState::stopTakes() const
{
    if (action != RunAction::Stop)
        return false; // what a restart left is a restart's (Retry, Restart), never a stop's
    return life == Life::Ready || life == Life::NotSent || life == Life::FailedToStop ||
           life == Life::Unknown;
}

bool RowState::restartable() const
{
    if (life == Life::Stopped)
        return true;
    return action == RunAction::Start && sent &&
           (life == Life::FailedToRestart || life == Life::NotSent || life == Life::Ready);
}

bool RowState::retryable(RunAction a) const
{
    if (action != a)
        return false;
    if (a == RunAction::Start && sent && (life == Life::NotSent || life == Life::Ready))
        return true; // a restart that never went (its run was interrupted)
    return life == Life::Unknown ||
           life == (a == RunAction::Start ? Life::FailedToRestart : Life::FailedToStop);
}

QString RowState::key() const
{
    switch (life) {
    case Life::Ready:
    case Life::NotSent:
        return QStringLiteral("not_sent");
    case Life::Invalid:
        return QStringLiteral("invalid");
    case Life::Sending:
        return QStringLiteral("sending");
    case Life::Stopped:
        return QStringLiteral("stopped");
    case Life::Restarted:
        return alreadyRecording ? QStringLiteral("already_recording") : QStringLiteral("started");
    case Life::FailedToStop:
        return QStringLiteral("failed");
    case Life::FailedToRestart:
        return QStringLiteral("failed_to_restart");
    case Life::Unknown:
        return QStringLiteral("unknown");
    }
    return QString();
}

QString RowState::displayName() const
{
    switch (life) {
    case Life::Ready:
    case Life::NotSent:
        return late ? WindowText::tr("Added during the run") : WindowText::tr("Not sent");
    case Life::Invalid:
        return WindowText::tr("Invalid");
    case Life::Sending:
        return WindowText::tr("Sending");
    case Life::Stopped:
        return WindowText::tr("Stopped");
    case Life::Restarted:
        return alreadyRecording ? WindowText::tr("Already recording")
                                : WindowText::tr("Recording again");
    case Life::FailedToStop:
        return WindowText::tr("Stop failed");
    case Life::FailedToRestart:
        return WindowText::tr("Restart failed");
    case Life::Unknown:
        return action == RunAction::Start ? WindowText::tr("Restart unknown")
                                          : WindowText::tr("Stop unknown");
    }
    return QString();
}

RunController::RunController(StreamTableModel *model, ProfileStore *profiles, SecretStore *secrets,
                             PracticeEndpoint *practice, QObject *parent)
    : QObject(parent), m_model(model), m_profiles(profiles), m_secrets(secrets),
      m_practice(practice)
{
    // IDs added while a run goes wait for the next: marked, and said at its end.
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsAdded(first, last); });
}

void RunController::onRowsAdded(int first, int last)
{
    if (!isRunning() && !m_pendingSecret)
        return;
    for (int r = first; r <= last; ++r)
        m_model->setLate(r, true);
}

RunController::~RunController()
{
    // The run goes before the history it writes into.
    delete m_run;
}

History *RunController::history()
{
    if (!m_history) {
        m_history = std::make_unique<History>();
        if (!m_history->problem().isEmpty())
            Q_EMIT problem(m_history->problem());
        // Deleting years of runs can take seconds: never on the GUI thread. The purge opens its
        // own connection; SQLite's locking orders it with the writes of a run.
        if (const int days = Settings::historyKeepDays(); days > 0 && m_history->isOpen())
            runAsync(
                this, [path = m_history->path(), days] { History::purgeOlderThan(path, days); },
                [] {});
    }
    return m_history.get();
}

// --- the rows ----------------------------------------------------------------------------------

RowState RunController::rowState(int row) const
{
    using Life = RowState::Life;
    RowState state;
    const StreamOutcome &o = m_model->outcomeAt(row);
    state.sent = m_model->wasSent(row);
    state.late = m_model->isLate(row);
    state.action = m_model->actionAt(row);
    state.profile = m_model->profileAt(row);
    state.vendor = m_model->vendorAt(row);
    state.runId = m_model->runIdAt(row);
    state.answeredAt = m_model->answeredAt(row);
    const bool start = state.action == RunAction::Start;
    if (m_model->verdictAt(row) == StreamIds::Verdict::Invalid) {
        state.life = Life::Invalid;
        return state;
    }
    switch (o.status) {
    case StreamStatus::Pending:
        state.life = Life::Ready;
        break;
    case StreamStatus::Sending:
        state.life = Life::Sending;
        break;
    case StreamStatus::Succeeded:
        state.life = start ? Life::Restarted : Life::Stopped;
        state.endTime = start ? o.endTime : 0;
        break;
    case StreamStatus::Failed:
        state.alreadyRecording = m_model->isAlreadyRecording(row);
        state.life = state.alreadyRecording ? Life::Restarted
                     : start                ? Life::FailedToRestart
                                            : Life::FailedToStop;
        break;
    case StreamStatus::Unknown:
        state.life = Life::Unknown;
        break;
    case StreamStatus::Skipped:
        state.life = Life::NotSent;
        break;
    }
    return state;
}

QStringList RunController::idsToStop(bool onlyRetry) const
{
    QStringList ids;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const RowState s = rowState(r);
        if (onlyRetry ? s.retryable(RunAction::Stop) : s.stopTakes())
            ids.append(m_model->outcomeAt(r).streamId);
    }
    return ids;
}

RunController::StopSet RunController::stopSet(const QList<int> &selectedRows) const
{
    StopSet set;
    QList<int> selected = selectedRows;
    std::sort(selected.begin(), selected.end());
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const RowState s = rowState(r);
        const QString &id = m_model->outcomeAt(r).streamId;
        if (s.stopTakes()) {
            set.ids.append(id);
            set.all.append(id);
        } else if (s.life != RowState::Life::Invalid && s.life != RowState::Life::Sending &&
                   std::binary_search(selected.cbegin(), selected.cend(), r)) {
            // A row selected to read its details is not a row to stop again: only by choice.
            set.again.append(id);
            set.all.append(id);
        }
    }
    return set;
}

QString RunController::nothingToStopText() const
{
    int invalid = 0;
    int done = 0;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const RowState::Life life = rowState(r).life;
        invalid += life == RowState::Life::Invalid ? 1 : 0;
        done += life != RowState::Life::Invalid ? 1 : 0;
    }
    if (!m_model->rowCount())
        return WindowText::tr("Nothing to stop: add stream IDs first");
    if (!done)
        return WindowText::tr("Nothing to stop: %n stream ID(s) in the list are invalid (see the "
                              "row's message)",
                              nullptr, invalid);
    return WindowText::tr("Nothing to stop: every stream was sent already; to stop some again, "
                          "select them, press Stop and check “Also send again”");
}

std::optional<RunController::Restart> RunController::retryOfRestart() const
{
    // A failed restart is retried as a restart: Retry never stops what a restart was for. The
    // last run's action first; a list with no failed stop retries what restarts left.
    if (m_run ? m_run->action() != RunAction::Start : false) {
        if (!idsToStop(true).isEmpty())
            return std::nullopt;
    }
    std::optional<Restart> restart;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const RowState s = rowState(r);
        if (!s.retryable(RunAction::Start))
            continue;
        if (!restart)
            restart = Restart{{}, s.profile, s.vendor};
        if (s.profile == restart->profile)
            restart->ids.append(m_model->outcomeAt(r).streamId);
    }
    return restart;
}

QStringList RunController::undoableIds() const
{
    QStringList ids;
    if (isRunning() || !m_undoOf)
        return ids;
    for (const QString &id : m_undoIds) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const RowState s = rowState(row);
        if (s.life == RowState::Life::Stopped && s.profile == m_undoOf->profile &&
            s.vendor == m_undoOf->vendor)
            ids.append(id);
    }
    return ids;
}

QList<int> RunController::restartableRows(const QList<int> &rows) const
{
    QList<int> out;
    for (int r : rows) {
        if (rowState(r).restartable())
            out.append(r);
    }
    return out;
}

bool RunController::anyRestartable(const QList<int> &rows) const
{
    return std::any_of(rows.cbegin(), rows.cend(),
                       [this](int r) { return rowState(r).restartable(); });
}

std::optional<RunController::Restart> RunController::restartOf(const QList<int> &rows)
{
    if (rows.isEmpty())
        return std::nullopt;
    // A restart goes where the stop went: the profile and vendor the rows were stopped with.
    const RowState first = rowState(rows.first());
    Restart restart{{}, first.profile, first.vendor};
    for (int r : rows) {
        const RowState s = rowState(r);
        if (s.profile != restart.profile || s.vendor != restart.vendor) {
            Q_EMIT problem(
                WindowText::tr("The selected streams were stopped with different profiles or "
                               "vendors: restart the streams of one profile at a time."));
            return std::nullopt;
        }
        restart.ids.append(m_model->outcomeAt(r).streamId);
    }
    return restart;
}

void RunController::forgetRows()
{
    m_undoIds.clear();
    m_undoOf.reset();
    m_late = 0;
}

// --- plans -------------------------------------------------------------------------------------

std::optional<RunController::Plan> RunController::planStop(const QString &profileName,
                                                           Vendor vendor, const QStringList &ids)
{
    return planFor(profileName, RunAction::Stop, vendor, ids);
}

std::optional<RunController::Plan> RunController::planRestart(const Restart &restart)
{
    return planFor(restart.profile, RunAction::Start, restart.vendor, restart.ids);
}

std::optional<RunController::Plan> RunController::planFor(const QString &profileName,
                                                          RunAction action, Vendor vendor,
                                                          const QStringList &ids)
{
    RunRequest request;
    request.action = action;
    request.vendor = vendor;
    if (!profileName.isEmpty()) {
        request.profile = m_profiles->find(profileName);
        if (!request.profile) {
            Q_EMIT problem(WindowText::tr("The profile “%1” no longer exists.").arg(profileName));
            return std::nullopt;
        }
    } else if (!m_practice->start()) {
        Q_EMIT problem(WindowText::tr("The practice simulator could not listen on 127.0.0.1."));
        return std::nullopt;
    } else {
        request.endpoint = m_practice->url();
        request.appId = m_practice->appId();
        request.label = Run::practiceLabel();
    }
    // The list's own verdicts: an ID outside ZEGO's rule is sent, and says so in the history.
    QList<StreamIds::Item> items;
    items.reserve(ids.size());
    for (const QString &id : ids) {
        const int row = m_model->rowOf(id);
        items.append(row < 0 ? StreamIds::Item{id, StreamIds::Verdict::Ok, QString(), 0}
                             : StreamIds::Item{id, m_model->verdictAt(row),
                                               m_model->verdictReasonAt(row), 0});
    }
    PlannedRun planned = RunPlanner::plan(request, std::move(items));
    // Stop by room: the history keeps, with each stream, the room it was listed in.
    for (const QString &id : ids) {
        const int row = m_model->rowOf(id);
        if (row >= 0 && !m_model->roomAt(row).isEmpty())
            planned.plan.rooms.insert(id, m_model->roomAt(row));
    }
    Plan p{std::move(planned.plan), std::move(planned.profile), QString()};
    if (!checkRate(p))
        return std::nullopt;
    p.where = whereText(p);
    return p;
}

bool RunController::checkRate(Plan &p)
{
    // The profile's rate under the one rule for every front end; Practice takes the default.
    QString error;
    const std::optional<Rate> rate =
        p.profile ? Rate::fromValue(p.run.options.callsPerSecond, p.run.target.endpoint, &error)
                  : Rate();
    if (!rate) {
        Q_EMIT problem(WindowText::tr("Not sent: %1.").arg(error));
        return false;
    }
    p.run.options.callsPerSecond = rate->perSecond();
    return true;
}

QString RunController::whereText(const Plan &p) const
{
    const JobTarget &target = p.run.target;
    const Profile::Environment environment =
        p.profile ? p.profile->environment : Profile::Environment::Practice;
    return WindowText::tr("Profile: %1")
               .arg(p.profile ? p.profile->name : ProfileBar::practiceText()) +
           u'\n' +
           WindowText::tr("Environment: %1").arg(Profile::environmentDisplayName(environment)) +
           u'\n' + WindowText::tr("AppId: %1").arg(target.appId) + u'\n' +
           WindowText::tr("Endpoint: %1").arg(target.endpoint.host()) + u'\n' +
           WindowText::tr("Vendor: %1 (%2)")
               .arg(vendorDisplayName(target.vendor), vendorWireName(target.vendor));
}

void RunController::sayUndoRefusal(const PlannedRun &planned, const History::RunRecord &run,
                                   QString *ask)
{
    const qint64 runId = run.id;
    switch (planned.refusal) {
    case PlannedRun::Refusal::None:
        return;
    case PlannedRun::Refusal::NotAStop:
    case PlannedRun::Refusal::NothingStopped:
        Q_EMIT problem(
            WindowText::tr("Run %1 stopped nothing: there is nothing to restart.").arg(runId));
        return;
    case PlannedRun::Refusal::NoSavedProfile:
        Q_EMIT problem(
            WindowText::tr("Run %1 was made with “%2”, which is not a saved profile here: restart "
                           "it from the command line (cdnrec undo %1 --profile NAME).")
                .arg(runId)
                .arg(History::profileDisplayName(run.profile)));
        return;
    case PlannedRun::Refusal::StillRunning:
        Q_EMIT problem(WindowText::tr("Run %1 is not restarted: %2.")
                           .arg(QString::number(runId), planned.problem));
        return;
    case PlannedRun::Refusal::AlreadyRestarted:
        if (ask)
            *ask = WindowText::tr("Restart the streams of run %1 again? %2.")
                       .arg(QString::number(runId), planned.problem);
        else
            Q_EMIT problem(WindowText::tr("Run %1 is not restarted: %2.")
                               .arg(QString::number(runId), planned.problem));
        return;
    case PlannedRun::Refusal::ProfileElsewhere:
        Q_EMIT problem(
            WindowText::tr("Run %1 is not restarted: %2. A restart goes only where the stop went: "
                           "restart it from the command line (cdnrec undo %1 --secret-file PATH).")
                .arg(QString::number(runId), planned.problem));
        return;
    }
}

std::optional<RunController::Plan> RunController::planUndoOf(qint64 runId, Vendor fallbackVendor,
                                                             bool again, QString *ask)
{
    History *h = history();
    const std::optional<History::RunRecord> run = h->run(runId);
    if (!run || run->action != RunAction::Stop) {
        Q_EMIT problem(
            WindowText::tr("Run %1 stopped nothing: there is nothing to restart.").arg(runId));
        return std::nullopt;
    }
    UndoOptions options;
    options.requireProfile = true; // the console has no secret but a profile's (or Practice's)
    options.fallbackVendor = fallbackVendor;
    options.history = h;
    options.again = again;
    if (run->profile == Run::practiceLabel()) {
        if (!m_practice->start()) {
            Q_EMIT problem(WindowText::tr("The practice simulator could not listen on 127.0.0.1."));
            return std::nullopt;
        }
        JobTarget practice;
        practice.endpoint = m_practice->url();
        practice.appId = m_practice->appId();
        options.practice = practice;
    }
    PlannedRun planned = RunPlanner::planUndo(*run, h->streams(runId), *m_profiles, options);
    if (!planned.ok()) {
        sayUndoRefusal(planned, *run, ask);
        return std::nullopt;
    }
    Plan p{std::move(planned.plan), std::move(planned.profile), QString()};
    if (!checkRate(p))
        return std::nullopt;
    p.where = whereText(p);
    // The rows the restart's outcomes go into: each as the run left it, stopped by it, so that
    // a restart cancelled at its question leaves them Stopped, never Ready for another stop.
    const QStringList ids = p.run.sendableIds();
    m_model->addText(ids.join(u'\n'));
    const QString profile = run->profile == Run::practiceLabel() ? QString() : run->profile;
    for (const QString &id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0 || m_model->wasSent(row))
            continue; // a row of this list already tells its own life
        StreamOutcome stopped;
        stopped.streamId = id;
        stopped.status = StreamStatus::Succeeded;
        m_model->restore(stopped, RunAction::Stop, profile, p.run.target.vendor, runId);
    }
    return p;
}

QString RunController::stateLines(const QStringList &ids) const
{
    // "Not sent: 2 (a-1, a-2)", one line per state in the order met, the first IDs of each.
    constexpr int kShown = 3;
    QStringList order;
    QHash<QString, QStringList> byState;
    for (const QString &id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const QString name = rowState(row).displayName();
        if (!byState.contains(name))
            order.append(name);
        byState[name].append(id);
    }
    QStringList lines;
    for (const QString &name : std::as_const(order)) {
        const QStringList &of = byState.value(name);
        QString first = QStringList(of.mid(0, kShown)).join(QStringLiteral(", "));
        if (of.size() > kShown)
            first += u' ' + WindowText::tr("and %n more", nullptr, int(of.size()) - kShown);
        lines.append(WindowText::tr("%1: %2 (%3)").arg(name).arg(of.size()).arg(first));
    }
    return lines.join(u'\n');
}

namespace {
// "zh-one, zh-two, zh-three, …": the first IDs, for a check box's one line.
QString firstIds(const QStringList &ids)
{
    constexpr int kShown = 3;
    QString text = QStringList(ids.mid(0, kShown)).join(QStringLiteral(", "));
    if (ids.size() > kShown)
        text += QStringLiteral(", …");
    return text;
}
} // namespace

QString RunController::leftOutText(const QStringList &again) const
{
    return WindowText::tr("Left out: %n selected stream(s) sent already. Check the box below to "
                          "send again.",
                          nullptr, int(again.size())) +
           u'\n' + stateLines(again);
}

RunController::Question RunController::stopQuestion(const Plan &plan, bool onlyRetry,
                                                    const QStringList &again) const
{
    const QStringList ids = plan.run.sendableIds();
    const int n = int(ids.size());
    const int nAgain = int(again.size());
    // Only the selected rows sent already: nothing goes unless the box is checked.
    const bool onlyAgain =
        nAgain > 0 && std::all_of(ids.cbegin(), ids.cend(),
                                  [&again](const QString &id) { return again.contains(id); });
    Question q;
    q.title =
        onlyRetry ? WindowText::tr("Retry failed streams") : WindowText::tr("Stop recordings");
    q.text = onlyAgain ? WindowText::tr("No stream in the list waits to be stopped.")
                       : WindowText::tr("Stop the CDN recording of %n stream(s)?", nullptr, n) +
                             u"\n\n" + stateLines(ids);
    if (nAgain)
        q.text += u"\n\n" + leftOutText(again);
    q.text += u"\n\n" + plan.where;
    if (onlyRetry && !m_lastRunProfile.isEmpty() && m_lastRunProfile != plan.run.label)
        q.text +=
            u"\n\n" +
            WindowText::tr("Note: these streams were last sent with “%1”; this retry uses “%2”.")
                .arg(m_lastRunProfile, plan.run.label);
    q.accept = WindowText::tr("Stop %n recording(s)", nullptr, onlyAgain ? nAgain : n);
    if (nAgain) {
        q.option = WindowText::tr("Also send again the %n selected stream(s) sent already (%1)",
                                  nullptr, nAgain)
                       .arg(firstIds(again));
        q.acceptAgain =
            WindowText::tr("Stop %n recording(s)", nullptr, onlyAgain ? nAgain : n + nAgain);
    }
    return q;
}

// --- sending -----------------------------------------------------------------------------------

void RunController::send(Plan plan)
{
    if (isRunning() || m_pendingSecret)
        return;
    // From now on, an ID added waits for the next run (also while the keyring is read).
    m_model->clearLate();
    if (!plan.profile) {
        launch(std::move(plan.run), m_practice->secret(), QString());
        return;
    }
    // The secret comes from the keyring, without blocking the window.
    const QString profileName = plan.profile->name;
    m_pendingSecret = PendingSecret{std::move(plan.run), profileName};
    Q_EMIT readingSecret(
        WindowText::tr("Reading the ServerSecret of “%1” from the keyring…").arg(profileName));
    m_secrets->read(profileName, this, [this](const SecretStore::Result &r) {
        if (!m_pendingSecret)
            return;
        if (r.ok()) {
            PendingSecret pending = std::move(*m_pendingSecret);
            m_pendingSecret.reset();
            launch(std::move(pending.plan), r.secret, pending.profile);
            return;
        }
        // Where the secret is, said once by the store that knows (never the keyring's words).
        Q_EMIT secretNeeded(m_pendingSecret->profile, m_secrets->askText(m_pendingSecret->profile));
    });
}

void RunController::answerSecret(const QString &secret)
{
    if (!m_pendingSecret)
        return;
    PendingSecret pending = std::move(*m_pendingSecret);
    m_pendingSecret.reset();
    if (secret.isEmpty()) {
        Q_EMIT problem(WindowText::tr("Not sent: no ServerSecret for “%1”. %2")
                           .arg(pending.profile, m_secrets->whereText(pending.profile)));
        m_model->clearLate(); // no run went: nothing was added during one
        Q_EMIT notSent();
        return;
    }
    m_secrets->setSessionSecret(pending.profile, secret);
    launch(std::move(pending.plan), secret, pending.profile);
}

void RunController::launch(RunPlan plan, const QString &secret, const QString &profileName)
{
    auto *run = new Run(std::move(plan), this);
    run->setHistory(history());
    run->setSecret(secret);
    if (!run->prepare()) {
        Q_EMIT problem(WindowText::tr("Not sent: %1.").arg(run->problem()));
        delete run;
        m_model->clearLate();
        Q_EMIT notSent();
        return;
    }
    delete m_run;
    m_run = run;
    m_lastRunProfile = run->plan().label;
    m_late = 0;
    for (const QString &n : run->notices())
        Q_EMIT problem(n);
    connectRun(run);
    noteSent(*run, profileName);
    m_clock.start();
    m_runMs = -1;
    Q_EMIT started(int(run->sendableIds().size()));
    run->start();
    Q_EMIT runningChanged();
}

void RunController::connectRun(Run *run)
{
    connect(run, &Run::notice, this, &RunController::problem);
    connect(run, &Run::problemRaised, this, &RunController::problem);
    connect(run, &Run::streamChanged, this, &RunController::onStreamChanged);
    connect(run, &Run::callFinished, this, &RunController::callFinished);
    connect(run, &Run::progress, this, &RunController::progress);
    connect(run, &Run::paceChanged, this, &RunController::paceChanged);
    connect(run, &Run::finished, this, &RunController::onRunFinished);
}

void RunController::noteSent(const Run &run, const QString &profileName)
{
    // The rows of the run: what it does, under which profile and vendor (the vendor's codes are
    // explained in its terms), reset before the first call.
    const Sent sent{run.action(), profileName, run.plan().target.vendor, run.historyRunId()};
    m_model->setVendor(sent.vendor);
    m_model->setAction(sent.action);
    m_model->setProfile(profileName);
    m_model->setRunId(sent.runId);
    m_model->resetForRun(run.sendableIds());
    // Undo restarts what the stops of one profile and vendor stopped: a stop under another
    // starts again.
    if (sent.action == RunAction::Stop &&
        (!m_undoOf || m_undoOf->profile != sent.profile || m_undoOf->vendor != sent.vendor)) {
        m_undoIds.clear();
        m_undoOf = sent;
    }
}

void RunController::onStreamChanged(const StreamOutcome &outcome)
{
    m_model->applyOutcome(outcome);
    Q_EMIT streamChanged(outcome);
}

void RunController::onRunFinished()
{
    // Undo (Ctrl+Z) restarts what the stops stopped, while those rows still show Stopped: a
    // retry adds what it stopped.
    if (m_run->action() == RunAction::Stop) {
        QSet<QString> known(m_undoIds.cbegin(), m_undoIds.cend());
        m_run->forEachReportRow([this, &known](const StreamOutcome &o) {
            if (o.status == StreamStatus::Succeeded && !known.contains(o.streamId)) {
                m_undoIds.append(o.streamId);
                known.insert(o.streamId);
            }
        });
    }
    m_late = 0;
    for (int r = 0; r < m_model->rowCount(); ++r)
        m_late += m_model->isLate(r) ? 1 : 0;
    m_runMs = m_clock.elapsed();
    Q_EMIT finished();
}

void RunController::cancel()
{
    if (isRunning())
        m_run->cancel();
}

bool RunController::isRunning() const
{
    return m_run && m_run->isRunning();
}

// --- what to say -------------------------------------------------------------------------------

QString RunController::progressFormat() const
{
    const int notStopped = m_run ? m_run->notStoppedCount() : 0;
    const bool start = m_run && m_run->action() == RunAction::Start;
    return !notStopped ? WindowText::tr("%v / %m")
           : start     ? WindowText::tr("%v / %m · %1 not restarted").arg(notStopped)
                       : WindowText::tr("%v / %m · %1 not stopped").arg(notStopped);
}

QString RunController::outcomeText() const
{
    if (!m_run)
        return QString();
    const Report::Summary s = m_run->summary();
    const bool cancelled = m_run->job() && m_run->job()->wasCancelled();
    const bool start = m_run->action() == RunAction::Start;
    const QString what =
        start ? (cancelled
                     ? WindowText::tr("Cancelled: %1 restarted, %2 failed, %3 unknown, %4 not sent")
                     : WindowText::tr("Done: %1 restarted, %2 failed, %3 unknown, %4 not sent"))
              : (cancelled
                     ? WindowText::tr("Cancelled: %1 stopped, %2 failed, %3 unknown, %4 not sent")
                     : WindowText::tr("Done: %1 stopped, %2 failed, %3 unknown, %4 not sent"));
    QString text = what.arg(s.stopped).arg(s.failed).arg(s.unknown).arg(s.skipped);
    // What a cancel left is sent later: Stop takes the rows not sent, Retry a restart's.
    if (cancelled && s.skipped)
        text += start ? WindowText::tr(" · Retry restarts the %n not sent", nullptr, s.skipped)
                      : WindowText::tr(" · Stop sends the %n not sent", nullptr, s.skipped);
    if (m_late)
        text += WindowText::tr(" · %n added during the run, not sent", nullptr, m_late);
    return text;
}

QString RunController::callsText() const
{
    const int calls = m_run ? m_run->callsStarted() : 0;
    const qint64 ms = m_runMs >= 0 ? m_runMs : m_clock.elapsed();
    return WindowText::tr("%n call(s) in %1 s", nullptr, calls).arg(ms / 1000.0, 0, 'f', 1);
}

QString RunController::closeQuestionText() const
{
    const int done = m_run ? m_run->doneCount() : 0;
    const int total = m_run ? int(m_run->sendableIds().size()) : 0;
    return WindowText::tr(
               "A stop is running: %1 of %2 streams are done.\n\nIf you quit now, no further call "
               "is sent; calls already sent are marked Unknown.")
        .arg(done)
        .arg(total);
}

QString RunController::cancelQuestionText() const
{
    const int done = m_run ? m_run->doneCount() : 0;
    const int total = m_run ? int(m_run->sendableIds().size()) : 0;
    const bool start = m_run && m_run->action() == RunAction::Start;
    return (start ? WindowText::tr("A restart is running: %1 of %2 streams are done.\n\nCancel it? "
                                   "No further call is sent; calls already sent are marked "
                                   "Unknown. Retry restarts the rest later.")
                  : WindowText::tr("A stop is running: %1 of %2 streams are done.\n\nCancel it? No "
                                   "further call is sent; calls already sent are marked Unknown. "
                                   "Stop sends the rest later."))
        .arg(done)
        .arg(total);
}

namespace {
// An interrupted run, named across restarts of the console: its ID with its start in ms (a
// history deleted and made anew numbers its runs from 1 again).
QString handledKey(qint64 runId, const QDateTime &startedAt)
{
    return QStringLiteral("%1@%2").arg(runId).arg(startedAt.toMSecsSinceEpoch());
}
} // namespace

std::optional<RunController::Interrupted> RunController::interruptedRun()
{
    History *h = history();
    if (!h->isOpen())
        return std::nullopt;
    // A run the operator answered (loaded, or declined) is not offered again.
    const QStringList handled =
        Settings::value(Settings::Key::HandledInterruptedRuns).toStringList();
    const QList<History::RunRecord> runs = h->interruptedRuns(7);
    const auto unanswered = std::find_if(runs.cbegin(), runs.cend(), [&handled](const auto &run) {
        return !handled.contains(handledKey(run.id, run.startedAt));
    });
    if (unanswered == runs.cend())
        return std::nullopt;
    const History::RunRecord &r = *unanswered;
    Interrupted offer;
    offer.runId = r.id;
    offer.key = handledKey(r.id, r.startedAt);
    offer.action = r.action;
    offer.profile = r.profile == Run::practiceLabel() ? QString() : r.profile;
    offer.vendor = vendorFromString(r.vendor).value_or(Vendor::Tencent);
    for (const History::Stream &s : h->streams(r.id)) {
        if (s.status != HistoryStatus::NotSent && s.status != HistoryStatus::SentNoAnswer)
            continue;
        StreamOutcome o;
        o.streamId = s.streamId;
        o.attempts = s.attempts;
        o.requestId = s.requestId;
        // In flight when the run ended: nobody knows what became of it.
        o.status =
            s.status == HistoryStatus::NotSent ? StreamStatus::Skipped : StreamStatus::Unknown;
        o.message = s.status == HistoryStatus::NotSent
                        ? WindowText::tr("Not sent: run %1 did not finish.").arg(r.id)
                        : WindowText::tr("Sent by run %1, which did not finish: no answer was "
                                         "recorded.")
                              .arg(r.id);
        offer.ids.append(s.streamId);
        offer.rows.append(o);
    }
    const int n = int(offer.ids.size());
    if (n == 0)
        return std::nullopt;
    const QString when = QLocale().toString(r.startedAt.toLocalTime(), QLocale::ShortFormat);
    const QString profile = History::profileDisplayName(r.profile) == Run::practiceLabel()
                                ? ProfileBar::practiceText()
                                : History::profileDisplayName(r.profile);
    const bool restart = r.action == RunAction::Start;
    offer.question.title =
        restart ? WindowText::tr("An interrupted restart") : WindowText::tr("An interrupted stop");
    offer.question.text =
        (restart ? WindowText::tr("The restart of %1 (run %2, profile “%3”) did not finish: %n "
                                  "stream(s) were not restarted or got no answer.\n\nLoad them "
                                  "into the list under “%3”, to restart them?",
                                  nullptr, n)
                 : WindowText::tr("The stop of %1 (run %2, profile “%3”) did not finish: %n "
                                  "stream(s) were not sent or got no answer.\n\nLoad them into "
                                  "the list under “%3”, to check and stop them?",
                                  nullptr, n))
            .arg(when, QString::number(r.id), profile);
    offer.question.accept = restart ? WindowText::tr("Load and restart %n stream(s)", nullptr, n)
                                    : WindowText::tr("Load %n stream(s)", nullptr, n);
    return offer;
}

void RunController::answeredInterrupted(const Interrupted &offer)
{
    // The newest answers are kept (a history keeps its runs for days, not forever).
    constexpr int kKept = 100;
    QStringList handled = Settings::value(Settings::Key::HandledInterruptedRuns).toStringList();
    if (!handled.contains(offer.key))
        handled.append(offer.key);
    Settings::setValue(Settings::Key::HandledInterruptedRuns,
                       handled.mid(std::max(0, int(handled.size()) - kKept)));
}

void RunController::loadInterrupted(const Interrupted &offer)
{
    m_model->addText(offer.ids.join(u'\n'));
    for (const StreamOutcome &o : offer.rows)
        m_model->restore(o, offer.action, offer.profile, offer.vendor, offer.runId);
}

RowState RunController::rowStateOf(const QString &id) const
{
    const int row = m_model->rowOf(id);
    return row < 0 ? RowState() : rowState(row);
}

QByteArray RunController::exportDocument(bool json, int *rows) const
{
    QList<ListRow> all;
    all.reserve(m_model->rowCount());
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const RowState s = rowState(r);
        ListRow row;
        row.outcome = m_model->outcomeAt(r);
        if (s.life == RowState::Life::Invalid)
            row.outcome.message = m_model->verdictReasonAt(r);
        row.status = s.key();
        row.action = s.sent ? actionKey(s.action) : QString();
        row.endTime = s.endTime;
        row.answeredAt = s.answeredAt;
        row.runId = s.sent ? s.runId : 0;
        row.profile = !s.sent ? QString() : s.profile.isEmpty() ? Run::practiceLabel() : s.profile;
        row.room = m_model->roomAt(r);
        all.append(row);
    }
    if (rows)
        *rows = int(all.size());
    return json ? listReportJson(all) : listReportCsv(all);
}

} // namespace cdnrec
