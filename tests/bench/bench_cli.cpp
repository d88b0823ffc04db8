// SPDX-License-Identifier: GPL-3.0-or-later
// The CLI with a million stream IDs: peak memory (RSS) of `cdnrec stop --file ids --json` and
// without --json, recorded into a history, against cdnrec-sim in its own process (rate 5,000/s,
// batch 100: 10,000 calls). The report is streamed; the goal is under 1 GB with --json.
#include "benchutil.h"
#include "simprocess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <sys/resource.h>
#include <sys/wait.h>

namespace {

struct Child
{
    int exitCode = -1;
    double seconds = 0;
    double peakMb = 0;
};

// Runs the CLI and reads its own peak RSS from wait4(), not the whole tree's.
Child runCli(const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setStandardOutputFile(QProcess::nullDevice());
    p.setStandardErrorFile(QProcess::nullDevice());
    Child c;
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral(CDNREC_CLI), args);
    if (!p.waitForStarted())
        return c;
    const pid_t pid = pid_t(p.processId());
    int status = 0;
    rusage usage{};
    // QProcess reaps its child itself; wait4 first, so the rusage is this child's.
    if (::wait4(pid, &status, 0, &usage) == pid) {
        c.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        c.peakMb = double(usage.ru_maxrss) / 1024.0;
    }
    c.seconds = double(t.nsecsElapsed()) / 1e9;
    p.waitForFinished(1000);
    return c;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString secret = QStringLiteral("bench-secret-0123456789abcdef");
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CDNREC_SIM_SECRET"), secret);
    env.insert(QStringLiteral("CDNREC_SERVER_SECRET"), secret);
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.path());

    bench::SimProcess sim;
    if (!sim.start(secret, {QStringLiteral("--rate"), QStringLiteral("100000")}, env)) {
        std::fprintf(stderr, "bench_cli: cdnrec-sim did not start\n");
        return 1;
    }

    const int count = 1000000;
    const QString ids = dir.filePath(QStringLiteral("ids.txt"));
    {
        QFile f(ids);
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        QByteArray chunk;
        for (int i = 0; i < count; ++i) {
            chunk += "live-room-" + QByteArray::number(i) + "-main\n";
            if (chunk.size() > (1 << 20)) {
                f.write(chunk);
                chunk.clear();
            }
        }
        f.write(chunk);
    }
    const QStringList base{QStringLiteral("stop"),
                           QStringLiteral("--vendor"),
                           QStringLiteral("Tencent"),
                           QStringLiteral("--endpoint"),
                           sim.url().toString(),
                           QStringLiteral("--app-id"),
                           QStringLiteral("1234567890"),
                           QStringLiteral("--rate"),
                           QStringLiteral("5000"),
                           QStringLiteral("--batch-size"),
                           QStringLiteral("100"),
                           QStringLiteral("--file"),
                           ids};
    const Child json = runCli(base + QStringList{QStringLiteral("--json")}, env);
    const Child table = runCli(base, env);
    bench::info("1,000,000 IDs --json: exit code (0: all stopped)", json.exitCode, "");
    bench::info("1,000,000 IDs --json: wall time", json.seconds, "s");
    bench::report("1,000,000 IDs with --json: peak RSS", json.peakMb, "MB", 1024);
    bench::info("1,000,000 IDs, table output: peak RSS", table.peakMb, "MB");
    return json.exitCode == 0 ? 0 : 1;
}
