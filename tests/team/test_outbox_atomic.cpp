// SPDX-License-Identifier: GPL-3.0-or-later
// Team mode writes a call ahead once: the history's call row and its call_sent event in the
// outbox are one commit in the history file. A call whose history row is committed has its
// call_sent event there, and the other way round; when either cannot be written, neither is,
// and the call is not sent. Against a real PostgreSQL server (the sync replays what is written)
// and the simulator.
#include "pgcluster.h"
#include "simserver.h"
#include <app/application.h>
#include <app/run.h>
#include <store/history.h>
#include <team/teamconfig.h>
#include <team/teamdatabase.h>
#include <team/teamoutbox.h>
#include <team/teamsession.h>
#include <team/teamsync.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("outbox-secret-0a1b2c3d4e5f");
const QString kPassword = QStringLiteral("op-pw-Outbox7");
const QString kOperator = QStringLiteral("op_outbox");
constexpr quint32 kAppId = 1234567890;

} // namespace

class TestOutboxAtomic final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void refusedCallSentLeavesNoCallRow();
    void refusedCallRowLeavesNoCallSent();
    void everyCallRowHasItsCallSent();
    void cleanupTestCase();

private:
    struct Result
    {
        qint64 localRunId = 0;
        QString teamRunId;
        int received = 0; // calls the simulator received
        int calls = 0;    // calls the job started
        bool allStopped = false;
    };
    TeamConfig config() const;
    // A history file with the outbox table, as team mode leaves it.
    QString freshHistory(const QString &name);
    Result runThroughSim(const QString &historyPath, const QStringList &ids, int batchSize);
    // One statement on a connection of the test's own; the rows of a SELECT, '|'-joined.
    QStringList onFile(const QString &path, const QString &statement);

    std::unique_ptr<test::PgCluster> m_pg;
    QTemporaryDir m_dir;
    int m_logs = 0;
};

TeamConfig TestOutboxAtomic::config() const
{
    TeamConfig c;
    c.host = m_pg->host();
    c.port = m_pg->port();
    c.database = QStringLiteral("cdnrec");
    c.user = kOperator;
    c.sslMode = QStringLiteral("disable");
    c.insecureTls = true; // the test cluster speaks no TLS: the password goes in clear
    return c;
}

void TestOutboxAtomic::initTestCase()
{
    QVERIFY(qEnvironmentVariableIsSet("XDG_CONFIG_HOME"));
    initApplication();
    TeamConfig::clear();
    QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
             "the QPSQL driver (libqt6sql6-psql) is missing");
    m_pg = std::make_unique<test::PgCluster>();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_pg->createDatabase(QStringLiteral("cdnrec"));
    TeamConfig admin = config();
    admin.user = m_pg->adminUser();
    const QString conn = QStringLiteral("init");
    TeamDatabase::open(admin, QString(), conn);
    const TeamDatabase::Status m = TeamDatabase::migrate(conn);
    QVERIFY2(m.ok(), qPrintable(m.message));
    TeamDatabase::close(conn);
    m_pg->createRole(kOperator, kPassword, QStringLiteral("cdnrec_operator"));
}

void TestOutboxAtomic::cleanup()
{
    TeamSession::resetForTesting();
}

void TestOutboxAtomic::cleanupTestCase()
{
    TeamSession::resetForTesting();
}

QString TestOutboxAtomic::freshHistory(const QString &name)
{
    const QString path = m_dir.filePath(name);
    {
        History h(path);
        if (!h.isOpen())
            qFatal("no history");
    }
    if (!TeamOutbox(path).isOpen())
        qFatal("no outbox");
    return path;
}

QStringList TestOutboxAtomic::onFile(const QString &path, const QString &statement)
{
    QStringList rows;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("side"));
        db.setDatabaseName(path);
        if (!db.open())
            qFatal("cannot open %s", qPrintable(path));
        QSqlQuery q(db);
        if (!q.exec(statement))
            qFatal("%s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
        while (q.isSelect() && q.next()) {
            QStringList cols;
            for (int i = 0; i < q.record().count(); ++i)
                cols.append(q.value(i).toString());
            rows.append(cols.join(u'|'));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("side"));
    return rows;
}

TestOutboxAtomic::Result TestOutboxAtomic::runThroughSim(const QString &historyPath,
                                                         const QStringList &ids, int batchSize)
{
    Result result;
    SimConfig sc;
    sc.appId = kAppId;
    sc.secret = kSecret;
    sc.rateLimit = 1000;
    SimServer sim(sc);
    if (!sim.start())
        qFatal("no simulator");
    const QString logPath = m_dir.filePath(QStringLiteral("sim-%1.log").arg(++m_logs));
    if (!sim.setLogFile(logPath))
        qFatal("no simulator log");
    History history(historyPath);
    RunPlan plan;
    plan.target.endpoint = sim.url();
    plan.target.appId = kAppId;
    plan.target.secret = kSecret;
    plan.options.batchSize = batchSize;
    plan.options.callsPerSecond = 200;
    plan.label = QStringLiteral("outbox test");
    for (const QString &id : ids) {
        StreamIds::Item item;
        item.id = id;
        item.verdict = StreamIds::check(id, &item.reason);
        plan.items.append(item);
    }
    {
        Run run(plan);
        run.setHistory(&history);
        if (!run.prepare()) {
            qWarning() << "run refused:" << run.problem();
            return result;
        }
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        if (!finished.wait(60000))
            qWarning() << "the run did not finish";
        result.localRunId = run.historyRunId();
        result.teamRunId = run.teamRunId();
        result.calls = run.job() ? run.job()->callCount() : 0;
        result.allStopped = run.verdict() == Run::Verdict::AllStopped;
    }
    QFile log(logPath);
    if (log.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : log.readAll().split('\n'))
            result.received += line.trimmed().isEmpty() ? 0 : 1;
    }
    return result;
}

void TestOutboxAtomic::refusedCallSentLeavesNoCallRow()
{
    // The outbox refuses call_sent (a full disk, a damaged table): the call's history row goes
    // with it, and the call is not sent.
    TeamSession::setForTesting(config(), kPassword);
    const QString path = freshHistory(QStringLiteral("refuse-event.sqlite"));
    onFile(path, QStringLiteral("CREATE TRIGGER refuse_call_sent BEFORE INSERT ON team_outbox "
                                "WHEN NEW.moment = 'call_sent' BEGIN SELECT RAISE(ABORT, 'disk "
                                "full'); END"));
    const Result r =
        runThroughSim(path, {QStringLiteral("atomic-1"), QStringLiteral("atomic-2")}, 1);
    QVERIFY(r.localRunId > 0);
    QCOMPARE(r.received, 0);
    QCOMPARE(r.calls, 0);
    QVERIFY(!r.allStopped);
    QCOMPARE(
        onFile(path,
               QStringLiteral("SELECT count(*) FROM calls WHERE run_id = %1").arg(r.localRunId)),
        QStringList{QStringLiteral("0")});
    QCOMPARE(onFile(path, QStringLiteral("SELECT count(*) FROM team_outbox WHERE moment = "
                                         "'call_sent'")),
             QStringList{QStringLiteral("0")});
    // No stream reads "sent, outcome unknown": none went out.
    const History h(path, History::Mode::ReadOnly);
    for (const History::Stream &s : h.streams(r.localRunId)) {
        QVERIFY2(s.status != HistoryStatus::SentNoAnswer && s.status != HistoryStatus::Unknown,
                 qPrintable(s.streamId));
        QCOMPARE(s.attempts, 0);
    }
}

void TestOutboxAtomic::refusedCallRowLeavesNoCallSent()
{
    // The other way round: the history refuses the call's row; no call_sent waits to be replayed.
    TeamSession::setForTesting(config(), kPassword);
    const QString path = freshHistory(QStringLiteral("refuse-row.sqlite"));
    onFile(path, QStringLiteral("CREATE TRIGGER refuse_call_row BEFORE INSERT ON calls BEGIN "
                                "SELECT RAISE(ABORT, 'disk full'); END"));
    const Result r =
        runThroughSim(path, {QStringLiteral("atomic-3"), QStringLiteral("atomic-4")}, 1);
    QVERIFY(r.localRunId > 0);
    QCOMPARE(r.received, 0);
    QCOMPARE(r.calls, 0);
    QCOMPARE(onFile(path, QStringLiteral("SELECT count(*) FROM calls")),
             QStringList{QStringLiteral("0")});
    QCOMPARE(onFile(path, QStringLiteral("SELECT count(*) FROM team_outbox WHERE moment = "
                                         "'call_sent'")),
             QStringList{QStringLiteral("0")});
}

void TestOutboxAtomic::everyCallRowHasItsCallSent()
{
    TeamSession *team = TeamSession::setForTesting(config(), kPassword);
    const QString path = freshHistory(QStringLiteral("pairs.sqlite"));
    QStringList ids;
    for (int i = 0; i < 12; ++i)
        ids.append(QStringLiteral("pair-%1").arg(i));
    const Result r = runThroughSim(path, ids, 2);
    QVERIFY(r.allStopped);
    QCOMPARE(r.received, 6);
    // Each history call row and each call_sent event name the same calls, once each.
    QStringList rows =
        onFile(path, QStringLiteral("SELECT call_no FROM calls WHERE run_id = %1 ORDER BY call_no")
                         .arg(r.localRunId));
    QStringList events = onFile(
        path, QStringLiteral("SELECT json_extract(CAST(json AS TEXT), '$[0].detail.call_no') FROM "
                             "team_outbox WHERE moment = 'call_sent' AND local_run_id = %1 ORDER "
                             "BY 1")
                  .arg(r.localRunId));
    QCOMPARE(rows.size(), 6);
    QCOMPARE(events, rows);
    // The run's events in order: begun first, ended last, each call sent before it is answered.
    const QStringList kinds = onFile(
        path, QStringLiteral("SELECT json_extract(e.value, '$.kind') || ':' || "
                             "IFNULL(json_extract(e.value, '$.call_id'), '') FROM team_outbox o, "
                             "json_each(CAST(o.json AS TEXT)) e WHERE o.local_run_id = %1 ORDER BY "
                             "o.seq, e.key")
                  .arg(r.localRunId));
    QCOMPARE(kinds.first(), QStringLiteral("run_begun:"));
    QCOMPARE(kinds.last(), QStringLiteral("run_ended:"));
    QSet<QString> sent;
    for (const QString &k : kinds) {
        const QString callId = k.section(u':', 1);
        if (k.startsWith(QLatin1String("call_sent:")))
            sent.insert(callId);
        else if (k.startsWith(QLatin1String("call_answered:")))
            QVERIFY2(sent.contains(callId), qPrintable(k));
    }
    QCOMPARE(sent.size(), 6);
    // Replayed exactly once.
    QCOMPARE(team->sync()->waitUntilDrained(30000), 0);
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT count(*), count(DISTINCT call_id) FROM "
                                       "cdnrec_events WHERE run_id = '%1' AND kind = 'call_sent';")
                            .arg(r.teamRunId),
                        QStringLiteral("cdnrec")),
             QStringLiteral("6|6"));
    QCOMPARE(TeamOutbox(path).unsyncedCount(), 0);
}

QTEST_GUILESS_MAIN(TestOutboxAtomic)
#include "test_outbox_atomic.moc"
