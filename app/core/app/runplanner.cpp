// SPDX-License-Identifier: GPL-3.0-or-later
#include "runplanner.h"

#include <engine/callrequest.h>
#include <engine/signer.h>
#include <model/endpoint.h>
#include <model/rate.h>
#include <store/profilestore.h>

#include <QSet>

#include <algorithm>

namespace cdnrec {

namespace {

// An endpoint as the history keeps it (no user info), for comparing a profile with a run.
QString historyEndpoint(const QUrl &endpoint)
{
    return endpoint.toString(QUrl::RemoveUserInfo);
}

// The fields given on their own win over the profile's and the run's.
void applyGiven(const RunRequest &given, JobTarget &target)
{
    if (given.vendor)
        target.vendor = *given.vendor;
    if (given.endpoint)
        target.endpoint = *given.endpoint;
    if (given.appId)
        target.appId = *given.appId;
    if (given.isTest)
        target.isTest = true;
}

// A plan's profile part: its target, pace and batch size, and its name as the label.
void useProfile(PlannedRun &planned, const Profile &profile)
{
    const RunAction action = planned.plan.options.action;
    planned.profile = profile;
    planned.plan.target = Run::targetFor(profile);
    planned.plan.options = Run::optionsFor(profile);
    planned.plan.options.action = action; // the profile's options are a stop's
    planned.plan.label = Run::labelFor(profile);
}

// An endpoint as written in the history, to compare two of them (a trailing slash aside).
QString comparableEndpoint(const QString &endpoint)
{
    QUrl url(endpoint);
    if (url.path().isEmpty())
        url.setPath(QStringLiteral("/"));
    return url.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash |
                        QUrl::NormalizePathSegments);
}

bool sameTarget(const History::RunRecord &a, const History::RunRecord &b)
{
    // The practice simulator listens on another port in each session: its runs are its own.
    const bool practiceA = a.profile == Run::practiceLabel();
    if (practiceA || b.profile == Run::practiceLabel())
        return practiceA && b.profile == Run::practiceLabel();
    return a.appId == b.appId && comparableEndpoint(a.endpoint) == comparableEndpoint(b.endpoint);
}

QString shortTime(const QDateTime &at)
{
    return at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

// With an endpoint or AppId given over a profile, the history says both.
QString overriddenLabel(const Profile &profile, const JobTarget &target)
{
    return RunPlanner::tr("%1 (with --endpoint/--app-id: %2)")
        .arg(profile.name, Run::labelFor(target));
}

} // namespace

QList<StreamIds::Item> RunPlanner::itemsFor(const QStringList &ids)
{
    QList<StreamIds::Item> items;
    items.reserve(ids.size());
    for (const QString &given : ids) {
        StreamIds::Item item;
        item.id = given.trimmed();
        item.verdict = StreamIds::check(item.id, &item.reason);
        items.append(item);
    }
    return items;
}

QList<StreamIds::Item> RunPlanner::merged(QList<StreamIds::Item> items)
{
    QSet<QString> seen;
    seen.reserve(items.size());
    for (StreamIds::Item &item : items) {
        if (item.verdict == StreamIds::Verdict::Invalid ||
            item.verdict == StreamIds::Verdict::Duplicate)
            continue;
        if (seen.contains(item.id)) {
            item.verdict = StreamIds::Verdict::Duplicate;
            item.reason = tr("given earlier in the same run");
            continue;
        }
        seen.insert(item.id);
    }
    return items;
}

PlannedRun RunPlanner::plan(const RunRequest &request, QList<StreamIds::Item> items)
{
    PlannedRun planned;
    planned.plan.options.action = request.action;
    planned.plan.options.callsPerSecond = Rate().perSecond(); // unless a profile gives its own
    if (request.profile)
        useProfile(planned, *request.profile);
    else
        planned.plan.target.endpoint = Endpoint::defaultUrl();
    applyGiven(request, planned.plan.target);
    if (!request.label.isEmpty())
        planned.plan.label = request.label;
    else if (request.profile && (request.endpoint || request.appId))
        planned.plan.label = overriddenLabel(*request.profile, planned.plan.target);
    else if (!request.profile)
        planned.plan.label = Run::labelFor(planned.plan.target);
    planned.plan.items = merged(std::move(items));
    return planned;
}

QString RunPlanner::undoMismatch(const Profile &profile, const History::RunRecord &run)
{
    const JobTarget target = Run::targetFor(profile);
    const QString endpoint = historyEndpoint(target.endpoint);
    if (target.appId == run.appId && endpoint == run.endpoint)
        return QString();
    return tr("the profile “%1” now signs in with AppId %2 at %3, not with AppId %4 at %5 where "
              "run %6 stopped the streams")
        .arg(profile.name, QString::number(target.appId), endpoint, QString::number(run.appId),
             run.endpoint, QString::number(run.id));
}

bool RunPlanner::mayStillRun(const History::RunRecord &run, const QList<History::Stream> &streams,
                             const QDateTime &now)
{
    if (!run.interrupted())
        return false;
    // The history keeps no mark of a live run: a run that has not ended is running while its
    // rows change (a call's row is written as it goes and as it is answered).
    QDateTime last = run.startedAt;
    for (const History::Stream &s : streams) {
        if (s.updatedAt.isValid() && (!last.isValid() || s.updatedAt > last))
            last = s.updatedAt;
    }
    if (!last.isValid())
        return true; // nothing tells: as if it ran
    const QDateTime at = now.isValid() ? now : QDateTime::currentDateTimeUtc();
    return last.secsTo(at) < QuietSecs;
}

QList<History::RunRecord> RunPlanner::restartsOf(const History &history,
                                                 const History::RunRecord &run,
                                                 const QStringList &stopped)
{
    const QSet<QString> wanted(stopped.cbegin(), stopped.cend());
    History::Filter filter;
    filter.since = run.startedAt;
    filter.limit = 500;
    QList<History::RunRecord> out;
    for (const History::RunRecord &r : history.runs(filter)) {
        if (r.action != RunAction::Start || r.id <= run.id || !sameTarget(r, run))
            continue;
        const QList<History::Stream> streams = history.streams(r.id);
        if (std::any_of(streams.cbegin(), streams.cend(), [&wanted](const History::Stream &s) {
                return s.status == HistoryStatus::Started && wanted.contains(s.streamId);
            }))
            out.prepend(r); // runs() is newest first
    }
    return out;
}

namespace {

QStringList stoppedBy(const QList<History::Stream> &streams)
{
    QStringList stopped;
    for (const History::Stream &s : streams) {
        if (s.status == HistoryStatus::Stopped)
            stopped.append(s.streamId);
    }
    return stopped;
}

// The undo's target: the operator's profile, the front end's simulator, or where the run went
// (with the run's profile where it still signs there); then each field given on its own.
void undoTarget(PlannedRun &planned, const History::RunRecord &run, const ProfileStore &profiles,
                const UndoOptions &options)
{
    const RunRequest &given = options.given;
    if (given.profile) {
        useProfile(planned, *given.profile);
    } else if (run.profile == Run::practiceLabel() && options.practice) {
        planned.practice = true;
        planned.plan.target.endpoint = options.practice->endpoint;
        planned.plan.target.appId = options.practice->appId;
    } else {
        planned.plan.target.endpoint = QUrl(run.endpoint, QUrl::StrictMode);
        planned.plan.target.appId = run.appId;
        if (const std::optional<Profile> same = profiles.find(run.profile)) {
            planned.profileNote = RunPlanner::undoMismatch(*same, run);
            if (planned.profileNote.isEmpty())
                useProfile(planned, *same);
        }
    }
    // Where the stops went: the undo restarts there, with the vendor the streams were stopped
    // with, unless the operator says otherwise.
    planned.plan.target.vendor = vendorFromString(run.vendor).value_or(options.fallbackVendor);
    applyGiven(given, planned.plan.target);
}

// Empty when the plan restarts under the run's AppId and endpoint; else why not, in words.
QString elsewhere(const PlannedRun &planned, const History::RunRecord &run, const RunRequest &given)
{
    if (planned.practice)
        return QString();
    const JobTarget &t = planned.plan.target;
    if (t.appId == run.appId &&
        comparableEndpoint(historyEndpoint(t.endpoint)) == comparableEndpoint(run.endpoint))
        return QString();
    if (given.profile && !given.endpoint && !given.appId)
        return RunPlanner::undoMismatch(*given.profile, run);
    return RunPlanner::tr("run %1 stopped the streams with AppId %2 at %3; the AppId and endpoint "
                          "given (AppId %4 at %5) would start recordings that were never stopped")
        .arg(QString::number(run.id), QString::number(run.appId), run.endpoint,
             QString::number(t.appId), historyEndpoint(t.endpoint));
}

} // namespace

PlannedRun RunPlanner::planUndo(const History::RunRecord &run,
                                const QList<History::Stream> &streams, const ProfileStore &profiles,
                                const UndoOptions &options)
{
    PlannedRun planned;
    planned.plan.options.action = RunAction::Start;
    planned.plan.options.callsPerSecond = Rate().perSecond(); // unless a profile gives its own
    const auto refuse = [&planned](PlannedRun::Refusal why, const QString &problem) {
        planned.refusal = why;
        planned.problem = problem;
        return planned;
    };
    if (run.action != RunAction::Stop)
        return refuse(PlannedRun::Refusal::NotAStop,
                      tr("run %1 was a start, not a stop: there is nothing to undo").arg(run.id));
    if (mayStillRun(run, streams, options.now))
        return refuse(PlannedRun::Refusal::StillRunning,
                      tr("run %1 has not ended and its streams changed less than %2 minutes ago: "
                         "the stop is still running (here or in another cdnrec); undo it once it "
                         "has ended")
                          .arg(run.id)
                          .arg(QuietSecs / 60));
    const QStringList stopped = stoppedBy(streams);
    if (stopped.isEmpty())
        return refuse(PlannedRun::Refusal::NothingStopped,
                      tr("run %1 stopped no stream: there is nothing to undo").arg(run.id));

    const RunRequest &given = options.given;
    undoTarget(planned, run, profiles, options);
    if (const QString why = elsewhere(planned, run, given); !why.isEmpty())
        return refuse(PlannedRun::Refusal::ProfileElsewhere, why);
    if (options.requireProfile && !planned.profile && !planned.practice) {
        if (!planned.profileNote.isEmpty())
            return refuse(PlannedRun::Refusal::ProfileElsewhere, planned.profileNote);
        return refuse(PlannedRun::Refusal::NoSavedProfile,
                      tr("run %1 was made with “%2”, which is not a saved profile here")
                          .arg(QString::number(run.id), History::profileDisplayName(run.profile)));
    }
    if (options.history && !options.again) {
        if (const QList<History::RunRecord> earlier = restartsOf(*options.history, run, stopped);
            !earlier.isEmpty())
            return refuse(PlannedRun::Refusal::AlreadyRestarted,
                          tr("run %1 was undone already: run %2 restarted its streams at %3")
                              .arg(QString::number(run.id), QString::number(earlier.first().id),
                                   shortTime(earlier.first().startedAt)));
    }
    // The undo reads as the stop it undoes, unless it goes elsewhere.
    if (given.endpoint || given.appId)
        planned.plan.label = planned.profile
                                 ? overriddenLabel(*planned.profile, planned.plan.target)
                                 : Run::labelFor(planned.plan.target);
    else if (planned.practice)
        planned.plan.label = Run::practiceLabel();
    else if (!given.profile)
        planned.plan.label = run.profile;
    planned.plan.items = merged(itemsFor(stopped));
    return planned;
}

QList<RunPlanner::DryCall> RunPlanner::dryRun(const RunPlan &plan, Signer &signer, qint64 nowSecs)
{
    // The same parameters as Job::start() and Job::send(): only the secret is missing, and the
    // signature is redacted whatever it would be.
    const JobTarget &target = plan.target;
    const JobOptions &options = plan.options;
    QList<DryCall> calls;
    for (const QStringList &batch :
         CallRequest::batches(target.endpoint, plan.sendableIds(), options.batchSize,
                              options.maxUrlBytes, target.isTest, options.action)) {
        PublicParams params;
        params.appId = target.appId;
        params.nonce = signer.nextNonce();
        params.timestamp = nowSecs;
        params.signature = QStringLiteral("REDACTED");
        params.isTest = target.isTest;
        const ActionParams what{
            options.action,
            options.action == RunAction::Start
                ? EndTimeBounds::endTime(nowSecs, options.startUntil, options.startForSecs)
                : 0};
        const QUrl url = CallRequest::url(target.endpoint, target.vendor, batch, params, what);
        calls.append(DryCall{CallRequest::redacted(url), batch});
    }
    return calls;
}

} // namespace cdnrec
