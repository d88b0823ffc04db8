// SPDX-License-Identifier: GPL-3.0-or-later
// SecretStore against a real Secret Service. Run by with-keyring.sh in each of its modes; the
// mode (CDNREC_KEYRING_MODE) says what the keyring should do.
#include "secretstore.h"

#include <QElapsedTimer>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTest>

using namespace cdnrec;
using Status = SecretStore::Status;

class TestSecretStore : public QObject
{
    Q_OBJECT
private:
    QString mode() const { return qEnvironmentVariable("CDNREC_KEYRING_MODE"); }

private Q_SLOTS:
    void initTestCase();
    void writeReadRemove();
    void moveFollowsRename();
    void missingEntry();
    void sessionOnlyNeedsNoKeyring();
    void noKeyringSaysSoQuickly();
    void lockedKeyringSaysSo();
    void hungKeyringTimesOut();
};

void TestSecretStore::initTestCase()
{
    // Only meaningful inside the wrapper, which says what the keyring should do.
    QVERIFY2(!mode().isEmpty(), "run through tests/keyring/with-keyring.sh MODE");
}

void TestSecretStore::writeReadRemove()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    SecretStore store;
    const QString secret = u"9193cc662a4c0ec135ec71fb57194b38"_qs;
    QVERIFY(store.writeNow(u"Acme"_qs, secret).ok());
    const auto read = store.readNow(u"Acme"_qs);
    QVERIFY2(read.ok(), qPrintable(read.message));
    QCOMPARE(read.secret, secret);
    QVERIFY(store.writeNow(u"Acme"_qs, u"changed"_qs).ok());
    QCOMPARE(store.readNow(u"Acme"_qs).secret, u"changed"_qs);
    QVERIFY(store.removeNow(u"Acme"_qs).ok());
    QCOMPARE(store.readNow(u"Acme"_qs).status, Status::NotFound);
    QVERIFY(store.removeNow(u"Acme"_qs).ok()); // removing nothing is fine
}

void TestSecretStore::moveFollowsRename()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    SecretStore store;
    QVERIFY(store.writeNow(u"Old name"_qs, u"s-1"_qs).ok());
    bool done = false;
    SecretStore::Result moved;
    store.move(u"Old name"_qs, u"New name"_qs, this, [&](const SecretStore::Result &r) {
        moved = r;
        done = true;
    });
    QTRY_VERIFY(done);
    QVERIFY2(moved.ok(), qPrintable(moved.message));
    QCOMPARE(store.readNow(u"New name"_qs).secret, u"s-1"_qs);
    QCOMPARE(store.readNow(u"Old name"_qs).status, Status::NotFound);
}

void TestSecretStore::missingEntry()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    SecretStore store;
    const auto r = store.readNow(u"Never saved"_qs);
    QCOMPARE(r.status, Status::NotFound);
    QVERIFY(r.message.contains(u"Never saved"_qs));
    QVERIFY(r.secret.isEmpty());
}

void TestSecretStore::sessionOnlyNeedsNoKeyring()
{
    // In every mode: a session secret is served from memory.
    SecretStore store;
    store.setSessionSecret(u"Temp"_qs, u"in-memory"_qs);
    const auto r = store.readNow(u"Temp"_qs);
    QVERIFY(r.ok());
    QCOMPARE(r.secret, u"in-memory"_qs);
    store.forgetSessionSecret(u"Temp"_qs);
    QVERIFY(!store.hasSessionSecret(u"Temp"_qs));
}

void TestSecretStore::noKeyringSaysSoQuickly()
{
    if (mode() != u"none"_qs)
        QSKIP("needs no D-Bus session");
    SecretStore store;
    QElapsedTimer t;
    t.start();
    const auto w = store.writeNow(u"Acme"_qs, u"s"_qs);
    QCOMPARE(w.status, Status::Unavailable);
    QVERIFY(w.message.contains(u"No keyring is available"_qs));
    QVERIFY(w.message.contains(u"this session only"_qs));
    const auto r = store.readNow(u"Acme"_qs);
    QVERIFY(!r.ok());
    QVERIFY(t.elapsed() < SecretStore::DefaultTimeoutMs); // an answer, not a time-out
}

void TestSecretStore::lockedKeyringSaysSo()
{
    if (mode() != u"locked"_qs)
        QSKIP("needs a locked keyring");
    SecretStore store;
    store.setTimeout(5000);
    const auto w = store.writeNow(u"Acme"_qs, u"s"_qs);
    QVERIFY2(w.status == Status::Locked || w.status == Status::Timeout, qPrintable(w.message));
    QVERIFY(!w.message.isEmpty());
    const auto r = store.readNow(u"Acme"_qs);
    QVERIFY(!r.ok());
    QVERIFY2(r.message.contains(u"locked"_qs), qPrintable(r.message));
}

void TestSecretStore::hungKeyringTimesOut()
{
    if (mode() != u"hung"_qs)
        QSKIP("needs a hung bus");
    // A "session bus" that takes connections and never says a word: the keyring call waits
    // forever, and the store must answer on its own.
    QLocalServer bus;
    QVERIFY(bus.listen(qEnvironmentVariable("CDNREC_HUNG_BUS")));
    QList<QLocalSocket *> held;
    connect(&bus, &QLocalServer::newConnection, this, [&] {
        while (QLocalSocket *c = bus.nextPendingConnection())
            held.append(c);
    });
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + bus.fullServerName().toUtf8());
    SecretStore store;
    store.setTimeout(1500);
    QElapsedTimer t;
    t.start();
    const auto w = store.writeNow(u"Acme"_qs, u"s"_qs);
    QCOMPARE(w.status, Status::Timeout);
    QVERIFY2(w.message.contains(u"did not answer within 1.5 s"_qs), qPrintable(w.message));
    QVERIFY(t.elapsed() < 5000);
    const auto r = store.readNow(u"Acme"_qs);
    QCOMPARE(r.status, Status::Timeout);
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "test_secretstore.moc"
