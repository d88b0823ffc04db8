// SPDX-License-Identifier: GPL-3.0-or-later
// What team history adds: the CPU time per call of writing the team events ahead (the journal
// alone, then a whole run with the sync replaying to PostgreSQL on its thread), and the wall time
// of 2,000 streams at 200 calls/s through cdnrec-sim with and without team mode.
#include "benchutil.h"
#include "pgcluster.h"
#include "simprocess.h"
#include <app/run.h>
#include <engine/job.h>
#include <store/history.h>
#include <team/teamdatabase.h>
#include <team/teamjournal.h>
#include <team/teamoutbox.h>
#include <team/teamsession.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>

#include <sys/resource.h>
#include <unistd.h>

using namespace cdnrec;

namespace {

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of this process's threads named `name` (/proc: utime + stime, in clock ticks).
double threadCpuSeconds(const QByteArray &name)
{
    double ticks = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().trimmed().startsWith(name))
            continue;
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // After "(comm) ": state is field 3; utime and stime are fields 14 and 15.
        const QList<QByteArray> f = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (f.size() > 12)
            ticks += f.at(11).toDouble() + f.at(12).toDouble();
    }
    return ticks / double(sysconf(_SC_CLK_TCK));
}

CallRecord callRecord(int no)
{
    CallRecord c;
    c.callId = no;
    c.streamIds = {QStringLiteral("bench-stream-%1").arg(no)};
    c.redactedUrl = QStringLiteral("https://rtc-api.zego.im/?Action=StopCDNRecord&StreamId[]=bench-"
                                   "stream-%1&Vendor=Tencent&AppId=1234567890&SignatureNonce="
                                   "0123456789abcdef&Timestamp=1700000000&SignatureVersion=2.0&"
                                   "Signature=REDACTED")
                        .arg(no);
    c.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    c.httpStatus = 200;
    c.hasCode = true;
    c.requestId = QStringLiteral("request-%1").arg(no);
    c.durationMs = 20;
    return c;
}

} // namespace

int main(int argc, char **argv)
{
    QTemporaryDir runtime; // a private shared pace, as bench_stop
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("cdnrec-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_team"));

    test::PgCluster pg;
    if (!pg.isRunning()) {
        std::fprintf(stderr, "bench_team: no PostgreSQL cluster: %s\n", qPrintable(pg.error()));
        return 1;
    }
    pg.createDatabase(QStringLiteral("cdnrec"));
    TeamConfig admin;
    admin.host = pg.host();
    admin.port = pg.port();
    admin.user = pg.adminUser();
    admin.sslMode = QStringLiteral("disable");
    admin.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
    TeamDatabase::open(admin, QString(), QStringLiteral("bench-init"));
    if (const TeamDatabase::Status m = TeamDatabase::migrate(QStringLiteral("bench-init"));
        !m.ok()) {
        std::fprintf(stderr, "bench_team: team init failed: %s\n", qPrintable(m.message));
        return 1;
    }
    TeamDatabase::close(QStringLiteral("bench-init"));
    const QString password = QStringLiteral("bench-operator-pw");
    pg.createRole(QStringLiteral("bench_op"), password, QStringLiteral("cdnrec_operator"));
    TeamConfig config = admin;
    config.user = QStringLiteral("bench_op");

    QTemporaryDir dir;
    // 1. The journal alone: a call written ahead and answered, history only vs history + team.
    {
        History history(dir.filePath(QStringLiteral("journal.sqlite")));
        History::RunInfo info;
        info.streamIds = {QStringLiteral("x")};
        auto plain = history.journal(history.beginRun(info));
        TeamJournal::RunInfo ti;
        ti.localRunId = history.beginRun(info);
        ti.appId = 1234567890;
        ti.profile = QStringLiteral("bench");
        auto teamRows = std::make_unique<TeamJournal>(ti);
        teamRows->begin(history);
        auto team = history.journal(ti.localRunId, std::move(teamRows));
        int no = 0;
        const auto once = [&](CallJournal *journal) {
            const CallRecord c = callRecord(++no);
            journal->callSending(c);
            StreamOutcome o;
            o.streamId = c.streamIds.constFirst();
            o.status = StreamStatus::Succeeded;
            o.attempts = 1;
            journal->callFinished(c, {o});
        };
        const double withoutNs = bench::medianNs(5, 400, [&] { once(plain.get()); });
        const double withNs = bench::medianNs(5, 400, [&] { once(team.get()); });
        bench::info("journal time per call (write ahead + answer), history only", withoutNs / 1000,
                    "us");
        bench::info("journal time per call, history + team events", withNs / 1000, "us");
        bench::info("team events: time they add per call (journal, one thread)",
                    (withNs - withoutNs) / 1000, "us");
    }

    // 2. 2,000 streams at 200/s through cdnrec-sim, without and with team mode.
    const QString secret = QStringLiteral("bench-secret-0123456789abcdef");
    bench::SimProcess sim;
    if (!sim.start(secret, {QStringLiteral("--rate"), QStringLiteral("200")})) {
        std::fprintf(stderr, "bench_team: cdnrec-sim did not start\n");
        return 1;
    }
    struct Result
    {
        double seconds = 0, cpu = 0;
        int calls = 0;
        bool allStopped = false;
        int waitingAfter = 0;
        double drainSeconds = 0;
        double syncCpu = 0; // the sync's thread alone
    };
    const auto runOnce = [&](const QString &tag, bool team) {
        TeamSession *session = TeamSession::setForTesting(team ? config : TeamConfig(), password);
        History history(dir.filePath(QStringLiteral("run-%1.sqlite").arg(tag)));
        RunPlan plan;
        plan.target.endpoint = sim.url();
        plan.target.appId = 1234567890;
        plan.target.secret = secret;
        plan.target.vendor = Vendor::Tencent;
        plan.options.batchSize = 1;
        plan.options.callsPerSecond = 200;
        plan.label = QStringLiteral("bench");
        for (int i = 0; i < 2000; ++i) {
            StreamIds::Item item;
            item.id = QStringLiteral("bench-%1-%2").arg(tag).arg(i);
            plan.items.append(item);
        }
        Result r;
        Run run(plan);
        run.setHistory(&history);
        if (!run.prepare()) {
            std::fprintf(stderr, "bench_team: run refused: %s\n", qPrintable(run.problem()));
            return r;
        }
        QEventLoop loop;
        QObject::connect(&run, &Run::finished, &loop, &QEventLoop::quit);
        const double cpu0 = cpuSeconds();
        QElapsedTimer wall;
        wall.start();
        run.start();
        loop.exec();
        r.seconds = double(wall.nsecsElapsed()) / 1e9;
        QElapsedTimer drain;
        drain.start();
        if (team)
            r.waitingAfter = session->sync()->waitUntilDrained(30000);
        r.drainSeconds = double(drain.nsecsElapsed()) / 1e9;
        r.cpu = cpuSeconds() - cpu0; // the sync's thread included
        if (team) // its thread starts with the session: all of its time is this run's
            r.syncCpu = threadCpuSeconds(QByteArrayLiteral("cdnrec team syn"));
        r.calls = run.job()->callCount();
        r.allStopped = run.verdict() == Run::Verdict::AllStopped;
        TeamSession::resetForTesting();
        return r;
    };
    // This VM is shared: a run's CPU time per call drifts by ±10 % from one run to the next.
    // Five rounds, each a run without and a run with team mode back to back; the figures are
    // the medians of the pairs' ratios and differences, their spread beside (the first team run
    // also loads QPSQL and opens the first connection: its pair is one of five).
    constexpr int kRounds = 5;
    QList<Result> plains, teams;
    for (int round = 0; round < kRounds; ++round) {
        plains.append(runOnce(QStringLiteral("a%1").arg(round), false));
        teams.append(runOnce(QStringLiteral("b%1").arg(round), true));
    }
    const auto medianOf = [](QList<double> values) {
        std::sort(values.begin(), values.end());
        return values.at(values.size() / 2);
    };
    const auto cpuPerCall = [](const Result &r) {
        return r.cpu / qMax(1, r.calls) * 1e6;
    };
    QList<double> wallRatios, cpuRatios, cpuAdded, plainCpu, teamCpu, plainWall, teamWall;
    double syncCpu = 0, drainSeconds = 0;
    int waitingAfter = 0;
    bool allStopped = true;
    for (int i = 0; i < kRounds; ++i) {
        const Result &p = plains.at(i);
        const Result &t = teams.at(i);
        wallRatios.append(t.seconds / qMax(1e-9, p.seconds));
        cpuRatios.append(cpuPerCall(t) / qMax(1e-9, cpuPerCall(p)));
        cpuAdded.append(cpuPerCall(t) - cpuPerCall(p));
        plainCpu.append(cpuPerCall(p));
        teamCpu.append(cpuPerCall(t));
        plainWall.append(p.seconds);
        teamWall.append(t.seconds);
        syncCpu += t.syncCpu / qMax(1, t.calls) * 1e6 / kRounds;
        waitingAfter = qMax(waitingAfter, t.waitingAfter);
        drainSeconds = qMax(drainSeconds, t.drainSeconds);
        allStopped = allStopped && p.allStopped && t.allStopped;
    }
    const int events =
        pg.psql(QStringLiteral("SELECT count(*) FROM cdnrec_events;"), QStringLiteral("cdnrec"))
            .toInt();
    bench::info("2,000 streams at 200/s without team mode: wall time (median of 5)",
                medianOf(plainWall), "s");
    bench::info("2,000 streams at 200/s with team mode: wall time (median of 5)",
                medianOf(teamWall), "s");
    bench::report("team mode: run time with / without (median of 5 pairs)", medianOf(wallRatios),
                  "x", 1.10);
    bench::info("client CPU time per call without team mode (median of 5)", medianOf(plainCpu),
                "us");
    bench::info("client CPU time per call with team mode, run + sync (median of 5)",
                medianOf(teamCpu), "us");
    bench::report("team mode: client CPU time with / without, run + sync (median of 5 pairs)",
                  medianOf(cpuRatios), "x", 1.10);
    bench::info("team mode: CPU time it adds per call, run + sync (median of 5 pairs)",
                medianOf(cpuAdded), "us");
    bench::info("team mode: client CPU with / without, lowest of the 5 pairs",
                *std::min_element(cpuRatios.cbegin(), cpuRatios.cend()), "x");
    bench::info("team mode: client CPU with / without, highest of the 5 pairs",
                *std::max_element(cpuRatios.cbegin(), cpuRatios.cend()), "x");
    bench::info("team mode: of which the sync's thread (read, send, mark) per call", syncCpu, "us");
    bench::info("team mode: events in the team database after the 5 runs", events, "");
    bench::report("team mode: events still waiting after each run + drain", waitingAfter, "", 0);
    bench::info("team mode: time to drain after a run ended (longest)", drainSeconds, "s");
    return allStopped ? 0 : 1;
}
