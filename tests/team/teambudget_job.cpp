// SPDX-License-Identifier: GPL-3.0-or-later
// One job on the team budget in a process of its own, for test_teambudget and bench_team_budget:
// a Job against a simulator with TeamBudget::shared() configured, as Run sets it up. Prints
// one line per event, each with the wall clock in ms (one machine: comparable between processes):
//   grant MS RATE      the job's pace changed (0: waiting for a grant)
//   notice MS TEXT     the job's notice (the fallback)
//   done MS CALLS SUCCEEDED CPU_US   the job finished; CPU time of this process
// Usage: teambudget_job HOST PORT SIM_URL APPID STREAMS RATE PREFIX [USER]
// The ServerSecret comes from CDNREC_SERVER_SECRET; the server trusts the database user.
#include <engine/job.h>
#include <model/clock.h>
#include <team/teambudget.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

#include <cstdio>

#include <sys/resource.h>

using namespace cdnrec;

namespace {

void say(const QByteArray &line)
{
    std::fprintf(stdout, "%s %lld%s\n", line.split(' ').first().constData(),
                 QDateTime::currentMSecsSinceEpoch(), line.mid(line.indexOf(' ')).constData());
    std::fflush(stdout);
}

qint64 cpuMicros()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return qint64(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000000 + u.ru_utime.tv_usec +
           u.ru_stime.tv_usec;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    if (a.size() < 8) {
        std::fprintf(stderr, "usage: teambudget_job HOST PORT SIM_URL APPID STREAMS RATE PREFIX "
                             "[USER|-] [NOTEAM]\n");
        return 2;
    }
    const bool team = a.size() < 10;
    if (team) {
        TeamConfig config;
        config.host = a.at(1);
        config.port = a.at(2).toInt();
        config.database = QStringLiteral("cdnrec");
        config.user =
            a.size() > 8 && a.at(8) != QStringLiteral("-") ? a.at(8) : QStringLiteral("admin");
        config.sslMode = QStringLiteral("disable");
        config.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
        TeamBudget::shared().configure(config, QString()); // the test's server trusts the user
    }

    JobTarget target;
    target.endpoint = QUrl(a.at(3));
    target.appId = a.at(4).toUInt();
    target.secret = qEnvironmentVariable("CDNREC_SERVER_SECRET");
    target.vendor = Vendor::Tencent;
    QStringList ids;
    for (int i = 0, n = a.at(5).toInt(); i < n; ++i)
        ids.append(a.at(7) + QStringLiteral("-%1").arg(i));
    JobOptions options;
    options.batchSize = 1;
    options.callsPerSecond = a.at(6).toDouble();

    const qint64 cpuBefore = cpuMicros();
    Job job(target, ids, options);
    if (team)
        job.setPaceSource(&TeamBudget::shared());
    double shown = -1;
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, &job, [&] {
        if (job.currentRate() != shown) {
            shown = job.currentRate();
            say("grant " + QByteArray::number(shown));
        }
    });
    watch.start(20);
    QObject::connect(&job, &Job::notice, &job,
                     [](const QString &text) { say("notice " + text.toUtf8()); });
    QObject::connect(&job, &Job::finished, &app, [&] {
        int ok = 0;
        for (const StreamOutcome &o : job.outcomes())
            ok += o.status == StreamStatus::Succeeded ? 1 : 0;
        say("done " + QByteArray::number(job.callCount()) + ' ' + QByteArray::number(ok) + ' ' +
            QByteArray::number(cpuMicros() - cpuBefore));
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    });
    job.start();
    const int code = app.exec();
    // As a front end does before QCoreApplication goes: the leave is written, not left to expire.
    TeamBudget::shared().shutdown();
    return code;
}
