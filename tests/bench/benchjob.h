// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One job against a simulator, timed: the run the pacing benchmarks measure.
#include <engine/job.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QStringList>
#include <QUrl>

namespace bench {

struct JobRun
{
    double seconds = 0;
    int succeeded = 0;
    int maxInFlight = 0;
    int managers = 0;
};

// `streams` stream IDs "<prefix>-<i>", one per call, at `rate` calls/s to appId at endpoint,
// until the job ends.
inline JobRun runJob(const QUrl &endpoint, quint32 appId, const QString &secret,
                     const QString &prefix, int streams, double rate)
{
    cdnrec::JobTarget target;
    target.endpoint = endpoint;
    target.appId = appId;
    target.secret = secret;
    target.vendor = cdnrec::Vendor::Tencent;
    cdnrec::JobOptions options;
    options.batchSize = 1;
    options.callsPerSecond = rate;
    QStringList ids;
    for (int i = 0; i < streams; ++i)
        ids.append(QStringLiteral("%1-%2").arg(prefix).arg(i));
    cdnrec::Job job(target, ids, options);
    QEventLoop loop;
    QObject::connect(&job, &cdnrec::Job::finished, &loop, &QEventLoop::quit);
    QElapsedTimer wall;
    wall.start();
    job.start();
    loop.exec();
    JobRun r;
    r.seconds = double(wall.nsecsElapsed()) / 1e9;
    for (const cdnrec::StreamOutcome &o : job.outcomes())
        r.succeeded += o.status == cdnrec::StreamStatus::Succeeded;
    r.maxInFlight = job.maxInFlightSeen();
    r.managers = job.connectionPoolSize();
    return r;
}

} // namespace bench
