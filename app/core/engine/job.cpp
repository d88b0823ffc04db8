// SPDX-License-Identifier: GPL-3.0-or-later
#include "job.h"

#include <engine/calljournal.h>
#include <engine/callreply.h>
#include <engine/callrequest.h>
#include <engine/pacesource.h>
#include <engine/ratelimiter.h>
#include <engine/returncodes.h>
#include <engine/signer.h>
#include <model/clock.h>
#include <model/rate.h>

#include <QDateTime>
#include <QLocale>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslConfiguration>

#include <algorithm>
#include <cmath>
#include <limits>

Q_LOGGING_CATEGORY(lcStop, "cdnrec.core.stop", QtInfoMsg)

namespace cdnrec {

namespace {

constexpr qint64 kMsNs = 1000000;
constexpr qint64 kSecondNs = 1000 * kMsNs;
// QNetworkAccessManager opens at most this many HTTP/1.1 connections per host, and queues the
// rest inside itself, where the pace cannot see them: a manager never gets more calls than this.
constexpr int kConnectionsPerManager = 6;
// Over HTTP/2 a manager's one connection carries concurrent streams, up to the server's
// SETTINGS_MAX_CONCURRENT_STREAMS (unknown to QNetworkAccessManager's users; commonly 100-250):
// past this, another manager, so that no call waits unseen inside one.
constexpr int kStreamsPerHttp2Manager = 100;
// The most calls in flight any option may ask for.
constexpr int kMaxWindow = 1000;
constexpr qint64 kPaceSignalNs = 250 * kMsNs;
// With a shared pace (a team lease): how often a job with no grant looks again, and the longest it
// sleeps on an old grant's slot (a higher grant takes effect within this).
constexpr int kGrantPollMs = 50;
constexpr int kLeaseMaxSleepMs = 100;
// Beyond this the local clock is corrected ahead of time, before the gateway complains.
constexpr qint64 kSkewToleranceSecs = 60;
// A Date header is believed only this close to the local clock (a gateway's clock is right; one
// a day off is a broken proxy or a test server, and 10 minutes of skew is all ZEGO forgives).
constexpr qint64 kMaxCorrectionSecs = 24 * 3600;
constexpr qint64 kDaySecs = 24 * 3600;
// Beyond this after the build, a Date is not believed even when the local clock is known wrong.
constexpr qint64 kMaxYearsAfterBuildSecs = 20LL * 366 * kDaySecs;

// The day this file was compiled (__DATE__, "Nov 23 2026"), as seconds since the epoch: no
// gateway's clock can be earlier than that.
qint64 buildSecs()
{
    static const qint64 secs = [] {
        static constexpr char date[] = __DATE__;
        static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        int month = 1;
        for (int i = 0; i < 12; ++i) {
            if (qstrncmp(date, months[i], 3) == 0)
                month = i + 1;
        }
        const int day = QByteArray(date + 4, 2).trimmed().toInt();
        const int year = QByteArray(date + 7, 4).toInt();
        return QDateTime(QDate(year, month, qMax(1, day)), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    }();
    return secs;
}

// Clock offsets learnt per endpoint (host:port), shared by every job in the process.
QMutex g_offsetMutex;
QHash<QString, qint64> g_offsets;

bool neverReached(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::UnknownProxyError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return true;
    default:
        return false;
    }
}

bool isTlsError(QNetworkReply::NetworkError e)
{
    return e == QNetworkReply::SslHandshakeFailedError;
}

// The one place a StopCDNRecord request is made: identity, timeout, no redirects (a redirect
// would replay a signed URL to another host), TLS verification as Qt sets it (on).
QNetworkRequest makeRequest(const QUrl &url, int timeoutMs)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QString(QStringLiteral("cdnrec/") + QStringLiteral(APP_VERSION)));
    request.setRawHeader("Accept", "application/json");
    // An inactivity timer as well as the job's total deadline (a timer per call, in send()).
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    return request;
}

} // namespace

CallWindow::CallWindow(double callsPerSecond, int maxInFlight)
    : m_rate(callsPerSecond), m_max(qMax(1, maxInFlight))
{
}

void CallWindow::observe(qint64 latencyNs)
{
    latencyNs = qMax<qint64>(0, latencyNs);
    if (!m_observed) {
        m_observed = true;
        m_latencyNs = latencyNs;
        return;
    }
    // Up fast (slower answers leave the pace short of calls), down slowly (one quick answer
    // among slow ones says little).
    const qint64 diff = latencyNs - m_latencyNs;
    m_latencyNs += diff > 0 ? diff / 2 : diff / 10;
}

int CallWindow::size(qint64 oldestAgeNs) const
{
    const double latencySecs = double(qMax(m_latencyNs, oldestAgeNs)) / double(kSecondNs);
    const double calls = std::ceil(m_rate * latencySecs * kHeadroom) + kExtraCalls;
    return int(std::clamp(calls, 1.0, double(m_max)));
}

qint64 CallWindow::ageToOpen(int inFlight) const
{
    if (inFlight + 1 > m_max)
        return -1;
    // size() >= inFlight + 1 once rate * age * headroom > inFlight - kExtraCalls.
    const double need = double(inFlight - kExtraCalls);
    if (need < 0)
        return 0;
    return qint64(need / (m_rate * kHeadroom) * double(kSecondNs)) + 1;
}

Job::Job(JobTarget target, const QStringList &streamIds, JobOptions options, QObject *parent)
    : QObject(parent), m_target(std::move(target)), m_options(sanitised(options)),
      m_window(RateLimiter::clampedRate(m_options.callsPerSecond), m_options.maxInFlight),
      m_lastPaceNs(std::numeric_limits<qint64>::min() / 2), m_clock(&SystemClock::shared()),
      m_limiter(&RateLimiter::shared()), m_signer(&Signer::shared()),
      m_rate(m_options.callsPerSecond)
{
    QSet<QString> seen;
    for (const QString &id : streamIds) {
        if (seen.contains(id))
            continue;
        seen.insert(id);
        StreamOutcome o;
        o.streamId = id;
        m_outcomes.append(o);
    }
    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_pumpTimer, &QTimer::timeout, this, &Job::pump);

    QMutexLocker lock(&g_offsetMutex);
    m_offsetSecs = g_offsets.value(m_target.endpoint.authority(), 0);
    m_applyOffset = std::abs(m_offsetSecs) > kSkewToleranceSecs;
}

Job::~Job()
{
    leavePace();
    // Replies still running belong to the manager; make sure none calls back into a dead job.
    for (auto it = m_inFlight.begin(); it != m_inFlight.end(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
        it.key()->deleteLater();
    }
}

JobOptions Job::sanitised(JobOptions o)
{
    // Defence in depth: the front ends validate, but a nonsense value here must not mean a
    // call that never times out or one call a second.
    const JobOptions d;
    const auto fix = [](auto &value, auto fallback, bool bad, const char *name) {
        if (bad) {
            qCWarning(lcStop) << "ignoring the nonsense option" << name << "=" << value << "; using"
                              << fallback;
            value = fallback;
        }
    };
    fix(o.callsPerSecond, d.callsPerSecond,
        !std::isfinite(o.callsPerSecond) || o.callsPerSecond <= 0, "callsPerSecond");
    o.callsPerSecond = Rate::bounded(o.callsPerSecond);
    fix(o.timeoutMs, d.timeoutMs, o.timeoutMs <= 0, "timeoutMs");
    fix(o.batchSize, d.batchSize, o.batchSize <= 0, "batchSize");
    fix(o.maxUrlBytes, d.maxUrlBytes, o.maxUrlBytes <= 0, "maxUrlBytes");
    fix(o.backoffBaseMs, d.backoffBaseMs, o.backoffBaseMs < 0, "backoffBaseMs");
    fix(o.rateLimitedBackoffMs, d.rateLimitedBackoffMs, o.rateLimitedBackoffMs < 0,
        "rateLimitedBackoffMs");
    fix(o.backoffMaxMs, d.backoffMaxMs, o.backoffMaxMs < 0, "backoffMaxMs");
    fix(o.startForSecs, d.startForSecs, o.startForSecs <= 0, "startForSecs");
    o.maxAttempts = qMax(1, o.maxAttempts);
    o.maxInFlight = std::clamp(o.maxInFlight, 1, kMaxWindow);
    return o;
}

qint64 Job::endTimeNow() const
{
    if (m_options.action != RunAction::Start)
        return 0;
    // The best estimate of the gateway's now: the offset learnt, applied to Timestamps or not
    // (below kSkewToleranceSecs it is not, but EndTime's bounds are tighter than Timestamp's).
    const qint64 now = m_clock->wallSecs() + m_offsetSecs;
    return EndTimeBounds::endTime(now, m_options.startUntil, m_options.startForSecs);
}

void Job::setNetworkAccessManager(QNetworkAccessManager *manager)
{
    m_nam = manager;
}

void Job::setClock(const Clock *clock)
{
    m_clock = clock;
}

void Job::setRateLimiter(RateLimiter *limiter)
{
    m_limiter = limiter;
}

void Job::setSigner(Signer *signer)
{
    m_signer = signer;
}

void Job::setJournal(CallJournal *journal)
{
    m_journal = journal;
}

void Job::setPaceSource(PaceSource *source)
{
    m_paceSource = source;
}

double Job::refreshRate()
{
    if (!m_share)
        return m_rate;
    const QString notice = m_share->takeNotice();
    if (!notice.isEmpty()) {
        qCInfo(lcStop).noquote() << notice;
        Q_EMIT this->notice(notice);
    }
    const double rate = std::min(m_share->rate(), m_options.callsPerSecond);
    if (rate != m_rate) {
        qCDebug(lcStop) << "pace" << m_rate << "->" << rate << "calls/s (team budget)";
        m_rate = rate;
        if (rate > 0)
            m_window.setRate(RateLimiter::clampedRate(rate));
    }
    return m_rate;
}

void Job::leavePace()
{
    if (!m_share)
        return;
    if (m_paceSource)
        m_paceSource->leavePace(m_share);
    m_share.reset();
}

void Job::start()
{
    if (m_started)
        return;
    m_started = true;
    if (m_nam)
        m_pool.push_back(PoolSlot{m_nam, 0, false});
    if (m_paceSource && m_paceSource->isConfigured() && !m_outcomes.isEmpty()) {
        m_share = m_paceSource->joinPace(m_target.appId, m_options.callsPerSecond);
        m_shareLimiter = std::make_unique<RateLimiter>(m_clock);
        refreshRate();
    }

    QStringList ids;
    ids.reserve(m_outcomes.size());
    for (const StreamOutcome &o : std::as_const(m_outcomes))
        ids.append(o.streamId);
    int row = 0;
    for (const QStringList &batch :
         CallRequest::batches(m_target.endpoint, ids, m_options.batchSize, m_options.maxUrlBytes,
                              m_target.isTest, m_options.action)) {
        Work w;
        for (qsizetype i = 0; i < batch.size(); ++i)
            w.rows.append(row++);
        m_queue.push_back(std::move(w));
    }
    Q_EMIT progress(0, streamCount());
    // Start from the event loop, so a caller can connect to every signal first.
    QTimer::singleShot(0, this, &Job::pump);
}

void Job::cancel()
{
    if (!m_started || m_finished || m_cancelled)
        return;
    m_cancelled = true;
    m_pumpTimer.stop();
    abandonQueue(tr("cancelled before it was sent"));
    const QList<QNetworkReply *> running = m_inFlight.keys();
    for (QNetworkReply *reply : running)
        reply->abort(); // finished() follows at once, with OperationCanceledError
    finishIfDone();
}

void Job::abandonQueue(const QString &reason)
{
    m_stopSending = true;
    // Calls the journal is still recording never go out: their rows are settled with the queue's,
    // and their records closed below (the journal writes that after their rows, in order).
    std::vector<InFlight> withdrawn;
    for (auto it = m_recording.begin(); it != m_recording.end(); ++it) {
        m_queue.push_front(it->work);
        withdrawn.push_back(std::move(*it));
    }
    m_recording.clear();
    while (!m_queue.empty()) {
        const Work w = m_queue.front();
        m_queue.pop_front();
        for (int row : w.rows) {
            StreamOutcome o = m_outcomes.at(row);
            if (o.attempts == 0) {
                o.status = StreamStatus::Skipped;
                o.message = reason;
            } else {
                // Sent before and waiting for a retry: keep what the last answer said.
                o.status =
                    o.earlierAttemptUnanswered ? StreamStatus::Unknown : StreamStatus::Failed;
                o.message = o.message.isEmpty()
                                ? reason
                                : o.message + QStringLiteral(" (") + reason + QLatin1Char(')');
            }
            setOutcome(row, o);
        }
    }
    for (InFlight &call : withdrawn) {
        call.record.error = reason;
        QList<StreamOutcome> streams;
        for (int row : std::as_const(call.work.rows))
            streams.append(m_outcomes.at(row));
        m_journal->callFinished(call.record, streams);
    }
}

void Job::pump()
{
    if (m_finished || m_stopSending)
        return finishIfDone();
    while (!m_queue.empty()) {
        const qint64 now = m_clock->monotonicNs();
        // The first piece of work that may go now; retries wait out their back-off.
        auto ready = m_queue.end();
        qint64 earliest = std::numeric_limits<qint64>::max();
        for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
            if (it->notBeforeNs <= now) {
                ready = it;
                break;
            }
            earliest = qMin(earliest, it->notBeforeNs);
        }
        if (ready == m_queue.end()) {
            m_pumpTimer.start(int(qMax<qint64>(1, (earliest - now + kMsNs - 1) / kMsNs)));
            return;
        }
        const double rate = refreshRate();
        // A share can change any time: never sleep long on an old one.
        const int maxSleepMs = m_share ? kLeaseMaxSleepMs : std::numeric_limits<int>::max();
        if (rate <= 0) {
            // The team budget has nothing for this job yet (others still hold it).
            m_pumpTimer.start(kGrantPollMs);
            return;
        }
        // The window: as many calls in flight as the pace and the latency call for (those the
        // journal is recording count: they go as soon as they are recorded).
        const int inFlight = int(m_inFlight.size() + m_recording.size());
        const qint64 oldest = oldestAgeNs(now);
        if (inFlight >= m_window.size(oldest)) {
            const qint64 age = m_window.ageToOpen(inFlight);
            // At the bound only an answer opens it (onReplyFinished pumps); else the oldest
            // call's age will.
            if (age >= 0)
                m_pumpTimer.start(
                    int(std::clamp<qint64>((age - oldest + kMsNs - 1) / kMsNs, 1, maxSleepMs)));
            else if (m_share)
                m_pumpTimer.start(maxSleepMs);
            return;
        }
        RateLimiter *limiter = m_share ? m_shareLimiter.get() : m_limiter;
        const qint64 wait = limiter->tryAcquire(m_target.appId, rate);
        if (wait > 0) {
            // Round up: a timer that fires early would only find the slot still taken.
            m_pumpTimer.start(int(std::clamp<qint64>((wait + kMsNs - 1) / kMsNs, 1, maxSleepMs)));
            return;
        }
        Work w = std::move(*ready);
        m_queue.erase(ready);
        w.slotNs = m_clock->monotonicNs();
        send(std::move(w));
    }
    finishIfDone();
}

Job::InFlight Job::prepareCall(const Work &work)
{
    QStringList ids;
    for (int row : std::as_const(work.rows))
        ids.append(m_outcomes.at(row).streamId);

    PublicParams p;
    p.appId = m_target.appId;
    p.nonce = m_signer->nextNonce();
    const bool corrected = m_applyOffset && m_offsetSecs != 0;
    p.timestamp = m_clock->wallSecs() + (corrected ? m_offsetSecs : 0);
    p.signature = Signer::signature(p.appId, p.nonce, m_target.secret, p.timestamp);
    p.isTest = m_target.isTest;
    const ActionParams action{m_options.action, endTimeNow()};

    InFlight call;
    call.work = work;
    call.url = CallRequest::url(m_target.endpoint, m_target.vendor, ids, p, action);
    call.record.callId = m_nextCallId++;
    call.record.streamIds = ids;
    call.record.attempt = work.attempt;
    call.record.redactedUrl = CallRequest::redacted(call.url);
    call.record.sentAtMs = QDateTime::currentMSecsSinceEpoch();
    call.signature = p.signature;
    call.endTime = action.endTime;
    call.clockCorrected = corrected;
    call.timer.start();
    return call;
}

void Job::send(Work work)
{
    InFlight call = prepareCall(work);
    if (!m_journal)
        return transmit(std::move(call));
    // Write ahead: the call goes on the network only once the journal says its row is committed.
    const int callId = call.record.callId;
    const CallRecord record = call.record;
    m_recording.insert(callId, std::move(call));
    m_journal->callSending(record, this, [this, callId](bool recorded, const QString &why) {
        onRecorded(callId, recorded, why);
    });
}

void Job::onRecorded(int callId, bool recorded, const QString &why)
{
    auto it = m_recording.find(callId);
    if (it == m_recording.end())
        return; // withdrawn meanwhile (abandonQueue): it never goes out
    InFlight call = std::move(*it);
    m_recording.erase(it);
    if (!recorded && m_options.requireJournal) {
        raiseProblem(tr("Stopped sending: %1.").arg(why), 0);
        m_queue.push_front(call.work);
        abandonQueue(tr("not sent: %1").arg(why));
        return finishIfDone();
    }
    if (!recorded)
        qCWarning(lcStop) << "sending a call the history could not record:" << why;
    transmit(std::move(call));
}

void Job::transmit(InFlight call)
{
    call.timer.start(); // the call's duration: from now, not from when it was asked to be recorded
    for (int row : std::as_const(call.work.rows)) {
        StreamOutcome o = m_outcomes.at(row);
        o.status = StreamStatus::Sending;
        ++o.attempts;
        o.callId = call.record.callId;
        setOutcome(row, o);
    }
    ++m_callsSent;
    // Said once per job, and again if the offset is not the one said: an offset remembered
    // from an earlier job that the gateway refused, learnt anew.
    if (call.clockCorrected &&
        (!m_clockSignalled ||
         std::abs(m_offsetSecs - m_signalledOffsetSecs) > kSkewToleranceSecs)) {
        m_clockSignalled = true;
        m_signalledOffsetSecs = m_offsetSecs;
        qCInfo(lcStop) << "Timestamps corrected by" << m_offsetSecs << "s from the gateway's clock";
        Q_EMIT clockCorrected(m_offsetSecs);
    }
    Q_EMIT callStarted(call.record);

    call.slot = pickSlot();
    call.sentNs = m_clock->monotonicNs();
    PoolSlot &slot = m_pool[std::size_t(call.slot)];
    ++slot.calls;
    QNetworkReply *reply = slot.manager->get(makeRequest(call.url, m_options.timeoutMs));
    // Memory stays bounded whatever the server sends: past this, the reply stops reading and
    // downloadProgress (watchReply) aborts it.
    reply->setReadBufferSize(CallReply::MaxBodyBytes + 1);
    call.url.clear(); // it holds the signature: not kept longer than needed
    m_inFlight.insert(reply, call);
    m_maxInFlightSeen = qMax(m_maxInFlightSeen, int(m_inFlight.size()));
    m_sentTimes.push_back(call.sentNs);
    while (!m_sentTimes.empty() && m_sentTimes.front() <= call.sentNs - kSecondNs)
        m_sentTimes.pop_front();
    notePace(false);
    qCDebug(lcStop) << "sent call" << call.record.callId << "attempt" << call.work.attempt
                    << call.record.streamIds.size() << "streams";
    watchReply(reply);
}

void Job::watchReply(QNetworkReply *reply)
{
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
    connect(reply, &QNetworkReply::requestSent, this, [this, reply] {
        m_connected = true;
        auto it = m_inFlight.find(reply);
        if (it != m_inFlight.end())
            it->requestSent = true;
    });
    // ALPN chose HTTP/2: that manager's one connection multiplexes the calls, so it takes the
    // window's calls itself from now on instead of opening more managers and connections.
    connect(reply, &QNetworkReply::encrypted, this, [this, reply] {
        auto it = m_inFlight.find(reply);
        if (it != m_inFlight.end() && it->slot < int(m_pool.size()) &&
            reply->sslConfiguration().nextNegotiatedProtocol() ==
                QSslConfiguration::ALPNProtocolHTTP2)
            m_pool[std::size_t(it->slot)].http2 = true;
    });
    // The total deadline: a server trickling a byte at a time never trips the inactivity timer.
    // The timer is the reply's child, so it dies with it.
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, &QNetworkReply::abort);
    deadline->start(m_options.timeoutMs);
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64) {
        if (received > CallReply::MaxBodyBytes) {
            auto it = m_inFlight.find(reply);
            if (it != m_inFlight.end() && !it->tooLarge) {
                it->tooLarge = true;
                reply->abort();
            }
        }
    });
}

void Job::learnClock(QNetworkReply *reply)
{
    const QByteArray raw = reply->rawHeader("Date");
    if (raw.isEmpty())
        return;
    // The header changes once a second at most; parsing it costs more than the rest of an
    // answer's handling, so only a new one is parsed.
    if (raw != m_lastDateHeader) {
        m_lastDateHeader = raw;
        const QDateTime server = QLocale::c().toDateTime(
            QString::fromLatin1(raw).trimmed(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        m_lastDateBelievable = server.isValid();
        if (server.isValid()) {
            QDateTime utc = server;
            utc.setTimeSpec(Qt::UTC);
            m_lastDateSecs = utc.toSecsSinceEpoch();
        }
    }
    const qint64 local = m_clock->wallSecs();
    const qint64 offset = m_lastDateSecs - local;
    // Which Dates are believed: never one before this program was built (a gateway in 1970 is
    // a broken one), and only within a day of the local clock, unless the local clock itself
    // reads before the build date (then it is the one that is wrong, and a Date up to 20 years
    // after the build is taken).
    const qint64 built = buildSecs() - kDaySecs;
    const bool localKnownWrong = local < built;
    const bool believable = m_lastDateBelievable && m_lastDateSecs >= built &&
                            (localKnownWrong ? m_lastDateSecs - built <= kMaxYearsAfterBuildSecs
                                             : std::abs(offset) <= kMaxCorrectionSecs);
    if (!believable) {
        if (!m_dateDoubtLogged) {
            m_dateDoubtLogged = true;
            qCWarning(lcStop) << "ignoring the gateway's implausible Date header" << raw
                              << "(local clock" << local << "s)";
        }
        return;
    }
    m_offsetSecs = offset;
    const bool skewed = std::abs(m_offsetSecs) > kSkewToleranceSecs;
    if (skewed != m_applyOffset)
        qCInfo(lcStop) << "local clock is off by" << m_offsetSecs << "s from the gateway";
    m_applyOffset = skewed;
    QMutexLocker lock(&g_offsetMutex);
    g_offsets.insert(m_target.endpoint.authority(), m_offsetSecs);
}

void Job::onReplyFinished(QNetworkReply *reply)
{
    auto it = m_inFlight.find(reply);
    if (it == m_inFlight.end())
        return;
    InFlight call = *it;
    m_inFlight.erase(it);
    reply->deleteLater();

    call.record.durationMs = call.timer.elapsed();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    call.record.httpStatus = status;
    if (call.slot < int(m_pool.size())) {
        PoolSlot &slot = m_pool[std::size_t(call.slot)];
        --slot.calls;
        if (reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool())
            slot.http2 = true;
    }
    if (status > 0) {
        m_reached = true;
        // Only answers say how long the gateway takes; a call still out speaks through its age.
        const qint64 answeredNs = m_clock->monotonicNs();
        m_window.observe(answeredNs - call.sentNs);
        // The pacing limiter widens its window by the spread of the times from its slots to
        // the answers: jitter on the way, and before it (the write-ahead's commit).
        const qint64 slotNs = call.work.slotNs ? call.work.slotNs : call.sentNs;
        (m_share ? m_shareLimiter.get() : m_limiter)
            ->observeLatencyMs(m_target.appId, double(answeredNs - slotNs) / double(kMsNs));
        learnClock(reply);
    }

    if (call.tooLarge) {
        call.record.error =
            tr("the answer was larger than %1 bytes and was not read").arg(CallReply::MaxBodyBytes);
        emitCallFinished(call);
        finishRows(call.work.rows, StreamStatus::Unknown, QString(), call.record.error);
    } else if (m_cancelled && error == QNetworkReply::OperationCanceledError) {
        call.record.error = tr("cancelled while the call was in flight");
        emitCallFinished(call);
        finishRows(call.work.rows, StreamStatus::Unknown, QString(), call.record.error);
    } else if (status == 0 || (error != QNetworkReply::NoError && int(error) < 100)) {
        // No complete HTTP answer: nothing, or a connection that broke mid-body (QNetworkReply's
        // codes below 100 are transport failures; HTTP statuses come as 2xx-4xx codes).
        const bool timeout = error == QNetworkReply::OperationCanceledError;
        const QString errorText = scrub(reply->errorString(), call);
        call.record.error =
            timeout ? tr("no answer within %1 s").arg(m_options.timeoutMs / 1000.0) : errorText;
        emitCallFinished(call);
        if (isTlsError(error)) {
            const QString msg =
                tr("TLS error talking to %1: %2").arg(m_target.endpoint.host(), errorText);
            finishRows(call.work.rows, StreamStatus::Failed, QString(), msg);
            raiseProblem(msg, 0);
            abandonQueue(tr("not sent: %1").arg(msg));
        } else if (neverReached(error) && !call.requestSent) {
            retryOrFinish(call.work, StreamStatus::Failed, QString(),
                          tr("could not connect: %1").arg(errorText), false,
                          m_options.backoffBaseMs);
        } else if (timeout && !call.requestSent) {
            // Connected (or not even that), but the request never went out: a TLS handshake
            // that never ends, say. Nothing reached the gateway, so nothing was stopped.
            retryOrFinish(call.work, StreamStatus::Failed, QString(),
                          tr("the request was never sent: no connection was ready within %1 s")
                              .arg(m_options.timeoutMs / 1000.0),
                          false, m_options.backoffBaseMs);
        } else {
            retryOrFinish(call.work, StreamStatus::Unknown, QString(), call.record.error, true,
                          m_options.backoffBaseMs);
        }
    } else {
        // Redacted before anything reads it, so no echoed signature reaches an outcome either.
        const QByteArray body = CallRequest::redactBody(reply->read(CallReply::MaxBodyBytes + 1),
                                                        {call.signature, m_target.secret});
        call.record.body = body.left(CallReply::MaxBodyBytes);
        handleAnswer(call, status, body);
    }
    if (m_journal) {
        QList<StreamOutcome> streams;
        streams.reserve(call.work.rows.size());
        for (int row : std::as_const(call.work.rows))
            streams.append(m_outcomes.at(row));
        m_journal->callFinished(call.record, streams);
    }
    notePace(false);
    if (!m_stopSending)
        pump();
    finishIfDone();
}

int Job::pickSlot()
{
    // The first manager with room: calls are packed onto the connections already open (kept
    // alive, TLS session and all) and a new manager, with new connections, is added only when
    // the window outgrows them. One whose connection speaks HTTP/2 multiplexes every call.
    for (std::size_t i = 0; i < m_pool.size(); ++i) {
        const PoolSlot &slot = m_pool[i];
        const int room = slot.http2 ? kStreamsPerHttp2Manager : kConnectionsPerManager;
        if (slot.manager && slot.calls < room)
            return int(i);
    }
    auto *manager = new QNetworkAccessManager(this);
    if (m_nam) {
        // Made like the injected one, as far as a manager can be copied.
        manager->setProxy(m_nam->proxy());
        manager->setTransferTimeout(m_nam->transferTimeout());
        manager->setStrictTransportSecurityEnabled(m_nam->isStrictTransportSecurityEnabled());
    }
    m_pool.push_back(PoolSlot{manager, 0, false});
    qCDebug(lcStop) << "connection pool grows to" << m_pool.size() << "managers";
    return int(m_pool.size()) - 1;
}

qint64 Job::oldestAgeNs(qint64 now) const
{
    qint64 oldest = now;
    for (const InFlight &call : m_inFlight)
        oldest = qMin(oldest, call.sentNs);
    return now - oldest;
}

int Job::window() const
{
    return m_window.size(oldestAgeNs(m_clock->monotonicNs()));
}

double Job::observedLatencyMs() const
{
    return double(m_window.latencyNs()) / double(kMsNs);
}

double Job::observedCallsPerSecond() const
{
    const qint64 now = m_clock->monotonicNs();
    int n = 0;
    for (auto it = m_sentTimes.rbegin(); it != m_sentTimes.rend() && *it > now - kSecondNs; ++it)
        ++n;
    return n;
}

void Job::notePace(bool force)
{
    const qint64 now = m_clock->monotonicNs();
    if (!force && now - m_lastPaceNs < kPaceSignalNs)
        return;
    m_lastPaceNs = now;
    Q_EMIT paceChanged(observedLatencyMs(), observedCallsPerSecond(), inFlight());
}

void Job::handleAnswer(InFlight &call, int httpStatus, const QByteArray &body)
{
    const CallReply r = CallReply::parse(httpStatus, body, m_target.vendor, call.record.streamIds);
    call.record.hasCode = r.hasCode;
    call.record.code = r.code;
    call.record.message = r.message;
    call.record.requestId = r.requestId;
    call.record.error = r.error;
    emitCallFinished(call);
    Work &work = call.work;

    const bool zegoRefused = r.kind == CallReply::Kind::Answered && r.code != 0;
    if ((httpStatus >= 500 || httpStatus == 429) && !zegoRefused) {
        // The gateway or a proxy failed: the call may or may not have been carried out. A 429 is
        // a refusal, like code 6: answered, nothing done, so never "unknown" or "unanswered".
        const bool refused = httpStatus == 429;
        const QString what = r.error.isEmpty() ? tr("HTTP %1").arg(httpStatus) : r.error;
        const int base = refused ? m_options.rateLimitedBackoffMs : m_options.backoffBaseMs;
        retryOrFinish(work, refused ? StreamStatus::Failed : StreamStatus::Unknown, QString(), what,
                      !refused, base);
        return;
    }
    if (r.kind != CallReply::Kind::Answered) {
        // Sent, answered with something unusable: whether it stopped anything is not known.
        finishRows(work.rows, StreamStatus::Unknown, QString(), r.error);
        return;
    }
    if (r.code != 0)
        handleRefusal(work, r);
    else
        applyOutcomes(work, r, call.endTime);
}

void Job::setPending(const QList<int> &rows)
{
    for (int row : rows) {
        StreamOutcome o = m_outcomes.at(row);
        o.status = StreamStatus::Pending;
        setOutcome(row, o);
    }
}

void Job::handleRefusal(Work &work, const CallReply &r)
{
    const CodeInfo info = ReturnCodes::lookup(r.code);
    const QString code = QString::number(r.code);
    const QString message = r.message.isEmpty() ? info.meaning : r.message;
    if (r.code == 100000004 && !work.clockRetried) {
        // Signature expired: the Date header told us how far off we are. Once; a second
        // 100000004 ends the job below (a clock we cannot correct refuses every call).
        m_applyOffset = true;
        work.clockRetried = true;
        setPending(work.rows);
        requeueFront(work);
        return;
    }
    if (r.code == 2 && work.rows.size() > 1) {
        // One bad ID refuses the whole call: split until it stands alone.
        const qsizetype half = work.rows.size() / 2;
        Work a = work;
        Work b = work;
        a.rows = work.rows.mid(0, half);
        b.rows = work.rows.mid(half);
        setPending(work.rows);
        requeueFront(b);
        requeueFront(a);
        return;
    }
    if (info.retryable && r.code != 100000004) {
        const int base = r.code == 6 ? m_options.rateLimitedBackoffMs : m_options.backoffBaseMs;
        retryOrFinish(work, StreamStatus::Failed, code, message, false, base);
        return;
    }
    finishRows(work.rows, StreamStatus::Failed, code, message, r.requestId, true);
    // These refuse every call alike: sending the rest would only repeat the refusal.
    if (info.kind == CodeInfo::Kind::Credentials || info.kind == CodeInfo::Kind::ClientBug ||
        info.kind == CodeInfo::Kind::ClockSkew) {
        const QString problem = tr("%1 (code %2). %3").arg(message).arg(r.code).arg(info.advice);
        raiseProblem(problem, r.code);
        abandonQueue(tr("not sent: the gateway refused the call with code %1").arg(r.code));
    }
}

void Job::applyOutcomes(const Work &work, const CallReply &r, qint64 endTime)
{
    // Code 0: every stream's own result.
    for (qsizetype i = 0; i < r.outcomes.size(); ++i) {
        const int row = work.rows.at(i);
        StreamOutcome o = r.outcomes.at(i);
        const StreamOutcome &before = m_outcomes.at(row);
        o.attempts = before.attempts;
        o.callId = before.callId;
        o.earlierAttemptUnanswered = before.earlierAttemptUnanswered;
        if (o.status == StreamStatus::Succeeded)
            o.endTime = endTime;
        if (o.earlierAttemptUnanswered && o.status == StreamStatus::Failed) {
            o.message += (o.message.isEmpty() ? QString() : QStringLiteral(" — ")) +
                         (m_options.action == RunAction::Start
                              ? tr("an earlier attempt went unanswered and may have started it")
                              : tr("an earlier attempt went unanswered and may have stopped it"));
        }
        setOutcome(row, o);
    }
    for (const StreamOutcome &extra : r.extras) {
        m_extras.append(extra);
        qCWarning(lcStop) << "the vendor answered for a stream that was not asked:"
                          << extra.streamId;
    }
}

void Job::requeueFront(const Work &work)
{
    m_queue.push_front(work);
    // Once the job stopped sending, nothing drains the queue: settle these rows now.
    if (m_stopSending)
        abandonQueue(m_problem.isEmpty() ? tr("cancelled before it was sent")
                                         : tr("not sent: %1").arg(m_problem));
}

QString Job::scrub(const QString &text, const InFlight &call) const
{
    return CallRequest::redactBody(text, {call.signature, m_target.secret});
}

void Job::emitCallFinished(InFlight &call)
{
    CallRecord &r = call.record;
    const QStringList secrets{call.signature, m_target.secret};
    r.body = CallRequest::redactBody(r.body, secrets);
    r.message = CallRequest::redactBody(r.message, secrets);
    r.requestId = CallRequest::redactBody(r.requestId, secrets);
    r.error = CallRequest::redactBody(r.error, secrets);
    Q_EMIT callFinished(r);
}

void Job::retryOrFinish(Work work, StreamStatus finalStatus, const QString &code,
                        const QString &message, bool unanswered, int baseDelayMs)
{
    bool anyLeft = false;
    for (int row : std::as_const(work.rows)) {
        StreamOutcome o = m_outcomes.at(row);
        o.earlierAttemptUnanswered = o.earlierAttemptUnanswered || unanswered;
        o.code = code;
        o.codeIsZego = !code.isEmpty(); // only ZEGO's retryable codes come through here
        o.message = message;
        if (o.attempts < m_options.maxAttempts && !m_stopSending)
            anyLeft = true;
        setOutcome(row, o);
    }
    if (!anyLeft) {
        // Unanswered at any point means the stream may have been stopped: never say Failed.
        QList<int> rows = work.rows;
        for (int row : std::as_const(rows)) {
            StreamOutcome o = m_outcomes.at(row);
            o.status = o.earlierAttemptUnanswered ? StreamStatus::Unknown : finalStatus;
            o.message = message;
            setOutcome(row, o);
        }
        return;
    }
    for (int row : std::as_const(work.rows)) {
        StreamOutcome o = m_outcomes.at(row);
        o.status = StreamStatus::Pending;
        setOutcome(row, o);
    }
    work.notBeforeNs = m_clock->monotonicNs() + backoffNs(work.attempt, baseDelayMs);
    ++work.attempt;
    m_queue.push_back(work);
}

qint64 Job::backoffNs(int attempt, int baseMs) const
{
    const double exp =
        std::min(double(m_options.backoffMaxMs), baseMs * std::pow(2.0, qMax(0, attempt - 1)));
    const double jitter = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
    return qint64(exp * jitter * double(kMsNs));
}

void Job::finishRows(const QList<int> &rows, StreamStatus status, const QString &code,
                     const QString &message, const QString &requestId, bool codeIsZego)
{
    for (int row : rows) {
        StreamOutcome o = m_outcomes.at(row);
        o.status = status;
        o.code = code;
        o.codeIsZego = codeIsZego;
        o.message = message;
        if (!requestId.isEmpty())
            o.requestId = requestId;
        setOutcome(row, o);
    }
}

void Job::setOutcome(int row, const StreamOutcome &o)
{
    const bool wasFinal = isFinal(m_outcomes.at(row).status);
    m_outcomes[row] = o;
    Q_EMIT streamChanged(row);
    if (wasFinal != isFinal(o.status)) {
        m_done += wasFinal ? -1 : 1;
        Q_EMIT progress(m_done, streamCount());
    }
}

void Job::raiseProblem(const QString &message, qint64 code)
{
    if (!m_problem.isEmpty())
        return;
    m_problem = message;
    m_problemCode = code;
    qCWarning(lcStop) << "job stopped sending:" << message;
    Q_EMIT problemRaised(message, code);
}

void Job::finishIfDone()
{
    if (m_finished || !m_started || !m_inFlight.isEmpty() || !m_recording.isEmpty())
        return;
    if (!m_queue.empty() && !m_stopSending)
        return;
    m_finished = true;
    m_pumpTimer.stop();
    // Others may take this job's share once its last calls are out of the gateway's window.
    leavePace();
    notePace(true);
    if (!m_journal)
        return Q_EMIT finished();
    // finished() once the end is written: whoever reads the history then finds the whole run.
    // A cancel is answered at once (the window may be closing): its end follows, and is written
    // before the history closes.
    if (m_cancelled) {
        m_journal->runFinished(m_outcomes, true);
        return Q_EMIT finished();
    }
    m_journal->runFinished(m_outcomes, false, this, [this] { Q_EMIT finished(); });
}

} // namespace cdnrec
