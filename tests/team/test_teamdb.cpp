// SPDX-License-Identifier: GPL-3.0-or-later
// The team database core against a real PostgreSQL server started by the test (pgcluster.h).
#include "pgcluster.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace cdnrec;

class TestTeamDb final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void clusterRunsAndRestarts();
    void clusterRefusesWrongPassword();
    void clusterSpeaksTls();

private:
    std::unique_ptr<test::PgCluster> m_pg;
};

void TestTeamDb::initTestCase()
{
    test::PgCluster::Options tls;
    tls.tls = true;
    m_pg = std::make_unique<test::PgCluster>(tls);
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
}

void TestTeamDb::clusterRunsAndRestarts()
{
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT 40 + 2;")), QStringLiteral("42"));
    m_pg->stopImmediate();
    QString out;
    QVERIFY(!m_pg->psqlAs(m_pg->adminUser(), QString(), QStringLiteral("SELECT 1;"), &out));
    QVERIFY2(m_pg->start(), qPrintable(m_pg->error()));
    QCOMPARE(m_pg->psql(QStringLiteral("SELECT 1;")), QStringLiteral("1"));
}

void TestTeamDb::clusterRefusesWrongPassword()
{
    m_pg->createRole(QStringLiteral("pc_alice"), QStringLiteral("s3cret"));
    QString out, err;
    QVERIFY(m_pg->psqlAs(QStringLiteral("pc_alice"), QStringLiteral("s3cret"),
                         QStringLiteral("SELECT current_user;"), &out, &err));
    QCOMPARE(out, QStringLiteral("pc_alice"));
    QVERIFY(!m_pg->psqlAs(QStringLiteral("pc_alice"), QStringLiteral("wrong"),
                          QStringLiteral("SELECT 1;"), &out, &err));
    QVERIFY2(err.contains(QStringLiteral("password authentication failed")), qPrintable(err));
}

void TestTeamDb::clusterSpeaksTls()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("tls"));
    db.setHostName(m_pg->host());
    db.setPort(m_pg->port());
    db.setDatabaseName(QStringLiteral("postgres"));
    db.setUserName(QStringLiteral("pc_alice"));
    db.setPassword(QStringLiteral("s3cret"));
    db.setConnectOptions(QStringLiteral("sslmode=verify-full;sslrootcert=") + m_pg->caCertPath());
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")));
    QVERIFY(q.next());
    QVERIFY(q.value(0).toBool());
    db.close();
    db.setConnectOptions(QStringLiteral("sslmode=verify-full;sslrootcert=") +
                         m_pg->otherCaCertPath());
    QVERIFY(!db.open());
    QVERIFY2(db.lastError().text().contains(QStringLiteral("certificate")),
             qPrintable(db.lastError().text()));
}

QTEST_GUILESS_MAIN(TestTeamDb)
#include "test_teamdb.moc"
