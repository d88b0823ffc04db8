// SPDX-License-Identifier: GPL-3.0-or-later
// The pace at any gateway latency: 400 streams, batch 1, 20 calls/s against cdnrec-sim (its own
// process, limit 20/s) answering after 0, 0.25, 0.5, 1 and 2 s; then 2,000 streams at 200/s
// against one answering after 40 ms. Time against the ideal (streams / rate + latency), the
// busiest second the simulator saw, code 6 answers, and the calls in flight.
#include "benchjob.h"
#include "benchutil.h"
#include "simprocess.h"
#include <engine/job.h>

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

#include <memory>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("bench-secret-0123456789abcdef");

struct Result
{
    double seconds = 0;
    int stopped = 0;
    int maxInFlight = 0;
    int managers = 0;
    QJsonObject stats;
};

// Each case on an AppId of its own: the limiter learns the spread of its gateway's answers per
// AppId, and five gateways of different latencies behind one AppId, one after the other, would
// look to it like one whose latency jumps (it widens its window for the next case's first
// seconds: 1.037-1.058 x instead of 1.00-1.02 x at 250..2000 ms).
Result run(double rate, int latencyMs, int streams, const QString &tag, quint32 appId)
{
    Result r;
    bench::SimProcess sim;
    if (!sim.start(kSecret, {QStringLiteral("--rate"), QString::number(rate),
                             QStringLiteral("--latency"), QString::number(latencyMs),
                             QStringLiteral("--app-id"), QString::number(appId)})) {
        std::fprintf(stderr, "bench_latency: cdnrec-sim did not start\n");
        return r;
    }
    const bench::JobRun run =
        bench::runJob(sim.url(), appId, kSecret, QStringLiteral("lat-%1").arg(tag), streams, rate);
    r.seconds = run.seconds;
    r.stopped = run.succeeded;
    r.maxInFlight = run.maxInFlight;
    r.managers = run.managers;
    r.stats = sim.stats();
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    // The pace is shared by every process of this user through $XDG_RUNTIME_DIR/cdnrec: a
    // private one, so other runs on the machine neither slow this one nor are slowed by it.
    QTemporaryDir runtime;
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    QCoreApplication app(argc, argv);

    bool allStopped = true;
    const auto show = [&](const Result &r, double ideal, double rate, int streams,
                          const QString &label) {
        allStopped = allStopped && r.stopped == streams;
        const QByteArray l = label.toUtf8();
        bench::report(QByteArray(l + ": time / ideal " + QByteArray::number(ideal, 'g', 4) + " s")
                          .constData(),
                      r.seconds / ideal, "x", 1.05);
        bench::report(QByteArray(l + ": most calls in any 1 s (sim)").constData(),
                      r.stats.value(QStringLiteral("maxCallsInAnySecond")).toDouble(), "calls",
                      rate);
        bench::report(QByteArray(l + ": code 6 answers (sim)").constData(),
                      r.stats.value(QStringLiteral("code6")).toDouble(), "", 0);
        bench::info(QByteArray(l + ": most calls in flight (job)").constData(), r.maxInFlight,
                    "calls");
        bench::info(QByteArray(l + ": most calls in flight (sim)").constData(),
                    r.stats.value(QStringLiteral("maxInFlight")).toDouble(), "calls");
        bench::info(QByteArray(l + ": network managers (6 conn. each)").constData(), r.managers,
                    "");
    };

    for (const int latencyMs : {0, 250, 500, 1000, 2000}) {
        const Result r =
            run(20, latencyMs, 400, QString::number(latencyMs), 1234567000 + quint32(latencyMs));
        show(r, 400 / 20.0 + latencyMs / 1000.0, 20, 400,
             QStringLiteral("400 @20/s, %1 ms").arg(latencyMs));
    }
    const Result r = run(200, 40, 2000, QStringLiteral("fast"), 1234567999);
    show(r, 2000 / 200.0 + 0.04, 200, 2000, QStringLiteral("2000 @200/s, 40 ms"));
    return allStopped ? 0 : 1;
}
