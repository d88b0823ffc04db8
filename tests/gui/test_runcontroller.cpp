// SPDX-License-Identifier: GPL-3.0-or-later
// The console's run use case without a window: the list (a StreamTableModel) becomes a plan, the
// plan a run against the practice simulator, the outcomes the rows' states; the secret asked
// for when the keyring has none (answered later, from the event loop), and the rules of Retry,
// Undo and Restart. The simulator keeps a recording state per stream: it judges the restarts.
#include "practiceendpoint.h"
#include "runcontroller.h"
#include "simgateway.h"
#include "streamtablemodel.h"
#include <app/application.h>
#include <store/history.h>
#include <store/profilestore.h>
#include <store/secretstore.h>

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace cdnrec;
using Life = RowState::Life;

class TestRunController : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<StreamTableModel> m_model;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<PracticeEndpoint> m_practice;
    std::unique_ptr<RunController> m_runs;

    RunController &runs() { return *m_runs; }
    StreamTableModel &model() { return *m_model; }
    Life lifeOf(const QString &id) { return runs().rowState(model().rowOf(id)).life; }
    QList<int> rowsOf(const QStringList &ids)
    {
        QList<int> rows;
        for (const QString &id : ids)
            rows.append(model().rowOf(id));
        return rows;
    }

    // Sends the plan and waits for the run to finish; false when it never started.
    bool sendAndWait(RunController::Plan plan)
    {
        QSignalSpy finished(m_runs.get(), &RunController::finished);
        runs().send(std::move(plan));
        return finished.count() > 0 || finished.wait(30000);
    }
    bool stop(const QStringList &ids, const QString &profile = QString())
    {
        std::optional<RunController::Plan> plan = runs().planStop(profile, Vendor::Tencent, ids);
        return plan && sendAndWait(std::move(*plan));
    }
    // A saved profile that signs at the practice simulator, as a customer's would at ZEGO.
    Profile practiceProfile(const QString &name)
    {
        Profile p;
        p.name = name;
        p.appId = m_practice->appId();
        p.region.clear();
        p.customEndpoint = m_practice->url();
        p.environment = Profile::Environment::Test;
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"cdnrec-test"_qs);
        QCoreApplication::setApplicationName(u"cdnrec-runcontroller"_qs);
        QSettings().clear();
        installTranslations(u"en"_qs); // English plural forms, as main() installs them
        for (const QString &suffix : {QString(), u"-wal"_qs, u"-shm"_qs})
            QFile::remove(History::defaultPath() + suffix);
    }
    void init()
    {
        m_model = std::make_unique<StreamTableModel>();
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(u"profiles.ini"_qs));
        m_secrets = std::make_unique<SecretStore>();
        m_secrets->setTimeout(5000);
        m_practice = std::make_unique<PracticeEndpoint>();
        QVERIFY(m_practice->start());
        m_runs = std::make_unique<RunController>(m_model.get(), m_profiles.get(), m_secrets.get(),
                                                 m_practice.get());
    }
    void cleanup()
    {
        if (runs().isRunning()) {
            QSignalSpy finished(m_runs.get(), &RunController::finished);
            runs().cancel();
            QVERIFY(finished.count() > 0 || finished.wait(10000));
        }
        m_runs.reset(); // the run and the history before the model they feed
        m_practice.reset();
        m_secrets.reset();
        m_profiles.reset();
        m_model.reset();
    }

    // A run a kill cut short is offered back: its streams not sent or not answered.
    void interruptedRunIsOffered()
    {
        {
            History h;
            QVERIFY(h.isOpen());
            History::RunInfo info;
            info.profile = u"acme-prod"_qs;
            info.appId = 7;
            info.streamIds = {u"cut-1"_qs, u"cut-2"_qs, u"cut-3"_qs};
            const qint64 run = h.beginRun(info);
            QVERIFY(run > 0);
            CallRecord call;
            call.callId = 1;
            call.streamIds = {u"cut-1"_qs};
            QVERIFY(h.recordCallSending(run, call));
        }
        const std::optional<RunController::Interrupted> offer = runs().interruptedRun();
        QVERIFY(offer);
        QCOMPARE(offer->ids, (QStringList{u"cut-1"_qs, u"cut-2"_qs, u"cut-3"_qs}));
        QVERIFY2(offer->question.text.contains(u"“acme-prod”"_qs),
                 qPrintable(offer->question.text));
        // (The English plural is formed by the .ts: "3 stream(s)" until it is refreshed.)
        QVERIFY2(offer->question.text.contains(u"3 stream"_qs) &&
                     offer->question.text.startsWith(u"The stop of "_qs),
                 qPrintable(offer->question.text));
        QVERIFY2(offer->question.accept.startsWith(u"Load 3 stream"_qs),
                 qPrintable(offer->question.accept));
        QCOMPARE(offer->action, RunAction::Stop);
        QCOMPARE(offer->profile, u"acme-prod"_qs);
        // Loaded, each as the history left it: the one in flight at the kill is Unknown.
        runs().loadInterrupted(*offer);
        QCOMPARE(model().rowCount(), 3);
        QCOMPARE(lifeOf(u"cut-1"_qs), Life::Unknown);
        QCOMPARE(lifeOf(u"cut-2"_qs), Life::NotSent);
        for (const QString &id : offer->ids) {
            const RowState s = runs().rowStateOf(id);
            QCOMPARE(s.action, RunAction::Stop);
            QCOMPARE(s.profile, u"acme-prod"_qs);
            QCOMPARE(s.runId, offer->runId);
            QVERIFY(s.stopTakes());
        }
    }

    // Selected, a stopped row is not taken by Stop: it is offered (`again`), never in `ids`;
    // the question names it and has the unchecked box; `all` keeps the list's order.
    void selectedStoppedRowIsOnlyOffered()
    {
        model().addText(u"sel-1 sel-2"_qs);
        QVERIFY(stop({u"sel-1"_qs, u"sel-2"_qs}));
        model().addText(u"sel-3"_qs);
        const RunController::StopSet set = runs().stopSet(rowsOf({u"sel-2"_qs}));
        QCOMPARE(set.ids, QStringList{u"sel-3"_qs});
        QCOMPARE(set.again, QStringList{u"sel-2"_qs});
        QCOMPARE(set.all, (QStringList{u"sel-2"_qs, u"sel-3"_qs}));
        std::optional<RunController::Plan> plan =
            runs().planStop(QString(), Vendor::Tencent, set.ids);
        QVERIFY(plan);
        const RunController::Question q = runs().stopQuestion(*plan, false, set.again);
        QVERIFY2(q.text.startsWith(u"Stop the CDN recording of 1 stream?"_qs), qPrintable(q.text));
        QVERIFY2(q.text.contains(u"Stopped: 1 (sel-2)"_qs), qPrintable(q.text));
        QCOMPARE(q.accept, u"Stop 1 recording"_qs);
        QVERIFY2(q.option.contains(u"(sel-2)"_qs), qPrintable(q.option));
        QVERIFY2(q.acceptAgain.startsWith(u"Stop 2 recording"_qs), qPrintable(q.acceptAgain));
        // Nothing selected: nothing offered, no box.
        QVERIFY(runs().stopSet({}).again.isEmpty());
        QVERIFY(runs().stopQuestion(*plan, false).option.isEmpty());
    }

    // The list becomes a plan and a run; each row's state is what the gateway answered.
    void stopFeedsTheRowsStates()
    {
        model().addText(u"rc-1 rc-2 fail-404-rc3 missing-rc4 bad\u0001id"_qs);
        QCOMPARE(lifeOf(u"rc-1"_qs), Life::Ready);
        QCOMPARE(lifeOf(u"bad\u0001id"_qs), Life::Invalid);
        const QStringList ids = runs().idsToStop(false);
        QCOMPARE(ids, (QStringList{u"rc-1"_qs, u"rc-2"_qs, u"fail-404-rc3"_qs, u"missing-rc4"_qs}));
        std::optional<RunController::Plan> plan = runs().planStop(QString(), Vendor::Huawei, ids);
        QVERIFY(plan);
        QVERIFY(!plan->profile); // Practice: the simulator's own secret, no keyring
        QCOMPARE(plan->run.target.endpoint, m_practice->url());
        QCOMPARE(plan->run.target.vendor, Vendor::Huawei);
        QCOMPARE(plan->run.options.callsPerSecond, 10.0); // Rate's default
        const RunController::Question q = runs().stopQuestion(*plan, false);
        QVERIFY2(q.text.startsWith(u"Stop the CDN recording of 4 streams?"_qs), qPrintable(q.text));
        QVERIFY2(q.text.contains(u"AppId: %1"_qs.arg(m_practice->appId())), qPrintable(q.text));
        QVERIFY2(q.text.contains(u"Huawei Cloud (Huawei)"_qs), qPrintable(q.text));
        QCOMPARE(q.accept, u"Stop 4 recordings"_qs);
        QVERIFY(sendAndWait(std::move(*plan)));

        QCOMPARE(lifeOf(u"rc-1"_qs), Life::Stopped);
        QCOMPARE(lifeOf(u"rc-2"_qs), Life::Stopped);
        QCOMPARE(lifeOf(u"fail-404-rc3"_qs), Life::FailedToStop);
        QCOMPARE(lifeOf(u"missing-rc4"_qs), Life::Unknown);
        QCOMPARE(lifeOf(u"bad\u0001id"_qs), Life::Invalid);
        const RowState s = runs().rowState(model().rowOf(u"rc-1"_qs));
        QCOMPARE(s.action, RunAction::Stop);
        QCOMPARE(s.vendor, Vendor::Huawei);
        QCOMPARE(s.profile, QString());
        QCOMPARE(s.runId, runs().run()->historyRunId());
        QVERIFY(s.runId > 0);
        QCOMPARE(runs().outcomeText(), u"Done: 2 stopped, 1 failed, 1 unknown, 0 not sent"_qs);
        QVERIFY2(QRegularExpression(u"^[1-9][0-9]* calls? in [0-9]+\\.[0-9] s$"_qs)
                     .match(runs().callsText())
                     .hasMatch(),
                 qPrintable(runs().callsText()));
        // What each action takes now.
        QCOMPARE(runs().idsToStop(true), (QStringList{u"fail-404-rc3"_qs, u"missing-rc4"_qs}));
        QCOMPARE(runs().undoableIds(), (QStringList{u"rc-1"_qs, u"rc-2"_qs}));
        QVERIFY(!runs().retryOfRestart()); // the last run was a stop
        // The export says what the rows say (an invalid ID as invalid, with its reason).
        int rows = 0;
        const QJsonObject doc =
            QJsonDocument::fromJson(runs().exportDocument(true, &rows)).object();
        QCOMPARE(rows, 5);
        QCOMPARE(doc.value(u"action"_qs).toString(), u"stop"_qs);
        QCOMPARE(doc.value(u"summary"_qs).toObject().value(u"stopped"_qs).toInt(), 2);
        QCOMPARE(doc.value(u"summary"_qs).toObject().value(u"invalid"_qs).toInt(), 1);
        // After the run, Stop takes only what is left: the failed and the unknown.
        QCOMPARE(runs().idsToStop(false), (QStringList{u"fail-404-rc3"_qs, u"missing-rc4"_qs}));
    }

    // Undo restarts what the stop stopped, where it stopped it; the rows then record.
    void undoRestartsWhatTheStopStopped()
    {
        model().addText(u"un-1 un-2 fail-404-un3"_qs);
        QVERIFY(stop(runs().idsToStop(false)));
        const QStringList undoable = runs().undoableIds();
        QCOMPARE(undoable, (QStringList{u"un-1"_qs, u"un-2"_qs}));
        // Restart takes only the rows shown Stopped.
        QCOMPARE(runs().restartableRows(rowsOf({u"un-1"_qs, u"fail-404-un3"_qs})),
                 rowsOf({u"un-1"_qs}));
        const std::optional<RunController::Restart> restart = runs().restartOf(rowsOf(undoable));
        QVERIFY(restart);
        QCOMPARE(restart->ids, undoable);
        QCOMPARE(restart->profile, QString());
        std::optional<RunController::Plan> plan = runs().planRestart(*restart);
        QVERIFY(plan);
        QCOMPARE(plan->run.options.action, RunAction::Start);
        plan->run.options.startForSecs = 3600;
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        QVERIFY(sendAndWait(std::move(*plan)));
        for (const QString &id : undoable) {
            const RowState s = runs().rowState(model().rowOf(id));
            QCOMPARE(s.life, Life::Restarted);
            QCOMPARE(s.action, RunAction::Start);
            QVERIFY(s.endTime >= before + 3600 - 120 && s.endTime <= before + 3600 + 120);
            QVERIFY(m_practice->gateway()->isRecording(id));
            QCOMPARE(m_practice->gateway()->recordingUntil(id), s.endTime);
        }
        QCOMPARE(lifeOf(u"fail-404-un3"_qs), Life::FailedToStop); // not part of the restart
        QVERIFY(runs().undoableIds().isEmpty());
        QVERIFY(runs().restartableRows(rowsOf(undoable)).isEmpty());
        QVERIFY2(runs().outcomeText().startsWith(u"Done: 2 restarted"_qs),
                 qPrintable(runs().outcomeText()));
    }

    // A restart of a stream that records already: the vendor's 409 reads "Already recording",
    // not a red failure to take to ZEGO support; Retry does not take it.
    void restartOfARecordingStreamSaysAlreadyRecording()
    {
        model().addText(u"al-1"_qs); // never stopped: the simulator has it recording
        std::optional<RunController::Plan> plan =
            runs().planRestart({{u"al-1"_qs}, QString(), Vendor::Tencent});
        QVERIFY(plan);
        QVERIFY(sendAndWait(std::move(*plan)));
        QCOMPARE(model().outcomeAt(0).code, u"FailedOperation.409"_qs);
        const RowState s = runs().rowState(0);
        QCOMPARE(s.life, Life::Restarted);
        QVERIFY(s.alreadyRecording);
        QCOMPARE(s.key(), u"already_recording"_qs);
        QCOMPARE(model().index(0, StreamTableModel::StatusColumn).data().toString(),
                 u"Already recording"_qs);
        const QString message = model().index(0, StreamTableModel::MessageColumn).data().toString();
        QVERIFY2(message.contains(u"already being recorded"_qs), qPrintable(message));
        QVERIFY2(!message.contains(u"support"_qs), qPrintable(message));
        QCOMPARE(model().needsRetryCount(), 0);
        QVERIFY(!runs().retryOfRestart());
        QVERIFY(runs().idsToStop(false).isEmpty());
    }

    // A restart that fails is retried as a restart, never as a stop.
    void failedRestartIsRetriedAsARestart()
    {
        model().addText(u"fail-404-rr1 rr-2"_qs);
        // The simulator fails fail-404-* whatever the action: stop it as the first run would
        // have, then restart both: one fails to restart.
        QVERIFY(stop({u"rr-2"_qs}));
        std::optional<RunController::Plan> plan =
            runs().planRestart({{u"fail-404-rr1"_qs, u"rr-2"_qs}, QString(), Vendor::Tencent});
        QVERIFY(plan);
        QVERIFY(sendAndWait(std::move(*plan)));
        QCOMPARE(lifeOf(u"fail-404-rr1"_qs), Life::FailedToRestart);
        QCOMPARE(lifeOf(u"rr-2"_qs), Life::Restarted);
        QVERIFY(runs().idsToStop(true).isEmpty()); // no stop failed
        const std::optional<RunController::Restart> retry = runs().retryOfRestart();
        QVERIFY(retry);
        QCOMPARE(retry->ids, QStringList{u"fail-404-rr1"_qs});
    }

    // Rows of two profiles are not restarted together.
    void restartOfMixedProfilesIsRefused()
    {
        m_secrets->setSessionSecret(u"rc-p"_qs, m_practice->secret());
        QVERIFY(m_profiles->add(practiceProfile(u"rc-p"_qs)).isEmpty());
        model().addText(u"mx-1 mx-2"_qs);
        QVERIFY(stop({u"mx-1"_qs}));
        QVERIFY(stop({u"mx-2"_qs}, u"rc-p"_qs));
        QCOMPARE(runs().rowState(model().rowOf(u"mx-2"_qs)).profile, u"rc-p"_qs);
        QSignalSpy problem(m_runs.get(), &RunController::problem);
        QVERIFY(!runs().restartOf(rowsOf({u"mx-1"_qs, u"mx-2"_qs})));
        QCOMPARE(problem.count(), 1);
        QVERIFY(problem.first().first().toString().contains(u"different profiles"_qs));
        QVERIFY(runs().restartOf(rowsOf({u"mx-2"_qs})));
    }

    // The keyring has no secret: the controller asks and waits, without a loop of its own; the
    // answer comes later from the event loop. No answer: nothing is sent, and it says why.
    void secretIsAskedWhenTheKeyringHasNone()
    {
        QVERIFY(m_profiles->add(practiceProfile(u"rc-asked"_qs)).isEmpty());
        model().addText(u"sk-1"_qs);
        QSignalSpy asked(m_runs.get(), &RunController::secretNeeded);
        QSignalSpy notSent(m_runs.get(), &RunController::notSent);
        QSignalSpy problem(m_runs.get(), &RunController::problem);
        std::optional<RunController::Plan> plan =
            runs().planStop(u"rc-asked"_qs, Vendor::Tencent, {u"sk-1"_qs});
        QVERIFY(plan && plan->profile);
        runs().send(*plan);
        QVERIFY(!runs().run()); // the keyring is being read: nothing sent yet
        QTRY_COMPARE_WITH_TIMEOUT(asked.count(), 1, 10000);
        QCOMPARE(asked.first().at(0).toString(), u"rc-asked"_qs);
        QVERIFY(!asked.first().at(1).toString().isEmpty());
        runs().send(*plan); // a second Stop while the question is open sends nothing
        QCOMPARE(asked.count(), 1);
        runs().answerSecret(QString()); // cancelled
        QCOMPARE(notSent.count(), 1);
        QVERIFY(problem.last().first().toString().startsWith(
            u"Not sent: no ServerSecret for “rc-asked”."_qs));
        QVERIFY(!runs().run());
        QCOMPARE(lifeOf(u"sk-1"_qs), Life::Ready);

        // Asked again, answered a moment later: the run goes, the secret kept for the session.
        runs().send(std::move(*plan));
        QTRY_COMPARE_WITH_TIMEOUT(asked.count(), 2, 10000);
        // An ID added while the secret is asked for is not in this run: it waits, and is said.
        model().addText(u"sk-late"_qs);
        QSignalSpy finished(m_runs.get(), &RunController::finished);
        QTimer::singleShot(50, m_runs.get(), [this] { runs().answerSecret(m_practice->secret()); });
        QVERIFY(finished.count() > 0 || finished.wait(30000));
        QCOMPARE(lifeOf(u"sk-1"_qs), Life::Stopped);
        QCOMPARE(lifeOf(u"sk-late"_qs), Life::Ready);
        QVERIFY(runs().rowStateOf(u"sk-late"_qs).late);
        QVERIFY2(runs().outcomeText().contains(u"1 added during the run"_qs),
                 qPrintable(runs().outcomeText()));
        QVERIFY(m_secrets->hasSessionSecret(u"rc-asked"_qs));
    }

    // Undo of a history run: only under a saved profile that still signs where the run went
    // (the run's AppId and endpoint), or Practice for a practice run; refused in words otherwise.
    void historyUndoUnderTheRunsAppIdAndEndpointOnly()
    {
        m_secrets->setSessionSecret(u"rc-h"_qs, m_practice->secret());
        QVERIFY(m_profiles->add(practiceProfile(u"rc-h"_qs)).isEmpty());
        model().addText(u"hu-1 hu-2 hu-3"_qs);
        QVERIFY(stop({u"hu-1"_qs, u"hu-2"_qs}, u"rc-h"_qs));
        const qint64 profileRun = runs().run()->historyRunId();
        QVERIFY(stop({u"hu-3"_qs})); // Practice, for the second case
        const qint64 practiceRun = runs().run()->historyRunId();
        model().clearAll();
        runs().forgetRows();

        // The same profile, still signing there: planned with it, the streams back in the list.
        std::optional<RunController::Plan> plan = runs().planUndoOf(profileRun, Vendor::Huawei);
        QVERIFY(plan);
        QCOMPARE(plan->profileName(), u"rc-h"_qs);
        QCOMPARE(plan->run.options.action, RunAction::Start);
        QCOMPARE(plan->run.target.vendor, Vendor::Tencent); // as the streams were stopped
        QCOMPARE(plan->run.sendableIds(), (QStringList{u"hu-1"_qs, u"hu-2"_qs}));
        QCOMPARE(model().rowCount(), 2);

        // A practice run: restarted at this process's simulator, no profile needed.
        plan = runs().planUndoOf(practiceRun, Vendor::Tencent);
        QVERIFY(plan);
        QVERIFY(!plan->profile);
        QCOMPARE(plan->run.target.endpoint, m_practice->url());
        QCOMPARE(plan->run.sendableIds(), QStringList{u"hu-3"_qs});

        // The profile now signs for another AppId: refused, and said.
        Profile moved = practiceProfile(u"rc-h"_qs);
        moved.appId = 42;
        QVERIFY(m_profiles->update(u"rc-h"_qs, moved).isEmpty());
        QSignalSpy problem(m_runs.get(), &RunController::problem);
        QVERIFY(!runs().planUndoOf(profileRun, Vendor::Tencent));
        QCOMPARE(problem.count(), 1);
        const QString said = problem.first().first().toString();
        QVERIFY2(said.contains(u"now signs in with AppId 42"_qs), qPrintable(said));
        QVERIFY2(said.contains(u"cdnrec undo %1"_qs.arg(profileRun)), qPrintable(said));

        // Gone altogether: refused too.
        QVERIFY(m_profiles->remove(u"rc-h"_qs).isEmpty());
        QVERIFY(!runs().planUndoOf(profileRun, Vendor::Tencent));
        QVERIFY2(problem.last().first().toString().contains(u"not a saved profile here"_qs),
                 qPrintable(problem.last().first().toString()));
    }

    // A cancelled run: what was not sent says so, and is stopped by the next Stop.
    void cancelLeavesRowsNotSent()
    {
        QString text;
        for (int i = 0; i < 300; ++i)
            text += QStringLiteral("cn%1 ").arg(i);
        model().addText(text);
        std::optional<RunController::Plan> plan =
            runs().planStop(QString(), Vendor::Tencent, runs().idsToStop(false));
        QVERIFY(plan);
        QSignalSpy finished(m_runs.get(), &RunController::finished);
        runs().send(std::move(*plan));
        QVERIFY(runs().isRunning());
        QTRY_VERIFY(runs().run()->doneCount() >= 20);
        runs().cancel();
        QVERIFY(finished.count() > 0 || finished.wait(30000));
        int notSent = 0;
        for (int r = 0; r < model().rowCount(); ++r) {
            const Life life = runs().rowState(r).life;
            QVERIFY(life != Life::Ready && life != Life::Sending);
            notSent += life == Life::NotSent;
        }
        QVERIFY(notSent > 100);
        QVERIFY2(runs().outcomeText().startsWith(u"Cancelled:"_qs),
                 qPrintable(runs().outcomeText()));
    }
};

QTEST_MAIN(TestRunController)
#include "test_runcontroller.moc"
