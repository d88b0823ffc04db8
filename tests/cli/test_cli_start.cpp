// SPDX-License-Identifier: GPL-3.0-or-later
// `cdnrec start` and `cdnrec undo RUN` against the in-process simulator, whose recording state
// per stream says what was really restarted.
#include "cliprocess.h"
#include "simserver.h"
#include <store/history.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("9193cc662a4c0ec135ec71fb57194b38");

} // namespace

class TestCliStart : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    std::unique_ptr<SimServer> m_sim;

    QString dataHome() const { return m_home.filePath(u"data"_qs); }

    test::CliResult cdnrec(const QStringList &args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_DATA_HOME"_qs, dataHome());
        env.insert(u"XDG_CONFIG_HOME"_qs, m_home.filePath(u"config"_qs));
        env.insert(u"HOME"_qs, m_home.path());
        env.insert(u"CDNREC_SERVER_SECRET"_qs, kSecret);
        return test::runCli(QStringLiteral(CDNREC_CLI), args, env);
    }

    QStringList target() const
    {
        return {u"--vendor"_qs, u"Tencent"_qs,    u"--endpoint"_qs, m_sim->url().toString(),
                u"--app-id"_qs, u"1234567890"_qs, u"--rate"_qs,     u"100"_qs};
    }

    QStringList streams(const QStringList &ids) const
    {
        QStringList out;
        for (const QString &id : ids)
            out << u"--stream"_qs << id;
        return out;
    }

    qint64 lastRun() const
    {
        const History h(History::defaultPath(), History::Mode::ReadOnly);
        const auto runs = h.runs();
        return runs.isEmpty() ? 0 : runs.first().id;
    }

    static QJsonObject json(const test::CliResult &r)
    {
        return QJsonDocument::fromJson(r.out).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"cdnrec"_qs);
        QCoreApplication::setApplicationName(u"cdnrec"_qs);
        qputenv("XDG_DATA_HOME", dataHome().toUtf8()); // History::defaultPath() is the CLI's
    }
    void init()
    {
        SimConfig c;
        c.secret = kSecret;
        m_sim = std::make_unique<SimServer>(c);
        QVERIFY(m_sim->start());
    }

    void startReportsWhenRecordingsEnd()
    {
        QCOMPARE(cdnrec(QStringList{u"stop"_qs} + target() + streams({u"a"_qs, u"b"_qs})).exitCode,
                 0);
        QVERIFY(!m_sim->gateway().isRecording(u"a"_qs));
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const auto r = cdnrec(QStringList{u"start"_qs, u"--for"_qs, u"6h"_qs, u"--json"_qs} +
                              target() + streams({u"a"_qs, u"b"_qs}));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject doc = json(r);
        QCOMPARE(doc.value(u"action"_qs).toString(), u"start"_qs);
        QCOMPARE(doc.value(u"summary"_qs).toObject().value(u"started"_qs).toInt(), 2);
        const QJsonArray rows = doc.value(u"streams"_qs).toArray();
        QCOMPARE(rows.size(), 2);
        for (const QJsonValue &v : rows) {
            const QJsonObject o = v.toObject();
            QCOMPARE(o.value(u"status"_qs).toString(), u"started"_qs);
            const qint64 end = qint64(o.value(u"end_time"_qs).toDouble());
            QVERIFY(end >= before + 6 * 3600 && end <= before + 6 * 3600 + 10);
            QCOMPARE(m_sim->gateway().recordingUntil(o.value(u"stream_id"_qs).toString()), end);
        }
        // The history says it was a start; starting again is the vendor's per-stream refusal.
        const auto h = cdnrec({u"history"_qs, u"--json"_qs});
        const QJsonObject latest = json(h).value(u"runs"_qs).toArray().first().toObject();
        QCOMPARE(latest.value(u"action"_qs).toString(), u"start"_qs);
        QCOMPARE(latest.value(u"streams_started"_qs).toInt(), 2);
        QVERIFY(cdnrec({u"history"_qs}).out.contains("  start  "));
        QCOMPARE(cdnrec(QStringList{u"start"_qs} + target() + streams({u"a"_qs})).exitCode, 1);
    }

    void undoRestartsExactlyWhatTheRunStopped()
    {
        // e is stopped by another run; the run to undo stops a and b, fails c, loses d.
        QCOMPARE(cdnrec(QStringList{u"stop"_qs} + target() + streams({u"e"_qs})).exitCode, 0);
        const auto stop = cdnrec(QStringList{u"stop"_qs} + target() +
                                 streams({u"a"_qs, u"b"_qs, u"fail-3-c"_qs, u"missing-d"_qs}));
        QCOMPARE(stop.exitCode, 1);
        const qint64 run = lastRun();
        const auto r = cdnrec(QStringList{u"undo"_qs, QString::number(run), u"--for"_qs, u"1h"_qs,
                                          u"--json"_qs, u"--endpoint"_qs, m_sim->url().toString()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList restarted;
        for (const QJsonValue &v : json(r).value(u"streams"_qs).toArray())
            restarted << v.toObject().value(u"stream_id"_qs).toString();
        QCOMPARE(restarted, (QStringList{u"a"_qs, u"b"_qs}));
        const SimGateway &g = m_sim->gateway();
        QVERIFY(g.isRecording(u"a"_qs));
        QVERIFY(g.isRecording(u"b"_qs));
        QVERIFY(!g.isRecording(u"e"_qs)); // not this run's
        QCOMPARE(g.stats().value(u"streamsStarted"_qs).toInt(), 2);
        const History h(History::defaultPath(), History::Mode::ReadOnly);
        QCOMPARE(h.run(lastRun())->action, RunAction::Start);
        QCOMPARE(h.run(lastRun())->profile, h.run(run)->profile);

        // An undo of that undo is refused: it was a start.
        const qint64 calls = g.stats().value(u"calls"_qs).toInt();
        const auto again = cdnrec(
            {u"undo"_qs, QString::number(lastRun()), u"--endpoint"_qs, m_sim->url().toString()});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains("was a start"), again.err.constData());
        QCOMPARE(g.stats().value(u"calls"_qs).toInt(), calls);
    }

    void aSecondUndoIsSaidAndNeedsAgain()
    {
        // Undoing one run twice: the second says when the first restarted it and sends nothing,
        // unless --again (off a terminal there is no one to ask).
        QCOMPARE(cdnrec(QStringList{u"stop"_qs} + target() + streams({u"twice-a"_qs})).exitCode, 0);
        const QString run = QString::number(lastRun());
        const QStringList undo{u"undo"_qs, run, u"--endpoint"_qs, m_sim->url().toString()};
        QCOMPARE(cdnrec(undo).exitCode, 0);
        const SimGateway &g = m_sim->gateway();
        const qint64 calls = g.stats().value(u"calls"_qs).toInt();
        const auto second = cdnrec(undo);
        QCOMPARE(second.exitCode, 2);
        QVERIFY2(second.err.contains("was undone already"), second.err.constData());
        QVERIFY2(second.err.contains("--again"), second.err.constData());
        QCOMPARE(g.stats().value(u"calls"_qs).toInt(), calls);
        const auto forced = cdnrec(undo + QStringList{u"--again"_qs});
        QVERIFY2(forced.exitCode == 1,
                 forced.err.constData()); // already recording: refused per stream
        QCOMPARE(g.stats().value(u"calls"_qs).toInt(), calls + 1);
    }

    void undoRefusedForARunThatStoppedNothing()
    {
        QCOMPARE(cdnrec(QStringList{u"stop"_qs} + target() + streams({u"fail-3-x"_qs})).exitCode,
                 1);
        const qint64 calls = m_sim->gateway().stats().value(u"calls"_qs).toInt();
        const auto r = cdnrec(
            {u"undo"_qs, QString::number(lastRun()), u"--endpoint"_qs, m_sim->url().toString()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("stopped no stream"), r.err.constData());
        QCOMPARE(cdnrec({u"undo"_qs, u"99999"_qs}).exitCode, 2);
        QCOMPARE(m_sim->gateway().stats().value(u"calls"_qs).toInt(), calls);
    }

    void startUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("--for too short") << QStringList{u"--for"_qs, u"5m"_qs};
        QTest::newRow("--for beyond 24 h") << QStringList{u"--for"_qs, u"25h"_qs};
        QTest::newRow("--for a word") << QStringList{u"--for"_qs, u"long"_qs};
        QTest::newRow("--until passed") << QStringList{u"--until"_qs, u"2020-01-01T08:00"_qs};
        QTest::newRow("--for and --until")
            << QStringList{u"--for"_qs, u"1h"_qs, u"--until"_qs,
                           QDateTime::currentDateTime().addSecs(7200).toString(Qt::ISODate)};
    }
    void startUsageErrors()
    {
        QFETCH(QStringList, args);
        const auto r = cdnrec(QStringList{u"start"_qs} + args + target() + streams({u"a"_qs}));
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(m_sim->gateway().stats().value(u"calls"_qs).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliStart)
#include "test_cli_start.moc"
