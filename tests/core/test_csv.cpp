// SPDX-License-Identifier: GPL-3.0-or-later
// The one CSV writer behind every export (the console's results, the History window's runs).
#include <model/csv.h>
#include <model/report.h>

#include <QTest>

using namespace cdnrec;

class TestCsv : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fields_data();
    void fields();
    void reportUsesIt();
};

void TestCsv::fields_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("plain") << u"room-1_a"_qs << QByteArray("room-1_a");
    QTest::addRow("empty") << QString() << QByteArray();
    QTest::addRow("comma") << u"a,b"_qs << QByteArray("\"a,b\"");
    QTest::addRow("quote") << u"say \"hi\""_qs << QByteArray("\"say \"\"hi\"\"\"");
    QTest::addRow("newline") << u"one\ntwo"_qs << QByteArray("\"one\ntwo\"");
    QTest::addRow("carriage return") << u"one\rtwo"_qs << QByteArray("\"one\rtwo\"");
    QTest::addRow("utf-8") << u"流-1"_qs << QByteArray("\xe6\xb5\x81-1");
    // Spreadsheets run a cell that starts with these as a formula.
    QTest::addRow("=") << u"=1+2"_qs << QByteArray("'=1+2");
    QTest::addRow("+") << u"+1"_qs << QByteArray("'+1");
    QTest::addRow("-") << u"-2+3"_qs << QByteArray("'-2+3");
    QTest::addRow("@") << u"@SUM(A1)"_qs << QByteArray("'@SUM(A1)");
    QTest::addRow("tab") << u"\t=1"_qs << QByteArray("'\t=1");
    QTest::addRow("formula with comma")
        << u"=HYPERLINK(\"http://x\",\"y\")"_qs
        << QByteArray("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    QTest::addRow("= later is fine") << u"a=b"_qs << QByteArray("a=b");
}

void TestCsv::fields()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(CsvWriter::field(value), expected);
    CsvWriter w({u"h1"_qs, u"h2"_qs});
    w.addRow({value, u"x"_qs});
    QCOMPARE(w.data(), QByteArray("h1,h2\r\n") + expected + ",x\r\n");
}

void TestCsv::reportUsesIt()
{
    StreamOutcome a;
    a.streamId = u"=cmd|' /C calc'!A0"_qs;
    a.status = StreamStatus::Failed;
    a.code = u"-1"_qs;
    a.message = u"@evil, \"quoted\""_qs;
    a.attempts = 2;
    const QByteArray csv = Report::toCsv({a});
    QCOMPARE(csv,
             QByteArray("stream_id,status,code,message,vendor_request_id,request_id,attempts\r\n"
                        "'=cmd|' /C calc'!A0,failed,'-1,\"'@evil, \"\"quoted\"\"\",,,2\r\n"));
}

QTEST_GUILESS_MAIN(TestCsv)
#include "test_csv.moc"
