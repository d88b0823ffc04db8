// SPDX-License-Identifier: GPL-3.0-or-later
#include <engine/returncodes.h>

#include <QSet>
#include <QTest>

using namespace cdnrec;
using Kind = CodeInfo::Kind;
Q_DECLARE_METATYPE(cdnrec::CodeInfo::Kind)
Q_DECLARE_METATYPE(cdnrec::Vendor)

class TestReturnCodes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyDocumentedCode_data();
    void everyDocumentedCode();
    void nothingUndocumented();
    void unknownCodes_data();
    void unknownCodes();
    void vendorCodes_data();
    void vendorCodes();
    void vendorCodeFamilies();
    void unknownVendorCodes();
    void vendorTablesHaveNoDuplicates();
    void alreadyRecordingOnARestart();
};

void TestReturnCodes::everyDocumentedCode_data()
{
    // ZEGO's tables (the StopCDNRecord page and the gateway codes), row by row: code, kind,
    // whether a retry can help.
    QTest::addColumn<qint64>("code");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retryable");
    const auto row = [](qint64 code, Kind kind, bool retry) {
        QTest::addRow("%lld", code) << code << kind << retry;
    };
    row(0, Kind::Success, false);
    row(2, Kind::InputError, false);
    row(3, Kind::Permission, false);
    row(4, Kind::InputError, false);
    row(5, Kind::Permission, false);
    row(6, Kind::RateLimited, true);
    row(7, Kind::Credentials, false);
    row(1000, Kind::Permission, false);
    row(100000000, Kind::Credentials, false);
    row(100000001, Kind::Credentials, false);
    row(100000002, Kind::ClientBug, false);
    row(100000003, Kind::ClientBug, false);
    row(100000004, Kind::ClockSkew, true);
    row(100000005, Kind::Credentials, false);
    row(100000006, Kind::ClientBug, false);
    row(100000007, Kind::ClientBug, false);
    row(100000008, Kind::ClientBug, false);
    row(100000009, Kind::ClientBug, false);
    row(100000010, Kind::Credentials, false);
    row(100000011, Kind::Credentials, false);
    row(100000012, Kind::Transient, true);
    row(100000013, Kind::ClientBug, false);
    row(100000014, Kind::ClientBug, false);
    row(100000015, Kind::Transient, true);
    row(100000016, Kind::Credentials, false);
    row(100000017, Kind::Permission, false);
}

void TestReturnCodes::everyDocumentedCode()
{
    QFETCH(qint64, code);
    QFETCH(Kind, kind);
    QFETCH(bool, retryable);
    const CodeInfo info = ReturnCodes::lookup(code);
    QVERIFY(info.known);
    QCOMPARE(info.code, code);
    QCOMPARE(info.kind, kind);
    QCOMPARE(info.retryable, retryable);
    QVERIFY(!info.meaning.isEmpty());
    QVERIFY(!info.meaning.contains(u"Unknown"_qs));
    // Every failure tells the operator what to do.
    QCOMPARE(info.advice.isEmpty(), code == 0);
    QCOMPARE(ReturnCodes::isCredentialOrConfig(code), kind == Kind::Credentials);
}

void TestReturnCodes::nothingUndocumented()
{
    QCOMPARE(ReturnCodes::knownCodes().size(), 26);
    const QList<qint64> codes = ReturnCodes::knownCodes();
    QCOMPARE(QSet<qint64>(codes.begin(), codes.end()).size(), codes.size());
}

void TestReturnCodes::unknownCodes_data()
{
    QTest::addColumn<qint64>("code");
    QTest::newRow("1") << qint64(1);
    QTest::newRow("negative") << qint64(-1);
    QTest::newRow("100000018") << qint64(100000018);
    QTest::newRow("large") << qint64(9007199254740991);
}

void TestReturnCodes::unknownCodes()
{
    QFETCH(qint64, code);
    const CodeInfo info = ReturnCodes::lookup(code);
    QVERIFY(!info.known);
    QCOMPARE(info.kind, Kind::Unknown);
    QVERIFY(!info.retryable); // never retry blind
    QVERIFY(info.meaning.contains(QString::number(code)));
    QVERIFY(!info.advice.isEmpty());
    QVERIFY(!ReturnCodes::isCredentialOrConfig(code));
}

void TestReturnCodes::vendorCodes_data()
{
    // The per-stream codes of each vendor that their public documentation lists (see the sources
    // in returncodes.cpp): vendor, code, kind, retry can help.
    QTest::addColumn<Vendor>("vendor");
    QTest::addColumn<QString>("code");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retryable");
    const auto row = [](Vendor v, const char *code, Kind kind, bool retry) {
        QTest::addRow("%s %s", qPrintable(vendorWireName(v)), code)
            << v << QString::fromLatin1(code) << kind << retry;
    };
    row(Vendor::Tencent, "ResourceNotFound.ChannelNotExist", Kind::InputError, false);
    row(Vendor::Tencent, "ResourceNotFound.TaskId", Kind::InputError, false);
    row(Vendor::Tencent, "FailedOperation.StreamNotExist", Kind::InputError, false);
    row(Vendor::Tencent, "FailedOperation.AlterTaskState", Kind::Transient, true);
    row(Vendor::Tencent, "InternalError.SystemError", Kind::Transient, true);
    row(Vendor::Tencent, "InternalError.NetworkError", Kind::Transient, true);
    row(Vendor::Tencent, "InvalidParameter", Kind::InputError, false);
    row(Vendor::Tencent, "MissingParameter", Kind::InputError, false);
    row(Vendor::Tencent, "ResourceUnavailable.InvalidVodStatus", Kind::Permission, false);
    row(Vendor::Tencent, "UnsupportedOperation", Kind::Permission, false);
    row(Vendor::Tencent, "RequestLimitExceeded", Kind::RateLimited, true);
    row(Vendor::Ws, "404", Kind::InputError, false);
    row(Vendor::Ws, "400", Kind::InputError, false);
    row(Vendor::Ws, "403", Kind::Permission, false);
    row(Vendor::Ws, "429", Kind::RateLimited, true);
    row(Vendor::Ws, "500", Kind::Transient, true);
    row(Vendor::Ws, "503", Kind::Transient, true);
}

void TestReturnCodes::vendorCodes()
{
    QFETCH(Vendor, vendor);
    QFETCH(QString, code);
    QFETCH(Kind, kind);
    QFETCH(bool, retryable);
    const VendorCodeInfo info = ReturnCodes::lookup(vendor, code);
    QVERIFY(info.known);
    QCOMPARE(info.code, code);
    QCOMPARE(info.kind, kind);
    QCOMPARE(info.retryable, retryable);
    QVERIFY(!info.meaning.isEmpty());
    QVERIFY(!info.advice.isEmpty());
}

void TestReturnCodes::vendorCodeFamilies()
{
    // Tencent's codes are Family.Detail: an undocumented detail still gets the family's meaning,
    // so "FailedOperation.404" says something an operator can act on.
    const VendorCodeInfo info = ReturnCodes::lookup(Vendor::Tencent, u"FailedOperation.404"_qs);
    QVERIFY(!info.known);
    QVERIFY2(info.meaning.contains(u"failed"_qs, Qt::CaseInsensitive), qPrintable(info.meaning));
    QVERIFY(!info.advice.isEmpty());
    QVERIFY(!info.retryable);
    QCOMPARE(ReturnCodes::lookup(Vendor::Tencent, u"InternalError.Whatever"_qs).kind,
             Kind::Transient);
    // Success is success.
    QCOMPARE(ReturnCodes::lookup(Vendor::Tencent, QString()).kind, Kind::Success);
    QCOMPARE(ReturnCodes::lookup(Vendor::Ws, u"200"_qs).kind, Kind::Success);
    QCOMPARE(ReturnCodes::lookup(Vendor::Huawei, u"0"_qs).kind, Kind::Success);
}

void TestReturnCodes::unknownVendorCodes()
{
    for (const auto &[vendor, code] :
         {std::pair{Vendor::Tencent, u"Nonsense"_qs}, std::pair{Vendor::Ws, u"599"_qs},
          std::pair{Vendor::Huawei, u"123456"_qs}}) {
        const VendorCodeInfo info = ReturnCodes::lookup(vendor, code);
        QVERIFY(!info.known);
        QCOMPARE(info.kind, Kind::Unknown);
        QVERIFY(!info.retryable);
        QVERIFY(info.meaning.contains(code));
        QVERIFY(info.advice.contains(u"request ID"_qs));
    }
}

void TestReturnCodes::vendorTablesHaveNoDuplicates()
{
    for (Vendor v : {Vendor::Tencent, Vendor::Ws, Vendor::Huawei}) {
        const QStringList codes = ReturnCodes::knownVendorCodes(v);
        QCOMPARE(QSet<QString>(codes.begin(), codes.end()).size(), codes.size());
    }
    QVERIFY(ReturnCodes::knownVendorCodes(Vendor::Tencent).size() >= 10);
}

// A 409 answered to a start is "already recording" (not a failure for ZEGO support), for each
// vendor's shape; to a stop it is what it always was.
void TestReturnCodes::alreadyRecordingOnARestart()
{
    for (const auto &[vendor, code] :
         {std::pair{Vendor::Tencent, u"FailedOperation.409"_qs}, std::pair{Vendor::Ws, u"409"_qs},
          std::pair{Vendor::Huawei, u"409"_qs}}) {
        QVERIFY(ReturnCodes::meansAlreadyRecording(vendor, code));
        const VendorCodeInfo start = ReturnCodes::lookup(vendor, code, RunAction::Start);
        QCOMPARE(start.meaning, u"The stream is already being recorded."_qs);
        QVERIFY2(!start.advice.contains(u"support"_qs), qPrintable(start.advice));
        QVERIFY(!start.retryable);
        const VendorCodeInfo stop = ReturnCodes::lookup(vendor, code, RunAction::Stop);
        QCOMPARE(stop.meaning, ReturnCodes::lookup(vendor, code).meaning);
    }
    QVERIFY(!ReturnCodes::meansAlreadyRecording(Vendor::Tencent, u"FailedOperation.404"_qs));
    QVERIFY(!ReturnCodes::meansAlreadyRecording(Vendor::Ws, u"404"_qs));
}

QTEST_GUILESS_MAIN(TestReturnCodes)
#include "test_returncodes.moc"
