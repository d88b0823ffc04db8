// SPDX-License-Identifier: GPL-3.0-or-later
#include <model/terminaltext.h>

#include <QTest>

using namespace cdnrec;

class TestTerminalText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void escapes_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << QStringLiteral("live-01 流") << QStringLiteral("live-01 流");
        QTest::newRow("clear screen")
            << QStringLiteral("\x1b[2J\x1b[H") << QStringLiteral("\\x1b[2J\\x1b[H");
        QTest::newRow("forged line")
            << QStringLiteral("ok\nlive-9  stopped") << QStringLiteral("ok\\nlive-9  stopped");
        QTest::newRow("carriage return") << QStringLiteral("a\rb") << QStringLiteral("a\\rb");
        QTest::newRow("bell and DEL") << QStringLiteral("\a\x7f") << QStringLiteral("\\x07\\x7f");
        QTest::newRow("C1 CSI") << QString(QChar(0x9b)) + QStringLiteral("31m")
                                << QStringLiteral("\\x9b31m");
        QTest::newRow("bidi override") << QString(QChar(0x202e)) + QStringLiteral("txt.exe")
                                       << QStringLiteral("\\u202etxt.exe");
        QTest::newRow("bidi isolate") << QString(QChar(0x2067)) << QStringLiteral("\\u2067");
    }
    void escapes()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(printable(in), out);
        QCOMPARE(needsEscaping(in), in != out);
        // Nothing hostile survives, whatever the input.
        for (const QChar c : printable(in))
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(printable(in)));
    }
};

QTEST_GUILESS_MAIN(TestTerminalText)
#include "test_terminaltext.moc"
