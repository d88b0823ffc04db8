// SPDX-License-Identifier: GPL-3.0-or-later
#include "teststep.h"
#include <model/streamids.h>

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cdnrec;
using V = StreamIds::Verdict;
Q_DECLARE_METATYPE(cdnrec::StreamIds::Verdict)

namespace {
QStringList ids(const QList<StreamIds::Item> &items)
{
    QStringList out;
    for (const auto &i : items)
        out.append(i.id);
    return out;
}
QList<V> verdicts(const QList<StreamIds::Item> &items)
{
    QList<V> out;
    for (const auto &i : items)
        out.append(i.verdict);
    return out;
}
} // namespace

class TestStreamIds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void separators_data();
    void separators();
    void verdictOfOne_data();
    void verdictOfOne();
    void duplicatesIgnoreSurroundingSpaces();
    void orderAndLinesKept();
    void bomAndCrlf();
    void csvWithHeader();
    void csvQuotes();
    void csvWithoutRecognisedHeader();
    void csvEmptyCellIsSkipped();
    void tsvHeader();
    void quotedPlainTokens();
    void files();
    void unreadableFiles();
    void devicesAndFifosNeverHang();
    void hundredThousandLines();
    void summary();
};

void TestStreamIds::separators_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("newline") << u"a\nb\nc"_qs;
    QTest::newRow("comma") << u"a,b,c"_qs;
    QTest::newRow("tab") << u"a\tb\tc"_qs;
    QTest::newRow("space") << u"a b  c"_qs;
    QTest::newRow("semicolon") << u"a;b;c"_qs;
    QTest::newRow("mixed") << u" a, b;\tc \n\n"_qs;
    QTest::newRow("crlf") << u"a\r\nb\r\nc\r\n"_qs;
    QTest::newRow("ideographic space") << u"a\u3000b\u00a0c"_qs;
}

void TestStreamIds::separators()
{
    QFETCH(QString, text);
    const auto items = StreamIds::parse(text);
    QCOMPARE(ids(items), (QStringList{u"a"_qs, u"b"_qs, u"c"_qs}));
    QCOMPARE(verdicts(items), (QList<V>{V::Ok, V::Ok, V::Ok}));
}

void TestStreamIds::verdictOfOne_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<V>("verdict");
    QTest::addColumn<QString>("reason");
    QTest::newRow("simple") << u"cdn01"_qs << V::Ok << QString();
    QTest::newRow("rule chars") << u"Az09-_"_qs << V::Ok << QString();
    QTest::newRow("256 chars") << QString(256, u'x') << V::Ok << QString();
    QTest::newRow("257 chars") << QString(257, u'x') << V::Invalid << u"256 bytes"_qs;
    QTest::newRow("86 chinese = 258 bytes")
        << QString(86, QChar(0x76f4)) << V::Invalid << u"258"_qs;
    QTest::newRow("85 chinese = 255 bytes")
        << QString(85, QChar(0x76f4)) << V::Warning << u"outside"_qs;
    QTest::newRow("dot") << u"room.1"_qs << V::Warning << u"."_qs;
    QTest::newRow("plus and percent") << u"a+b%c"_qs << V::Warning << u"+ %"_qs;
    QTest::newRow("empty") << QString() << V::Invalid << u"empty"_qs;
    QTest::newRow("inner space") << u"a b"_qs << V::Invalid << u"whitespace"_qs;
    QTest::newRow("tab") << u"a\tb"_qs << V::Invalid << u"whitespace"_qs;
    QTest::newRow("control") << u"a\u0001b"_qs << V::Invalid << u"U+0001"_qs;
    QTest::newRow("zero width") << u"a\u200Bb"_qs << V::Invalid << u"U+200B"_qs;
    QTest::newRow("bidi override") << u"a\u202Eb"_qs << V::Invalid << u"U+202E"_qs;
    QTest::newRow("emoji") << u"live🎥"_qs << V::Warning << u"🎥"_qs;
}

void TestStreamIds::verdictOfOne()
{
    QFETCH(QString, id);
    QFETCH(V, verdict);
    QFETCH(QString, reason);
    QString why;
    QCOMPARE(StreamIds::check(id, &why), verdict);
    QVERIFY2(why.contains(reason), qPrintable(why));
    QCOMPARE(why.isEmpty(), verdict == V::Ok);
}

void TestStreamIds::duplicatesIgnoreSurroundingSpaces()
{
    const auto items =
        StreamIds::parse(u"stream_id\n  a  \na\n\"a \"\nb"_qs, StreamIds::Format::Csv);
    QCOMPARE(ids(items), (QStringList{u"a"_qs, u"a"_qs, u"a"_qs, u"b"_qs}));
    QCOMPARE(verdicts(items), (QList<V>{V::Ok, V::Duplicate, V::Duplicate, V::Ok}));
    QVERIFY(items[1].reason.contains(u"line 2"_qs));
}

void TestStreamIds::orderAndLinesKept()
{
    const auto items = StreamIds::parse(u"z1\n\ny2 x3\nw4"_qs);
    QCOMPARE(ids(items), (QStringList{u"z1"_qs, u"y2"_qs, u"x3"_qs, u"w4"_qs}));
    QCOMPARE(items[0].line, 1);
    QCOMPARE(items[1].line, 3);
    QCOMPARE(items[2].line, 3);
    QCOMPARE(items[3].line, 4);
}

void TestStreamIds::bomAndCrlf()
{
    const auto plain = StreamIds::parse(u"\uFEFFa\r\nb\r\n"_qs);
    QCOMPARE(ids(plain), (QStringList{u"a"_qs, u"b"_qs}));
    QCOMPARE(verdicts(plain), (QList<V>{V::Ok, V::Ok}));
    const auto csv = StreamIds::parse(u"\uFEFFStream ID,note\r\nx,1\r\ny,2\r\n"_qs);
    QCOMPARE(ids(csv), (QStringList{u"x"_qs, u"y"_qs}));
}

void TestStreamIds::csvWithHeader()
{
    const QString text =
        u"customer,stream_id,started\nacme,s-1,2026-01-01\nacme,s-2,2026-01-02\n"_qs;
    const auto items = StreamIds::parse(text);
    QCOMPARE(ids(items), (QStringList{u"s-1"_qs, u"s-2"_qs}));
    QCOMPARE(items[0].line, 2);
    // Other spellings of the header.
    for (const QString &h : {u"StreamId"_qs, u"Stream ID"_qs, u"streamName"_qs, u"流ID"_qs}) {
        const auto got = StreamIds::parse(QString(u"x,"_qs + h + u"\n1,s\n"_qs));
        QCOMPARE(ids(got), QStringList{u"s"_qs});
    }
}

void TestStreamIds::csvQuotes()
{
    const QString text =
        u"stream_id,comment\n\"a,b\",\"said \"\"hi\"\"\"\n\"multi\nline\",x\n plain ,y\n"_qs;
    const auto items = StreamIds::parse(text);
    QCOMPARE(ids(items), (QStringList{u"a,b"_qs, u"multi\nline"_qs, u"plain"_qs}));
    QCOMPARE(verdicts(items), (QList<V>{V::Warning, V::Invalid, V::Ok}));
    QCOMPARE(items[2].line, 5);
}

void TestStreamIds::csvWithoutRecognisedHeader()
{
    // A .csv without a stream-ID header: the first column, every row.
    const auto items = StreamIds::parse(u"a,1\nb,2\n"_qs, StreamIds::Format::Csv);
    QCOMPARE(ids(items), (QStringList{u"a"_qs, u"b"_qs}));
    // Free text with commas is not mistaken for CSV.
    QCOMPARE(ids(StreamIds::parse(u"a,1\nb,2\n"_qs)),
             (QStringList{u"a"_qs, u"1"_qs, u"b"_qs, u"2"_qs}));
}

void TestStreamIds::csvEmptyCellIsSkipped()
{
    // An empty cell is a blank line of a spreadsheet: skipped, as blank lines of text are.
    const auto items =
        StreamIds::parse(u"name,stream\nx,\ny,s1\nz,\"\"\nw,\" \"\nshort\nv,s2\n"_qs);
    QCOMPARE(ids(items), (QStringList{u"s1"_qs, u"s2"_qs}));
    QCOMPARE(verdicts(items), (QList<V>{V::Ok, V::Ok}));
    QCOMPARE(items[0].line, 3);
    QCOMPARE(items[1].line, 7);
    // The same without a header, in a .csv.
    QCOMPARE(ids(StreamIds::parse(u"a,1\n,2\nb,3\n"_qs, StreamIds::Format::Csv)),
             (QStringList{u"a"_qs, u"b"_qs}));
    // What is in a cell is still judged: whitespace inside is invalid, not skipped.
    const auto inner = StreamIds::parse(u"stream_id\n\"a b\"\n"_qs);
    QCOMPARE(verdicts(inner), QList<V>{V::Invalid});
}

void TestStreamIds::tsvHeader()
{
    const auto items = StreamIds::parse(u"id\tStream_Id\n1\tt-1\n2\tt-2"_qs);
    QCOMPARE(ids(items), (QStringList{u"t-1"_qs, u"t-2"_qs}));
}

void TestStreamIds::quotedPlainTokens()
{
    // Pasted from a JSON array or a spreadsheet.
    const auto items = StreamIds::parse(u"\"a\", \"b\", 'c'"_qs);
    QCOMPARE(ids(items), (QStringList{u"a"_qs, u"b"_qs, u"c"_qs}));
}

void TestStreamIds::files()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Its check returns from it only: called through TEST_STEP.
    const auto write = [&](const QString &name, const QByteArray &data) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
    };
    TEST_STEP(write(u"list.txt"_qs, "\xEF\xBB\xBF"
                                    "a\r\nb\r\n\xE7\x9B\xB4\xE6\x92\xAD\r\n"));
    QString error;
    auto items = StreamIds::parseFile(dir.filePath(u"list.txt"_qs), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(ids(items), (QStringList{u"a"_qs, u"b"_qs, u"直播"_qs}));

    // UTF-16 with a BOM, as some spreadsheet programs save.
    QByteArray utf16("\xFF\xFE", 2);
    for (QChar c : u"stream_id\r\nx\r\n"_qs) {
        utf16.append(char(c.unicode() & 0xff));
        utf16.append(char(c.unicode() >> 8));
    }
    TEST_STEP(write(u"sheet.csv"_qs, utf16));
    items = StreamIds::parseFile(dir.filePath(u"sheet.csv"_qs), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(ids(items), QStringList{u"x"_qs});
}

void TestStreamIds::unreadableFiles()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(StreamIds::parseFile(dir.filePath(u"missing.txt"_qs), &error).isEmpty());
    QVERIFY(error.contains(u"missing.txt"_qs));

    QFile bin(dir.filePath(u"image.png"_qs));
    QVERIFY(bin.open(QIODevice::WriteOnly));
    bin.write(QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    bin.close();
    QVERIFY(StreamIds::parseFile(bin.fileName(), &error).isEmpty());
    QVERIFY2(error.contains(u"not a text file"_qs), qPrintable(error));

    QFile latin(dir.filePath(u"latin1.txt"_qs));
    QVERIFY(latin.open(QIODevice::WriteOnly));
    latin.write("caf\xE9\n");
    latin.close();
    QVERIFY(StreamIds::parseFile(latin.fileName(), &error).isEmpty());
    QVERIFY2(error.contains(u"UTF-8"_qs), qPrintable(error));
}

void TestStreamIds::hundredThousandLines()
{
    QString text;
    for (int i = 0; i < 100000; ++i)
        text += QStringLiteral("stream-%1\n").arg(i % 90000);
    const auto items = StreamIds::parse(text);
    QCOMPARE(items.size(), 100000);
    const auto s = StreamIds::summarize(items);
    QCOMPARE(s.ok, 90000);
    QCOMPARE(s.duplicates, 10000);
    QCOMPARE(items.back().line, 100000);
    QCOMPARE(items.back().reason, u"duplicate of line 10000"_qs);
}

void TestStreamIds::summary()
{
    const auto s = StreamIds::summarize(StreamIds::parse(u"a a b.c \"\" d\u0001"_qs));
    QCOMPARE(s.ok, 1);
    QCOMPARE(s.duplicates, 1);
    QCOMPARE(s.warnings, 1);
    QCOMPARE(s.invalid, 2);
    QCOMPARE(s.sendable(), 2);
}

// A device never ends and a FIFO nobody writes to never starts: /dev/zero used to be read until
// memory ran out, and a FIFO hung the import (or the CLI's --file) for ever.
void TestStreamIds::devicesAndFifosNeverHang()
{
    QString error;
    QVERIFY(StreamIds::parseFile(u"/dev/zero"_qs, &error).isEmpty());
    QVERIFY2(error.contains(u"is not a file"_qs), qPrintable(error));
    QVERIFY(StreamIds::parseFile(u"/dev/urandom"_qs, &error).isEmpty());
    QVERIFY2(error.contains(u"is not a file"_qs), qPrintable(error));

    QTemporaryDir dir;
    const QString fifo = dir.filePath(u"ids.fifo"_qs);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(StreamIds::parseFile(fifo, &error).isEmpty());
    QVERIFY2(error.contains(u"Nothing arrived from ids.fifo within 10 s"_qs), qPrintable(error));
    QVERIFY(clock.elapsed() < 30000); // the wait ends; no hang

    // A pipe that does bring IDs (`--file <(cmd)`) is read like a file.
    QProcess writer;
    writer.start(u"sh"_qs, {u"-c"_qs, u"printf 'p-1\\np-2\\n' > \"$0\""_qs, fifo});
    const auto items = StreamIds::parseFile(fifo, &error);
    QVERIFY(writer.waitForFinished(10000));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(1).id, u"p-2"_qs);
}

QTEST_GUILESS_MAIN(TestStreamIds)
#include "test_streamids.moc"
