// SPDX-License-Identifier: GPL-3.0-or-later
// Every window and dialog of the console walked with real Tab and Shift+Tab keys
// (tests/support/focuschain.h): no control a person could use is skipped, no hidden or disabled
// widget takes the focus, and no control keeps it (the walk comes back to where it began).
#include "focuschain.h"
#include "historydialog.h"
#include "mainwindow.h"
#include "preferencesdialog.h"
#include "profiledialog.h"
#include "restartdialog.h"
#include "teampage.h"
#include <app/application.h>
#include <store/history.h>
#include <store/profilestore.h>
#include <store/secretstore.h>

#include <QApplication>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QVBoxLayout>

using namespace cdnrec;

class TestFocusChain : public QObject
{
    Q_OBJECT
private:
    // Shows `w` as the active window, as a window manager would (offscreen does not).
    static bool showActive(QWidget *w)
    {
        w->show();
        QApplication::setActiveWindow(w);
        return QTest::qWaitForWindowActive(w);
    }

    static QString report(const QStringList &problems)
    {
        return QStringLiteral("\n  ") + problems.join(QStringLiteral("\n  "));
    }

    // Two runs with streams, so that the tables have rows and the buttons are enabled.
    static void fillHistory(History &h)
    {
        for (const QString &prefix : {u"a"_qs, u"b"_qs}) {
            History::RunInfo info;
            info.profile = u"Acme"_qs;
            info.appId = 1234567890;
            info.vendor = u"Tencent"_qs;
            info.streamIds = {prefix + u"-1"_qs, prefix + u"-2"_qs};
            const qint64 run = h.beginRun(info);
            QList<StreamOutcome> outs;
            for (const QString &id : info.streamIds) {
                StreamOutcome o;
                o.streamId = id;
                o.status = StreamStatus::Succeeded;
                o.attempts = 1;
                outs.append(o);
            }
            h.endRun(run, outs, false);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"cdnrec"_qs);
        QCoreApplication::setApplicationName(u"cdnrec"_qs);
        installTranslations(u"en"_qs);
    }

    // The walker itself: a window with each kind of fault planted, and the same window mended.
    void walkerFindsPlantedFaults()
    {
        QDialog d;
        auto *layout = new QVBoxLayout(&d);
        auto *first = new QLineEdit(&d);
        auto *table = new QTableWidget(3, 3, &d);
        auto *date = new QDateEdit(&d);
        date->setDisplayFormat(u"yyyy-MM-dd"_qs);
        auto *a = new QPushButton(u"A"_qs, &d);
        auto *b = new QPushButton(u"B"_qs, &d);
        auto *c = new QPushButton(u"C"_qs, &d);
        for (QWidget *w : std::initializer_list<QWidget *>{first, table, date, a, b, c})
            layout->addWidget(w);
        table->setCurrentCell(0, 0);
        QVERIFY(showActive(&d));

        // A table that walks its cells on Tab, a date field its parts: both keep the focus.
        QStringList problems = test::focusChainProblems(&d, first);
        QVERIFY2(problems.join(u'\n').contains(u"stays in QTableWidget"_qs),
                 qPrintable(report(problems)));
        QVERIFY2(problems.join(u'\n').contains(u"stays in QDateEdit"_qs),
                 qPrintable(report(problems)));

        // Mended, but C takes the focus from a click only, and the notes keep Tab as text.
        table->setTabKeyNavigation(false);
        date->setEnabled(false);
        c->setFocusPolicy(Qt::ClickFocus);
        auto *notes = new QPlainTextEdit(&d);
        layout->addWidget(notes);
        notes->show();
        problems = test::walkFocus(&d, first, true).problems;
        QVERIFY2(problems.join(u'\n').contains(u"Tab skips QPushButton “C”"_qs),
                 qPrintable(report(problems)));
        QVERIFY2(problems.join(u'\n').contains(u"stays in QPlainTextEdit"_qs),
                 qPrintable(report(problems)));
        QVERIFY2(problems.join(u'\n').contains(u"never came back"_qs),
                 qPrintable(report(problems)));

        // Mended: nothing found, and the walk went round (the disabled date field not in it).
        c->setFocusPolicy(Qt::StrongFocus);
        notes->setTabChangesFocus(true);
        const test::FocusWalk walk = test::walkFocus(&d, first, true);
        QVERIFY2(walk.problems.isEmpty(), qPrintable(report(walk.problems)));
        QVERIFY(walk.returned);
        QCOMPARE(walk.visited, (QList<QWidget *>{first, table, a, b, c, notes}));
        QVERIFY2(test::focusChainProblems(&d, first).isEmpty(),
                 qPrintable(report(test::focusChainProblems(&d, first))));
    }

    void mainWindow()
    {
        MainWindow w;
        QVERIFY(showActive(&w));
        QWidget *start = QApplication::focusWidget();
        QVERIFY(start);
        const QStringList problems = test::focusChainProblems(&w, start);
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
        QVERIFY(test::walkFocus(&w, start, true).visited.size() >= 8); // it went round
        // With streams in the list: more controls enabled, and the list must not keep Tab.
        w.addText(u"walk-1 walk-2 walk-3"_qs);
        QCoreApplication::processEvents();
        const QStringList withRows = test::focusChainProblems(&w, start);
        QVERIFY2(withRows.isEmpty(), qPrintable(report(withRows)));
    }

    void profileDialog()
    {
        ProfileStore store;
        SecretStore secrets;
        ProfileDialog d(&store, &secrets);
        QVERIFY(showActive(&d));
        d.newProfile();
        // Region "Unified": the endpoint field is disabled and must not take the focus.
        QVERIFY(!d.endpointEdit()->isEnabled());
        QStringList problems = test::focusChainProblems(&d, d.nameEdit());
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
        // A custom endpoint: now it is in the chain.
        d.regionBox()->setCurrentIndex(d.regionBox()->findData(u"custom"_qs));
        const test::FocusWalk walk = test::walkFocus(&d, d.nameEdit(), true);
        QVERIFY2(walk.problems.isEmpty(), qPrintable(report(walk.problems)));
        QVERIFY(walk.visited.contains(d.endpointEdit()));
    }

    void historyDialog()
    {
        QFile::remove(History::defaultPath()); // a history of this test's own
        History h;
        fillHistory(h);
        HistoryDialog d(&h);
        QVERIFY(showActive(&d));
        QTRY_VERIFY(!d.isLoading());
        QCOMPARE(d.runsTable()->rowCount(), 2);
        QTRY_VERIFY(!d.isLoading() && d.streamsTable()->rowCount() == 2);
        const QStringList problems = test::focusChainProblems(&d, d.streamFilter());
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
        const test::FocusWalk walk = test::walkFocus(&d, d.streamFilter(), true);
        // Filters, both tables, the calls and the buttons: all reached, the tables left.
        QVERIFY(walk.visited.contains(d.runsTable()));
        QVERIFY(walk.visited.contains(d.streamsTable()));
        QVERIFY(walk.visited.size() >= 12);
    }

    void preferencesDialog()
    {
        SecretStore secrets;
        PreferencesDialog d(&secrets);
        QVERIFY(showActive(&d));
        for (QWidget *page : {d.tabs()->widget(0), static_cast<QWidget *>(d.teamPage())}) {
            d.tabs()->setCurrentWidget(page);
            QCoreApplication::processEvents();
            const QStringList problems = test::focusChainProblems(&d, d.tabs()->tabBar());
            QVERIFY2(problems.isEmpty(),
                     qPrintable(report(
                         QStringList{u"page "_qs + d.tabs()->tabText(d.tabs()->currentIndex())} +
                         problems)));
        }
    }

    void restartDialog()
    {
        RestartDialog d(12, u"Profile: Acme · AppId 1234567890"_qs);
        QVERIFY(showActive(&d));
        QWidget *start = QApplication::focusWidget();
        QVERIFY(start);
        QStringList problems = test::focusChainProblems(&d, start);
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
        QVERIFY(test::walkFocus(&d, start, true).visited.size() >= 3);
        // With a clock time chosen (the checked radio button is the group's Tab stop), its field
        // joins the chain.
        d.untilButton()->setChecked(true);
        QCoreApplication::processEvents();
        problems = test::focusChainProblems(&d, d.untilButton());
        QVERIFY(test::walkFocus(&d, d.untilButton(), true).visited.contains(d.untilEdit()));
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }
};

QTEST_MAIN(TestFocusChain)
#include "test_focus_chain.moc"
