// SPDX-License-Identifier: GPL-3.0-or-later
// The planner: which profile may undo a history run (one rule for the CLI and the console), what
// a dry run prints against what the engine signs, and a plan from messy input.
#include <app/runplanner.h>
#include <engine/job.h>
#include <engine/ratelimiter.h>
#include <engine/signer.h>
#include <model/clock.h>
#include <model/endpoint.h>
#include <model/rate.h>
#include <store/history.h>
#include <store/profilestore.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {

// Pacing on real time, Timestamps on a fixed wall clock: the engine's URL is then known.
class FixedWallClock final : public Clock
{
public:
    FixedWallClock() { m_start.start(); }
    qint64 monotonicNs() const override { return m_start.nsecsElapsed(); }
    qint64 wallSecs() const override { return kWall; }
    static constexpr qint64 kWall = 1750000000;

private:
    QElapsedTimer m_start;
};

// The same nonces, in the same order, for two signers.
Signer::RandomSource script()
{
    return [n = quint64(0x1234567800000000ULL)]() mutable {
        return ++n;
    };
}

Profile acme()
{
    Profile p;
    p.name = u"acme"_qs;
    p.appId = 111;
    p.region = u"unified"_qs;
    p.vendor = Vendor::Huawei;
    p.callsPerSecond = 4;
    p.batchSize = 7;
    return p;
}

History::RunRecord stopRun(const Profile &as)
{
    History::RunRecord r;
    r.id = 42;
    r.action = RunAction::Stop;
    r.profile = as.name;
    r.appId = as.appId;
    r.endpoint = as.endpoint().toString(QUrl::RemoveUserInfo);
    r.vendor = u"Ws"_qs;
    // Ended an hour ago (a run the history has not seen end is judged by its rows' times).
    r.startedAt = QDateTime::currentDateTimeUtc().addSecs(-3600);
    r.endedAt = r.startedAt.addSecs(60);
    return r;
}

QList<History::Stream> streams(const QList<std::pair<QString, HistoryStatus>> &rows)
{
    QList<History::Stream> out;
    for (const auto &[id, status] : rows) {
        History::Stream s;
        s.runId = 42;
        s.streamId = id;
        s.status = status;
        out.append(s);
    }
    return out;
}

const QList<History::Stream> kStopped = streams({{u"a"_qs, HistoryStatus::Stopped},
                                                 {u"b"_qs, HistoryStatus::Failed},
                                                 {u"c"_qs, HistoryStatus::Stopped},
                                                 {u"d"_qs, HistoryStatus::SentNoAnswer}});

} // namespace

class TestRunPlanner : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_stores = 0;

    // A profile store of its own holding these profiles.
    std::unique_ptr<ProfileStore> store(const QList<Profile> &profiles)
    {
        auto s = std::make_unique<ProfileStore>(
            m_dir.filePath(QStringLiteral("profiles-%1.conf").arg(++m_stores)));
        for (const Profile &p : profiles) {
            const QString why = s->add(p);
            if (!why.isEmpty())
                qFatal("cannot add profile: %s", qPrintable(why));
        }
        return s;
    }

private Q_SLOTS:
    void undoUsesTheRunsProfileWhereItSigned();
    void undoRefusesAProfileThatSignsElsewhere_data();
    void undoRefusesAProfileThatSignsElsewhere();
    void undoWithoutASavedProfile();
    void undoRefusesWhatIsNoStop();
    void undoTakesWhatTheOperatorGives();
    void undoRefusedWhileTheStopRuns();
    void secondUndoSaysWhenAndAsks();
    void undoOfAPracticeRun();
    void planFromMessyInput();
    void planLabels();
    void dryRunIsWhatTheEngineSigns_data();
    void dryRunIsWhatTheEngineSigns();
};

void TestRunPlanner::undoUsesTheRunsProfileWhereItSigned()
{
    const auto profiles = store({acme()});
    const History::RunRecord run = stopRun(acme());
    QCOMPARE(RunPlanner::undoMismatch(acme(), run), QString());
    for (const bool required : {false, true}) {
        UndoOptions options;
        options.requireProfile = required;
        const PlannedRun p = RunPlanner::planUndo(run, kStopped, *profiles, options);
        QVERIFY2(p.ok(), qPrintable(p.problem));
        QVERIFY(p.profile);
        QCOMPARE(p.profile->name, u"acme"_qs);
        QCOMPARE(p.profileNote, QString());
        QCOMPARE(p.plan.options.action, RunAction::Start);
        // Its pace and batch size, the run's target, and the vendor the streams were stopped with.
        QCOMPARE(p.plan.options.callsPerSecond, 4.0);
        QCOMPARE(p.plan.options.batchSize, 7);
        QCOMPARE(p.plan.target.appId, 111u);
        QCOMPARE(p.plan.target.endpoint.toString(), run.endpoint);
        QCOMPARE(p.plan.target.vendor, Vendor::Ws);
        QCOMPARE(p.plan.label, u"acme"_qs);
        QCOMPARE(p.plan.sendableIds(), (QStringList{u"a"_qs, u"c"_qs}));
    }
}

void TestRunPlanner::undoRefusesAProfileThatSignsElsewhere_data()
{
    QTest::addColumn<Profile>("now");
    QTest::addColumn<QString>("words");
    Profile otherApp = acme();
    otherApp.appId = 222;
    QTest::newRow("another AppId")
        << otherApp
        << u"the profile “acme” now signs in with AppId 222 at https://rtc-api.zego.im/, not with "
           "AppId 111 at https://rtc-api.zego.im/ where run 42 stopped the streams"_qs;
    Profile otherRegion = acme();
    otherRegion.region = u"sha"_qs;
    QTest::newRow("another endpoint")
        << otherRegion
        << u"the profile “acme” now signs in with AppId 111 at https://rtc-api-sha.zego.im/, not "
           "with AppId 111 at https://rtc-api.zego.im/ where run 42 stopped the streams"_qs;
    Profile custom = acme();
    custom.region.clear();
    custom.customEndpoint = QUrl(u"http://127.0.0.1:9/"_qs);
    QTest::newRow("a custom endpoint")
        << custom
        << u"the profile “acme” now signs in with AppId 111 at http://127.0.0.1:9/, not with "
           "AppId 111 at https://rtc-api.zego.im/ where run 42 stopped the streams"_qs;
}

void TestRunPlanner::undoRefusesAProfileThatSignsElsewhere()
{
    QFETCH(Profile, now);
    QFETCH(QString, words);
    // The run was made with "acme" as it was; "acme" has changed since.
    const History::RunRecord run = stopRun(acme());
    const auto profiles = store({now});
    QCOMPARE(RunPlanner::undoMismatch(now, run), words);

    // The console needs a profile: refused, in words.
    UndoOptions console;
    console.requireProfile = true;
    const PlannedRun refused = RunPlanner::planUndo(run, kStopped, *profiles, console);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.refusal, PlannedRun::Refusal::ProfileElsewhere);
    QCOMPARE(refused.problem, words);
    QVERIFY(!refused.profile);

    // The CLI can take a secret from elsewhere: the undo goes where the run went, without the
    // profile (its pace, batch size and secret are not used), and says why.
    const PlannedRun cli = RunPlanner::planUndo(run, kStopped, *profiles);
    QVERIFY2(cli.ok(), qPrintable(cli.problem));
    QVERIFY(!cli.profile);
    QCOMPARE(cli.profileNote, words);
    QCOMPARE(cli.plan.target.appId, 111u);
    QCOMPARE(cli.plan.target.endpoint.toString(), run.endpoint);
    QCOMPARE(cli.plan.options.callsPerSecond, Rate::Default);
    QCOMPARE(cli.plan.label, u"acme"_qs);
}

void TestRunPlanner::undoWithoutASavedProfile()
{
    const auto profiles = store({});
    const History::RunRecord run = stopRun(acme());
    UndoOptions console;
    console.requireProfile = true;
    const PlannedRun refused = RunPlanner::planUndo(run, kStopped, *profiles, console);
    QCOMPARE(refused.refusal, PlannedRun::Refusal::NoSavedProfile);
    QCOMPARE(refused.problem, u"run 42 was made with “acme”, which is not a saved profile here"_qs);
    const PlannedRun cli = RunPlanner::planUndo(run, kStopped, *profiles);
    QVERIFY(cli.ok());
    QVERIFY(!cli.profile);
    QCOMPARE(cli.profileNote, QString());
    QCOMPARE(cli.plan.target.vendor, Vendor::Ws);
}

void TestRunPlanner::undoRefusesWhatIsNoStop()
{
    const auto profiles = store({acme()});
    History::RunRecord start = stopRun(acme());
    start.action = RunAction::Start;
    const PlannedRun a = RunPlanner::planUndo(start, kStopped, *profiles);
    QCOMPARE(a.refusal, PlannedRun::Refusal::NotAStop);
    QCOMPARE(a.problem, u"run 42 was a start, not a stop: there is nothing to undo"_qs);
    const PlannedRun b = RunPlanner::planUndo(
        stopRun(acme()), streams({{u"x"_qs, HistoryStatus::Failed}}), *profiles);
    QCOMPARE(b.refusal, PlannedRun::Refusal::NothingStopped);
    QCOMPARE(b.problem, u"run 42 stopped no stream: there is nothing to undo"_qs);
}

void TestRunPlanner::undoTakesWhatTheOperatorGives()
{
    Profile other = acme();
    other.name = u"other"_qs;
    other.vendor = Vendor::Tencent;
    other.callsPerSecond = 2;
    Profile elsewhere = other;
    elsewhere.name = u"elsewhere"_qs;
    elsewhere.appId = 999;
    const auto profiles = store({acme(), other, elsewhere});
    const History::RunRecord run = stopRun(acme());

    // A profile the operator names is used as named where it signs as the run did; the vendor
    // stays the run's.
    UndoOptions named;
    named.given.profile = other;
    PlannedRun p = RunPlanner::planUndo(run, kStopped, *profiles, named);
    QVERIFY2(p.ok(), qPrintable(p.problem));
    QCOMPARE(p.profile->name, u"other"_qs);
    QCOMPARE(p.plan.target.appId, 111u);
    QCOMPARE(p.plan.options.callsPerSecond, 2.0);
    QCOMPARE(p.plan.target.vendor, Vendor::Ws);
    QCOMPARE(p.plan.label, u"other"_qs);

    // Under another AppId it would start recordings that app never stopped: refused.
    named.given.profile = elsewhere;
    p = RunPlanner::planUndo(run, kStopped, *profiles, named);
    QCOMPARE(p.refusal, PlannedRun::Refusal::ProfileElsewhere);
    QVERIFY2(p.problem.contains(u"AppId 999"_qs) && p.problem.contains(u"AppId 111"_qs),
             qPrintable(p.problem));
    QVERIFY(p.plan.sendableIds().isEmpty());

    // An endpoint or AppId given elsewhere than the run's: refused too.
    UndoOptions moved;
    moved.given.endpoint = QUrl(u"http://127.0.0.1:9/"_qs);
    p = RunPlanner::planUndo(run, kStopped, *profiles, moved);
    QCOMPARE(p.refusal, PlannedRun::Refusal::ProfileElsewhere);
    QVERIFY2(p.problem.contains(u"http://127.0.0.1:9/"_qs), qPrintable(p.problem));
    UndoOptions otherApp;
    otherApp.given.appId = 5;
    QCOMPARE(RunPlanner::planUndo(run, kStopped, *profiles, otherApp).refusal,
             PlannedRun::Refusal::ProfileElsewhere);

    // The run's own endpoint given (a trailing slash aside) and another vendor: taken.
    UndoOptions same;
    same.given.endpoint = QUrl(run.endpoint.chopped(1));
    same.given.vendor = Vendor::Tencent;
    p = RunPlanner::planUndo(run, kStopped, *profiles, same);
    QVERIFY2(p.ok(), qPrintable(p.problem));
    QCOMPARE(p.plan.target.vendor, Vendor::Tencent);
}

// Never while the stop runs: a run with no end whose rows changed lately is refused; one quiet
// for longer than QuietSecs was interrupted, and what it stopped may be restarted.
void TestRunPlanner::undoRefusedWhileTheStopRuns()
{
    const auto profiles = store({acme()});
    History::RunRecord run = stopRun(acme());
    run.endedAt = QDateTime();
    QList<History::Stream> rows = kStopped;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    rows[1].updatedAt = now.addSecs(-20); // answered 20 s ago
    UndoOptions options;
    options.now = now;
    PlannedRun p = RunPlanner::planUndo(run, rows, *profiles, options);
    QCOMPARE(p.refusal, PlannedRun::Refusal::StillRunning);
    QVERIFY2(p.problem.contains(u"still running"_qs), qPrintable(p.problem));
    QVERIFY(p.plan.sendableIds().isEmpty());
    // Even a stop that has stopped nothing yet: it is running, not "nothing to undo".
    QList<History::Stream> none = streams({{u"x"_qs, HistoryStatus::SentNoAnswer}});
    none[0].updatedAt = now.addSecs(-5);
    QCOMPARE(RunPlanner::planUndo(run, none, *profiles, options).refusal,
             PlannedRun::Refusal::StillRunning);
    // Quiet for longer: interrupted.
    options.now = now.addSecs(RunPlanner::QuietSecs + 1);
    p = RunPlanner::planUndo(run, rows, *profiles, options);
    QVERIFY2(p.ok(), qPrintable(p.problem));
    QCOMPARE(p.plan.sendableIds(), (QStringList{u"a"_qs, u"c"_qs}));
    // A run that ended is never running, however recent.
    run.endedAt = now;
    options.now = now;
    QVERIFY(RunPlanner::planUndo(run, rows, *profiles, options).ok());
}

// A second undo: the history shows a restart of the run's streams since; refused with when,
// unless the operator says again.
void TestRunPlanner::secondUndoSaysWhenAndAsks()
{
    const QString path = m_dir.filePath(u"second-undo.db"_qs);
    History history(path);
    QVERIFY(history.isOpen());
    History::RunInfo info;
    info.profile = u"acme"_qs;
    info.appId = 111;
    info.endpoint = acme().endpoint().toString(QUrl::RemoveUserInfo);
    info.vendor = u"Ws"_qs;
    info.streamIds = {u"a"_qs, u"b"_qs};
    const qint64 stopId = history.beginRun(info);
    QList<StreamOutcome> outcomes;
    for (const QString &id : info.streamIds) {
        StreamOutcome o;
        o.streamId = id;
        o.status = StreamStatus::Succeeded;
        o.attempts = 1;
        outcomes.append(o);
    }
    history.endRun(stopId, outcomes, false);
    const std::optional<History::RunRecord> stop = history.run(stopId);
    QVERIFY(stop);
    const auto profiles = store({acme()});
    UndoOptions options;
    options.history = &history;
    PlannedRun p = RunPlanner::planUndo(*stop, history.streams(stopId), *profiles, options);
    QVERIFY2(p.ok(), qPrintable(p.problem)); // the first undo: nothing to ask

    info.action = RunAction::Start;
    const qint64 startId = history.beginRun(info);
    history.endRun(startId, outcomes, false);
    p = RunPlanner::planUndo(*stop, history.streams(stopId), *profiles, options);
    QCOMPARE(p.refusal, PlannedRun::Refusal::AlreadyRestarted);
    QVERIFY2(p.problem.contains(u"run %1 restarted"_qs.arg(startId)), qPrintable(p.problem));
    const QString when = history.run(startId)->startedAt.toLocalTime().toString(u"HH:mm"_qs);
    QVERIFY2(p.problem.contains(when), qPrintable(p.problem));
    options.again = true;
    p = RunPlanner::planUndo(*stop, history.streams(stopId), *profiles, options);
    QVERIFY2(p.ok(), qPrintable(p.problem));
    QCOMPARE(p.plan.sendableIds(), info.streamIds);
}

void TestRunPlanner::undoOfAPracticeRun()
{
    const auto profiles = store({});
    History::RunRecord run = stopRun(acme());
    run.profile = Run::practiceLabel();
    run.endpoint = u"http://127.0.0.1:1111/"_qs; // the simulator of an earlier session
    UndoOptions console;
    console.requireProfile = true;
    JobTarget practice;
    practice.endpoint = QUrl(u"http://127.0.0.1:2222/"_qs);
    practice.appId = 1234567890;
    console.practice = practice;
    const PlannedRun p = RunPlanner::planUndo(run, kStopped, *profiles, console);
    QVERIFY2(p.ok(), qPrintable(p.problem));
    QVERIFY(p.practice);
    QCOMPARE(p.plan.target.endpoint, practice.endpoint);
    QCOMPARE(p.plan.target.appId, 1234567890u);
    QCOMPARE(p.plan.label, Run::practiceLabel());
}

void TestRunPlanner::planFromMessyInput()
{
    // A pasted list with a repeat and an invalid ID, then --stream values repeating it.
    QList<StreamIds::Item> items = StreamIds::parse(u"a\nb\na\nbad\u0001id\n"_qs);
    items += RunPlanner::itemsFor({u" b "_qs, u"c"_qs, u"bad id!"_qs, u"c"_qs});
    RunRequest request;
    request.vendor = Vendor::Ws;
    request.endpoint = QUrl(u"http://127.0.0.1:9/"_qs);
    request.appId = 5;
    PlannedRun p = RunPlanner::plan(request, items);
    QVERIFY(p.ok());
    QCOMPARE(p.plan.items.size(), 8);
    using V = StreamIds::Verdict;
    const QList<V> verdicts{V::Ok,        V::Ok, V::Duplicate, V::Invalid,
                            V::Duplicate, V::Ok, V::Invalid,   V::Duplicate};
    for (int i = 0; i < verdicts.size(); ++i)
        QVERIFY2(p.plan.items.at(i).verdict == verdicts.at(i), qPrintable(QString::number(i)));
    QVERIFY(!p.plan.items.at(3).reason.isEmpty()); // the invalid ID keeps its reason
    QCOMPARE(p.plan.sendableIds(), (QStringList{u"a"_qs, u"b"_qs, u"c"_qs}));

    // Run takes the verdicts as given: the same IDs, counts and report rows.
    p.plan.record = false;
    p.plan.sends = false;
    Run run(p.plan);
    QVERIFY2(run.prepare(), qPrintable(run.problem()));
    QCOMPARE(run.sendableIds(), p.plan.sendableIds());
    QCOMPARE(run.duplicateCount(), 3);
    QCOMPARE(run.summary().requested, 5); // 3 sendable, 2 invalid
    QCOMPARE(run.summary().skipped, 2);
    const QList<StreamOutcome> rows = run.reportRows();
    QCOMPARE(rows.size(), 5);
    QCOMPARE(rows.at(2).streamId, u"bad\u0001id"_qs);
    QCOMPARE(rows.at(2).status, StreamStatus::Skipped);
}

void TestRunPlanner::planLabels()
{
    RunRequest fields;
    fields.vendor = Vendor::Tencent;
    fields.appId = 7;
    PlannedRun p = RunPlanner::plan(fields, {});
    QCOMPARE(p.plan.target.endpoint, Endpoint::defaultUrl());
    QCOMPARE(p.plan.label, u"no profile: https://rtc-api.zego.im/, AppId 7"_qs);
    QVERIFY(!p.profile);
    QCOMPARE(p.plan.options.callsPerSecond, Rate::Default);

    RunRequest withProfile;
    withProfile.action = RunAction::Start;
    withProfile.profile = acme();
    p = RunPlanner::plan(withProfile, {});
    QCOMPARE(p.plan.label, u"acme"_qs);
    QCOMPARE(p.plan.options.action, RunAction::Start); // not the profile's Stop
    QCOMPARE(p.plan.target.vendor, Vendor::Huawei);
    QCOMPARE(p.plan.options.batchSize, 7);

    withProfile.appId = 8;
    p = RunPlanner::plan(withProfile, {});
    QCOMPARE(p.plan.label,
             u"acme (with --endpoint/--app-id: no profile: https://rtc-api.zego.im/, AppId 8)"_qs);

    RunRequest practice;
    practice.endpoint = QUrl(u"http://127.0.0.1:9/"_qs);
    practice.label = Run::practiceLabel();
    QCOMPARE(RunPlanner::plan(practice, {}).plan.label, Run::practiceLabel());
}

void TestRunPlanner::dryRunIsWhatTheEngineSigns_data()
{
    QTest::addColumn<RunAction>("action");
    QTest::addColumn<bool>("isTest");
    QTest::newRow("stop") << RunAction::Stop << false;
    QTest::newRow("stop, IsTest") << RunAction::Stop << true;
    QTest::newRow("start for 2 h") << RunAction::Start << false;
}

void TestRunPlanner::dryRunIsWhatTheEngineSigns()
{
    QFETCH(RunAction, action);
    QFETCH(bool, isTest);
    // A port nobody listens on: each call is refused at once, after it was signed.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();

    QStringList ids;
    for (int i = 0; i < 23; ++i)
        ids << QStringLiteral("stream+%1&x#é").arg(i); // sendable, and encoded by hand
    RunRequest request;
    request.action = action;
    request.vendor = Vendor::Huawei;
    request.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port));
    request.appId = 1234567890;
    request.isTest = isTest;
    PlannedRun planned = RunPlanner::plan(request, RunPlanner::itemsFor(ids));
    planned.plan.options.batchSize = 10;
    planned.plan.options.callsPerSecond = 1000;
    planned.plan.options.startForSecs = 2 * 3600;

    FixedWallClock clock;
    Signer dryRunSigner(script());
    const QList<RunPlanner::DryCall> dry =
        RunPlanner::dryRun(planned.plan, dryRunSigner, FixedWallClock::kWall);
    QCOMPARE(dry.size(), 3);

    // The engine, with the same nonces and wall clock, signing with a real secret.
    JobTarget target = planned.plan.target;
    target.secret = u"0123456789abcdef0123456789abcdef"_qs;
    Signer jobSigner(script());
    RateLimiter limiter(&clock);
    Job job(target, planned.plan.sendableIds(), planned.plan.options);
    job.setClock(&clock);
    job.setSigner(&jobSigner);
    job.setRateLimiter(&limiter);
    QList<CallRecord> first;
    connect(&job, &Job::callStarted, this, [&](const CallRecord &call) {
        if (call.attempt == 1)
            first.append(call);
        if (first.size() == dry.size())
            job.cancel();
    });
    QSignalSpy done(&job, &Job::finished);
    job.start();
    QVERIFY(done.wait(20000));
    QCOMPARE(first.size(), dry.size());
    for (int i = 0; i < dry.size(); ++i) {
        QCOMPARE(dry.at(i).streamIds, first.at(i).streamIds);
        QCOMPARE(dry.at(i).url, first.at(i).redactedUrl);
        QVERIFY(dry.at(i).url.contains(u"Signature=REDACTED"_qs));
        QCOMPARE(dry.at(i).url.contains(u"IsTest=true"_qs), isTest);
        QCOMPARE(dry.at(i).url.contains(u"EndTime="_qs), action == RunAction::Start);
    }
}

QTEST_GUILESS_MAIN(TestRunPlanner)
#include "test_runplanner.moc"
