// SPDX-License-Identifier: GPL-3.0-or-later
// The console as a new support engineer meets it: pastes that are never cut, keystrokes that
// never switch the profile, the keyboard alone, unique mnemonics, accessible names, Chinese.
// Each case drives the real window with real key events under the offscreen platform.
#include "detailspane.h"
#include "guitest.h"
#include "mainwindow.h"
#include "practiceendpoint.h"
#include "prompt.h"
#include "simgateway.h"
#include "streamfilterproxy.h"
#include "streamidedit.h"
#include "streamtablemodel.h"
#include <app/application.h>
#include <store/history.h>
#include <store/profilestore.h>
#include <store/settings.h>

#include <QAbstractButton>
#include <QAccessible>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace cdnrec;

class TestConsoleNewcomer : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;

    MainWindow &window() { return *m_window; }
    StreamTableModel &model() { return *m_window->model(); }
    QLineEdit *addLine() { return window().findChild<QLineEdit *>(u"addLine"_qs); }

    void newWindow()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1280, 760);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void waitForRun()
    {
        Job *job = window().job();
        QVERIFY(job);
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 30000);
        // What a window manager does when a dialog closes (the offscreen platform does not).
        QApplication::setActiveWindow(m_window.get());
    }

    // Every mnemonic letter a person can reach with Alt in this window: the menu bar's titles
    // and the visible buttons and labels.
    QStringList mnemonics()
    {
        QStringList texts;
        for (QAction *a : window().menuBar()->actions())
            texts << a->text();
        for (QAbstractButton *b : window().findChildren<QAbstractButton *>()) {
            if (b->isVisibleTo(&window()))
                texts << b->text();
        }
        for (QLabel *l : window().findChildren<QLabel *>()) {
            if (l->isVisibleTo(&window()) && l->buddy())
                texts << l->text();
        }
        QStringList letters;
        static const QRegularExpression mnemonic(u"&([^&\\s])"_qs);
        for (QString t : texts) {
            t.replace(u"&&"_qs, QString());
            const auto m = mnemonic.match(t);
            if (m.hasMatch())
                letters << m.captured(1).toUpper() + u" ("_qs + t + u')';
        }
        return letters;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // No QStandardPaths test mode: it lives in the real home (~/.qttest), shared by every
        // checkout and every run. ctest gives each test its own XDG folders in the build tree.
        QCoreApplication::setOrganizationName(u"cdnrec-test"_qs);
        QCoreApplication::setApplicationName(u"cdnrec-newcomer"_qs);
        QSettings().clear();
        installTranslations(u"en"_qs);
    }
    void init() { newWindow(); }
    void cleanup()
    {
        if (Job *job = window().job(); job && job->isRunning()) {
            window().cancelStop();
            QTRY_VERIFY(job->isFinished());
        }
        m_window.reset();
        installTranslations(u"en"_qs);
    }

    // Issue 15, major 1: Ctrl+V of ~3,000 IDs (33 KB) into the field was cut at 32,767
    // characters; the cut piece was added as a valid ID and the last IDs were dropped.
    void pasteIntoTheIdFieldNeverCuts()
    {
        QString text;
        for (int i = 0; i < 3000; ++i)
            text += QStringLiteral("live-%1\n").arg(i, 5, 10, QLatin1Char('0'));
        QVERIFY(text.size() > 32767);
        QGuiApplication::clipboard()->setText(text);
        addLine()->setFocus();
        QTest::keyClicks(addLine(), u"first-1 "_qs);
        QTest::keyClick(addLine(), Qt::Key_V, Qt::ControlModifier);
        QTest::keyClick(addLine(), Qt::Key_Return);
        QCOMPARE(model().rowCount(), 3001);
        QVERIFY(model().rowOf(u"first-1"_qs) >= 0);
        QVERIFY(model().rowOf(u"live-02999"_qs) >= 0);
        QVERIFY(model().rowOf(u"live-02979"_qs) >= 0);
        QCOMPARE(model().rowOf(u"live-0297"_qs), -1); // the piece a cut would have made
        for (int r = 0; r < model().rowCount(); ++r)
            QVERIFY(model().verdictAt(r) == StreamIds::Verdict::Ok);
        QVERIFY(addLine()->text().isEmpty());
        // The context menu's Paste takes the same path.
        QGuiApplication::clipboard()->setText(u"menu-1\nmenu-2\n"_qs);
        auto *edit = qobject_cast<StreamIdEdit *>(addLine());
        QVERIFY(edit);
        std::unique_ptr<QMenu> menu(edit->createContextMenu());
        bool pasted = false;
        for (QAction *a : menu->actions()) {
            if (a->text().startsWith(QCoreApplication::translate("QLineEdit", "&Paste"))) {
                a->trigger();
                pasted = true;
            }
        }
        QVERIFY(pasted);
        QCOMPARE(model().rowCount(), 3003);
        // One ID pasted stays in the field to be edited, as typed text does.
        QGuiApplication::clipboard()->setText(u"single-id"_qs);
        QTest::keyClick(addLine(), Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(addLine()->text(), u"single-id"_qs);
        QCOMPARE(model().rowCount(), 3003);
    }

    // Major 2: focus started on the Profile box, and typing "abc" switched Practice to a
    // PRODUCTION profile.
    void typingAtStartGoesToTheList()
    {
        Profile p;
        p.name = u"acme-prod"_qs;
        p.appId = 1234567890;
        p.environment = Profile::Environment::Production;
        QVERIFY(window().profiles()->add(p).isEmpty());
        newWindow(); // a fresh start, with that profile saved
        QCOMPARE(window().currentProfile(), QString());
        QTest::keyClicks(QApplication::focusWidget(), u"abc"_qs);
        QCOMPARE(window().currentProfile(), QString()); // still Practice
        QCOMPARE(addLine()->text(), u"abc"_qs);
        // Even with the box focused, letters, arrows and the wheel do not switch it.
        auto *box = window().findChild<QComboBox *>(u"profile"_qs);
        box->setFocus();
        QTest::keyClicks(box, u"acme"_qs);
        QCOMPARE(window().currentProfile(), QString());
        QTest::keyClick(box, Qt::Key_Down);
        QCOMPARE(window().currentProfile(), QString()); // the list opened instead
        box->hidePopup();
        QWheelEvent wheel(QPointF(5, 5), box->mapToGlobal(QPointF(5, 5)), QPoint(), QPoint(0, -120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(box, &wheel);
        QCOMPARE(window().currentProfile(), QString());
        QVERIFY(window().profiles()->remove(u"acme-prod"_qs).isEmpty());
    }

    // Minor 4: the details pane kept a row after Clear list, and followed the current row, not
    // the selection, after Ctrl+End.
    void detailsFollowTheSelection()
    {
        window().addText(u"d-1 d-2 d-3"_qs);
        QTableView *table = window().table();
        table->setFocus();
        table->selectionModel()->setCurrentIndex(window().proxy()->index(0, 0),
                                                 QItemSelectionModel::ClearAndSelect |
                                                     QItemSelectionModel::Rows);
        QVERIFY(window().detailsText().contains(u"d-1"_qs));
        QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier); // moves the current row only
        QVERIFY2(window().detailsText().contains(u"d-1"_qs), qPrintable(window().detailsText()));
        Prompt::setNextAnswer(true);
        QVERIFY(QMetaObject::invokeMethod(&window(), [this] {
            for (QAction *a : window().findChildren<QAction *>()) {
                if (a->text() == u"C&lear list"_qs)
                    a->trigger();
            }
        }));
        QCOMPARE(model().rowCount(), 0);
        QVERIFY(!window().detailsText().contains(u"d-1"_qs));
        QVERIFY(!window().findChild<QPushButton *>(u"copyCurl"_qs)->isEnabled());
    }

    // Minor 5: Alt+F, Alt+R and Alt+V went to controls, so the menus could not be opened.
    void mnemonicsAreUnique_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("English") << u"en"_qs;
        QTest::newRow("Chinese") << u"zh_CN"_qs;
    }
    void mnemonicsAreUnique()
    {
        QFETCH(QString, language);
        installTranslations(language);
        QCoreApplication::processEvents();
        const QStringList all = mnemonics();
        QVERIFY(all.size() >= 10);
        QHash<QChar, QString> seen;
        for (const QString &m : all) {
            QVERIFY2(!seen.contains(m.at(0)),
                     qPrintable(m + u" clashes with "_qs + seen.value(m.at(0))));
            seen.insert(m.at(0), m);
        }
        for (QChar menu : {u'F', u'E', u'R', u'V', u'H'})
            QVERIFY2(seen.value(menu).contains(u"("_qs), qPrintable(QString(menu)));
        // Alt+F opens the File menu.
        QTest::keyClick(&window(), Qt::Key_F, Qt::AltModifier);
        QTRY_VERIFY(window().menuBar()->activeAction() != nullptr);
        QTest::keyClick(QApplication::activePopupWidget(), Qt::Key_Escape);
    }

    // Inside a menu too: Edit had "&Find" and "Pre&ferences…" (查找(&F), 首选项(&F)…), so F
    // only moved between them and never opened the Preferences.
    void menuItemsHaveUniqueMnemonics_data() { mnemonicsAreUnique_data(); }
    void menuItemsHaveUniqueMnemonics()
    {
        QFETCH(QString, language);
        installTranslations(language);
        QCoreApplication::processEvents();
        int menus = 0;
        for (QAction *title : window().menuBar()->actions()) {
            QMenu *menu = title->menu();
            if (!menu)
                continue;
            ++menus;
            QStringList texts;
            for (QAction *a : menu->actions()) {
                if (!a->isSeparator() && a->isVisible())
                    texts << a->text();
            }
            const QString clash = test::mnemonicClash(texts);
            QVERIFY2(clash.isEmpty(), qPrintable(title->text() + u": "_qs + clash));
        }
        QVERIFY(menus >= 5);
    }

    // Minor 6: Tab hopped from cell to cell inside the table and never reached the details.
    void tabLeavesTheTable()
    {
        window().addText(u"t-1 t-2"_qs);
        window().table()->setFocus();
        QTest::keyClick(window().table(), Qt::Key_Tab);
        QWidget *focus = QApplication::focusWidget();
        QVERIFY(focus);
        QVERIFY2(focus != window().table() &&
                     window().findChild<DetailsPane *>()->isAncestorOf(focus),
                 focus->metaObject()->className());
    }

    // Minor 8: the close-during-a-run question showed a frozen count, and "Cancel and quit"
    // beside "Cancel" was easy to confuse.
    void closePromptCountMoves()
    {
        QString text;
        for (int i = 0; i < 60; ++i)
            text += QStringLiteral("q%1 ").arg(i);
        window().addText(text);
        Prompt::setNextAnswer(true);
        window().startStop();
        QVERIFY(window().job() && window().job()->isRunning());
        QString first;
        bool moved = false;
        QStringList buttons;
        test::whenModal([&](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (!box)
                return false;
            if (first.isEmpty())
                first = box->text();
            if (box->text() == first)
                return false;
            moved = true;
            test::shoot(box, u"9-quit-during-a-run"_qs);
            for (QAbstractButton *b : box->buttons())
                buttons << b->text();
            for (QAbstractButton *b : box->buttons()) {
                if (b->text() == u"Keep running"_qs)
                    b->click();
            }
            return true;
        });
        QVERIFY(!window().close());
        QVERIFY(moved);
        QVERIFY(window().currentRun() != nullptr); // the run goes on: nothing was cancelled
        QCOMPARE(buttons.size(), 2);
        QVERIFY(buttons.contains(u"Stop sending and quit"_qs));
        QVERIFY(buttons.contains(u"Keep running"_qs));
    }

    // The window in Chinese after a run with every kind of outcome, and its close question.
    void chineseAfterARun()
    {
        installTranslations(u"zh_CN"_qs);
        QCoreApplication::processEvents();
        window().addText(u"直播-1 live-2 fail-404-z3 missing-z4 bad\u0007id"_qs);
        Prompt::setNextAnswer(true);
        window().startStop();
        waitForRun();
        QCOMPARE(model().outcomeAt(model().rowOf(u"live-2"_qs)).status, StreamStatus::Succeeded);
        window().table()->selectRow(
            window()
                .proxy()
                ->mapFromSource(model().index(model().rowOf(u"fail-404-z3"_qs), 0))
                .row());
        QVERIFY(window().detailsText().contains(u"fail-404-z3"_qs));
        const QString status =
            model()
                .index(model().rowOf(u"live-2"_qs), StreamTableModel::StatusColumn)
                .data()
                .toString();
        QCOMPARE(status, u"已停止"_qs);
        QVERIFY(test::shoot(&window(), u"5b-chinese-details"_qs));
    }

    // Minor 9: standard buttons and the file dialog stayed English in Chinese.
    void qtOwnTranslationsLoad()
    {
        QVERIFY(installTranslations(u"zh_CN"_qs));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"取消"_qs);
        QCOMPARE(QCoreApplication::translate("QFileDialog", "Look in:"), u"查找范围："_qs);
        installTranslations(u"en"_qs);
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"Cancel"_qs);
    }

    // Minor 9: --lang zh_CN was not remembered though the README says it is.
    void langIsRemembered()
    {
        QTemporaryDir home;
        QProcess console;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_qs, home.filePath(u"config"_qs));
        env.insert(u"XDG_DATA_HOME"_qs, home.filePath(u"data"_qs));
        env.insert(u"QT_QPA_PLATFORM"_qs, u"offscreen"_qs);
        console.setProcessEnvironment(env);
        console.start(QStringLiteral(CDNREC_CONSOLE),
                      {u"--lang"_qs, u"zh_CN"_qs, u"--self-check"_qs});
        QVERIFY(console.waitForFinished(30000));
        QCOMPARE(console.exitCode(), 0);
        const QSettings saved(home.filePath(u"config/cdnrec/cdnrec.conf"_qs), QSettings::IniFormat);
        QCOMPARE(saved.value(u"console/language"_qs).toString(), u"zh_CN"_qs);
    }

    // Minor 14: Esc did not clear the filter; the filtered view showed no "N of M".
    void escClearsTheFilterAndShowsTheCount()
    {
        window().addText(u"f-1 f-2 g-3"_qs);
        auto *filter = window().findChild<QLineEdit *>(u"filter"_qs);
        auto *shown = window().findChild<QLabel *>(u"shownCount"_qs);
        filter->setFocus();
        QTest::keyClicks(filter, u"f-"_qs);
        QCOMPARE(window().proxy()->rowCount(), 2);
        QCOMPARE(shown->text(), u"2 of 3 shown"_qs);
        QVERIFY(test::shoot(&window(), u"10-filtered"_qs));
        QTest::keyClick(filter, Qt::Key_Escape);
        QVERIFY(filter->text().isEmpty());
        QCOMPARE(window().proxy()->rowCount(), 3);
        QVERIFY(shown->text().isEmpty());
    }

    // Minor 14: JSON export put the summary after the streams; the README shows it first.
    void jsonExportSummaryFirst()
    {
        window().addText(u"j-1"_qs);
        const QString path = m_dir.filePath(u"x.json"_qs);
        QVERIFY(window().exportResults(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.indexOf("\"summary\"") < bytes.indexOf("\"streams\""));
        QVERIFY(QJsonDocument::fromJson(bytes).isObject());
    }

    // Minor 12: a retry under another profile than the run's gave no warning.
    void retryUnderAnotherProfileWarns()
    {
        window().addText(u"ok-1 fail-404-r"_qs);
        Prompt::setNextAnswer(true);
        window().startStop();
        waitForRun();
        Profile p;
        p.name = u"other"_qs;
        p.appId = 42;
        p.environment = Profile::Environment::Test;
        QVERIFY(window().profiles()->add(p).isEmpty());
        QVERIFY(window().selectProfile(u"other"_qs));
        Prompt::setNextAnswer(false); // look, do not send
        window().startStop(true);
        QVERIFY2(Prompt::lastText().contains(
                     u"last sent with “Practice (simulator)”; this retry uses “other”"_qs),
                 qPrintable(Prompt::lastText()));
        QVERIFY(window().profiles()->remove(u"other"_qs).isEmpty());
    }

    // Issue 11, defect 11: on the next start the console offers an interrupted run's unsent and
    // unanswered streams.
    void interruptedRunIsOffered()
    {
        {
            History h;
            QVERIFY(h.isOpen());
            History::RunInfo info;
            info.profile = u"acme-prod"_qs;
            info.appId = 7;
            info.streamIds = {u"int-1"_qs, u"int-2"_qs, u"int-3"_qs};
            const qint64 run = h.beginRun(info);
            QVERIFY(run > 0);
            CallRecord call;
            call.callId = 1;
            call.streamIds = {u"int-1"_qs};
            QVERIFY(h.recordCallSending(run, call)); // sent, then the process died
        }
        newWindow();
        Prompt::setNextAnswer(true);
        window().offerInterruptedRun();
        QVERIFY2(Prompt::lastText().contains(u"did not finish: 3 stream"_qs),
                 qPrintable(Prompt::lastText()));
        QCOMPARE(model().rowCount(), 3);
        QVERIFY(model().rowOf(u"int-1"_qs) >= 0);
    }

    // Call numbers start at 1 in every run: a row from the first run must still show its own call
    // after a retry whose call 1 carried other streams.
    void detailsShowTheRowsOwnCall()
    {
        window().addText(u"own-1 fail-404-own2"_qs);
        Prompt::setNextAnswer(true);
        window().startStop();
        waitForRun();
        Prompt::setNextAnswer(true);
        window().startStop(true); // call 1 of this run carries fail-404-own2 alone
        waitForRun();
        const int row = model().rowOf(u"own-1"_qs);
        QVERIFY2(window().curlForRow(row).contains(u"StreamId%5B%5D=own-1"_qs),
                 qPrintable(window().curlForRow(row)));
        window().table()->selectRow(window().proxy()->mapFromSource(model().index(row, 0)).row());
        QVERIFY(window().detailsText().contains(u"StreamId%5B%5D=own-1"_qs));
    }

    // Issue 12: the status line shows how the gateway answers (latency) and the pace.
    void statusLineShowsLatencyAndPace()
    {
        QVERIFY(window().practice()->start());
        window().practice()->gateway()->setLatencyMs(300);
        QString text;
        for (int i = 0; i < 300; ++i) // 30 calls at 10/s: three seconds to look at
            text += QStringLiteral("lat-%1 ").arg(i);
        window().addText(text);
        Prompt::setNextAnswer(true);
        window().startStop();
        // The gateway's 300 ms, once the first answers are in.
        QTRY_VERIFY_WITH_TIMEOUT(window().paceText().startsWith(u"latency "_qs) &&
                                     window().paceText().section(u' ', 1, 1).toInt() >= 250,
                                 10000);
        QVERIFY2(window().paceText().contains(u" calls/s · "_qs), qPrintable(window().paceText()));
        waitForRun();
        window().practice()->gateway()->setLatencyMs(0);
    }

    // The accessibility pass: every control a person can reach has a name a screen reader says.
    void everyControlHasAnAccessibleName()
    {
        window().addText(u"a-1"_qs);
        QStringList unnamed;
        for (QWidget *w : window().findChildren<QWidget *>()) {
            if (!w->isVisibleTo(&window()) || w->focusPolicy() == Qt::NoFocus)
                continue;
            if (qobject_cast<QAbstractScrollArea *>(w->parentWidget())) // viewports
                continue;
            QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
            if (!a || a->text(QAccessible::Name).trimmed().isEmpty())
                unnamed << QString::fromLatin1(w->metaObject()->className()) + u' ' +
                               w->objectName();
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_qs)));
    }

    // The whole stop – retry – export flow with the keyboard alone, through the real dialogs.
    void keyboardOnlyStopRetryExport()
    {
        const auto pressUntil = [](QWidget *modal, const QString &prefix) {
            for (int i = 0; i < 6; ++i) {
                auto *b = qobject_cast<QAbstractButton *>(QApplication::focusWidget());
                if (b && b->text().startsWith(prefix)) {
                    QTest::keyClick(b, Qt::Key_Space);
                    return true;
                }
                QTest::keyClick(modal, Qt::Key_Tab);
            }
            return false;
        };
        QTest::keyClicks(QApplication::focusWidget(), u"kb-1 fail-404-kb2 kb-3"_qs);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(model().rowCount(), 3);
        bool confirmed = false;
        test::whenModal([&](QWidget *modal) { return confirmed = pressUntil(modal, u"Stop "_qs); });
        QTest::keyClick(&window(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(confirmed);
        waitForRun();
        QCOMPARE(model().outcomeAt(model().rowOf(u"kb-1"_qs)).status, StreamStatus::Succeeded);
        QCOMPARE(model().needsRetryCount(), 1); // the vendor refused fail-404-kb2
        confirmed = false;
        test::whenModal([&](QWidget *modal) { return confirmed = pressUntil(modal, u"Stop "_qs); });
        QVERIFY(window().findChild<QPushButton *>(u"retry"_qs)->isEnabled());
        QTest::keySequence(&window(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
        QVERIFY(confirmed);
        waitForRun();
        const QString path = m_dir.filePath(u"keyboard.csv"_qs);
        bool typed = false;
        test::whenModal([&](QWidget *modal) {
            if (!qobject_cast<QFileDialog *>(modal))
                return false;
            QWidget *field = QApplication::focusWidget();
            if (!qobject_cast<QLineEdit *>(field))
                return false;
            qobject_cast<QLineEdit *>(field)->clear();
            QTest::keyClicks(field, path);
            QTest::keyClick(field, Qt::Key_Return);
            return typed = true;
        });
        QTest::keyClick(&window(), Qt::Key_S, Qt::ControlModifier);
        QVERIFY(typed);
        QApplication::setActiveWindow(m_window.get());
        QTRY_VERIFY(QFile::exists(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("kb-1,stop,stopped"));
    }
};

QTEST_MAIN(TestConsoleNewcomer)
#include "test_console_newcomer.moc"
