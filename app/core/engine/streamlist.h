// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "callrequest.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace cdnrec {

// One stream a room publishes now, as DescribeSimpleStreamList lists it.
struct ListedStream
{
    QString streamId; // the ID StopCDNRecord takes
    QString userId;   // who publishes it (empty when the answer did not say)
    QString userName;
    qint64 createTime = 0; // Unix seconds (an answer in milliseconds is read as seconds); 0: unsaid
    qint64 streamNumberId = 0; // the room's numeric ID of the stream; 0: unsaid

    bool operator==(const ListedStream &o) const
    {
        return streamId == o.streamId && userId == o.userId && userName == o.userName &&
               createTime == o.createTime && streamNumberId == o.streamNumberId;
    }
};

// Builds DescribeSimpleStreamList URLs: one room per call, the RoomId encoded as stream IDs are
// (CallRequest::encoded), the public parameters as every call carries them.
class StreamListRequest final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::StreamListRequest)
public:
    static constexpr const char *Action = "DescribeSimpleStreamList";
    // Room IDs are chosen by the customer's app; a longer one is not one (a pasted file).
    static constexpr int MaxRoomIdBytes = 512;

    // Empty when the room ID can be sent; otherwise why not, in a sentence: empty, only spaces,
    // control characters, or longer than MaxRoomIdBytes of UTF-8.
    static QString checkRoomId(const QString &roomId);
    static QUrl url(const QUrl &endpoint, const QString &roomId, const PublicParams &params);
};

// One DescribeSimpleStreamList answer, read. Never throws, never trusts: a body that is not the
// documented JSON is Malformed with a sentence naming what was wrong. A list is given only when
// the answer is whole: Code 0 and a Data.StreamList whose every entry has a StreamId (an entry
// without one would leave a stream of the room out of a stop, unseen). An empty list (or null,
// as a Go server writes an empty one) is an answer: the room publishes nothing now.
class StreamListReply final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::StreamListReply)
public:
    enum class Kind
    {
        Answered,  // JSON with a numeric top-level Code (success or not)
        HttpError, // HTTP status outside 2xx and no ZEGO answer in the body
        Malformed, // no usable answer: not JSON, wrong types, missing fields
    };
    // DescribeSimpleStreamList's own code: the list could not be read (retry).
    static constexpr qint64 CodeListFailed = 154;
    static constexpr qsizetype MaxBodyBytes = 1024 * 1024;

    static StreamListReply parse(int httpStatus, const QByteArray &body);

    Kind kind = Kind::Malformed;
    int httpStatus = 0;
    bool hasCode = false;
    qint64 code = -1;            // the top-level Code when hasCode
    QString message;             // the top-level Message
    QString requestId;           // ZEGO's RequestId
    QString error;               // what was wrong, for HttpError and Malformed
    QList<ListedStream> streams; // Code 0 only; a stream listed twice is given once
    QStringList notes;           // what was odd but harmless (a duplicate, a field of another type)

    bool isSuccess() const { return kind == Kind::Answered && code == 0; }
    // Worth asking again: code 154, 6 and the gateway's transient codes, HTTP 429 and 5xx.
    bool isRetryable() const;
    // The answer in one sentence, for the operator: the code's meaning and advice, or the error.
    QString describe() const;
    // A code's meaning: 154 here, the others as ReturnCodes has them.
    static QString codeMeaning(qint64 code);
};

} // namespace cdnrec
