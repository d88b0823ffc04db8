// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverdecode.h"
#include <engine/callrequest.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

using namespace cdnrec;

namespace {

using test::serverDecode;
using test::valuesOf;

PublicParams params()
{
    PublicParams p;
    p.appId = 12345;
    p.nonce = QStringLiteral("4fd24687296dd9f3");
    p.timestamp = 1615186943;
    p.signature = QStringLiteral("43e5cfcca828314675f91b001390566a");
    return p;
}

const QUrl kEndpoint(QStringLiteral("https://rtc-api.zego.im"));

} // namespace

class TestCallRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void carriesEveryParameter();
    void isTestOnlyWhenAsked();
    void keepsTheEndpoint();
    void idsSurviveAServer_data();
    void idsSurviveAServer();
    void idsSurviveQUrlQuery();
    void batchesByCount();
    void batchesByUrlLength();
    void batchesKeepOrderAndEveryId();
    void startCarriesEndTime();
    void startBatchesLeaveRoomForEndTime();
    void endTimeBounds_data();
    void endTimeBounds();
    void redactsTheSignature();
    void redactsEchoedBodies_data();
    void redactsEchoedBodies();
    void redactsSecretsBehindJsonEscapes();
};

void TestCallRequest::carriesEveryParameter()
{
    const QUrl url = CallRequest::url(kEndpoint, Vendor::Tencent,
                                      {QStringLiteral("cdn01"), QStringLiteral("cdn02")}, params());
    QCOMPARE(url.scheme(), QStringLiteral("https"));
    QCOMPARE(url.host(), QStringLiteral("rtc-api.zego.im"));
    QCOMPARE(url.path(), QStringLiteral("/"));
    const auto items = serverDecode(url.query(QUrl::FullyEncoded).toLatin1());
    QCOMPARE(valuesOf(items, QStringLiteral("Action")),
             QStringList{QStringLiteral("StopCDNRecord")});
    QCOMPARE(valuesOf(items, QStringLiteral("StreamId[]")),
             (QStringList{QStringLiteral("cdn01"), QStringLiteral("cdn02")}));
    QCOMPARE(valuesOf(items, QStringLiteral("Vendor")), QStringList{QStringLiteral("Tencent")});
    QCOMPARE(valuesOf(items, QStringLiteral("AppId")), QStringList{QStringLiteral("12345")});
    QCOMPARE(valuesOf(items, QStringLiteral("SignatureNonce")),
             QStringList{QStringLiteral("4fd24687296dd9f3")});
    QCOMPARE(valuesOf(items, QStringLiteral("Timestamp")),
             QStringList{QStringLiteral("1615186943")});
    QCOMPARE(valuesOf(items, QStringLiteral("Signature")),
             QStringList{QStringLiteral("43e5cfcca828314675f91b001390566a")});
    QCOMPARE(valuesOf(items, QStringLiteral("SignatureVersion")),
             QStringList{QStringLiteral("2.0")});
    QVERIFY(valuesOf(items, QStringLiteral("IsTest")).isEmpty());

    for (Vendor v : {Vendor::Ws, Vendor::Huawei}) {
        const auto other =
            serverDecode(CallRequest::url(kEndpoint, v, {QStringLiteral("a")}, params())
                             .query(QUrl::FullyEncoded)
                             .toLatin1());
        QCOMPARE(valuesOf(other, QStringLiteral("Vendor")), QStringList{vendorWireName(v)});
    }
}

void TestCallRequest::isTestOnlyWhenAsked()
{
    PublicParams p = params();
    p.isTest = true;
    const auto items =
        serverDecode(CallRequest::url(kEndpoint, Vendor::Ws, {QStringLiteral("a")}, p)
                         .query(QUrl::FullyEncoded)
                         .toLatin1());
    QCOMPARE(valuesOf(items, QStringLiteral("IsTest")), QStringList{QStringLiteral("true")});
}

void TestCallRequest::keepsTheEndpoint()
{
    const QUrl local(QStringLiteral("http://127.0.0.1:8123/zego/"));
    const QUrl url = CallRequest::url(local, Vendor::Huawei, {QStringLiteral("a")}, params());
    QCOMPARE(url.port(), 8123);
    QCOMPARE(url.path(), QStringLiteral("/zego/"));
    QVERIFY(url.isValid());
}

void TestCallRequest::idsSurviveAServer_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("plus") << u"a+b"_qs;
    QTest::newRow("ampersand") << u"a&StreamId[]=b"_qs;
    QTest::newRow("equals") << u"x=y"_qs;
    QTest::newRow("hash") << u"room#1"_qs;
    QTest::newRow("percent") << u"100%25"_qs;
    QTest::newRow("percent alone") << u"50%"_qs;
    QTest::newRow("semicolon") << u"a;b"_qs;
    QTest::newRow("space") << u"a b"_qs;
    QTest::newRow("brackets") << u"a[]b"_qs;
    QTest::newRow("question slash") << u"a?b/c"_qs;
    QTest::newRow("chinese") << u"直播流-01"_qs;
    QTest::newRow("emoji") << u"live-🎥"_qs;
    QTest::newRow("plain") << u"cdn_01-A"_qs;
}

void TestCallRequest::idsSurviveAServer()
{
    QFETCH(QString, id);
    const QStringList ids{id, QStringLiteral("next")};
    const QUrl url = CallRequest::url(kEndpoint, Vendor::Tencent, ids, params());
    // What goes on the wire is the encoded form.
    const QByteArray wire = url.toEncoded();
    const QByteArray query = wire.mid(wire.indexOf('?') + 1);
    QVERIFY2(!query.contains('#') && !query.contains(' '), wire.constData());
    QCOMPARE(valuesOf(serverDecode(query), QStringLiteral("StreamId[]")), ids);
}

void TestCallRequest::idsSurviveQUrlQuery()
{
    // Qt's own reader (what QHttpServer hands the simulator) sees the same values.
    const QStringList ids{u"a+b"_qs, u"c d"_qs, u"e&f"_qs, u"直播"_qs};
    const QUrl url = CallRequest::url(kEndpoint, Vendor::Tencent, ids, params());
    const QUrlQuery q(url);
    QStringList got;
    for (const auto &kv : q.queryItems(QUrl::FullyDecoded)) {
        if (kv.first == QLatin1String("StreamId[]"))
            got.append(kv.second);
    }
    QCOMPARE(got, ids);
}

void TestCallRequest::batchesByCount()
{
    QStringList ids;
    for (int i = 0; i < 25; ++i)
        ids.append(QStringLiteral("s%1").arg(i));
    const auto batches = CallRequest::batches(kEndpoint, ids, 10);
    QCOMPARE(batches.size(), 3);
    QCOMPARE(batches.at(0).size(), 10);
    QCOMPARE(batches.at(1).size(), 10);
    QCOMPARE(batches.at(2).size(), 5);
    QCOMPARE(CallRequest::batches(kEndpoint, ids, 1).size(), 25);
    QCOMPARE(CallRequest::batches(kEndpoint, ids, 0).size(), 25); // clamped to 1
    QVERIFY(CallRequest::batches(kEndpoint, {}, 10).isEmpty());
}

void TestCallRequest::batchesByUrlLength()
{
    // 256-character IDs of characters that each encode to three bytes.
    QStringList ids;
    for (int i = 0; i < 20; ++i)
        ids.append(QString(250, QLatin1Char('%')) + QString::number(100000 + i));
    const auto batches = CallRequest::batches(kEndpoint, ids, 50, 4096, true);
    QVERIFY(batches.size() > 1);
    PublicParams p = params();
    p.appId = 4294967295U;
    p.isTest = true;
    for (const QStringList &b : batches) {
        const QUrl url = CallRequest::url(kEndpoint, Vendor::Huawei, b, p);
        QVERIFY2(url.toEncoded().size() <= 4096,
                 QByteArray::number(url.toEncoded().size()).constData());
    }
    // One batch holds as many as fit: adding the next ID would pass the limit.
    const QStringList first = batches.front();
    const QStringList grown = first + QStringList{ids.at(first.size())};
    QVERIFY(CallRequest::url(kEndpoint, Vendor::Huawei, grown, p).toEncoded().size() > 4096);
}

void TestCallRequest::batchesKeepOrderAndEveryId()
{
    QStringList ids;
    for (int i = 0; i < 97; ++i)
        ids.append(QString(i % 7 * 40 + 1, QLatin1Char('a' + i % 26)) + QString::number(i));
    QStringList joined;
    for (const QStringList &b : CallRequest::batches(kEndpoint, ids, 8, 1200))
        joined += b;
    QCOMPARE(joined, ids);
}

void TestCallRequest::redactsTheSignature()
{
    const QUrl url = CallRequest::url(kEndpoint, Vendor::Tencent, {QStringLiteral("a")}, params());
    const QString shown = CallRequest::redacted(url);
    QVERIFY(!shown.contains(QStringLiteral("43e5cfcca828314675f91b001390566a")));
    QVERIFY(shown.contains(QStringLiteral("Signature=REDACTED")));
    QVERIFY(shown.contains(QStringLiteral("SignatureNonce=4fd24687296dd9f3")));
    QVERIFY(shown.contains(QStringLiteral("SignatureVersion=2.0")));
}

void TestCallRequest::redactsEchoedBodies_data()
{
    const QString sig = u"43e5cfcca828314675f91b001390566a"_qs;
    const QString secret = u"9193cc662a4c0ec135ec71fb57194b38"_qs;
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("query") << u"bad: Action=X&Signature=abc123&SignatureVersion=2.0"_qs
                           << u"bad: Action=X&Signature=REDACTED&SignatureVersion=2.0"_qs;
    QTest::newRow("percent-encoded")
        << u"url ?a=1&Signature%3Dabc123&b"_qs << u"url ?a=1&Signature%3DREDACTED&b"_qs;
    QTest::newRow("json") << u"{\"Signature\": \"abc123\", \"X\":1}"_qs
                          << u"{\"Signature\": \"REDACTED\", \"X\":1}"_qs;
    QTest::newRow("json in json") << u"{\"M\":\"{\\\"Signature\\\":\\\"abc\\\"}\"}"_qs
                                  << u"{\"M\":\"{\\\"Signature\\\":\\\"REDACTED\\\"}\"}"_qs;
    QTest::newRow("secret key") << u"{\"ServerSecret\":\"zzz\"} ServerSecret=yyy"_qs
                                << u"{\"ServerSecret\":\"REDACTED\"} ServerSecret=REDACTED"_qs;
    QTest::newRow("exact signature anywhere")
        << QString(u"sig is "_qs + sig + u"."_qs) << u"sig is REDACTED."_qs;
    QTest::newRow("exact, upper case") << QString(u"sig "_qs + sig.toUpper()) << u"sig REDACTED"_qs;
    QTest::newRow("exact secret") << QString(u"key="_qs + secret) << u"key=REDACTED"_qs;
    QTest::newRow("other keys untouched")
        << u"SignatureNonce=4fd24687296dd9f3&SignatureVersion=2.0"_qs
        << u"SignatureNonce=4fd24687296dd9f3&SignatureVersion=2.0"_qs;
    QTest::newRow("nothing to do") << u"{\"Code\":0}"_qs << u"{\"Code\":0}"_qs;
}

void TestCallRequest::redactsEchoedBodies()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QStringList exact{u"43e5cfcca828314675f91b001390566a"_qs,
                            u"9193cc662a4c0ec135ec71fb57194b38"_qs, QString(), u"ab"_qs};
    QCOMPARE(CallRequest::redactBody(text, exact), expected);
    // Bytes in any encoding come through unchanged but for the redacted values.
    const QByteArray bytes = QByteArray("\xff\xfe ") + text.toUtf8();
    QCOMPARE(CallRequest::redactBody(bytes, exact), QByteArray("\xff\xfe ") + expected.toUtf8());
}

void TestCallRequest::redactsSecretsBehindJsonEscapes()
{
    // A gateway that echoes the secret or the signature as JSON escapes: once read, the JSON
    // holds them whole, so the answer's bytes must not (attack 2026-12-08, finding 1).
    const QString secret = u"0123456789abcdef0123456789abcdef"_qs;
    const QString sig = u"6f9cdf9a61c5e5ca7ee549efcd1fd84a"_qs;
    const auto escaped = [](const QString &text, int every) {
        QString out;
        for (int i = 0; i < text.size(); ++i)
            out += i % every == 0
                       ? QStringLiteral("\\u%1").arg(text.at(i).unicode(), 4, 16, QLatin1Char('0'))
                       : QString(text.at(i));
        return out;
    };
    for (int every : {1, 2, 5}) {
        const QByteArray body =
            QStringLiteral("{\"Code\":0,\"Message\":\"echo %1\",\"RequestId\":\"%2\"}")
                .arg(escaped(secret, every), escaped(sig.toUpper(), every))
                .toLatin1();
        const QByteArray shown = CallRequest::redactBody(body, {sig, secret});
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(shown, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o.value(u"Message"_qs).toString(), u"echo REDACTED"_qs);
        QCOMPARE(o.value(u"RequestId"_qs).toString(), u"REDACTED"_qs);
    }
    // An answer with nothing to redact comes through as it came, escapes and all.
    const QByteArray plain = R"({"Message":"caf\u00e9 \u0041\\u0030"})";
    QCOMPARE(CallRequest::redactBody(plain, {sig, secret}), plain);
    // Escapes that are not what they seem stay: an escaped backslash before "u0030", a quote,
    // a backslash, a control character, and something that is not four hex digits.
    const QString tricky = u"{\"M\":\"\\\\u0030 \\u0022 \\u005c \\u000a \\u+041 \\u12\"} "_qs;
    QCOMPARE(CallRequest::redactBody((tricky + secret).toLatin1(), {secret}),
             (tricky + u"REDACTED"_qs).toLatin1());
}

void TestCallRequest::startCarriesEndTime()
{
    const QUrl url =
        CallRequest::url(kEndpoint, Vendor::Ws, {QStringLiteral("cdn01"), QStringLiteral("a+b")},
                         params(), {RunAction::Start, 1615200000});
    const auto items = serverDecode(url.query(QUrl::FullyEncoded).toLatin1());
    QCOMPARE(valuesOf(items, QStringLiteral("Action")),
             QStringList{QStringLiteral("StartCDNRecord")});
    QCOMPARE(valuesOf(items, QStringLiteral("StreamId[]")),
             (QStringList{QStringLiteral("cdn01"), QStringLiteral("a+b")}));
    QCOMPARE(valuesOf(items, QStringLiteral("Vendor")), QStringList{QStringLiteral("Ws")});
    QCOMPARE(valuesOf(items, QStringLiteral("EndTime")), QStringList{QStringLiteral("1615200000")});
    QCOMPARE(valuesOf(items, QStringLiteral("Timestamp")),
             QStringList{QStringLiteral("1615186943")});
    QCOMPARE(valuesOf(items, QStringLiteral("SignatureVersion")),
             QStringList{QStringLiteral("2.0")});
    // A Stop never carries one, whatever EndTime is given.
    const QUrl stop = CallRequest::url(kEndpoint, Vendor::Ws, {QStringLiteral("cdn01")}, params(),
                                       {RunAction::Stop, 1615200000});
    QVERIFY(
        valuesOf(serverDecode(stop.query(QUrl::FullyEncoded).toLatin1()), QStringLiteral("EndTime"))
            .isEmpty());
}

void TestCallRequest::startBatchesLeaveRoomForEndTime()
{
    QStringList ids;
    for (int i = 0; i < 40; ++i)
        ids.append(QString(200, QLatin1Char('x')) + QString::number(100000 + i));
    PublicParams p = params();
    p.appId = 4294967295U;
    const auto batches = CallRequest::batches(kEndpoint, ids, 50, 4096, false, RunAction::Start);
    QVERIFY(batches.size() > 1);
    for (const QStringList &b : batches) {
        const QUrl url =
            CallRequest::url(kEndpoint, Vendor::Huawei, b, p, {RunAction::Start, 99999999999});
        QVERIFY2(url.toEncoded().size() <= 4096,
                 QByteArray::number(url.toEncoded().size()).constData());
    }
}

void TestCallRequest::endTimeBounds_data()
{
    QTest::addColumn<qint64>("wanted");
    QTest::addColumn<qint64>("forSecs");
    QTest::addColumn<qint64>("expected"); // seconds after now
    const qint64 now = 1800000000;
    QTest::newRow("6 h") << qint64(0) << qint64(6 * 3600) << qint64(6 * 3600);
    QTest::newRow("24 h: kept 10 min inside")
        << qint64(0) << qint64(24 * 3600) << qint64(24 * 3600 - 600);
    QTest::newRow("48 h: clamped") << qint64(0) << qint64(48 * 3600) << qint64(24 * 3600 - 600);
    QTest::newRow("1 s: raised") << qint64(0) << qint64(1) << qint64(660);
    QTest::newRow("until in 3 h") << now + 3 * 3600 << qint64(60) << qint64(3 * 3600);
    QTest::newRow("until passed") << now - 10 << qint64(3600) << qint64(660);
    QTest::newRow("until in 2 days") << now + 48 * 3600 << qint64(3600) << qint64(24 * 3600 - 600);
}

void TestCallRequest::endTimeBounds()
{
    QFETCH(qint64, wanted);
    QFETCH(qint64, forSecs);
    QFETCH(qint64, expected);
    const qint64 now = 1800000000;
    QCOMPARE(EndTimeBounds::endTime(now, wanted, forSecs) - now, expected);
}

QTEST_GUILESS_MAIN(TestCallRequest)
#include "test_callrequest.moc"
