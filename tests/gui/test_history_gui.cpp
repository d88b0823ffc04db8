// SPDX-License-Identifier: GPL-3.0-or-later
// The console and its history: the History window, a console run and a CLI run writing at the
// same time, and a history that cannot be opened or read.
#include "historydialog.h"
#include "historytest.h"
#include "mainwindow.h"
#include "preferencesdialog.h"
#include "prompt.h"
#include "simserver.h"
#include "streamtablemodel.h"
#include <app/application.h>
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

QTEST_MAIN(TestHistoryGui)
#include "test_history_gui.moc"
