// SPDX-License-Identifier: GPL-3.0-or-later
// The console with saved profiles and a real keyring (run by with-keyring.sh in each mode): the
// Profiles dialog, Stop through a profile, Test connection, and no copy of the secret anywhere.
#include "guitest.h"
#include "mainwindow.h"
#include "profiledialog.h"
#include "prompt.h"
#include "simserver.h"
#include "streamtablemodel.h"
#include <app/application.h>
#include <store/profilestore.h>
#include <store/secretstore.h>

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
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
        const Job *job = m_window->job();
        return job && job->isFinished();
    }

    // Fills the dialog as a person would and presses Save.
    bool fillAndSave(ProfileDialog &d, const QString &name, const QString &appId,
                     const QString &secret)
    {
        d.newProfile();
        QTest::keyClicks(d.nameEdit(), name);
        QTest::keyClicks(d.appIdEdit(), appId);
        d.regionBox()->setCurrentIndex(d.regionBox()->findData(u"custom"_qs));
        QTest::keyClicks(d.endpointEdit(), m_sim->url().toString());
        d.environmentBox()->setCurrentIndex(
            d.environmentBox()->findData(int(Profile::Environment::Staging)));
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
    void noKeyringStatusFieldAndTestAgree();
    void keyringStatusFieldAndTestAgree();
    void rateOutOfRangeIsRefusedVisibly();
    void errorGoesWhenTheFieldIsFixed();
    void wrongFieldsAreMarked();
    void newProfileHasNoEnvironmentUntilChosen();
    void everyControlNamedAndMnemonicsUnique();
    void disabledEndpointTakesNoKeys();
    void cancelledSecretIsNotKept();
    void practiceOnlyForTheSimulator();
    void deleteOnlyForASavedProfile();
    void escAsksBeforeLosingChanges();
    void refusalGoesOnceSaved();
    void secretPlaceSaidOneWay();
    void profileAddedByTheCliAppears();
    void oldPracticeOnZegoIsNotGreen();
    void tabThroughTheListKeepsTheForm();
    void altLetterOfADisabledButtonTypesNothing();
    void formScreenshots();
    void secretNeverLeaks();
};

void TestConsoleProfiles::initTestCase()
{
    QVERIFY2(!mode().isEmpty(), "run through tests/keyring/with-keyring.sh MODE");
    qInstallMessageHandler(collect);
    QCoreApplication::setOrganizationName(u"cdnrec"_qs);
    QCoreApplication::setApplicationName(u"cdnrec"_qs);
    installTranslations(u"en"_qs);
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
    QTRY_VERIFY(d.statusText().contains(u"saved in the system keyring (service “cdnrec”)"_qs));
    QCOMPARE(SecretStore().readNow(u"Acme"_qs).secret, kSecret);
    shoot(&d, u"6-profiles.png"_qs);
    d.close();
    installTranslations(u"zh_CN"_qs); // the dialog opened in Chinese
    {
        ProfileDialog zh(m_window->profiles(), m_window->secrets(), m_window.get());
        zh.show();
        zh.selectProfile(u"Acme"_qs);
        QCoreApplication::processEvents();
        shoot(&zh, u"6c-profiles-zh.png"_qs);
    }
    installTranslations(u"en"_qs);

    stopWith(u"Acme"_qs, {u"k-1"_qs, u"k-2"_qs});
    QCOMPARE(statusOf(u"k-1"_qs), StreamStatus::Succeeded);
    QCOMPARE(statusOf(u"k-2"_qs), StreamStatus::Succeeded);
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
    QVERIFY2(d.fieldError(u"appId"_qs).contains(u"whole number"_qs),
             qPrintable(d.fieldError(u"appId"_qs)));
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
    ProfileStore other(
        QDir(qEnvironmentVariable("CDNREC_TEST_HOME")).filePath(u"colleague.ini"_qs));
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
    QVERIFY(Prompt::lastText().contains(u"No system keyring is available"_qs));
    stopWith(u"Solo"_qs, {u"s-1"_qs});
    QCOMPARE(statusOf(u"s-1"_qs), StreamStatus::Succeeded);
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
    QCOMPARE(statusOf(u"l-1"_qs), StreamStatus::Succeeded);
}

void TestConsoleProfiles::noKeyringStatusFieldAndTestAgree()
{
    if (mode() != u"none"_qs)
        QSKIP("needs no keyring");
    const QString inKeyring = u"the system keyring (service “cdnrec”)"_qs;
    {
        // Not for this session: the profile has no secret, and every place says so.
        ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
        Prompt::setNextAnswer(false);
        QVERIFY(fillAndSave(d, u"Lone"_qs, u"1234567890"_qs, kSecret));
        QTRY_VERIFY(!d.isBusy());
        const QString asked = Prompt::lastText();
        QVERIFY2(asked.contains(
                     u"No system keyring is available (is gnome-keyring or KWallet running?)"_qs),
                 qPrintable(asked));
        QVERIFY2(!asked.contains(u"dbus"_qs, Qt::CaseInsensitive) &&
                     !asked.contains(u"Failed to"_qs),
                 qPrintable(asked));
        QVERIFY2(asked.count(u"this session only"_qs) <= 1, qPrintable(asked));
        QVERIFY2(d.statusText().contains(u"without a secret"_qs), qPrintable(d.statusText()));
        QVERIFY2(!d.secretEdit()->placeholderText().contains(inKeyring),
                 qPrintable(d.secretEdit()->placeholderText()));
        QVERIFY(d.secretEdit()->placeholderText().contains(u"not saved"_qs));
        d.testConnection();
        QVERIFY2(d.statusText().startsWith(u"Not tested"_qs), qPrintable(d.statusText()));
        QVERIFY(d.statusText().contains(u"No system keyring"_qs));
        QVERIFY(!d.fieldError(u"secret"_qs).isEmpty());
    }
    {
        // For this session: status, field and Test connection all say "this session only".
        ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
        Prompt::setNextAnswer(true);
        QVERIFY(fillAndSave(d, u"Session"_qs, u"1234567890"_qs, kSecret));
        QTRY_VERIFY(!d.isBusy());
        QVERIFY2(d.statusText().contains(u"this session only"_qs), qPrintable(d.statusText()));
        QVERIFY(!d.statusText().contains(u"without a secret"_qs));
        QVERIFY2(d.secretEdit()->placeholderText().contains(u"this session only"_qs),
                 qPrintable(d.secretEdit()->placeholderText()));
        d.testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(!d.isBusy() && !d.statusText().startsWith(u"Testing"_qs), 15000);
        QVERIFY2(d.statusText().startsWith(u"Connected"_qs), qPrintable(d.statusText()));
    }
    {
        // A new process: nothing in memory, no keyring. The field must not claim a saved secret.
        SecretStore fresh;
        ProfileDialog d(m_window->profiles(), &fresh, m_window.get());
        d.selectProfile(u"Lone"_qs);
        QTRY_VERIFY(!d.secretEdit()->placeholderText().contains(u"checking"_qs));
        QVERIFY2(!d.secretEdit()->placeholderText().contains(inKeyring),
                 qPrintable(d.secretEdit()->placeholderText()));
        d.testConnection();
        QTRY_VERIFY(!d.isBusy());
        QVERIFY2(d.statusText().startsWith(u"Not tested"_qs), qPrintable(d.statusText()));
    }
    // The console's question, for the lead's prompt: the cause once, the offer once.
    const QString ask = SecretStore().askText(u"Lone"_qs);
    QCOMPARE(ask.count(u"this session only"_qs), 1);
}

void TestConsoleProfiles::keyringStatusFieldAndTestAgree()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    {
        ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
        QVERIFY(fillAndSave(d, u"Agree"_qs, u"1234567890"_qs, kSecret));
        QTRY_VERIFY(!d.isBusy());
        QVERIFY2(d.statusText().contains(u"saved in the system keyring (service “cdnrec”)"_qs),
                 qPrintable(d.statusText()));
        QVERIFY(d.secretEdit()->placeholderText().contains(
            u"in the system keyring (service “cdnrec”)"_qs));
        d.testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(!d.isBusy() && !d.statusText().startsWith(u"Testing"_qs), 15000);
        QVERIFY2(d.statusText().startsWith(u"Connected"_qs), qPrintable(d.statusText()));
    }
    {
        SecretStore fresh; // a new process
        ProfileDialog d(m_window->profiles(), &fresh, m_window.get());
        d.selectProfile(u"Agree"_qs);
        QTRY_VERIFY(d.secretEdit()->placeholderText().contains(
            u"in the system keyring (service “cdnrec”)"_qs));
        d.testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(!d.isBusy() && !d.statusText().startsWith(u"Testing"_qs), 15000);
        QVERIFY2(d.statusText().startsWith(u"Connected"_qs), qPrintable(d.statusText()));
    }
    Prompt::setNextAnswer(true);
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    d.selectProfile(u"Agree"_qs);
    d.deleteProfile();
    QTRY_VERIFY(!d.isBusy());
}

// Fills every field right but leaves the form unsaved.
static void fillValid(ProfileDialog &d, const QString &name)
{
    d.newProfile();
    QTest::keyClicks(d.nameEdit(), name);
    QTest::keyClicks(d.appIdEdit(), u"1234567890"_qs);
    d.environmentBox()->setCurrentIndex(
        d.environmentBox()->findData(int(Profile::Environment::Test)));
    QTest::keyClicks(d.secretEdit(), kSecret);
}

void TestConsoleProfiles::rateOutOfRangeIsRefusedVisibly()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    d.show();
    fillValid(d, u"Fast"_qs);
    d.rateBox()->setFocus();
    d.rateBox()->selectAll();
    QTest::keyClicks(d.rateBox(), u"50"_qs);
    // What was typed is what is shown: not 5.0.
    QCOMPARE(d.rateBox()->value(), 50.0);
    QVERIFY2(d.fieldError(u"rate"_qs).contains(u"0.1 to 20"_qs),
             qPrintable(d.fieldError(u"rate"_qs)));
    QVERIFY(!d.save());
    QVERIFY(!m_window->profiles()->find(u"Fast"_qs));
    // The range is written beside the field.
    auto *hint = d.findChild<QLabel *>(u"hint_rate"_qs);
    QVERIFY(hint && hint->text().contains(u"20"_qs));
    d.rateBox()->selectAll();
    QTest::keyClicks(d.rateBox(), u"15"_qs);
    QCOMPARE(d.rateBox()->value(), 15.0);
    QVERIFY(d.fieldError(u"rate"_qs).isEmpty());
    // The batch size likewise.
    d.batchBox()->selectAll();
    QTest::keyClicks(d.batchBox(), u"500"_qs);
    QCOMPARE(d.batchBox()->value(), 500);
    QVERIFY(!d.fieldError(u"batchSize"_qs).isEmpty());
}

void TestConsoleProfiles::errorGoesWhenTheFieldIsFixed()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    d.show();
    fillValid(d, u"Fixme"_qs);
    d.appIdEdit()->clear();
    QTest::keyClicks(d.appIdEdit(), u"12ab"_qs);
    QVERIFY(!d.save());
    QVERIFY(!d.fieldError(u"appId"_qs).isEmpty());
    QTest::keyClick(d.appIdEdit(), Qt::Key_Backspace);
    QVERIFY(!d.fieldError(u"appId"_qs).isEmpty()); // "12a" is still wrong: still said
    QTest::keyClick(d.appIdEdit(), Qt::Key_Backspace);
    QVERIFY2(d.fieldError(u"appId"_qs).isEmpty(), qPrintable(d.fieldError(u"appId"_qs)));
    auto *appId = d.findChild<QLineEdit *>(u"appId"_qs);
    QVERIFY(appId->accessibleDescription().isEmpty());
}

void TestConsoleProfiles::wrongFieldsAreMarked()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    d.show();
    const QColor normal = d.findChild<QLineEdit *>(u"name"_qs)->palette().color(QPalette::Base);
    fillValid(d, u"Marked"_qs);
    d.appIdEdit()->clear();
    QVERIFY(!d.save());
    QVERIFY(d.statusText().contains(u"marked in red"_qs));
    auto *appId = d.findChild<QLineEdit *>(u"appId"_qs);
    QVERIFY(appId);
    QVERIFY(appId->palette().color(QPalette::Base) != normal);
    QCOMPARE(appId->accessibleDescription(), d.fieldError(u"appId"_qs));
    // The fields that are right are not marked.
    QCOMPARE(d.findChild<QLineEdit *>(u"name"_qs)->palette().color(QPalette::Base), normal);
    shoot(&d, u"6b-profile-errors.png"_qs);
    QTest::keyClicks(d.appIdEdit(), u"42"_qs);
    QCOMPARE(appId->palette().color(QPalette::Base), normal);
}

void TestConsoleProfiles::newProfileHasNoEnvironmentUntilChosen()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    d.show();
    d.newProfile();
    QCOMPARE(d.environmentBox()->currentIndex(), -1);
    QTest::keyClicks(d.nameEdit(), u"Undecided"_qs);
    QTest::keyClicks(d.appIdEdit(), u"1234567890"_qs);
    QTest::keyClicks(d.secretEdit(), kSecret);
    QVERIFY(!d.save());
    QVERIFY2(d.fieldError(u"environment"_qs).contains(u"Choose"_qs),
             qPrintable(d.fieldError(u"environment"_qs)));
    QVERIFY(!m_window->profiles()->find(u"Undecided"_qs));
    // A saved profile keeps what it has.
    d.environmentBox()->setCurrentIndex(
        d.environmentBox()->findData(int(Profile::Environment::Production)));
    Prompt::setNextAnswer(false);
    QVERIFY(d.save());
    QTRY_VERIFY(!d.isBusy());
    QCOMPARE(m_window->profiles()->find(u"Undecided"_qs)->environment,
             Profile::Environment::Production);
    d.selectProfile(u"Undecided"_qs);
    QCOMPARE(d.environmentBox()->currentData().toInt(), int(Profile::Environment::Production));
    Prompt::setNextAnswer(true);
    d.deleteProfile();
    QTRY_VERIFY(!d.isBusy());
}

void TestConsoleProfiles::everyControlNamedAndMnemonicsUnique()
{
    for (const QString &language : {u"en"_qs, u"zh_CN"_qs}) {
        installTranslations(language);
        if (language == u"zh_CN"_qs) // the Chinese texts are really there
            QCOMPARE(QCoreApplication::translate("cdnrec::ProfileDialog", "&Delete"),
                     u"删除(&D)"_qs);
        ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
        d.show();
        QHash<QChar, QString> taken;
        const auto mnemonic = [&](const QString &text) {
            static const QRegularExpression amp(u"&([^&])"_qs);
            const auto m = amp.match(QString(text).replace(u"&&"_qs, QString()));
            if (!m.hasMatch())
                return;
            const QChar key = m.captured(1).at(0).toUpper();
            QVERIFY2(!taken.contains(key),
                     qPrintable(language + u": &"_qs + key + u" in “"_qs + text + u"” and “"_qs +
                                taken.value(key) + u"”"_qs));
            taken.insert(key, text);
        };
        for (QWidget *w : d.findChildren<QWidget *>()) {
            if (auto *b = qobject_cast<QAbstractButton *>(w))
                mnemonic(b->text());
            else if (auto *l = qobject_cast<QLabel *>(w); l && l->buddy())
                mnemonic(l->text());
            // Inner parts of a spin box or a combo box are named by their owner.
            if (!w->focusPolicy() || !w->isVisibleTo(&d) || w->focusProxy() ||
                qobject_cast<QLabel *>(w) || qobject_cast<QAbstractSpinBox *>(w->parent()) ||
                qobject_cast<QComboBox *>(w->parent()))
                continue;
            // Every control that takes focus has a name a screen reader says.
            QString name = w->accessibleName();
            if (name.isEmpty()) {
                if (auto *b = qobject_cast<QAbstractButton *>(w))
                    name = b->text().remove(u'&');
            }
            QVERIFY2(!name.trimmed().isEmpty(),
                     qPrintable(language + u": no accessible name for "_qs +
                                QString::fromLatin1(w->metaObject()->className()) + u" "_qs +
                                w->objectName()));
        }
        QVERIFY(taken.size() >= 15); // the walk found the dialog's controls
    }
    installTranslations(u"en"_qs);
}

// Shows the dialog as the active window, so that Alt+letter and clicks reach it as from a person.
static void showActive(ProfileDialog &d)
{
    d.show();
    QApplication::setActiveWindow(&d);
    QVERIFY(QTest::qWaitForWindowActive(&d));
}

void TestConsoleProfiles::disabledEndpointTakesNoKeys()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    showActive(d);
    d.newProfile();
    QCOMPARE(d.regionBox()->currentData().toString(), u"unified"_qs);
    QLineEdit *endpoint = d.endpointEdit();
    QVERIFY(!endpoint->isEnabled());
    // It looks disabled: the style's disabled base, not the editable one.
    QCOMPARE(endpoint->palette().color(QPalette::Disabled, QPalette::Base),
             QLineEdit().palette().color(QPalette::Disabled, QPalette::Base));
    QCOMPARE(endpoint->text(), u"https://rtc-api.zego.im/"_qs); // where the region's calls go

    // In the secret, then Alt+U and a URL: the URL goes into the endpoint, never the secret.
    d.secretEdit()->setFocus();
    QTest::keyClicks(d.secretEdit(), u"s3cret"_qs);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_U, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), endpoint);
    QVERIFY(endpoint->isEnabled());
    QCOMPARE(d.regionBox()->currentData().toString(), u"custom"_qs);
    QTest::keyClicks(QApplication::focusWidget(), u"http://127.0.0.1:9/"_qs);
    QCOMPARE(endpoint->text(), u"http://127.0.0.1:9/"_qs);
    QCOMPARE(d.secretEdit()->text(), u"s3cret"_qs);
    QVERIFY2(d.statusText().contains(u"Custom endpoint"_qs), qPrintable(d.statusText()));

    // Back to a region: the field shows the region's URL, never the one typed (not used now).
    d.regionBox()->setCurrentIndex(0);
    QVERIFY(!endpoint->isEnabled());
    QCOMPARE(endpoint->text(), u"https://rtc-api.zego.im/"_qs);
    // A click on the greyed field does as Alt+U, and what was typed is back.
    d.secretEdit()->setFocus();
    QTest::mouseClick(endpoint, Qt::LeftButton);
    QCOMPARE(QApplication::focusWidget(), endpoint);
    QCOMPARE(d.regionBox()->currentData().toString(), u"custom"_qs);
    QCOMPARE(endpoint->text(), u"http://127.0.0.1:9/"_qs);

    // Tab never lands on it while it is disabled.
    d.regionBox()->setCurrentIndex(0);
    d.nameEdit()->setFocus();
    for (int i = 0; i < 40; ++i) {
        QWidget *from = QApplication::focusWidget();
        QTest::keyClick(from, Qt::Key_Tab);
        QVERIFY2(QApplication::focusWidget() != endpoint,
                 qPrintable(u"Tab from %1 %2, region %3"_qs.arg(
                     QString::fromLatin1(from->metaObject()->className()), from->accessibleName(),
                     d.regionBox()->currentData().toString())));
    }
}

void TestConsoleProfiles::cancelledSecretIsNotKept()
{
    if (mode() != u"none"_qs)
        QSKIP("needs no keyring");
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    showActive(d);
    Prompt::setNextAnswer(true); // the first secret: kept for this session
    QVERIFY(fillAndSave(d, u"Replaced"_qs, u"1234567890"_qs, kSecret));
    QTRY_VERIFY(!d.isBusy());
    d.testConnection();
    QTRY_VERIFY_WITH_TIMEOUT(!d.isBusy() && !d.statusText().startsWith(u"Testing"_qs), 15000);
    QVERIFY2(d.statusText().startsWith(u"Connected"_qs), qPrintable(d.statusText()));

    // Edit it: a new secret, Save (Alt+S), and Cancel on the real keyring question.
    d.selectProfile(u"Replaced"_qs);
    d.secretEdit()->setFocus();
    QTest::keyClicks(d.secretEdit(), u"a-new-secret-typed"_qs);
    QString asked;
    const auto answer = test::whenModal([&asked](QWidget *modal) {
        auto *box = qobject_cast<QMessageBox *>(modal);
        if (!box)
            return false;
        asked = box->text();
        QTest::keyClick(box, Qt::Key_Escape); // Cancel
        return true;
    });
    QTest::keyClick(d.secretEdit(), Qt::Key_S, Qt::AltModifier);
    QTRY_VERIFY(answer->answered);
    QTRY_VERIFY(!d.isBusy());
    QVERIFY2(asked.contains(u"Keep the secret for this session only?"_qs), qPrintable(asked));
    // Nothing is said to be kept, and nothing is: not the new secret, nor the old one it replaced.
    const QString status = d.statusText();
    QVERIFY2(status.contains(u"without a secret"_qs), qPrintable(status));
    QVERIFY2(!status.contains(u"the secret is kept"_qs), qPrintable(status));
    QVERIFY2(!d.secretEdit()->placeholderText().contains(u"kept for this session"_qs),
             qPrintable(d.secretEdit()->placeholderText()));
    QCOMPARE(m_window->secrets()->where(u"Replaced"_qs), SecretStore::Where::None);
    // Test connection agrees: there is no secret to test with (the old one was not used).
    d.testConnection();
    QTRY_VERIFY(!d.isBusy());
    QVERIFY2(d.statusText().startsWith(u"Not tested"_qs), qPrintable(d.statusText()));
    Prompt::setNextAnswer(true);
    d.deleteProfile();
    QTRY_VERIFY(!d.isBusy());
}

void TestConsoleProfiles::practiceOnlyForTheSimulator()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    showActive(d);
    fillValid(d, u"NotPractice"_qs); // region: Unified, on ZEGO's host
    QComboBox *env = d.environmentBox();
    env->setFocus();
    const int practice = env->findData(int(Profile::Environment::Practice));
    while (env->currentIndex() != practice)
        QTest::keyClick(env, Qt::Key_Down); // as a person picks it
    QVERIFY2(d.fieldError(u"environment"_qs).contains(u"PRACTICE is only for the simulator"_qs),
             qPrintable(d.fieldError(u"environment"_qs)));
    QVERIFY(d.fieldError(u"environment"_qs).contains(u"rtc-api.zego.im"_qs));
    QVERIFY(!d.save());
    QVERIFY(!m_window->profiles()->find(u"NotPractice"_qs));
    // The store refuses it too (the command line and imports go through it).
    Profile p;
    p.name = u"NotPractice"_qs;
    p.appId = 1;
    p.environment = Profile::Environment::Practice;
    QVERIFY(m_window->profiles()->add(p).contains(u"PRACTICE"_qs));
    // On the simulator of this computer it is allowed.
    d.regionBox()->setCurrentIndex(d.regionBox()->findData(u"custom"_qs));
    QTest::keyClicks(d.endpointEdit(), m_sim->url().toString());
    QVERIFY2(d.fieldError(u"environment"_qs).isEmpty(),
             qPrintable(d.fieldError(u"environment"_qs)));
    Prompt::setNextAnswer(true);
    QVERIFY(d.save());
    QTRY_VERIFY(!d.isBusy());
    QCOMPARE(m_window->profiles()->find(u"NotPractice"_qs)->environment,
             Profile::Environment::Practice);
    Prompt::setNextAnswer(true);
    d.deleteProfile();
    QTRY_VERIFY(!d.isBusy());
}

void TestConsoleProfiles::escAsksBeforeLosingChanges()
{
    // A walk-through lost a typed profile to Esc. Now Esc (or Close) with changes not saved asks,
    // and keeping them is the answer that closes nothing.
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    showActive(d);
    Prompt::setNextAnswer(true);
    QVERIFY(fillAndSave(d, u"Kept"_qs, u"1234567890"_qs, kSecret));
    QTRY_VERIFY(!d.isBusy());
    // Saved and untouched: Esc closes at once (a "keep editing" answer would keep it open).
    Prompt::setNextAnswer(false);
    QTest::keyClick(d.nameEdit(), Qt::Key_Escape);
    QTRY_VERIFY(!d.isVisible());
    showActive(d);
    d.selectProfile(u"Kept"_qs);
    QTest::keyClick(d.nameEdit(), Qt::Key_W, Qt::AltModifier); // New
    QTRY_VERIFY(d.nameEdit()->text().isEmpty());
    QTest::keyClicks(d.appIdEdit(), u"42"_qs);
    Prompt::setNextAnswer(false); // keep editing
    QTest::keyClick(d.appIdEdit(), Qt::Key_Escape);
    QVERIFY2(Prompt::lastText().contains(u"without saving"_qs), qPrintable(Prompt::lastText()));
    QVERIFY(d.isVisible());
    QCOMPARE(d.appIdEdit()->text(), u"42"_qs);
    Prompt::setNextAnswer(true); // discard
    QTest::keyClick(d.appIdEdit(), Qt::Key_Escape);
    QTRY_VERIFY(!d.isVisible());
}

void TestConsoleProfiles::deleteOnlyForASavedProfile()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    showActive(d);
    Prompt::setNextAnswer(true);
    QVERIFY(fillAndSave(d, u"Saved"_qs, u"1234567890"_qs, kSecret));
    QTRY_VERIFY(!d.isBusy());
    QVERIFY(d.deleteButton()->isEnabled());
    // A copy is not saved yet: nothing to delete.
    QTest::keyClick(d.nameEdit(), Qt::Key_P, Qt::AltModifier); // Duplicate
    QTRY_VERIFY2(d.nameEdit()->text().contains(u"copy"_qs), qPrintable(d.nameEdit()->text()));
    QVERIFY(!d.deleteButton()->isEnabled());
    QVERIFY(!d.duplicateButton()->isEnabled());
    // A new one neither, also after Test connection made the dialog busy and free again.
    QTest::keyClick(d.nameEdit(), Qt::Key_W, Qt::AltModifier); // New
    QTRY_VERIFY(d.nameEdit()->text().isEmpty());
    QVERIFY(!d.deleteButton()->isEnabled());
    QTest::keyClicks(d.appIdEdit(), u"1234567890"_qs);
    d.regionBox()->setCurrentIndex(d.regionBox()->findData(u"custom"_qs));
    QTest::keyClicks(d.endpointEdit(), m_sim->url().toString());
    QTest::keyClicks(d.secretEdit(), kSecret);
    d.testConnection();
    QTRY_VERIFY_WITH_TIMEOUT(!d.isBusy() && !d.statusText().startsWith(u"Testing"_qs), 15000);
    QVERIFY(!d.deleteButton()->isEnabled());
    d.selectProfile(u"Saved"_qs);
    QVERIFY(d.deleteButton()->isEnabled());
    Prompt::setNextAnswer(true);
    d.deleteProfile();
    QTRY_VERIFY(!d.isBusy());
}

void TestConsoleProfiles::refusalGoesOnceSaved()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    showActive(d);
    fillValid(d, u"Refused"_qs);
    d.appIdEdit()->clear();
    d.nameEdit()->clear();
    QTest::keyClick(d.nameEdit(), Qt::Key_S, Qt::AltModifier); // a button clicks 100 ms later
    QTRY_VERIFY2(d.statusText().contains(u"correct the 2 fields"_qs), qPrintable(d.statusText()));
    QTest::keyClicks(d.nameEdit(), u"Refused"_qs);
    QVERIFY2(d.statusText().contains(u"correct the 1 field"_qs), qPrintable(d.statusText()));
    QTest::keyClicks(d.appIdEdit(), u"1234567890"_qs);
    QVERIFY2(!d.statusText().contains(u"correct"_qs), qPrintable(d.statusText()));
    Prompt::setNextAnswer(true);
    QTest::keyClick(d.appIdEdit(), Qt::Key_S, Qt::AltModifier);
    QTRY_VERIFY(m_window->profiles()->find(u"Refused"_qs));
    QVERIFY2(!d.statusText().contains(u"Nothing was saved"_qs), qPrintable(d.statusText()));
    QTRY_VERIFY(!d.isBusy());
    QVERIFY2(d.statusText().startsWith(u"Profile “Refused” saved"_qs), qPrintable(d.statusText()));
    Prompt::setNextAnswer(true);
    d.deleteProfile();
    QTRY_VERIFY(!d.isBusy());
}

void TestConsoleProfiles::secretPlaceSaidOneWay()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    const QString place = u"the system keyring (service “cdnrec”)"_qs;
    QCOMPARE(SecretStore::keyringPlace(), place);
    QVERIFY(SecretStore::placeSentence().contains(place));
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    showActive(d);
    QVERIFY(fillAndSave(d, u"Placed"_qs, u"1234567890"_qs, kSecret));
    QTRY_VERIFY(!d.isBusy());
    QVERIFY2(d.statusText().contains(place), qPrintable(d.statusText()));
    QVERIFY2(d.secretEdit()->placeholderText().contains(place),
             qPrintable(d.secretEdit()->placeholderText()));
    Prompt::setNextAnswer(true);
    d.deleteProfile();
    QVERIFY2(Prompt::lastText().contains(place), qPrintable(Prompt::lastText()));
    QTRY_VERIFY(!d.isBusy());
    QVERIFY2(d.statusText().contains(place), qPrintable(d.statusText()));
}

void TestConsoleProfiles::profileAddedByTheCliAppears()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    showActive(d);
    QProcess cli;
    cli.start(QStringLiteral(CDNREC_CLI),
              {u"profile"_qs, u"add"_qs, u"FromCli"_qs, u"--app-id"_qs, u"1234567890"_qs,
               u"--endpoint"_qs, m_sim->url().toString(), u"--label"_qs, u"test"_qs,
               u"--no-secret"_qs});
    QVERIFY2(cli.waitForStarted(30000), qPrintable(cli.errorString()));
    QVERIFY(cli.waitForFinished(30000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    // No restart: the console's profile box and the open dialog's list both show it.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectProfile(u"FromCli"_qs), 10000);
    QTRY_VERIFY(!d.profileList()->findItems(u"FromCli"_qs, Qt::MatchExactly).isEmpty());
    Prompt::setNextAnswer(true);
    d.selectProfile(u"FromCli"_qs);
    d.deleteProfile();
    QTRY_VERIFY(!d.isBusy());
}

void TestConsoleProfiles::oldPracticeOnZegoIsNotGreen()
{
    // Written by a cdnrec before the rule: PRACTICE on ZEGO's host.
    {
        QSettings s;
        const int n = s.beginReadArray(u"profiles/list"_qs);
        s.endArray();
        s.beginWriteArray(u"profiles/list"_qs, n + 1);
        s.setArrayIndex(n);
        s.setValue(u"name"_qs, u"OldPractice"_qs);
        s.setValue(u"appId"_qs, 1234567890u);
        s.setValue(u"region"_qs, u"unified"_qs);
        s.setValue(u"environment"_qs, u"practice"_qs);
        s.endArray();
    }
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectProfile(u"OldPractice"_qs), 10000);
    QCOMPARE(m_window->badgeText(), u"NOT PRACTICE"_qs);
    QVERIFY(m_window->selectProfile(QString()));
    QCOMPARE(m_window->badgeText(), u"PRACTICE"_qs); // the built-in one is
    QVERIFY(m_window->profiles()->remove(u"OldPractice"_qs).isEmpty());
}

void TestConsoleProfiles::tabThroughTheListKeepsTheForm()
{
    Profile saved;
    saved.name = u"InTheList"_qs;
    saved.appId = 1234567890;
    saved.environment = Profile::Environment::Test;
    QVERIFY(m_window->profiles()->add(saved).isEmpty());
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    showActive(d);
    QTRY_COMPARE(d.nameEdit()->text(), d.profileList()->item(0)->text()); // the first, loaded
    QTest::keyClick(d.nameEdit(), Qt::Key_W, Qt::AltModifier);            // New
    QTRY_VERIFY(d.nameEdit()->text().isEmpty());
    QTest::keyClicks(d.nameEdit(), u"Being typed"_qs);
    // Round the whole dialog, through the list: the form being typed stays.
    for (int i = 0; i < 30; ++i)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(d.nameEdit()->text(), u"Being typed"_qs);
    // Choosing a profile in the list (the one shown before New too) loads it.
    const QList<QListWidgetItem *> found =
        d.profileList()->findItems(u"InTheList"_qs, Qt::MatchExactly);
    QCOMPARE(found.size(), 1);
    QTest::mouseClick(d.profileList()->viewport(), Qt::LeftButton, {},
                      d.profileList()->visualItemRect(found.front()).center());
    QCOMPARE(d.nameEdit()->text(), u"InTheList"_qs);
    QVERIFY(d.deleteButton()->isEnabled());
    QVERIFY(m_window->profiles()->remove(u"InTheList"_qs).isEmpty());
}

void TestConsoleProfiles::altLetterOfADisabledButtonTypesNothing()
{
    ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
    showActive(d);
    QTest::keyClick(d.nameEdit(), Qt::Key_W, Qt::AltModifier); // New
    QTRY_VERIFY(!d.deleteButton()->isEnabled());
    d.nameEdit()->setFocus();
    QTest::keyClicks(d.nameEdit(), u"ab"_qs);
    // Delete (Alt+D) and Duplicate (Alt+P) are disabled: their letters are not typed instead.
    QTest::keyClick(d.nameEdit(), Qt::Key_D, Qt::AltModifier);
    QTest::keyClick(d.nameEdit(), Qt::Key_P, Qt::AltModifier);
    QTest::keyClick(d.nameEdit(), Qt::Key_Q, Qt::AltModifier); // no control has &Q
    QCOMPARE(d.nameEdit()->text(), u"ab"_qs);
    d.secretEdit()->setFocus();
    QTest::keyClick(d.secretEdit(), Qt::Key_D, Qt::AltModifier);
    QVERIFY(d.secretEdit()->text().isEmpty());
    d.findChild<QPlainTextEdit *>()->setFocus();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::AltModifier);
    QVERIFY(d.findChild<QPlainTextEdit *>()->toPlainText().isEmpty());
    // Typing itself is untouched, AltGr letters included (they come without Alt).
    QTest::keyClicks(d.nameEdit(), u"c"_qs);
    QCOMPARE(d.nameEdit()->text(), u"abc"_qs);
}

void TestConsoleProfiles::formScreenshots()
{
    // The form with its refusals, in both languages: looked at, and saved when asked.
    for (const QString &language : {u"en"_qs, u"zh_CN"_qs}) {
        installTranslations(language);
        ProfileDialog d(m_window->profiles(), m_window->secrets(), m_window.get());
        showActive(d);
        d.newProfile();
        QTest::keyClicks(d.nameEdit(), u"Looked at"_qs);
        QTest::keyClick(d.nameEdit(), Qt::Key_S, Qt::AltModifier);
        QTRY_VERIFY2(!d.fieldError(u"environment"_qs).isEmpty(), qPrintable(d.statusText()));
        QLabel *error = d.findChild<QLabel *>(u"error_environment"_qs);
        QVERIFY(error);
        QCoreApplication::processEvents();
        shoot(&d, u"6d-profile-refused-%1.png"_qs.arg(language));
        // The message has the height it needs: not clipped at the top or the bottom.
        QVERIFY2(error->height() >= error->heightForWidth(error->width()),
                 qPrintable(QStringLiteral("%1: %2 of %3 px")
                                .arg(language)
                                .arg(error->height())
                                .arg(error->heightForWidth(error->width()))));
        const int practice = d.environmentBox()->findData(int(Profile::Environment::Practice));
        d.environmentBox()->setCurrentIndex(practice);
        Q_EMIT d.environmentBox()->activated(practice);
        QVERIFY(!d.fieldError(u"environment"_qs).isEmpty());
        QCoreApplication::processEvents();
        shoot(&d, u"6e-profile-practice-%1.png"_qs.arg(language));
        QVERIFY2(error->height() >= error->heightForWidth(error->width()),
                 qPrintable(QStringLiteral("%1: %2 of %3 px")
                                .arg(language)
                                .arg(error->height())
                                .arg(error->heightForWidth(error->width()))));
    }
    installTranslations(u"en"_qs);
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
