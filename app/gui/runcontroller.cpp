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

#include <QBuffer>
#include <QLocale>

#include <algorithm>

namespace cdnrec {

bool RowState::retryable(RunAction a) const
{
    if (action != a)
        return false;
    return life == Life::Unknown ||
           life == (a == RunAction::Start ? Life::FailedToRestart : Life::FailedToStop);
}

RunController::RunController(StreamTableModel *model, ProfileStore *profiles, SecretStore *secrets,
                             PracticeEndpoint *practice, QObject *parent)
    : QObject(parent), m_model(model), m_profiles(profiles), m_secrets(secrets),
      m_practice(practice)
{
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
    if (const auto it = m_sent.constFind(o.streamId); it != m_sent.constEnd()) {
        state.action = it->action;
        state.profile = it->profile;
        state.vendor = it->vendor;
        state.runId = it->runId;
    }
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
        state.life = start ? Life::FailedToRestart : Life::FailedToStop;
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
        if (onlyRetry ? s.retryable(RunAction::Stop) : s.life != RowState::Life::Invalid)
            ids.append(m_model->outcomeAt(r).streamId);
    }
    return ids;
}

std::optional<RunController::Restart> RunController::retryOfRestart() const
{
    // A failed restart is retried as a restart: Retry never stops what a restart was for.
    if (!m_run || m_run->action() != RunAction::Start)
        return std::nullopt;
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
    if (isRunning())
        return ids;
    for (const QString &id : m_undoIds) {
        const int row = m_model->rowOf(id);
        if (row >= 0 && rowState(row).restartable())
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
    m_sent.clear();
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

std::optional<RunController::Plan> RunController::planUndoOf(qint64 runId, Vendor fallbackVendor)
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
    switch (planned.refusal) {
    case PlannedRun::Refusal::None:
        break;
    case PlannedRun::Refusal::NotAStop:
    case PlannedRun::Refusal::NothingStopped:
        Q_EMIT problem(
            WindowText::tr("Run %1 stopped nothing: there is nothing to restart.").arg(runId));
        return std::nullopt;
    case PlannedRun::Refusal::NoSavedProfile:
        Q_EMIT problem(
            WindowText::tr("Run %1 was made with “%2”, which is not a saved profile here: restart "
                           "it from the command line (cdnrec undo %1 --profile NAME).")
                .arg(runId)
                .arg(History::profileDisplayName(run->profile)));
        return std::nullopt;
    case PlannedRun::Refusal::ProfileElsewhere:
        Q_EMIT problem(
            WindowText::tr("Run %1 is not restarted: %2. A restart goes only where the stop went: "
                           "restart it from the command line (cdnrec undo %1 --secret-file PATH).")
                .arg(QString::number(runId), planned.problem));
        return std::nullopt;
    }
    Plan p{std::move(planned.plan), std::move(planned.profile), QString()};
    if (!checkRate(p))
        return std::nullopt;
    p.where = whereText(p);
    // The rows the restart's outcomes go into.
    m_model->addText(p.run.sendableIds().join(u'\n'));
    return p;
}

RunController::Question RunController::stopQuestion(const Plan &plan, bool onlyRetry) const
{
    const int n = int(plan.run.sendableIds().size());
    Question q;
    q.title =
        onlyRetry ? WindowText::tr("Retry failed streams") : WindowText::tr("Stop recordings");
    q.text = WindowText::tr("Stop the CDN recording of %n stream(s)?", nullptr, n) + u"\n\n" +
             plan.where;
    if (onlyRetry && !m_lastRunProfile.isEmpty() && m_lastRunProfile != plan.run.label)
        q.text +=
            u"\n\n" +
            WindowText::tr("Note: these streams were last sent with “%1”; this retry uses “%2”.")
                .arg(m_lastRunProfile, plan.run.label);
    q.accept = WindowText::tr("Stop %n recording(s)", nullptr, n);
    return q;
}

// --- sending -----------------------------------------------------------------------------------

void RunController::send(Plan plan)
{
    if (isRunning() || m_pendingSecret)
        return;
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
        Q_EMIT notSent();
        return;
    }
    delete m_run;
    m_run = run;
    m_undoIds.clear();
    m_lastRunProfile = run->plan().label;
    for (const QString &n : run->notices())
        Q_EMIT problem(n);
    connectRun(run);
    noteSent(*run, profileName);
    m_clock.start();
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
    for (const QString &id : run.sendableIds())
        m_sent.insert(id, sent);
    m_model->setVendor(sent.vendor);
    m_model->setAction(sent.action);
    m_model->setProfile(profileName);
    m_model->resetForRun(run.sendableIds());
}

void RunController::onStreamChanged(const StreamOutcome &outcome)
{
    m_model->applyOutcome(outcome);
    Q_EMIT streamChanged(outcome);
}

void RunController::onRunFinished()
{
    // Undo (Ctrl+Z) restarts what this stop stopped, while those rows still show Stopped.
    m_undoIds.clear();
    if (m_run->action() == RunAction::Stop) {
        m_run->forEachReportRow([this](const StreamOutcome &o) {
            if (o.status == StreamStatus::Succeeded)
                m_undoIds.append(o.streamId);
        });
    }
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
    return what.arg(s.stopped).arg(s.failed).arg(s.unknown).arg(s.skipped);
}

QString RunController::callsText() const
{
    const int calls = m_run ? m_run->callsStarted() : 0;
    return WindowText::tr("%n call(s) in %1 s", nullptr, calls)
        .arg(m_clock.elapsed() / 1000.0, 0, 'f', 1);
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

std::optional<RunController::Interrupted> RunController::interruptedRun()
{
    History *h = history();
    if (!h->isOpen())
        return std::nullopt;
    const QList<History::RunRecord> runs = h->interruptedRuns(7);
    if (runs.isEmpty())
        return std::nullopt;
    const History::RunRecord &r = runs.first();
    Interrupted offer{h->unfinishedStreamIds(r.id), {}};
    const int n = int(offer.ids.size());
    if (n == 0)
        return std::nullopt;
    offer.question.title = WindowText::tr("An interrupted run");
    offer.question.text =
        WindowText::tr(
            "The run of %1 (profile “%2”) did not finish: %n stream(s) were not sent or got no "
            "answer.\n\nLoad them into the list to check and send them again?",
            nullptr, n)
            .arg(QLocale().toString(r.startedAt.toLocalTime(), QLocale::ShortFormat), r.profile);
    offer.question.accept = WindowText::tr("Load %n stream(s)", nullptr, n);
    return offer;
}

QByteArray RunController::exportDocument(bool json, int *rows) const
{
    QList<StreamOutcome> all;
    all.reserve(m_model->rowCount());
    for (int r = 0; r < m_model->rowCount(); ++r) {
        StreamOutcome o = m_model->outcomeAt(r);
        if (rowState(r).life == RowState::Life::Invalid) {
            o.status = StreamStatus::Skipped;
            o.message = m_model->verdictReasonAt(r);
        }
        all.append(o);
    }
    if (rows)
        *rows = int(all.size());
    if (!json)
        return Report::toCsv(all);
    // The same document as `cdnrec stop --json`, summary first.
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    JsonReportWriter writer(&buffer, Report::summarize(all));
    for (const StreamOutcome &o : std::as_const(all))
        writer.add(o);
    writer.finish();
    return bytes;
}

} // namespace cdnrec
