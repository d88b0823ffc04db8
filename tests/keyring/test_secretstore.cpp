// SPDX-License-Identifier: GPL-3.0-or-later
// SecretStore against a real Secret Service. Run by with-keyring.sh in each of its modes; the
// mode (CDNREC_KEYRING_MODE) says what the keyring should do.
#include <store/secretstore.h>
#include <team/teamconfig.h>
#include <team/teamsession.h>

#include <QElapsedTimer>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTest>
#include <QTimer>

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
    void whereFollowsWhatTheKeyringSaid();
    void lockedKeyringSaysSo();
    void hungKeyringTimesOut();
    void blockingCallsRunNothingOfTheCaller();
    void teamPasswordIsReadWithoutTheCallersLoop();
    void oneTeamSessionWhileItsPasswordIsRead();
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
    // One plain sentence with what to check, never the keyring's own words.
    QVERIFY2(w.message.contains(
                 u"No system keyring is available (is gnome-keyring or KWallet running?)"_qs),
             qPrintable(w.message));
    QVERIFY2(!w.message.contains(u"dbus"_qs, Qt::CaseInsensitive) &&
                 !w.message.contains(u"Failed to"_qs),
             qPrintable(w.message));
    const auto r = store.readNow(u"Acme"_qs);
    QVERIFY(!r.ok());
    QVERIFY(t.elapsed() < SecretStore::DefaultTimeoutMs); // an answer, not a time-out
}

void TestSecretStore::whereFollowsWhatTheKeyringSaid()
{
    if (mode() == u"hung"_qs)
        QSKIP("the hung bus is opened by hungKeyringTimesOut");
    SecretStore store;
    store.setTimeout(5000);
    QCOMPARE(store.where(u"Acme"_qs), SecretStore::Where::Unknown);
    const auto w = store.writeNow(u"Acme"_qs, u"s-1"_qs);
    if (mode() == u"unlocked"_qs) {
        QVERIFY(w.ok());
        QCOMPARE(store.where(u"Acme"_qs), SecretStore::Where::Keyring);
        QVERIFY(store.placeholderText(u"Acme"_qs)
                    .contains(u"in the system keyring (service “cdnrec”)"_qs));
        QVERIFY(store.whereText(u"Acme"_qs)
                    .contains(u"saved in the system keyring (service “cdnrec”)"_qs));
        // Another process (a fresh store) learns it by asking.
        SecretStore other;
        bool done = false;
        other.refresh(u"Acme"_qs, this, [&] { done = true; });
        QTRY_VERIFY(done);
        QCOMPARE(other.where(u"Acme"_qs), SecretStore::Where::Keyring);
        QVERIFY(store.removeNow(u"Acme"_qs).ok());
        QCOMPARE(store.where(u"Acme"_qs), SecretStore::Where::None);
        QVERIFY(store.placeholderText(u"Acme"_qs).contains(u"not saved"_qs));
        return;
    }
    QVERIFY(!w.ok());
    QCOMPARE(store.where(u"Acme"_qs), SecretStore::Where::None);
    QVERIFY(!store.placeholderText(u"Acme"_qs).contains(u"keyring; type to replace"_qs));
    QVERIFY(!store.whereText(u"Acme"_qs).isEmpty());
    store.setSessionSecret(u"Acme"_qs, u"s-1"_qs);
    QCOMPARE(store.where(u"Acme"_qs), SecretStore::Where::SessionOnly);
    QVERIFY(store.placeholderText(u"Acme"_qs).contains(u"this session only"_qs));
    if (mode() == u"none"_qs) {
        QCOMPARE(
            store.whereText(u"Acme"_qs),
            u"No system keyring is available (is gnome-keyring or KWallet running?): the secret "
            "is kept for this session only."_qs);
        store.forgetSessionSecret(u"Acme"_qs);
        // The console's question when it needs the secret: the cause once, the offer once.
        const QString ask = store.askText(u"Acme"_qs);
        QVERIFY2(ask.contains(u"No system keyring is available"_qs), qPrintable(ask));
        QCOMPARE(ask.count(u"this session only"_qs), 1);
    }
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

void TestSecretStore::blockingCallsRunNothingOfTheCaller()
{
    if (mode() == u"hung"_qs)
        QSKIP("the hung bus is opened by hungKeyringTimesOut");
    // A blocking call waits on a thread of its own: the caller's event loop is not re-entered,
    // so nothing the caller has queued (a timer, a click) runs inside it.
    SecretStore store;
    store.setTimeout(5000);
    bool ran = false;
    QTimer::singleShot(0, this, [&ran] { ran = true; });
    const auto w = store.writeNow(u"Loop"_qs, u"s-1"_qs);
    QVERIFY2(!ran, "the caller's timer ran inside writeNow");
    const auto r = store.readNow(u"Loop"_qs);
    QVERIFY2(!ran, "the caller's timer ran inside readNow");
    if (mode() == u"unlocked"_qs) {
        QVERIFY2(w.ok(), qPrintable(w.message));
        QCOMPARE(r.secret, u"s-1"_qs);
    } else {
        QVERIFY(!w.ok() && !r.ok());
    }
    store.removeNow(u"Loop"_qs);
    QVERIFY2(!ran, "the caller's timer ran inside removeNow");
    QTRY_VERIFY(ran); // and it runs once the caller's loop does
}

void TestSecretStore::teamPasswordIsReadWithoutTheCallersLoop()
{
    if (mode() == u"hung"_qs)
        QSKIP("the hung bus is opened by hungKeyringTimesOut");
    TeamConfig config;
    config.host = u"team.example"_qs;
    config.user = u"operator"_qs;
    SecretStore store;
    store.setTimeout(5000);
    const bool saved = store.writeNow(config.secretKey(), u"team-pw"_qs).ok();
    QCOMPARE(saved, mode() == u"unlocked"_qs);
    // Blocking (the command line): the caller's loop does not run meanwhile.
    bool ran = false;
    QTimer::singleShot(0, this, [&ran] { ran = true; });
    QString password, problem;
    const bool read = config.readSavedPassword(&password, &problem, 5000);
    QVERIFY2(!ran, "the caller's timer ran inside readSavedPassword");
    // What the store says (a locked keyring may answer "not found": no password, not a failure).
    const Status status = store.readNow(config.secretKey()).status;
    QCOMPARE(read, status == Status::Ok || status == Status::NotFound);
    QVERIFY(mode() != u"none"_qs || !read);
    QCOMPARE(password, saved ? u"team-pw"_qs : QString());
    QTRY_VERIFY(ran);
    // For the GUI: it answers later, through the loop, with the same.
    bool answered = false, ok = false;
    QString asyncPassword;
    config.readSavedPassword(
        this,
        [&](bool okRead, const QString &pw, const QString &) {
            answered = true;
            ok = okRead;
            asyncPassword = pw;
        },
        5000);
    QVERIFY(!answered);
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
    QCOMPARE(ok, read);
    QCOMPARE(asyncPassword, password);
    store.removeNow(config.secretKey());
}

void TestSecretStore::oneTeamSessionWhileItsPasswordIsRead()
{
    if (mode() == u"hung"_qs)
        QSKIP("the hung bus is opened by hungKeyringTimesOut");
    // TeamSession::instance() reads the team password before its session exists. Whatever runs
    // while it waits for the keyring must not be able to make a second session: nothing of
    // this thread runs then.
    TeamConfig config;
    config.host = u"127.0.0.1"_qs;
    config.port = 1; // nothing listens: the session is offline, which is all this needs
    config.user = u"operator"_qs;
    config.save();
    TeamSession *inner = nullptr;
    QTimer::singleShot(0, this, [&inner] { inner = TeamSession::instance(); });
    TeamSession *outer = TeamSession::instance();
    QVERIFY2(!inner, "the caller's loop ran while the session read its password");
    QTRY_VERIFY(inner);
    QCOMPARE(inner, outer);
    TeamSession::resetForTesting();
    TeamConfig::clear();
}

QTEST_GUILESS_MAIN(TestSecretStore)
#include "test_secretstore.moc"
