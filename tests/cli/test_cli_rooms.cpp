// SPDX-License-Identifier: GPL-3.0-or-later
// Stop by room from the command line: `cdnrec streams --room` (table and JSON) and `cdnrec stop
// --room` against the simulator, whose recording state is the judge of what was stopped.
#include "cliprocess.h"
#include "simserver.h"

#include <store/history.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("cli-rooms-secret-5e1b");
const QString kOddRoom = QStringLiteral("a&b #1 100% +x 直播间");

} // namespace

class TestCliRooms : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimServer> m_sim;
    std::unique_ptr<QTemporaryDir> m_home;

    // A fresh simulator and a fresh home (history, room cache, pace) for each test.
    bool startSim()
    {
        SimConfig config;
        config.secret = kSecret;
        config.rooms = {
            {QStringLiteral("8842"),
             {QStringLiteral("r8842-host"), QStringLiteral("r8842-guest"),
              QStringLiteral("shared-stream")}},
            {QStringLiteral("other"),
             {QStringLiteral("bystander"), QStringLiteral("shared-stream")}},
            {QStringLiteral("empty"), {}},
            {kOddRoom, {QStringLiteral("odd-1")}},
        };
        m_sim = std::make_unique<SimServer>(config);
        m_home = std::make_unique<QTemporaryDir>();
        if (!m_home->isValid() || !QDir().mkpath(m_home->filePath(QStringLiteral("runtime"))))
            return false;
        QFile::setPermissions(m_home->filePath(QStringLiteral("runtime")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return m_sim->start() != 0;
    }

    QProcessEnvironment env(const QString &secret = kSecret) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("CDNREC_SERVER_SECRET"), secret);
        e.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
        e.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home->filePath(QStringLiteral("runtime")));
        return e;
    }

    test::CliResult cdnrec(const QStringList &args, const QString &secret = kSecret)
    {
        const test::CliResult r = test::runCli(QStringLiteral(CDNREC_CLI), args, env(secret));
        [&] {
            QVERIFY(!r.out.contains(kSecret.toUtf8()));
            QVERIFY(!r.err.contains(kSecret.toUtf8()));
        }();
        return r;
    }

    QStringList target(const QString &command) const
    {
        QStringList args{command, QStringLiteral("--endpoint"), m_sim->url().toString(),
                         QStringLiteral("--app-id"), QStringLiteral("1234567890")};
        if (command == QLatin1String("stop"))
            args << QStringLiteral("--vendor") << QStringLiteral("Tencent");
        return args;
    }

    QJsonObject stats() const { return m_sim->gateway().stats(); }

private Q_SLOTS:
    void streamsPrintsEachRoom();
    void streamsJson();
    void stopByRoomStopsExactlyTheListedStreams();
    void roomsMixWithStreamsAndFiles();
    void emptyRoomSendsNothing();
    void offATerminalWithoutYesSendsNothing();
    void onATerminalItAsksWithTheCount();
    void wrongSecretStopsNothing();
    void oneRoomFromTwoProcessesIsOneCall();
    void twoProcessesShareFiftyPerSecond();
    void usageErrors();
    void unreachableExitsFour();
};

void TestCliRooms::streamsPrintsEachRoom()
{
    QVERIFY(startSim());
    const auto r =
        cdnrec(target(QStringLiteral("streams"))
               << QStringLiteral("--room") << QStringLiteral("8842") << QStringLiteral("--room")
               << QStringLiteral("empty") << QStringLiteral("--room") << kOddRoom);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(QLatin1String("STREAM ID")), qPrintable(out));
    for (const char *id : {"r8842-host", "r8842-guest", "shared-stream", "odd-1", "user-1"})
        QVERIFY2(out.contains(QLatin1String(id)), id);
    QVERIFY(out.contains(kOddRoom));
    QVERIFY(out.contains(QLatin1String("(no streams)")));
    QVERIFY(!out.contains(QLatin1String("bystander")));
    QCOMPARE(stats().value(u"listCalls"_qs).toInt(), 3);
    QCOMPARE(stats().value(u"calls"_qs).toInt(), 0); // nothing stopped
}

void TestCliRooms::streamsJson()
{
    QVERIFY(startSim());
    const auto r =
        cdnrec(target(QStringLiteral("streams"))
               << QStringLiteral("--room") << QStringLiteral("8842") << QStringLiteral("--room")
               << QStringLiteral("empty") << QStringLiteral("--room") << QStringLiteral("r154-down")
               << QStringLiteral("--json"));
    // A room that could not be listed: exit 1, and it says so in the document.
    QCOMPARE(r.exitCode, 1);
    const QJsonArray rooms = r.json().value(u"rooms"_qs).toArray();
    QCOMPARE(rooms.size(), 3);
    const QJsonObject first = rooms.at(0).toObject();
    QCOMPARE(first.value(u"room"_qs).toString(), QStringLiteral("8842"));
    QVERIFY(
        QDateTime::fromString(first.value(u"read_at"_qs).toString(), Qt::ISODateWithMs).isValid());
    const QJsonArray streams = first.value(u"streams"_qs).toArray();
    QCOMPARE(streams.size(), 3);
    const QJsonObject s = streams.at(0).toObject();
    QCOMPARE(s.value(u"stream_id"_qs).toString(), QStringLiteral("r8842-host"));
    QCOMPARE(s.value(u"user_id"_qs).toString(), QStringLiteral("user-1"));
    QCOMPARE(s.value(u"user_name"_qs).toString(), QStringLiteral("User 1"));
    QVERIFY(QDateTime::fromString(s.value(u"created"_qs).toString(), Qt::ISODateWithMs).isValid());
    const QJsonObject empty = rooms.at(1).toObject();
    QVERIFY(empty.value(u"streams"_qs).isArray());
    QVERIFY(empty.value(u"streams"_qs).toArray().isEmpty());
    const QJsonObject down = rooms.at(2).toObject();
    QCOMPARE(down.value(u"status"_qs).toString(), QStringLiteral("failed"));
    QCOMPARE(down.value(u"code"_qs).toInt(), 154);
    QVERIFY(down.value(u"streams"_qs).isNull());
}

void TestCliRooms::stopByRoomStopsExactlyTheListedStreams()
{
    QVERIFY(startSim());
    const auto r = cdnrec(target(QStringLiteral("stop"))
                          << QStringLiteral("--room") << QStringLiteral("8842")
                          << QStringLiteral("--yes") << QStringLiteral("--json"));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // The same document as stop's.
    const QJsonObject summary = r.json().value(u"summary"_qs).toObject();
    QCOMPARE(summary.value(u"requested"_qs).toInt(), 3);
    QCOMPARE(summary.value(u"stopped"_qs).toInt(), 3);
    QCOMPARE(r.json().value(u"streams"_qs).toArray().size(), 3);
    // The simulator is the judge: the room's streams stopped, the others record still.
    const SimGateway &g = m_sim->gateway();
    for (const char *id : {"r8842-host", "r8842-guest", "shared-stream"})
        QVERIFY2(!g.isRecording(QLatin1String(id)), id);
    QVERIFY(g.isRecording(QStringLiteral("bystander")));
    QVERIFY(g.isRecording(QStringLiteral("odd-1")));
    QCOMPARE(stats().value(u"streamsStopped"_qs).toInt(), 3);
    QVERIFY2(r.err.contains("room 8842: 3 stream"), r.err.constData());
    // The history keeps each stream's room.
    History history(m_home->filePath(QStringLiteral("data/cdnrec/cdnrec/history.sqlite")),
                    History::Mode::ReadOnly);
    QVERIFY(history.isOpen());
    const auto runs = history.runs();
    QCOMPARE(runs.size(), 1);
    const auto streams = history.streams(runs.first().id);
    QCOMPARE(streams.size(), 3);
    for (const History::Stream &s : streams)
        QCOMPARE(s.room, QStringLiteral("8842"));
}

void TestCliRooms::roomsMixWithStreamsAndFiles()
{
    QVERIFY(startSim());
    QFile file(m_home->filePath(QStringLiteral("ids.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("from-file\nodd-1\n");
    file.close();
    const auto r = cdnrec(target(QStringLiteral("stop"))
                          << QStringLiteral("--stream") << QStringLiteral("given")
                          << QStringLiteral("--file") << file.fileName() << QStringLiteral("--room")
                          << kOddRoom << QStringLiteral("--room") << QStringLiteral("other")
                          << QStringLiteral("--yes") << QStringLiteral("--json"));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // odd-1 both in the file and in the room: sent once.
    QStringList ids;
    for (const QJsonValue &v : r.json().value(u"streams"_qs).toArray())
        ids.append(v.toObject().value(u"stream_id"_qs).toString());
    QCOMPARE(ids, (QStringList{QStringLiteral("given"), QStringLiteral("from-file"),
                               QStringLiteral("odd-1"), QStringLiteral("bystander"),
                               QStringLiteral("shared-stream")}));
    const SimGateway &g = m_sim->gateway();
    for (const QString &id : ids)
        QVERIFY2(!g.isRecording(id), qPrintable(id));
    QVERIFY(g.isRecording(QStringLiteral("r8842-host")));
    History history(m_home->filePath(QStringLiteral("data/cdnrec/cdnrec/history.sqlite")),
                    History::Mode::ReadOnly);
    QHash<QString, QString> rooms;
    for (const History::Stream &s : history.streams(history.runs().first().id))
        rooms.insert(s.streamId, s.room);
    QCOMPARE(rooms.value(QStringLiteral("given")), QString());
    QCOMPARE(rooms.value(QStringLiteral("odd-1")), kOddRoom);
    QCOMPARE(rooms.value(QStringLiteral("bystander")), QStringLiteral("other"));
}

void TestCliRooms::emptyRoomSendsNothing()
{
    QVERIFY(startSim());
    const auto r =
        cdnrec(target(QStringLiteral("stop"))
               << QStringLiteral("--room") << QStringLiteral("empty") << QStringLiteral("--yes"));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains("room empty: no streams"), r.err.constData());
    QCOMPARE(stats().value(u"calls"_qs).toInt(), 0);
    QCOMPARE(stats().value(u"listCalls"_qs).toInt(), 1);
}

void TestCliRooms::offATerminalWithoutYesSendsNothing()
{
    QVERIFY(startSim());
    const auto r = cdnrec(target(QStringLiteral("stop"))
                          << QStringLiteral("--room") << QStringLiteral("8842"));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--yes"), r.err.constData());
    QCOMPARE(stats().value(u"listCalls"_qs).toInt(), 0);
    QCOMPARE(stats().value(u"calls"_qs).toInt(), 0);
    // A dry run needs no --yes: it lists the room and prints the calls it would make.
    const auto dry =
        cdnrec(target(QStringLiteral("stop")) << QStringLiteral("--room") << QStringLiteral("8842")
                                              << QStringLiteral("--dry-run"));
    QCOMPARE(dry.exitCode, 0);
    QVERIFY2(dry.out.contains("r8842-host"), dry.out.constData());
    QCOMPARE(stats().value(u"calls"_qs).toInt(), 0);
    QVERIFY(m_sim->gateway().isRecording(QStringLiteral("r8842-host")));
}

namespace {

// cdnrec with its standard input and error on a pseudo-terminal, as an operator runs it: what it
// wrote there until it asks, the answer typed, its exit code.
struct TerminalRun
{
    QByteArray said;
    int exitCode = -1;
};

TerminalRun onTerminal(const QString &program, const QStringList &args,
                       const QProcessEnvironment &env, const QByteArray &answer)
{
    TerminalRun r;
    int master = -1;
    int slave = -1;
    if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
        return r;
    QProcess p;
    p.setProcessEnvironment(env);
    p.setChildProcessModifier([slave] {
        ::dup2(slave, STDIN_FILENO);
        ::dup2(slave, STDERR_FILENO);
    });
    QSignalSpy done(&p, &QProcess::finished);
    p.start(program, args);
    ::close(slave);
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
    // Read what it says until it asks (the event loop runs: the simulator answers meanwhile).
    QElapsedTimer waited;
    waited.start();
    bool answered = false;
    while (done.isEmpty() && waited.elapsed() < 60000) {
        char buf[512];
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n > 0)
            r.said.append(buf, n);
        if (!answered && r.said.contains("[y/N]")) {
            const QByteArray typed = answer + '\n';
            if (::write(master, typed.constData(), size_t(typed.size())) != typed.size())
                break;
            answered = true;
        }
        done.wait(20);
    }
    char buf[512];
    ssize_t n = 0;
    while ((n = ::read(master, buf, sizeof buf)) > 0)
        r.said.append(buf, n);
    ::close(master);
    if (!done.isEmpty() && p.exitStatus() == QProcess::NormalExit)
        r.exitCode = p.exitCode();
    else
        p.kill();
    return r;
}

} // namespace

void TestCliRooms::onATerminalItAsksWithTheCount()
{
    QVERIFY(startSim());
    const QStringList args = target(QStringLiteral("stop"))
                             << QStringLiteral("--room") << QStringLiteral("8842")
                             << QStringLiteral("--stream") << QStringLiteral("given");
    // No: nothing is stopped.
    const TerminalRun no = onTerminal(QStringLiteral(CDNREC_CLI), args, env(), "n");
    QVERIFY2(no.said.contains("Stop the CDN recording of 4 streams? [y/N]"), no.said.constData());
    QVERIFY2(no.said.contains("room 8842: 3 streams"), no.said.constData());
    QCOMPARE(no.exitCode, 1);
    QCOMPARE(stats().value(u"calls"_qs).toInt(), 0);
    QVERIFY(m_sim->gateway().isRecording(QStringLiteral("r8842-host")));
    // Yes (the room's answer, 0 s old, is reused): the four are stopped.
    const TerminalRun yes = onTerminal(QStringLiteral(CDNREC_CLI), args, env(), "y");
    QVERIFY2(yes.said.contains("[y/N]"), yes.said.constData());
    QVERIFY2(yes.said.contains("not asked again within 10 s"), yes.said.constData());
    QCOMPARE(yes.exitCode, 0);
    for (const char *id : {"r8842-host", "r8842-guest", "shared-stream", "given"})
        QVERIFY2(!m_sim->gateway().isRecording(QLatin1String(id)), id);
    QCOMPARE(stats().value(u"listCalls"_qs).toInt(), 1);
}

void TestCliRooms::wrongSecretStopsNothing()
{
    QVERIFY(startSim());
    const auto r =
        cdnrec(target(QStringLiteral("stop")) << QStringLiteral("--room") << QStringLiteral("8842")
                                              << QStringLiteral("--stream")
                                              << QStringLiteral("given") << QStringLiteral("--yes"),
               QStringLiteral("0000000000000000wrong0000000000"));
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("nothing was stopped"), r.err.constData());
    QCOMPARE(stats().value(u"calls"_qs).toInt(), 0);
    QVERIFY(m_sim->gateway().isRecording(QStringLiteral("given")));
}

void TestCliRooms::oneRoomFromTwoProcessesIsOneCall()
{
    QVERIFY(startSim());
    // Two cdnrec at once, one user: one list call for the room; the other reuses its answer.
    QList<QProcess *> procs;
    QList<std::shared_ptr<QSignalSpy>> done;
    for (int i = 0; i < 2; ++i) {
        auto *p = new QProcess(this);
        p->setProcessEnvironment(env());
        p->setProgram(QStringLiteral(CDNREC_CLI));
        p->setArguments(target(QStringLiteral("streams"))
                        << QStringLiteral("--room") << QStringLiteral("8842")
                        << QStringLiteral("--json"));
        done.append(std::make_shared<QSignalSpy>(p, &QProcess::finished));
        procs.append(p);
    }
    for (QProcess *p : procs)
        p->start();
    for (int p = 0; p < done.size(); ++p) {
        if (done.at(p)->isEmpty() && !done.at(p)->wait(60000)) {
            procs.at(p)->kill();
            procs.at(p)->waitForFinished();
            QFAIL(qPrintable(u"process %1 did not end within 60 s; it said: "_qs.arg(p) +
                             QString::fromUtf8(procs.at(p)->readAllStandardError())));
        }
    }
    QStringList statuses;
    for (QProcess *p : procs) {
        QCOMPARE(p->exitCode(), 0);
        const QJsonObject room = QJsonDocument::fromJson(p->readAllStandardOutput())
                                     .object()
                                     .value(u"rooms"_qs)
                                     .toArray()
                                     .at(0)
                                     .toObject();
        QCOMPARE(room.value(u"streams"_qs).toArray().size(), 3);
        statuses.append(room.value(u"status"_qs).toString());
    }
    statuses.sort();
    QCOMPARE(statuses, (QStringList{QStringLiteral("listed"), QStringLiteral("reused")}));
    QCOMPARE(stats().value(u"listCalls"_qs).toInt(), 1);
    QCOMPARE(stats().value(u"roomCode6"_qs).toInt(), 0);
}

void TestCliRooms::twoProcessesShareFiftyPerSecond()
{
    QVERIFY(startSim());
    // 2 x 60 rooms at once, one AppId: the 50 calls/s are the AppId's, whoever sends them.
    QList<QProcess *> procs;
    QList<std::shared_ptr<QSignalSpy>> done;
    for (int p = 0; p < 2; ++p) {
        QStringList args = target(QStringLiteral("streams"));
        for (int i = 0; i < 60; ++i)
            args << QStringLiteral("--room") << QStringLiteral("p%1-room-%2").arg(p).arg(i);
        auto *proc = new QProcess(this);
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("cdnrec.*.debug=true"));
        proc->setProcessEnvironment(e); // its log, said if it hangs
        proc->setProgram(QStringLiteral(CDNREC_CLI));
        proc->setArguments(args << QStringLiteral("--json"));
        done.append(std::make_shared<QSignalSpy>(proc, &QProcess::finished));
        procs.append(proc);
    }
    for (QProcess *proc : procs)
        proc->start();
    for (int p = 0; p < done.size(); ++p) {
        if (done.at(p)->isEmpty() && !done.at(p)->wait(60000)) {
            procs.at(p)->kill();
            procs.at(p)->waitForFinished();
            QFAIL(qPrintable(u"process %1 did not end within 60 s; it said: "_qs.arg(p) +
                             QString::fromUtf8(procs.at(p)->readAllStandardError())));
        }
    }
    for (QProcess *proc : procs) {
        QCOMPARE(proc->exitCode(), 0);
        QCOMPARE(QJsonDocument::fromJson(proc->readAllStandardOutput())
                     .object()
                     .value(u"rooms"_qs)
                     .toArray()
                     .size(),
                 60);
    }
    QCOMPARE(stats().value(u"listCalls"_qs).toInt(), 120);
    QVERIFY2(stats().value(u"maxListCallsInAnySecond"_qs).toInt() <= 50,
             qPrintable(QString::number(stats().value(u"maxListCallsInAnySecond"_qs).toInt())));
    QCOMPARE(stats().value(u"listCode6"_qs).toInt(), 0);
}

void TestCliRooms::usageErrors()
{
    QVERIFY(startSim());
    const auto noRoom = cdnrec(target(QStringLiteral("streams")));
    QCOMPARE(noRoom.exitCode, 2);
    const auto badRoom = cdnrec(target(QStringLiteral("streams"))
                                << QStringLiteral("--room") << QStringLiteral("a\x1b[31mb"));
    QCOMPARE(badRoom.exitCode, 1);
    QVERIFY2(badRoom.err.contains("control character"), badRoom.err.constData());
    QVERIFY(!badRoom.err.contains('\x1b'));
    const auto noAppId =
        cdnrec({QStringLiteral("streams"), QStringLiteral("--room"), QStringLiteral("8842")});
    QCOMPARE(noAppId.exitCode, 2);
    // --room belongs to stop only.
    const auto start = cdnrec(target(QStringLiteral("start"))
                              << QStringLiteral("--vendor") << QStringLiteral("Tencent")
                              << QStringLiteral("--room") << QStringLiteral("8842"));
    QCOMPARE(start.exitCode, 2);
    QCOMPARE(stats().value(u"listCalls"_qs).toInt(), 0);
}

void TestCliRooms::unreachableExitsFour()
{
    QVERIFY(startSim());
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const QString closed = QStringLiteral("http://127.0.0.1:%1/").arg(probe.serverPort());
    probe.close();
    const auto streams = cdnrec({QStringLiteral("streams"), QStringLiteral("--endpoint"), closed,
                                 QStringLiteral("--app-id"), QStringLiteral("1234567890"),
                                 QStringLiteral("--room"), QStringLiteral("8842")});
    QCOMPARE(streams.exitCode, 4);
    QVERIFY2(streams.err.contains("room 8842: not listed"), streams.err.constData());
    const auto stop = cdnrec(
        {QStringLiteral("stop"), QStringLiteral("--endpoint"), closed, QStringLiteral("--app-id"),
         QStringLiteral("1234567890"), QStringLiteral("--vendor"), QStringLiteral("Tencent"),
         QStringLiteral("--room"), QStringLiteral("8842"), QStringLiteral("--yes")});
    QCOMPARE(stop.exitCode, 4);
    QVERIFY2(stop.err.contains("nothing to stop"), stop.err.constData());
}

QTEST_GUILESS_MAIN(TestCliRooms)
#include "test_cli_rooms.moc"
