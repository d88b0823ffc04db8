// SPDX-License-Identifier: GPL-3.0-or-later
// RoomLister against the simulator over loopback HTTP: rooms' streams listed (odd room IDs
// intact), an empty room, code 154 retried or final, the two limits of DescribeSimpleStreamList
// (50 calls/s per AppId, one call per room per interval) kept, answers younger than the interval
// reused, a wrong secret, a cancel. The simulator's counts are the judge.
#include "simserver.h"
#include <engine/ratelimiter.h>
#include <engine/roomlister.h>
#include <engine/signer.h>
#include <model/clock.h>
#include <store/roomlistcache.h>

#include <QFile>
#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

#include <sys/file.h>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("9193cc662a4c0ec135ec71fb57194b38");
const QString kOddRoom = QStringLiteral("a&b #1 100% +x 直播间");

SimConfig simConfig(int roomIntervalMs = 10000)
{
    SimConfig c;
    c.secret = kSecret;
    c.roomIntervalMs = roomIntervalMs;
    c.rooms = {
        {QStringLiteral("8842"), {QStringLiteral("s-host"), QStringLiteral("s-guest")}},
        {QStringLiteral("empty"), {}},
        {kOddRoom, {QStringLiteral("odd-1")}},
        {QStringLiteral("r154x1-flaky"), {QStringLiteral("flaky-1")}},
    };
    return c;
}

RoomListTarget target(SimServer &sim, const QString &secret = kSecret)
{
    RoomListTarget t;
    t.endpoint = sim.url();
    t.appId = sim.gateway().config().appId;
    t.secret = secret;
    return t;
}

// A lister with a pace and a cache of its own (nothing shared with other tests).
struct Listing
{
    Listing(SimServer &sim, RoomListOptions options = {}, const QString &secret = kSecret)
        : limiter(&SystemClock::shared()), cache(&SystemClock::shared()),
          lister(target(sim, secret), options)
    {
        lister.setRateLimiter(&limiter);
        lister.setCache(&cache);
    }
    bool run(const QStringList &rooms, int timeoutMs = 60000)
    {
        QSignalSpy done(&lister, &RoomLister::finished);
        lister.list(rooms);
        return done.wait(timeoutMs);
    }
    RoomListing of(const QString &room) const
    {
        for (const RoomListing &l : lister.listings()) {
            if (l.room == room)
                return l;
        }
        return {};
    }
    RateLimiter limiter;
    MemoryRoomListCache cache;
    RoomLister lister;
};

QStringList ids(const QList<ListedStream> &streams)
{
    QStringList out;
    for (const ListedStream &s : streams)
        out.append(s.streamId);
    return out;
}

int simStat(SimServer &sim, const char *key)
{
    return sim.gateway().stats().value(QLatin1String(key)).toInt();
}

} // namespace

class TestRoomLister : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsRoomsWithTheirStreams();
    void invalidRoomIsNeverSent();
    void code154IsRetried();
    void code154ForeverFails();
    void hundredTwentyRoomsKeepFiftyPerSecond();
    void sameRoomWithinTheIntervalIsReused();
    void roomLimitCodeSixIsWaitedOut();
    void wrongSecretFailsEveryRoom();
    void cancelWhileWaiting();
    void skewedClockIsCorrectedOnce();
    void simulatorKeepsBothLimitsApartFromStops();
    void unreachableEndpointHoldsNoRoom();
    void fileCacheIsSharedBetweenProcesses();
    void fileCacheFromBeforeARebootIsIgnored();
    void aFileLockHeldForeverBlocksNobody();
};

void TestRoomLister::listsRoomsWithTheirStreams()
{
    SimServer sim(simConfig());
    QVERIFY(sim.start());
    Listing l(sim);
    QSignalSpy each(&l.lister, &RoomLister::roomListed);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(l.run(
        {QStringLiteral("8842"), QStringLiteral("empty"), kOddRoom, QStringLiteral(" 8842 ")}));
    QCOMPARE(each.size(), 3); // " 8842 " is 8842, listed once
    const QList<RoomListing> all = l.lister.listings();
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).room, QStringLiteral("8842"));
    QCOMPARE(all.at(0).status, RoomListing::Status::Listed);
    QCOMPARE(ids(all.at(0).streams),
             (QStringList{QStringLiteral("s-host"), QStringLiteral("s-guest")}));
    QCOMPARE(all.at(0).streams.at(0).userId, QStringLiteral("user-1"));
    QVERIFY(all.at(0).streams.at(0).createTime > 0);
    QVERIFY(all.at(0).readAtMs >= before);
    QCOMPARE(all.at(0).calls, 1);
    // An empty room is an answer, not a failure.
    QCOMPARE(all.at(1).status, RoomListing::Status::Listed);
    QVERIFY(all.at(1).streams.isEmpty());
    QVERIFY(all.at(1).hasList());
    // The odd room ID reached the gateway as it is (its streams came back).
    QCOMPARE(all.at(2).status, RoomListing::Status::Listed);
    QCOMPARE(ids(all.at(2).streams), QStringList{QStringLiteral("odd-1")});
    QCOMPARE(simStat(sim, "listCalls"), 3);
    QCOMPARE(simStat(sim, "calls"), 0); // no StopCDNRecord call
    QCOMPARE(l.lister.callCount(), 3);
}

void TestRoomLister::invalidRoomIsNeverSent()
{
    SimServer sim(simConfig());
    QVERIFY(sim.start());
    Listing l(sim);
    QVERIFY(l.run({QStringLiteral("bad\nroom"), QStringLiteral("8842")}));
    const RoomListing bad = l.of(QStringLiteral("bad\nroom"));
    QCOMPARE(bad.status, RoomListing::Status::Failed);
    QVERIFY2(bad.error.contains(QLatin1String("control character")), qPrintable(bad.error));
    QCOMPARE(bad.calls, 0);
    QCOMPARE(l.of(QStringLiteral("8842")).status, RoomListing::Status::Listed);
    QCOMPARE(simStat(sim, "listCalls"), 1);
}

void TestRoomLister::code154IsRetried()
{
    // A short room interval on both sides: the retry waits for the room's interval.
    SimServer sim(simConfig(300));
    QVERIFY(sim.start());
    RoomListOptions o;
    o.roomIntervalMs = 300;
    o.backoffBaseMs = 10;
    Listing l(sim, o);
    QVERIFY(l.run({QStringLiteral("r154x1-flaky")}));
    const RoomListing r = l.of(QStringLiteral("r154x1-flaky"));
    QCOMPARE(r.status, RoomListing::Status::Listed);
    QCOMPARE(ids(r.streams), QStringList{QStringLiteral("flaky-1")});
    QCOMPARE(r.calls, 2);
    QCOMPARE(simStat(sim, "code154"), 1);
    // The retry never broke the room's limit.
    QCOMPARE(simStat(sim, "roomCode6"), 0);
}

void TestRoomLister::code154ForeverFails()
{
    SimServer sim(simConfig(100));
    QVERIFY(sim.start());
    RoomListOptions o;
    o.roomIntervalMs = 100;
    o.backoffBaseMs = 10;
    o.maxAttempts = 3;
    Listing l(sim, o);
    QVERIFY(l.run({QStringLiteral("r154-down")}));
    const RoomListing r = l.of(QStringLiteral("r154-down"));
    QCOMPARE(r.status, RoomListing::Status::Failed);
    QCOMPARE(r.code, 154);
    QVERIFY2(r.error.contains(QLatin1String("154")), qPrintable(r.error));
    QVERIFY(r.streams.isEmpty());
    QCOMPARE(r.calls, 3);
    QCOMPARE(simStat(sim, "code154"), 3);
    QCOMPARE(simStat(sim, "roomCode6"), 0);
}

void TestRoomLister::hundredTwentyRoomsKeepFiftyPerSecond()
{
    SimConfig c = simConfig();
    QStringList rooms;
    for (int i = 0; i < 120; ++i) {
        rooms.append(QStringLiteral("room-%1").arg(i));
        c.rooms.insert(rooms.last(), {QStringLiteral("room-%1-s").arg(i)});
    }
    SimServer sim(c);
    QVERIFY(sim.start());
    Listing l(sim);
    QVERIFY(l.run(rooms));
    for (const RoomListing &r : l.lister.listings()) {
        QCOMPARE(r.status, RoomListing::Status::Listed);
        QCOMPARE(r.streams.size(), 1);
    }
    QCOMPARE(simStat(sim, "listCalls"), 120);
    QVERIFY2(simStat(sim, "maxListCallsInAnySecond") <= 50,
             qPrintable(QString::number(simStat(sim, "maxListCallsInAnySecond"))));
    QCOMPARE(simStat(sim, "listCode6"), 0);
    QCOMPARE(simStat(sim, "code6"), 0);
}

void TestRoomLister::sameRoomWithinTheIntervalIsReused()
{
    SimServer sim(simConfig());
    QVERIFY(sim.start());
    RateLimiter limiter(&SystemClock::shared());
    MemoryRoomListCache cache(&SystemClock::shared());
    RoomListing second;
    for (int i = 0; i < 2; ++i) {
        RoomLister lister(target(sim));
        lister.setRateLimiter(&limiter);
        lister.setCache(&cache);
        QSignalSpy done(&lister, &RoomLister::finished);
        lister.list({QStringLiteral("8842")});
        QVERIFY(done.wait(30000));
        second = lister.listings().first();
    }
    QCOMPARE(second.status, RoomListing::Status::Reused);
    QCOMPARE(ids(second.streams),
             (QStringList{QStringLiteral("s-host"), QStringLiteral("s-guest")}));
    QVERIFY(second.ageMs >= 0 && second.ageMs < 10000);
    QVERIFY(second.readAtMs > 0);
    QCOMPARE(second.calls, 0);
    QCOMPARE(simStat(sim, "listCalls"), 1);
}

void TestRoomLister::roomLimitCodeSixIsWaitedOut()
{
    // Another client (a cache this lister cannot see) asked for the room just before: the
    // gateway answers code 6, and the lister waits for the room's interval before asking again.
    SimServer sim(simConfig(500));
    QVERIFY(sim.start());
    RoomListOptions o;
    o.roomIntervalMs = 500;
    o.backoffBaseMs = 10;
    Listing first(sim, o);
    QVERIFY(first.run({QStringLiteral("8842")}));
    Listing other(sim, o);
    QVERIFY(other.run({QStringLiteral("8842")}));
    const RoomListing r = other.of(QStringLiteral("8842"));
    QCOMPARE(r.status, RoomListing::Status::Listed);
    QCOMPARE(r.calls, 2);
    QCOMPARE(simStat(sim, "roomCode6"), 1);
    QCOMPARE(simStat(sim, "listCalls"), 3);
}

void TestRoomLister::wrongSecretFailsEveryRoom()
{
    SimServer sim(simConfig());
    QVERIFY(sim.start());
    RoomListOptions o;
    o.maxInFlight = 1;
    Listing l(sim, o, QStringLiteral("00000000000000000000000000000000"));
    QVERIFY(l.run({QStringLiteral("8842"), QStringLiteral("empty"), kOddRoom}));
    for (const RoomListing &r : l.lister.listings()) {
        QCOMPARE(r.status, RoomListing::Status::Failed);
        QVERIFY(!r.error.isEmpty());
    }
    QCOMPARE(l.lister.problemCode(), 100000005);
    QVERIFY(!l.lister.problem().isEmpty());
    QCOMPARE(simStat(sim, "listCalls"), 1); // the rest not sent
}

void TestRoomLister::cancelWhileWaiting()
{
    SimServer sim(simConfig());
    QVERIFY(sim.start());
    RateLimiter limiter(&SystemClock::shared());
    MemoryRoomListCache cache(&SystemClock::shared());
    // The room was asked for and never answered here: the next lister must wait 10 s.
    QCOMPARE(
        cache
            .look(RoomLister::cacheKey(sim.gateway().config().appId, false, QStringLiteral("8842")),
                  10000, 10300, true)
            .verdict,
        RoomListCache::Look::Verdict::Call);
    RoomLister lister(target(sim));
    lister.setRateLimiter(&limiter);
    lister.setCache(&cache);
    QSignalSpy notices(&lister, &RoomLister::notice);
    QSignalSpy done(&lister, &RoomLister::finished);
    lister.list({QStringLiteral("8842")});
    QVERIFY(notices.wait(5000));
    QVERIFY(!done.size());
    lister.cancel();
    QCOMPARE(done.size(), 1);
    QCOMPARE(lister.listings().first().status, RoomListing::Status::Cancelled);
    QCOMPARE(simStat(sim, "listCalls"), 0);
}

void TestRoomLister::skewedClockIsCorrectedOnce()
{
    // The gateway's clock 15 min ahead: the first calls are refused as expired (100000004); the
    // Date of the refusal corrects the Timestamp, and each room is asked once more.
    SimConfig c = simConfig(200);
    c.clockOffsetSecs = 900;
    SimServer sim(c);
    QVERIFY(sim.start());
    RoomListOptions o;
    o.roomIntervalMs = 200;
    o.backoffBaseMs = 10;
    Listing l(sim, o);
    QSignalSpy notices(&l.lister, &RoomLister::notice);
    QVERIFY(l.run({QStringLiteral("8842"), QStringLiteral("empty")}));
    for (const RoomListing &r : l.lister.listings())
        QCOMPARE(r.status, RoomListing::Status::Listed);
    QCOMPARE(ids(l.of(QStringLiteral("8842")).streams),
             (QStringList{QStringLiteral("s-host"), QStringLiteral("s-guest")}));
    bool said = false;
    for (const auto &n : notices)
        said = said || n.at(0).toString().contains(QLatin1String("clock"));
    QVERIFY(said);
    // A gateway whose Date says nothing usable: refused once, not retried with the same time.
    c.dateHeader = "garbage";
    SimServer blind(c);
    QVERIFY(blind.start());
    Listing b(blind, o);
    QVERIFY(b.run({QStringLiteral("8842")}));
    const RoomListing r = b.of(QStringLiteral("8842"));
    QCOMPARE(r.status, RoomListing::Status::Failed);
    QCOMPARE(r.code, 100000004);
    QCOMPARE(r.calls, 1);
}

namespace {

// A signed query as the gateway receives it (decoded), for SimGateway::handle.
QList<QPair<QString, QString>> signedQuery(const ManualClock &clock, int n,
                                           QList<QPair<QString, QString>> own)
{
    const QString nonce = QStringLiteral("%1").arg(n, 16, 16, QLatin1Char('0'));
    const qint64 ts = clock.wallSecs();
    own << qMakePair(QStringLiteral("AppId"), QStringLiteral("1234567890"))
        << qMakePair(QStringLiteral("SignatureNonce"), nonce)
        << qMakePair(QStringLiteral("Timestamp"), QString::number(ts))
        << qMakePair(QStringLiteral("Signature"), Signer::signature(1234567890, nonce, kSecret, ts))
        << qMakePair(QStringLiteral("SignatureVersion"), QStringLiteral("2.0"));
    return own;
}

QList<QPair<QString, QString>> listQuery(const ManualClock &clock, int n, const QString &room)
{
    return signedQuery(
        clock, n,
        {qMakePair(QStringLiteral("Action"), QStringLiteral("DescribeSimpleStreamList")),
         qMakePair(QStringLiteral("RoomId"), room)});
}

} // namespace

void TestRoomLister::simulatorKeepsBothLimitsApartFromStops()
{
    ManualClock clock;
    SimGateway g(simConfig(), &clock);
    int n = 0;
    // 50 rooms in one second: answered; the 51st: code 6 (the AppId's list budget).
    for (int i = 0; i < 50; ++i)
        QCOMPARE(g.handle(listQuery(clock, ++n, QStringLiteral("r%1").arg(i))).code, 0);
    const SimAnswer over = g.handle(listQuery(clock, ++n, QStringLiteral("r50")));
    QCOMPARE(over.code, 6);
    QCOMPARE(over.fault, QStringLiteral("list-rate"));
    // The same second, 20 stops: StopCDNRecord's 20/s is a budget of its own.
    for (int i = 0; i < 20; ++i) {
        const SimAnswer a = g.handle(
            signedQuery(clock, ++n,
                        {qMakePair(QStringLiteral("Action"), QStringLiteral("StopCDNRecord")),
                         qMakePair(QStringLiteral("StreamId[]"), QStringLiteral("s%1").arg(i)),
                         qMakePair(QStringLiteral("Vendor"), QStringLiteral("Tencent"))}));
        QCOMPARE(a.code, 0);
    }
    // A second later: room r0 again within its 10 s is code 6 (the room's limit)...
    clock.advanceNs(1100 * 1000000LL);
    const SimAnswer again = g.handle(listQuery(clock, ++n, QStringLiteral("r0")));
    QCOMPARE(again.code, 6);
    QCOMPARE(again.fault, QStringLiteral("room-rate"));
    // ... and answered once its 10 s have passed; a room not in --rooms publishes nothing.
    clock.advanceNs(9 * 1000000000LL);
    const SimAnswer later = g.handle(listQuery(clock, ++n, QStringLiteral("r0")));
    QCOMPARE(later.code, 0);
    QVERIFY(QJsonDocument::fromJson(later.body)
                .object()
                .value(u"Data"_qs)
                .toObject()
                .value(u"StreamList"_qs)
                .toArray()
                .isEmpty());
    // No RoomId: code 2.
    QCOMPARE(g.handle(signedQuery(clock, ++n,
                                  {qMakePair(QStringLiteral("Action"),
                                             QStringLiteral("DescribeSimpleStreamList"))}))
                 .code,
             2);
    const QJsonObject stats = g.stats();
    QCOMPARE(stats.value(u"listCode6"_qs).toInt(), 1);
    QCOMPARE(stats.value(u"roomCode6"_qs).toInt(), 1);
    QCOMPARE(stats.value(u"maxListCallsInAnySecond"_qs).toInt(), 51);
    QCOMPARE(stats.value(u"calls"_qs).toInt(), 20);
    QCOMPARE(stats.value(u"maxCallsInAnySecond"_qs).toInt(), 20);
    QCOMPARE(stats.value(u"streamsStopped"_qs).toInt(), 20);
}

void TestRoomLister::unreachableEndpointHoldsNoRoom()
{
    // A port nobody listens on: each call is refused before it leaves, so it counts nowhere, and
    // the room's retries (and the next lister) need not wait its 10 s.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    RoomListTarget t;
    t.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port));
    t.appId = 1234567890;
    t.secret = kSecret;
    RoomListOptions o;
    o.backoffBaseMs = 10;
    RateLimiter limiter(&SystemClock::shared());
    MemoryRoomListCache cache(&SystemClock::shared());
    RoomLister lister(t, o);
    lister.setRateLimiter(&limiter);
    lister.setCache(&cache);
    QSignalSpy done(&lister, &RoomLister::finished);
    lister.list({QStringLiteral("8842")});
    QVERIFY(done.wait(60000));
    const RoomListing r = lister.listings().first();
    QCOMPARE(r.status, RoomListing::Status::Failed);
    QCOMPARE(r.calls, o.maxAttempts);
    QVERIFY(!r.error.isEmpty());
    QVERIFY(!lister.reachedEndpoint());
    QCOMPARE(cache
                 .look(RoomLister::cacheKey(1234567890, false, QStringLiteral("8842")), 10000,
                       10300, false)
                 .verdict,
             RoomListCache::Look::Verdict::Call);
}

void TestRoomLister::fileCacheIsSharedBetweenProcesses()
{
    // Two caches on one file: what two cdnrec processes see.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("sub/roomlists.json"));
    RoomListFileCache a(path);
    RoomListFileCache b(path);
    using V = RoomListCache::Look::Verdict;
    QCOMPARE(a.look(QStringLiteral("k"), 10000, 10300, false).verdict, V::Call);
    QCOMPARE(b.look(QStringLiteral("k"), 10000, 10300, true).verdict, V::Call); // b calls
    const RoomListCache::Look waiting = a.look(QStringLiteral("k"), 10000, 10300, true);
    QCOMPARE(waiting.verdict, V::Wait);
    QVERIFY(waiting.waitMs > 9000 && waiting.waitMs <= 10300);
    ListedStream s;
    s.streamId = QStringLiteral("s-1");
    s.userName = QStringLiteral("张三");
    s.createTime = 1646795254;
    b.store(QStringLiteral("k"), {s}, 1700000000123);
    const RoomListCache::Look reused = a.look(QStringLiteral("k"), 10000, 10300, true);
    QCOMPARE(reused.verdict, V::Reuse);
    QCOMPARE(reused.streams, QList<ListedStream>{s});
    QCOMPARE(reused.readAtMs, 1700000000123);
    QVERIFY(reused.ageMs >= 0 && reused.ageMs < 10000);
    // Another room is its own; a claim whose call never left is withdrawn for everyone.
    QCOMPARE(a.look(QStringLiteral("k2"), 10000, 10300, true).verdict, V::Call);
    QCOMPARE(b.look(QStringLiteral("k2"), 10000, 10300, false).verdict, V::Wait);
    a.unclaim(QStringLiteral("k2"));
    QCOMPARE(b.look(QStringLiteral("k2"), 10000, 10300, false).verdict, V::Call);
    QVERIFY(a.unusable().isEmpty());
    QCOMPARE(QFile::permissions(path) &
                 (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
}

void TestRoomLister::fileCacheFromBeforeARebootIsIgnored()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("roomlists.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    // Times far ahead of this boot's CLOCK_MONOTONIC.
    f.write(R"({"version":1,"rooms":{"k":{"called":"9000000000000000000",)"
            R"("answered":"9000000000000000000","readAt":1,"streams":[{"id":"old"}]}}})");
    f.close();
    RoomListFileCache cache(path);
    QCOMPARE(cache.look(QStringLiteral("k"), 10000, 10300, true).verdict,
             RoomListCache::Look::Verdict::Call);
    // And a damaged file blocks nobody.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{garbage");
    f.close();
    QCOMPARE(cache.look(QStringLiteral("other"), 10000, 10300, true).verdict,
             RoomListCache::Look::Verdict::Call);
}

void TestRoomLister::aFileLockHeldForeverBlocksNobody()
{
    // Another process took the file's lock and stopped (suspended, a stuck disk). The console
    // looks from its GUI thread: the look must come back, keeping the rule in this process,
    // and the next look uses the file again once it is free.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("roomlists.json"));
    RoomListFileCache cache(path);
    QCOMPARE(cache.look(QStringLiteral("free"), 10000, 10300, true).verdict,
             RoomListCache::Look::Verdict::Call);
    QFile holder(path);
    QVERIFY(holder.open(QIODevice::ReadWrite));
    QCOMPARE(::flock(holder.handle(), LOCK_EX), 0); // its own open file: another "process"
    QFuture<RoomListCache::Look::Verdict> looked = QtConcurrent::run(
        [&cache] { return cache.look(QStringLiteral("held"), 10000, 10300, true).verdict; });
    // Not a timing goal: a look that never came back would be a hang (it was a blocking flock).
    QTRY_VERIFY_WITH_TIMEOUT(looked.isFinished(), 20000);
    QCOMPARE(looked.result(), RoomListCache::Look::Verdict::Call);
    // Kept in this process meanwhile: the same room again waits.
    QCOMPARE(cache.look(QStringLiteral("held"), 10000, 10300, true).verdict,
             RoomListCache::Look::Verdict::Wait);
    holder.close();
    // Free again: the file is used (its record of "free" says wait).
    QCOMPARE(cache.look(QStringLiteral("free"), 10000, 10300, true).verdict,
             RoomListCache::Look::Verdict::Wait);
}

QTEST_GUILESS_MAIN(TestRoomLister)
#include "test_roomlister.moc"
