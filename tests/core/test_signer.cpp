// SPDX-License-Identifier: GPL-3.0-or-later
#include <engine/signer.h>

#include <QSet>
#include <QTest>

using cdnrec::Signer;

class TestSigner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void publishedVector();
    void everyInputCounts_data();
    void everyInputCounts();
    void nonceFormat();
    void nonceNeverRepeatsEvenWhenTheSourceDoes();
    void nonceUniqueAcrossManyCalls();
    void nonceValidation_data();
    void nonceValidation();
};

void TestSigner::publishedVector()
{
    // The vector of ZEGO's Go sample for server API signatures, recomputed with md5sum.
    QCOMPARE(Signer::signature(12345, u"4fd24687296dd9f3", u"9193cc662a4c0ec135ec71fb57194b38",
                               1615186943),
             QStringLiteral("43e5cfcca828314675f91b001390566a"));
}

void TestSigner::everyInputCounts_data()
{
    QTest::addColumn<quint32>("appId");
    QTest::addColumn<QString>("nonce");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<qint64>("timestamp");
    QTest::newRow("appId") << 12346u << u"4fd24687296dd9f3"_qs
                           << u"9193cc662a4c0ec135ec71fb57194b38"_qs << qint64(1615186943);
    QTest::newRow("nonce") << 12345u << u"4fd24687296dd9f4"_qs
                           << u"9193cc662a4c0ec135ec71fb57194b38"_qs << qint64(1615186943);
    QTest::newRow("secret") << 12345u << u"4fd24687296dd9f3"_qs
                            << u"9193cc662a4c0ec135ec71fb57194b39"_qs << qint64(1615186943);
    QTest::newRow("timestamp") << 12345u << u"4fd24687296dd9f3"_qs
                               << u"9193cc662a4c0ec135ec71fb57194b38"_qs << qint64(1615186944);
}

void TestSigner::everyInputCounts()
{
    QFETCH(quint32, appId);
    QFETCH(QString, nonce);
    QFETCH(QString, secret);
    QFETCH(qint64, timestamp);
    const QString sig = Signer::signature(appId, nonce, secret, timestamp);
    QCOMPARE(sig.size(), 32);
    QVERIFY(sig != QStringLiteral("43e5cfcca828314675f91b001390566a"));
    QCOMPARE(sig, sig.toLower());
}

void TestSigner::nonceFormat()
{
    Signer signer;
    for (int i = 0; i < 1000; ++i) {
        const QString n = signer.nextNonce();
        QVERIFY2(Signer::isValidNonce(n), qPrintable(n));
    }
    // Leading zero bytes are kept: always 16 characters.
    Signer small([] { return quint64(0x2a); });
    QCOMPARE(small.nextNonce(), QStringLiteral("000000000000002a"));
}

void TestSigner::nonceNeverRepeatsEvenWhenTheSourceDoes()
{
    QList<quint64> script{7, 7, 7, 9, 7, 9, 11};
    Signer signer([&script] { return script.takeFirst(); });
    QCOMPARE(signer.nextNonce(), QStringLiteral("0000000000000007"));
    QCOMPARE(signer.nextNonce(), QStringLiteral("0000000000000009"));
    QCOMPARE(signer.nextNonce(), QStringLiteral("000000000000000b"));
    QVERIFY(script.isEmpty());
}

void TestSigner::nonceUniqueAcrossManyCalls()
{
    QSet<QString> seen;
    for (int i = 0; i < 100000; ++i)
        seen.insert(Signer::shared().nextNonce());
    QCOMPARE(seen.size(), 100000);
}

void TestSigner::nonceValidation_data()
{
    QTest::addColumn<QString>("nonce");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ok") << u"4fd24687296dd9f3"_qs << true;
    QTest::newRow("upper") << u"4FD24687296DD9F3"_qs << false;
    QTest::newRow("short") << u"4fd24687296dd9f"_qs << false;
    QTest::newRow("long") << u"4fd24687296dd9f33"_qs << false;
    QTest::newRow("not hex") << u"4fd24687296dd9g3"_qs << false;
}

void TestSigner::nonceValidation()
{
    QFETCH(QString, nonce);
    QFETCH(bool, valid);
    QCOMPARE(Signer::isValidNonce(nonce), valid);
}

QTEST_GUILESS_MAIN(TestSigner)
#include "test_signer.moc"
