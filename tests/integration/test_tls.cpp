// SPDX-License-Identifier: GPL-3.0-or-later
// TLS: an https endpoint with a self-signed certificate is refused, never "ignored".
#include <engine/job.h>

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

class TestTls : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QSslCertificate m_cert;
    QSslKey m_key;
    std::unique_ptr<QSslServer> m_server;
    int m_requestsRead = 0;

private Q_SLOTS:
    void initTestCase();
    void theServerWorksForAClientThatTrustsIt();
    void selfSignedIsRefused();
};

void TestTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QFAIL("no TLS backend");
    // A throw-away certificate for 127.0.0.1, made now.
    QProcess openssl;
    openssl.start(u"openssl"_qs,
                  {u"req"_qs, u"-x509"_qs, u"-newkey"_qs, u"rsa:2048"_qs, u"-nodes"_qs, u"-days"_qs,
                   u"1"_qs, u"-subj"_qs, u"/CN=127.0.0.1"_qs, u"-addext"_qs,
                   u"subjectAltName=IP:127.0.0.1"_qs, u"-keyout"_qs, m_dir.filePath(u"key.pem"_qs),
                   u"-out"_qs, m_dir.filePath(u"cert.pem"_qs)});
    QVERIFY(openssl.waitForFinished(60000));
    QCOMPARE(openssl.exitCode(), 0);
    QFile c(m_dir.filePath(u"cert.pem"_qs));
    QFile k(m_dir.filePath(u"key.pem"_qs));
    QVERIFY(c.open(QIODevice::ReadOnly) && k.open(QIODevice::ReadOnly));
    m_cert = QSslCertificate(c.readAll());
    m_key = QSslKey(k.readAll(), QSsl::Rsa);
    QVERIFY(!m_cert.isNull() && !m_key.isNull());

    m_server = std::make_unique<QSslServer>();
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(m_cert);
    config.setPrivateKey(m_key);
    m_server->setSslConfiguration(config);
    connect(m_server.get(), &QSslServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *s = m_server->nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, this, [this, s] {
                // Only a client that completed the handshake gets here with plaintext.
                if (s->readAll().startsWith("GET "))
                    ++m_requestsRead;
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         "9\r\n\r\n{\"Code\":7}");
            });
        }
    });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TestTls::theServerWorksForAClientThatTrustsIt()
{
    // The control: with the certificate trusted, the handshake succeeds.
    QSslSocket client;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.addCaCertificate(m_cert);
    client.setSslConfiguration(config);
    QSignalSpy encrypted(&client, &QSslSocket::encrypted);
    client.connectToHostEncrypted(u"127.0.0.1"_qs, m_server->serverPort());
    // The server shares this event loop: wait by spinning it, not by blocking.
    QVERIFY(encrypted.wait(10000));
    client.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QTRY_COMPARE(m_requestsRead, 1);
    m_requestsRead = 0;
}

void TestTls::selfSignedIsRefused()
{
    JobTarget t;
    t.endpoint = QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(m_server->serverPort()));
    t.appId = 1234567890;
    t.secret = u"tls-test-secret"_qs;
    JobOptions o;
    o.maxAttempts = 3;
    o.batchSize = 1;
    Job job(t, {u"a"_qs, u"b"_qs}, o);
    QSignalSpy done(&job, &Job::finished);
    job.start();
    QVERIFY(done.wait(20000));
    const StreamOutcome &a = job.outcome(0);
    QCOMPARE(a.status, StreamStatus::Failed);
    QVERIFY2(a.message.contains(u"TLS error"_qs), qPrintable(a.message));
    QCOMPARE(a.attempts, 1);                                // a certificate problem is not retried
    QCOMPARE(job.outcome(1).status, StreamStatus::Skipped); // and nothing more is sent
    QVERIFY(job.problem().contains(u"TLS error"_qs));
    QCOMPARE(m_requestsRead, 0); // no request ever reached the server in the clear
}

QTEST_GUILESS_MAIN(TestTls)
#include "test_tls.moc"
