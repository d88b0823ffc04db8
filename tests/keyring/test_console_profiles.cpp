// SPDX-License-Identifier: GPL-3.0-or-later
// The console with saved profiles and a real keyring (run by with-keyring.sh in each mode): the
// Profiles dialog, Stop through a profile, Test connection, and no copy of the secret anywhere.
#include "mainwindow.h"
#include "profiledialog.h"
#include "profilestore.h"
#include "prompt.h"
#include "secretstore.h"
#include "simserver.h"
#include "streamtablemodel.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTest>

using namespace cdnrec;

namespace {
const QString kSecret = QStringLiteral("gui-secret-3c9e71a0b5d24f");
QByteArray g_log; // every message any part of the program logged
void collect(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_log += message.toUtf8() + '\n';
}
} // namespace

class TestConsoleProfiles : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimServer> m_sim;
    std::unique_ptr<MainWindow> m_window;
    QByteArray m_exports;

    QString mode() const { return qEnvironmentVariable("CDNREC_KEYRING_MODE"); }
    bool jobDone() const
    {
        const StopJob *job = m_window->job();
        return job && job->isFinished();
    }

    // Fills the dialog as a person would and presses Save.
    bool fillAndSave(ProfileDialog &d, const QString &name, const QString &appId, const QString &secret)
    {
        d.newProfile();
        QTest::keyClicks(d.nameEdit(), name);
        QTest::keyClicks(d.appIdEdit(), appId);
        d.regionBox()->setCurrentIndex(d.regionBox()->findData(u"custom"_qs));
        QTest::keyClicks(d.endpointEdit(), m_sim->url().toString());
        d.environmentBox()->setCurrentIndex(d.environmentBox()->findData(int(Profile::Environment::Staging)));
        QTest::keyClicks(d.secretEdit(), secret);
        const bool saved = d.save();
        return saved;
    }

    void stopWith(const QString &profile, const QStringList &ids)
    {
        QVERIFY(m_window->selectProfile(profile));
        m_window->addText(ids.join(u' '));
        Prompt::setNextAnswer(true);
        m_window->startStop();
        QTRY_VERIFY_WITH_TIMEOUT(jobDone(), 30000);
    }

    StreamStatus statusOf(const QString &id)
    {
        return m_window->model()->outcomeAt(m_window->model()->rowOf(id)).status;
    }

    void shoot(QWidget *w, const QString &name)
    {
        const QString dir = qEnvironmentVariable("CDNREC_SCREENSHOT_DIR");
        if (!dir.isEmpty() && mode() == u"unlocked"_qs) {
            QDir().mkpath(dir);
            w->grab().save(QDir(dir).filePath(name));
        }
    }

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void savedProfileStopsThroughTheKeyring();
    void fieldErrorsSaveNothing();
    void testConnection();
    void exportImport();
    void renameAndDelete();
    void noKeyringOffersThisSessionOnly();
    void lockedKeyringAsksForTheSecret();
    void secretNeverLeaks();
};

void TestConsoleProfiles::initTestCase()
{
    QVERIFY2(!mode().isEmpty(), "run through tests/keyring/with-keyring.sh MODE");
    qInstallMessageHandler(collect);
    QCoreApplication::setOrganizationName(u"cdnrec"_qs);
    QCoreApplication::setApplicationName(u"cdnrec"_qs);
    MainWindow::installLanguage(u"en"_qs);
    SimConfig c;
    c.secret = kSecret;
    m_sim = std::make_unique<SimServer>(c);
    QVERIFY(m_sim->start());
}

void TestConsoleProfiles::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->show();
}

void TestConsoleProfiles::cleanup()
{
    m_window.reset();
}

void TestConsoleProfiles::savedProfileStopsThroughTheKeyring()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    d.show();
    QVERIFY(fillAndSave(d, u"Acme"_qs, u"1234567890"_qs, kSecret));
    QTRY_VERIFY(d.statusText().contains(u"in the keyring"_qs));
    QCOMPARE(SecretStore().readNow(u"Acme"_qs).secret, kSecret);
    shoot(&d, u"6-profiles.png"_qs);
    d.close();

    stopWith(u"Acme"_qs, {u"k-1"_qs, u"k-2"_qs});
    QCOMPARE(statusOf(u"k-1"_qs), StreamStatus::Stopped);
    QCOMPARE(statusOf(u"k-2"_qs), StreamStatus::Stopped);
    QCOMPARE(m_window->badgeText(), u"STAGING"_qs);
    m_window->resize(1180, 520);
    shoot(m_window.get(), u"7-profile-run.png"_qs);
    QVERIFY(Prompt::lastText().contains(u"Profile: Acme"_qs));
    QVERIFY(Prompt::lastText().contains(u"Endpoint: 127.0.0.1"_qs));
    const QString csv = QDir(qEnvironmentVariable("CDNREC_TEST_HOME")).filePath(u"results.csv"_qs);
    QVERIFY(m_window->exportResults(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    m_exports += f.readAll();
    m_exports += m_window->profiles()->exportJson();
}

void TestConsoleProfiles::fieldErrorsSaveNothing()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    const QStringList before = m_window->profiles()->names();
    QVERIFY(!fillAndSave(d, u"Bad"_qs, u"12ab"_qs, kSecret));
    QVERIFY2(d.fieldError(u"appId"_qs).contains(u"whole number"_qs), qPrintable(d.fieldError(u"appId"_qs)));
    QVERIFY(!fillAndSave(d, u"Bad"_qs, u"1"_qs, QString()));
    QVERIFY(d.fieldError(u"secret"_qs).contains(u"required"_qs));
    d.newProfile();
    QTest::keyClicks(d.nameEdit(), u"Bad"_qs);
    QTest::keyClicks(d.appIdEdit(), u"1"_qs);
    d.regionBox()->setCurrentIndex(d.regionBox()->findData(u"custom"_qs));
    QTest::keyClicks(d.endpointEdit(), u"http://rtc-api.zego.im/"_qs);
    QTest::keyClicks(d.secretEdit(), u"x"_qs);
    QVERIFY(!d.save());
    QVERIFY(d.fieldError(u"endpoint"_qs).contains(u"loopback"_qs));
    QCOMPARE(m_window->profiles()->names(), before);
}

void TestConsoleProfiles::testConnection()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    d.selectProfile(u"Acme"_qs);
    d.testConnection(); // the secret from the keyring
    QTRY_VERIFY_WITH_TIMEOUT(d.statusText().startsWith(u"Connected"_qs), 15000);
    QTest::keyClicks(d.secretEdit(), u"wrong-secret"_qs);
    d.testConnection();
    QTRY_VERIFY_WITH_TIMEOUT(d.statusText().startsWith(u"Rejected"_qs), 15000);
    QVERIFY(d.statusText().contains(u"ServerSecret"_qs));
}

void TestConsoleProfiles::exportImport()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    const QString file = QDir(qEnvironmentVariable("CDNREC_TEST_HOME")).filePath(u"team.json"_qs);
    QVERIFY(d.exportTo(file));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray json = f.readAll();
    QVERIFY(json.contains("\"Acme\""));
    m_exports += json;
    // A colleague's console: a store of its own.
    ProfileStore other(QDir(qEnvironmentVariable("CDNREC_TEST_HOME")).filePath(u"colleague.ini"_qs));
    ProfileDialog theirs(&other, m_window->secrets());
    QVERIFY(theirs.importFrom(file));
    QCOMPARE(other.names(), QStringList{u"Acme"_qs});
    QVERIFY(theirs.statusText().contains(u"give each its ServerSecret"_qs));
    QVERIFY(!theirs.importFrom(file)); // again: skipped, said so
    QVERIFY(theirs.statusText().contains(u"exists already"_qs));
}

void TestConsoleProfiles::renameAndDelete()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    d.selectProfile(u"Acme"_qs);
    d.nameEdit()->setText(u"Acme Corp"_qs);
    QVERIFY(d.save());
    QTRY_VERIFY(!d.isBusy());
    QCOMPARE(SecretStore().readNow(u"Acme Corp"_qs).secret, kSecret);
    QCOMPARE(SecretStore().readNow(u"Acme"_qs).status, SecretStore::Status::NotFound);
    QVERIFY(m_window->selectProfile(u"Acme Corp"_qs)); // the selector follows
    Prompt::setNextAnswer(true);
    d.deleteProfile();
    QTRY_VERIFY(d.statusText().contains(u"deleted"_qs));
    QCOMPARE(SecretStore().readNow(u"Acme Corp"_qs).status, SecretStore::Status::NotFound);
    QVERIFY(!m_window->selectProfile(u"Acme Corp"_qs));
}

void TestConsoleProfiles::noKeyringOffersThisSessionOnly()
{
    if (mode() != u"none"_qs)
        QSKIP("needs no keyring");
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    Prompt::setNextAnswer(true); // "use for this session"
    QVERIFY(fillAndSave(d, u"Solo"_qs, u"1234567890"_qs, kSecret));
    QTRY_VERIFY(d.statusText().contains(u"this session only"_qs));
    QVERIFY(Prompt::lastText().contains(u"No keyring is available"_qs));
    stopWith(u"Solo"_qs, {u"s-1"_qs});
    QCOMPARE(statusOf(u"s-1"_qs), StreamStatus::Stopped);
}

void TestConsoleProfiles::lockedKeyringAsksForTheSecret()
{
    if (mode() != u"locked"_qs)
        QSKIP("needs a locked keyring");
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    Prompt::setNextAnswer(false); // not for this session: saved without a secret
    QVERIFY(fillAndSave(d, u"Locked"_qs, u"1234567890"_qs, kSecret));
    QTRY_VERIFY(d.statusText().contains(u"without a secret"_qs));
    // Stop: the keyring cannot give it, so the console asks; nothing typed: nothing sent.
    Prompt::setNextSecret(QString());
    QVERIFY(m_window->selectProfile(u"Locked"_qs));
    m_window->addText(u"l-1"_qs);
    Prompt::setNextAnswer(true);
    m_window->startStop();
    QTRY_VERIFY(m_window->bannerText().contains(u"Not sent"_qs));
    QVERIFY(!m_window->job());
    QCOMPARE(m_sim->gateway().stats().value(u"streamsStopped"_qs).toInt(), 0);
    // Typed for this session: it goes.
    Prompt::setNextSecret(kSecret);
    Prompt::setNextAnswer(true);
    m_window->startStop();
    QTRY_VERIFY_WITH_TIMEOUT(jobDone(), 30000);
    QCOMPARE(statusOf(u"l-1"_qs), StreamStatus::Stopped);
}

void TestConsoleProfiles::secretNeverLeaks()
{
    const QByteArray utf8 = kSecret.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char *>(kSecret.utf16()), kSecret.size() * 2);
    const QString home = qEnvironmentVariable("CDNREC_TEST_HOME");
    QSettings().sync();
    int files = 0;
    QDirIterator it(home, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        ++files;
        const QByteArray data = f.readAll();
        QVERIFY2(!data.contains(utf8) && !data.contains(utf16), qPrintable(f.fileName()));
    }
    QVERIFY(files > 0); // at least the settings file
    QVERIFY(!m_exports.contains(utf8));
    QVERIFY2(!g_log.contains(utf8), g_log.constData());
}

QTEST_MAIN(TestConsoleProfiles)
#include "test_console_profiles.moc"
