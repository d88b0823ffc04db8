// SPDX-License-Identifier: GPL-3.0-or-later
// The pace at the rate limit when the network jitters: 400 streams, batch 1, 20 calls/s against
// cdnrec-sim (its own process, limit 20/s per AppId) whose requests reach its gateway a random
// 0..J ms late (--jitter J), for J = 0, 50 and 100 ms. Goals (issue 21): no code 6 and no 1-s
// window over 20 calls at the gateway, and at J = 50 the time within 1.05 x the ideal 400/20 =
// 20 s. Also printed: the headroom the limiter widened its window by at the end.
// CDNREC_BENCH_JITTER_RUNS=N repeats each case N times (default 1).
#include "benchjob.h"
#include "benchutil.h"
#include "simprocess.h"
#include <engine/job.h>
#include <engine/ratelimiter.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("bench-secret-0123456789abcdef");
constexpr int kStreams = 400;
constexpr double kRate = 20;

struct Result
{
    bool started = false;
    double seconds = 0;
    int succeeded = 0;
    double headroomMs = 0;
    QJsonObject stats;
};

// One run on an AppId of its own: the limiter's measure of one run does not carry into the next.
Result run(int jitterMs, quint32 appId, quint32 seed)
{
    Result r;
    bench::SimProcess sim;
    if (!sim.start(kSecret,
                   {QStringLiteral("--rate"), QString::number(kRate), QStringLiteral("--app-id"),
                    QString::number(appId), QStringLiteral("--jitter"), QString::number(jitterMs),
                    QStringLiteral("--seed"), QString::number(seed)})) {
        std::fprintf(stderr, "bench_jitter: cdnrec-sim did not start\n");
        return r;
    }
    r.started = true;
    const bench::JobRun run = bench::runJob(
        sim.url(), appId, kSecret, QStringLiteral("jit-%1").arg(jitterMs), kStreams, kRate);
    r.seconds = run.seconds;
    r.succeeded = run.succeeded;
    r.headroomMs = double(RateLimiter::shared().headroomNs(appId)) / 1e6;
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
    const int runs = qMax(1, qEnvironmentVariableIntValue("CDNREC_BENCH_JITTER_RUNS"));
    const double ideal = kStreams / kRate;

    bool allStopped = true;
    quint32 appId = 1234567000;
    for (const int jitterMs : {0, 50, 100}) {
        for (int i = 0; i < runs; ++i) {
            const Result r = run(jitterMs, ++appId, quint32(1000 + i));
            allStopped = allStopped && r.started && r.succeeded == kStreams;
            QByteArray label =
                QByteArray("400 @20/s, jitter ") + QByteArray::number(jitterMs) + " ms";
            if (runs > 1)
                label += " #" + QByteArray::number(i + 1);
            const auto line = [&label](const char *what) {
                return QByteArray(label + ": " + what);
            };
            bench::info(line("calls (sim)").constData(),
                        r.stats.value(QStringLiteral("calls")).toDouble(), "calls");
            bench::report(line("code 6 answers (sim)").constData(),
                          r.stats.value(QStringLiteral("code6")).toDouble(), "", 0);
            bench::report(line("most calls in any 1 s (sim)").constData(),
                          r.stats.value(QStringLiteral("maxCallsInAnySecond")).toDouble(), "calls",
                          kRate);
            const QByteArray ratio = QByteArray("time / ideal ") + QByteArray::number(ideal) + " s";
            if (jitterMs <= 50)
                bench::report(line(ratio.constData()).constData(), r.seconds / ideal, "x", 1.05);
            else
                bench::info(line(ratio.constData()).constData(), r.seconds / ideal, "x");
            bench::info(line("headroom at the end (limiter)").constData(), r.headroomMs, "ms");
        }
    }
    return allStopped ? 0 : 1;
}
