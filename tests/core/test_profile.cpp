// SPDX-License-Identifier: GPL-3.0-or-later
#include <model/profile.h>

#include <QTest>

#include <limits>

using namespace cdnrec;

class TestProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aGoodProfile();
    void fieldErrors_data();
    void fieldErrors();
    void appIdParsing_data();
    void appIdParsing();
    void endpoints();
    void environments();
};

namespace {
Profile good()
{
    Profile p;
    p.name = u"Acme live"_qs;
    p.appId = 1234567890;
    return p;
}
} // namespace

void TestProfile::aGoodProfile()
{
    QVERIFY(good().validate().isEmpty());
    QCOMPARE(good().endpoint(), QUrl(u"https://rtc-api.zego.im/"_qs));
}

void TestProfile::fieldErrors_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("mentions");
    QTest::addColumn<std::function<void(Profile &)>>("change");
    QTest::newRow("empty name") << u"name"_qs << u"required"_qs
                                << std::function<void(Profile &)>(
                                       [](Profile &p) { p.name.clear(); });
    QTest::newRow("spaces") << u"name"_qs << u"spaces"_qs
                            << std::function<void(Profile &)>(
                                   [](Profile &p) { p.name = u" x"_qs; });
    QTest::newRow("slash") << u"name"_qs << u"/"_qs
                           << std::function<void(Profile &)>(
                                  [](Profile &p) { p.name = u"a/b"_qs; });
    for (const auto &[row, name] :
         {std::pair{"escape", u"Evil\x1b[2J"_qs}, std::pair{"bell", u"a\x07-"_qs},
          std::pair{"line break", u"a\nb"_qs}, std::pair{"tab", u"a\tb"_qs},
          std::pair{"C1", u"a\u009bb"_qs}, std::pair{"bidi override", u"pc\u202egnp"_qs}})
        QTest::newRow(row) << u"name"_qs << u"control characters"_qs
                           << std::function<void(Profile &)>(
                                  [name = name](Profile &p) { p.name = name; });
    QTest::newRow("practice") << u"name"_qs << u"built-in"_qs
                              << std::function<void(Profile &)>(
                                     [](Profile &p) { p.name = u"practice"_qs; });
    QTest::newRow("app id 0") << u"appId"_qs << u"required"_qs
                              << std::function<void(Profile &)>([](Profile &p) { p.appId = 0; });
    QTest::newRow("unknown region")
        << u"region"_qs << u"Unknown region"_qs
        << std::function<void(Profile &)>([](Profile &p) { p.region = u"mars"_qs; });
    QTest::newRow("no endpoint") << u"endpoint"_qs << u"region or give"_qs
                                 << std::function<void(Profile &)>(
                                        [](Profile &p) { p.region.clear(); });
    QTest::newRow("http remote") << u"endpoint"_qs << u"loopback"_qs
                                 << std::function<void(Profile &)>([](Profile &p) {
                                        p.region.clear();
                                        p.customEndpoint = QUrl(u"http://rtc-api.zego.im/"_qs);
                                    });
    // The one rule of Rate (as --rate): 0.1 to 20, a number.
    QTest::newRow("rate 21") << u"rate"_qs << u"0.1 to 20"_qs
                             << std::function<void(Profile &)>(
                                    [](Profile &p) { p.callsPerSecond = 21; });
    QTest::newRow("rate 0") << u"rate"_qs << u"0.1 to 20"_qs
                            << std::function<void(Profile &)>(
                                   [](Profile &p) { p.callsPerSecond = 0; });
    QTest::newRow("rate 0.05") << u"rate"_qs << u"0.1 to 20"_qs
                               << std::function<void(Profile &)>(
                                      [](Profile &p) { p.callsPerSecond = 0.05; });
    QTest::newRow("rate NaN") << u"rate"_qs << u"0.1 to 20"_qs
                              << std::function<void(Profile &)>([](Profile &p) {
                                     p.callsPerSecond = std::numeric_limits<double>::quiet_NaN();
                                 });
    QTest::newRow("batch 0") << u"batchSize"_qs << u"1 to 100"_qs
                             << std::function<void(Profile &)>([](Profile &p) { p.batchSize = 0; });
    QTest::newRow("batch 101") << u"batchSize"_qs << u"1 to 100"_qs
                               << std::function<void(Profile &)>(
                                      [](Profile &p) { p.batchSize = 101; });
}

void TestProfile::fieldErrors()
{
    QFETCH(QString, field);
    QFETCH(QString, mentions);
    QFETCH(std::function<void(Profile &)>, change);
    Profile p = good();
    change(p);
    const auto errors = p.validate();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.front().field, field);
    QVERIFY2(errors.front().message.contains(mentions), qPrintable(errors.front().message));
}

void TestProfile::appIdParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<quint32>("value");
    QTest::newRow("plain") << u"1234567890"_qs << true << 1234567890u;
    QTest::newRow("spaces") << u" 42 "_qs << true << 42u;
    QTest::newRow("max") << u"4294967295"_qs << true << 4294967295u;
    QTest::newRow("too big") << u"4294967296"_qs << false << 0u;
    QTest::newRow("negative") << u"-1"_qs << false << 0u;
    QTest::newRow("plus") << u"+5"_qs << false << 0u;
    QTest::newRow("text") << u"abc"_qs << false << 0u;
    QTest::newRow("empty") << QString() << false << 0u;
    QTest::newRow("hex") << u"0x10"_qs << false << 0u;
}

void TestProfile::appIdParsing()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(quint32, value);
    QString error;
    const auto got = Profile::parseAppId(text, &error);
    QCOMPARE(got.has_value(), ok);
    QCOMPARE(error.isEmpty(), ok);
    if (ok)
        QCOMPARE(*got, value);
}

void TestProfile::endpoints()
{
    Profile p = good();
    p.region = u"sgp"_qs;
    QCOMPARE(p.endpoint(), QUrl(u"https://rtc-api-sgp.zego.im/"_qs));
    p.region.clear();
    p.customEndpoint = QUrl(u"http://127.0.0.1:8080/"_qs);
    QVERIFY(p.validate().isEmpty()); // the simulator
    QCOMPARE(p.endpoint(), p.customEndpoint);
}

void TestProfile::environments()
{
    for (auto e : {Profile::Environment::Production, Profile::Environment::Staging,
                   Profile::Environment::Test, Profile::Environment::Practice})
        QCOMPARE(Profile::environmentFromKey(Profile::environmentKey(e)), e);
    QVERIFY(!Profile::environmentFromKey(u"prod"_qs));
    QCOMPARE(Profile::environmentDisplayName(Profile::Environment::Production), u"PRODUCTION"_qs);
}

QTEST_GUILESS_MAIN(TestProfile)
#include "test_profile.moc"
