// SPDX-License-Identifier: GPL-3.0-or-later
// 2,000 streams at batch size 1 and 200 calls/s against cdnrec-sim (its own process, limit
// 200/s): time against the ideal 10 s, the busiest second the simulator saw, code 6 answers,
// and the client's CPU time per call.
#include "benchutil.h"
#include "simprocess.h"
#include <engine/job.h>
#include <engine/ratelimiter.h>
#include <store/history.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <sys/resource.h>

using namespace cdnrec;

namespace {

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    // The pace is shared by every process of this user through $XDG_RUNTIME_DIR/cdnrec: a
    // private one, so other runs on the machine neither slow this one nor are slowed by it.
    QTemporaryDir runtime;
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    QCoreApplication app(argc, argv);
    const QString secret = QStringLiteral("bench-secret-0123456789abcdef");
    bench::SimProcess sim;
    if (!sim.start(secret, {QStringLiteral("--rate"), QStringLiteral("200")})) {
        std::fprintf(stderr, "bench_stop: cdnrec-sim did not start\n");
        return 1;
    }
    const QUrl url = sim.url();

    JobTarget target;
    target.endpoint = url;
    target.appId = 1234567890;
    target.secret = secret;
    target.vendor = Vendor::Tencent;
    JobOptions options;
    options.batchSize = 1;
    options.callsPerSecond = 200;

    struct Result
    {
        double seconds = 0;
        double cpu = 0;
        int calls = 0;
        int stopped = 0;
    };
    // One run of 2,000 streams; with a history, every call is written ahead as in real use.
    const auto runOnce = [&](const QString &tag, History *history) {
        QStringList ids;
        for (int i = 0; i < 2000; ++i)
            ids.append(QStringLiteral("bench-%1-%2").arg(tag).arg(i));
        std::unique_ptr<CallJournal> journal;
        if (history) {
            History::RunInfo info;
            info.streamIds = ids;
            journal = history->journal(history->beginRun(info));
        }
        Job job(target, ids, options);
        if (journal)
            job.setJournal(journal.get());
        QEventLoop loop;
        QObject::connect(&job, &Job::finished, &loop, &QEventLoop::quit);
        Result r;
        const double cpu0 = cpuSeconds();
        QElapsedTimer wall;
        wall.start();
        job.start();
        loop.exec();
        r.seconds = double(wall.nsecsElapsed()) / 1e9;
        r.cpu = cpuSeconds() - cpu0;
        r.calls = job.callCount();
        for (const StreamOutcome &o : job.outcomes())
            r.stopped += o.status == StreamStatus::Succeeded;
        return r;
    };

    const Result plain = runOnce(QStringLiteral("a"), nullptr);
    const QJsonObject stats = sim.stats();
    QTemporaryDir dir;
    History history(dir.filePath(QStringLiteral("bench-history.sqlite")));
    const Result recorded = runOnce(QStringLiteral("b"), &history);

    bench::info("streams stopped (of 2,000)", plain.stopped, "");
    bench::report("2,000 streams at 200/s: time / ideal 10 s", plain.seconds / 10.0, "x", 1.05);
    bench::report("largest number of calls in any 1-second window (sim)",
                  stats.value(QStringLiteral("maxCallsInAnySecond")).toDouble(), "calls", 200);
    bench::report("code 6 answers (sim)", stats.value(QStringLiteral("code6")).toDouble(), "", 0);
    bench::info("client CPU time per call", plain.cpu / plain.calls * 1e6, "us");
    bench::info("the same run with the history: streams stopped", recorded.stopped, "");
    bench::report("history: run time with / without", recorded.seconds / plain.seconds, "x", 1.10);
    bench::info("history: CPU time it adds per call",
                (recorded.cpu - plain.cpu) / recorded.calls * 1e6, "us");
    const int stopped = plain.stopped + recorded.stopped - 2000;
    return stopped == 2000 ? 0 : 1;
}
