// SPDX-License-Identifier: GPL-3.0-or-later
// The real console window, driven as a person would, against the practice simulator.
// With CDNREC_SCREENSHOT_DIR set, it also saves PNGs of the main states there.
#include "guitest.h"
#include "mainwindow.h"
#include "middleelided.h"
#include "prompt.h"
#include "streamfilterproxy.h"
#include "streamtablemodel.h"
#include <app/application.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>
#include <sys/resource.h>

using namespace cdnrec;

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;

    MainWindow &window() { return *m_window; }
    StreamTableModel &model() { return *m_window->model(); }

    StreamStatus statusOf(const QString &id)
    {
        const int row = model().rowOf(id);
        return row < 0 ? StreamStatus::Pending : model().outcomeAt(row).status;
    }

    void runStop(bool retry = false)
    {
        Prompt::setNextAnswer(true);
        QPushButton *button = window().findChild<QPushButton *>(retry ? u"retry"_qs : u"stop"_qs);
        QVERIFY(button && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        Job *job = window().job();
        QVERIFY(job);
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 30000);
    }

    void shoot(const QString &name)
    {
        const QString dir = qEnvironmentVariable("CDNREC_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QCoreApplication::processEvents();
        QVERIFY(window().grab().save(QDir(dir).filePath(name + u".png"_qs)));
    }

    void selectRow(const QString &id)
    {
        const QModelIndex source = model().index(model().rowOf(id), 0);
        const QModelIndex proxied = window().proxy()->mapFromSource(source);
        // Explicitly: QTableView::selectRow() follows the keyboard modifiers QTest left behind.
        window().table()->selectionModel()->setCurrentIndex(
            proxied, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void requestIdsAreCutInTheMiddle();
    void emptyWindow();
    void addByTyping();
    void pasteThousands();
    void importFiles();
    void deleteAndFilter();
    void stopWithMixedOutcomes();
    void confirmationSaysWhatAndWhere();
    void declinedConfirmationSendsNothing();
    void retryFailed();
    void cancelLeavesNothingPending();
    void exportResults();
    void closingDuringARunAsks();
    void chineseInterface();
    void menusSpeakTheLanguage();
};

void TestMainWindow::initTestCase()
{
    // No QStandardPaths test mode: it lives in the real home (~/.qttest), shared by every
    // checkout and every run. ctest gives each test its own XDG folders in the build tree.
    QCoreApplication::setOrganizationName(u"cdnrec-test"_qs);
    QCoreApplication::setApplicationName(u"cdnrec-test"_qs);
    QSettings().clear();
    installTranslations(u"en"_qs); // as main() does: English plural forms
}

void TestMainWindow::init()
{
    m_window = std::make_unique<MainWindow>();
    new QAbstractItemModelTester(
        m_window->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_window.get());
    new QAbstractItemModelTester(
        m_window->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_window.get());
    m_window->resize(1280, 760);
    m_window->show();
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestMainWindow::cleanup()
{
    if (Job *job = m_window ? m_window->job() : nullptr; job && job->isRunning()) {
        m_window->cancelStop();
        QTRY_VERIFY(job->isFinished());
    }
    m_window.reset();
}

void TestMainWindow::emptyWindow()
{
    QCOMPARE(model().rowCount(), 0);
    QVERIFY(!window().findChild<QPushButton *>(u"stop"_qs)->isEnabled());
    QVERIFY(window().findChild<QWidget *>(u"profileBadge"_qs)->isVisible());
    QVERIFY(window().bannerText().isEmpty()); // the practice simulator started
    shoot(u"1-empty"_qs);
}

void TestMainWindow::addByTyping()
{
    auto *line = window().findChild<QLineEdit *>(u"addLine"_qs);
    line->setFocus();
    QTest::keyClicks(line, u"room-1 room-2"_qs);
    QTest::keyClick(line, Qt::Key_Return);
    QCOMPARE(model().rowCount(), 2);
    QVERIFY(line->text().isEmpty());
    QTest::keyClicks(line, u"room-1"_qs);
    QTest::keyClick(line, Qt::Key_Return);
    QCOMPARE(model().rowCount(), 2);
    QVERIFY2(window().summaryText().contains(u"1 duplicate skipped"_qs),
             qPrintable(window().summaryText()));
    QVERIFY(window().findChild<QPushButton *>(u"stop"_qs)->isEnabled());
}

void TestMainWindow::pasteThousands()
{
    QString text;
    for (int i = 0; i < 3000; ++i)
        text += QStringLiteral("live_%1\n").arg(i);
    text += u"live_5\nlive_6\nbad\u0001id\nold.style-id\n"_qs;
    QGuiApplication::clipboard()->setText(text);
    window().table()->setFocus();
    QTest::keyClick(window().table(), Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(model().rowCount(), 3002);
    const QString summary = window().summaryText();
    QVERIFY2(summary.contains(u"2 duplicates skipped"_qs), qPrintable(summary));
    QVERIFY2(summary.contains(u"1 invalid: hover for the reason"_qs), qPrintable(summary));
    QVERIFY2(summary.contains(u"1 outside ZEGO's ID rule"_qs), qPrintable(summary));
    const int bad = model().rowOf(u"bad\u0001id"_qs);
    QVERIFY(bad >= 0);
    QVERIFY(model()
                .index(bad, StreamTableModel::StatusColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"U+0001"_qs));
    QVERIFY(!model().sendableIds().contains(u"bad\u0001id"_qs));
    shoot(u"2-list-pasted"_qs);
}

void TestMainWindow::importFiles()
{
    QFile csv(m_dir.filePath(u"ids.csv"_qs));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("customer,Stream ID\nacme,c-1\nacme,c-2\n");
    csv.close();
    QVERIFY(window().importFile(csv.fileName()));
    QCOMPARE(model().rowCount(), 2);
    QVERIFY(window().summaryText().contains(u"Imported 2 stream IDs from ids.csv"_qs));

    QFile bin(m_dir.filePath(u"photo.jpg"_qs));
    QVERIFY(bin.open(QIODevice::WriteOnly));
    bin.write(QByteArray("\xff\xd8\xff\xe0\0\x10JFIF\0", 11));
    bin.close();
    QVERIFY(!window().importFile(bin.fileName()));
    QVERIFY2(window().bannerText().contains(u"not a text file"_qs),
             qPrintable(window().bannerText()));
    QCOMPARE(model().rowCount(), 2); // nothing lost
}

void TestMainWindow::deleteAndFilter()
{
    window().addText(u"keep-1 drop-1 keep-2"_qs);
    selectRow(u"drop-1"_qs);
    window().table()->setFocus();
    QTest::keyClick(window().table(), Qt::Key_Delete);
    QCOMPARE(model().rowCount(), 2);
    QCOMPARE(model().rowOf(u"drop-1"_qs), -1);
    QCOMPARE(model().rowOf(u"keep-2"_qs), 1);

    auto *filter = window().findChild<QLineEdit *>(u"filter"_qs);
    QTest::keyClicks(filter, u"-2"_qs);
    QCOMPARE(window().proxy()->rowCount(), 1);
    filter->clear();
    QCOMPARE(window().proxy()->rowCount(), 2);
}

void TestMainWindow::stopWithMixedOutcomes()
{
    // One batch: a fault of the whole call (5xx, code 6) would touch every stream in it.
    window().addText(u"live-1 live-2 fail-404-gone missing-x"_qs);
    runStop();
    QCOMPARE(statusOf(u"live-1"_qs), StreamStatus::Succeeded);
    QCOMPARE(statusOf(u"live-2"_qs), StreamStatus::Succeeded);
    QCOMPARE(statusOf(u"fail-404-gone"_qs), StreamStatus::Failed);
    QCOMPARE(statusOf(u"missing-x"_qs), StreamStatus::Unknown);
    // Nothing left pending, and the summary says what happened.
    for (int r = 0; r < model().rowCount(); ++r)
        QVERIFY(isFinal(model().outcomeAt(r).status));
    QVERIFY2(window().summaryText().contains(u"Done:"_qs), qPrintable(window().summaryText()));
    QVERIFY(window().findChild<QPushButton *>(u"retry"_qs)->isEnabled());
    shoot(u"3-run-finished"_qs);

    // The details of a failed row: its code, the raw answer of its call, a redacted curl.
    selectRow(u"fail-404-gone"_qs);
    const QString details = window().detailsText();
    QVERIFY2(details.contains(u"FailedOperation.404"_qs), qPrintable(details));
    QVERIFY(details.contains(u"\"Tencent\""_qs));
    QVERIFY(details.contains(u"Signature=REDACTED"_qs));
    const QString curl = window().curlForRow(model().rowOf(u"fail-404-gone"_qs));
    QVERIFY(curl.startsWith(u"curl -sS 'http://127.0.0.1:"_qs));
    QVERIFY(curl.contains(u"Signature=REDACTED"_qs));
    shoot(u"4-details"_qs);
}

void TestMainWindow::confirmationSaysWhatAndWhere()
{
    window().addText(u"a b c"_qs);
    window().setVendor(Vendor::Huawei);
    runStop();
    const QString asked = Prompt::lastText();
    QVERIFY2(asked.contains(u"3 streams"_qs), qPrintable(asked));
    QVERIFY(asked.contains(u"Practice"_qs));
    QVERIFY(asked.contains(u"PRACTICE"_qs));
    QVERIFY(asked.contains(u"AppId: 1234567890"_qs));
    QVERIFY(asked.contains(u"Huawei Cloud (Huawei)"_qs));
}

void TestMainWindow::declinedConfirmationSendsNothing()
{
    window().addText(u"a"_qs);
    Prompt::setNextAnswer(false);
    QTest::mouseClick(window().findChild<QPushButton *>(u"stop"_qs), Qt::LeftButton);
    QVERIFY(!window().job());
    QCOMPARE(model().outcomeAt(0).attempts, 0);
}

void TestMainWindow::retryFailed()
{
    window().addText(u"ok-1 missing-x fail-1-y"_qs);
    runStop();
    QCOMPARE(statusOf(u"ok-1"_qs), StreamStatus::Succeeded);
    QCOMPARE(statusOf(u"missing-x"_qs), StreamStatus::Unknown);
    QCOMPARE(statusOf(u"fail-1-y"_qs), StreamStatus::Failed);
    QCOMPARE(model().needsRetryCount(), 2);
    const int okAttempts = model().outcomeAt(model().rowOf(u"ok-1"_qs)).attempts;
    runStop(true);
    // Only the failed and unknown ones went again.
    QCOMPARE(model().outcomeAt(model().rowOf(u"ok-1"_qs)).attempts, okAttempts);
    Job *job = window().job();
    QVERIFY(job);
    QCOMPARE(job->streamCount(), 2);
}

void TestMainWindow::cancelLeavesNothingPending()
{
    QString text;
    for (int i = 0; i < 300; ++i)
        text += QStringLiteral("c%1 ").arg(i);
    window().addText(text);
    Prompt::setNextAnswer(true);
    QTest::mouseClick(window().findChild<QPushButton *>(u"stop"_qs), Qt::LeftButton);
    Job *job = window().job();
    QVERIFY(job);
    QTRY_VERIFY(job->finishedCount() >= 20);
    // Esc asks first, as quitting does: Esc on the question keeps the run going...
    auto said = std::make_shared<QString>();
    const auto kept = test::whenModal([said](QWidget *modal) {
        auto *box = qobject_cast<QMessageBox *>(modal);
        if (!box)
            return false;
        *said = box->text();
        QTest::keyClick(box, Qt::Key_Escape);
        return true;
    });
    QTest::keyClick(&window(), Qt::Key_Escape);
    QVERIFY(kept->answered);
    QVERIFY2(said->startsWith(u"A stop is running: "_qs), qPrintable(*said));
    QVERIFY(!job->wasCancelled());
    QApplication::setActiveWindow(&window()); // as a window manager does when a dialog closes
    QVERIFY(QTest::qWaitForWindowActive(&window()));
    // ... and its Cancel button cancels it.
    const auto cancelled = test::whenModal([](QWidget *modal) {
        auto *box = qobject_cast<QMessageBox *>(modal);
        if (!box)
            return false;
        for (QAbstractButton *b : box->buttons()) {
            if (box->buttonRole(b) == QMessageBox::AcceptRole)
                b->click();
        }
        return true;
    });
    QTest::keyClick(&window(), Qt::Key_Escape);
    QVERIFY(cancelled->answered);
    QTRY_VERIFY(job->isFinished());
    QVERIFY(job->wasCancelled());
    int skipped = 0;
    for (int r = 0; r < model().rowCount(); ++r) {
        const StreamStatus s = model().outcomeAt(r).status;
        QVERIFY(s != StreamStatus::Pending && s != StreamStatus::Sending);
        skipped += s == StreamStatus::Skipped;
    }
    QVERIFY(skipped > 100);
    QVERIFY(window().summaryText().startsWith(u"Cancelled:"_qs));
    // What the cancel left is sent later: Stop takes exactly the rows not sent.
    QVERIFY2(window().summaryText().contains(u" · Stop sends the %1 not sent"_qs.arg(skipped)),
             qPrintable(window().summaryText()));
    int unknown = 0;
    for (int r = 0; r < model().rowCount(); ++r)
        unknown += model().outcomeAt(r).status == StreamStatus::Unknown;
    QCOMPARE(window().runs()->idsToStop(false).size(), skipped + unknown);
}

void TestMainWindow::exportResults()
{
    window().addText(u"e-1 fail-9-e2 bad\u0007"_qs);
    runStop();
    // A row found in a room (Stop by room): the export says its room, as the table does.
    model().addListed({{u"e-room"_qs, u"room-7"_qs}});
    const QString json = m_dir.filePath(u"out.json"_qs);
    QVERIFY(window().exportResults(json));
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(doc.value(u"summary"_qs).toObject().value(u"stopped"_qs).toInt(), 1);
    QCOMPARE(doc.value(u"summary"_qs).toObject().value(u"failed"_qs).toInt(), 1);
    QCOMPARE(doc.value(u"summary"_qs).toObject().value(u"invalid"_qs).toInt(), 1);
    const QJsonArray streams = doc.value(u"streams"_qs).toArray();
    QCOMPARE(streams.size(), 4);
    QCOMPARE(streams.at(0).toObject().value(u"room"_qs).toString(u"absent"_qs), QString());
    QCOMPARE(streams.at(3).toObject().value(u"room"_qs).toString(), u"room-7"_qs);
    // The JSON keeps Unix seconds (the CLI's schema).
    QVERIFY(streams.at(0).toObject().value(u"answered_at"_qs).toDouble() > 1e9);

    const QString csv = m_dir.filePath(u"out.csv"_qs);
    QVERIFY(window().exportResults(csv));
    QFile c(csv);
    QVERIFY(c.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = c.readAll().split('\n');
    QVERIFY2(lines[0].startsWith("stream_id,action,status,end_time,answered_at,run,profile,room,"
                                 "code,message"),
             lines[0].constData());
    // The CSV's times are read by a person: ISO 8601, local, with the offset.
    const QRegularExpression stopped(
        u"^e-1,stop,stopped,,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d([+-]\\d\\d:\\d\\d|Z),\\d+,"
        "Practice \\(simulator\\),,"_qs);
    QVERIFY2(stopped.match(QString::fromUtf8(lines[1])).hasMatch(), lines[1].constData());
    QVERIFY2(lines[4].startsWith("e-room,,not_sent,,,,,room-7,"), lines[4].constData());

    // A folder that does not exist, a full disk: a clear message, nothing lost.
    QVERIFY(!window().exportResults(u"/nonexistent/dir/out.csv"_qs));
    QVERIFY(window().bannerText().contains(u"Could not write out.csv"_qs));
    // A full disk, played by a file-size limit on this process (writes past it fail, EFBIG).
    const QString full = m_dir.filePath(u"full.csv"_qs);
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    getrlimit(RLIMIT_FSIZE, &old);
    rlimit tiny = old;
    tiny.rlim_cur = 64;
    setrlimit(RLIMIT_FSIZE, &tiny);
    const bool written = window().exportResults(full);
    setrlimit(RLIMIT_FSIZE, &old);
    QVERIFY(!written);
    QVERIFY2(window().bannerText().contains(u"Could not write full.csv"_qs),
             qPrintable(window().bannerText()));
    QVERIFY(!QFile::exists(full)); // no half-written file left
    QCOMPARE(model().rowCount(), 4);
}

void TestMainWindow::closingDuringARunAsks()
{
    QString text;
    for (int i = 0; i < 100; ++i)
        text += QStringLiteral("q%1 ").arg(i);
    window().addText(text);
    Prompt::setNextAnswer(true);
    QTest::mouseClick(window().findChild<QPushButton *>(u"stop"_qs), Qt::LeftButton);
    Job *job = window().job();
    QVERIFY(job && job->isRunning());
    Prompt::setNextAnswer(false);
    QVERIFY(!window().close());
    QVERIFY(window().isVisible());
    QVERIFY(job->isRunning());
    QVERIFY(Prompt::lastText().contains(u"A stop is running"_qs));
    Prompt::setNextAnswer(true);
    QVERIFY(window().close());
    QVERIFY(job->isFinished());
}

void TestMainWindow::chineseInterface()
{
    window().addText(u"直播-1 live-2"_qs);
    installTranslations(u"zh_CN"_qs);
    QCoreApplication::processEvents();
    const QString stop = window().findChild<QPushButton *>(u"stop"_qs)->text();
    QVERIFY2(stop.contains(u"停止"_qs), qPrintable(stop));
    // Qt adds " — cdnrec" (the application's display name) in the title bar: not twice.
    QVERIFY2(!window().windowTitle().contains(u"cdnrec"_qs), qPrintable(window().windowTitle()));
    QVERIFY2(window().windowTitle().contains(u"CDN"_qs), qPrintable(window().windowTitle()));
    QCOMPARE(model()
                 .headerData(StreamTableModel::StatusColumn, Qt::Horizontal, Qt::DisplayRole)
                 .toString(),
             u"状态"_qs);
    runStop();
    shoot(u"5-chinese"_qs);
    installTranslations(u"en"_qs);
    QCoreApplication::processEvents();
    QCOMPARE(window().findChild<QPushButton *>(u"stop"_qs)->text(), u"&Stop recordings"_qs);
}

// Every menu title and item in Chinese when the language is Chinese (the language names excepted:
// each is written in its own language), and back in English after: words moved between the
// window's parts must keep their translations.
void TestMainWindow::menusSpeakTheLanguage()
{
    const auto texts = [this](const QString &shotSuffix) {
        QStringList out;
        std::function<void(QMenu *)> walk = [&](QMenu *menu) {
            out << menu->title();
            if (!shotSuffix.isEmpty()) {
                menu->adjustSize();
                const QString dir = qEnvironmentVariable("CDNREC_SCREENSHOT_DIR");
                if (!dir.isEmpty() && QDir().mkpath(dir))
                    menu->grab().save(QDir(dir).filePath(
                        u"6-menu-%1-%2.png"_qs.arg(QString::number(out.size()), shotSuffix)));
            }
            for (QAction *a : menu->actions()) {
                if (a->menu())
                    walk(a->menu());
                else if (!a->isSeparator())
                    out << a->text();
            }
        };
        for (QAction *title : window().menuBar()->actions())
            walk(title->menu());
        return out;
    };
    const QStringList english = texts(u"en"_qs);
    QVERIFY(english.size() >= 20);
    QVERIFY(english.contains(u"&Undo the stop"_qs));
    QVERIFY(english.contains(u"C&lear list"_qs));
    installTranslations(u"zh_CN"_qs);
    QCoreApplication::processEvents();
    const QStringList chinese = texts(u"zh_CN"_qs);
    installTranslations(u"en"_qs);
    QCoreApplication::processEvents();
    QCOMPARE(texts(QString()), english);
    QCOMPARE(chinese.size(), english.size());
    for (int i = 0; i < english.size(); ++i) {
        if (english.at(i) == u"English"_qs || english.at(i) == u"简体中文"_qs)
            continue;
        QVERIFY2(chinese.at(i) != english.at(i), qPrintable(english.at(i)));
    }
}

void TestMainWindow::requestIdsAreCutInTheMiddle()
{
    // One run's request IDs share a long beginning: cut at the end, every row read the same
    // ("43151690651457…"); cut in the middle, their ends differ. A message keeps its beginning.
    QTableView *table = window().table();
    for (int column : {StreamTableModel::VendorRequestIdColumn, StreamTableModel::RequestIdColumn})
        QVERIFY(dynamic_cast<MiddleElided *>(table->itemDelegateForColumn(column)));
    QVERIFY(!dynamic_cast<MiddleElided *>(
        table->itemDelegateForColumn(StreamTableModel::MessageColumn)));
    QCOMPARE(table->textElideMode(), Qt::ElideRight);
}

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
