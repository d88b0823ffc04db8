// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "streamlist.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace cdnrec {

class Clock;
struct Profile;
class RateLimiter;
class Signer;

// What one room's list came to.
struct RoomListing
{
    enum class Status
    {
        Listed,   // asked now: the gateway answered with the room's streams (maybe none)
        Reused,   // an answer younger than the room's 10 s, from this or another process
        Failed,   // no list: error says why (the room's streams are unknown, not "none")
        Cancelled // not asked, or its answer not waited for
    };
    QString room;
    Status status = Status::Failed;
    QList<ListedStream> streams;
    qint64 readAtMs = 0; // when the gateway's answer came (Unix ms); 0 without a list
    qint64 ageMs = 0;    // Reused: how old that answer was when it was taken
    qint64 code = 0;     // the last ZEGO code (0 on success or when none came)
    QString error;       // Failed, Cancelled: one sentence for the operator
    QString requestId;   // the gateway's, of the answer that gave the list or the last refusal
    int calls = 0;       // DescribeSimpleStreamList calls this lister made for the room

    bool hasList() const { return status == Status::Listed || status == Status::Reused; }
};

// The 10-second rule of one room, across processes: the last call made for a room and the last
// answer it got. A lister asks before each call; an answer younger than the reuse time is
// reused, a call younger than the spacing makes the next one wait. Keys name an AppId's room
// (RoomLister::cacheKey). Implementations: MemoryRoomListCache (this process), and the store's
// RoomListFileCache (every process of this user, beside the history).
class RoomListCache
{
public:
    virtual ~RoomListCache() = default;

    struct Look
    {
        enum class Verdict
        {
            Call,  // no call for the room within the spacing: one may go (and, when claimed, is
                   // now recorded as made)
            Reuse, // streams/readAtMs/ageMs hold an answer younger than the reuse time
            Wait,  // a call was made within the spacing and its answer is not here: ask again
                   // in waitMs
        };
        Verdict verdict = Verdict::Call;
        QList<ListedStream> streams;
        qint64 readAtMs = 0;
        qint64 ageMs = 0;
        qint64 waitMs = 0;
    };

    // What a cache keeps of one room.
    struct State
    {
        qint64 calledNs = -1;   // the last call made for it (a monotonic clock); -1: never
        qint64 answeredNs = -1; // when its last answer came (the same clock); -1: none
        qint64 readAtMs = 0;    // the same, as Unix ms
        QList<ListedStream> streams;
    };
    // The rule on one room's state at nowNs (the clock of the state's times); with claim, a
    // Call verdict records the call in state.
    static Look decide(State &state, qint64 nowNs, qint64 reuseMs, qint64 spacingMs, bool claim);

    // What the room's state allows now. claim: when the verdict is Call, record the call as
    // made now, in the same step (across processes: atomically), so no one else calls too.
    virtual Look look(const QString &key, qint64 reuseMs, qint64 spacingMs, bool claim) = 0;
    // The room's answer, read at readAtMs (Unix ms), for whoever asks within the reuse time.
    virtual void store(const QString &key, const QList<ListedStream> &streams, qint64 readAtMs) = 0;
    // The call last claimed for the room never left this machine (the connection was refused,
    // the host not found): it did not count at the gateway, and no one need wait for it.
    virtual void unclaim(const QString &key) { Q_UNUSED(key); }
};

// The rule within one process (the default of a RoomLister without another cache).
class MemoryRoomListCache final : public RoomListCache
{
public:
    explicit MemoryRoomListCache(const Clock *clock);
    Look look(const QString &key, qint64 reuseMs, qint64 spacingMs, bool claim) override;
    void store(const QString &key, const QList<ListedStream> &streams, qint64 readAtMs) override;
    void unclaim(const QString &key) override;
    // The process's cache, on the system clock.
    static MemoryRoomListCache &shared();

private:
    const Clock *m_clock;
    QHash<QString, State> m_rooms;
};

// Where list calls go and who signs them. The secret lives here only for the lister's lifetime.
struct RoomListTarget
{
    QUrl endpoint;
    quint32 appId = 0;
    QString secret;
    bool isTest = false;

    // A profile's endpoint, AppId and IsTest switch, with its secret (from SecretStore).
    static RoomListTarget forProfile(const Profile &profile, const QString &secret);
};

struct RoomListOptions
{
    // ZEGO allows 50 DescribeSimpleStreamList calls per second per AppId, a budget of its own
    // (not StopCDNRecord's 20/s).
    double callsPerSecond = 50;
    // One room: one call per 10 s. An answer younger than this is reused; a new call waits
    // until the last one for the room is this plus kRoomHeadroomMs old.
    int roomIntervalMs = 10000;
    int timeoutMs = 15000; // per call, from the moment it is sent
    int maxAttempts = 3;   // per room, for code 154, 6, HTTP 429/5xx and lost connections
    int backoffBaseMs = 500;
    int maxInFlight = 16;
};

// Lists rooms' streams through DescribeSimpleStreamList: each room once (a room asked twice is
// listed once), paced at options.callsPerSecond per AppId across the processes of this user
// (listLimiter()), never two calls for one room within the room interval (the cache: an answer
// younger than it is reused, and its age said; a call younger than it is waited for), retrying
// what is worth retrying. Each room's result is emitted as soon as it is known; nothing blocks
// the event loop.
//
//   auto *lister = new RoomLister(RoomListTarget::forProfile(profile, secret), {}, parent);
//   lister->setCache(&RoomListFileCache::shared()); // store/roomlistcache.h: across processes
//   connect(lister, &RoomLister::roomListed, ...);  // one RoomListing per room, as it comes
//   connect(lister, &RoomLister::notice, ...);      // "room 8842 was asked for ... waiting"
//   connect(lister, &RoomLister::finished, ...);    // then listings(), in the order asked
//   lister->list({QStringLiteral("8842")});
// A lister lists once; make one per request (the cache and the pace outlive it).
class RoomLister final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoomLister)
public:
    static constexpr int kRoomHeadroomMs = 300;

    explicit RoomLister(RoomListTarget target, RoomListOptions options = {},
                        QObject *parent = nullptr);
    ~RoomLister() override;

    // Injection points; the defaults are process-wide (listLimiter(), Signer::shared(),
    // MemoryRoomListCache::shared(), the system clock, a manager of its own). Set before list().
    void setNetworkAccessManager(QNetworkAccessManager *manager);
    void setClock(const Clock *clock);
    void setRateLimiter(RateLimiter *limiter);
    void setSigner(Signer *signer);
    void setCache(RoomListCache *cache); // not owned

    // Starts listing. Room IDs are trimmed; one that can never be sent
    // (StreamListRequest::checkRoomId) is Failed at once, without a call. Once per lister.
    void list(const QStringList &rooms);
    // Nothing more goes out; calls in flight are aborted; rooms without a list are Cancelled.
    void cancel();

    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    // In the order asked (duplicates once); a room not yet known is Cancelled with no error.
    QList<RoomListing> listings() const;
    int callCount() const { return m_calls; }
    // True once any call got an HTTP answer: the endpoint was reached.
    bool reachedEndpoint() const { return m_reached; }
    // The run-level failure, if any (credentials refused: no room was listed after it).
    QString problem() const { return m_problem; }
    qint64 problemCode() const { return m_problemCode; }
    const RoomListOptions &options() const { return m_options; }

    // The pace of list calls, shared by every process of this OS user: a RateLimiter of its
    // own (StopCDNRecord's 20/s is another budget) in RateLimiter::defaultSharedDirectory()
    // plus "-list".
    static RateLimiter &listLimiter();
    // How a cache names a room of an AppId (and of the test environment or not).
    static QString cacheKey(quint32 appId, bool isTest, const QString &room);

Q_SIGNALS:
    void roomListed(const cdnrec::RoomListing &listing);
    void progress(int done, int total);
    // Something the operator should know once (a wait for the room's 10 s, a clock corrected).
    void notice(const QString &message);
    void finished();

private:
    struct Room
    {
        RoomListing listing;
        qint64 notBeforeNs = 0;
        int attempts = 0;
        bool done = false;
        bool inFlight = false;
        bool waitNoticed = false;
        bool clockRetried = false; // asked again once with the gateway's clock (100000004)
    };
    struct Call
    {
        int room = 0;
        QString signature;
        qint64 sentNs = 0;
        qint64 slotNs = 0;     // when the pace gave it its slot (m_clock)
        qint64 offsetSecs = 0; // the clock correction its Timestamp carried
        QPointer<QTimer> deadline;
    };

    void pump();
    // The room's turn: reused, deferred, or sent (true when a call went out or the room ended).
    bool tryRoom(int index, qint64 nowNs, qint64 *nextNs);
    void send(int index, qint64 slotNs);
    QNetworkAccessManager *manager();
    void onReply(QNetworkReply *reply);
    void handleAnswer(int index, int httpStatus, const QByteArray &body, const QByteArray &date,
                      qint64 sentOffsetSecs);
    // The offset of the gateway's clock from its Date header; true when it changed.
    bool learnClock(const QByteArray &date);
    void retryOrFail(int index, const QString &error, qint64 code, bool retryable);
    void finishRoom(int index, RoomListing::Status status);
    void failRest(const QString &error, RoomListing::Status status);
    void scheduleAt(qint64 atNs);
    void finishIfDone();

    RoomListTarget m_target;
    RoomListOptions m_options;
    std::deque<Room> m_rooms;
    std::deque<int> m_queue; // rooms waiting for a call, in order
    QHash<QNetworkReply *, Call> m_inFlight;
    QPointer<QNetworkAccessManager> m_nam;
    QList<QPointer<QNetworkAccessManager>> m_pool;
    int m_nextManager = 0;
    const Clock *m_clock;
    RateLimiter *m_limiter;
    Signer *m_signer;
    RoomListCache *m_cache;
    QTimer m_timer;
    int m_done = 0;
    int m_calls = 0;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
    bool m_reached = false;
    qint64 m_offsetSecs =
        0; // the gateway's clock minus this one, once a call was refused as expired
    QString m_problem;
    qint64 m_problemCode = 0;
};

} // namespace cdnrec

Q_DECLARE_METATYPE(cdnrec::RoomListing)
