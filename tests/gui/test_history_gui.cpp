// SPDX-License-Identifier: GPL-3.0-or-later
// The console and its history: the History window, a console run and a CLI run writing at the
// same time, and a history that cannot be opened or read.
#include "focuschain.h"
#include "guitest.h"
#include "historydialog.h"
#include "historytest.h"
#include "mainwindow.h"
#include "preferencesdialog.h"
#include "prompt.h"
#include "simserver.h"
#include "streamtablemodel.h"
#include <app/application.h>
#include <app/run.h>
#include <store/history.h>
#include <store/historyreader.h>
#include <store/secretstore.h>
#include <store/settings.h>

#include <QAccessible>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QThreadPool>
#include <QTimer>

using namespace cdnrec;

class TestHistoryGui : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    bool runStop(MainWindow &w)
    {
        Prompt::setNextAnswer(true);
        w.startStop();
        Job *job = w.job();
        if (!job)
            return false;
        QElapsedTimer t;
        t.start();
        while (!job->isFinished() && t.elapsed() < 30000)
            QTest::qWait(20);
        return job->isFinished();
    }

    // Every read of the window is on a worker: wait until the last one is shown.
    static bool settled(HistoryDialog &d)
    {
        QElapsedTimer t;
        t.start();
        while (d.isLoading() && t.elapsed() < 30000)
            QTest::qWait(10);
        return !d.isLoading();
    }

    // A control of the window, by its accessible name.
    template <typename T> static T *control(HistoryDialog &d, const QString &name)
    {
        for (T *w : d.findChildren<T *>()) {
            if (w->accessibleName() == name)
                return w;
        }
        return nullptr;
    }

    // A history with one finished run and one interrupted run (no profile recorded).
    void fillHistory(History &h)
    {
        History::RunInfo info;
        info.profile = u"Acme"_qs;
        info.appId = 1234567890;
        info.vendor = u"Tencent"_qs;
        info.streamIds = {u"done-1"_qs, u"=HYPERLINK(\"http://x\")"_qs};
        const qint64 a = h.beginRun(info);
        QList<StreamOutcome> outs;
        for (const QString &id : info.streamIds) {
            StreamOutcome o;
            o.streamId = id;
            o.status = StreamStatus::Succeeded;
            o.attempts = 1;
            o.message = u"-2+3"_qs;
            outs.append(o);
        }
        h.endRun(a, outs, false);
        History::RunInfo killed;
        killed.streamIds = {u"k-1"_qs, u"k-2"_qs, u"k-3"_qs};
        const qint64 b = h.beginRun(killed);
        test::recordStopped(h, b, killed.streamIds.mid(0, 2));
    }

private Q_SLOTS:
    void initTestCase();
    void init();
    void historyWindow();
    void consoleAndCliAtOnce();
    void corruptHistoryIsMovedAside();
    void noHistoryNothingSent();
    void preferences();
    void enterInFilterAppliesNotExports();
    void runsTableFillsItsWidth();
    void interruptedRunShowsCounts();
    void everyControlHasAnAccessibleName();
    void statusesAreTranslated();
    void csvExportNeutralisesFormulas();
    void fileCheckRunsInTheBackground();
    void largeHistoryIsReadOnAWorkerAndCapped();
    void keyboardReachesEveryControlOnce();
    void headersSort();
    void streamFilterAppliesAsTyped();
    void loadAndExportSayWhatTheyDid();
    void requestIdsShowWhatDiffers();
    void aRestartRefusedAsAlreadyRecordingSaysSo();
    void practiceRunIsNamedInTheWindowsLanguage();
    void longProfileNameLeavesTheFilters();
};

void TestHistoryGui::initTestCase()
{
    QCoreApplication::setOrganizationName(u"cdnrec"_qs);
    QCoreApplication::setApplicationName(u"cdnrec"_qs);
    installTranslations(u"en"_qs);
}

void TestHistoryGui::init()
{
    // A fresh history for each test.
    QFile::remove(History::defaultPath());
    QFile::remove(History::defaultPath() + u"-wal"_qs);
    QFile::remove(History::defaultPath() + u"-shm"_qs);
}

void TestHistoryGui::historyWindow()
{
    MainWindow w;
    w.show();
    w.addText(u"h-1 fail-404-h2 missing-h3"_qs);
    QVERIFY(runStop(w));
    HistoryDialog d(w.history(), &w);
    d.show();
    QVERIFY(settled(d));
    QCOMPARE(d.runsTable()->rowCount(), 1);
    QVERIFY(d.runsTable()->item(0, 8)->text().contains(u"1 stopped, 1 failed, 1 unknown"_qs));
    QCOMPARE(d.runsTable()->item(0, 2)->text(), u"Stop"_qs); // the action of every run
    QCOMPARE(d.streamsTable()->rowCount(), 3);
    QVERIFY(d.detailsText().contains(u"Call 1 (attempt 1)"_qs));
    QVERIFY(d.detailsText().contains(u"\"Tencent\""_qs));
    const QString dir = qEnvironmentVariable("CDNREC_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        d.grab().save(QDir(dir).filePath(u"8-history.png"_qs));
        installTranslations(u"zh_CN"_qs); // a dialog opened in Chinese
        {
            HistoryDialog zh(w.history(), &w);
            zh.show();
            zh.resize(d.size());
            QVERIFY(settled(zh));
            QCoreApplication::processEvents();
            zh.grab().save(QDir(dir).filePath(u"8b-history-zh.png"_qs));
        }
        installTranslations(u"en"_qs);
    }

    // Filter by a stream that was never stopped: no run.
    d.streamFilter()->setText(u"nobody"_qs);
    d.refresh();
    QVERIFY(settled(d));
    QCOMPARE(d.runsTable()->rowCount(), 0);
    d.streamFilter()->setText(u"fail-404-h2"_qs);
    d.refresh();
    QVERIFY(settled(d));
    QCOMPARE(d.runsTable()->rowCount(), 1);

    const QString csv = m_dir.filePath(u"run.csv"_qs);
    QSignalSpy exported(&d, &HistoryDialog::runExported);
    d.exportRun(csv);
    QVERIFY(exported.wait(30000));
    QCOMPARE(exported.front(), (QVariantList{csv, true}));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    // Every row says what the run did (a restart run exports "start").
    QVERIFY(f.readAll().contains(",stop,fail-404-h2,failed"));

    // Load the ones to retry into a fresh console.
    MainWindow fresh;
    connect(&d, &HistoryDialog::loadStreams, &fresh,
            [&fresh](const QStringList &ids) { fresh.addText(ids.join(u'\n')); });
    QSignalSpy loaded(&d, &HistoryDialog::loadStreams);
    d.loadSelectedRun(true);
    QVERIFY(loaded.wait(30000));
    QCOMPARE(loaded.front().front().toStringList(),
             (QStringList{u"fail-404-h2"_qs, u"missing-h3"_qs}));
    QCOMPARE(fresh.model()->rowCount(), 2);
}

void TestHistoryGui::consoleAndCliAtOnce()
{
    // A simulator for the CLI; the console uses its practice one. Both write the same history.
    SimConfig c;
    c.secret = u"concurrent-secret"_qs;
    c.rateLimit = 1000;
    SimServer sim(c);
    QVERIFY(sim.start());
    MainWindow w;
    QString consoleIds, cliIds;
    for (int i = 0; i < 60; ++i) {
        consoleIds += QStringLiteral("gui-%1 ").arg(i);
        cliIds += QStringLiteral("cli-%1\n").arg(i);
    }
    w.addText(consoleIds);
    QFile list(m_dir.filePath(u"cli.txt"_qs));
    QVERIFY(list.open(QIODevice::WriteOnly));
    list.write(cliIds.toUtf8());
    list.close();
    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"CDNREC_SERVER_SECRET"_qs, c.secret);
    cli.setProcessEnvironment(env); // same XDG_DATA_HOME: the same history file
    QSignalSpy cliDone(&cli, &QProcess::finished);
    cli.start(QStringLiteral(CDNREC_CLI),
              {u"stop"_qs, u"--vendor"_qs, u"Ws"_qs, u"--endpoint"_qs, sim.url().toString(),
               u"--app-id"_qs, u"1234567890"_qs, u"--batch-size"_qs, u"1"_qs, u"--rate"_qs,
               u"100"_qs, u"--file"_qs, list.fileName()});
    QVERIFY(runStop(w)); // 60 streams, batch 10, 10 calls/s: overlaps the CLI's 60 calls
    QVERIFY(!cliDone.isEmpty() || cliDone.wait(30000)); // it may have finished first
    QCOMPARE(cli.exitCode(), 0);

    History h;
    const auto runs = h.runs();
    QCOMPARE(runs.size(), 2);
    for (const auto &r : runs) {
        QVERIFY(r.endedAt.isValid());
        QCOMPARE(r.requested, 60);
        QCOMPARE(r.stopped, 60);
        QCOMPARE(h.streams(r.id).size(), 60);
        for (const auto &call : h.calls(r.id))
            QCOMPARE(call.state, u"answered"_qs);
    }
    QCOMPARE(h.calls(runs[0].id).size() + h.calls(runs[1].id).size(), 6 + 60);
}

void TestHistoryGui::corruptHistoryIsMovedAside()
{
    QDir().mkpath(QFileInfo(History::defaultPath()).absolutePath());
    QFile bad(History::defaultPath());
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("garbage garbage garbage garbage garbage garbage garbage garbage\n");
    bad.close();
    MainWindow w;
    w.show();
    w.addText(u"after-corruption"_qs);
    QVERIFY(runStop(w));
    QVERIFY2(w.bannerText().contains(u"moved to"_qs), qPrintable(w.bannerText()));
    QCOMPARE(w.model()->outcomeAt(0).status, StreamStatus::Succeeded);
    QCOMPARE(History().runs().size(), 1);
    const QStringList aside = QDir(QFileInfo(History::defaultPath()).absolutePath())
                                  .entryList({u"history.sqlite.unreadable-*"_qs});
    QVERIFY(!aside.isEmpty());
    for (const QString &f : aside)
        QFile::remove(QFileInfo(History::defaultPath()).absolutePath() + u'/' + f);
}

void TestHistoryGui::noHistoryNothingSent()
{
    // A folder where the database should be: it cannot be opened (nor is it corrupt).
    QDir().mkpath(History::defaultPath());
    MainWindow w;
    w.show();
    w.addText(u"must-not-go"_qs);
    Prompt::setNextAnswer(true);
    w.startStop();
    QVERIFY(!w.job());
    QVERIFY2(w.bannerText().contains(u"Not sent: the history cannot record"_qs),
             qPrintable(w.bannerText()));
    QCOMPARE(w.model()->outcomeAt(0).attempts, 0);
    QDir(History::defaultPath()).removeRecursively();
}

void TestHistoryGui::preferences()
{
    QCOMPARE(Settings::historyKeepDays(), 0);
    QVERIFY(Settings::historyRequireRecording());
    {
        SecretStore secrets;
        PreferencesDialog d(&secrets);
        d.keepDaysBox()->setValue(30);
        d.requireBox()->setChecked(false);
        d.save();
    }
    QCOMPARE(Settings::historyKeepDays(), 30);
    QVERIFY(!Settings::historyRequireRecording());
    // Without a history, and recording not required: the stop goes, and says nothing is kept.
    QDir().mkpath(History::defaultPath());
    {
        MainWindow w;
        w.addText(u"goes-anyway"_qs);
        QVERIFY(runStop(w));
        QCOMPARE(w.model()->outcomeAt(0).status, StreamStatus::Succeeded);
    }
    QDir(History::defaultPath()).removeRecursively();
    QSettings().remove(u"history"_qs);
    QVERIFY(Settings::historyRequireRecording());
}

void TestHistoryGui::enterInFilterAppliesNotExports()
{
    History h;
    fillHistory(h);
    HistoryDialog d(&h);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    // Any window that opens modally (the export's file dialog) is noted and closed.
    QStringList opened;
    QTimer watchdog;
    connect(&watchdog, &QTimer::timeout, this, [&] {
        QWidget *modal = QApplication::activeModalWidget();
        if (modal && modal != &d) {
            opened.append(QString::fromLatin1(modal->metaObject()->className()));
            if (auto *dialog = qobject_cast<QDialog *>(modal))
                dialog->reject();
            else
                modal->close();
        }
    });
    watchdog.start(20);
    auto *exportButton = d.findChild<QPushButton *>();
    QVERIFY(exportButton);
    int clicks = 0;
    for (QPushButton *b : d.findChildren<QPushButton *>())
        connect(b, &QPushButton::clicked, this, [&clicks] { ++clicks; });
    QVERIFY(settled(d));
    QCOMPARE(d.runsTable()->rowCount(), 2);
    d.streamFilter()->setFocus();
    d.streamFilter()->setText(u"k-2"_qs);
    QTest::keyClick(d.streamFilter(), Qt::Key_Return);
    QTest::qWait(100);
    QVERIFY(settled(d));
    QCOMPARE(opened, QStringList());
    QCOMPARE(clicks, 0);
    QVERIFY(d.isVisible());
    QCOMPARE(d.runsTable()->rowCount(), 1); // the filter applied
    QTest::keyClick(d.streamFilter(), Qt::Key_Enter);
    QTest::qWait(100);
    QCOMPARE(opened, QStringList());
    QCOMPARE(clicks, 0);
    for (QPushButton *b : d.findChildren<QPushButton *>())
        QVERIFY2(!b->isDefault() && !b->autoDefault(), qPrintable(b->text()));
}

void TestHistoryGui::runsTableFillsItsWidth()
{
    History h;
    fillHistory(h);
    HistoryDialog d(&h);
    d.resize(1100, 700);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QVERIFY(settled(d));
    QHeaderView *header = d.runsTable()->horizontalHeader();
    const auto fills = [&] {
        return header->length() >= d.runsTable()->viewport()->width();
    };
    QVERIFY(fills());
    for (const QString &text : {u"nobody"_qs, u"k-1"_qs, QString()}) {
        d.streamFilter()->setText(text);
        d.refresh();
        QVERIFY(settled(d));
        QApplication::processEvents();
        QVERIFY2(fills(), qPrintable(QStringLiteral("filter '%1': header %2 of %3")
                                         .arg(text)
                                         .arg(header->length())
                                         .arg(d.runsTable()->viewport()->width())));
    }
}

void TestHistoryGui::interruptedRunShowsCounts()
{
    History h;
    fillHistory(h);
    HistoryDialog d(&h);
    QVERIFY(settled(d));
    QCOMPARE(d.runsTable()->rowCount(), 2);
    const QString outcome = d.runsTable()->item(0, 8)->text(); // newest first: the killed run
    QVERIFY2(outcome.contains(u"2 stopped"_qs), qPrintable(outcome));
    QVERIFY2(outcome.contains(u"1 not sent"_qs), qPrintable(outcome));
    QVERIFY2(outcome.contains(u"interrupted"_qs), qPrintable(outcome));
    QCOMPARE(d.runsTable()->item(0, 4)->text(), u"(not recorded)"_qs);
    QCOMPARE(d.runsTable()->item(1, 4)->text(), u"Acme"_qs);
    d.selectRun(0);
    QVERIFY(settled(d));
    QCOMPARE(d.streamsTable()->item(2, 1)->text(),
             historyStatusDisplayName(HistoryStatus::NotSent));
    QCOMPARE(d.streamsTable()->item(2, 1)->text(), u"Not sent"_qs);
}

void TestHistoryGui::everyControlHasAnAccessibleName()
{
    History h;
    fillHistory(h);
    HistoryDialog d(&h);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QVERIFY(settled(d));
    const auto insideAnotherControl = [&d](QWidget *w) {
        for (QWidget *p = w->parentWidget(); p && p != &d; p = p->parentWidget()) {
            if (qobject_cast<QAbstractSpinBox *>(p) || qobject_cast<QComboBox *>(p) ||
                qobject_cast<QLineEdit *>(p) || qobject_cast<QAbstractItemView *>(p) ||
                qobject_cast<QTextBrowser *>(p))
                return true;
        }
        return false;
    };
    int checked = 0;
    for (QWidget *w : d.findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w) ||
                             qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractSpinBox *>(w) ||
                             qobject_cast<QAbstractItemView *>(w) ||
                             qobject_cast<QTextBrowser *>(w);
        if (!control || insideAnotherControl(w))
            continue;
        ++checked;
        QVERIFY2(!w->accessibleName().isEmpty(),
                 qPrintable(
                     QStringLiteral("%1 \"%2\"")
                         .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName())));
    }
    QVERIFY(checked >= 12);
}

void TestHistoryGui::statusesAreTranslated()
{
    History h;
    fillHistory(h);
    installTranslations(u"zh_CN"_qs);
    {
        HistoryDialog d(&h);
        QVERIFY(settled(d));
        d.selectRun(1); // the finished run: both stopped
        QVERIFY(settled(d));
        QCOMPARE(d.streamsTable()->item(0, 1)->text(), u"已停止"_qs);
        // No stored key in the filter or the table, in any language.
        static const QRegularExpression key(u"^[a-z_-]+$"_qs);
        for (int i = 0; i < d.statusFilter()->count(); ++i)
            QVERIFY2(!key.match(d.statusFilter()->itemText(i)).hasMatch(),
                     qPrintable(d.statusFilter()->itemText(i)));
        QVERIFY(d.statusFilter()->findText(u"已停止"_qs) > 0);
        d.selectRun(0);
        QVERIFY(settled(d));
        for (int r = 0; r < d.streamsTable()->rowCount(); ++r)
            QVERIFY2(!key.match(d.streamsTable()->item(r, 1)->text()).hasMatch(),
                     qPrintable(d.streamsTable()->item(r, 1)->text()));
    }
    installTranslations(u"en"_qs);
}

void TestHistoryGui::csvExportNeutralisesFormulas()
{
    History h;
    fillHistory(h);
    HistoryDialog d(&h);
    QVERIFY(settled(d));
    d.selectRun(1);
    const QString csv = m_dir.filePath(u"formulas.csv"_qs);
    QSignalSpy exported(&d, &HistoryDialog::runExported);
    d.exportRun(csv);
    QVERIFY(exported.wait(30000));
    QCOMPARE(exported.front().at(1).toBool(), true);
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray data = f.readAll();
    QVERIFY2(data.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), data.constData());
    QVERIFY2(data.contains(",'-2+3,"), data.constData());
    QVERIFY(!data.contains(",=HYPERLINK"));
    QVERIFY(data.startsWith("run,action,stream_id,status,"));
}

void TestHistoryGui::fileCheckRunsInTheBackground()
{
    History h;
    fillHistory(h);
    HistoryDialog d(&h);
    QSignalSpy checked(&d, &HistoryDialog::fileChecked);
    d.checkFile();
    QVERIFY(checked.isEmpty()); // the answer comes later, from the event loop
    QVERIFY(checked.wait(20000));
    QCOMPARE(checked.front().front().toBool(), true);
    // A window closed before the answer: nothing happens to it.
    auto *gone = new HistoryDialog(&h);
    gone->checkFile();
    delete gone;
    QTest::qWait(200);
}

void TestHistoryGui::largeHistoryIsReadOnAWorkerAndCapped()
{
    // More runs than the window lists; the newest has more streams and calls than it shows.
    History h;
    for (int i = 0; i < HistoryReader::MaxRuns; ++i) {
        History::RunInfo old;
        old.profile = u"Old"_qs;
        old.streamIds = {u"old-%1"_qs.arg(i)};
        h.endRun(h.beginRun(old), {}, false);
    }
    History::RunInfo big;
    big.profile = u"Big"_qs;
    for (int i = 0; i <= HistoryReader::MaxStreams; ++i)
        big.streamIds.append(u"big-%1"_qs.arg(i));
    const qint64 bigRun = h.beginRun(big);
    test::recordStopped(h, bigRun, big.streamIds.mid(0, HistoryReader::MaxCalls + 1));

    // Every worker is busy (a long read elsewhere): the window's read waits for one. Where the
    // window read on the GUI thread instead, its rows would be there before it returns. (Not
    // shown meanwhile: Qt's raster painting shares these workers and would wait too.)
    QThreadPool *pool = QThreadPool::globalInstance();
    QSemaphore busy;
    const int workers = pool->maxThreadCount();
    for (int i = 0; i < workers; ++i)
        pool->start([&busy] { busy.acquire(); });
    auto freeWorkers = qScopeGuard([&] { busy.release(workers); }); // also when a check fails
    {
        HistoryDialog d(&h);
        // The window answers while its read waits.
        QVERIFY(d.isLoading());
        QCOMPARE(d.runsTable()->rowCount(), 0);
        QLabel *info = control<QLabel>(d, u"What the history shows"_qs);
        QVERIFY(info);
        QCOMPARE(info->text(), u"Reading the history…"_qs);
        bool ticked = false;
        QTimer::singleShot(0, &d, [&ticked] { ticked = true; });
        QTRY_VERIFY(ticked);
        QTest::keyClicks(d.streamFilter(), u"big"_qs);
        QCOMPARE(d.streamFilter()->text(), u"big"_qs);
        d.streamFilter()->clear();
        QVERIFY(d.isLoading());
        freeWorkers.dismiss();
        busy.release(workers);
        d.show();

        // The newest runs only, and the window says so.
        QVERIFY(settled(d));
        QCOMPARE(d.runsTable()->rowCount(), HistoryReader::MaxRuns);
        QVERIFY2(info->text().startsWith(u"Showing the newest 1,000 of 1,001 runs"_qs),
                 qPrintable(info->text()));
        QCOMPARE(d.runsTable()->item(0, 0)->text(), QString::number(bigRun));
        // The profile filter names the profiles of every run, not only of those listed.
        QComboBox *profiles = control<QComboBox>(d, u"Filter by profile"_qs);
        QVERIFY(profiles);
        QCOMPARE(profiles->findData(u"Big"_qs), 1);
        QCOMPARE(profiles->findData(u"Old"_qs), 2);

        // The newest run is selected: its first streams and calls, and how many there are.
        QCOMPARE(d.streamsTable()->rowCount(), HistoryReader::MaxStreams);
        QCOMPARE(d.streamsTable()->item(0, 0)->text(), u"big-0"_qs);
        const QString details = d.detailsText();
        QVERIFY2(details.contains(u"showing the first 10,000 of its 10,001 streams and the first "
                                  u"1,000 of its 1,001 calls"_qs),
                 qPrintable(details.left(400)));
        QVERIFY(details.contains(u"Call 1000 (attempt 1)"_qs));
        QVERIFY(!details.contains(u"Call 1001 "_qs));

        // Load into the console: every stream of the run, not only those shown.
        QSignalSpy loaded(&d, &HistoryDialog::loadStreams);
        d.loadSelectedRun(false);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.front().front().toStringList().size(), big.streamIds.size());
    }
}

// Shows the window as the active one, as a window manager would, so that keys reach it.
static bool showActive(QWidget *w)
{
    w->show();
    QApplication::setActiveWindow(w);
    return QTest::qWaitForWindowActive(w);
}

void TestHistoryGui::keyboardReachesEveryControlOnce()
{
    History h;
    fillHistory(h);
    HistoryDialog d(&h);
    QVERIFY(showActive(&d));
    QVERIFY(settled(d));
    QCOMPARE(QApplication::focusWidget(), d.streamFilter());
    // From the stream filter, Tab goes on to the next filter, through both date fields (not into
    // their year, month and day), the runs, a run's streams and calls, and the buttons.
    const test::FocusWalk walk = test::walkFocus(&d, d.streamFilter(), true);
    QVERIFY2(walk.problems.isEmpty(), qPrintable(walk.problems.join(u'\n')));
    QStringList names;
    for (QWidget *w : walk.visited)
        names << w->accessibleName();
    const QStringList expected{u"Filter by stream ID"_qs,
                               u"Filter by profile"_qs,
                               u"Filter by outcome"_qs,
                               u"From date"_qs,
                               u"To date"_qs,
                               u"Runs, newest first"_qs,
                               u"The run's streams"_qs,
                               u"The run's calls and their answers"_qs};
    QCOMPARE(names.mid(0, expected.size()), expected);
    // Shift+Tab in the streams table leaves it at once, for the runs.
    d.streamsTable()->setFocus(Qt::TabFocusReason);
    d.streamsTable()->setCurrentCell(1, 2);
    QTest::keyClick(d.streamsTable(), Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(QApplication::focusWidget(), d.runsTable());
    const test::FocusWalk back = test::walkFocus(&d, d.streamFilter(), false);
    QVERIFY2(back.problems.isEmpty(), qPrintable(back.problems.join(u'\n')));
    // The runs by keyboard: Down chooses the older run, and its streams follow.
    d.runsTable()->setFocus(Qt::TabFocusReason);
    d.runsTable()->setCurrentCell(0, 0);
    QTest::keyClick(d.runsTable(), Qt::Key_Down);
    QVERIFY(settled(d));
    QCOMPARE(d.streamsTable()->rowCount(), 2); // the finished run: done-1 and the formula
}

void TestHistoryGui::headersSort()
{
    History h;
    for (int i = 0; i < 11; ++i) { // run 10 and 11 sort after 9 as numbers, not as text
        History::RunInfo info;
        info.profile = i % 2 ? u"Beta"_qs : u"Alpha"_qs;
        info.streamIds = {u"s-%1"_qs.arg(i)};
        h.endRun(h.beginRun(info), {}, false);
    }
    HistoryDialog d(&h);
    QVERIFY(showActive(&d));
    QVERIFY(settled(d));
    QTableWidget *runs = d.runsTable();
    QCOMPARE(runs->item(0, 0)->text(), u"11"_qs); // newest first
    const auto column = [runs](int c) {
        QStringList out;
        for (int r = 0; r < runs->rowCount(); ++r)
            out << runs->item(r, c)->text();
        return out;
    };
    QHeaderView *header = runs->horizontalHeader();
    const auto clickHeader = [header](int section) {
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                          QPoint(header->sectionViewportPosition(section) + 5, 5));
    };
    clickHeader(0);
    QCOMPARE(column(0).mid(0, 3), (QStringList{u"1"_qs, u"2"_qs, u"3"_qs}));
    QCOMPARE(column(0).last(), u"11"_qs);
    clickHeader(0);
    QCOMPARE(column(0).first(), u"11"_qs);
    QCOMPARE(column(0).last(), u"1"_qs);
    clickHeader(4); // Profile
    QCOMPARE(column(4).first(), u"Alpha"_qs);
    QCOMPARE(column(4).last(), u"Beta"_qs);
    // A refresh keeps the operator's order.
    d.refresh();
    QVERIFY(settled(d));
    QCOMPARE(column(4).first(), u"Alpha"_qs);
    QCOMPARE(runs->rowCount(), 11);
}

void TestHistoryGui::streamFilterAppliesAsTyped()
{
    History h;
    fillHistory(h);
    HistoryDialog d(&h);
    QVERIFY(showActive(&d));
    QVERIFY(settled(d));
    QCOMPARE(d.runsTable()->rowCount(), 2);
    QTest::keyClicks(d.streamFilter(), u"k-2"_qs); // no Enter, the focus stays
    QTRY_COMPARE(d.runsTable()->rowCount(), 1);

    QCOMPARE(QApplication::focusWidget(), d.streamFilter());
    QTest::keyClick(d.streamFilter(), Qt::Key_Backspace);
    QTest::keyClicks(d.streamFilter(), u"9"_qs);
    QTRY_COMPARE(d.runsTable()->rowCount(), 0);
    // No run: Export is disabled, and Alt+E does not type an "e" instead.
    QVERIFY(!d.exportButton()->isEnabled());
    QTest::keyClick(d.streamFilter(), Qt::Key_E, Qt::AltModifier);
    QCOMPARE(d.streamFilter()->text(), u"k-9"_qs);
}

void TestHistoryGui::loadAndExportSayWhatTheyDid()
{
    History h;
    fillHistory(h);
    HistoryDialog d(&h);
    QVERIFY(showActive(&d));
    QVERIFY(settled(d));
    d.selectRun(1); // the finished run: 2 stopped
    QVERIFY(settled(d));
    QSignalSpy loaded(&d, &HistoryDialog::loadStreams);
    QTest::keyClick(d.streamFilter(), Qt::Key_A, Qt::AltModifier); // Load all
    QTRY_COMPARE(loaded.size(), 1);
    QVERIFY2(d.doneText().startsWith(u"2 stream"_qs) &&
                 d.doneText().contains(u"of run 1 loaded into the console"_qs),
             qPrintable(d.doneText()));
    QTest::keyClick(d.streamFilter(), Qt::Key_F, Qt::AltModifier); // Load failed and unknown
    QTRY_COMPARE(loaded.size(), 2);
    QVERIFY2(d.doneText().contains(u"no failed, unknown or unsent streams: nothing was loaded"_qs),
             qPrintable(d.doneText()));
    // The vendor in the window's words, not the history's wire name ("Tencent").
    bool vendorShown = false;
    for (int r = 0; r < d.runsTable()->rowCount(); ++r)
        vendorShown = vendorShown || d.runsTable()->item(r, 6)->text() == u"Tencent Cloud"_qs;
    QVERIFY(vendorShown);

    // Export: the file dialog opens in Documents (not the working folder), then where the last
    // export went.
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QVERIFY(QDir().mkpath(documents));
    QSettings().remove(u"history/exportFolder"_qs);
    QCOMPARE(HistoryDialog::exportFolder(), documents);
    const QString target = m_dir.filePath(u"cdnrec-run-1.csv"_qs); // the name it offers
    QString openedIn;
    auto answer = test::whenModal([&](QWidget *modal) {
        auto *files = qobject_cast<QFileDialog *>(modal);
        if (!files)
            return false;
        openedIn = files->directory().absolutePath();
        files->setDirectory(m_dir.path());       // another folder, as a person would pick
        static_cast<QDialog *>(files)->accept(); // QFileDialog::accept, as Save does
        return true;
    });
    QSignalSpy exported(&d, &HistoryDialog::runExported);
    QTest::keyClick(d.streamFilter(), Qt::Key_E, Qt::AltModifier); // Export CSV…
    QTRY_VERIFY(answer->answered);
    QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 30000);
    QCOMPARE(QDir(openedIn).canonicalPath(), QDir(documents).canonicalPath());
    QVERIFY2(d.doneText().contains(u"exported to"_qs) && d.doneText().contains(target) &&
                 d.doneText().contains(u"(2 stream"_qs),
             qPrintable(d.doneText()));
    QVERIFY(QFile::exists(target));
    answer = test::whenModal([&](QWidget *modal) {
        auto *files = qobject_cast<QFileDialog *>(modal);
        if (!files)
            return false;
        openedIn = files->directory().absolutePath();
        files->reject();
        return true;
    });
    QVERIFY(showActive(&d)); // back from the file dialog, as a window manager would
    QTest::keyClick(d.streamFilter(), Qt::Key_E, Qt::AltModifier);
    QTRY_VERIFY(answer->answered);
    QCOMPARE(QDir(openedIn).canonicalPath(), QDir(m_dir.path()).canonicalPath());
}

void TestHistoryGui::aRestartRefusedAsAlreadyRecordingSaysSo()
{
    // The console reads a restart answered 409 as "Already recording"; History said "Failed".
    History h;
    History::RunInfo info;
    info.action = RunAction::Start;
    info.vendor = u"Tencent"_qs;
    info.streamIds = {u"a-1"_qs, u"f-1"_qs};
    const qint64 run = h.beginRun(info);
    StreamOutcome already;
    already.streamId = u"a-1"_qs;
    already.status = StreamStatus::Failed;
    already.code = u"FailedOperation.409"_qs;
    StreamOutcome failed;
    failed.streamId = u"f-1"_qs;
    failed.status = StreamStatus::Failed;
    failed.code = u"FailedOperation.500"_qs;
    h.endRun(run, {already, failed}, false);
    HistoryDialog d(&h);
    QVERIFY(showActive(&d));
    QVERIFY(settled(d));
    QTableWidget *streams = d.streamsTable();
    QCOMPARE(streams->rowCount(), 2);
    for (int r = 0; r < 2; ++r) {
        const bool isAlready = streams->item(r, 0)->text() == u"a-1"_qs;
        QCOMPARE(streams->item(r, 1)->text(), isAlready ? u"Already recording"_qs : u"Failed"_qs);
    }
}

void TestHistoryGui::requestIdsShowWhatDiffers()
{
    History h;
    History::RunInfo info;
    info.profile = u"Acme"_qs;
    info.streamIds = {u"r-1"_qs, u"r-2"_qs};
    const qint64 run = h.beginRun(info);
    QList<StreamOutcome> outs;
    for (const QString &id : info.streamIds) {
        StreamOutcome o;
        o.streamId = id;
        o.status = StreamStatus::Succeeded;
        o.attempts = 1;
        // Alike for their first 40 characters, as a vendor's trace IDs are.
        o.vendorRequestId = u"vendor-trace-0000000000000000000000000000-"_qs + id;
        o.requestId = u"zego-request-0000000000000000000000000000-"_qs + id;
        outs.append(o);
    }
    h.endRun(run, outs, false);
    HistoryDialog d(&h);
    d.resize(900, 600);
    QVERIFY(showActive(&d));
    QVERIFY(settled(d));
    QTableWidget *streams = d.streamsTable();
    QCOMPARE(streams->rowCount(), 2);
    QCOMPARE(streams->horizontalHeaderItem(4)->text(), u"Vendor request ID"_qs);
    QCOMPARE(streams->horizontalHeaderItem(5)->text(), u"ZEGO request ID"_qs);
    // Cut in the middle: the end, where they differ, shows; the whole ID is in the tool tip.
    for (int r = 0; r < 2; ++r) {
        QCOMPARE(streams->item(r, 4)->toolTip(), outs.at(r).vendorRequestId);
        QCOMPARE(streams->item(r, 5)->toolTip(), outs.at(r).requestId);
    }
    const QFontMetrics fm(streams->font());
    for (int c : {4, 5}) {
        QVERIFY2(fm.horizontalAdvance(streams->item(0, c)->text()) > streams->columnWidth(c),
                 "the column shows the ID whole: nothing to compare");
        // As drawn: the two cells differ (cut at the end, both read "vendor-trace-0000…").
        const QRect first = streams->visualItemRect(streams->item(0, c));
        const QRect second = streams->visualItemRect(streams->item(1, c));
        const QImage a = streams->viewport()->grab(first.adjusted(1, 1, -1, -1)).toImage();
        const QImage b = streams->viewport()->grab(second.adjusted(1, 1, -1, -1)).toImage();
        QVERIFY2(a != b, qPrintable(u"column %1 draws both rows alike"_qs.arg(c)));
    }
    // A message is cut at its end, as before.
    QVERIFY(!streams->itemDelegateForColumn(3));
    QVERIFY(test::shoot(&d, u"8c-history-request-ids"_qs));
}

void TestHistoryGui::practiceRunIsNamedInTheWindowsLanguage()
{
    History h;
    History::RunInfo info;
    info.profile = Run::practiceLabel(); // stored as a key
    info.streamIds = {u"p-1"_qs};
    h.endRun(h.beginRun(info), {}, false);
    installTranslations(u"zh_CN"_qs);
    {
        HistoryDialog d(&h);
        QVERIFY(settled(d));
        const QString shown =
            QCoreApplication::translate("cdnrec::HistoryDialog", "Practice (simulator)");
        QCOMPARE(d.runsTable()->item(0, 4)->text(), shown);
        QComboBox *profiles = nullptr; // by what it holds: its name is in Chinese
        for (QComboBox *box : d.findChildren<QComboBox *>()) {
            if (box->findData(Run::practiceLabel()) > 0)
                profiles = box;
        }
        QVERIFY(profiles);
        const int i = profiles->findData(Run::practiceLabel());
        QVERIFY(i > 0);
        QCOMPARE(profiles->itemText(i), shown); // shown translated, filtered by its key
    }
    installTranslations(u"en"_qs);
}

void TestHistoryGui::longProfileNameLeavesTheFilters()
{
    History h;
    History::RunInfo info;
    info.profile = QString(60, u'W') + u"-long"_qs;
    info.streamIds = {u"l-1"_qs};
    h.endRun(h.beginRun(info), {}, false);
    for (const QString &language : {u"en"_qs, u"zh_CN"_qs}) {
        installTranslations(language);
        HistoryDialog d(&h);
        d.resize(1100, 700);
        QVERIFY(showActive(&d));
        QVERIFY(settled(d));
        QCoreApplication::processEvents();
        QVERIFY(test::shoot(&d, u"8d-history-long-profile-"_qs + language));
        QComboBox *profiles = nullptr; // by what it holds: its name may be in Chinese
        for (QComboBox *box : d.findChildren<QComboBox *>()) {
            if (box->findData(info.profile) > 0)
                profiles = box;
        }
        QVERIFY(profiles);
        const QString widths = u"%1: profile %2, stream %3"_qs.arg(language)
                                   .arg(profiles->width())
                                   .arg(d.streamFilter()->width());
        QVERIFY2(profiles->width() < 320, qPrintable(widths));
        QVERIFY2(d.streamFilter()->width() >= 180, qPrintable(widths));
        QCOMPARE(d.width(), 1100); // the window did not grow for it
    }
    installTranslations(u"en"_qs);
}

QTEST_MAIN(TestHistoryGui)
#include "test_history_gui.moc"
