// SPDX-License-Identifier: GPL-3.0-or-later
// A call rate: one rule for every front end, from text or from a number held.
#include <engine/ratelimiter.h>
#include <model/rate.h>

#include <QTest>

#include <cmath>
#include <limits>

using namespace cdnrec;

namespace {

const QUrl kZego(u"https://rtc-api.zego.im/"_qs);
const QUrl kLoopback(u"http://127.0.0.1:8080/"_qs);

} // namespace

class TestRate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void values_data();
    void values();
    void refusalSaysTheRange();
    void theEngineBoundsEveryNumberAlike();
    void defaultIsTenAndValid();
};

void TestRate::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QUrl>("endpoint");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<double>("perSecond");
    const struct
    {
        const char *text;
        bool zego;     // accepted for ZEGO
        bool loopback; // accepted on a loopback endpoint
        double value;
    } cases[] = {
        {"abc", false, false, 0},    {"NaN", false, false, 0},    {"nan", false, false, 0},
        {"inf", false, false, 0},    {"-inf", false, false, 0},   {"-1", false, false, 0},
        {"0", false, false, 0},      {"0.05", false, false, 0},   {"1e-300", false, false, 0},
        {"0.1", true, true, 0.1},    {"10", true, true, 10},      {" 2.5 ", true, true, 2.5},
        {"20", true, true, 20},      {"20.5", false, true, 20.5}, {"1e3", false, true, 1000},
        {"1000", false, true, 1000}, {"1001", false, false, 0},   {"", false, false, 0},
        {"1e400", false, false, 0},
    };
    for (const auto &c : cases) {
        const QString text = QString::fromLatin1(c.text);
        QTest::addRow("'%s' at ZEGO", c.text) << text << kZego << c.zego << c.value;
        QTest::addRow("'%s' on loopback", c.text) << text << kLoopback << c.loopback << c.value;
    }
    // An empty endpoint is ZEGO's: no loopback exception without a loopback host.
    QTest::newRow("'50' without endpoint") << u"50"_qs << QUrl() << false << 0.0;
    QTest::newRow("'50' on localhost")
        << u"50"_qs << QUrl(u"http://localhost:9/"_qs) << true << 50.0;
    QTest::newRow("'50' on ::1") << u"50"_qs << QUrl(u"http://[::1]:9/"_qs) << true << 50.0;
}

void TestRate::parse()
{
    QFETCH(QString, text);
    QFETCH(QUrl, endpoint);
    QFETCH(bool, accepted);
    QFETCH(double, perSecond);
    QString why = u"untouched"_qs;
    const std::optional<Rate> r = Rate::parse(text, endpoint, &why);
    QCOMPARE(r.has_value(), accepted);
    if (accepted) {
        QCOMPARE(r->perSecond(), perSecond);
        QCOMPARE(why, u"untouched"_qs);
    } else {
        QVERIFY2(why.startsWith(u"the call rate must be a number from 0.1 to "_qs),
                 qPrintable(why));
    }
}

void TestRate::values_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("zego");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("NaN") << std::nan("") << false << false;
    QTest::newRow("+inf") << std::numeric_limits<double>::infinity() << false << false;
    QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << false << false;
    QTest::newRow("negative") << -5.0 << false << false;
    QTest::newRow("zero") << 0.0 << false << false;
    QTest::newRow("denormal") << std::numeric_limits<double>::denorm_min() << false << false;
    QTest::newRow("minimum") << Rate::Min << true << true;
    QTest::newRow("ZEGO's ceiling") << Rate::ZegoMax << true << true;
    QTest::newRow("just above") << std::nextafter(Rate::ZegoMax, 100.0) << false << true;
    QTest::newRow("loopback ceiling") << Rate::LoopbackMax << false << true;
    QTest::newRow("above that") << Rate::LoopbackMax + 1 << false << false;
}

void TestRate::values()
{
    QFETCH(double, value);
    QFETCH(bool, zego);
    QFETCH(bool, loopback);
    QCOMPARE(Rate::fromValue(value, kZego, nullptr).has_value(), zego);
    QCOMPARE(Rate::fromValue(value, kLoopback, nullptr).has_value(), loopback);
    if (zego)
        QCOMPARE(Rate::fromValue(value, kZego, nullptr)->perSecond(), value);
}

void TestRate::refusalSaysTheRange()
{
    QString why;
    QVERIFY(!Rate::parse(u"21"_qs, kZego, &why, u"--rate"_qs));
    QCOMPARE(why, u"--rate must be a number from 0.1 to 20 calls per second (ZEGO allows 20 per "
                  "AppId)"_qs);
    QVERIFY(!Rate::parse(u"ten"_qs, kLoopback, &why, u"--rate"_qs));
    QCOMPARE(why, u"--rate must be a number from 0.1 to 1000 calls per second (ZEGO allows 20 "
                  "per AppId)"_qs);
    QCOMPARE(Rate::maxFor(kZego), 20.0);
    QCOMPARE(Rate::maxFor(kLoopback), 1000.0);
}

void TestRate::theEngineBoundsEveryNumberAlike()
{
    // The job and the pacer take a rate no front end checked through one rule: nonsense is the
    // default (not 1 call/s in one place and 10 in the other), the rest is held in range.
    const double nan = std::nan("");
    const double inf = std::numeric_limits<double>::infinity();
    for (double v : {nan, inf, -inf, -5.0, 0.0})
        QCOMPARE(Rate::bounded(v), Rate::Default);
    QCOMPARE(Rate::bounded(1e-9), Rate::EngineMin);
    QCOMPARE(Rate::bounded(2.5), 2.5);
    QCOMPARE(Rate::bounded(1e6), Rate::LoopbackMax);
    for (double v : {nan, inf, -inf, -5.0, 0.0, 1e-9, 2.5, 1e6})
        QCOMPARE(RateLimiter::clampedRate(v), Rate::bounded(v));
    // Every rate a front end accepts is kept as it is.
    QCOMPARE(Rate::bounded(Rate::Min), Rate::Min);
    QCOMPARE(Rate::bounded(Rate::LoopbackMax), Rate::LoopbackMax);
}

void TestRate::defaultIsTenAndValid()
{
    QCOMPARE(Rate().perSecond(), 10.0);
    QCOMPARE(Rate().perSecond(), Rate::Default);
    // The default passes the rule it is checked by, wherever the calls go.
    QVERIFY(Rate::fromValue(Rate::Default, kZego, nullptr));
    QCOMPARE(*Rate::parse(u"10"_qs, kZego, nullptr), Rate());
}

QTEST_GUILESS_MAIN(TestRate)
#include "test_rate.moc"
