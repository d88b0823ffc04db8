// SPDX-License-Identifier: GPL-3.0-or-later
// The cdnrec command line as scripts see it: exit codes, the JSON document, messages.
#include "simserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("cli-test-secret-7f3a9c");

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimServer> m_sim;
    QTemporaryDir m_dir;

    void startSim(SimConfig config = {})
    {
        config.secret = kSecret;
        m_sim = std::make_unique<SimServer>(config);
        QVERIFY(m_sim->start());
    }

    // Runs cdnrec without blocking the event loop, so the in-process simulator can answer.
    Result cdnrec(QStringList args, const QString &secret = kSecret, const QByteArray &input = {})
    {
        QProcess proc;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CDNREC_SERVER_SECRET"));
        if (!secret.isEmpty())
            env.insert(QStringLiteral("CDNREC_SERVER_SECRET"), secret);
        proc.setProcessEnvironment(env);
        QSignalSpy done(&proc, &QProcess::finished);
        proc.start(QStringLiteral(CDNREC_CLI), args);
        if (!input.isEmpty())
            proc.write(input);
        proc.closeWriteChannel();
        Result r;
        if (!done.wait(60000)) {
            proc.kill();
            return r;
        }
        r.exitCode = proc.exitStatus() == QProcess::NormalExit ? proc.exitCode() : -1;
        r.out = proc.readAllStandardOutput();
        r.err = proc.readAllStandardError();
        // The secret never shows, whatever happened.
        [&] {
            QVERIFY(!r.out.contains(kSecret.toUtf8()));
            QVERIFY(!r.err.contains(kSecret.toUtf8()));
        }();
        return r;
    }

    QStringList simArgs(const QString &vendor = QStringLiteral("Tencent"))
    {
        return {QStringLiteral("stop"), QStringLiteral("--vendor"), vendor,
                QStringLiteral("--endpoint"), m_sim->url().toString(), QStringLiteral("--app-id"),
                QStringLiteral("1234567890"), QStringLiteral("--rate"), QStringLiteral("100")};
    }

    QString writeFile(const QString &name, const QByteArray &data)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write a test file");
        f.write(data);
        return f.fileName();
    }

private Q_SLOTS:
    void version();
    void jsonDocument_data();
    void jsonDocument();
    void mixedOutcomesExitOne();
    void invalidIdsAreListedAndSkipped();
    void streamsFromFileAndStdin();
    void usageErrorsSendNothing_data();
    void usageErrorsSendNothing();
    void secretNeverOnTheCommandLine();
    void secretFile();
    void wrongSecretExitsThree();
    void unreachableExitsFour();
    void dryRunSendsNothing();
    void humanTable();
    void clockSkewIsHandled();
};

void TestCli::version()
{
    const Result r = cdnrec({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.trimmed(), QByteArray("cdnrec ") + APP_VERSION);
}

void TestCli::jsonDocument_data()
{
    QTest::addColumn<QString>("vendor");
    QTest::newRow("Tencent") << u"Tencent"_qs;
    QTest::newRow("Ws") << u"Ws"_qs;
    QTest::newRow("Huawei") << u"Huawei"_qs;
}

void TestCli::jsonDocument()
{
    QFETCH(QString, vendor);
    startSim();
    const Result r = cdnrec(simArgs(vendor) << u"--json"_qs << u"--stream"_qs << u"s1"_qs
                                            << u"--stream"_qs << u"s2"_qs);
    QCOMPARE(r.exitCode, 0);
    QJsonParseError e{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &e);
    QCOMPARE(e.error, QJsonParseError::NoError); // stdout holds exactly one document
    const QJsonObject top = doc.object();
    QCOMPARE(top.keys(), (QStringList{u"streams"_qs, u"summary"_qs}));
    const QJsonObject summary = top.value(u"summary"_qs).toObject();
    QCOMPARE(summary.keys(), (QStringList{u"failed"_qs, u"requested"_qs, u"skipped"_qs, u"stopped"_qs, u"unknown"_qs}));
    QCOMPARE(summary.value(u"requested"_qs).toInt(), 2);
    QCOMPARE(summary.value(u"stopped"_qs).toInt(), 2);
    const QJsonArray streams = top.value(u"streams"_qs).toArray();
    QCOMPARE(streams.size(), 2);
    const QJsonObject s = streams.at(0).toObject();
    QCOMPARE(s.keys(), (QStringList{u"attempts"_qs, u"code"_qs, u"message"_qs, u"request_id"_qs,
                                    u"status"_qs, u"stream_id"_qs, u"vendor_request_id"_qs}));
    QCOMPARE(s.value(u"stream_id"_qs).toString(), u"s1"_qs);
    QCOMPARE(s.value(u"status"_qs).toString(), u"stopped"_qs);
    QVERIFY(s.value(u"code"_qs).isString());
    QVERIFY(s.value(u"attempts"_qs).isDouble());
    QVERIFY(!s.value(u"request_id"_qs).toString().isEmpty());
    QCOMPARE(streams.at(1).toObject().value(u"stream_id"_qs).toString(), u"s2"_qs);
}

void TestCli::mixedOutcomesExitOne()
{
    startSim();
    const Result r = cdnrec(simArgs() << u"--json"_qs << u"--stream"_qs << u"ok"_qs << u"--stream"_qs
                                      << u"fail-404-x"_qs << u"--stream"_qs << u"missing-y"_qs);
    QCOMPARE(r.exitCode, 1);
    const QJsonObject summary = r.json().value(u"summary"_qs).toObject();
    QCOMPARE(summary.value(u"stopped"_qs).toInt(), 1);
    QCOMPARE(summary.value(u"failed"_qs).toInt(), 1);
    QCOMPARE(summary.value(u"unknown"_qs).toInt(), 1);
}

void TestCli::invalidIdsAreListedAndSkipped()
{
    startSim();
    const QString tooLong(300, u'x');
    const Result r = cdnrec(simArgs() << u"--json"_qs << u"--stream"_qs << u"good"_qs << u"--stream"_qs
                                      << u"has space"_qs << u"--stream"_qs << tooLong
                                      << u"--stream"_qs << u"good"_qs);
    QCOMPARE(r.exitCode, 1); // not every requested stream was stopped
    QVERIFY2(r.err.contains("skipping invalid stream ID 'has space'"), r.err.constData());
    QVERIFY(r.err.contains("longer than 256 bytes"));
    QVERIFY(r.err.contains("1 duplicate"));
    const QJsonArray streams = r.json().value(u"streams"_qs).toArray();
    QCOMPARE(streams.size(), 3); // one per distinct requested ID, in input order
    QCOMPARE(streams.at(0).toObject().value(u"status"_qs).toString(), u"stopped"_qs);
    QCOMPARE(streams.at(1).toObject().value(u"stream_id"_qs).toString(), u"has space"_qs);
    QCOMPARE(streams.at(1).toObject().value(u"status"_qs).toString(), u"skipped"_qs);
    QCOMPARE(streams.at(2).toObject().value(u"status"_qs).toString(), u"skipped"_qs);
    QCOMPARE(m_sim->gateway().stats().value(u"calls"_qs).toInt(), 1);
}

void TestCli::streamsFromFileAndStdin()
{
    startSim();
    const QString csv = writeFile(u"ids.csv"_qs, "customer,stream_id\nacme,f1\nacme,f2\nacme,f1\n");
    Result r = cdnrec(simArgs() << u"--json"_qs << u"--file"_qs << csv << u"--stream"_qs << u"f2"_qs);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(u"summary"_qs).toObject().value(u"requested"_qs).toInt(), 2);
    r = cdnrec(simArgs() << u"--json"_qs << u"--file"_qs << u"-"_qs, kSecret, "p1\np2, p3\n");
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(u"summary"_qs).toObject().value(u"stopped"_qs).toInt(), 3);
}

void TestCli::usageErrorsSendNothing_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QStringList base{u"stop"_qs, u"--app-id"_qs, u"1234567890"_qs, u"--stream"_qs, u"a"_qs};
    QTest::newRow("no vendor") << base << u"--vendor is required"_qs;
    QTest::newRow("unknown vendor") << (base + QStringList{u"--vendor"_qs, u"Akamai"_qs}) << u"unknown vendor 'Akamai'"_qs;
    QTest::newRow("app id text") << QStringList{u"stop"_qs, u"--vendor"_qs, u"Ws"_qs, u"--app-id"_qs, u"abc"_qs, u"--stream"_qs, u"a"_qs} << u"not a number"_qs;
    QTest::newRow("app id too big") << QStringList{u"stop"_qs, u"--vendor"_qs, u"Ws"_qs, u"--app-id"_qs, u"4294967296"_qs, u"--stream"_qs, u"a"_qs} << u"4294967295"_qs;
    QTest::newRow("no streams") << QStringList{u"stop"_qs, u"--vendor"_qs, u"Ws"_qs, u"--app-id"_qs, u"1"_qs} << u"no stream IDs"_qs;
    QTest::newRow("only invalid") << QStringList{u"stop"_qs, u"--vendor"_qs, u"Ws"_qs, u"--app-id"_qs, u"1"_qs, u"--stream"_qs, u"a b"_qs} << u"no valid stream IDs"_qs;
    QTest::newRow("missing file") << (base + QStringList{u"--vendor"_qs, u"Ws"_qs, u"--file"_qs, u"/nonexistent/ids.txt"_qs}) << u"Cannot read ids.txt"_qs;
    QTest::newRow("http remote") << (base + QStringList{u"--vendor"_qs, u"Ws"_qs, u"--endpoint"_qs, u"http://rtc-api.zego.im/"_qs}) << u"only allowed for a loopback"_qs;
    QTest::newRow("ftp") << (base + QStringList{u"--vendor"_qs, u"Ws"_qs, u"--endpoint"_qs, u"ftp://x/"_qs}) << u"https://"_qs;
    QTest::newRow("rate over 20") << (base + QStringList{u"--vendor"_qs, u"Ws"_qs, u"--rate"_qs, u"50"_qs}) << u"at most 20"_qs;
    QTest::newRow("batch 0") << (base + QStringList{u"--vendor"_qs, u"Ws"_qs, u"--batch-size"_qs, u"0"_qs}) << u"--batch-size"_qs;
    QTest::newRow("unknown option") << (base + QStringList{u"--vendor"_qs, u"Ws"_qs, u"--colour"_qs}) << u"colour"_qs;
    QTest::newRow("unknown profile") << (base + QStringList{u"--vendor"_qs, u"Ws"_qs, u"--profile"_qs, u"nobody"_qs}) << u"no profile named 'nobody'"_qs;
    QTest::newRow("unknown command") << QStringList{u"start"_qs} << u"unknown command 'start'"_qs;
}

void TestCli::usageErrorsSendNothing()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Result r = cdnrec(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestCli::secretNeverOnTheCommandLine()
{
    for (const QStringList &extra : {QStringList{u"--secret"_qs, kSecret}, QStringList{u"--secret="_qs + kSecret}}) {
        const Result r = cdnrec(QStringList{u"stop"_qs, u"--vendor"_qs, u"Ws"_qs, u"--app-id"_qs, u"1"_qs, u"--stream"_qs, u"a"_qs} + extra);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("never taken on the command line"));
        // cdnrec() has checked that the value was not echoed.
    }
    const Result none = cdnrec({u"stop"_qs, u"--vendor"_qs, u"Ws"_qs, u"--app-id"_qs, u"1"_qs, u"--stream"_qs, u"a"_qs}, QString());
    QCOMPARE(none.exitCode, 2);
    QVERIFY(none.err.contains("no ServerSecret"));
}

void TestCli::secretFile()
{
    startSim();
    const QString path = writeFile(u"secret"_qs, kSecret.toUtf8() + "\n");
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // The file wins over the environment.
    Result r = cdnrec(simArgs() << u"--secret-file"_qs << path << u"--stream"_qs << u"a"_qs, u"wrong"_qs);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!r.err.contains("warning"));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    r = cdnrec(simArgs() << u"--secret-file"_qs << path << u"--stream"_qs << u"b"_qs, QString());
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.contains("can be read by other users"));
}

void TestCli::wrongSecretExitsThree()
{
    startSim();
    const Result r = cdnrec(simArgs() << u"--stream"_qs << u"a"_qs << u"--stream"_qs << u"b"_qs,
                            u"not-the-secret"_qs);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("ServerSecret"), r.err.constData());
}

void TestCli::unreachableExitsFour()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString url = QStringLiteral("http://127.0.0.1:%1/").arg(probe.serverPort());
    probe.close();
    const Result r = cdnrec({u"stop"_qs, u"--vendor"_qs, u"Ws"_qs, u"--endpoint"_qs, url, u"--app-id"_qs,
                             u"1"_qs, u"--stream"_qs, u"a"_qs, u"--json"_qs});
    QCOMPARE(r.exitCode, 4);
    const QJsonObject s = r.json().value(u"streams"_qs).toArray().at(0).toObject();
    QCOMPARE(s.value(u"status"_qs).toString(), u"failed"_qs);
}

void TestCli::dryRunSendsNothing()
{
    startSim();
    QStringList args = simArgs() << u"--dry-run"_qs << u"--batch-size"_qs << u"2"_qs;
    for (const QString &id : {u"a"_qs, u"b"_qs, u"c+d"_qs})
        args << u"--stream"_qs << id;
    Result r = cdnrec(args);
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines[0].startsWith("GET http://127.0.0.1:"));
    QVERIFY(lines[0].contains("Signature=REDACTED"));
    QVERIFY(lines[1].contains("StreamId%5B%5D=c%2Bd"));
    r = cdnrec(args << u"--json"_qs, QString()); // no secret needed to look
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().value(u"calls"_qs).toArray().size(), 2);
    QCOMPARE(m_sim->gateway().stats().value(u"calls"_qs).toInt(), 0);
}

void TestCli::humanTable()
{
    startSim();
    const Result r = cdnrec(simArgs() << u"--stream"_qs << u"live-1"_qs << u"--stream"_qs << u"fail-500-z"_qs);
    QCOMPARE(r.exitCode, 1);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY(out.startsWith(u"STREAM ID"_qs));
    QVERIFY(out.contains(u"live-1"_qs));
    QVERIFY(out.contains(u"FailedOperation.500"_qs));
    QVERIFY(out.contains(u"2 requested: 1 stopped, 1 failed, 0 unknown, 0 skipped"_qs));
    QVERIFY(!r.err.contains("cdnrec.core")); // no engine log lines on stderr
}

void TestCli::clockSkewIsHandled()
{
    SimConfig c;
    c.clockOffsetSecs = -900;
    startSim(c);
    const Result r = cdnrec(simArgs() << u"--json"_qs << u"--stream"_qs << u"a"_qs);
    QCOMPARE(r.exitCode, 0);
    // Two calls carried it: the one refused as expired, and the corrected one.
    QCOMPARE(r.json().value(u"streams"_qs).toArray().at(0).toObject().value(u"attempts"_qs).toInt(), 2);
    QCOMPARE(m_sim->gateway().stats().value(u"calls"_qs).toInt(), 2);
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
