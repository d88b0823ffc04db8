// SPDX-License-Identifier: GPL-3.0-or-later
// Stop by room (issue 23): 120 rooms listed through DescribeSimpleStreamList against cdnrec-sim
// (its own process, --list-rate 50, one call per room per 10 s), by one RoomLister at ZEGO's
// 50 calls/s per AppId. Goal: within 1.5 x the ideal 120 / 50 = 2.4 s, with no 1-s window over
// 50 list calls at the gateway and no code 6. CDNREC_BENCH_ROOMS_RUNS=N repeats it (default 3).
#include "benchutil.h"
#include "simprocess.h"
#include <engine/ratelimiter.h>
#include <engine/roomlister.h>
#include <model/clock.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("bench-secret-0123456789abcdef");
constexpr int kRooms = 120;
constexpr double kRate = 50;

struct Result
{
    bool ok = false;
    double seconds = 0;
    int listed = 0;
    QJsonObject stats;
};

Result run(const QString &roomsFile, quint32 appId)
{
    Result r;
    bench::SimProcess sim;
    if (!sim.start(kSecret, {QStringLiteral("--rooms"), roomsFile, QStringLiteral("--app-id"),
                             QString::number(appId), QStringLiteral("--list-rate"),
                             QString::number(kRate)})) {
        std::fprintf(stderr, "bench_rooms: cdnrec-sim did not start\n");
        return r;
    }
    QStringList rooms;
    for (int i = 0; i < kRooms; ++i)
        rooms.append(QStringLiteral("room-%1").arg(i));
    RoomListTarget target;
    target.endpoint = sim.url();
    target.appId = appId;
    target.secret = kSecret;
    // The process's list pace (shared through this run's private runtime folder), a fresh cache.
    MemoryRoomListCache cache(&SystemClock::shared());
    RoomLister lister(target);
    lister.setCache(&cache);
    QEventLoop loop;
    QObject::connect(&lister, &RoomLister::finished, &loop, &QEventLoop::quit);
    QElapsedTimer timer;
    timer.start();
    lister.list(rooms);
    if (!lister.isFinished())
        loop.exec();
    r.seconds = double(timer.nsecsElapsed()) / 1e9;
    for (const RoomListing &l : lister.listings())
        r.listed += l.status == RoomListing::Status::Listed ? 1 : 0;
    r.stats = sim.stats();
    r.ok = r.listed == kRooms;
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    // The list pace is shared by every process of this user through $XDG_RUNTIME_DIR: a private
    // one, so other runs on the machine neither slow this one nor are slowed by it.
    QTemporaryDir runtime;
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    QCoreApplication app(argc, argv);
    const int runs = qMax(1, qEnvironmentVariableIntValue("CDNREC_BENCH_ROOMS_RUNS") > 0
                                 ? qEnvironmentVariableIntValue("CDNREC_BENCH_ROOMS_RUNS")
                                 : 3);
    QJsonObject rooms;
    for (int i = 0; i < kRooms; ++i)
        rooms.insert(QStringLiteral("room-%1").arg(i),
                     QJsonArray{QStringLiteral("room-%1-host").arg(i),
                                QStringLiteral("room-%1-guest").arg(i)});
    QFile file(runtime.filePath(QStringLiteral("rooms.json")));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(rooms).toJson()) < 0)
        return 1;
    file.close();

    const double ideal = kRooms / kRate;
    bool allListed = true;
    for (int i = 0; i < runs; ++i) {
        // An AppId per run: one run's pace does not hold the next back.
        const Result r = run(file.fileName(), quint32(1234560000 + i));
        allListed = allListed && r.ok;
        const QByteArray label = QByteArray("120 rooms @50/s #") + QByteArray::number(i + 1);
        const auto line = [&label](const char *what) {
            return QByteArray(label + ": " + what);
        };
        bench::info(line("rooms listed").constData(), r.listed, "rooms");
        bench::report(line("time (s), ideal 2.4 s").constData(), r.seconds, "s", 1.5 * ideal);
        bench::report(line("time / ideal").constData(), r.seconds / ideal, "x", 1.5);
        bench::report(line("most list calls in any 1 s (sim)").constData(),
                      r.stats.value(QStringLiteral("maxListCallsInAnySecond")).toDouble(), "calls",
                      kRate);
        bench::report(line("code 6 answers (sim)").constData(),
                      r.stats.value(QStringLiteral("code6")).toDouble(), "", 0);
    }
    return allListed ? 0 : 1;
}
