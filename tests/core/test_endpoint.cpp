// SPDX-License-Identifier: GPL-3.0-or-later
#include <model/endpoint.h>

#include <QTest>

using namespace cdnrec;

class TestEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void accepted_data();
    void accepted();
    void refused_data();
    void refused();
};

void TestEndpoint::accepted_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("default") << Endpoint::defaultUrl().toString();
    QTest::newRow("region") << u"https://rtc-api-sha.zego.im/"_qs;
    QTest::newRow("loopback http") << u"http://127.0.0.1:8080/"_qs;
    QTest::newRow("localhost http") << u"http://localhost:8080/"_qs;
    QTest::newRow("ipv6 loopback") << u"http://[::1]:8080/"_qs;
}

void TestEndpoint::accepted()
{
    QFETCH(QString, url);
    QCOMPARE(Endpoint::problem(QUrl(url)), QString());
}

void TestEndpoint::refused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("user and password, loopback")
        << u"http://user:pw@127.0.0.1/"_qs << u"user name or password"_qs;
    QTest::newRow("user only, https")
        << u"https://user@rtc-api.zego.im/"_qs << u"user name or password"_qs;
    QTest::newRow("empty user, password")
        << u"https://:secret@rtc-api.zego.im/"_qs << u"user name or password"_qs;
    QTest::newRow("http remote") << u"http://rtc-api.zego.im/"_qs << u"loopback"_qs;
    QTest::newRow("ftp") << u"ftp://rtc-api.zego.im/"_qs << u"https://"_qs;
    QTest::newRow("query") << u"https://rtc-api.zego.im/?a=b"_qs << u"query"_qs;
    QTest::newRow("no host") << u"https:///x"_qs << u"host"_qs;
}

void TestEndpoint::refused()
{
    QFETCH(QString, url);
    QFETCH(QString, mentions);
    const QString why = Endpoint::problem(QUrl(url));
    QVERIFY2(why.contains(mentions), qPrintable(why));
    // The sentence never repeats a password.
    QVERIFY2(!why.contains(u"pw"_qs) && !why.contains(u"secret"_qs), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestEndpoint)
#include "test_endpoint.moc"
