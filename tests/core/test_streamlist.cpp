// SPDX-License-Identifier: GPL-3.0-or-later
// DescribeSimpleStreamList: the signed URL of a list call (odd room IDs arrive intact) and its
// reply in every shape (a list, an empty room, code 154, missing fields, malformed bodies).
#include "serverdecode.h"
#include <engine/signer.h>
#include <engine/streamlist.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace cdnrec;

namespace {

using test::serverDecode;
using test::valuesOf;

// ZEGO's published test vector (FACTS.md).
PublicParams params()
{
    PublicParams p;
    p.appId = 12345;
    p.nonce = QStringLiteral("4fd24687296dd9f3");
    p.timestamp = 1615186943;
    p.signature = Signer::signature(
        p.appId, p.nonce, QStringLiteral("9193cc662a4c0ec135ec71fb57194b38"), p.timestamp);
    return p;
}

const QUrl kEndpoint(QStringLiteral("https://rtc-api.zego.im"));

QByteArray answer(const QByteArray &list)
{
    return R"({"Code":0,"Message":"success","RequestId":"5885338326725063742","Data":{"StreamList":)" +
           list + "}}";
}

} // namespace

class TestStreamList : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void signedUrlCarriesEveryParameter();
    void oddRoomIdsSurviveAServer_data();
    void oddRoomIdsSurviveAServer();
    void roomIdsThatCanNeverBeSent_data();
    void roomIdsThatCanNeverBeSent();
    void readsTheDocumentedAnswer();
    void emptyRoomIsAnAnswer_data();
    void emptyRoomIsAnAnswer();
    void code154IsRetryable();
    void otherCodes_data();
    void otherCodes();
    void missingOrWrongFieldsAreClear_data();
    void missingOrWrongFieldsAreClear();
    void optionalFieldsMayBeMissing();
    void duplicatesListedOnce();
    void millisecondCreateTimes();
    void httpErrors();
    void mutatedAnswersNeverGiveHalfAList();
};

void TestStreamList::signedUrlCarriesEveryParameter()
{
    const QUrl url = StreamListRequest::url(kEndpoint, QStringLiteral("room_8842"), params());
    QCOMPARE(url.scheme(), QStringLiteral("https"));
    QCOMPARE(url.host(), QStringLiteral("rtc-api.zego.im"));
    QCOMPARE(url.path(), QStringLiteral("/"));
    const QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    QVERIFY2(query.startsWith("Action=DescribeSimpleStreamList&RoomId=room_8842&"),
             query.constData());
    const auto items = serverDecode(query);
    QCOMPARE(valuesOf(items, QStringLiteral("AppId")), QStringList{QStringLiteral("12345")});
    QCOMPARE(valuesOf(items, QStringLiteral("SignatureNonce")),
             QStringList{QStringLiteral("4fd24687296dd9f3")});
    QCOMPARE(valuesOf(items, QStringLiteral("Timestamp")),
             QStringList{QStringLiteral("1615186943")});
    // The published vector's signature: the list call is signed as every call is.
    QCOMPARE(valuesOf(items, QStringLiteral("Signature")),
             QStringList{QStringLiteral("43e5cfcca828314675f91b001390566a")});
    QCOMPARE(valuesOf(items, QStringLiteral("SignatureVersion")),
             QStringList{QStringLiteral("2.0")});
    QVERIFY(valuesOf(items, QStringLiteral("IsTest")).isEmpty());
    QVERIFY(valuesOf(items, QStringLiteral("Vendor")).isEmpty());
    QVERIFY(valuesOf(items, QStringLiteral("StreamId[]")).isEmpty());

    PublicParams test = params();
    test.isTest = true;
    const auto testItems = serverDecode(StreamListRequest::url(kEndpoint, QStringLiteral("r"), test)
                                            .query(QUrl::FullyEncoded)
                                            .toLatin1());
    QCOMPARE(valuesOf(testItems, QStringLiteral("IsTest")), QStringList{QStringLiteral("true")});
    // The redacted form hides the signature.
    QVERIFY(!CallRequest::redacted(url).contains(QLatin1String("43e5cfcc")));
}

void TestStreamList::oddRoomIdsSurviveAServer_data()
{
    QTest::addColumn<QString>("room");
    QTest::newRow("ampersand") << QStringLiteral("a&Action=StopCDNRecord");
    QTest::newRow("hash") << QStringLiteral("room#1");
    QTest::newRow("percent") << QStringLiteral("100%25off%");
    QTest::newRow("plus") << QStringLiteral("a+b");
    QTest::newRow("space") << QStringLiteral("my room");
    QTest::newRow("equals and semicolon") << QStringLiteral("k=v;x");
    QTest::newRow("CJK") << QStringLiteral("直播间 8842");
    QTest::newRow("all at once") << QStringLiteral("&#%+ 房间=;?/");
}

void TestStreamList::oddRoomIdsSurviveAServer()
{
    QFETCH(QString, room);
    QVERIFY(StreamListRequest::checkRoomId(room).isEmpty());
    const QUrl url = StreamListRequest::url(kEndpoint, room, params());
    const QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    // Nothing outside the unreserved set is left bare in the value.
    const QByteArray value = query.mid(query.indexOf("RoomId=") + 7).split('&').first();
    for (const char c : value)
        QVERIFY2(QByteArrayLiteral("-_.~%").contains(c) || QChar::isLetterOrNumber(uchar(c)),
                 value.constData());
    const auto items = serverDecode(query);
    QCOMPARE(valuesOf(items, QStringLiteral("RoomId")), QStringList{room});
    QCOMPARE(valuesOf(items, QStringLiteral("Action")),
             QStringList{QStringLiteral("DescribeSimpleStreamList")});
    // Qt's own reading of the URL agrees.
    QCOMPARE(QUrl::fromPercentEncoding(value), room);
}

void TestStreamList::roomIdsThatCanNeverBeSent_data()
{
    QTest::addColumn<QString>("room");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("spaces") << QStringLiteral("   ") << QStringLiteral("only spaces");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("control character");
    QTest::newRow("escape") << QStringLiteral("a\x1b[31m") << QStringLiteral("control character");
    QTest::newRow("NUL") << QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b"))
                         << QStringLiteral("control character");
    QTest::newRow("too long") << QString(600, QLatin1Char('r')) << QStringLiteral("longer than");
}

void TestStreamList::roomIdsThatCanNeverBeSent()
{
    QFETCH(QString, room);
    QFETCH(QString, says);
    const QString why = StreamListRequest::checkRoomId(room);
    QVERIFY2(why.contains(says), qPrintable(why));
}

void TestStreamList::readsTheDocumentedAnswer()
{
    const QByteArray body =
        answer(R"([{"StreamId":"stream_demo","UserId":"user_demo",)"
               R"("UserName":"user_name_demo","CreateTime":1646795254,)"
               R"("StreamNumberId":1},{"StreamId":"s2","UserId":"u2",)"
               R"("UserName":"张三","CreateTime":1646795300,"StreamNumberId":2}])");
    const StreamListReply r = StreamListReply::parse(200, body);
    QVERIFY2(r.isSuccess(), qPrintable(r.error));
    QCOMPARE(r.requestId, QStringLiteral("5885338326725063742"));
    QCOMPARE(r.streams.size(), 2);
    const ListedStream &s = r.streams.first();
    QCOMPARE(s.streamId, QStringLiteral("stream_demo"));
    QCOMPARE(s.userId, QStringLiteral("user_demo"));
    QCOMPARE(s.userName, QStringLiteral("user_name_demo"));
    QCOMPARE(s.createTime, 1646795254);
    QCOMPARE(s.streamNumberId, 1);
    QCOMPARE(r.streams.at(1).userName, QStringLiteral("张三"));
    QVERIFY(r.notes.isEmpty());
    QVERIFY(!r.isRetryable());
}

void TestStreamList::emptyRoomIsAnAnswer_data()
{
    QTest::addColumn<QByteArray>("list");
    QTest::newRow("empty array") << QByteArray("[]");
    QTest::newRow("null (Go's empty slice)") << QByteArray("null");
}

void TestStreamList::emptyRoomIsAnAnswer()
{
    QFETCH(QByteArray, list);
    const StreamListReply r = StreamListReply::parse(200, answer(list));
    QVERIFY2(r.isSuccess(), qPrintable(r.error));
    QVERIFY(r.streams.isEmpty());
    QVERIFY(r.error.isEmpty());
}

void TestStreamList::code154IsRetryable()
{
    const StreamListReply r = StreamListReply::parse(
        200, R"({"Code":154,"Message":"get stream list failed","RequestId":"1"})");
    QCOMPARE(r.kind, StreamListReply::Kind::Answered);
    QCOMPARE(r.code, 154);
    QVERIFY(!r.isSuccess());
    QVERIFY(r.isRetryable());
    QVERIFY(r.streams.isEmpty());
    QVERIFY2(r.describe().contains(QLatin1String("154")), qPrintable(r.describe()));
}

void TestStreamList::otherCodes_data()
{
    QTest::addColumn<qint64>("code");
    QTest::addColumn<bool>("retryable");
    QTest::newRow("6 too frequent") << qint64(6) << true;
    QTest::newRow("7 auth") << qint64(7) << false;
    QTest::newRow("100000005 signature") << qint64(100000005) << false;
    QTest::newRow("2 input") << qint64(2) << false;
    QTest::newRow("unknown") << qint64(987654) << false;
}

void TestStreamList::otherCodes()
{
    QFETCH(qint64, code);
    QFETCH(bool, retryable);
    const StreamListReply r = StreamListReply::parse(
        200, QByteArray(R"({"Code":)" + QByteArray::number(code) + R"(,"Message":"m"})"));
    QCOMPARE(r.kind, StreamListReply::Kind::Answered);
    QCOMPARE(r.code, code);
    QCOMPARE(r.isRetryable(), retryable);
    QVERIFY(!r.describe().isEmpty());
}

void TestStreamList::missingOrWrongFieldsAreClear_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("says");
    QTest::newRow("not JSON") << QByteArray("<html>nope</html>")
                              << QStringLiteral("not valid JSON");
    QTest::newRow("truncated") << answer(R"([{"StreamId":"a")").left(40)
                               << QStringLiteral("not valid JSON");
    QTest::newRow("empty body") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
    QTest::newRow("no Code") << QByteArray(R"({"Data":{"StreamList":[]}})")
                             << QStringLiteral("Code is missing");
    QTest::newRow("Code string") << QByteArray(R"({"Code":"0","Data":{"StreamList":[]}})")
                                 << QStringLiteral("Code is a string");
    QTest::newRow("no Data") << QByteArray(R"({"Code":0,"Message":"success"})")
                             << QStringLiteral("Data is missing");
    // A key twice in one object: QJsonDocument keeps the last, so {"Code":154,"Code":0} would
    // read as a list; as for stop answers (test_callreply), it is ambiguous and lists nothing.
    QTest::newRow("Code twice") << QByteArray(R"({"Code":154,"Code":0,"Data":{"StreamList":[]}})")
                                << QStringLiteral("“Code” twice");
    QTest::newRow("StreamId twice")
        << answer(R"([{"StreamId":"a","StreamId":"b"}])") << QStringLiteral("“StreamId” twice");
    QTest::newRow("Data array") << QByteArray(R"({"Code":0,"Data":[]})")
                                << QStringLiteral("Data is an array");
    QTest::newRow("no StreamList")
        << QByteArray(R"({"Code":0,"Data":{}})") << QStringLiteral("Data.StreamList is missing");
    QTest::newRow("StreamList object")
        << answer("{}") << QStringLiteral("Data.StreamList is an object");
    QTest::newRow("entry a string")
        << answer(R"(["s1"])") << QStringLiteral("Data.StreamList[0] is a string");
    QTest::newRow("entry without StreamId")
        << answer(R"([{"StreamId":"a"},{"UserId":"u"}])")
        << QStringLiteral("Data.StreamList[1].StreamId is missing");
    QTest::newRow("StreamId a number") << answer(R"([{"StreamId":5}])")
                                       << QStringLiteral("Data.StreamList[0].StreamId is a number");
    QTest::newRow("StreamId empty")
        << answer(R"([{"StreamId":""}])") << QStringLiteral("Data.StreamList[0].StreamId is empty");
    QTest::newRow("too large") << QByteArray(StreamListReply::MaxBodyBytes + 1, ' ')
                               << QStringLiteral("too large");
}

void TestStreamList::missingOrWrongFieldsAreClear()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, says);
    const StreamListReply r = StreamListReply::parse(200, body);
    QCOMPARE(r.kind, StreamListReply::Kind::Malformed);
    QVERIFY(!r.isSuccess());
    QVERIFY(!r.isRetryable());
    // Never a part of a list: a stream left out would be left recording, unseen.
    QVERIFY(r.streams.isEmpty());
    QVERIFY2(r.error.contains(says), qPrintable(r.error));
    QCOMPARE(r.describe(), r.error);
}

void TestStreamList::optionalFieldsMayBeMissing()
{
    const StreamListReply r = StreamListReply::parse(
        200, answer(R"([{"StreamId":"only"},{"StreamId":"odd","UserId":42,"UserName":null,)"
                    R"("CreateTime":"1646795254","StreamNumberId":[1]}])"));
    QVERIFY2(r.isSuccess(), qPrintable(r.error));
    QCOMPARE(r.streams.size(), 2);
    QCOMPARE(r.streams.at(0).streamId, QStringLiteral("only"));
    QVERIFY(r.streams.at(0).userId.isEmpty());
    QCOMPARE(r.streams.at(0).createTime, 0);
    QCOMPARE(r.streams.at(1).userId, QStringLiteral("42"));
    QCOMPARE(r.streams.at(1).createTime, 1646795254);
    QCOMPARE(r.streams.at(1).streamNumberId, 0);
    QCOMPARE(r.notes.size(), 1);
    QVERIFY2(r.notes.first().contains(QLatin1String("StreamNumberId is an array")),
             qPrintable(r.notes.first()));
}

void TestStreamList::duplicatesListedOnce()
{
    const StreamListReply r = StreamListReply::parse(
        200, answer(R"([{"StreamId":"a"},{"StreamId":"b"},{"StreamId":"a","UserId":"x"}])"));
    QVERIFY(r.isSuccess());
    QCOMPARE(r.streams.size(), 2);
    QCOMPARE(r.streams.at(0).streamId, QStringLiteral("a"));
    QVERIFY(r.streams.at(0).userId.isEmpty());
    QCOMPARE(r.notes.size(), 1);
}

void TestStreamList::millisecondCreateTimes()
{
    const StreamListReply r =
        StreamListReply::parse(200, answer(R"([{"StreamId":"a","CreateTime":1646795254123}])"));
    QVERIFY(r.isSuccess());
    QCOMPARE(r.streams.first().createTime, 1646795254);
}

void TestStreamList::httpErrors()
{
    const StreamListReply html =
        StreamListReply::parse(502, "<html><title>502 Bad Gateway</title></html>");
    QCOMPARE(html.kind, StreamListReply::Kind::HttpError);
    QVERIFY(html.isRetryable());
    QVERIFY2(html.error.contains(QLatin1String("HTTP 502")), qPrintable(html.error));
    const StreamListReply tooMany = StreamListReply::parse(429, "slow down");
    QVERIFY(tooMany.isRetryable());
    const StreamListReply forbidden = StreamListReply::parse(403, "no");
    QCOMPARE(forbidden.kind, StreamListReply::Kind::HttpError);
    QVERIFY(!forbidden.isRetryable());
    // A ZEGO answer with another status is still an answer.
    const StreamListReply zego = StreamListReply::parse(500, R"({"Code":154,"Message":"x"})");
    QCOMPARE(zego.kind, StreamListReply::Kind::Answered);
    QVERIFY(zego.isRetryable());
}

void TestStreamList::mutatedAnswersNeverGiveHalfAList()
{
    // 20,000 answers cut short or with bytes changed (a seeded generator: the same every run):
    // never a crash; a list only when the whole answer reads as one, each stream once and named;
    // otherwise no streams at all and a sentence saying why.
    const QByteArray valid =
        answer(R"([{"StreamId":"a","UserId":"u","UserName":"n","CreateTime":1646795254,)"
               R"("StreamNumberId":1},{"StreamId":"b"},{"StreamId":"直播","UserId":"用户"}])");
    QRandomGenerator random(23);
    static const char kBytes[] = "{}[]\",:0123456789 -.eE\\nulltruefalseStreamIdXx\x00\xff";
    int lists = 0;
    for (int i = 0; i < 20000; ++i) {
        QByteArray body = valid;
        if (i % 3 == 0)
            body.truncate(random.bounded(int(body.size())));
        for (int n = random.bounded(1, 4); n > 0 && !body.isEmpty(); --n)
            body[random.bounded(int(body.size()))] = kBytes[random.bounded(int(sizeof kBytes - 1))];
        const StreamListReply r = StreamListReply::parse(200, body);
        if (r.isSuccess()) {
            ++lists;
            QSet<QString> seen;
            for (const ListedStream &s : r.streams) {
                QVERIFY(!s.streamId.isEmpty());
                QVERIFY(!seen.contains(s.streamId));
                seen.insert(s.streamId);
            }
            // The oracle: every entry of the answer's list names a stream, and all are given.
            const QJsonValue list = QJsonDocument::fromJson(body)
                                        .object()
                                        .value(u"Data"_qs)
                                        .toObject()
                                        .value(u"StreamList"_qs);
            QSet<QString> named;
            for (const QJsonValue &e : list.toArray()) {
                const QJsonValue id = e.toObject().value(u"StreamId"_qs);
                QVERIFY2(id.isString() && !id.toString().isEmpty(), body.constData());
                named.insert(id.toString());
            }
            QCOMPARE(seen, named);
        } else {
            QVERIFY2(r.streams.isEmpty(), body.constData());
            if (r.kind != StreamListReply::Kind::Answered)
                QVERIFY2(!r.error.isEmpty(), body.constData());
        }
    }
    // Some mutations leave a readable answer (a changed letter of a name): both paths were taken.
    QVERIFY(lists > 0);
}

QTEST_GUILESS_MAIN(TestStreamList)
#include "test_streamlist.moc"
