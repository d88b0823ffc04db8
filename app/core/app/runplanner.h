// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "run.h"
#include <model/profile.h>
#include <model/streamids.h>
#include <store/history.h>

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace cdnrec {

class ProfileStore;
class Signer;

// What a front end was given about where a run's calls go. Every field is optional: what is
// not given comes from the profile, else (an undo) from the history run, else the defaults.
struct RunRequest
{
    RunAction action = RunAction::Stop; // an undo is always a Start
    // A saved profile the operator chose (cdnrec --profile, the console's profile bar): its
    // target, pace and batch size, and its secret in the keyring under its name.
    std::optional<Profile> profile;
    // Given on their own, these win over the profile's and the run's.
    std::optional<Vendor> vendor;
    std::optional<QUrl> endpoint;
    std::optional<quint32> appId;
    bool isTest = false; // true: send IsTest=true whatever the profile says
    // How the history names the run; empty: the planner's rule (see RunPlanner::plan()).
    QString label;
};

// A plan, or a refusal in words. Nothing may be sent from a refused plan.
struct PlannedRun
{
    enum class Refusal
    {
        None,
        NotAStop,         // undo: the run was a start
        NothingStopped,   // undo: the run stopped no stream
        NoSavedProfile,   // undo with a profile required: none of the run's name is saved here
        ProfileElsewhere, // undo: the profile (the run's with one required, or the one given),
                          // or the endpoint or AppId given, signs elsewhere than the run
        StillRunning,     // undo: the stop has not ended and wrote to the history lately
        AlreadyRestarted, // undo: a restart of the run's streams was made since; ask first
    };

    RunPlan plan;
    // The saved profile the plan signs with (its secret is in the keyring under its name);
    // empty: the secret comes from elsewhere (a file, the environment, the practice simulator).
    std::optional<Profile> profile;
    // Undo: the run was made against the practice simulator, and the plan goes to the one
    // given in UndoOptions::practice.
    bool practice = false;
    // Undo: why the profile the run was made with is not used, when one of its name is saved
    // (its AppId or endpoint changed since). Not a refusal where no profile is required; say it
    // when the secret then cannot be found.
    QString profileNote;
    Refusal refusal = Refusal::None;
    QString problem; // the refusal in words (lower case, no full stop, as Run::problem())

    bool ok() const { return refusal == Refusal::None; }
};

// Undo of a history run, as a front end asks for it.
struct UndoOptions
{
    // What the operator gave on top (cdnrec undo RUN --profile/--vendor/--endpoint/--app-id):
    // each wins over the run's. A profile given here is used as chosen, wherever it signs: the
    // operator named it. (action and label are ignored: an undo is a Start, named by its run.)
    RunRequest given;
    // Refuse unless a saved profile signs for the run (the console: it has no other secret).
    bool requireProfile = false;
    // The front end's own practice simulator (its endpoint and AppId): a practice run is undone
    // there, without a profile. Unset (the CLI): a practice run goes where it went.
    std::optional<JobTarget> practice;
    // The vendor when the history's name for it is unknown.
    Vendor fallbackVendor = Vendor::Tencent;
    // When the run is judged (still running or not); invalid: now.
    QDateTime now;
    // The history the run is read from: with it, the restarts already made of the run are found
    // (RunPlanner::restartsOf), and a second undo is refused as AlreadyRestarted unless `again`.
    const History *history = nullptr;
    // The operator was told of the earlier restart (the AlreadyRestarted problem) and said yes.
    bool again = false;
};

// The one place that turns what a front end was given (a profile or explicit target fields,
// stream IDs as typed, pasted or read from files, the action: stop, start, undo) into a RunPlan
// for Run, or a refusal in words. The CLI and the console both plan here, so a rule (which
// profile may undo a run, how a run is named in the history, which IDs are sent) is written once.
//
// Stream IDs: the planner takes the model's verdicts (StreamIds::parse, parseFile, check) and
// marks every repeat of an earlier sendable ID as Duplicate, across all sources, once. Run and
// the engine take the verdicts as given: an item that is not Invalid or Duplicate is sent.
class RunPlanner final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::RunPlanner)
public:
    // --- Stream IDs ---
    // One item per string, each exactly one ID as given (trimmed), with its verdict.
    static QList<StreamIds::Item> itemsFor(const QStringList &ids);
    // The items of every source in order, each repeat of an earlier sendable ID (not Invalid)
    // marked Duplicate. Items already marked keep their verdict and reason.
    static QList<StreamIds::Item> merged(QList<StreamIds::Item> items);

    // --- Stop or start ---
    // The plan for the request: the profile's target, pace and batch size (without a profile,
    // ZEGO's default endpoint and Rate::Default), then each field given on its own; items through
    // merged(). Labels: the profile's name; with an endpoint or AppId given over a profile, "NAME
    // (with --endpoint/--app-id: no profile: ...)"; without a profile, Run::labelFor(target);
    // request.label when given. Never refuses: a missing AppId or an unusable endpoint is
    // Run::prepare()'s refusal.
    static PlannedRun plan(const RunRequest &request, QList<StreamIds::Item> items);

    // --- Undo of a history run ---
    // The one rule: a saved profile undoes a run (its secret, pace and batch size) only if its
    // AppId and endpoint are the run's. Empty when `profile` may undo `run`; otherwise why not,
    // in words ("the profile “X” now signs in with AppId 2 at https://b/, not with AppId 1 at
    // https://a/ where run 7 stopped the streams").
    static QString undoMismatch(const Profile &profile, const History::RunRecord &run);
    // The plan that restarts exactly the streams `run` stopped (its stream rows whose status is
    // Stopped, in the history's order), with the run's vendor, endpoint and AppId; the saved
    // profile named as the run's is used when undoMismatch() allows it; options.given wins.
    // Labelled as the run, unless an endpoint or AppId is given. Refusals: NotAStop,
    // NothingStopped, and with options.requireProfile, NoSavedProfile and ProfileElsewhere.
    // The plan's options are the profile's (or the defaults) with action Start; a front end
    // sets startForSecs/startUntil and may override pace options afterwards.
    //
    // The one undo rule, for every front end:
    // - never while the stop runs: a run the history has not seen end, whose rows changed in the
    //   last QuietSecs, is refused as StillRunning (the history marks a running and an
    //   interrupted run alike, by no end time; only its rows' times tell them apart);
    // - only under the run's AppId and endpoint: a profile, endpoint or AppId given that signs
    //   elsewhere is refused as ProfileElsewhere (a practice run undone on the front end's own
    //   simulator excepted); the run's own profile is used only where it still signs there;
    // - a second undo: with options.history, the restarts made of the run since are found; the
    //   undo is refused as AlreadyRestarted, its problem saying when, unless options.again.
    static PlannedRun planUndo(const History::RunRecord &run, const QList<History::Stream> &streams,
                               const ProfileStore &profiles, const UndoOptions &options = {});
    // A run that has not ended and whose rows changed less than this long ago may be running.
    static constexpr qint64 QuietSecs = 300;
    // Whether `run` may still be running at `now` (see planUndo).
    static bool mayStillRun(const History::RunRecord &run, const QList<History::Stream> &streams,
                            const QDateTime &now);
    // The restarts made since `run` of streams it stopped, under its AppId and endpoint, that
    // started at least one of them: oldest first.
    static QList<History::RunRecord>
    restartsOf(const History &history, const History::RunRecord &run, const QStringList &stopped);

    // --- Dry run ---
    // The calls a run of this plan would make now, through the engine's own request code
    // (CallRequest::batches and CallRequest::url with the job's parameters: batch size, URL
    // bound, IsTest, action and EndTime at `nowSecs`), each URL with its Signature redacted.
    struct DryCall
    {
        QString url; // redacted
        QStringList streamIds;
    };
    static QList<DryCall> dryRun(const RunPlan &plan, Signer &signer, qint64 nowSecs);
};

} // namespace cdnrec
