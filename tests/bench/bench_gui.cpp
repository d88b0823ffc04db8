// SPDX-License-Identifier: GPL-3.0-or-later
// The console under the offscreen platform: paste 100,000 IDs until the rows are painted;
// start-up to first shown window against a bare QMainWindow (separate processes, same run);
// the longest event-loop stall while a 2,000-stream job runs against the practice simulator.
#include "benchutil.h"
#include "mainwindow.h"
#include "practiceendpoint.h"
#include "prompt.h"
#include "simgateway.h"
#include "streamtablemodel.h"
#include <engine/job.h>
#include <store/history.h>

#include <QApplication>
#include <QAtomicInt>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QProcess>
#include <QTableView>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace cdnrec;

namespace {

// Child mode: show a window; at its first paint, say so and leave at once (no teardown).
class FirstPaint final : public QObject
{
public:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            std::fputs("shown\n", stdout);
            std::fflush(stdout);
            std::_Exit(0);
        }
        return false;
    }
};

int showAndExit(bool bare, bool withLabel = false)
{
    FirstPaint first;
    std::unique_ptr<QMainWindow> plain;
    std::unique_ptr<MainWindow> console;
    QWidget *w = nullptr;
    if (bare) {
        plain = std::make_unique<QMainWindow>();
        // One line of text: the font set-up (fontconfig) that any window with text pays.
        if (withLabel)
            plain->setCentralWidget(new QLabel(QStringLiteral("cdnrec"), plain.get()));
        w = plain.get();
    } else {
        console = std::make_unique<MainWindow>();
        w = console.get();
    }
    w->installEventFilter(&first);
    w->show();
    return QCoreApplication::exec();
}

// From process start to the window's first paint, median over fresh processes.
double medianStartupMs(const QString &self, const QString &mode, int runs)
{
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        QProcess p;
        p.start(self, {mode});
        if (!p.waitForReadyRead(30000))
            return -1;
        times.append(double(t.nsecsElapsed()) / 1e6);
        p.waitForFinished(5000);
    }
    std::sort(times.begin(), times.end());
    return times.at(times.size() / 2);
}

} // namespace

struct Stall
{
    double worstMs = 0;
    double worstAtSecs = 0; // when the worst stall ended, from the start
    int callsBefore = 0;    // calls sent when it ended
    int guiCommits = 0;     // history commits on the GUI thread during the run
    int commits = 0;        // on any thread
    double seconds = 0;
    int stopped = 0;
    int maxInFlight = 0;
};

// A 2,000-stream run in the console against the practice simulator answering after latencyMs,
// with the history recorded: the longest gap between 5 ms ticks of the event loop.
Stall stallDuringARun(int latencyMs)
{
    MainWindow window;
    window.resize(1280, 760);
    window.show();
    window.practice()->start();
    window.practice()->gateway()->setLatencyMs(latencyMs);
    QString text;
    for (int i = 0; i < 2000; ++i)
        text += QStringLiteral("stall-%1-%2\n").arg(latencyMs).arg(i);
    window.addText(text);
    QElapsedTimer gap;
    qint64 worst = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QElapsedTimer run;
    Job *job = nullptr;
    Stall s;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        if (gap.nsecsElapsed() > worst) {
            worst = gap.nsecsElapsed();
            s.worstAtSecs = double(run.nsecsElapsed()) / 1e9;
            s.callsBefore = job ? job->callCount() : 0;
        }
        gap.restart();
    });
    Prompt::setNextAnswer(true);
    window.startStop();
    job = window.job();
    QAtomicInt guiCommits, commits;
    QThread *gui = QThread::currentThread();
    History::setCommitObserverForTesting([&] {
        commits.fetchAndAddRelaxed(1);
        if (QThread::currentThread() == gui)
            guiCommits.fetchAndAddRelaxed(1);
    });
    run.start();
    gap.start();
    tick.start(5);
    QEventLoop loop;
    QObject::connect(job, &Job::finished, &loop, &QEventLoop::quit);
    loop.exec();
    tick.stop();
    History::setCommitObserverForTesting({});
    s.guiCommits = guiCommits.loadRelaxed();
    s.commits = commits.loadRelaxed();
    s.worstMs = double(worst) / 1e6 - 5.0;
    s.seconds = double(run.elapsed()) / 1000.0;
    s.maxInFlight = job->maxInFlightSeen();
    for (int r = 0; r < window.model()->rowCount(); ++r)
        s.stopped += window.model()->outcomeAt(r).status == StreamStatus::Succeeded;
    return s;
}

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("cdnrec-bench"));
    if (argc > 1 && std::strcmp(argv[1], "--bare") == 0)
        return showAndExit(true);
    if (argc > 1 && std::strcmp(argv[1], "--label") == 0)
        return showAndExit(true, true);
    if (argc > 1 && std::strcmp(argv[1], "--bare-exit") == 0) {
        QMainWindow w;
        w.show();
        QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
        return QCoreApplication::exec();
    }
    if (argc > 1 && std::strcmp(argv[1], "--bare-idle") == 0) {
        QMainWindow w;
        w.show();
        return QCoreApplication::exec();
    }
    if (argc > 1 && std::strcmp(argv[1], "--console") == 0)
        return showAndExit(false);

    // 1. Paste 100,000 IDs until the rows are on screen.
    {
        MainWindow window;
        window.resize(1280, 760);
        window.show();
        QCoreApplication::processEvents();
        QString text;
        for (int i = 0; i < 100000; ++i)
            text += QStringLiteral("room%1-live_%2\n").arg(i % 977).arg(i);
        QElapsedTimer t;
        t.start();
        window.addText(text);
        window.table()->viewport()->repaint();
        QCoreApplication::processEvents();
        const double ms = double(t.nsecsElapsed()) / 1e6;
        bench::report("paste 100,000 IDs until the rows are shown", ms / 1000.0, "s", 1.0);
        t.start();
        window.table()->sortByColumn(0, Qt::DescendingOrder);
        window.table()->viewport()->repaint();
        bench::info("  then sort the 100,000 rows by stream ID", double(t.nsecsElapsed()) / 1e6,
                    "ms");
    }

    // 2. Start-up: the console against a bare QMainWindow, each a fresh process.
    const QString self = QCoreApplication::applicationFilePath();
    const double bare = medianStartupMs(self, QStringLiteral("--bare"), 11);
    const double console = medianStartupMs(self, QStringLiteral("--console"), 11);
    const double label = medianStartupMs(self, QStringLiteral("--label"), 11);
    bench::info("start-up to first shown window, bare QMainWindow (median of 11)", bare, "ms");
    bench::info("start-up to first shown window, QMainWindow + one QLabel", label, "ms");
    bench::info("start-up to first shown window, console (median of 11)", console, "ms");
    bench::report("console start-up / bare QMainWindow", console / bare, "x", 1.5);
    bench::info("console start-up / QMainWindow with text (fonts loaded in both)", console / label,
                "x");

    // 3. The installed console (./dev bench unpacks the .deb): start-up and idle memory.
    const QString installed = qEnvironmentVariable("CDNREC_INSTALLED_CONSOLE");
    if (installed.isEmpty()) {
        std::puts("installed console: not measured (CDNREC_INSTALLED_CONSOLE unset; ./dev bench "
                  "sets it)");
    } else {
        const auto runMs = [](const QString &program, const QStringList &args) {
            QList<double> times;
            for (int i = 0; i < 11; ++i) {
                QElapsedTimer t;
                t.start();
                QProcess p;
                p.start(program, args);
                p.waitForFinished(30000);
                times.append(double(t.nsecsElapsed()) / 1e6);
            }
            std::sort(times.begin(), times.end());
            return times.at(times.size() / 2);
        };
        // VmRSS (what the goal is about) and RssAnon (the process's own memory, without the
        // shared library pages any text-drawing window touches), after 2 s of idling.
        struct Memory
        {
            double rssKb = -1;
            double anonKb = -1;
        };
        const auto idleMemory = [](const QString &program, const QStringList &args) {
            QProcess p;
            p.start(program, args);
            p.waitForStarted();
            QThread::msleep(2000);
            QFile status(QStringLiteral("/proc/%1/status").arg(p.processId()));
            Memory m;
            if (status.open(QIODevice::ReadOnly)) {
                for (const QByteArray &line : status.readAll().split('\n')) {
                    const double kb =
                        line.mid(line.indexOf(':') + 1).trimmed().split(' ').value(0).toDouble();
                    if (line.startsWith("VmRSS:"))
                        m.rssKb = kb;
                    else if (line.startsWith("RssAnon:"))
                        m.anonKb = kb;
                }
            }
            p.kill();
            p.waitForFinished(3000);
            return m;
        };
        const double bareRun = runMs(self, {QStringLiteral("--bare-exit")});
        const double consoleRun = runMs(installed, {QStringLiteral("--self-check")});
        bench::info("start and exit, bare QMainWindow (median of 11)", bareRun, "ms");
        bench::info("start and exit, installed console --self-check", consoleRun, "ms");
        bench::report("installed console start-up / bare Qt window", consoleRun / bareRun, "x",
                      1.5);
        const Memory bareMem = idleMemory(self, {QStringLiteral("--bare-idle")});
        const Memory consoleMem = idleMemory(installed, {});
        bench::info("idle memory (RSS after 2 s), bare QMainWindow", bareMem.rssKb / 1024.0, "MiB");
        bench::info("idle memory (RSS after 2 s), installed console", consoleMem.rssKb / 1024.0,
                    "MiB");
        bench::report("installed console idle memory / bare Qt window",
                      consoleMem.rssKb / bareMem.rssKb, "x", 1.3);
        bench::info("  own (anonymous) memory, bare QMainWindow", bareMem.anonKb / 1024.0, "MiB");
        bench::info("  own (anonymous) memory, installed console", consoleMem.anonKb / 1024.0,
                    "MiB");
    }

    // 4. The longest event-loop stall during a 2,000-stream job (practice simulator, 10 calls/s),
    // with its history; 5. the same while the gateway takes 1 s to answer (a dozen in flight).
    for (const int latencyMs : {0, 1000}) {
        const Stall stall = stallDuringARun(latencyMs);
        if (latencyMs == 0) {
            bench::info("2,000-stream job in the console: streams stopped", stall.stopped, "");
            bench::info("2,000-stream job in the console: duration", stall.seconds, "s");
            bench::report("longest event-loop stall, 2,000-stream run with history", stall.worstMs,
                          "ms", 20);
            bench::info("  it ended this many seconds into the run", stall.worstAtSecs, "s");
            bench::info("  calls sent by then", stall.callsBefore, "");
            bench::info("history commits during the run (grouped as calls queue up)", stall.commits,
                        "");
            bench::report("  of them on the GUI thread", stall.guiCommits, "", 0);
        } else {
            bench::info("2,000 streams, gateway latency 1 s: most calls in flight",
                        stall.maxInFlight, "");
            bench::report("  time / ideal (200 calls at 10/s + 1 s)", stall.seconds / 21.0, "x",
                          1.05);
            bench::report("  longest event-loop stall", stall.worstMs, "ms", 20);
            bench::info("  it ended this many seconds into the run", stall.worstAtSecs, "s");
            bench::info("  calls sent by then", stall.callsBefore, "");
            bench::report("  history commits on the GUI thread", stall.guiCommits, "", 0);
        }
    }
    return 0;
}
