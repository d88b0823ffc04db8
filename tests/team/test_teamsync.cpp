// SPDX-License-Identifier: GPL-3.0-or-later
// The team's audit trail against a real PostgreSQL server and the simulator: every event of a run
// recorded, replayed exactly once (twice, by two replayers at once, after a crash between the
// insert and the mark), the database stopped mid-run, a hung database from the start, no secret
// in any event, and `cdnrec history --scope team`.
#include "pgcluster.h"
#include "simserver.h"
#include "teststep.h"
#include <app/application.h>
#include <app/run.h>
#include <engine/signer.h>
#include <store/history.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>
#include <team/teamhistory.h>
#include <team/teamoutbox.h>
#include <team/teamsession.h>
#include <team/teamsync.h>

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("teamsync-secret-9f8e7d6c5b4a");
const QString kPassword = QStringLiteral("op-pw-Zx81");
const QString kOperator = QStringLiteral("op_sync");
constexpr quint32 kAppId = 1234567890;

QMultiHash<QString, int> nonceCounts(const QStringList &nonces)
{
    QMultiHash<QString, int> h;
    for (const QString &n : nonces)
        h.insert(n, 1);
    return h;
}

// Forwards one TCP connection from a local port to the team database and closes both sides
// once `cutAfter` bytes came back from the server: an answer cut off mid-stream, as a dropped
// network or a hostile server leaves it. Plain sockets on a thread of its own, so a blocking
// QPSQL read in the test's thread is served.
class CuttingProxy
{
public:
    // Stall: past `cutAfter`, the server's bytes are dropped and the connection kept open (a
    // server that takes a query and never answers, TCP alive).
    enum class Mode
    {
        Cut,
        Stall
    };
    CuttingProxy(quint16 target, qint64 cutAfter, Mode mode = Mode::Cut)
        : m_target(target), m_cutAfter(cutAfter), m_mode(mode)
    {
        if (::pipe(m_stop) != 0)
            return;
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(m_listen, reinterpret_cast<sockaddr *>(&a), len) != 0 ||
            ::listen(m_listen, 1) != 0 ||
            ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&a), &len) != 0)
            return;
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~CuttingProxy()
    {
        if (m_stop[1] >= 0 && ::write(m_stop[1], "x", 1) != 1)
            qWarning("the proxy could not be told to stop");
        ::shutdown(m_listen, SHUT_RDWR);
        ::close(m_listen);
        if (m_thread.joinable())
            m_thread.join();
        for (int fd : m_stop)
            ::close(fd);
    }
    quint16 port() const { return m_port; }
    bool cut() const { return m_cut; }

private:
    void serve()
    {
        const int client = ::accept(m_listen, nullptr, nullptr);
        if (client < 0)
            return;
        const int server = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(m_target);
        if (::connect(server, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0) {
            qint64 back = 0;
            char buf[16384];
            for (;;) {
                pollfd fds[3] = {{client, POLLIN, 0}, {server, POLLIN, 0}, {m_stop[0], POLLIN, 0}};
                if (::poll(fds, 3, 60000) <= 0 || fds[2].revents)
                    break;
                if (fds[0].revents) {
                    const ssize_t n = ::read(client, buf, sizeof buf);
                    if (n <= 0 || ::write(server, buf, size_t(n)) != n)
                        break;
                }
                if (fds[1].revents) {
                    const ssize_t n = ::read(server, buf, sizeof buf);
                    if (n <= 0)
                        break;
                    const qint64 room = m_cutAfter - back;
                    const ssize_t pass = ssize_t(qMin<qint64>(n, qMax<qint64>(room, 0)));
                    if (pass > 0 && ::write(client, buf, size_t(pass)) != pass)
                        break;
                    back += pass;
                    if (back >= m_cutAfter) {
                        m_cut = true;
                        if (m_mode == Mode::Cut)
                            break;
                    }
                }
            }
        }
        ::close(server);
        ::shutdown(client, SHUT_RDWR);
        ::close(client);
    }

    quint16 m_target;
    qint64 m_cutAfter;
    Mode m_mode;
    int m_stop[2] = {-1, -1};
    int m_listen = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_cut{false};
    std::thread m_thread;
};

} // namespace

class TestTeamSync final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void runRecordsEveryEvent();
    void replayAgainAddsNothing();
    void databaseStoppedMidRun();
    void hungDatabaseNeverBlocksRun();
    void noSecretInAnyEvent();
    void twoReplayersExactlyOnce();
    void outboxFailureStopsSending();
    void historyCommandTeamScope();
    void cliSendsAtExitOrSaysWhatWaits();
    void forgedEventsDoNotRewriteARun();
    void answerCutOffIsNotShownAsComplete();
    void serverThatNeverAnswersIsGivenUpOn();
    void cleanupTestCase();

private:
    TeamConfig config(const QString &user = kOperator) const;
    struct Result
    {
        QString teamRunId;
        qint64 localRunId = 0;
        QStringList simNonces; // every call the simulator received, by its nonce
        QStringList notices;
        bool allStopped = false;
        int calls = 0;
    };
    // A run of `ids` through an in-process simulator with team mode on. `midRun` is called once
    // when `midRunAfter` calls have started.
    Result runThroughSim(const QStringList &ids, int batchSize, double rate,
                         const std::function<void()> &midRun = {}, int midRunAfter = 0);
    QString eventsDump() const; // every column of every event, as text
    QStringList teamNonces(const QString &runId) const;
    QString sql(const QString &query) const { return m_pg->psql(query, QStringLiteral("cdnrec")); }

    std::unique_ptr<test::PgCluster> m_pg;
    QTemporaryDir m_dir;
    int m_simLogs = 0;
};

TeamConfig TestTeamSync::config(const QString &user) const
{
    TeamConfig c;
    c.host = m_pg->host();
    c.port = m_pg->port();
    c.database = QStringLiteral("cdnrec");
    c.user = user;
    c.sslMode = QStringLiteral("disable");
    c.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
    return c;
}

void TestTeamSync::initTestCase()
{
    // The names the CLI uses, so that it finds the same settings and history: ctest gives this
    // test a throw-away XDG home of its own.
    QVERIFY(qEnvironmentVariableIsSet("XDG_DATA_HOME") &&
            qEnvironmentVariableIsSet("XDG_CONFIG_HOME"));
    initApplication();
    // The home is kept between runs of ctest: start from no history (events of an earlier run
    // belong to an earlier cluster).
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(History::defaultPath() + suffix);
    TeamConfig::clear();
    QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
             "the QPSQL driver (libqt6sql6-psql) is missing");
    m_pg = std::make_unique<test::PgCluster>();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_pg->createDatabase(QStringLiteral("cdnrec"));
    const QString conn = QStringLiteral("init");
    TeamDatabase::open(config(m_pg->adminUser()), QString(), conn);
    const TeamDatabase::Status m = TeamDatabase::migrate(conn);
    QVERIFY2(m.ok(), qPrintable(m.message));
    TeamDatabase::close(conn);
    m_pg->createRole(kOperator, kPassword, QStringLiteral("cdnrec_operator"));
}

void TestTeamSync::cleanup()
{
    TeamSession::resetForTesting();
}

// Any operator may INSERT events, under another operator's run_id too: a second run_begun, a
// run_ended saying "cancelled", outcomes saying "stopped". The run stays what its writer wrote
// (the server stamps who wrote each row); `cdnrec history --run` finds it by its id.
void TestTeamSync::forgedEventsDoNotRewriteARun()
{
    const TeamConfig admin = config(m_pg->adminUser());
    TeamHistory::Filter mine;
    mine.operatorName = kOperator;
    QList<TeamHistory::RunRecord> before;
    {
        TeamHistory team(admin, QString());
        before = team.runs(mine);
        QVERIFY2(team.status().ok(), qPrintable(team.status().message));
    }
    QVERIFY(!before.isEmpty());
    const TeamHistory::RunRecord victim = before.first();
    QVERIFY(victim.failed + victim.unknown + victim.succeeded > 0);
    QList<TeamHistory::Stream> streamsBefore;
    {
        TeamHistory team(admin, QString());
        streamsBefore = team.streams(victim.runId);
    }
    QVERIFY(!streamsBefore.isEmpty());
    // Written as another database user (the superuser here; the trigger stamps it).
    const QString forge = QStringLiteral(
        "INSERT INTO cdnrec_events (event_id, run_id, kind, occurred_at, os_user, host, app_id, "
        "action, stream_id, status, detail) VALUES "
        "(gen_random_uuid(), '%1', 'run_begun', now() + interval '1 day', '%2', 'forged', 1, "
        "'stop', NULL, NULL, '{}'), "
        "(gen_random_uuid(), '%1', 'run_ended', now(), '%2', 'forged', 1, 'stop', NULL, NULL, "
        "'{\"cancelled\": true}'), "
        "(gen_random_uuid(), '%1', 'stream_outcome', now(), '%2', 'forged', 1, 'stop', '%3', "
        "'failed', '{\"message\": \"forged\"}')");
    m_pg->psql(forge.arg(victim.runId, kOperator, streamsBefore.first().streamId),
               QStringLiteral("cdnrec"));
    QVERIFY(!QTest::currentTestFailed()); // psql failed: said above

    TeamHistory team(admin, QString());
    const QList<TeamHistory::RunRecord> after = team.runs(mine);
    QCOMPARE(after.size(), before.size()); // not listed twice
    TeamHistory::Filter one;
    one.runId = victim.runId;
    const QList<TeamHistory::RunRecord> found = team.runs(one);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().dbUser, victim.dbUser);
    QCOMPARE(found.first().cancelled, victim.cancelled);
    QCOMPARE(found.first().succeeded, victim.succeeded);
    QCOMPARE(found.first().failed, victim.failed);
    const QList<TeamHistory::Stream> streamsAfter = team.streams(victim.runId);
    QCOMPARE(streamsAfter.size(), streamsBefore.size());
    for (int i = 0; i < streamsAfter.size(); ++i) {
        QCOMPARE(streamsAfter.at(i).status, streamsBefore.at(i).status);
        QVERIFY(streamsAfter.at(i).message != QStringLiteral("forged"));
    }

    TeamConfig c = admin;
    c.save();
    QProcess cli;
    cli.start(QStringLiteral(CDNREC_CLI),
              {QStringLiteral("history"), QStringLiteral("--scope"), QStringLiteral("team"),
               QStringLiteral("--run"), victim.runId, QStringLiteral("--json")});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject doc = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(doc.value(QStringLiteral("streams")).toArray().size(), streamsBefore.size());
    cli.start(QStringLiteral(CDNREC_CLI),
              {QStringLiteral("history"), QStringLiteral("--scope"), QStringLiteral("team"),
               QStringLiteral("--run"), QStringLiteral("not-a-run")});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 2);
    TeamConfig::clear();
}

// The team answers a listing and the connection drops half way (a network, or a server that
// means harm): what arrived is not a complete history. The read fails and says why; the CLI
// prints no partial list as if it were all.
void TestTeamSync::answerCutOffIsNotShownAsComplete()
{
    m_pg->psql(QStringLiteral("SELECT cdnrec_append_events((SELECT jsonb_agg(jsonb_build_object("
                              "'event_id', gen_random_uuid(), 'run_id', gen_random_uuid(), "
                              "'kind', 'run_begun', 'occurred_at', now(), 'os_user', 'flood', "
                              "'host', 'h', 'app_id', 1, 'action', 'stop', 'detail', "
                              "jsonb_build_object('endpoint', repeat('x', 200)))) FROM "
                              "generate_series(1, 3000)))"),
               QStringLiteral("cdnrec"));
    QVERIFY(!QTest::currentTestFailed());
    TeamHistory::Filter flood;
    flood.operatorName = QStringLiteral("flood");
    flood.limit = 5000;
    {
        TeamHistory whole(config(m_pg->adminUser()), QString());
        QCOMPARE(whole.runs(flood).size(), 3000);
    }
    // 64 KB back from the server: the connection's set-up and the first rows of ~1 MB.
    CuttingProxy proxy(quint16(m_pg->port()), 64 * 1024);
    QVERIFY(proxy.port() != 0);
    TeamConfig viaProxy = config(m_pg->adminUser());
    viaProxy.port = proxy.port();
    TeamHistory cut(viaProxy, QString());
    QVERIFY2(cut.isOpen(), qPrintable(cut.status().message));
    const QList<TeamHistory::RunRecord> runs = cut.runs(flood);
    QVERIFY(proxy.cut());
    QVERIFY2(!cut.status().ok(), qPrintable(QString::number(runs.size())));
    QVERIFY(runs.isEmpty());
}

// A server that takes the query and never answers, keeping TCP alive: statement_timeout is its
// own to keep and keepalives see a live peer, so only the client's clock ends the wait. The
// read gives up after TeamReadDeadline::DefaultMs and says the connection failed.
void TestTeamSync::serverThatNeverAnswersIsGivenUpOn()
{
    CuttingProxy proxy(quint16(m_pg->port()), 64 * 1024, CuttingProxy::Mode::Stall);
    QVERIFY(proxy.port() != 0);
    TeamConfig viaProxy = config(m_pg->adminUser());
    viaProxy.port = proxy.port();
    TeamHistory stalled(viaProxy, QString());
    QVERIFY2(stalled.isOpen(), qPrintable(stalled.status().message));
    TeamHistory::Filter flood;
    flood.operatorName = QStringLiteral("flood");
    flood.limit = 5000;
    QElapsedTimer t;
    t.start();
    const QList<TeamHistory::RunRecord> runs = stalled.runs(flood);
    QVERIFY(proxy.cut());
    QVERIFY(runs.isEmpty());
    QCOMPARE(stalled.status().error, TeamDatabase::Error::Unreachable);
    // Bounded (not a speed goal: only a hang exceeds it).
    QVERIFY2(t.elapsed() < TeamReadDeadline::DefaultMs + 30000,
             qPrintable(QString::number(t.elapsed())));
}

void TestTeamSync::cleanupTestCase()
{
    TeamSession::resetForTesting();
}

TestTeamSync::Result TestTeamSync::runThroughSim(const QStringList &ids, int batchSize, double rate,
                                                 const std::function<void()> &midRun,
                                                 int midRunAfter)
{
    Result result;
    SimConfig sc;
    sc.appId = kAppId;
    sc.secret = kSecret;
    sc.rateLimit = 1000;
    SimServer sim(sc);
    if (!sim.start())
        qFatal("no simulator");
    const QString logPath = m_dir.filePath(QStringLiteral("sim-%1.log").arg(++m_simLogs));
    if (!sim.setLogFile(logPath))
        qFatal("no simulator log");

    RunPlan plan;
    plan.target.endpoint = sim.url();
    plan.target.appId = kAppId;
    plan.target.secret = kSecret;
    plan.options.batchSize = batchSize;
    plan.options.callsPerSecond = rate;
    plan.label = QStringLiteral("team test profile");
    for (const QString &id : ids) {
        StreamIds::Item item;
        item.id = id;
        item.verdict = StreamIds::check(id, &item.reason);
        plan.items.append(item);
    }
    Run run(plan);
    QObject::connect(&run, &Run::notice, &run,
                     [&result](const QString &n) { result.notices.append(n); });
    bool midRunDone = false;
    QObject::connect(&run, &Run::callStarted, &run, [&](const CallRecord &) {
        if (midRun && !midRunDone && run.callsStarted() >= midRunAfter) {
            midRunDone = true;
            midRun();
        }
    });
    if (!run.prepare()) {
        qWarning() << "run refused:" << run.problem();
        return result;
    }
    QSignalSpy finished(&run, &Run::finished);
    run.start();
    if (!finished.wait(120000))
        qWarning() << "the run did not finish";
    result.teamRunId = run.teamRunId();
    result.localRunId = run.historyRunId();
    result.allStopped = run.verdict() == Run::Verdict::AllStopped;
    result.calls = run.job() ? run.job()->callCount() : 0;

    QFile log(logPath);
    if (log.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : log.readAll().split('\n')) {
            if (!line.trimmed().isEmpty())
                result.simNonces.append(QJsonDocument::fromJson(line)
                                            .object()
                                            .value(QStringLiteral("nonce"))
                                            .toString());
        }
    }
    return result;
}

QString TestTeamSync::eventsDump() const
{
    return sql(QStringLiteral("SELECT coalesce(string_agg(row_to_json(e)::text, E'\\n'), '') "
                              "FROM cdnrec_events e;"));
}

QStringList TestTeamSync::teamNonces(const QString &runId) const
{
    const QString urls =
        sql(QStringLiteral("SELECT string_agg(detail->>'url', E'\\n' ORDER BY seq) FROM "
                           "cdnrec_events WHERE kind = 'call_sent' AND run_id = '%1';")
                .arg(runId));
    QStringList out;
    static const QRegularExpression nonce(QStringLiteral("SignatureNonce=([0-9a-f]+)"));
    for (const QString &url : urls.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        out.append(nonce.match(url).captured(1));
    return out;
}

void TestTeamSync::runRecordsEveryEvent()
{
    TeamSession *team = TeamSession::setForTesting(config(), kPassword);
    QStringList ids;
    for (int i = 0; i < 30; ++i)
        ids.append(QStringLiteral("rec-%1").arg(i));
    const Result r = runThroughSim(ids, 3, 200);
    QVERIFY(r.allStopped);
    QVERIFY(!r.teamRunId.isEmpty());
    QCOMPARE(team->sync()->waitUntilDrained(30000), 0);
    QCOMPARE(team->state(), TeamSync::State::Connected);

    const QString run = QStringLiteral("run_id = '%1'").arg(r.teamRunId);
    const auto count = [&](const QString &kind) {
        return sql(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE %1 AND kind = '%2';")
                       .arg(run, kind))
            .toInt();
    };
    QCOMPARE(count(QStringLiteral("run_begun")), 1);
    QCOMPARE(count(QStringLiteral("call_sent")), 10);
    QCOMPARE(count(QStringLiteral("call_answered")), 10);
    QCOMPARE(count(QStringLiteral("stream_outcome")), 30); // one per stream, not one per answer
    QCOMPARE(count(QStringLiteral("run_ended")), 1);
    // Every call the simulator received, exactly once.
    const QStringList inTeam = teamNonces(r.teamRunId);
    QCOMPARE(r.simNonces.size(), 10);
    QCOMPARE(nonceCounts(inTeam), nonceCounts(r.simNonces));
    // Who, where, what on every event; db_user from the server.
    QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE %1 AND (os_user = '' OR "
                                "host = '' OR profile <> 'team test profile' OR app_id <> %2 OR "
                                "action <> 'stop' OR db_user <> '%3');")
                     .arg(run)
                     .arg(kAppId)
                     .arg(kOperator)),
             QStringLiteral("0"));
    // The order of the outbox is the order of arrival.
    QCOMPARE(sql(QStringLiteral("SELECT kind FROM cdnrec_events WHERE %1 ORDER BY seq LIMIT 1;")
                     .arg(run)),
             QStringLiteral("run_begun"));
    QCOMPARE(sql(QStringLiteral("SELECT kind FROM cdnrec_events WHERE %1 ORDER BY seq DESC "
                                "LIMIT 1;")
                     .arg(run)),
             QStringLiteral("run_ended"));

    TeamHistory history(config(), kPassword);
    QVERIFY2(history.isOpen(), qPrintable(history.status().message));
    TeamHistory::Filter f;
    f.operatorName = kOperator;
    f.streamId = QStringLiteral("rec-7");
    const auto runs = history.runs(f);
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().runId, r.teamRunId);
    QCOMPARE(runs.first().requested, 30);
    QCOMPARE(runs.first().succeeded, 30);
    QCOMPARE(runs.first().calls, 10);
    QCOMPARE(runs.first().localRunId, r.localRunId);
    QVERIFY(!runs.first().interrupted());
    // Each stream as the answer that settled it told it: the History window shows these.
    const QList<TeamHistory::Stream> streams = history.streams(r.teamRunId);
    QCOMPARE(streams.size(), 30);
    for (const TeamHistory::Stream &s : streams) {
        QCOMPARE(s.status, QStringLiteral("stopped"));
        QCOMPARE(s.attempts, 1);
        QVERIFY2(!s.requestId.isEmpty(), qPrintable(s.streamId));
    }
    f.streamId = QStringLiteral("never-sent");
    QVERIFY(history.runs(f).isEmpty());
    QCOMPARE(TeamHistory::localRunsSynced(History::defaultPath()).value(r.localRunId), true);
}

void TestTeamSync::replayAgainAddsNothing()
{
    TeamSession::setForTesting(config(), kPassword);
    const Result r = runThroughSim({QStringLiteral("again-1"), QStringLiteral("again-2")}, 1, 100);
    QVERIFY(r.allStopped);
    QCOMPARE(TeamSession::instance()->sync()->waitUntilDrained(30000), 0);
    TeamSession::resetForTesting();
    const QString before = sql(QStringLiteral("SELECT count(*) FROM cdnrec_events;"));
    // A process that died between the insert and the mark: every event is unsynced again.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("x"));
        db.setDatabaseName(History::defaultPath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE team_outbox_mark SET synced_through = 0")));
        QVERIFY(q.numRowsAffected() > 0);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("x"));
    for (int i = 0; i < 2; ++i) {
        int sent = 0;
        const TeamDatabase::Status st =
            TeamSync::replay(config(), kPassword, History::defaultPath(), &sent);
        QVERIFY2(st.ok(), qPrintable(st.message));
        QCOMPARE(sent > 0, i == 0);
    }
    QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM cdnrec_events;")), before);
    QCOMPARE(TeamOutbox(History::defaultPath()).unsyncedCount(), 0);
}

void TestTeamSync::databaseStoppedMidRun()
{
    TeamSession *team = TeamSession::setForTesting(config(), kPassword);
    QSignalSpy states(team, &TeamSession::stateChanged);
    QStringList ids;
    for (int i = 0; i < 160; ++i)
        ids.append(QStringLiteral("crash-%1").arg(i));
    // 80 calls at 40/s: the database goes down after 15 calls and comes back after 40.
    bool restarted = false;
    const Result r = runThroughSim(
        ids, 2, 40,
        [&] {
            m_pg->stopImmediate();
            QTimer::singleShot(1000, [&] { restarted = m_pg->start(); });
        },
        15);
    QVERIFY(r.allStopped); // the run was neither blocked nor lost
    QTRY_VERIFY_WITH_TIMEOUT(restarted, 20000);
    bool wentOffline = false;
    for (const auto &args : states)
        wentOffline =
            wentOffline || args.at(0).value<TeamSync::State>() == TeamSync::State::Offline;
    QVERIFY(wentOffline);
    QVERIFY2(r.notices.join(QLatin1Char('\n')).contains(QStringLiteral("Team database offline")),
             qPrintable(r.notices.join(QLatin1Char('\n'))));
    // Backoff: 1 + 2 + 4 s at most after the restart, or 30 s if it were stuck at the top.
    QElapsedTimer drain;
    drain.start();
    int waiting = -1;
    while (waiting != 0 && drain.elapsed() < 60000)
        waiting = team->sync()->waitUntilDrained(2000);
    QCOMPARE(waiting, 0);
    QCOMPARE(team->state(), TeamSync::State::Connected);
    // Every call the simulator logged, exactly once in the team history.
    QCOMPARE(r.simNonces.size(), 80);
    QCOMPARE(nonceCounts(teamNonces(r.teamRunId)), nonceCounts(r.simNonces));
    QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE run_id = '%1';")
                     .arg(r.teamRunId)),
             QString::number(1 + 80 + 80 + 160 + 1));
    QCOMPARE(sql(QStringLiteral("SELECT count(DISTINCT stream_id) FROM cdnrec_events WHERE "
                                "run_id = '%1' AND kind = 'stream_outcome';")
                     .arg(r.teamRunId)),
             QStringLiteral("160"));
}

void TestTeamSync::hungDatabaseNeverBlocksRun()
{
    // A server that takes the connection and never says a word.
    QTcpServer hung;
    QVERIFY(hung.listen(QHostAddress::LocalHost, 0));
    TeamConfig c = config();
    c.port = hung.serverPort();
    TeamSession *team = TeamSession::setForTesting(c, kPassword);
    QStringList ids;
    for (int i = 0; i < 40; ++i)
        ids.append(QStringLiteral("hung-%1").arg(i));
    QElapsedTimer t;
    t.start();
    const Result r = runThroughSim(ids, 1, 100);
    // 40 calls at 100/s take 0.4 s; one connect timeout per call would be 200 s.
    QVERIFY2(t.elapsed() < 30000, qPrintable(QString::number(t.elapsed())));
    QVERIFY(r.allStopped);
    QCOMPARE(r.simNonces.size(), 40);
    // Everything waits in the outbox; the state says why.
    QTRY_COMPARE_WITH_TIMEOUT(team->state(), TeamSync::State::Offline, 20000);
    QVERIFY(!team->reason().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(team->waiting() >= 1 + 40 + 40 + 40 + 1, 20000);
    QCOMPARE(TeamHistory::localRunsSynced(History::defaultPath()).value(r.localRunId, true), false);
    QVERIFY(!team->noticeText().isEmpty());
    // Pointed at the real server again (the next start), the events go.
    TeamSession::resetForTesting();
    int sent = 0;
    const TeamDatabase::Status st =
        TeamSync::replay(config(), kPassword, History::defaultPath(), &sent);
    QVERIFY2(st.ok(), qPrintable(st.message));
    QCOMPARE(nonceCounts(teamNonces(r.teamRunId)), nonceCounts(r.simNonces));
}

void TestTeamSync::noSecretInAnyEvent()
{
    TeamSession *team = TeamSession::setForTesting(config(), kPassword);
    // echo-: the gateway echoes the query, the signature and the secret.
    const Result r = runThroughSim(
        {QStringLiteral("echo-1"), QStringLiteral("echo-2"), QStringLiteral("fine-1")}, 1, 100);
    QCOMPARE(team->sync()->waitUntilDrained(30000), 0);
    QCOMPARE(r.simNonces.size(), 3);
    const QString dump = eventsDump();
    QVERIFY(dump.contains(QStringLiteral("echo-1")));
    QVERIFY(!dump.contains(kSecret));
    QVERIFY(!dump.contains(kPassword));
    // Each call's signature, from what the simulator logged.
    QFile log(m_dir.filePath(QStringLiteral("sim-%1.log").arg(m_simLogs)));
    QVERIFY(log.open(QIODevice::ReadOnly));
    int signatures = 0;
    for (const QByteArray &line : log.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.isEmpty())
            continue;
        const QString sig =
            Signer::signature(kAppId, o.value(QStringLiteral("nonce")).toString(), kSecret,
                              o.value(QStringLiteral("timestamp")).toString().toLongLong());
        QCOMPARE(sig.size(), 32);
        QVERIFY2(!dump.contains(sig, Qt::CaseInsensitive), qPrintable(sig));
        ++signatures;
    }
    QCOMPARE(signatures, 3);
    // Nor in the outbox.
    QFile history(History::defaultPath());
    QVERIFY(history.open(QIODevice::ReadOnly));
    const QByteArray raw = history.readAll();
    QVERIFY(!raw.contains(kSecret.toUtf8()));
}

void TestTeamSync::twoReplayersExactlyOnce()
{
    const QString path = m_dir.filePath(QStringLiteral("two.sqlite"));
    {
        History h(path); // the file, as the history makes it
        QVERIFY(h.isOpen());
    }
    const QString runId = TeamOutbox::newId();
    {
        TeamOutbox outbox(path);
        QVERIFY2(outbox.isOpen(), qPrintable(outbox.lastError()));
        QList<TeamEvent> events;
        TeamEvent begun; // the server takes events only for a run their writer began
        begun.runId = runId;
        begun.kind = QStringLiteral("run_begun");
        begun.osUser = QStringLiteral("tester");
        begun.host = QStringLiteral("box");
        begun.appId = kAppId;
        begun.action = QStringLiteral("stop");
        QList<TeamEvent> first{begun};
        QVERIFY2(outbox.append(first), qPrintable(outbox.lastError()));
        for (int i = 0; i < 3000; ++i) {
            TeamEvent e;
            e.runId = runId;
            e.kind = QStringLiteral("stream_outcome");
            e.osUser = QStringLiteral("tester");
            e.host = QStringLiteral("box");
            e.appId = kAppId;
            e.action = QStringLiteral("stop");
            e.streamId = QStringLiteral("two-%1").arg(i);
            e.status = QStringLiteral("stopped");
            events.append(e);
        }
        QVERIFY2(outbox.append(events), qPrintable(outbox.lastError()));
        QCOMPARE(outbox.unsyncedCount(), 3001);
    }
    TeamDatabase::Status a, b;
    int sentA = 0, sentB = 0;
    std::thread ta([&] { a = TeamSync::replay(config(), kPassword, path, &sentA, 100); });
    std::thread tb([&] { b = TeamSync::replay(config(), kPassword, path, &sentB, 100); });
    ta.join();
    tb.join();
    QVERIFY2(a.ok(), qPrintable(a.message));
    QVERIFY2(b.ok(), qPrintable(b.message));
    QVERIFY(sentA + sentB >= 3001);
    QCOMPARE(sql(QStringLiteral("SELECT count(*), count(DISTINCT event_id), count(DISTINCT "
                                "stream_id) FROM cdnrec_events WHERE run_id = '%1' AND kind = "
                                "'stream_outcome';")
                     .arg(runId)),
             QStringLiteral("3000|3000|3000"));
    QCOMPARE(TeamOutbox(path).unsyncedCount(), 0);
}

void TestTeamSync::outboxFailureStopsSending()
{
    TeamSession::setForTesting(config(), kPassword);
    // The outbox refuses call_sent (a full disk, a damaged table): the call's history row and its
    // team event are one transaction, so neither is written and the call is not sent.
    // Its checks return from it only: called through TEST_STEP.
    const auto onHistory = [](const QString &statement) {
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("side"));
            db.setDatabaseName(History::defaultPath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("side"));
    };
    TEST_STEP(onHistory(
        QStringLiteral("CREATE TRIGGER refuse_call_sent BEFORE INSERT ON team_outbox WHEN "
                       "NEW.moment = 'call_sent' BEGIN SELECT RAISE(ABORT, 'disk full'); "
                       "END")));
    const Result r = runThroughSim({QStringLiteral("wal-1"), QStringLiteral("wal-2")}, 1, 100);
    TEST_STEP(onHistory(QStringLiteral("DROP TRIGGER refuse_call_sent")));
    // Not one call left: the team event of a call is written before it is sent.
    QCOMPARE(r.simNonces.size(), 0);
    QVERIFY(!r.allStopped);
    QCOMPARE(r.calls, 0);
}

void TestTeamSync::historyCommandTeamScope()
{
    // The CLI reads the team config from its settings and the password from the keyring; the
    // trusted admin needs none.
    TeamConfig c = config(m_pg->adminUser());
    c.save();
    QProcess cli;
    cli.start(QStringLiteral(CDNREC_CLI),
              {QStringLiteral("history"), QStringLiteral("--scope"), QStringLiteral("team"),
               QStringLiteral("--operator"), kOperator, QStringLiteral("--json")});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject doc = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(doc.value(QStringLiteral("scope")).toString(), QStringLiteral("team"));
    const QJsonArray runs = doc.value(QStringLiteral("runs")).toArray();
    QVERIFY(runs.size() >= 4);
    for (const QJsonValue &v : runs) {
        const QJsonObject o = v.toObject();
        QCOMPARE(o.value(QStringLiteral("db_user")).toString(), kOperator);
        QVERIFY(!o.value(QStringLiteral("run")).toString().isEmpty());
    }
    // Nobody else's runs.
    cli.start(QStringLiteral(CDNREC_CLI),
              {QStringLiteral("history"), QStringLiteral("--scope"), QStringLiteral("team"),
               QStringLiteral("--operator"), QStringLiteral("nobody-else"),
               QStringLiteral("--json")});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(QJsonDocument::fromJson(cli.readAllStandardOutput())
                 .object()
                 .value(QStringLiteral("runs"))
                 .toArray()
                 .size(),
             0);
    // The local scope says, per run, whether it is in the team database.
    cli.start(QStringLiteral(CDNREC_CLI), {QStringLiteral("history"), QStringLiteral("--scope"),
                                           QStringLiteral("mine"), QStringLiteral("--json")});
    QVERIFY(cli.waitForFinished(60000));
    const QJsonObject mine = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(mine.value(QStringLiteral("scope")).toString(), QStringLiteral("mine"));
    bool sawSynced = false;
    for (const QJsonValue &v : mine.value(QStringLiteral("runs")).toArray())
        sawSynced = sawSynced || v.toObject().value(QStringLiteral("synced")).toBool();
    QVERIFY(sawSynced);
    TeamConfig::clear();
}

void TestTeamSync::cliSendsAtExitOrSaysWhatWaits()
{
    SimConfig sc;
    sc.appId = kAppId;
    sc.secret = kSecret;
    sc.rateLimit = 1000;
    SimServer sim(sc);
    QVERIFY(sim.start());
    const auto stop = [&](const QString &idPrefix, QString *err) {
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CDNREC_SERVER_SECRET"), kSecret);
        cli.setProcessEnvironment(env);
        QStringList args{QStringLiteral("stop"),    QStringLiteral("--endpoint"),
                         sim.url().toString(),      QStringLiteral("--app-id"),
                         QString::number(kAppId),   QStringLiteral("--vendor"),
                         QStringLiteral("Tencent"), QStringLiteral("--rate"),
                         QStringLiteral("100"),     QStringLiteral("--batch-size"),
                         QStringLiteral("1")};
        for (int i = 0; i < 5; ++i)
            args << QStringLiteral("--stream") << QStringLiteral("%1-%2").arg(idPrefix).arg(i);
        QSignalSpy done(&cli, &QProcess::finished);
        cli.start(QStringLiteral(CDNREC_CLI), args);
        if (!cli.waitForStarted(10000) || (done.isEmpty() && !done.wait(60000)))
            return -1;
        *err = QString::fromUtf8(cli.readAllStandardError());
        return cli.exitCode();
    };
    const auto eventsOf = [&](const QString &idPrefix) {
        return sql(QStringLiteral("SELECT count(*) FROM cdnrec_events WHERE run_id IN (SELECT "
                                  "run_id FROM cdnrec_events WHERE stream_id LIKE '%1-%%');")
                       .arg(idPrefix))
            .toInt();
    };
    // Online: the run's events are in the team database when the command has exited.
    config(m_pg->adminUser()).save();
    QString err;
    QVERIFY2(stop(QStringLiteral("cli-on"), &err) == 0, qPrintable(err));
    QCOMPARE(eventsOf(QStringLiteral("cli-on")), 1 + 5 + 5 + 5 + 1);

    // Nothing answers: the run is not held up, and the command says what waits.
    TeamConfig down = config(m_pg->adminUser());
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        down.port = probe.serverPort();
    }
    down.save();
    QVERIFY2(stop(QStringLiteral("cli-off"), &err) == 0, qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("Team database offline")), qPrintable(err));
    QCOMPARE(eventsOf(QStringLiteral("cli-off")), 0);
    // The next start (here: a replay) sends them.
    int sent = 0;
    QVERIFY(TeamSync::replay(config(), kPassword, History::defaultPath(), &sent).ok());
    QCOMPARE(eventsOf(QStringLiteral("cli-off")), 1 + 5 + 5 + 5 + 1);
    TeamConfig::clear();
}

QTEST_GUILESS_MAIN(TestTeamSync)
#include "test_teamsync.moc"
