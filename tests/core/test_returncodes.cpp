// SPDX-License-Identifier: GPL-3.0-or-later
#include "returncodes.h"

#include <QSet>
#include <QTest>

using namespace cdnrec;
using Kind = CodeInfo::Kind;
Q_DECLARE_METATYPE(cdnrec::CodeInfo::Kind)

class TestReturnCodes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyDocumentedCode_data();
    void everyDocumentedCode();
    void nothingUndocumented();
    void unknownCodes_data();
    void unknownCodes();
};

void TestReturnCodes::everyDocumentedCode_data()
{
    // api/FACTS.md, row by row: code, kind, retry can help.
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

QTEST_GUILESS_MAIN(TestReturnCodes)
#include "test_returncodes.moc"
