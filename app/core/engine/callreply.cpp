// SPDX-License-Identifier: GPL-3.0-or-later
#include "callreply.h"

#include <engine/jsonvalue.h>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <optional>
#include <vector>

namespace cdnrec {

namespace {

// What one vendor entry said about one stream.
struct Entry
{
    QString streamId;
    bool success = false;
    QString code;
    QString message;
    QString vendorRequestId;
};

QString httpReason(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 504:
        return QStringLiteral("Gateway Timeout");
    default:
        return QString();
    }
}

QString messageText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isNull() || v.isUndefined())
        return QString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    // Ws documents msg as "object": keep whatever it is, as compact JSON.
    const QJsonDocument doc =
        v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

QString idText(const QJsonValue &v)
{
    if (v.isDouble())
        return QString::number(v.toDouble(), 'f', 0);
    return v.isString() ? v.toString() : QString();
}

// Reads one Tencent / Huawei array item; returns false with a reason when it is unusable.
bool readTencentOrHuawei(const QJsonValue &item, Vendor vendor, int index, Entry *entry,
                         QString *problem)
{
    // Only a problem needs the location spelled out: building it for every entry costs more
    // than the JSON parse itself.
    const auto where = [&] {
        return QStringLiteral("Data.%1[%2]").arg(vendorWireName(vendor)).arg(index);
    };
    if (!item.isObject()) {
        *problem =
            CallReply::tr("%1 is %2, expected an object").arg(where(), JsonValue::typeName(item));
        return false;
    }
    // One walk over the keys: QJsonObject::value() costs more than the JSON parse per key.
    QJsonValue name(QJsonValue::Undefined);
    QJsonValue code(QJsonValue::Undefined);
    const QJsonObject o = item.toObject();
    for (auto it = o.constBegin(), end = o.constEnd(); it != end; ++it) {
        const QString key = it.key();
        if (key == QLatin1String("StreamName"))
            name = it.value();
        else if (key == QLatin1String("Code"))
            code = it.value();
        else if (key == QLatin1String("Message"))
            entry->message = messageText(it.value());
        else if (key == QLatin1String("RequestId"))
            entry->vendorRequestId = idText(it.value());
    }
    if (!name.isString()) {
        *problem = CallReply::tr("%1.StreamName is %2, expected a string")
                       .arg(where(), JsonValue::typeName(name));
        return false;
    }
    entry->streamId = name.toString();
    if (vendor == Vendor::Tencent) {
        // Tencent's per-stream Code is a STRING; "" is success.
        if (!code.isString()) {
            *problem = CallReply::tr("%1.Code is %2, expected a string")
                           .arg(where(), JsonValue::typeName(code));
            return false;
        }
        entry->code = code.toString();
        entry->success = entry->code.isEmpty();
    } else {
        // Huawei's per-stream Code is a NUMBER; 0 is success.
        if (!JsonValue::isWholeNumber(code)) {
            *problem = CallReply::tr("%1.Code is %2, expected a whole number")
                           .arg(where(), JsonValue::typeName(code));
            return false;
        }
        const qint64 c = qint64(code.toDouble());
        entry->code = QString::number(c);
        entry->success = c == 0;
    }
    return true;
}

bool readWsItem(const QJsonValue &item, int index, const QString &traceId, Entry *entry,
                QString *problem)
{
    const auto where = [&] {
        return QStringLiteral("Data.Ws.list[%1]").arg(index);
    };
    if (!item.isObject()) {
        *problem =
            CallReply::tr("%1 is %2, expected an object").arg(where(), JsonValue::typeName(item));
        return false;
    }
    const QJsonObject o = item.toObject();
    const QJsonValue id = o.value(QLatin1String("id"));
    if (!id.isString()) {
        *problem =
            CallReply::tr("%1.id is %2, expected a string").arg(where(), JsonValue::typeName(id));
        return false;
    }
    const QJsonValue http = o.value(QLatin1String("http_code"));
    if (!JsonValue::isWholeNumber(http)) {
        *problem = CallReply::tr("%1.http_code is %2, expected a whole number")
                       .arg(where(), JsonValue::typeName(http));
        return false;
    }
    entry->streamId = id.toString();
    const qint64 c = qint64(http.toDouble());
    entry->code = QString::number(c);
    entry->success = c == 200;
    entry->message = messageText(o.value(QLatin1String("msg")));
    // Wangsu gives one trace_id for the whole call; persistentId names the file.
    entry->vendorRequestId = traceId;
    return true;
}

// The requested IDs, each once, in the order asked, and where each stands. A call carries 10 IDs
// by default: a scan beats hashing there; a hash is built only past kScanLimit.
class RequestOrder
{
public:
    explicit RequestOrder(const QStringList &requested)
    {
        m_order.reserve(requested.size());
        for (const QString &id : requested) {
            if (positionOf(id) >= 0)
                continue;
            m_order.append(id);
            if (m_order.size() <= kScanLimit)
                continue;
            if (m_index.isEmpty()) {
                for (qsizetype i = 0; i < m_order.size(); ++i)
                    m_index.insert(m_order.at(i), i);
            } else {
                m_index.insert(id, m_order.size() - 1);
            }
        }
    }
    qsizetype positionOf(const QString &id) const
    {
        if (m_order.size() <= kScanLimit && m_index.isEmpty())
            return m_order.indexOf(id);
        return m_index.value(id, -1);
    }
    const QStringList &ids() const { return m_order; }
    qsizetype size() const { return m_order.size(); }

private:
    static constexpr qsizetype kScanLimit = 16;
    QStringList m_order;
    QHash<QString, qsizetype> m_index;
};

// Every requested stream gets the same outcome, for answers about the whole call.
void setAllStreams(CallReply &r, const RequestOrder &order, StreamStatus status,
                   const QString &code, const QString &message)
{
    r.outcomes.clear();
    for (const QString &id : order.ids()) {
        StreamOutcome o;
        o.streamId = id;
        o.status = status;
        o.code = code;
        o.message = message;
        o.requestId = r.requestId;
        r.outcomes.append(o);
    }
}

CallReply noAnswer(CallReply &r, const RequestOrder &order, CallReply::Kind kind,
                   const QString &error)
{
    r.kind = kind;
    r.error = error;
    setAllStreams(r, order, StreamStatus::Unknown, QString(), error);
    return r;
}

QString httpText(int httpStatus)
{
    return QStringLiteral("HTTP %1 %2").arg(httpStatus).arg(httpReason(httpStatus)).trimmed();
}

// The status line, and what the body says unless it only repeats it (a stock error page's
// "500 Internal Server Error" would otherwise be said twice).
QString httpTextWith(int httpStatus, const QString &said)
{
    const QString status = httpText(httpStatus);
    QString rest = said.simplified();
    if (rest.startsWith(QString::number(httpStatus)))
        rest = rest.mid(QString::number(httpStatus).size()).trimmed();
    if (rest.isEmpty() || status.endsWith(rest, Qt::CaseInsensitive))
        return status;
    return CallReply::tr("%1: %2").arg(status, said);
}

// The body as a JSON object; otherwise r is finished (no answer) and nullopt is returned.
std::optional<QJsonObject> topObject(CallReply &r, const RequestOrder &order,
                                     const QByteArray &body, bool httpOk)
{
    using Kind = CallReply::Kind;
    const int httpStatus = r.httpStatus;
    if (body.size() > CallReply::MaxBodyBytes) {
        noAnswer(r, order, Kind::Malformed,
                 CallReply::tr("the answer is too large (%1 bytes, at most %2 are read)")
                     .arg(body.size())
                     .arg(CallReply::MaxBodyBytes));
        return std::nullopt;
    }
    if (body.trimmed().isEmpty()) {
        if (!httpOk)
            noAnswer(r, order, Kind::HttpError,
                     CallReply::tr("%1 with an empty body").arg(httpText(httpStatus)));
        else
            noAnswer(r, order, Kind::Malformed,
                     CallReply::tr("the answer is empty (%1)").arg(httpText(httpStatus)));
        return std::nullopt;
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (!httpOk)
            noAnswer(r, order, Kind::HttpError, httpTextWith(httpStatus, JsonValue::excerpt(body)));
        else
            noAnswer(r, order, Kind::Malformed,
                     CallReply::tr("the answer is not valid JSON (%1 at byte %2); it begins: %3")
                         .arg(parseError.errorString())
                         .arg(parseError.offset)
                         .arg(JsonValue::excerpt(body)));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        if (!httpOk)
            noAnswer(r, order, Kind::HttpError, httpTextWith(httpStatus, JsonValue::excerpt(body)));
        else
            noAnswer(r, order, Kind::Malformed,
                     CallReply::tr("the answer is a JSON array, expected an object"));
        return std::nullopt;
    }
    if (const QString key = JsonValue::repeatedKey(body); !key.isNull()) {
        noAnswer(r, order, httpOk ? Kind::Malformed : Kind::HttpError,
                 CallReply::tr("the answer gives the key “%1” twice in one object: it is "
                               "ambiguous, so none of it is taken as an outcome")
                     .arg(key));
        return std::nullopt;
    }
    return doc.object();
}

// Reads the top-level Code (and RequestId, Message); false when r is finished without one.
bool readTopCode(CallReply &r, const RequestOrder &order, const QJsonObject &top, bool httpOk)
{
    r.requestId = idText(top.value(QLatin1String("RequestId")));
    r.message = messageText(top.value(QLatin1String("Message")));
    const QJsonValue code = top.value(QLatin1String("Code"));
    if (!JsonValue::isWholeNumber(code)) {
        const QString what = CallReply::tr("the answer's Code is %1, expected a whole number")
                                 .arg(JsonValue::typeName(code));
        if (!httpOk)
            noAnswer(r, order, CallReply::Kind::HttpError,
                     CallReply::tr("%1 (%2)").arg(httpText(r.httpStatus), what));
        else
            noAnswer(r, order, CallReply::Kind::Malformed, what);
        return false;
    }
    r.hasCode = true;
    r.code = qint64(code.toDouble());
    r.kind = CallReply::Kind::Answered;
    return true;
}

// Data.Ws: its list's entries into entries, unreadable ones into problems; the reason there is
// no list, if there is none.
QString readWsData(const QJsonValue &v, QList<Entry> *entries, QStringList *problems)
{
    if (!v.isObject())
        return CallReply::tr("Data.Ws is %1, expected an object").arg(JsonValue::typeName(v));
    const QJsonObject ws = v.toObject();
    const QString traceId = idText(ws.value(QLatin1String("trace_id")));
    const QJsonValue list = ws.value(QLatin1String("list"));
    if (!list.isArray()) {
        const QString wsMsg = messageText(ws.value(QLatin1String("msg")));
        QString why =
            CallReply::tr("Data.Ws.list is %1, expected an array").arg(JsonValue::typeName(list));
        if (!wsMsg.isEmpty())
            why += QStringLiteral(" (Wangsu: %1)").arg(wsMsg);
        return why;
    }
    const QJsonArray items = list.toArray();
    for (int i = 0; i < items.size(); ++i) {
        Entry e;
        QString problem;
        if (readWsItem(items.at(i), i, traceId, &e, &problem))
            entries->append(e);
        else
            problems->append(problem);
    }
    return QString();
}

// Data.Tencent or Data.Huawei, as readWsData.
QString readArrayData(const QJsonValue &v, Vendor vendor, QList<Entry> *entries,
                      QStringList *problems)
{
    if (!v.isArray())
        return CallReply::tr("Data.%1 is %2, expected an array")
            .arg(vendorWireName(vendor), JsonValue::typeName(v));
    const QJsonArray items = v.toArray();
    for (int i = 0; i < items.size(); ++i) {
        Entry e;
        QString problem;
        if (readTencentOrHuawei(items.at(i), vendor, i, &e, &problem))
            entries->append(e);
        else
            problems->append(problem);
    }
    return QString();
}

// Data.<Vendor> of an answer with Code 0: the vendor's entries, or why there are none.
QString readVendorData(const QJsonObject &top, Vendor vendor, QList<Entry> *entries,
                       QStringList *problems)
{
    const QString key = vendorWireName(vendor);
    const QJsonValue data = top.value(QLatin1String("Data"));
    if (!data.isObject())
        return CallReply::tr("the answer has Code 0 but Data is %1").arg(JsonValue::typeName(data));
    const QJsonObject d = data.toObject();
    const QJsonValue v = d.value(key);
    if (v.isUndefined() || v.isNull()) {
        QStringList others;
        for (const QString &k : vendorWireNames()) {
            if (k != key && d.contains(k))
                others.append(QStringLiteral("Data.") + k);
        }
        return others.isEmpty()
                   ? CallReply::tr("the answer has no Data.%1").arg(key)
                   : CallReply::tr("the answer has %1 instead of Data.%2: is the vendor right?")
                         .arg(others.join(QStringLiteral(", ")), key);
    }
    if (vendor == Vendor::Ws)
        return readWsData(v, entries, problems);
    return readArrayData(v, vendor, entries, problems);
}

// Folds the vendor's entries into one outcome per requested stream (and extras for the others).
void foldEntries(CallReply &r, const RequestOrder &order, const QList<Entry> &entries)
{
    r.outcomes.resize(order.size());
    for (qsizetype i = 0; i < order.size(); ++i) {
        r.outcomes[i].streamId = order.ids().at(i);
        r.outcomes[i].status = StreamStatus::Unknown;
        r.outcomes[i].requestId = r.requestId;
    }
    QList<bool> seen(order.size(), false);
    QHash<QString, qsizetype> extraIndex;
    for (const Entry &e : entries) {
        StreamOutcome fresh;
        fresh.streamId = e.streamId;
        fresh.status = e.success ? StreamStatus::Succeeded : StreamStatus::Failed;
        fresh.code = e.code;
        fresh.message = e.message;
        fresh.vendorRequestId = e.vendorRequestId;
        fresh.requestId = r.requestId;

        const qsizetype at = order.positionOf(e.streamId);
        if (at < 0) {
            const auto x = extraIndex.constFind(e.streamId);
            if (x == extraIndex.constEnd()) {
                extraIndex.insert(e.streamId, r.extras.size());
                r.extras.append(fresh);
            }
            continue;
        }
        StreamOutcome &o = r.outcomes[at];
        if (!seen[at]) {
            seen[at] = true;
            o = fresh;
        } else if (o.status != fresh.status && o.status != StreamStatus::Unknown) {
            // The vendor answered twice for one stream and disagreed with itself.
            o.status = StreamStatus::Unknown;
            o.message = CallReply::tr("the vendor answered twice for this stream with different "
                                      "results (%1 / %2)")
                            .arg(o.code, fresh.code);
        }
    }
    for (qsizetype i = 0; i < order.size(); ++i) {
        if (!seen[i]) {
            StreamOutcome &o = r.outcomes[i];
            o.message = r.problems.isEmpty()
                            ? CallReply::tr("the vendor's answer left this stream out")
                            : CallReply::tr(
                                  "the vendor's answer left this stream out or was unreadable: %1")
                                  .arg(r.problems.join(QStringLiteral("; ")));
        }
    }
}

} // namespace

CallReply CallReply::parse(int httpStatus, const QByteArray &body, Vendor vendor,
                           const QStringList &requested)
{
    CallReply r;
    r.httpStatus = httpStatus;
    const bool httpOk = httpStatus >= 200 && httpStatus < 300;
    const RequestOrder order(requested);

    const std::optional<QJsonObject> top = topObject(r, order, body, httpOk);
    if (!top || !readTopCode(r, order, *top, httpOk))
        return r;
    if (r.code != 0) {
        // The whole call was refused: no stream was stopped by it.
        const QString msg =
            r.message.isEmpty() ? tr("refused with code %1").arg(r.code) : r.message;
        setAllStreams(r, order, StreamStatus::Failed, QString::number(r.code), msg);
        for (StreamOutcome &o : r.outcomes)
            o.codeIsZego = true;
        return r;
    }
    if (!httpOk) {
        // Code 0 under an error status is a contradiction: believe neither.
        r.kind = Kind::HttpError;
        r.error = tr("%1 with Code 0 in the body: not taken as success").arg(httpText(httpStatus));
        setAllStreams(r, order, StreamStatus::Unknown, QString(), r.error);
        return r;
    }

    // Success at the top: every stream's fate is in Data.<Vendor>.
    QList<Entry> entries;
    entries.reserve(order.size());
    const QString missingWhy = readVendorData(*top, vendor, &entries, &r.problems);
    if (!missingWhy.isEmpty()) {
        r.error = missingWhy;
        setAllStreams(r, order, StreamStatus::Unknown, QStringLiteral("0"), missingWhy);
        return r;
    }
    foldEntries(r, order, entries);
    return r;
}

} // namespace cdnrec
