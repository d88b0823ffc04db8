// SPDX-License-Identifier: GPL-3.0-or-later
#include "roomlister.h"

#include "ratelimiter.h"
#include "returncodes.h"
#include "signer.h"

#include <model/clock.h>
#include <model/profile.h>

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>

#include <cmath>
#include <limits>

Q_LOGGING_CATEGORY(lcRooms, "cdnrec.core.rooms", QtInfoMsg)

namespace cdnrec {

namespace {

constexpr qint64 kMsNs = 1000000;
// A room waiting for another process's answer looks again this often.
constexpr qint64 kWaitPollMs = 250;
// Calls spread over this many managers: 6 connections each over HTTP/1.1.
constexpr int kManagers = 3;
constexpr int kRateLimitedBackoffMs = 1000;
constexpr qint64 kCodeExpired = 100000004;
constexpr qint64 kMaxClockCorrectionSecs = 24 * 3600;

// The request never left this machine: no connection was made.
bool neverSent(QNetworkReply::NetworkError e)
{
    return e == QNetworkReply::ConnectionRefusedError || e == QNetworkReply::HostNotFoundError ||
           e == QNetworkReply::ProxyConnectionRefusedError ||
           e == QNetworkReply::ProxyNotFoundError;
}

QNetworkRequest makeRequest(const QUrl &url, int timeoutMs)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QString(QStringLiteral("cdnrec/") + QStringLiteral(APP_VERSION)));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(timeoutMs);
    // A redirect would replay a signed URL to another host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    return request;
}

} // namespace

// --- MemoryRoomListCache -------------------------------------------------------------------

MemoryRoomListCache::MemoryRoomListCache(const Clock *clock) : m_clock(clock) {}

MemoryRoomListCache &MemoryRoomListCache::shared()
{
    static MemoryRoomListCache cache(&SystemClock::shared());
    return cache;
}

RoomListCache::Look RoomListCache::decide(State &room, qint64 now, qint64 reuseMs, qint64 spacingMs,
                                          bool claim)
{
    Look l;
    if (room.answeredNs >= 0 && now - room.answeredNs < reuseMs * kMsNs) {
        l.verdict = Look::Verdict::Reuse;
        l.streams = room.streams;
        l.readAtMs = room.readAtMs;
        l.ageMs = (now - room.answeredNs) / kMsNs;
        return l;
    }
    if (room.calledNs >= 0 && now - room.calledNs < spacingMs * kMsNs) {
        l.verdict = Look::Verdict::Wait;
        l.waitMs = (room.calledNs + spacingMs * kMsNs - now + kMsNs - 1) / kMsNs;
        return l;
    }
    if (claim)
        room.calledNs = now;
    return l;
}

RoomListCache::Look MemoryRoomListCache::look(const QString &key, qint64 reuseMs, qint64 spacingMs,
                                              bool claim)
{
    return decide(m_rooms[key], m_clock->monotonicNs(), reuseMs, spacingMs, claim);
}

void MemoryRoomListCache::store(const QString &key, const QList<ListedStream> &streams,
                                qint64 readAtMs)
{
    State &room = m_rooms[key];
    room.answeredNs = m_clock->monotonicNs();
    room.readAtMs = readAtMs;
    room.streams = streams;
}

void MemoryRoomListCache::unclaim(const QString &key)
{
    const auto it = m_rooms.find(key);
    if (it != m_rooms.end())
        it->calledNs = -1;
}

// --- RoomListTarget ------------------------------------------------------------------------

RoomListTarget RoomListTarget::forProfile(const Profile &profile, const QString &secret)
{
    RoomListTarget t;
    t.endpoint = profile.endpoint();
    t.appId = profile.appId;
    t.secret = secret;
    t.isTest = profile.isTest;
    return t;
}

// --- RoomLister ----------------------------------------------------------------------------

RoomLister::RoomLister(RoomListTarget target, RoomListOptions options, QObject *parent)
    : QObject(parent), m_target(std::move(target)), m_options(options),
      m_clock(&SystemClock::shared()), m_limiter(&listLimiter()), m_signer(&Signer::shared()),
      m_cache(&MemoryRoomListCache::shared())
{
    qRegisterMetaType<cdnrec::RoomListing>();
    m_options.callsPerSecond = RateLimiter::clampedRate(m_options.callsPerSecond);
    m_options.maxAttempts = qMax(1, m_options.maxAttempts);
    m_options.maxInFlight = qMax(1, m_options.maxInFlight);
    m_options.roomIntervalMs = qMax(0, m_options.roomIntervalMs);
    m_options.timeoutMs = qMax(100, m_options.timeoutMs);
    m_options.backoffBaseMs = qMax(0, m_options.backoffBaseMs);
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RoomLister::pump);
}

RoomLister::~RoomLister()
{
    const auto replies = m_inFlight.keys();
    m_inFlight.clear();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_target.secret.fill(QLatin1Char('\0'));
}

void RoomLister::setNetworkAccessManager(QNetworkAccessManager *manager)
{
    m_nam = manager;
}

void RoomLister::setClock(const Clock *clock)
{
    m_clock = clock;
}

void RoomLister::setRateLimiter(RateLimiter *limiter)
{
    m_limiter = limiter;
}

void RoomLister::setSigner(Signer *signer)
{
    m_signer = signer;
}

void RoomLister::setCache(RoomListCache *cache)
{
    m_cache = cache;
}

RateLimiter &RoomLister::listLimiter()
{
    static RateLimiter limiter(&SystemClock::shared());
    static const bool configured =
        (limiter.setSharedDirectory(RateLimiter::defaultSharedDirectory() +
                                    QStringLiteral("-list")),
         true);
    Q_UNUSED(configured);
    return limiter;
}

QString RoomLister::cacheKey(quint32 appId, bool isTest, const QString &room)
{
    return QString::number(appId) + (isTest ? QStringLiteral("/test/") : QStringLiteral("/")) +
           room;
}

void RoomLister::list(const QStringList &rooms)
{
    if (m_started)
        return;
    m_started = true;
    QSet<QString> seen;
    for (const QString &raw : rooms) {
        const QString room = raw.trimmed().isEmpty() ? raw : raw.trimmed();
        if (seen.contains(room))
            continue;
        seen.insert(room);
        Room r;
        r.listing.room = room;
        r.listing.status = RoomListing::Status::Cancelled;
        const QString why = StreamListRequest::checkRoomId(room);
        if (!why.isEmpty())
            r.listing.error = why; // failed in the first pump, never sent
        m_rooms.push_back(r);
        m_queue.push_back(int(m_rooms.size()) - 1);
    }
    QTimer::singleShot(0, this, &RoomLister::pump);
}

void RoomLister::cancel()
{
    if (!m_started || m_finished || m_cancelled)
        return;
    m_cancelled = true;
    m_timer.stop();
    // Each abort finishes its reply at once: onReply makes its room Cancelled.
    const auto replies = m_inFlight.keys();
    for (QNetworkReply *reply : replies)
        reply->abort();
    failRest(tr("cancelled before the room was listed"), RoomListing::Status::Cancelled);
    finishIfDone();
}

QList<RoomListing> RoomLister::listings() const
{
    QList<RoomListing> out;
    out.reserve(qsizetype(m_rooms.size()));
    for (const Room &r : m_rooms) {
        RoomListing l = r.listing;
        if (!r.done) {
            l.status = RoomListing::Status::Cancelled;
            l.error.clear();
        }
        out.append(l);
    }
    return out;
}

void RoomLister::pump()
{
    if (m_finished || m_cancelled)
        return;
    const qint64 now = m_clock->monotonicNs();
    qint64 next = std::numeric_limits<qint64>::max();
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        if (int(m_inFlight.size()) >= m_options.maxInFlight)
            break;
        const int index = *it;
        if (tryRoom(index, now, &next)) {
            it = m_queue.erase(it);
            continue;
        }
        if (m_rooms[std::size_t(index)].notBeforeNs <= now)
            break; // waiting for a slot of the pace: the rooms after it wait their turn
        ++it;
    }
    if (next != std::numeric_limits<qint64>::max())
        scheduleAt(next);
    finishIfDone();
}

bool RoomLister::tryRoom(int index, qint64 now, qint64 *next)
{
    Room &room = m_rooms[std::size_t(index)];
    if (!room.listing.error.isEmpty() && room.attempts == 0) {
        finishRoom(index, RoomListing::Status::Failed);
        return true;
    }
    if (room.notBeforeNs > now) {
        *next = qMin(*next, room.notBeforeNs);
        return false;
    }
    const QString key = cacheKey(m_target.appId, m_target.isTest, room.listing.room);
    const qint64 reuseMs = m_options.roomIntervalMs;
    const qint64 spacingMs = m_options.roomIntervalMs + kRoomHeadroomMs;
    // A look first, then a slot of the pace, then the claim: a room another process answered
    // costs no slot, and the call is recorded as made only when it goes out.
    qint64 slotNs = 0;
    for (const bool claim : {false, true}) {
        if (claim) {
            const qint64 wait = m_limiter->tryAcquire(m_target.appId, m_options.callsPerSecond);
            if (wait > 0) {
                *next = qMin(*next, now + wait);
                return false;
            }
            slotNs = m_clock->monotonicNs();
        }
        const RoomListCache::Look l = m_cache->look(key, reuseMs, spacingMs, claim);
        if (l.verdict == RoomListCache::Look::Verdict::Reuse) {
            room.listing.streams = l.streams;
            room.listing.readAtMs = l.readAtMs;
            room.listing.ageMs = l.ageMs;
            room.listing.error.clear();
            finishRoom(index, RoomListing::Status::Reused);
            return true;
        }
        if (l.verdict == RoomListCache::Look::Verdict::Wait) {
            if (!room.waitNoticed) {
                room.waitNoticed = true;
                Q_EMIT notice(tr("room %1 was asked for less than %2 s ago: waiting %3 s for "
                                 "its answer or its next turn")
                                  .arg(room.listing.room)
                                  .arg(m_options.roomIntervalMs / 1000.0)
                                  .arg(double(l.waitMs) / 1000.0, 0, 'f', 1));
            }
            room.notBeforeNs = now + qMin(l.waitMs, kWaitPollMs) * kMsNs;
            *next = qMin(*next, room.notBeforeNs);
            return false;
        }
    }
    send(index, slotNs);
    return true;
}

QNetworkAccessManager *RoomLister::manager()
{
    if (m_pool.isEmpty())
        m_pool.append(m_nam ? m_nam : QPointer(new QNetworkAccessManager(this)));
    if (m_pool.size() < kManagers && !m_inFlight.isEmpty()) {
        auto *made = new QNetworkAccessManager(this);
        if (m_nam) {
            made->setProxy(m_nam->proxy());
            made->setTransferTimeout(m_nam->transferTimeout());
        }
        m_pool.append(made);
    }
    for (int i = 0; i < m_pool.size(); ++i) {
        const int slot = (m_nextManager + i) % int(m_pool.size());
        if (m_pool.at(slot)) {
            m_nextManager = (slot + 1) % int(m_pool.size());
            return m_pool.at(slot);
        }
    }
    m_pool = {new QNetworkAccessManager(this)};
    return m_pool.first();
}

void RoomLister::send(int index, qint64 slotNs)
{
    Room &room = m_rooms[std::size_t(index)];
    ++room.attempts;
    ++room.listing.calls;
    ++m_calls;
    room.inFlight = true;

    PublicParams p;
    p.appId = m_target.appId;
    p.nonce = m_signer->nextNonce();
    p.timestamp = m_clock->wallSecs() + m_offsetSecs;
    p.signature = Signer::signature(p.appId, p.nonce, m_target.secret, p.timestamp);
    p.isTest = m_target.isTest;
    const QUrl url = StreamListRequest::url(m_target.endpoint, room.listing.room, p);
    qCDebug(lcRooms).noquote() << "list" << CallRequest::redacted(url);

    QNetworkReply *reply = manager()->get(makeRequest(url, m_options.timeoutMs));
    Call call;
    call.room = index;
    call.signature = p.signature;
    call.sentNs = m_clock->monotonicNs();
    call.slotNs = slotNs;
    call.offsetSecs = m_offsetSecs;
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, &QNetworkReply::abort);
    deadline->start(m_options.timeoutMs);
    call.deadline = deadline;
    m_inFlight.insert(reply, call);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > StreamListReply::MaxBodyBytes) {
            reply->setProperty("cdnrecTooLarge", true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReply(reply); });
}

void RoomLister::onReply(QNetworkReply *reply)
{
    const auto it = m_inFlight.find(reply);
    if (it == m_inFlight.end())
        return;
    const Call call = *it;
    m_inFlight.erase(it);
    reply->deleteLater();
    Room &room = m_rooms[std::size_t(call.room)];
    room.inFlight = false;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    const bool timedOut = call.deadline && !call.deadline->isActive() && !m_cancelled;
    if (status > 0) {
        m_reached = true;
        // From the slot, not the send: what holds a call after its slot (the cache's file lock,
        // a busy machine) delays its arrival as the network does, and the headroom must cover it.
        m_limiter->observeLatencyMs(m_target.appId,
                                    double(m_clock->monotonicNs() - call.slotNs) / double(kMsNs));
    }
    if (reply->property("cdnrecTooLarge").toBool()) {
        retryOrFail(call.room,
                    tr("the answer was larger than %1 bytes and was not read")
                        .arg(StreamListReply::MaxBodyBytes),
                    0, false);
    } else if (m_cancelled && error == QNetworkReply::OperationCanceledError) {
        room.listing.error = tr("cancelled while the call was in flight");
        finishRoom(call.room, RoomListing::Status::Cancelled);
    } else if (status == 0 || (error != QNetworkReply::NoError && int(error) < 100)) {
        const QString why =
            timedOut || error == QNetworkReply::OperationCanceledError
                ? tr("no answer within %1 s").arg(m_options.timeoutMs / 1000.0)
                : CallRequest::redactBody(reply->errorString(), {call.signature, m_target.secret});
        // A call that never left (refused, no such host) did not count at the gateway: the room
        // need not wait its 10 s for it, only the back-off.
        if (neverSent(error))
            m_cache->unclaim(cacheKey(m_target.appId, m_target.isTest, room.listing.room));
        retryOrFail(call.room, why, 0, error != QNetworkReply::SslHandshakeFailedError);
    } else {
        const QByteArray body = CallRequest::redactBody(
            reply->read(StreamListReply::MaxBodyBytes + 1), {call.signature, m_target.secret});
        handleAnswer(call.room, status, body, reply->rawHeader("Date"), call.offsetSecs);
    }
    pump();
}

bool RoomLister::learnClock(const QByteArray &date)
{
    const QDateTime server = QLocale::c().toDateTime(
        QString::fromLatin1(date).trimmed(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!server.isValid())
        return false;
    QDateTime utc = server;
    utc.setTimeSpec(Qt::UTC);
    const qint64 offset = utc.toSecsSinceEpoch() - m_clock->wallSecs();
    // Only a gateway within a day of this clock is believed, and only an offset that changes
    // the Timestamp (the gateway allows 10 minutes).
    if (std::abs(offset) > kMaxClockCorrectionSecs || std::abs(offset - m_offsetSecs) < 60)
        return false;
    m_offsetSecs = offset;
    qCInfo(lcRooms) << "local clock is off by" << offset << "s from the gateway";
    Q_EMIT notice(tr("this computer's clock is %1 s off the gateway's: list calls now carry the "
                     "gateway's time")
                      .arg(offset));
    return true;
}

void RoomLister::handleAnswer(int index, int httpStatus, const QByteArray &body,
                              const QByteArray &date, qint64 sentOffsetSecs)
{
    Room &room = m_rooms[std::size_t(index)];
    const StreamListReply reply = StreamListReply::parse(httpStatus, body);
    // Signature expired: this clock is off. The gateway's Date corrects it, and the room is
    // asked once more with the corrected time; never again with the time that was refused.
    if (reply.kind == StreamListReply::Kind::Answered && reply.code == kCodeExpired) {
        learnClock(date);
        const bool corrected = sentOffsetSecs != m_offsetSecs && !room.clockRetried;
        room.clockRetried = room.clockRetried || corrected;
        room.listing.requestId = reply.requestId;
        retryOrFail(index, reply.describe(), reply.code, corrected);
        return;
    }
    room.listing.requestId = reply.requestId;
    room.listing.code = reply.hasCode ? reply.code : 0;
    for (const QString &note : reply.notes)
        qCInfo(lcRooms).noquote() << "room" << room.listing.room << note;
    if (reply.isSuccess()) {
        room.listing.streams = reply.streams;
        room.listing.readAtMs = QDateTime::currentMSecsSinceEpoch();
        room.listing.error.clear();
        m_cache->store(cacheKey(m_target.appId, m_target.isTest, room.listing.room), reply.streams,
                       room.listing.readAtMs);
        finishRoom(index, RoomListing::Status::Listed);
        return;
    }
    const QString why = reply.describe();
    if (reply.kind == StreamListReply::Kind::Answered &&
        ReturnCodes::isCredentialOrConfig(reply.code)) {
        m_problem = why;
        m_problemCode = reply.code;
        room.listing.error = why;
        finishRoom(index, RoomListing::Status::Failed);
        failRest(tr("not asked, as the gateway refused the credentials: %1").arg(why),
                 RoomListing::Status::Failed);
        return;
    }
    retryOrFail(index, why, room.listing.code, reply.isRetryable());
}

void RoomLister::retryOrFail(int index, const QString &error, qint64 code, bool retryable)
{
    Room &room = m_rooms[std::size_t(index)];
    room.listing.error = error;
    room.listing.code = code;
    if (!retryable || m_cancelled || room.attempts >= m_options.maxAttempts) {
        finishRoom(index, RoomListing::Status::Failed);
        return;
    }
    // The cache holds the room's call: the retry also waits for the room's interval.
    const int base = code == 6 ? kRateLimitedBackoffMs : m_options.backoffBaseMs;
    const double backoffMs = base * std::pow(2.0, room.attempts - 1);
    room.notBeforeNs = m_clock->monotonicNs() + qint64(backoffMs) * kMsNs;
    room.waitNoticed = false;
    qCInfo(lcRooms).noquote() << "room" << room.listing.room << "attempt" << room.attempts
                              << "failed:" << error;
    // Back in the queue in the order asked.
    auto pos = m_queue.begin();
    while (pos != m_queue.end() && *pos < index)
        ++pos;
    m_queue.insert(pos, index);
}

void RoomLister::finishRoom(int index, RoomListing::Status status)
{
    Room &room = m_rooms[std::size_t(index)];
    if (room.done)
        return;
    room.done = true;
    room.listing.status = status;
    if (status == RoomListing::Status::Listed || status == RoomListing::Status::Reused)
        room.listing.code = 0;
    ++m_done;
    Q_EMIT roomListed(room.listing);
    Q_EMIT progress(m_done, int(m_rooms.size()));
}

void RoomLister::failRest(const QString &error, RoomListing::Status status)
{
    for (const int index : m_queue) {
        Room &room = m_rooms[std::size_t(index)];
        if (room.listing.error.isEmpty() || room.attempts > 0)
            room.listing.error = error;
        finishRoom(index, status);
    }
    m_queue.clear();
}

void RoomLister::scheduleAt(qint64 atNs)
{
    const qint64 waitNs = qMax<qint64>(0, atNs - m_clock->monotonicNs());
    const int ms = int(qMin<qint64>((waitNs + kMsNs - 1) / kMsNs, 60000));
    if (m_timer.isActive() && m_timer.remainingTime() <= ms)
        return;
    m_timer.start(ms);
}

void RoomLister::finishIfDone()
{
    if (m_finished || !m_started || !m_inFlight.isEmpty() || !m_queue.empty())
        return;
    for (const Room &r : m_rooms) {
        if (!r.done)
            return;
    }
    m_finished = true;
    m_timer.stop();
    Q_EMIT finished();
}

} // namespace cdnrec
