// SPDX-License-Identifier: GPL-3.0-or-later
#include "simgateway.h"

#include <engine/signer.h>
#include <model/clock.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>

#include <optional>
#include <tuple>

namespace cdnrec {

namespace {

constexpr qint64 kSecondNs = 1000000000;
constexpr qint64 kWindowSecs = 600;          // ZEGO allows 10 minutes of deviation
constexpr qint64 kMaxRecordSecs = 24 * 3600; // StartCDNRecord's EndTime: at most now + 24 h
// The vendor's per-stream refusals of an action the stream's state makes pointless.
constexpr int kNotRecording = 404;
constexpr int kAlreadyRecording = 409;
constexpr const char *kListAction = "DescribeSimpleStreamList";
constexpr qint64 kMsNs = 1000000;
// Streams the simulator's rooms publish were created this long before it started.
constexpr qint64 kStreamAgeSecs = 12 * 60;
// stats() counts the calls of at most this many rooms.
constexpr qsizetype kMaxCountedRooms = 10000;

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray htmlPage(int status, const char *reason)
{
    return QByteArray("<html><head><title>") + QByteArray::number(status) + ' ' + reason +
           "</title></head><body><center><h1>" + QByteArray::number(status) + ' ' + reason +
           "</h1></center><hr><center>nginx</center></body></html>";
}

// prefixed("busy2-x", "busy") -> true, n = 2
bool prefixed(const QString &id, const char *name, int *n)
{
    const QLatin1String prefix(name);
    if (!id.startsWith(prefix))
        return false;
    const qsizetype dash = id.indexOf(u'-', prefix.size());
    if (dash <= prefix.size())
        return false;
    bool ok = false;
    *n = QStringView(id).mid(prefix.size(), dash - prefix.size()).toInt(&ok);
    return ok;
}

// fail-<code>-...: the vendor fails this stream with that code (at least 1); else 0.
int requestedFailure(const QString &id)
{
    static const QRegularExpression failRe(QStringLiteral("^fail-(\\d+)-"));
    const auto m = failRe.match(id);
    return m.hasMatch() ? qMax(1, m.capturedView(1).toInt()) : 0;
}

QString failMessage(int failCode, const char *otherwise)
{
    return failCode == kNotRecording       ? QStringLiteral("stream is not being recorded")
           : failCode == kAlreadyRecording ? QStringLiteral("stream is already being recorded")
                                           : QString::fromLatin1(otherwise);
}

// Data.<Vendor> of a successful answer, in the vendor's own shape, one entry per stream.
class VendorList
{
public:
    VendorList(Vendor vendor, QString callRequestId)
        : m_vendor(vendor), m_callRequestId(std::move(callRequestId))
    {
    }

    void add(const QString &id, int failCode)
    {
        const QString vendorRequestId = QStringLiteral("%1-%2").arg(m_callRequestId, id.left(16));
        QJsonObject e;
        switch (m_vendor) {
        case Vendor::Tencent:
            e.insert(QStringLiteral("StreamName"), id);
            e.insert(QStringLiteral("RequestId"), vendorRequestId);
            e.insert(QStringLiteral("Code"),
                     failCode ? QStringLiteral("FailedOperation.%1").arg(failCode) : QString());
            e.insert(QStringLiteral("Message"),
                     failCode ? failMessage(failCode, "stream is not being recorded") : QString());
            m_array.append(e);
            break;
        case Vendor::Huawei:
            e.insert(QStringLiteral("StreamName"), id);
            e.insert(QStringLiteral("RequestId"), vendorRequestId);
            e.insert(QStringLiteral("Code"), failCode);
            e.insert(QStringLiteral("Message"), failCode
                                                    ? failMessage(failCode, "record task not found")
                                                    : QStringLiteral("success"));
            m_array.append(e);
            break;
        case Vendor::Ws:
            e.insert(QStringLiteral("id"), id);
            e.insert(QStringLiteral("http_code"), failCode ? failCode : 200);
            e.insert(QStringLiteral("msg"), failCode ? failMessage(failCode, "task not found")
                                                     : QStringLiteral("success"));
            e.insert(QStringLiteral("persistentId"), vendorRequestId);
            e.insert(QStringLiteral("task"), QStringLiteral("mp4"));
            m_array.append(e);
            break;
        }
    }

    QJsonObject data() const
    {
        QJsonObject data;
        if (m_vendor != Vendor::Ws) {
            data.insert(vendorWireName(m_vendor), m_array);
            return data;
        }
        QJsonObject ws;
        ws.insert(QStringLiteral("call_time"),
                  QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        ws.insert(QStringLiteral("http_code"), 200);
        ws.insert(QStringLiteral("list"), m_array);
        ws.insert(QStringLiteral("msg"), QJsonValue::Null);
        ws.insert(QStringLiteral("trace_id"), QString(QStringLiteral("trace-") + m_callRequestId));
        data.insert(QStringLiteral("Ws"), ws);
        return data;
    }

private:
    Vendor m_vendor;
    QString m_callRequestId;
    QJsonArray m_array; // Tencent's and Huawei's array, or Wangsu's list
};

// The faults of a successful answer's body (html-, trunc-, cut-, huge-, giant-), the first in
// that order winning.
struct BodyFaults
{
    bool html = false, truncated = false, cut = false, huge = false, giant = false;

    void note(const QString &id)
    {
        html = html || id.startsWith(QLatin1String("html-"));
        truncated = truncated || id.startsWith(QLatin1String("trunc-"));
        cut = cut || id.startsWith(QLatin1String("cut-"));
        huge = huge || id.startsWith(QLatin1String("huge-"));
        giant = giant || id.startsWith(QLatin1String("giant-"));
    }

    void apply(SimAnswer &a) const
    {
        if (html) {
            a.contentType = "text/html";
            a.body = htmlPage(200, "OK");
            a.fault = QStringLiteral("html");
        } else if (truncated) {
            a.body.truncate(a.body.size() / 2);
            a.fault = QStringLiteral("trunc");
        } else if (cut) {
            a.action = SimAnswer::Action::CutMidBody;
            a.fault = QStringLiteral("cut");
        } else if (huge || giant) {
            a.body = QByteArray((giant ? 50 : 2) * 1024 * 1024, ' ') + a.body;
            a.fault = giant ? QStringLiteral("giant") : QStringLiteral("huge");
        }
    }
};

} // namespace

SimGateway::SimGateway(SimConfig config, const Clock *clock)
    : m_config(std::move(config)), m_clock(clock)
{
}

QByteArray SimGateway::httpDate() const
{
    if (!m_config.dateHeader.isEmpty())
        return m_config.dateHeader;
    const QDateTime t =
        QDateTime::fromSecsSinceEpoch(m_clock->wallSecs() + m_config.clockOffsetSecs, Qt::UTC);
    return QLocale::c().toString(t, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

QString SimGateway::requestId()
{
    return QString::number(4315169065145770000ULL + ++m_requestCounter);
}

int SimGateway::timesSeen(const QString &id)
{
    return ++m_seen[id];
}

SimAnswer SimGateway::refuse(qint64 code, const QString &message, const QString &fault)
{
    SimAnswer a;
    a.code = code;
    a.fault = fault;
    a.date = httpDate();
    QJsonObject o;
    o.insert(QStringLiteral("Code"), code);
    o.insert(QStringLiteral("Message"), message);
    o.insert(QStringLiteral("RequestId"), requestId());
    a.body = json(o);
    if (code == 6)
        ++m_code6;
    return a;
}

qint64 SimGateway::countArrival(QHash<QString, std::deque<qint64>> &windows, const QString &appId,
                                qint64 nowNs, qint64 *maxInWindow)
{
    std::deque<qint64> &window = windows[appId];
    while (!window.empty() && window.front() <= nowNs - kSecondNs)
        window.pop_front();
    window.push_back(nowNs);
    const auto count = qint64(window.size());
    *maxInWindow = qMax(*maxInWindow, count);
    if (windows.size() > m_pruneAt) {
        // A window whose last call is a second old counts nothing any more.
        windows.removeIf(
            [nowNs](const auto &it) { return it.value().back() <= nowNs - kSecondNs; });
        m_pruneAt = qMax<qsizetype>(64, 2 * windows.size());
    }
    return count;
}

SimAnswer SimGateway::handle(const QList<QPair<QString, QString>> &query)
{
    const qint64 nowNs = m_clock->monotonicNs();
    ++m_calls;
    Call call;
    call.query = &query;
    for (const auto &kv : query) {
        if (kv.first == QLatin1String("StreamId[]"))
            call.ids.append(kv.second);
        else
            call.params.insert(kv.first, kv.second);
    }
    // Counted per AppId: by its number when it is one ("007" is 7), else as sent.
    const QString appIdText = call.params.value(QStringLiteral("AppId"));
    bool numeric = false;
    const quint32 appId = appIdText.toUInt(&numeric);
    const QString appIdKey = numeric ? QString::number(appId) : appIdText;
    // DescribeSimpleStreamList has a budget of its own, apart from the stop calls'.
    if (call.params.value(QStringLiteral("Action")) == QLatin1String(kListAction)) {
        --m_calls;
        ++m_listCalls;
        call.callsInWindow = countArrival(m_listWindows, appIdKey, nowNs, &m_maxListInWindow);
    } else {
        call.callsInWindow = countArrival(m_windows, appIdKey, nowNs, &m_maxInWindow);
    }
    const SimAnswer a = check(call);
    m_lastLog = logLine(call, a);
    return a;
}

QByteArray SimGateway::logLine(const Call &call, const SimAnswer &answer) const
{
    const auto &p = call.params;
    QJsonObject log;
    log.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    log.insert(QStringLiteral("appId"), p.value(QStringLiteral("AppId")));
    log.insert(QStringLiteral("vendor"), p.value(QStringLiteral("Vendor")));
    log.insert(QStringLiteral("streams"), QJsonArray::fromStringList(call.ids));
    log.insert(QStringLiteral("timestamp"), p.value(QStringLiteral("Timestamp")));
    // Names the call (a nonce is new for every call), so a test can match calls one to one.
    log.insert(QStringLiteral("nonce"), p.value(QStringLiteral("SignatureNonce")));
    log.insert(QStringLiteral("action"), p.value(QStringLiteral("Action")));
    if (p.contains(QStringLiteral("RoomId")))
        log.insert(QStringLiteral("room"), p.value(QStringLiteral("RoomId")));
    if (p.contains(QStringLiteral("EndTime")))
        log.insert(QStringLiteral("endTime"), p.value(QStringLiteral("EndTime")));
    log.insert(QStringLiteral("http"), answer.httpStatus);
    log.insert(QStringLiteral("code"), answer.code);
    if (!answer.fault.isEmpty())
        log.insert(QStringLiteral("fault"), answer.fault);
    return json(log);
}

// The gateway's checks common to every server API, in the order ZEGO's codes are numbered.
std::optional<SimAnswer> SimGateway::checkPublicParams(const Call &call)
{
    const auto &p = call.params;
    bool ok = false;
    p.value(QStringLiteral("AppId")).toUInt(&ok);
    if (!ok)
        return refuse(100000001, QStringLiteral("AppId format error"));
    const QString tsText = p.value(QStringLiteral("Timestamp"));
    if (tsText.isEmpty())
        return refuse(100000002, QStringLiteral("Timestamp is empty"));
    tsText.toLongLong(&ok);
    if (!ok)
        return refuse(100000003, QStringLiteral("Timestamp format error"));
    if (p.value(QStringLiteral("SignatureNonce")).isEmpty())
        return refuse(100000008, QStringLiteral("SignatureNonce is empty"));
    if (p.value(QStringLiteral("Signature")).isEmpty())
        return refuse(100000009, QStringLiteral("Signature is empty"));
    const QString version = p.value(QStringLiteral("SignatureVersion"));
    if (version.isEmpty())
        return refuse(100000013, QStringLiteral("SignatureVersion is empty"));
    if (version != QLatin1String("2.0"))
        return refuse(100000014, QStringLiteral("SignatureVersion is not supported"));
    return std::nullopt;
}

// Who calls: the AppId, the 10-minute window and the signature.
std::optional<SimAnswer> SimGateway::checkIdentity(const Call &call)
{
    const auto &p = call.params;
    const quint32 appId = p.value(QStringLiteral("AppId")).toUInt();
    const qint64 ts = p.value(QStringLiteral("Timestamp")).toLongLong();
    const QString nonce = p.value(QStringLiteral("SignatureNonce"));
    if (appId != m_config.appId)
        return refuse(100000010, QStringLiteral("cannot get the ServerSecret of this AppId"));
    const qint64 serverNow = m_clock->wallSecs() + m_config.clockOffsetSecs;
    if (qAbs(ts - serverNow) > kWindowSecs)
        return refuse(100000004, QStringLiteral("signature expired"));
    // ZEGO documents no rule against a repeated nonce, so none is enforced here (and
    // QNetworkAccessManager itself re-sends a GET whose connection dropped unanswered).
    if (p.value(QStringLiteral("Signature")) !=
        Signer::signature(appId, nonce, m_config.secret, ts))
        return refuse(m_config.wrongSecretCode, m_config.wrongSecretCode == 7
                                                    ? QStringLiteral("auth failed")
                                                    : QStringLiteral("signature error"));
    return std::nullopt;
}

SimAnswer SimGateway::check(const Call &call)
{
    const auto &p = call.params;
    const QString action = p.value(QStringLiteral("Action"));
    if (action.isEmpty())
        return refuse(100000006, QStringLiteral("Action is empty"));
    const std::optional<RunAction> run =
        action == actionWireName(RunAction::Stop)    ? std::optional(RunAction::Stop)
        : action == actionWireName(RunAction::Start) ? std::optional(RunAction::Start)
                                                     : std::nullopt;
    const bool list = action == QLatin1String(kListAction);
    if (!run && !list)
        return refuse(100000007, QStringLiteral("Action is not supported"));
    if (auto refused = checkPublicParams(call))
        return *refused;
    if (auto refused = checkIdentity(call))
        return *refused;
    if (list)
        return listRoom(call);
    const qint64 serverNow = m_clock->wallSecs() + m_config.clockOffsetSecs;
    if (double(call.callsInWindow) > m_config.rateLimit)
        return refuse(6, QStringLiteral("request too frequent"));
    const auto vendor = vendorFromString(p.value(QStringLiteral("Vendor")));
    if (!vendor || vendorWireName(*vendor) != p.value(QStringLiteral("Vendor")))
        return refuse(2, QStringLiteral("Vendor is invalid"));
    if (call.ids.isEmpty())
        return refuse(2, QStringLiteral("StreamId is empty"));
    qint64 endTime = 0;
    if (*run == RunAction::Start) {
        // Later than now, at most now + 24 h, as ZEGO documents.
        bool ok = false;
        endTime = p.value(QStringLiteral("EndTime")).toLongLong(&ok);
        if (!ok)
            return refuse(2, QStringLiteral("EndTime is missing or not a number"));
        if (endTime <= serverNow || endTime > serverNow + kMaxRecordSecs)
            return refuse(2, QStringLiteral("EndTime must be later than now and at most "
                                            "24 hours from now"));
    }
    if (m_config.vendor && *m_config.vendor != *vendor)
        return refuse(4, QStringLiteral("CDN type mismatch"));
    return respond(*run, endTime, *vendor, call.ids, *call.query);
}

bool SimGateway::isRecording(const QString &streamId) const
{
    const auto it = m_recordingUntil.constFind(streamId);
    if (it == m_recordingUntil.cend())
        return true; // every stream records until something stops it
    return *it > m_clock->wallSecs() + m_config.clockOffsetSecs;
}

qint64 SimGateway::recordingUntil(const QString &streamId) const
{
    return isRecording(streamId) ? m_recordingUntil.value(streamId, -1) : 0;
}

std::optional<SimAnswer> SimGateway::callFault(const QStringList &ids, int *delayMs, bool *echo)
{
    int n = 0;
    for (const QString &id : ids) {
        if (id.startsWith(QLatin1String("bad-")))
            return refuse(2, QStringLiteral("input parameter error"), QStringLiteral("bad"));
        if (id.startsWith(QLatin1String("expired-")))
            return refuse(100000004, QStringLiteral("signature expired"),
                          QStringLiteral("expired"));
        if (id.startsWith(QLatin1String("trickle-")) ||
            id.startsWith(QLatin1String("blackhole-"))) {
            SimAnswer a;
            const bool trickle = id.startsWith(QLatin1String("trickle-"));
            a.action = trickle ? SimAnswer::Action::Trickle : SimAnswer::Action::Blackhole;
            a.fault = trickle ? QStringLiteral("trickle") : QStringLiteral("blackhole");
            return a;
        }
        *echo = *echo || id.startsWith(QLatin1String("echo-"));
        if (prefixed(id, "busy", &n) && timesSeen(id) <= n)
            return refuse(6, QStringLiteral("request too frequent"), QStringLiteral("busy"));
        if (prefixed(id, "reset", &n) && timesSeen(id) <= n) {
            SimAnswer a;
            a.action = SimAnswer::Action::Reset;
            a.fault = QStringLiteral("reset");
            return a;
        }
        for (const auto &[name, status, reason] :
             {std::tuple{"e500x", 500, "Internal Server Error"},
              std::tuple{"e502x", 502, "Bad Gateway"}}) {
            if (prefixed(id, name, &n) && timesSeen(id) <= n) {
                SimAnswer a;
                a.httpStatus = status;
                a.contentType = "text/html";
                a.body = htmlPage(status, reason);
                a.date = httpDate();
                a.fault = QString::fromLatin1(name);
                return a;
            }
        }
        if (prefixed(id, "slow", &n))
            *delayMs = qMax(*delayMs, n);
    }
    return std::nullopt;
}

SimAnswer SimGateway::respond(RunAction action, qint64 endTime, Vendor vendor,
                              const QStringList &ids, const QList<QPair<QString, QString>> &query)
{
    // Faults of the whole call first, in the order the README lists them.
    int delayMs = 0;
    bool echo = false;
    if (auto fault = callFault(ids, &delayMs, &echo))
        return *fault;

    const QString callRequestId = requestId();
    VendorList list(vendor, callRequestId);
    BodyFaults faults;
    for (const QString &id : ids) {
        faults.note(id);
        if (id.startsWith(QLatin1String("missing-")))
            continue;
        int failCode = requestedFailure(id);
        // As a vendor: stopping what does not record, or starting what does, is refused.
        const bool recording = isRecording(id);
        if (!failCode && action == RunAction::Stop && !recording)
            failCode = kNotRecording;
        if (!failCode && action == RunAction::Start && recording)
            failCode = kAlreadyRecording;
        list.add(id, failCode);
        if (!failCode) {
            m_recordingUntil.insert(id, action == RunAction::Start ? endTime : 0);
            ++(action == RunAction::Start ? m_streamsStarted : m_streamsStopped);
        }
        if (id.startsWith(QLatin1String("extra-")))
            list.add(QString(id + QStringLiteral("-ghost")), 0);
    }

    QJsonObject top;
    top.insert(QStringLiteral("Code"), 0);
    top.insert(QStringLiteral("Message"), QStringLiteral("success"));
    top.insert(QStringLiteral("RequestId"), callRequestId);
    top.insert(QStringLiteral("Data"), list.data());
    if (echo)
        top = echoed(query, top);

    SimAnswer a;
    a.date = httpDate();
    a.delayMs = delayMs;
    a.body = json(top);
    if (delayMs)
        a.fault = QStringLiteral("slow");
    if (echo)
        a.fault = QStringLiteral("echo");
    faults.apply(a);
    return a;
}

// A careless gateway that echoes the request, signature, secret and all.
QJsonObject SimGateway::echoed(const QList<QPair<QString, QString>> &query, QJsonObject top) const
{
    QStringList pairs;
    QString signature;
    for (const auto &kv : query) {
        pairs.append(kv.first + QLatin1Char('=') + kv.second);
        if (kv.first == QLatin1String("Signature"))
            signature = kv.second;
    }
    const QString full = pairs.join(QLatin1Char('&'));
    const QString callRequestId = top.value(QStringLiteral("RequestId")).toString();
    top.insert(QStringLiteral("Message"), full);
    top.insert(QStringLiteral("RequestId"), QString(callRequestId + QLatin1Char('-') + signature));
    QJsonObject e;
    e.insert(QStringLiteral("Query"), full);
    e.insert(QStringLiteral("Signature"), signature);
    e.insert(QStringLiteral("Sig"), signature);
    e.insert(QStringLiteral("ServerSecret"), m_config.secret);
    e.insert(QStringLiteral("Note"), QString(QStringLiteral("secret ") + m_config.secret));
    top.insert(QStringLiteral("Echo"), e);
    return top;
}

void SimGateway::callOpened()
{
    ++m_inFlight;
    m_maxInFlight = qMax(m_maxInFlight, m_inFlight);
}

void SimGateway::callClosed()
{
    m_inFlight = qMax<qint64>(0, m_inFlight - 1);
}

SimAnswer SimGateway::listRoom(const Call &call)
{
    const qint64 nowNs = m_clock->monotonicNs();
    if (double(call.callsInWindow) > m_config.listRateLimit) {
        ++m_listCode6;
        return refuse(6, QStringLiteral("request too frequent"), QStringLiteral("list-rate"));
    }
    if (!call.params.contains(QStringLiteral("RoomId")) ||
        call.params.value(QStringLiteral("RoomId")).isEmpty())
        return refuse(2, QStringLiteral("RoomId is empty"));
    const QString room = call.params.value(QStringLiteral("RoomId"));
    const QString roomKey = call.params.value(QStringLiteral("AppId")) + QLatin1Char('/') + room;
    // Counted for stats() up to a bound: a flood of made-up rooms costs no memory.
    if (m_roomCalls.size() < kMaxCountedRooms || m_roomCalls.contains(room))
        ++m_roomCalls[room];
    if (m_roomCalledNs.size() > m_roomPruneAt) {
        // A room whose last call is older than the interval limits nothing any more.
        const qint64 interval = qint64(m_config.roomIntervalMs) * kMsNs;
        m_roomCalledNs.removeIf(
            [nowNs, interval](const auto &it) { return nowNs - it.value() >= interval; });
        m_roomPruneAt = qMax<qsizetype>(1024, 2 * m_roomCalledNs.size());
    }
    const auto last = m_roomCalledNs.constFind(roomKey);
    if (last != m_roomCalledNs.cend() && nowNs - *last < qint64(m_config.roomIntervalMs) * kMsNs) {
        ++m_roomCode6;
        return refuse(6, QStringLiteral("request too frequent"), QStringLiteral("room-rate"));
    }
    m_roomCalledNs.insert(roomKey, nowNs);
    // r154-...: code 154 every time; r154x<N>-...: the first N times.
    int n = 0;
    if (room.startsWith(QLatin1String("r154-")) ||
        (prefixed(room, "r154x", &n) && timesSeen(QStringLiteral("room:") + room) <= n)) {
        ++m_code154;
        return refuse(154, QStringLiteral("get stream list failed"), QStringLiteral("r154"));
    }
    const qint64 created = m_clock->wallSecs() + m_config.clockOffsetSecs - kStreamAgeSecs;
    QJsonArray list;
    const QStringList streams = m_config.rooms.value(room);
    for (qsizetype i = 0; i < streams.size(); ++i) {
        QJsonObject e;
        e.insert(QStringLiteral("StreamId"), streams.at(i));
        e.insert(QStringLiteral("UserId"), QStringLiteral("user-%1").arg(i + 1));
        e.insert(QStringLiteral("UserName"), QStringLiteral("User %1").arg(i + 1));
        e.insert(QStringLiteral("CreateTime"), created + i);
        e.insert(QStringLiteral("StreamNumberId"), qint64(i + 1));
        list.append(e);
    }
    QJsonObject data;
    data.insert(QStringLiteral("StreamList"), list);
    QJsonObject top;
    top.insert(QStringLiteral("Code"), 0);
    top.insert(QStringLiteral("Message"), QStringLiteral("success"));
    top.insert(QStringLiteral("RequestId"), requestId());
    top.insert(QStringLiteral("Data"), data);
    SimAnswer a;
    a.date = httpDate();
    a.body = json(top);
    return a;
}

bool SimGateway::parseRooms(const QByteArray &text, QHash<QString, QStringList> *rooms,
                            QString *error)
{
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = pe.error != QJsonParseError::NoError
                     ? QStringLiteral("not valid JSON: %1").arg(pe.errorString())
                     : QStringLiteral("expected a JSON object {\"room\": [\"stream\", ...]}");
        return false;
    }
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isArray()) {
            *error = QStringLiteral("room %1: expected an array of stream IDs").arg(it.key());
            return false;
        }
        QStringList streams;
        for (const QJsonValue &v : it.value().toArray()) {
            if (!v.isString() || v.toString().isEmpty()) {
                *error = QStringLiteral("room %1: every stream ID must be a non-empty string")
                             .arg(it.key());
                return false;
            }
            streams.append(v.toString());
        }
        rooms->insert(it.key(), streams);
    }
    return true;
}

QHash<QString, QStringList> SimGateway::practiceRooms()
{
    return {
        {QStringLiteral("8842"),
         {QStringLiteral("room8842_host"), QStringLiteral("room8842_guest1"),
          QStringLiteral("room8842_guest2")}},
        {QStringLiteral("class-101"),
         {QStringLiteral("class101_teacher"), QStringLiteral("class101_screen")}},
        {QStringLiteral("直播间 7"), {QStringLiteral("live7_main")}},
        {QStringLiteral("empty-room"), {}},
        {QStringLiteral("r154x1-flaky"), {QStringLiteral("flaky_stream")}},
    };
}

QJsonObject SimGateway::stats() const
{
    QJsonObject o;
    o.insert(QStringLiteral("calls"), m_calls);
    o.insert(QStringLiteral("maxCallsInAnySecond"), m_maxInWindow);
    o.insert(QStringLiteral("code6"), m_code6);
    o.insert(QStringLiteral("streamsStopped"), m_streamsStopped);
    o.insert(QStringLiteral("streamsStarted"), m_streamsStarted);
    o.insert(QStringLiteral("inFlight"), m_inFlight);
    o.insert(QStringLiteral("maxInFlight"), m_maxInFlight);
    o.insert(QStringLiteral("listCalls"), m_listCalls);
    o.insert(QStringLiteral("maxListCallsInAnySecond"), m_maxListInWindow);
    o.insert(QStringLiteral("listCode6"), m_listCode6);
    o.insert(QStringLiteral("roomCode6"), m_roomCode6);
    o.insert(QStringLiteral("code154"), m_code154);
    QJsonObject rooms;
    for (auto it = m_roomCalls.cbegin(); it != m_roomCalls.cend(); ++it)
        rooms.insert(it.key(), it.value());
    o.insert(QStringLiteral("roomCalls"), rooms);

    return o;
}

} // namespace cdnrec
