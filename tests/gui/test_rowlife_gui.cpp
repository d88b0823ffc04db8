// SPDX-License-Identifier: GPL-3.0-or-later
// A row's life in the console (issue 22), driven by keys and real dialogs against the practice
// simulator, whose recording state per stream is the judge: an export after a restart says
// "started", never "stopped"; an interrupted restart comes back as a restart under its run's
// profile; an ID added during a run waits and is said; Stop after a run sends only what was not
// sent; an undo is refused while the stop runs and under another AppId.
#include "guitest.h"
#include "historydialog.h"
#include "mainwindow.h"
#include "practiceendpoint.h"
#include "restartdialog.h"
#include "runcontroller.h"
#include "simgateway.h"
#include "streamfilterproxy.h"
#include "streamidedit.h"
#include "streamtablemodel.h"
#include "teststep.h"
#include <app/application.h>
#include <model/callrecord.h>
#include <store/history.h>
#include <store/profilestore.h>
#include <store/secretstore.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTime>
#include <QTimeEdit>

using namespace cdnrec;
using Life = RowState::Life;

class TestRowLifeGui : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    std::shared_ptr<int> m_offers = std::make_shared<int>(0); // questions offeredAtStart() saw

    MainWindow &window() { return *m_window; }
    StreamTableModel &model() { return *m_window->model(); }
    SimGateway *gateway() { return window().practice()->gateway(); }
    QLineEdit *idField() { return window().findChild<StreamIdEdit *>(); }
    RowState stateOf(const QString &id) { return window().runs()->rowStateOf(id); }
    QString statusText(const QString &id)
    {
        return model().index(model().rowOf(id), StreamTableModel::StatusColumn).data().toString();
    }
    int stat(const char *key) { return gateway()->stats().value(QLatin1String(key)).toInt(); }

    void newWindow()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1280, 760);
        m_window->show();
        activate();
    }
    void activate()
    {
        // What a window manager does when a dialog closes (the offscreen platform does not).
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    // Answers the next question box with its accepting button; *text gets what it said.
    std::shared_ptr<const test::ModalAnswer> acceptQuestion(std::shared_ptr<QString> text = {},
                                                            const QString &shot = QString())
    {
        return test::whenModal([text, shot](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (!box)
                return false;
            if (text)
                *text = box->text();
            if (!shot.isEmpty() && !test::shoot(box, shot))
                QTest::qFail("the screenshot of the question was not saved", __FILE__, __LINE__);
            for (QAbstractButton *b : box->buttons()) {
                if (box->buttonRole(b) == QMessageBox::AcceptRole) {
                    b->click();
                    return true;
                }
            }
            return false;
        });
    }
    // Answers the next RestartDialog with Alt+R (24 hours, its default).
    std::shared_ptr<const test::ModalAnswer> acceptRestart()
    {
        return test::whenModal([](QWidget *modal) {
            auto *dialog = qobject_cast<RestartDialog *>(modal);
            if (!dialog)
                return false;
            QTest::keyClick(dialog, Qt::Key_R, Qt::AltModifier);
            return true;
        });
    }

    // Rejects a RestartDialog that should never come (a test then fails, never hangs); true in
    // the flag when one came. (Other modal windows, the History window, are let be.)
    std::shared_ptr<bool> noRestartDialog()
    {
        auto came = std::make_shared<bool>(false);
        test::whenModal([came](QWidget *modal) {
            auto *dialog = qobject_cast<RestartDialog *>(modal);
            if (dialog) {
                *came = true;
                dialog->reject();
            }
            return dialog != nullptr;
        });
        return came;
    }

    // Types the IDs into the field with Enter (nothing else).
    void type(const QStringList &ids)
    {
        idField()->setFocus();
        QTest::keyClicks(idField(), ids.join(u' '));
        QTest::keyClick(idField(), Qt::Key_Return);
    }
    // An interrupted stop in the history, as a killed process leaves it.
    qint64 interruptedStop(const QStringList &ids)
    {
        History h;
        History::RunInfo info;
        info.action = RunAction::Stop;
        info.profile = Run::practiceLabel();
        info.appId = 1;
        info.endpoint = u"http://127.0.0.1:1/"_qs;
        info.vendor = u"Tencent"_qs;
        info.streamIds = ids;
        return h.beginRun(info);
    }
    // Makes the interrupted-run offer as a start does; true when a question came (declined).
    // (A handler left waiting by an earlier call may be the one that sees it: all count here.)
    bool offeredAtStart()
    {
        m_window.reset();
        newWindow();
        const int before = *m_offers;
        test::whenModal([offers = m_offers](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (box) {
                ++*offers;
                box->reject();
            }
            return box != nullptr;
        });
        window().offerInterruptedRun();
        return *m_offers > before;
    }
    // Selects the row of `id` alone, the list focused (a click to read its details).
    void selectOnly(const QString &id)
    {
        QTableView *table = window().table();
        table->setFocus();
        table->selectionModel()->clearSelection();
        const QModelIndex index =
            window().proxy()->mapFromSource(model().index(model().rowOf(id), 0));
        table->selectionModel()->select(index,
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    // Answers the next Stop question that has a check box: checks it or not, then accepts;
    // *text and *option get what they said; `shot` saves a picture (checked as answered).
    std::shared_ptr<const test::ModalAnswer> answerStop(std::shared_ptr<QString> text,
                                                        std::shared_ptr<QString> option, bool check,
                                                        const QString &shot = QString())
    {
        return test::whenModal([=](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (!box || !box->checkBox())
                return false;
            *text = box->text();
            *option = box->checkBox()->text();
            if (box->checkBox()->isChecked())
                QTest::qFail("the box to send again was checked", __FILE__, __LINE__);
            if (check)
                QTest::mouseClick(box->checkBox(), Qt::LeftButton);
            if (!shot.isEmpty() && !test::shoot(box, shot))
                QTest::qFail("the screenshot of the question was not saved", __FILE__, __LINE__);
            for (QAbstractButton *b : box->buttons()) {
                if (box->buttonRole(b) == QMessageBox::AcceptRole) {
                    b->click();
                    return true;
                }
            }
            return false;
        });
    }
    // Ctrl+Enter, the question accepted; waits for the run. Call it through TEST_STEP.
    void stopByKeys(std::shared_ptr<QString> question = {})
    {
        Run *before = window().currentRun();
        const auto asked = acceptQuestion(question);
        QTest::keyClick(idField(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY2(asked->answered, "Ctrl+Enter asked nothing");
        QTRY_VERIFY_WITH_TIMEOUT(window().currentRun() != before && window().currentRun() &&
                                     window().currentRun()->isFinished(),
                                 30000);
        activate();
    }
    void waitForRun(RunAction action)
    {
        QTRY_VERIFY_WITH_TIMEOUT(window().currentRun() &&
                                     window().currentRun()->action() == action &&
                                     window().currentRun()->isFinished(),
                                 30000);
        activate();
    }
    // A saved profile that signs at the practice simulator, its secret for the session.
    void addPracticeProfile(const QString &name)
    {
        QVERIFY(window().practice()->start());
        Profile p;
        p.name = name;
        p.appId = window().practice()->appId();
        p.region.clear();
        p.customEndpoint = window().practice()->url();
        p.environment = Profile::Environment::Test;
        QVERIFY(window().profiles()->add(p).isEmpty());
        window().secrets()->setSessionSecret(name, window().practice()->secret());
    }
    // Ctrl+H, the newest run selected, Restart clicked. Call it through TEST_STEP.
    void restartNewestRunFromHistory()
    {
        QTest::keyClick(&window(), Qt::Key_H, Qt::ControlModifier);
        HistoryDialog *history = nullptr;
        QTRY_VERIFY((history = window().findChild<HistoryDialog *>()) && history->isVisible());
        QTRY_VERIFY(history->runsTable()->rowCount() > 0);
        history->selectRun(0);
        QTRY_VERIFY(!history->isLoading() && history->restartButton()->isEnabled());
        QTest::mouseClick(history->restartButton(), Qt::LeftButton);
        QTRY_VERIFY(!history->isVisible());
        history->deleteLater();
        activate();
    }
    // The JSON and CSV that Ctrl+S writes, through the file dialog, by keys.
    QByteArray exportByKeys(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        const auto typed = test::whenModal([path](QWidget *modal) {
            if (!qobject_cast<QFileDialog *>(modal))
                return false;
            auto *field = qobject_cast<QLineEdit *>(QApplication::focusWidget());
            if (!field)
                return false;
            field->clear();
            QTest::keyClicks(field, path);
            QTest::keyClick(field, Qt::Key_Return);
            return true;
        });
        QTest::keyClick(&window(), Qt::Key_S, Qt::ControlModifier);
        if (!typed->answered)
            return {};
        activate();
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"cdnrec-test"_qs);
        QCoreApplication::setApplicationName(u"cdnrec-rowlife"_qs);
        QSettings().clear();
        installTranslations(u"en"_qs);
    }
    void init() { newWindow(); }
    void cleanup()
    {
        if (Job *job = m_window ? m_window->job() : nullptr; job && job->isRunning()) {
            m_window->cancelStop();
            QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 30000);
        }
        m_window.reset();
        // Each test its own history: an earlier test's runs are not the next one's.
        QFile::remove(History::defaultPath());
        QFile::remove(History::defaultPath() + u"-wal"_qs);
        QFile::remove(History::defaultPath() + u"-shm"_qs);
        installTranslations(u"en"_qs);
    }

    // Major 1: stop, Ctrl+Z, restart; Ctrl+S to JSON and CSV: "started" with its end time, the
    // action, run and profile; never "stopped".
    void exportAfterARestart()
    {
        type({u"exp-1"_qs, u"exp-2"_qs});
        TEST_STEP(stopByKeys());
        const auto restarted = acceptRestart();
        QTest::keyClick(idField(), Qt::Key_Z, Qt::ControlModifier);
        TEST_STEP(waitForRun(RunAction::Start));
        QVERIFY(restarted->answered);
        const qint64 runId = window().currentRun()->historyRunId();
        QVERIFY(runId > 0);

        const QJsonObject doc = QJsonDocument::fromJson(exportByKeys(u"after.json"_qs)).object();
        QCOMPARE(doc.value(u"action"_qs).toString(), u"start"_qs);
        const QJsonObject summary = doc.value(u"summary"_qs).toObject();
        QCOMPARE(summary.value(u"started"_qs).toInt(), 2);
        QCOMPARE(summary.value(u"stopped"_qs).toInt(), 0);
        const QJsonArray streams = doc.value(u"streams"_qs).toArray();
        QCOMPARE(streams.size(), 2);
        for (const QJsonValue &v : streams) {
            const QJsonObject s = v.toObject();
            const QString id = s.value(u"stream_id"_qs).toString();
            QVERIFY2(gateway()->isRecording(id), qPrintable(id));
            QCOMPARE(s.value(u"status"_qs).toString(), u"started"_qs);
            QCOMPARE(s.value(u"action"_qs).toString(), u"start"_qs);
            QCOMPARE(qint64(s.value(u"end_time"_qs).toDouble()), gateway()->recordingUntil(id));
            QCOMPARE(qint64(s.value(u"run"_qs).toDouble()), runId);
            QCOMPARE(s.value(u"profile"_qs).toString(), Run::practiceLabel());
        }
        // The details say which run set the row's state, and when it answered.
        window().table()->selectRow(
            window().proxy()->mapFromSource(model().index(model().rowOf(u"exp-1"_qs), 0)).row());
        QVERIFY2(window().detailsText().contains(u"run %1, a restart"_qs.arg(runId)) &&
                     window().detailsText().contains(u"Answered at:"_qs),
                 qPrintable(window().detailsText()));
        const QByteArray csv = exportByKeys(u"after.csv"_qs);
        // The CSV's end time as a person reads it (ISO 8601 with the offset, local time).
        const QDateTime until =
            QDateTime::fromSecsSinceEpoch(gateway()->recordingUntil(u"exp-1"_qs));
        const QByteArray line =
            "exp-1,start,started," +
            until.toOffsetFromUtc(until.offsetFromUtc()).toString(Qt::ISODate).toUtf8() + ',';
        QVERIFY2(csv.contains(line), csv.constData());
        QVERIFY2(!csv.contains(",stopped,"), csv.constData());
    }

    // Major 2: a restart cut short (its process died) under the profile "p-run" is offered as
    // a restart, reloaded under "p-run" (Practice is the current profile), and restarted there.
    void interruptedRestartReloadedAsARestart()
    {
        TEST_STEP(addPracticeProfile(u"p-run"_qs));
        QVERIFY(window().selectProfile(u"p-run"_qs));
        type({u"ir-1"_qs, u"ir-2"_qs, u"ir-3"_qs});
        TEST_STEP(stopByKeys());
        for (const QString &id : {u"ir-1"_qs, u"ir-2"_qs, u"ir-3"_qs})
            QVERIFY(!gateway()->isRecording(id));
        const qint64 stopRun = window().currentRun()->historyRunId();
        {
            // The restart that died: ir-1 in flight, ir-2 and ir-3 never sent.
            History h;
            const std::optional<History::RunRecord> stop = h.run(stopRun);
            QVERIFY(stop);
            History::RunInfo info;
            info.action = RunAction::Start;
            info.profile = u"p-run"_qs;
            info.appId = stop->appId;
            info.endpoint = stop->endpoint;
            info.vendor = stop->vendor;
            info.streamIds = {u"ir-1"_qs, u"ir-2"_qs, u"ir-3"_qs};
            const qint64 run = h.beginRun(info);
            CallRecord call;
            call.callId = 1;
            call.streamIds = {u"ir-1"_qs};
            QVERIFY(h.recordCallSending(run, call));
        }
        // (The same window: its simulator keeps the streams' state, and "p-run" signs there.)
        QVERIFY(window().selectProfile(QString())); // Practice now
        auto question = std::make_shared<QString>();
        const auto offered = acceptQuestion(question, u"rowlife-interrupted-restart"_qs);
        const auto restarted = acceptRestart();
        window().offerInterruptedRun();
        QVERIFY(offered->answered);
        QVERIFY2(question->startsWith(u"The restart of "_qs) && question->contains(u"“p-run”"_qs),
                 qPrintable(*question));
        TEST_STEP(waitForRun(RunAction::Start));
        QVERIFY(restarted->answered);
        QCOMPARE(window().currentRun()->plan().label, u"p-run"_qs);
        for (const QString &id : {u"ir-1"_qs, u"ir-2"_qs, u"ir-3"_qs}) {
            QVERIFY2(gateway()->isRecording(id), qPrintable(id));
            QVERIFY2(stateOf(id).life == Life::Restarted,
                     qPrintable(id + u": "_qs + statusText(id) + u" " +
                                model().outcomeAt(model().rowOf(id)).message));
            QCOMPARE(stateOf(id).profile, u"p-run"_qs);
        }
        QCOMPARE(window().currentProfile(), QString()); // the current profile is left alone
        QCOMPARE(stat("streamsStopped"), 3);            // nothing was stopped again
    }

    // Major 2, the refused undo: a restart that sent nothing comes back as a restart (its
    // rows not sent, waiting to restart), never as stops; Cancel on the restart leaves them so.
    void refusedUndoIsNotOfferedAsStops()
    {
        {
            History h;
            History::RunInfo info;
            info.action = RunAction::Start;
            info.profile = Run::practiceLabel();
            info.appId = 1;
            info.endpoint = u"http://127.0.0.1:1/"_qs;
            info.vendor = u"Tencent"_qs;
            info.streamIds = {u"ref-1"_qs, u"ref-2"_qs};
            QVERIFY(h.beginRun(info) > 0);
        }
        m_window.reset();
        newWindow();
        auto question = std::make_shared<QString>();
        const auto offered = acceptQuestion(question);
        const auto cancelled = test::whenModal([](QWidget *modal) {
            auto *dialog = qobject_cast<RestartDialog *>(modal);
            if (dialog)
                dialog->reject();
            return dialog != nullptr;
        });
        window().offerInterruptedRun();
        QVERIFY(offered->answered);
        QVERIFY(cancelled->answered);
        QVERIFY2(question->startsWith(u"The restart of "_qs), qPrintable(*question));
        for (const QString &id : {u"ref-1"_qs, u"ref-2"_qs}) {
            QCOMPARE(stateOf(id).action, RunAction::Start);
            QVERIFY(!stateOf(id).stopTakes());
            QVERIFY(stateOf(id).restartable());
        }
        QVERIFY(window().runs()->idsToStop(false).isEmpty());
        QVERIFY(window().runs()->retryOfRestart());
    }

    // Loaded, the offer's rows are counted in the status line; answered (loaded or declined),
    // the offer is not made again at the next start.
    void interruptedRunOfferedOnce()
    {
        QVERIFY(interruptedStop({u"once-1"_qs, u"once-2"_qs, u"once-3"_qs}) > 0);
        m_window.reset();
        newWindow();
        const auto loaded = acceptQuestion();
        window().offerInterruptedRun();
        QVERIFY(loaded->answered);
        QCOMPARE(model().rowCount(), 3);
        QVERIFY2(window().summaryText().contains(u"3 streams in the list"_qs),
                 qPrintable(window().summaryText()));
        QVERIFY(!offeredAtStart());

        QVERIFY(interruptedStop({u"twice-1"_qs}) > 0);
        QVERIFY(offeredAtStart()); // a new run is offered (and declined)
        QVERIFY(!offeredAtStart());
    }

    // Major 3: an ID typed while 11 streams are stopped waits; the end says so; Ctrl+Enter then
    // stops it alone.
    void anIdAddedMidRun()
    {
        QStringList ids;
        for (int i = 1; i <= 10; ++i)
            ids << u"mid-%1"_qs.arg(i);
        ids << u"slow1500-mid-11"_qs; // its call answers after 1.5 s: the run goes on meanwhile
        type(ids);
        const auto asked = acceptQuestion();
        QTest::keyClick(idField(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(asked->answered);
        QTRY_VERIFY(window().currentRun() && window().currentRun()->isRunning());
        activate();
        type({u"late-added-1"_qs});
        QVERIFY(window().currentRun()->isRunning());
        TEST_STEP(waitForRun(RunAction::Stop));
        QVERIFY2(window().summaryText().contains(u"1 added during the run, not sent"_qs),
                 qPrintable(window().summaryText()));
        QCOMPARE(statusText(u"late-added-1"_qs), u"Added during the run"_qs);
        QVERIFY(test::shoot(&window(), u"rowlife-late-waits"_qs));
        QVERIFY(gateway()->isRecording(u"late-added-1"_qs));
        QCOMPARE(stat("streamsStopped"), 11);

        auto question = std::make_shared<QString>();
        TEST_STEP(stopByKeys(question));
        QVERIFY2(question->startsWith(u"Stop the CDN recording of 1 stream"_qs),
                 qPrintable(*question));
        QVERIFY2(question->contains(u"Added during the run: 1 (late-added-1)"_qs),
                 qPrintable(*question));
        QVERIFY(!gateway()->isRecording(u"late-added-1"_qs));
        QCOMPARE(stat("streamsStopped"), 12);
        QVERIFY(test::shoot(&window(), u"rowlife-after-late"_qs));
        QCOMPARE(stateOf(u"late-added-1"_qs).life, Life::Stopped);
    }

    // Major 4: after a run, Stop sends only what was not sent, failed or unknown; a stopped or
    // restarted row goes again only when selected, and the question names it.
    void stopAfterARunSendsOnlyTheUnsent()
    {
        type({u"un-1"_qs, u"un-2"_qs, u"fail-7-un3"_qs});
        TEST_STEP(stopByKeys());
        QCOMPARE(stat("streamsStopped"), 2);
        const int calls = stat("calls");
        type({u"un-4"_qs});
        auto question = std::make_shared<QString>();
        TEST_STEP(stopByKeys(question));
        QVERIFY2(question->startsWith(u"Stop the CDN recording of 2 stream"_qs),
                 qPrintable(*question));
        QVERIFY2(question->contains(u"Not sent: 1 (un-4)"_qs), qPrintable(*question));
        QVERIFY2(question->contains(u"Stop failed: 1 (fail-7-un3)"_qs), qPrintable(*question));
        QVERIFY2(!question->contains(u"un-1"_qs), qPrintable(*question));
        QCOMPARE(stat("streamsStopped"), 3); // un-4 only; fail-7-un3 fails again
        QVERIFY(stat("calls") > calls);
        QCOMPARE(window().currentRun()->sendableIds(), (QStringList{u"fail-7-un3"_qs, u"un-4"_qs}));

        // Selected (to read its details), a stopped row is left out of a plain Stop: the
        // question says so and how to include it, and the box that would is unchecked.
        selectOnly(u"un-1"_qs);
        auto option = std::make_shared<QString>();
        auto asked = answerStop(question, option, false, u"rowlife-stop-left-out"_qs);
        QTest::keyClick(window().table(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(asked->answered);
        // (The plural of "stream(s)" comes with the translations; the words around it are checked.)
        QVERIFY2(
            question->contains(u"Left out: 1 selected stream"_qs) &&
                question->contains(u"Check the box below to send again.\nStopped: 1 (un-1)"_qs),
            qPrintable(*question));
        QVERIFY2(option->startsWith(u"Also send again the 1 selected stream"_qs) &&
                     option->endsWith(u"sent already (un-1)"_qs),
                 qPrintable(*option));
        TEST_STEP(waitForRun(RunAction::Stop));
        QCOMPARE(window().currentRun()->sendableIds(), (QStringList{u"fail-7-un3"_qs}));
        QCOMPARE(stateOf(u"un-1"_qs).life, Life::Stopped);

        // The box checked: the operator chose to send it again, and it goes.
        selectOnly(u"un-1"_qs);
        asked = answerStop(question, option, true);
        QTest::keyClick(window().table(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(asked->answered);
        TEST_STEP(waitForRun(RunAction::Stop));
        QCOMPARE(window().currentRun()->sendableIds(), (QStringList{u"un-1"_qs, u"fail-7-un3"_qs}));
    }

    // Nothing else to stop, one stopped row selected: Stop asks, its button stays disabled
    // until the box is checked, so Enter or a hurried click sends nothing.
    void onlyAStoppedRowSelectedNeedsTheBox()
    {
        type({u"ag-1"_qs, u"ag-2"_qs});
        TEST_STEP(stopByKeys());
        const int calls = stat("calls");
        Run *before = window().currentRun();
        selectOnly(u"ag-1"_qs);
        auto disabled = std::make_shared<bool>(false);
        const auto asked = test::whenModal([disabled](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (!box || !box->checkBox())
                return false;
            for (QAbstractButton *b : box->buttons()) {
                if (box->buttonRole(b) == QMessageBox::AcceptRole)
                    *disabled = !b->isEnabled();
            }
            QTest::keyClick(box, Qt::Key_Return);
            return true;
        });
        QTest::keyClick(window().table(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(asked->answered);
        QVERIFY(*disabled);
        QCOMPARE(window().currentRun(), before);
        QCOMPARE(stat("calls"), calls);
        activate();
    }

    // Ctrl+Enter with an ID typed and not entered: it is added, as Enter would, and the one
    // question includes it; with an empty list and with rows.
    void stopTakesTheTypedId()
    {
        idField()->setFocus();
        QTest::keyClicks(idField(), u"typed-0"_qs);
        auto question = std::make_shared<QString>();
        TEST_STEP(stopByKeys(question));
        QVERIFY2(question->contains(u"Not sent: 1 (typed-0)"_qs), qPrintable(*question));
        QCOMPARE(window().currentRun()->sendableIds(), (QStringList{u"typed-0"_qs}));
        QVERIFY(idField()->text().isEmpty());

        QTest::keyClicks(idField(), u"typed-1"_qs);
        TEST_STEP(stopByKeys(question));
        QVERIFY2(question->contains(u"Not sent: 1 (typed-1)"_qs), qPrintable(*question));
        QCOMPARE(window().currentRun()->sendableIds(), (QStringList{u"typed-1"_qs}));
        QCOMPARE(model().rowCount(), 2);
        QVERIFY(!gateway()->isRecording(u"typed-1"_qs));
    }

    // Major 5: the History window's Restart of a stop still running is refused, here (this
    // window's own run) and when another process writes it (its rows changed a moment ago).
    void undoRefusedWhileRunning()
    {
        QStringList ids;
        for (int i = 1; i <= 10; ++i)
            ids << u"run-%1"_qs.arg(i);
        ids << u"slow4000-run-11"_qs;
        type(ids);
        const auto asked = acceptQuestion();
        QTest::keyClick(idField(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(asked->answered);
        activate();
        QTRY_VERIFY(window().currentRun() && window().currentRun()->doneCount() >= 10);
        QVERIFY(window().currentRun()->isRunning());
        // The History window reads what the history has committed.
        const qint64 running = window().currentRun()->historyRunId();
        QTRY_VERIFY(History(History::defaultPath(), History::Mode::ReadOnly)
                        .run(running)
                        .value_or(History::RunRecord())
                        .stopped >= 10);
        TEST_STEP(restartNewestRunFromHistory());
        QVERIFY2(window().bannerText().contains(u"a run is going on here"_qs),
                 qPrintable(window().bannerText()));
        QCOMPARE(window().currentRun()->action(), RunAction::Stop);
        TEST_STEP(waitForRun(RunAction::Stop));
        QCOMPARE(stat("streamsStarted"), 0);

        // Another cdnrec's stop, still writing: 2 stopped, 1 in flight, no end.
        {
            History h;
            History::RunInfo info;
            info.profile = Run::practiceLabel();
            info.appId = window().practice()->appId();
            info.endpoint = window().practice()->url().toString();
            info.vendor = u"Tencent"_qs;
            info.streamIds = {u"other-1"_qs, u"other-2"_qs, u"other-3"_qs};
            const qint64 run = h.beginRun(info);
            CallRecord call;
            call.callId = 1;
            call.streamIds = {u"other-1"_qs, u"other-2"_qs};
            QVERIFY(h.recordCallSending(run, call));
            call.httpStatus = 200;
            call.hasCode = true;
            QList<StreamOutcome> stopped;
            for (const QString &id : call.streamIds) {
                StreamOutcome o;
                o.streamId = id;
                o.status = StreamStatus::Succeeded;
                o.attempts = 1;
                stopped.append(o);
            }
            QVERIFY(h.recordCallFinished(run, call, stopped));
            call.callId = 2;
            call.streamIds = {u"other-3"_qs};
            QVERIFY(h.recordCallSending(run, call));
        }
        const auto notAsked = noRestartDialog();
        TEST_STEP(restartNewestRunFromHistory());
        QVERIFY2(!*notAsked, "the restart of a running stop was asked");
        QVERIFY2(window().bannerText().contains(u"still running"_qs),
                 qPrintable(window().bannerText()));
        QCOMPARE(stat("streamsStarted"), 0);
        QCOMPARE(window().currentRun()->action(), RunAction::Stop);
    }

    // Major 5: a stop made with "p-a", whose AppId has changed since: its restart is refused;
    // the simulator starts nothing.
    void undoRefusedUnderAnotherAppId()
    {
        TEST_STEP(addPracticeProfile(u"p-a"_qs));
        QVERIFY(window().selectProfile(u"p-a"_qs));
        type({u"app-1"_qs, u"app-2"_qs});
        TEST_STEP(stopByKeys());
        std::optional<Profile> p = window().profiles()->find(u"p-a"_qs);
        QVERIFY(p);
        p->appId += 1;
        QVERIFY(window().profiles()->update(u"p-a"_qs, *p).isEmpty());
        const auto notAsked = noRestartDialog();
        TEST_STEP(restartNewestRunFromHistory());
        QVERIFY2(!*notAsked, "the restart under another AppId was asked");
        QVERIFY2(window().bannerText().contains(u"is not restarted"_qs) &&
                     window().bannerText().contains(u"AppId %1"_qs.arg(p->appId)),
                 qPrintable(window().bannerText()));
        QCOMPARE(stat("streamsStarted"), 0);
        for (const QString &id : {u"app-1"_qs, u"app-2"_qs})
            QVERIFY(!gateway()->isRecording(id));
        QCOMPARE(window().currentRun()->action(), RunAction::Stop);
    }

    // History ▸ Restart, then Cancel on its question: the run's streams are listed Stopped (by
    // that run), never Ready for another stop.
    void cancelledHistoryRestartLeavesRowsStopped()
    {
        type({u"hc-1"_qs, u"hc-2"_qs});
        TEST_STEP(stopByKeys());
        const qint64 stopRun = window().currentRun()->historyRunId();
        const auto asked = acceptQuestion();
        for (QAction *a : window().findChildren<QAction *>()) {
            if (a->text() == u"C&lear list"_qs)
                a->trigger();
        }
        QVERIFY(asked->answered);
        activate();
        const auto cancelled = noRestartDialog();
        TEST_STEP(restartNewestRunFromHistory());
        QVERIFY(*cancelled);
        QCOMPARE(model().rowCount(), 2);
        for (const QString &id : {u"hc-1"_qs, u"hc-2"_qs}) {
            QCOMPARE(stateOf(id).life, Life::Stopped);
            QCOMPARE(stateOf(id).runId, stopRun);
            QCOMPARE(statusText(id), u"Stopped"_qs);
        }
        QVERIFY(window().runs()->idsToStop(false).isEmpty());
        QVERIFY(!gateway()->isRecording(u"hc-1"_qs));
    }

    // A second undo of a run says when the first restarted it, and asks; No sends nothing.
    void secondUndoAsks()
    {
        type({u"twice-1"_qs});
        TEST_STEP(stopByKeys());
        const auto restarted = acceptRestart();
        QTest::keyClick(idField(), Qt::Key_Z, Qt::ControlModifier);
        TEST_STEP(waitForRun(RunAction::Start));
        QVERIFY(restarted->answered);
        QCOMPARE(stat("streamsStarted"), 1);
        const int calls = stat("calls");
        auto said = std::make_shared<QString>();
        const auto asked = test::whenModal([said](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (!box)
                return false;
            *said = box->text();
            box->reject();
            return true;
        });
        // The newest run is the restart: the stop is the one below it.
        QTest::keyClick(&window(), Qt::Key_H, Qt::ControlModifier);
        HistoryDialog *history = nullptr;
        QTRY_VERIFY((history = window().findChild<HistoryDialog *>()) && history->isVisible());
        QTRY_VERIFY(history->runsTable()->rowCount() >= 2);
        history->selectRun(1);
        QTRY_VERIFY(!history->isLoading() && history->restartButton()->isEnabled());
        QTest::mouseClick(history->restartButton(), Qt::LeftButton);
        QTRY_VERIFY(asked->answered);
        QVERIFY2(said->contains(u"restarted its streams at"_qs), qPrintable(*said));
        QCOMPARE(stat("calls"), calls); // No: nothing sent
    }
    // --- the main window's minors (issue 22) ---

    // Alt+T of the disabled Retry button types no "t" into the ID field or the filter.
    void altLetterOfADisabledButtonTypesNothing()
    {
        auto *retry = window().findChild<QPushButton *>(u"retry"_qs);
        QVERIFY(retry && !retry->isEnabled() && retry->text().contains(u"&t"_qs));
        idField()->setFocus();
        QTest::keyClick(idField(), Qt::Key_T, Qt::AltModifier);
        QCOMPARE(idField()->text(), QString());
        auto *filter = window().findChild<QLineEdit *>(u"filter"_qs);
        filter->setFocus();
        QTest::keyClick(filter, Qt::Key_T, Qt::AltModifier);
        QCOMPARE(filter->text(), QString());
        QTest::keyClicks(filter, u"ab"_qs); // typing still types
        QCOMPARE(filter->text(), u"ab"_qs);
        // Nor does it choose a vendor in the closed box (Alt+T: "Tencent Cloud").
        window().setVendor(Vendor::Huawei);
        for (QComboBox *box : window().findChildren<QComboBox *>()) {
            box->setFocus();
            const int index = box->currentIndex();
            QTest::keyClick(box, Qt::Key_T, Qt::AltModifier);
            QCOMPARE(box->currentIndex(), index);
        }
    }

    // Tab from the ID field: the list first, then profile, vendor and Stop; Stop never right
    // after the ID field, and a space typed after one Tab never presses it.
    void tabGoesFromTheListToTheProfileThenStop()
    {
        type({u"tab-1"_qs});
        QWidget *profileBox = nullptr;
        QWidget *vendorBox = nullptr;
        for (QComboBox *box : window().findChildren<QComboBox *>()) {
            if (box->isVisible() && !profileBox)
                profileBox = box;
            else if (box->isVisible() && !vendorBox)
                vendorBox = box;
        }
        auto *stop = window().findChild<QPushButton *>(u"stop"_qs);
        idField()->setFocus();
        QList<QWidget *> order{idField()};
        for (int i = 0; i < 20 && (order.size() < 2 || order.last() != idField()); ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            order.append(QApplication::focusWidget());
        }
        const qsizetype p = order.indexOf(profileBox);
        const qsizetype v = order.indexOf(vendorBox);
        const qsizetype s = order.indexOf(stop);
        const qsizetype t = order.indexOf(window().table());
        QVERIFY2(
            t > 0 && p > t && v == p + 1 && s == v + 1,
            qPrintable(u"table %1, profile %2, vendor %3, stop %4"_qs.arg(t).arg(p).arg(v).arg(s)));
        // Neither Tab nor Shift+Tab from the ID field reaches Stop.
        QVERIFY(order.at(1) != stop);
        QVERIFY2(order.at(order.size() - 2) != stop, "Shift+Tab from the ID field is Stop");
        for (const Qt::KeyboardModifier m : {Qt::NoModifier, Qt::ShiftModifier}) {
            idField()->setFocus();
            QTest::keyClick(idField(), Qt::Key_Tab, m);
            QVERIFY(QApplication::focusWidget() != stop);
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
            QVERIFY(!QApplication::activeModalWidget());
            QVERIFY(!window().currentRun());
        }
    }

    // The last stop's figures go when they no longer hold: the status line during a restart
    // says the restart, not "Done: … stopped"; Clear list takes "N calls in X s" away.
    void leftoverFiguresGo()
    {
        type({u"fig-1"_qs, u"fig-2"_qs});
        TEST_STEP(stopByKeys());
        QVERIFY(window().summaryText().startsWith(u"Done: 2 stopped"_qs));
        QVERIFY(!window().paceText().isEmpty());
        auto during = std::make_shared<QStringList>();
        const QMetaObject::Connection watch =
            connect(window().runs(), &RunController::progress, this,
                    [this, during] { during->append(window().summaryText()); });
        const auto restarted = acceptRestart();
        QTest::keyClick(idField(), Qt::Key_Z, Qt::ControlModifier);
        TEST_STEP(waitForRun(RunAction::Start));
        disconnect(watch);
        QVERIFY(restarted->answered);
        QVERIFY(!during->isEmpty());
        for (const QString &text : std::as_const(*during))
            QVERIFY2(!text.contains(u"stopped"_qs), qPrintable(text));
        QVERIFY2(during->first().startsWith(u"Restarting 2 stream"_qs),
                 qPrintable(during->first()));

        const auto asked = acceptQuestion();
        for (QAction *a : window().findChildren<QAction *>()) {
            if (a->text() == u"C&lear list"_qs)
                a->trigger();
        }
        QVERIFY(asked->answered);
        QCOMPARE(model().rowCount(), 0);
        QCOMPARE(window().paceText(), QString());
    }

    // After Clear list, typing goes into the ID field.
    void clearListLeavesFocusInTheIdField()
    {
        type({u"clr-1"_qs, u"clr-2"_qs});
        window().table()->setFocus();
        const auto asked = acceptQuestion();
        for (QAction *a : window().findChildren<QAction *>()) {
            if (a->text() == u"C&lear list"_qs)
                a->trigger();
        }
        QVERIFY(asked->answered);
        activate();
        QCOMPARE(model().rowCount(), 0);
        QCOMPARE(QApplication::focusWidget(), idField());
    }

    // The Until field: Ctrl+A, then "20:00" is 20:00.
    void untilFieldSelectAllThenTyped()
    {
        RestartDialog dialog(2, u"where"_qs);
        dialog.show();
        QApplication::setActiveWindow(&dialog);
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        dialog.untilButton()->setChecked(true);
        dialog.untilEdit()->setTime(QTime(19, 37));
        dialog.untilEdit()->setFocus();
        QTest::keyClick(dialog.untilEdit(), Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(dialog.untilEdit(), u"20:00"_qs);
        QCOMPARE(dialog.untilEdit()->time(), QTime(20, 0));
    }

    // Retry failed keeps Undo for what the stop stopped; the attempts go on counting; Restart of
    // a selection says what it leaves out.
    void retryKeepsUndoAndCountsAttempts()
    {
        type({u"ru-1"_qs, u"missing-ru2"_qs});
        TEST_STEP(stopByKeys());
        QCOMPARE(window().undoableIds(), QStringList{u"ru-1"_qs});
        const int before = model().outcomeAt(model().rowOf(u"missing-ru2"_qs)).attempts;
        QVERIFY(before >= 1);
        const auto asked = acceptQuestion();
        QTest::keyClick(idField(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(asked->answered);
        TEST_STEP(waitForRun(RunAction::Stop));
        QCOMPARE(window().currentRun()->sendableIds(), QStringList{u"missing-ru2"_qs});
        QCOMPARE(statusText(u"ru-1"_qs), u"Stopped"_qs);
        QCOMPARE(window().undoableIds(), QStringList{u"ru-1"_qs});
        QCOMPARE(model().outcomeAt(model().rowOf(u"missing-ru2"_qs)).attempts, 2 * before);

        QTableView *table = window().table();
        table->setFocus();
        table->selectAll();
        auto said = std::make_shared<QString>();
        const auto restart = test::whenModal([said](QWidget *modal) {
            auto *dialog = qobject_cast<RestartDialog *>(modal);
            if (!dialog)
                return false;
            for (QLabel *l : dialog->findChildren<QLabel *>())
                *said += l->text() + u'\n';
            if (!test::shoot(dialog, u"rowlife-restart-leaves-out"_qs))
                QTest::qFail("the screenshot of the dialog was not saved", __FILE__, __LINE__);
            dialog->reject();
            return true;
        });
        window().restartSelected();
        QVERIFY(restart->answered);
        QVERIFY2(said->contains(u"not shown Stopped are left out"_qs), qPrintable(*said));
    }

    // "Nothing to stop" says why; an ID outside ZEGO's rule is marked on its row.
    void nothingToStopSaysWhyAndWarnedRowsAreMarked()
    {
        window().addText(u"bad\u0001id"_qs); // (a control character is pasted, not typed)
        idField()->setFocus();
        QTest::keyClick(idField(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY2(window().summaryText().contains(u"invalid"_qs),
                 qPrintable(window().summaryText()));
        type({u"dot.ted"_qs});
        QVERIFY2(window().summaryText().contains(u"outside ZEGO's ID rule"_qs),
                 qPrintable(window().summaryText()));
        QCOMPARE(statusText(u"dot.ted"_qs), u"Ready, outside ZEGO's ID rule"_qs);
        const QString message =
            model()
                .index(model().rowOf(u"dot.ted"_qs), StreamTableModel::MessageColumn)
                .data()
                .toString();
        QVERIFY2(message.contains(u"ZEGO's rule"_qs), qPrintable(message));
    }

    // A profile that brings another vendor says so.
    void profileSwitchSaysTheVendor()
    {
        TEST_STEP(addPracticeProfile(u"p-ws"_qs));
        std::optional<Profile> p = window().profiles()->find(u"p-ws"_qs);
        p->vendor = Vendor::Ws;
        QVERIFY(window().profiles()->update(u"p-ws"_qs, *p).isEmpty());
        window().setVendor(Vendor::Tencent);
        QVERIFY(window().selectProfile(u"p-ws"_qs));
        QVERIFY2(window().summaryText().contains(vendorDisplayName(Vendor::Ws)) &&
                     window().summaryText().contains(vendorDisplayName(Vendor::Tencent)),
                 qPrintable(window().summaryText()));
    }

    // A long line in the summary wraps: the window keeps its width.
    void aLongSummaryDoesNotWidenTheWindow()
    {
        m_window->resize(800, 600); // (the window's least width is about that)
        QCoreApplication::processEvents();
        const int width = m_window->width();
        QVERIFY(width < 900);
        const QString name = m_dir.filePath(QString(180, u'n') + u".txt"_qs);
        QFile f(name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("long-1\n");
        f.close();
        QVERIFY(window().importFile(name));
        QVERIFY(window().summaryText().size() > 200);
        for (int i = 0; i < 3; ++i) { // the layout's request is a posted event
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
        }
        QCOMPARE(m_window->width(), width);
        QVERIFY(m_window->minimumSizeHint().width() <= width);
    }

    // A live switch to Chinese says an invalid row's reason and the calls' line in Chinese.
    void languageSwitchRetranslatesRowsAndPace()
    {
        window().addText(u"bad\u0001id"_qs);
        type({u"lang-1"_qs});
        TEST_STEP(stopByKeys());
        const QString reason =
            model()
                .index(model().rowOf(u"bad\u0001id"_qs), StreamTableModel::MessageColumn)
                .data()
                .toString();
        const QString pace = window().paceText();
        QVERIFY2(pace.contains(u"call"_qs), qPrintable(pace));
        QVERIFY(installTranslations(u"zh_CN"_qs));
        QCoreApplication::processEvents();
        const QString zhReason =
            model()
                .index(model().rowOf(u"bad\u0001id"_qs), StreamTableModel::MessageColumn)
                .data()
                .toString();
        QVERIFY2(zhReason != reason, qPrintable(zhReason));
        QVERIFY2(!window().paceText().contains(u"call"_qs), qPrintable(window().paceText()));
        QVERIFY(test::shoot(&window(), u"rowlife-zh_CN"_qs));
        QVERIFY(installTranslations(u"en"_qs));
        QCoreApplication::processEvents();
        QCOMPARE(model()
                     .index(model().rowOf(u"bad\u0001id"_qs), StreamTableModel::MessageColumn)
                     .data()
                     .toString(),
                 reason);
        QVERIFY(test::shoot(&window(), u"rowlife-en"_qs));
    }
};

QTEST_MAIN(TestRowLifeGui)
#include "test_rowlife_gui.moc"
