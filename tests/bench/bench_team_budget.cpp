// SPDX-License-Identifier: GPL-3.0-or-later
// The team budget, two processes on one AppId (budget 20/s), 400 streams each (batch 1: 800
// calls) through one cdnrec-sim, against a throw-away PostgreSQL cluster: wall time against the
// ideal 800/20 = 40 s, the busiest second and code 6 at the simulator, the time the survivor
// takes to reach the whole budget once the other job ends, and the CPU the budget adds per call
// (the same job with and without team mode).
#include "benchutil.h"
#include "pgcluster.h"
#include "simprocess.h"
#include <team/teambudget.h>
#include <team/teamdatabase.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <memory>

#include <sys/resource.h>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("team-budget-secret-0123456789abcdef");

struct Job
{
    std::unique_ptr<QTemporaryDir> home = std::make_unique<QTemporaryDir>();
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QStringList lines;
    ~Job()
    {
        if (process->state() != QProcess::NotRunning && !process->waitForFinished(10000))
            process->kill();
    }

    void start(const test::PgCluster &pg, const QUrl &sim, int streams, const QString &prefix,
               bool team = true)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CDNREC_SERVER_SECRET"), kSecret);
        env.insert(QStringLiteral("HOME"), home->path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home->filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home->filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home->path());
        process->setProcessEnvironment(env);
        QObject::connect(process.get(), &QProcess::readyReadStandardOutput, [this] {
            while (process->canReadLine())
                lines.append(QString::fromUtf8(process->readLine()).trimmed());
        });
        QStringList args{pg.host(),
                         QString::number(pg.port()),
                         sim.toString(),
                         QStringLiteral("1234567890"),
                         QString::number(streams),
                         QStringLiteral("20"),
                         prefix};
        if (!team)
            args << QStringLiteral("-") << QStringLiteral("noteam");
        process->start(QStringLiteral(CDNREC_BUDGET_JOB), args);
    }
    QStringList field(const QString &kind) const
    {
        for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
            if (it->startsWith(kind + QLatin1Char(' ')))
                return it->split(QLatin1Char(' '));
        }
        return {};
    }
    bool done() const { return !field(QStringLiteral("done")).isEmpty(); }
    qint64 doneAt() const { return field(QStringLiteral("done")).value(1).toLongLong(); }
    qint64 cpuUs() const { return field(QStringLiteral("done")).value(4).toLongLong(); }
    int calls() const { return field(QStringLiteral("done")).value(2).toInt(); }
    qint64 reached(double rate, qint64 after) const
    {
        for (const QString &line : lines) {
            const QStringList f = line.split(QLatin1Char(' '));
            if (f.size() > 2 && f.at(0) == QLatin1String("grant") &&
                f.at(1).toLongLong() >= after && f.at(2).toDouble() >= rate)
                return f.at(1).toLongLong();
        }
        return -1;
    }
};

bool waitFor(const std::function<bool()> &condition, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    test::PgCluster pg;
    if (!pg.isRunning()) {
        std::fprintf(stderr, "bench_team_budget: %s\n", qPrintable(pg.error()));
        return 1;
    }
    pg.createDatabase(QStringLiteral("cdnrec"));
    TeamConfig config;
    config.host = pg.host();
    config.port = pg.port();
    config.user = pg.adminUser();
    config.sslMode = QStringLiteral("disable");
    config.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
    TeamDatabase::Status s = TeamDatabase::open(config, QString(), QStringLiteral("bench"));
    s = TeamDatabase::migrate(QStringLiteral("bench"));
    TeamDatabase::close(QStringLiteral("bench"));
    if (!s.ok()) {
        std::fprintf(stderr, "bench_team_budget: %s\n", qPrintable(s.message));
        return 1;
    }
    pg.psql(QStringLiteral("INSERT INTO cdnrec_budgets (app_id, rate) VALUES (1234567890, 20)"),
            QStringLiteral("cdnrec"));

    bench::SimProcess sim;
    if (!sim.start(kSecret, {QStringLiteral("--rate"), QStringLiteral("20")})) {
        std::fprintf(stderr, "bench_team_budget: cdnrec-sim did not start\n");
        return 1;
    }
    // Two jobs, the second a moment later (so one ends first and the other takes it all).
    Job a, b;
    QElapsedTimer wall;
    wall.start();
    a.start(pg, sim.url(), 400, QStringLiteral("a"));
    waitFor([] { return false; }, 1500);
    b.start(pg, sim.url(), 400, QStringLiteral("b"));
    if (!waitFor([&] { return a.done() && b.done(); }, 300000)) {
        std::fprintf(stderr, "bench_team_budget: the jobs did not finish\n");
        return 1;
    }
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const QJsonObject stats = sim.stats();
    const bool aFirst = a.doneAt() <= b.doneAt();
    const Job &survivor = aFirst ? b : a;
    const qint64 ended = aFirst ? a.doneAt() : b.doneAt();
    const qint64 reached = survivor.reached(20, ended);

    // The same 400 calls alone, with and without team mode: what the budget costs in CPU.
    bench::SimProcess sim2;
    sim2.start(kSecret, {QStringLiteral("--rate"), QStringLiteral("20")});
    Job solo, plain;
    solo.start(pg, sim2.url(), 400, QStringLiteral("s"));
    waitFor([&] { return solo.done(); }, 120000);
    waitFor([] { return false; }, 1500); // its last second out of the simulator's window
    plain.start(pg, sim2.url(), 400, QStringLiteral("p"), false);
    waitFor([&] { return plain.done(); }, 120000);

    bench::info("two jobs x 400 calls: wall time", seconds, "s");
    bench::report("two jobs x 400 calls: wall time / ideal (800/20 = 40 s)", seconds / 40.0, "x",
                  1.10);
    bench::report("busiest second at the simulator",
                  stats.value(QStringLiteral("maxCallsInAnySecond")).toDouble(), "calls", 20);
    bench::report("code 6 answers", stats.value(QStringLiteral("code6")).toDouble(), "", 0);
    bench::report("survivor reaches the whole budget after the other ends",
                  reached > 0 ? double(reached - ended) / 1000.0 : 999.0, "s", 3);
    if (solo.done() && plain.done() && solo.calls() > 0) {
        // Whole processes, start-up included: noisy on a shared machine, for orientation only.
        bench::info("process CPU per call, 400 calls with the team budget",
                    double(solo.cpuUs()) / solo.calls(), "us");
        bench::info("process CPU per call, 400 calls without",
                    double(plain.cpuUs()) / qMax(1, plain.calls()), "us");
    }

    // What the budget adds, measured apart: the per-call path (the job reads its lease before
    // each call) and the heartbeats of the worker thread, spread over the calls of a second.
    TeamBudget budget;
    budget.configure(config, QString());
    const auto lease = budget.join(1234567890, 20);
    waitFor([&] { return lease->grant() > 0; }, 10000);
    const double perCallNs = bench::medianNs(5, 100000, [&] {
        volatile double r = lease->rate();
        (void)r;
        (void)lease->takeNotice();
    });
    rusage before{}, after{};
    ::getrusage(RUSAGE_SELF, &before);
    QElapsedTimer idle;
    idle.start();
    QThread::msleep(5000); // the worker heartbeats on its thread; this one sleeps
    ::getrusage(RUSAGE_SELF, &after);
    const auto us = [](const rusage &u) {
        return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 + double(u.ru_utime.tv_usec) +
               double(u.ru_stime.tv_usec);
    };
    const double heartbeatUsPerSec = (us(after) - us(before)) / (double(idle.elapsed()) / 1000.0);
    budget.leave(lease);
    budget.shutdown();
    bench::info("lease read per call", perCallNs / 1000.0, "us");
    bench::info("heartbeats, CPU per second", heartbeatUsPerSec, "us/s");
    const double added = perCallNs / 1000.0 + heartbeatUsPerSec / 20.0;
    bench::info("CPU the budget adds per call at 20 calls/s", added, "us");
    if (solo.done() && plain.done() && plain.calls() > 0) {
        const double without = double(plain.cpuUs()) / plain.calls();
        bench::report("CPU the budget adds, share of a call's CPU without it",
                      100.0 * added / qMax(1.0, without), "%", 10);
    }
    return 0;
}
