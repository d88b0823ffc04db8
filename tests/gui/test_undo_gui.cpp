// SPDX-License-Identifier: GPL-3.0-or-later
// Undo a stop in the console, driven with the keyboard against the practice simulator: Ctrl+Z
// after a stop, Restart recording… on selected rows, and a run restarted from the History window.
// The simulator keeps a recording state per stream, so "Recording until" is checked against what
// the gateway itself believes. With CDNREC_SCREENSHOT_DIR set, PNGs of the dialog and the result
// in English and Chinese.
#include "guitest.h"
#include "historydialog.h"
#include "mainwindow.h"
#include "practiceendpoint.h"
#include "prompt.h"
#include "restartdialog.h"
#include "simgateway.h"
#include "streamfilterproxy.h"
#include "streamidedit.h"
#include "streamtablemodel.h"
#include "teststep.h"
#include <app/application.h>

#include <QApplication>
#include <QDateTime>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimeEdit>

using namespace cdnrec;

class TestUndoGui : public QObject
{
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;

    MainWindow &window() { return *m_window; }
    StreamTableModel &model() { return *m_window->model(); }
    QString statusText(const QString &id)
    {
        return model().index(model().rowOf(id), StreamTableModel::StatusColumn).data().toString();
    }
    QLineEdit *idField() { return window().findChild<StreamIdEdit *>(); }

    // Types the IDs into the field, Enter; Ctrl+Enter; answers Stop's question with its button.
    // Its checks return from it only: call it through TEST_STEP.
    void stopByKeys(const QStringList &ids)
    {
        QLineEdit *field = idField();
        QVERIFY(field);
        field->setFocus();
        QTest::keyClicks(field, ids.join(u' '));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(model().rowCount(), int(ids.size()));
        const auto asked = test::whenModal([](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (!box)
                return false;
            for (QAbstractButton *b : box->buttons()) {
                if (box->buttonRole(b) == QMessageBox::AcceptRole) {
                    b->click();
                    return true;
                }
            }
            return false;
        });
        QTest::keyClick(field, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(asked->answered);
        QTRY_VERIFY_WITH_TIMEOUT(window().currentRun() && window().currentRun()->isFinished(),
                                 30000);
        QCOMPARE(window().currentRun()->action(), RunAction::Stop);
        for (const QString &id : ids)
            QCOMPARE(model().outcomeAt(model().rowOf(id)).status, StreamStatus::Succeeded);
        // The question closed: a window manager gives the window back its activation (the
        // offscreen platform does not), and with it the focus it had.
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    // Answers the next RestartDialog: `choose` picks the duration by keys, then Alt+R restarts.
    // When `choose` or the screenshot failed, the dialog is cancelled instead.
    std::shared_ptr<const test::ModalAnswer>
    answerRestart(std::function<void(RestartDialog *)> choose, const QString &shot = {})
    {
        return test::whenModal([choose, shot](QWidget *modal) {
            auto *dialog = qobject_cast<RestartDialog *>(modal);
            if (!dialog)
                return false;
            if (choose)
                choose(dialog);
            if (!shot.isEmpty() && !test::shoot(dialog, shot))
                QTest::qFail("the screenshot of the dialog was not saved", __FILE__, __LINE__);
            if (QTest::currentTestFailed())
                dialog->reject();
            else
                QTest::keyClick(dialog, Qt::Key_R, Qt::AltModifier);
            return true;
        });
    }

    // Its check returns from it only: call it through TEST_STEP.
    void waitForRestart()
    {
        QTRY_VERIFY_WITH_TIMEOUT(window().currentRun() &&
                                     window().currentRun()->action() == RunAction::Start &&
                                     window().currentRun()->isFinished(),
                                 30000);
    }

    SimGateway *gateway() { return window().practice()->gateway(); }

    // A cell of a History window's table, empty until it is there (the history is read on a
    // worker: rows come after the window shows).
    static QString cell(QTableWidget *table, int row, int column)
    {
        const QTableWidgetItem *item = table->item(row, column);
        return item ? item->text() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"cdnrec-test"_qs);
        QCoreApplication::setApplicationName(u"cdnrec-test"_qs);
        QSettings().clear();
        installTranslations(u"en"_qs);
    }
    void init()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1280, 760);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }
    void cleanup()
    {
        if (Job *job = m_window ? m_window->job() : nullptr; job && job->isRunning()) {
            m_window->cancelStop();
            QTRY_VERIFY(job->isFinished());
        }
        m_window.reset();
        installTranslations(u"en"_qs);
    }

    // The test: stop 5 rows, Ctrl+Z, confirm: 5 rows "Recording until …", for 24 h.
    void ctrlZRestartsWhatTheStopStopped()
    {
        const QStringList ids{u"undo-1"_qs, u"undo-2"_qs, u"undo-3"_qs, u"undo-4"_qs, u"undo-5"_qs};
        TEST_STEP(stopByKeys(ids));
        QCOMPARE(window().undoableIds(), ids);
        for (const QString &id : ids)
            QVERIFY(!gateway()->isRecording(id));
        QVERIFY(test::shoot(&window(), u"undo-1-stopped"_qs));

        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const auto asked = answerRestart(nullptr, u"undo-2-dialog"_qs);
        // Focus is back in the (empty) ID field, where a person pressed Ctrl+Enter.
        QVERIFY(idField()->hasFocus());
        QTest::keyClick(idField(), Qt::Key_Z, Qt::ControlModifier);
        TEST_STEP(waitForRestart());
        QVERIFY(asked->answered);
        const qint64 after = QDateTime::currentSecsSinceEpoch();
        for (const QString &id : ids) {
            QVERIFY2(statusText(id).startsWith(u"Recording until "_qs), qPrintable(statusText(id)));
            const qint64 end = model().outcomeAt(model().rowOf(id)).endTime;
            // 24 h, less ZEGO's margin: within the bounds on any clock the gateway accepts.
            QVERIFY(end >= before + 24 * 3600 - EndTimeBounds::MarginSecs);
            QVERIFY(end <= after + 24 * 3600 - EndTimeBounds::MarginSecs);
            QVERIFY2(gateway()->isRecording(id), qPrintable(id));
            QCOMPARE(gateway()->recordingUntil(id), end);
        }
        QVERIFY2(window().summaryText().contains(u"5 restarted"_qs),
                 qPrintable(window().summaryText()));
        // Undo is for the stop just made: after the restart there is nothing to undo.
        QVERIFY(window().undoableIds().isEmpty());
        QVERIFY(test::shoot(&window(), u"undo-3-recording"_qs));
    }

    // Enter alone on the question restarts nothing (Cancel is the default, as for Stop). The
    // question must have been shown, and closed by that Enter: without them this passed with
    // undo doing nothing at all.
    void enterOnTheQuestionRestartsNothing()
    {
        TEST_STEP(stopByKeys({u"keep-1"_qs, u"keep-2"_qs}));
        Run *stop = window().currentRun();
        auto result = std::make_shared<int>(-1);
        const auto asked = test::whenModal([result](QWidget *modal) {
            auto *dialog = qobject_cast<RestartDialog *>(modal);
            if (!dialog)
                return false;
            QTest::keyClick(dialog, Qt::Key_Return);
            if (dialog->isVisible())
                return false; // Enter did not answer it: rejected at the timeout, a failure
            *result = dialog->result();
            return true;
        });
        QTest::keyClick(idField(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY2(asked->shown, "Ctrl+Z showed no question");
        QTRY_VERIFY(asked->answered || asked->timedOut);
        QVERIFY2(asked->answered, "Enter did not close the question");
        QCOMPARE(*result, int(QDialog::Rejected));
        QTRY_VERIFY(!QApplication::activeModalWidget());
        QCOMPARE(window().currentRun(), stop);
        for (const QString &id : {u"keep-1"_qs, u"keep-2"_qs}) {
            QCOMPARE(statusText(id), u"Stopped"_qs);
            QVERIFY2(!gateway()->isRecording(id), qPrintable(id));
        }
        QCOMPARE(window().undoableIds().size(), 2);
    }

    // Ctrl+Z in a field with text undoes the typing, never a stop.
    void ctrlZInATypedFieldUndoesTyping()
    {
        TEST_STEP(stopByKeys({u"typed-1"_qs}));
        QLineEdit *field = idField();
        QTest::keyClicks(field, u"abc"_qs);
        QTest::keyClick(field, Qt::Key_Z, Qt::ControlModifier);
        QCoreApplication::processEvents();
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(field->text().isEmpty());
        QCOMPARE(window().currentRun()->action(), RunAction::Stop);
    }

    // Restart recording… on two selected rows, for 1 hour: only those two, for 1 hour.
    void restartSelectedRowsForAnHour()
    {
        TEST_STEP(stopByKeys({u"sel-1"_qs, u"sel-2"_qs, u"sel-3"_qs}));
        QTableView *table = window().table();
        table->setFocus();
        table->selectionModel()->clearSelection();
        for (const QString &id : {u"sel-1"_qs, u"sel-3"_qs}) {
            const QModelIndex i =
                window().proxy()->mapFromSource(model().index(model().rowOf(id), 0));
            table->selectionModel()->select(i, QItemSelectionModel::Select |
                                                   QItemSelectionModel::Rows);
        }
        QAction *restart = nullptr;
        for (QAction *a : table->actions()) {
            if (a->text().startsWith(u"R&estart"_qs))
                restart = a;
        }
        QVERIFY(restart && restart->isEnabled());
        const auto asked = answerRestart([](RestartDialog *d) {
            // A mnemonic clicks after a short animation: wait for it before restarting.
            QTest::keyClick(d, Qt::Key_1, Qt::AltModifier);
            QTRY_COMPARE_WITH_TIMEOUT(d->forSecs(), 3600, 2000);
        });
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        restart->trigger();
        TEST_STEP(waitForRestart());
        QVERIFY(asked->answered);
        for (const QString &id : {u"sel-1"_qs, u"sel-3"_qs}) {
            QVERIFY2(statusText(id).startsWith(u"Recording until"_qs), qPrintable(statusText(id)));
            const qint64 end = model().outcomeAt(model().rowOf(id)).endTime;
            QVERIFY(end >= before + 3600 && end <= before + 3600 + 120);
        }
        QCOMPARE(statusText(u"sel-2"_qs), u"Stopped"_qs);
        QVERIFY(!gateway()->isRecording(u"sel-2"_qs));
        // A row that records again is not restartable.
        table->selectAll();
        QVERIFY(restart->isEnabled()); // sel-2 is
        table->selectionModel()->clearSelection();
        const QModelIndex i =
            window().proxy()->mapFromSource(model().index(model().rowOf(u"sel-1"_qs), 0));
        table->selectionModel()->select(i, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(!restart->isEnabled());
    }

    // "Until 21:40": the next such time, at least the shortest recording ahead.
    void untilAClockTime()
    {
        const QDateTime now(QDate(2026, 11, 23), QTime(20, 0));
        QCOMPARE(RestartDialog::untilFor(QTime(21, 40), now),
                 QDateTime(QDate(2026, 11, 23), QTime(21, 40)).toSecsSinceEpoch());
        QCOMPARE(RestartDialog::untilFor(QTime(19, 0), now),
                 QDateTime(QDate(2026, 11, 24), QTime(19, 0)).toSecsSinceEpoch());
        // 5 minutes ahead is too soon for ZEGO's bounds: tomorrow.
        QCOMPARE(RestartDialog::untilFor(QTime(20, 5), now),
                 QDateTime(QDate(2026, 11, 24), QTime(20, 5)).toSecsSinceEpoch());
        RestartDialog dialog(3, u"where"_qs);
        dialog.setNowForTesting(now);
        dialog.untilButton()->setChecked(true);
        dialog.untilEdit()->setTime(QTime(21, 40));
        QCOMPARE(dialog.untilSecs(),
                 QDateTime(QDate(2026, 11, 23), QTime(21, 40)).toSecsSinceEpoch());
        QVERIFY2(dialog.endText().contains(u"21:40"_qs), qPrintable(dialog.endText()));
        // Tomorrow at 19:55 is more than 24 h less the margin ahead: said, and clamped.
        dialog.untilEdit()->setTime(QTime(19, 55));
        QVERIFY2(dialog.endText().contains(u"24 hours"_qs), qPrintable(dialog.endText()));
    }

    // History window: select the stop run, Restart recording…: what it stopped records again.
    void restartFromTheHistoryWindow()
    {
        TEST_STEP(stopByKeys({u"hist-1"_qs, u"hist-2"_qs}));
        Prompt::setNextAnswer(true);
        window().findChild<QAction *>(); // (the list is cleared through its menu action)
        for (QAction *a : window().findChildren<QAction *>()) {
            if (a->text() == u"C&lear list"_qs)
                a->trigger();
        }
        QCOMPARE(model().rowCount(), 0);
        window().openHistory();
        auto *history = window().findChild<HistoryDialog *>();
        QVERIFY(history);
        QTRY_VERIFY(history->isVisible());
        QTRY_COMPARE(cell(history->runsTable(), 0, 2), u"Stop"_qs);
        history->selectRun(0);
        QTRY_VERIFY(!history->isLoading() && history->restartButton()->isEnabled());
        const auto asked = answerRestart(nullptr);
        QTest::mouseClick(history->restartButton(), Qt::LeftButton);
        TEST_STEP(waitForRestart());
        QVERIFY(asked->answered);
        QCOMPARE(model().rowCount(), 2);
        for (const QString &id : {u"hist-1"_qs, u"hist-2"_qs}) {
            QVERIFY2(statusText(id).startsWith(u"Recording until"_qs), qPrintable(statusText(id)));
            QVERIFY(gateway()->isRecording(id));
        }
        // The restart is a run of its own in the history, named as one; it restarts nothing.
        window().openHistory();
        QTRY_VERIFY(window().findChildren<HistoryDialog *>().size() >= 1);
        HistoryDialog *again = nullptr;
        for (HistoryDialog *d : window().findChildren<HistoryDialog *>()) {
            if (d->isVisible())
                again = d;
        }
        QVERIFY(again);
        QTRY_COMPARE(cell(again->runsTable(), 0, 2), u"Restart"_qs);
        QVERIFY2(cell(again->runsTable(), 0, 8).contains(u"2 restarted"_qs),
                 qPrintable(cell(again->runsTable(), 0, 8)));
        again->selectRun(0);
        QTRY_VERIFY(!again->isLoading());
        QVERIFY(!again->restartButton()->isEnabled());
        again->close();
    }

    void chineseScreenshots()
    {
        QVERIFY(installTranslations(u"zh_CN"_qs));
        m_window.reset();
        init();
        TEST_STEP(stopByKeys({u"zh-1"_qs, u"zh-2"_qs, u"zh-3"_qs}));
        const auto asked = answerRestart(nullptr, u"undo-2-dialog-zh_CN"_qs);
        QTest::keyClick(idField(), Qt::Key_Z, Qt::ControlModifier);
        TEST_STEP(waitForRestart());
        QVERIFY(asked->answered);
        const QString text = statusText(u"zh-1"_qs);
        QVERIFY2(!text.startsWith(u"Recording"_qs) && text.contains(u':'), qPrintable(text));
        // 24 h (less the margin) ahead is tomorrow, except in the first minutes after midnight:
        // then the day is named, in Chinese too ("周二", not "Tue").
        const qint64 end = model().outcomeAt(model().rowOf(u"zh-1"_qs)).endTime;
        const bool tomorrow =
            QDateTime::fromSecsSinceEpoch(end).date() != QDateTime::currentDateTime().date();
        QVERIFY2(text.contains(u"周"_qs) == tomorrow, qPrintable(text));
        for (int day = 1; day <= 7; ++day)
            QVERIFY2(!text.contains(QLocale(QLocale::English).dayName(day, QLocale::ShortFormat)),
                     qPrintable(text));
        QVERIFY(test::shoot(&window(), u"undo-3-recording-zh_CN"_qs));
    }
};

QTEST_MAIN(TestUndoGui)
#include "test_undo_gui.moc"
