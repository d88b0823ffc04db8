// SPDX-License-Identifier: GPL-3.0-or-later
#include <engine/callreply.h>

#include <QTest>

using namespace cdnrec;

Q_DECLARE_METATYPE(cdnrec::Vendor)
Q_DECLARE_METATYPE(cdnrec::StreamStatus)
Q_DECLARE_METATYPE(cdnrec::CallReply::Kind)

namespace {

// The response example of the API pages, cut down to one vendor's key each.
const QByteArray kTencentExample = R"({
    "Code":0, "Message":"success",
    "Data":{"Tencent":[{"StreamName":"cdn01","RequestId":"d39548da-fbd4-4dce-8023-cfccd28a9963",
                        "Code":"","Message":""}]},
    "RequestId":"4315169065145771656"})";
const QByteArray kWsExample = R"({
    "Code":0, "Message":"success",
    "Data":{"Ws":{"call_time":"2022-05-26 11:46:06","http_code":200,
                  "list":[{"http_code":200,"id":"test","msg":"success",
                           "persistentId":"202009a378bae528409f87dbe20717415676","task":"mp4"}],
                  "msg":null,"trace_id":"10021988-6472-4b6d-9f9a-6b5a6d4b6551"}},
    "RequestId":"4315169065145771656"})";
const QByteArray kHuaweiExample = R"({
    "Code":0, "Message":"success",
    "Data":{"Huawei":[{"StreamName":"hwtest","RequestId":"f7b1e2f0ca92e7e90f8f0c8b96cds757",
                       "Code":0,"Message":"success"}]},
    "RequestId":"4315169065145771656"})";

} // namespace

class TestCallReply : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void apiPageExamples_data();
    void apiPageExamples();
    void theFullExampleServesEachVendor();
    void perStreamFailures();
    void leftOutStreamsAreUnknown();
    void extraStreamsAreReported();
    void duplicateEntries();
    void topLevelError();
    void hostileBodies_data();
    void hostileBodies();
    void oneBadEntrySpoilsOnlyItsStream();
    void wsMessageShapes();
    void httpErrorWithZegoBody();
    void httpErrorSaysItOnce_data();
    void httpErrorSaysItOnce();
    void requestedDuplicatesCollapse();
    void largeBatch();
};

void TestCallReply::apiPageExamples_data()
{
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("stream");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("vendorRequestId");
    QTest::newRow("Tencent") << Vendor::Tencent << kTencentExample << u"cdn01"_qs << QString()
                             << QString() << u"d39548da-fbd4-4dce-8023-cfccd28a9963"_qs;
    QTest::newRow("Ws") << Vendor::Ws << kWsExample << u"test"_qs << u"200"_qs << u"success"_qs
                        << u"10021988-6472-4b6d-9f9a-6b5a6d4b6551"_qs;
    QTest::newRow("Huawei") << Vendor::Huawei << kHuaweiExample << u"hwtest"_qs << u"0"_qs
                            << u"success"_qs << u"f7b1e2f0ca92e7e90f8f0c8b96cds757"_qs;
}

void TestCallReply::apiPageExamples()
{
    QFETCH(Vendor, vendor);
    QFETCH(QByteArray, body);
    QFETCH(QString, stream);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QString, vendorRequestId);
    const CallReply r = CallReply::parse(200, body, vendor, {stream});
    QCOMPARE(r.kind, CallReply::Kind::Answered);
    QVERIFY(r.isSuccess());
    QCOMPARE(r.code, 0);
    QCOMPARE(r.requestId, u"4315169065145771656"_qs);
    QCOMPARE(r.message, u"success"_qs);
    QCOMPARE(r.outcomes.size(), 1);
    const StreamOutcome &o = r.outcomes.front();
    QCOMPARE(o.streamId, stream);
    QCOMPARE(o.status, StreamStatus::Succeeded);
    QCOMPARE(o.code, code);
    QCOMPARE(o.message, message);
    QCOMPARE(o.vendorRequestId, vendorRequestId);
    QCOMPARE(o.requestId, u"4315169065145771656"_qs);
    QVERIFY(r.extras.isEmpty());
    QVERIFY(r.problems.isEmpty());
}

void TestCallReply::theFullExampleServesEachVendor()
{
    // The page's example carries all three keys; each vendor reads only its own.
    const QByteArray all = R"({"Code":0,"Message":"success","RequestId":"1","Data":{
        "Tencent":[{"StreamName":"cdn01","RequestId":"t","Code":"","Message":""}],
        "Ws":{"http_code":200,"list":[{"http_code":200,"id":"test","msg":"success"}],"msg":null,"trace_id":"w"},
        "Huawei":[{"StreamName":"hwtest","RequestId":"h","Code":0,"Message":"success"}]}})";
    QCOMPARE(CallReply::parse(200, all, Vendor::Tencent, {u"cdn01"_qs}).outcomes[0].status,
             StreamStatus::Succeeded);
    QCOMPARE(CallReply::parse(200, all, Vendor::Ws, {u"test"_qs}).outcomes[0].status,
             StreamStatus::Succeeded);
    QCOMPARE(CallReply::parse(200, all, Vendor::Huawei, {u"hwtest"_qs}).outcomes[0].status,
             StreamStatus::Succeeded);
    // ...and a stream under another vendor's key is not taken.
    QCOMPARE(CallReply::parse(200, all, Vendor::Tencent, {u"hwtest"_qs}).outcomes[0].status,
             StreamStatus::Unknown);
}

void TestCallReply::perStreamFailures()
{
    const QByteArray t = R"({"Code":0,"Message":"ok","RequestId":"r","Data":{"Tencent":[
        {"StreamName":"a","RequestId":"ta","Code":"","Message":""},
        {"StreamName":"b","RequestId":"tb","Code":"InvalidParameter.StreamNotExist","Message":"stream not recording"}]}})";
    const CallReply rt = CallReply::parse(200, t, Vendor::Tencent, {u"a"_qs, u"b"_qs});
    QCOMPARE(rt.outcomes[0].status, StreamStatus::Succeeded);
    QCOMPARE(rt.outcomes[1].status, StreamStatus::Failed);
    QCOMPARE(rt.outcomes[1].code, u"InvalidParameter.StreamNotExist"_qs);
    QCOMPARE(rt.outcomes[1].message, u"stream not recording"_qs);
    QCOMPARE(rt.outcomes[1].vendorRequestId, u"tb"_qs);

    const QByteArray h = R"({"Code":0,"Data":{"Huawei":[
        {"StreamName":"a","RequestId":"ha","Code":0,"Message":"success"},
        {"StreamName":"b","RequestId":"hb","Code":40401,"Message":"not found"}]}})";
    const CallReply rh = CallReply::parse(200, h, Vendor::Huawei, {u"a"_qs, u"b"_qs});
    QCOMPARE(rh.outcomes[0].status, StreamStatus::Succeeded);
    QCOMPARE(rh.outcomes[1].status, StreamStatus::Failed);
    QCOMPARE(rh.outcomes[1].code, u"40401"_qs);

    const QByteArray w = R"({"Code":0,"Data":{"Ws":{"http_code":200,"trace_id":"tr","list":[
        {"id":"a","http_code":200,"msg":"success"},
        {"id":"b","http_code":404,"msg":"task not found"}]}}})";
    const CallReply rw = CallReply::parse(200, w, Vendor::Ws, {u"a"_qs, u"b"_qs});
    QCOMPARE(rw.outcomes[0].status, StreamStatus::Succeeded);
    QCOMPARE(rw.outcomes[1].status, StreamStatus::Failed);
    QCOMPARE(rw.outcomes[1].code, u"404"_qs);
    QCOMPARE(rw.outcomes[1].message, u"task not found"_qs);
    QCOMPARE(rw.outcomes[1].vendorRequestId, u"tr"_qs);
}

void TestCallReply::leftOutStreamsAreUnknown()
{
    const CallReply r = CallReply::parse(200, kTencentExample, Vendor::Tencent,
                                         {u"cdn00"_qs, u"cdn01"_qs, u"cdn02"_qs});
    QCOMPARE(r.outcomes.size(), 3);
    QCOMPARE(r.outcomes[0].streamId, u"cdn00"_qs);
    QCOMPARE(r.outcomes[0].status, StreamStatus::Unknown);
    QVERIFY(r.outcomes[0].message.contains(u"left this stream out"_qs));
    QCOMPARE(r.outcomes[1].status, StreamStatus::Succeeded);
    QCOMPARE(r.outcomes[2].status, StreamStatus::Unknown);
}

void TestCallReply::extraStreamsAreReported()
{
    const CallReply r = CallReply::parse(200, kTencentExample, Vendor::Tencent, {u"other"_qs});
    QCOMPARE(r.outcomes.size(), 1);
    QCOMPARE(r.outcomes[0].status, StreamStatus::Unknown);
    QCOMPARE(r.extras.size(), 1);
    QCOMPARE(r.extras[0].streamId, u"cdn01"_qs);
    QCOMPARE(r.extras[0].status, StreamStatus::Succeeded);
}

void TestCallReply::duplicateEntries()
{
    const QByteArray same = R"({"Code":0,"Data":{"Huawei":[
        {"StreamName":"a","Code":0},{"StreamName":"a","Code":0}]}})";
    QCOMPARE(CallReply::parse(200, same, Vendor::Huawei, {u"a"_qs}).outcomes[0].status,
             StreamStatus::Succeeded);
    const QByteArray differ = R"({"Code":0,"Data":{"Huawei":[
        {"StreamName":"a","Code":0},{"StreamName":"a","Code":500}]}})";
    const CallReply r = CallReply::parse(200, differ, Vendor::Huawei, {u"a"_qs});
    QCOMPARE(r.outcomes[0].status, StreamStatus::Unknown);
    QVERIFY(r.outcomes[0].message.contains(u"twice"_qs));
    // Order does not matter: a later success does not override an earlier failure.
    const QByteArray differ2 = R"({"Code":0,"Data":{"Huawei":[
        {"StreamName":"a","Code":500},{"StreamName":"a","Code":0}]}})";
    QCOMPARE(CallReply::parse(200, differ2, Vendor::Huawei, {u"a"_qs}).outcomes[0].status,
             StreamStatus::Unknown);
}

void TestCallReply::topLevelError()
{
    const QByteArray body = R"({"Code":7,"Message":"auth failed","RequestId":"99"})";
    const CallReply r = CallReply::parse(200, body, Vendor::Tencent, {u"a"_qs, u"b"_qs});
    QCOMPARE(r.kind, CallReply::Kind::Answered);
    QVERIFY(!r.isSuccess());
    QCOMPARE(r.code, 7);
    QCOMPARE(r.requestId, u"99"_qs);
    QCOMPARE(r.outcomes.size(), 2);
    for (const StreamOutcome &o : r.outcomes) {
        QCOMPARE(o.status, StreamStatus::Failed);
        QCOMPARE(o.code, u"7"_qs);
        QCOMPARE(o.message, u"auth failed"_qs);
        QCOMPARE(o.requestId, u"99"_qs);
    }
    // A non-zero Code wins over success entries in Data.
    const QByteArray mixed = R"({"Code":1000,"Data":{"Tencent":[{"StreamName":"a","Code":""}]}})";
    QCOMPARE(CallReply::parse(200, mixed, Vendor::Tencent, {u"a"_qs}).outcomes[0].status,
             StreamStatus::Failed);
}

void TestCallReply::hostileBodies_data()
{
    QTest::addColumn<int>("http");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<CallReply::Kind>("kind");
    QTest::addColumn<QString>("mentions"); // the error names what was wrong
    using K = CallReply::Kind;
    const Vendor T = Vendor::Tencent;
    QTest::newRow("empty") << 200 << QByteArray() << T << K::Malformed << u"empty"_qs;
    QTest::newRow("whitespace") << 200 << QByteArray(" \r\n ") << T << K::Malformed << u"empty"_qs;
    QTest::newRow("html 200") << 200
                              << QByteArray(
                                     "<html><head><title>Welcome to nginx</title></head></html>")
                              << T << K::Malformed << u"Welcome to nginx"_qs;
    QTest::newRow("html 502")
        << 502
        << QByteArray("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
        << T << K::HttpError << u"502"_qs;
    QTest::newRow("503 empty") << 503 << QByteArray() << T << K::HttpError << u"503"_qs;
    QTest::newRow("truncated") << 200 << QByteArray(R"({"Code":0,"Message":"succ)") << T
                               << K::Malformed << u"not valid JSON"_qs;
    QTest::newRow("truncated data")
        << 200 << QByteArray(R"({"Code":0,"Data":{"Tencent":[{"StreamName":"a","Code":"")") << T
        << K::Malformed << u"not valid JSON"_qs;
    QTest::newRow("array") << 200 << QByteArray("[1,2,3]") << T << K::Malformed << u"array"_qs;
    QTest::newRow("scalar") << 200 << QByteArray("42") << T << K::Malformed << u"JSON"_qs;
    QTest::newRow("null") << 200 << QByteArray("null") << T << K::Malformed << u"JSON"_qs;
    QTest::newRow("no code") << 200 << QByteArray(R"({"Message":"success"})") << T << K::Malformed
                             << u"Code is missing"_qs;
    QTest::newRow("code string")
        << 200 << QByteArray(R"({"Code":"0","Data":{"Tencent":[{"StreamName":"a","Code":""}]}})")
        << T << K::Malformed << u"Code is a string"_qs;
    QTest::newRow("code float") << 200 << QByteArray(R"({"Code":0.5})") << T << K::Malformed
                                << u"whole number"_qs;
    QTest::newRow("code bool") << 200 << QByteArray(R"({"Code":false})") << T << K::Malformed
                               << u"boolean"_qs;
    QTest::newRow("code null") << 200 << QByteArray(R"({"Code":null})") << T << K::Malformed
                               << u"null"_qs;
    QTest::newRow("code huge") << 200 << QByteArray(R"({"Code":1e300})") << T << K::Malformed
                               << u"whole number"_qs;
    QTest::newRow("binary") << 200 << QByteArray("\x00\x01\xff\xfe garbage", 13) << T
                            << K::Malformed << u"not valid JSON"_qs;
    QTest::newRow("too large") << 200 << QByteArray(CallReply::MaxBodyBytes + 1, ' ') << T
                               << K::Malformed << u"too large"_qs;
    QTest::newRow("deep nesting") << 200 << QByteArray(100000, '[') << T << K::Malformed
                                  << u"JSON"_qs;
    QTest::newRow("no data") << 200 << QByteArray(R"({"Code":0,"Message":"success"})") << T
                             << K::Answered << u"Data is missing"_qs;
    QTest::newRow("data string") << 200 << QByteArray(R"({"Code":0,"Data":"ok"})") << T
                                 << K::Answered << u"Data is a string"_qs;
    QTest::newRow("other vendor key")
        << 200 << QByteArray(R"({"Code":0,"Data":{"Huawei":[{"StreamName":"a","Code":0}]}})") << T
        << K::Answered << u"Data.Huawei instead of Data.Tencent"_qs;
    QTest::newRow("vendor object")
        << 200 << QByteArray(R"({"Code":0,"Data":{"Tencent":{"StreamName":"a"}}})") << T
        << K::Answered << u"expected an array"_qs;
    QTest::newRow("ws list missing")
        << 200 << QByteArray(R"({"Code":0,"Data":{"Ws":{"http_code":500,"msg":"upstream down"}}})")
        << Vendor::Ws << K::Answered << u"upstream down"_qs;
    QTest::newRow("ws is array") << 200 << QByteArray(R"({"Code":0,"Data":{"Ws":[]}})")
                                 << Vendor::Ws << K::Answered << u"expected an object"_qs;
    // A key given twice in one object: QJsonDocument keeps the last, so these would read as
    // successes (attack 2026-12-08, finding 4); an ambiguous answer is no outcome.
    QTest::newRow("top code twice")
        << 200
        << QByteArray(R"({"Code":6,"Code":0,"Data":{"Tencent":[{"StreamName":"a","Code":""},)"
                      R"({"StreamName":"b","Code":""}]}})")
        << T << K::Malformed << u"“Code” twice"_qs;
    QTest::newRow("stream code twice")
        << 200
        << QByteArray(R"({"Code":0,"Data":{"Tencent":[{"StreamName":"a","Code":"FailedOperation",)"
                      R"("Code":""},{"StreamName":"b","Code":""}]}})")
        << T << K::Malformed << u"“Code” twice"_qs;
    QTest::newRow("code twice, once escaped")
        << 200
        << QByteArray(R"({"Code":0,"\u0043ode":6,"Data":{"Tencent":[{"StreamName":"a","Code":""},)"
                      R"({"StreamName":"b","Code":""}]}})")
        << T << K::Malformed << u"“Code” twice"_qs;
    QTest::newRow("code 0 under 500")
        << 500 << QByteArray(R"({"Code":0,"Data":{"Tencent":[{"StreamName":"a","Code":""}]}})") << T
        << K::HttpError << u"not taken as success"_qs;
}

void TestCallReply::hostileBodies()
{
    QFETCH(int, http);
    QFETCH(QByteArray, body);
    QFETCH(Vendor, vendor);
    QFETCH(CallReply::Kind, kind);
    QFETCH(QString, mentions);
    const CallReply r = CallReply::parse(http, body, vendor, {u"a"_qs, u"b"_qs});
    QCOMPARE(r.kind, kind);
    QVERIFY(!r.isSuccess() || kind == CallReply::Kind::Answered);
    QVERIFY2(r.error.contains(mentions, Qt::CaseInsensitive), qPrintable(r.error));
    QCOMPARE(r.outcomes.size(), 2);
    for (const StreamOutcome &o : r.outcomes) {
        QCOMPARE(o.status, StreamStatus::Unknown);
        QVERIFY(!o.message.isEmpty());
    }
}

void TestCallReply::oneBadEntrySpoilsOnlyItsStream()
{
    const QByteArray body = R"({"Code":0,"Data":{"Tencent":[
        {"StreamName":"a","Code":""},
        {"StreamName":"b","Code":0},
        "junk",
        {"Code":""}]}})";
    const CallReply r = CallReply::parse(200, body, Vendor::Tencent, {u"a"_qs, u"b"_qs});
    QCOMPARE(r.outcomes[0].status, StreamStatus::Succeeded);
    QCOMPARE(r.outcomes[1].status, StreamStatus::Unknown);
    QCOMPARE(r.problems.size(), 3);
    QVERIFY(r.problems[0].contains(u"Data.Tencent[1].Code is a number"_qs));
    QVERIFY(r.problems[1].contains(u"Data.Tencent[2] is a string"_qs));
    QVERIFY(r.problems[2].contains(u"StreamName is missing"_qs));
    QVERIFY(r.outcomes[1].message.contains(u"unreadable"_qs));

    const QByteArray hw = R"({"Code":0,"Data":{"Huawei":[{"StreamName":"a","Code":"0"}]}})";
    QCOMPARE(CallReply::parse(200, hw, Vendor::Huawei, {u"a"_qs}).outcomes[0].status,
             StreamStatus::Unknown);
    const QByteArray ws = R"({"Code":0,"Data":{"Ws":{"list":[{"id":"a","http_code":"200"}]}}})";
    QCOMPARE(CallReply::parse(200, ws, Vendor::Ws, {u"a"_qs}).outcomes[0].status,
             StreamStatus::Unknown);
}

void TestCallReply::wsMessageShapes()
{
    const QByteArray body = R"({"Code":0,"Data":{"Ws":{"list":[
        {"id":"a","http_code":200,"msg":null},
        {"id":"b","http_code":500,"msg":{"reason":"busy"}},
        {"id":"c","http_code":400}]}}})";
    const CallReply r = CallReply::parse(200, body, Vendor::Ws, {u"a"_qs, u"b"_qs, u"c"_qs});
    QCOMPARE(r.outcomes[0].status, StreamStatus::Succeeded);
    QCOMPARE(r.outcomes[0].message, QString());
    QCOMPARE(r.outcomes[1].status, StreamStatus::Failed);
    QCOMPARE(r.outcomes[1].message, uR"({"reason":"busy"})"_qs);
    QCOMPARE(r.outcomes[2].status, StreamStatus::Failed);
}

void TestCallReply::httpErrorWithZegoBody()
{
    const CallReply r =
        CallReply::parse(403, R"({"Code":100000005,"Message":"signature wrong","RequestId":"x"})",
                         Vendor::Ws, {u"a"_qs});
    QCOMPARE(r.kind, CallReply::Kind::Answered);
    QCOMPARE(r.code, 100000005);
    QCOMPARE(r.outcomes[0].status, StreamStatus::Failed);
}

void TestCallReply::httpErrorSaysItOnce_data()
{
    QTest::addColumn<int>("http");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    // A server's stock error page repeats the status line: it is said once.
    QTest::newRow("500 page") << 500
                              << QByteArray(
                                     "<html><head><title>500 Internal Server Error</title></head>"
                                     "<body><h1>500 Internal Server Error</h1></body></html>")
                              << u"HTTP 500 Internal Server Error"_qs;
    QTest::newRow("502 nginx") << 502
                               << QByteArray(
                                      "<html><head><title>502 Bad Gateway</title></head></html>")
                               << u"HTTP 502 Bad Gateway"_qs;
    QTest::newRow("plain text") << 503 << QByteArray("503 Service Unavailable\n")
                                << u"HTTP 503 Service Unavailable"_qs;
    QTest::newRow("reason only") << 504 << QByteArray("Gateway Timeout")
                                 << u"HTTP 504 Gateway Timeout"_qs;
    // A page that says more keeps what it says.
    QTest::newRow("own words")
        << 503 << QByteArray("<html><title>Down for maintenance until 02:00</title></html>")
        << u"HTTP 503 Service Unavailable: Down for maintenance until 02:00"_qs;
}

void TestCallReply::httpErrorSaysItOnce()
{
    QFETCH(int, http);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    const CallReply r = CallReply::parse(http, body, Vendor::Tencent, {u"a"_qs});
    QCOMPARE(r.kind, CallReply::Kind::HttpError);
    QCOMPARE(r.error, error);
    QCOMPARE(r.outcomes.at(0).message, error);
}

void TestCallReply::requestedDuplicatesCollapse()
{
    const CallReply r =
        CallReply::parse(200, kTencentExample, Vendor::Tencent, {u"cdn01"_qs, u"cdn01"_qs});
    QCOMPARE(r.outcomes.size(), 1);
}

void TestCallReply::largeBatch()
{
    // Past 16 IDs the parser switches from a scan to a hash: same results.
    QStringList asked;
    QByteArray body = R"({"Code":0,"Data":{"Huawei":[)";
    for (int i = 0; i < 40; ++i) {
        asked.append(QStringLiteral("s%1").arg(i % 30)); // 10 repeats
        if (i < 30 && i % 3 != 0) {
            if (!body.endsWith('['))
                body += ',';
            body += R"({"StreamName":"s)" + QByteArray::number(i) + R"(","Code":)" +
                    (i % 3 == 1 ? "0" : "7") + "}";
        }
    }
    body += R"(,{"StreamName":"stranger","Code":0}]}})";
    const CallReply r = CallReply::parse(200, body, Vendor::Huawei, asked);
    QCOMPARE(r.outcomes.size(), 30);
    for (int i = 0; i < 30; ++i) {
        QCOMPARE(r.outcomes[i].streamId, QStringLiteral("s%1").arg(i));
        const StreamStatus want = i % 3 == 0   ? StreamStatus::Unknown
                                  : i % 3 == 1 ? StreamStatus::Succeeded
                                               : StreamStatus::Failed;
        QCOMPARE(r.outcomes[i].status, want);
    }
    QCOMPARE(r.extras.size(), 1);
    QCOMPARE(r.extras[0].streamId, u"stranger"_qs);
}

QTEST_GUILESS_MAIN(TestCallReply)
#include "test_callreply.moc"
