// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamlist.h"

#include <engine/jsonvalue.h>

#include "returncodes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>

#include <cmath>

namespace cdnrec {

namespace {

// A CreateTime beyond this many seconds (year 5138) is in milliseconds.
constexpr double kMillisecondsFrom = 1e11;

// A text field that may be absent (empty) or a number (its digits); anything else is noted.
QString textField(const QJsonObject &o, const QString &key, const QString &where,
                  QStringList *notes)
{
    const QJsonValue v = o.value(key);
    if (v.isString())
        return v.toString();
    if (JsonValue::isWholeNumber(v))
        return QString::number(qint64(v.toDouble()));
    if (!v.isUndefined() && !v.isNull())
        notes->append(
            StreamListReply::tr("%1.%2 is %3, not read").arg(where, key, JsonValue::typeName(v)));
    return QString();
}

// A whole number that may be absent (0) or digits in a string; anything else is noted.
qint64 numberField(const QJsonObject &o, const QString &key, const QString &where,
                   QStringList *notes)
{
    const QJsonValue v = o.value(key);
    if (JsonValue::isWholeNumber(v))
        return qint64(v.toDouble());
    bool ok = false;
    const qint64 n = v.isString() ? v.toString().toLongLong(&ok) : 0;
    if (ok)
        return n;
    if (!v.isUndefined() && !v.isNull())
        notes->append(
            StreamListReply::tr("%1.%2 is %3, not read").arg(where, key, JsonValue::typeName(v)));
    return 0;
}

// One entry of Data.StreamList; false (and *error) when it names no stream.
bool readEntry(const QJsonValue &item, int index, ListedStream *s, QString *error,
               QStringList *notes)
{
    const QString where = QStringLiteral("Data.StreamList[%1]").arg(index);
    if (!item.isObject()) {
        *error = StreamListReply::tr("%1 is %2, expected an object")
                     .arg(where, JsonValue::typeName(item));
        return false;
    }
    const QJsonObject o = item.toObject();
    const QJsonValue id = o.value(QStringLiteral("StreamId"));
    if (!id.isString() || id.toString().isEmpty()) {
        *error = id.isString() ? StreamListReply::tr("%1.StreamId is empty").arg(where)
                               : StreamListReply::tr("%1.StreamId is %2, expected a string")
                                     .arg(where, JsonValue::typeName(id));
        return false;
    }
    s->streamId = id.toString();
    s->userId = textField(o, QStringLiteral("UserId"), where, notes);
    s->userName = textField(o, QStringLiteral("UserName"), where, notes);
    s->createTime = numberField(o, QStringLiteral("CreateTime"), where, notes);
    if (double(s->createTime) >= kMillisecondsFrom)
        s->createTime /= 1000;
    s->streamNumberId = numberField(o, QStringLiteral("StreamNumberId"), where, notes);
    return true;
}

// Data.StreamList of an answer whose Code is 0; false (and r.error) when it is not whole.
bool readList(const QJsonObject &top, StreamListReply &r)
{
    const QJsonValue data = top.value(QStringLiteral("Data"));
    if (!data.isObject()) {
        r.error =
            StreamListReply::tr("Data is %1, expected an object").arg(JsonValue::typeName(data));
        return false;
    }
    const QJsonValue list = data.toObject().value(QStringLiteral("StreamList"));
    if (list.isNull())
        return true; // an empty list, as a Go server writes one
    if (!list.isArray()) {
        r.error = StreamListReply::tr("Data.StreamList is %1, expected an array")
                      .arg(JsonValue::typeName(list));
        return false;
    }
    const QJsonArray items = list.toArray();
    QSet<QString> seen;
    for (int i = 0; i < items.size(); ++i) {
        ListedStream s;
        if (!readEntry(items.at(i), i, &s, &r.error, &r.notes)) {
            r.streams.clear();
            return false;
        }
        if (seen.contains(s.streamId)) {
            r.notes.append(StreamListReply::tr("stream %1 is listed twice").arg(s.streamId));
            continue;
        }
        seen.insert(s.streamId);
        r.streams.append(s);
    }
    return true;
}

QString httpText(int status)
{
    return status > 0 ? StreamListReply::tr("HTTP %1").arg(status)
                      : StreamListReply::tr("no HTTP status");
}

// The body as a JSON object, or why not (and then the kind it makes the answer).
bool readTop(int httpStatus, const QByteArray &body, QJsonObject *top, StreamListReply &r)
{
    const bool httpOk = httpStatus >= 200 && httpStatus < 300;
    if (body.size() > StreamListReply::MaxBodyBytes) {
        r.error = StreamListReply::tr("the answer is too large (%1 bytes, at most %2 are read)")
                      .arg(body.size())
                      .arg(StreamListReply::MaxBodyBytes);
        return false;
    }
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        r.kind = httpOk ? StreamListReply::Kind::Malformed : StreamListReply::Kind::HttpError;
        if (!httpOk)
            r.error = QStringLiteral("%1: %2").arg(httpText(httpStatus), JsonValue::excerpt(body));
        else if (body.trimmed().isEmpty())
            r.error = StreamListReply::tr("the answer is empty (%1)").arg(httpText(httpStatus));
        else if (pe.error != QJsonParseError::NoError)
            r.error = StreamListReply::tr("the answer is not valid JSON (%1 at byte %2); it "
                                          "begins: %3")
                          .arg(pe.errorString())
                          .arg(pe.offset)
                          .arg(JsonValue::excerpt(body));
        else
            r.error = StreamListReply::tr("the answer is not a JSON object");
        return false;
    }
    if (const QString key = JsonValue::repeatedKey(body); !key.isNull()) {
        // {"Code":6,"Code":0} would read as the last one: an ambiguous answer lists nothing.
        r.kind = httpOk ? StreamListReply::Kind::Malformed : StreamListReply::Kind::HttpError;
        r.error = StreamListReply::tr("the answer gives the key “%1” twice in one object: it is "
                                      "ambiguous, so none of it is taken as a list")
                      .arg(key);
        return false;
    }
    *top = doc.object();
    return true;
}

} // namespace

QString StreamListRequest::checkRoomId(const QString &roomId)
{
    if (roomId.isEmpty())
        return tr("the room ID is empty");
    if (roomId.trimmed().isEmpty())
        return tr("the room ID is only spaces");
    for (const QChar c : roomId) {
        if (c.category() == QChar::Other_Control || c == QChar(0x2028) || c == QChar(0x2029))
            return tr("the room ID contains a control character (U+%1)")
                .arg(int(c.unicode()), 4, 16, QLatin1Char('0'));
    }
    if (roomId.toUtf8().size() > MaxRoomIdBytes)
        return tr("the room ID is longer than %1 bytes").arg(MaxRoomIdBytes);
    return QString();
}

QUrl StreamListRequest::url(const QUrl &endpoint, const QString &roomId, const PublicParams &params)
{
    QUrl url = endpoint.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (url.path().isEmpty())
        url.setPath(QStringLiteral("/"));
    QByteArray q = QByteArrayLiteral("Action=") + Action;
    q += "&RoomId=" + CallRequest::encoded(roomId);
    q += CallRequest::publicParamsQuery(params);
    // Fully percent-encoded already: TolerantMode has nothing to correct (as CallRequest::url).
    url.setQuery(QString::fromLatin1(q), QUrl::TolerantMode);
    return url;
}

StreamListReply StreamListReply::parse(int httpStatus, const QByteArray &body)
{
    StreamListReply r;
    r.httpStatus = httpStatus;
    QJsonObject top;
    if (!readTop(httpStatus, body, &top, r))
        return r;
    const QJsonValue code = top.value(QStringLiteral("Code"));
    if (!JsonValue::isWholeNumber(code)) {
        const bool httpOk = httpStatus >= 200 && httpStatus < 300;
        r.kind = httpOk ? Kind::Malformed : Kind::HttpError;
        r.error =
            httpOk ? tr("Code is %1, expected a whole number").arg(JsonValue::typeName(code))
                   : QStringLiteral("%1: %2").arg(httpText(httpStatus), JsonValue::excerpt(body));
        return r;
    }
    r.hasCode = true;
    r.code = qint64(code.toDouble());
    r.message = top.value(QStringLiteral("Message")).toString();
    const QJsonValue requestId = top.value(QStringLiteral("RequestId"));
    r.requestId = JsonValue::isWholeNumber(requestId)
                      ? QString::number(qint64(requestId.toDouble()))
                      : requestId.toString();
    r.kind = Kind::Answered;
    if (r.code == 0 && !readList(top, r)) {
        r.kind = Kind::Malformed;
        r.hasCode = false;
    }
    return r;
}

bool StreamListReply::isRetryable() const
{
    if (kind == Kind::HttpError)
        return httpStatus == 429 || httpStatus >= 500;
    if (kind != Kind::Answered)
        return false;
    return code == CodeListFailed || code == 6 ||
           (code != 0 && ReturnCodes::lookup(code).retryable);
}

QString StreamListReply::codeMeaning(qint64 code)
{
    if (code == CodeListFailed)
        return tr("ZEGO could not get the room's stream list (code 154). Retried; if it "
                  "persists, contact ZEGO support.");
    const CodeInfo info = ReturnCodes::lookup(code);
    return info.advice.isEmpty() ? info.meaning : info.meaning + QLatin1Char(' ') + info.advice;
}

QString StreamListReply::describe() const
{
    if (kind != Kind::Answered)
        return error;
    if (code == 0)
        return tr("%n stream(s) listed", nullptr, int(streams.size()));
    return codeMeaning(code);
}

} // namespace cdnrec
