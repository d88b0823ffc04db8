// SPDX-License-Identifier: GPL-3.0-or-later
// `cdnrec profile ...` and `cdnrec stop --profile` with a real keyring (run by with-keyring.sh).
#include "cliprocess.h"
#include "simserver.h"
#include <store/secretstore.h>

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {
const QString kSecret = QStringLiteral("kr-secret-5f0c2e9a41d7b3");
using Result = test::CliResult;
} // namespace

class TestCliProfiles : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimServer> m_sim;
    QByteArray m_allOutput; // everything the CLI printed, searched for the secret at the end

    QString mode() const { return qEnvironmentVariable("CDNREC_KEYRING_MODE"); }

    Result cdnrec(const QStringList &args, const QByteArray &input = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CDNREC_SERVER_SECRET"));
        const Result r = test::runCli(QStringLiteral(CDNREC_CLI), args, env, input);
        m_allOutput += r.out + r.err;
        return r;
    }

private Q_SLOTS:
    void initTestCase();
    void fullFlow();
    void withoutAKeyring();
    void lockedKeyring();
    void leftSecretIsRemovedByName();
    void hostileFieldsAreShownEscaped();
    void secretNeverOnDiskOrScreen();
};

void TestCliProfiles::initTestCase()
{
    QVERIFY2(!mode().isEmpty(), "run through tests/keyring/with-keyring.sh MODE");
    SimConfig c;
    c.secret = kSecret;
    m_sim = std::make_unique<SimServer>(c);
    QVERIFY(m_sim->start());
}

void TestCliProfiles::fullFlow()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    const QString endpoint = m_sim->url().toString();
    Result r = cdnrec({u"profile"_qs, u"add"_qs, u"Acme"_qs, u"--app-id"_qs, u"1234567890"_qs,
                       u"--endpoint"_qs, endpoint, u"--vendor"_qs, u"Huawei"_qs, u"--label"_qs,
                       u"staging"_qs},
                      kSecret.toUtf8() + "\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.contains("ServerSecret saved in the keyring"));

    r = cdnrec({u"profile"_qs, u"list"_qs});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Acme  staging  AppId 1234567890  Huawei  127.0.0.1"));
    r = cdnrec({u"profile"_qs, u"show"_qs, u"Acme"_qs});
    QVERIFY(r.out.contains("secret:      saved in the keyring"));

    // Bad input: a clear message, nothing saved.
    r = cdnrec({u"profile"_qs, u"add"_qs, u"Acme"_qs, u"--app-id"_qs, u"5"_qs, u"--no-secret"_qs});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("exists already"));
    for (const QStringList &bad :
         {QStringList{u"--app-id"_qs, u"x"_qs},
          QStringList{u"--app-id"_qs, u"1"_qs, u"--rate"_qs, u"25"_qs},
          QStringList{u"--app-id"_qs, u"1"_qs, u"--endpoint"_qs, u"http://example.com/"_qs},
          QStringList{u"--app-id"_qs, u"1"_qs, u"--region"_qs, u"mars"_qs}}) {
        r = cdnrec(QStringList{u"profile"_qs, u"add"_qs, u"Bad"_qs, u"--no-secret"_qs} + bad);
        QCOMPARE(r.exitCode, 2);
    }
    QVERIFY(!cdnrec({u"profile"_qs, u"list"_qs}).out.contains("Bad"));

    // Stop through the profile: endpoint, AppId, vendor and secret all come from it.
    r = cdnrec({u"stop"_qs, u"--profile"_qs, u"Acme"_qs, u"--stream"_qs, u"p-1"_qs, u"--json"_qs});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QJsonDocument::fromJson(r.out)
                 .object()
                 .value(u"summary"_qs)
                 .toObject()
                 .value(u"stopped"_qs)
                 .toInt(),
             1);

    // Undo that stop without naming the profile: the run's profile gives the secret (and the
    // run's vendor is kept).
    r = cdnrec({u"history"_qs, u"--json"_qs});
    const qint64 run = QJsonDocument::fromJson(r.out)
                           .object()
                           .value(u"runs"_qs)
                           .toArray()
                           .first()
                           .toObject()
                           .value(u"run"_qs)
                           .toInteger();
    QVERIFY(run > 0);
    r = cdnrec({u"undo"_qs, QString::number(run), u"--for"_qs, u"1h"_qs, u"--json"_qs});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QJsonDocument::fromJson(r.out)
                 .object()
                 .value(u"summary"_qs)
                 .toObject()
                 .value(u"started"_qs)
                 .toInt(),
             1);

    // Rename: the secret follows.
    r = cdnrec({u"profile"_qs, u"edit"_qs, u"Acme"_qs, u"--name"_qs, u"Acme Corp"_qs});
    QCOMPARE(r.exitCode, 0);
    r = cdnrec({u"stop"_qs, u"--profile"_qs, u"Acme Corp"_qs, u"--stream"_qs, u"p-2"_qs});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    // Export without secrets, import elsewhere.
    r = cdnrec({u"profile"_qs, u"export"_qs});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Acme Corp"));

    // Remove: the secret goes too.
    r = cdnrec({u"profile"_qs, u"remove"_qs, u"Acme Corp"_qs});
    QCOMPARE(r.exitCode, 0);
    r = cdnrec({u"stop"_qs, u"--profile"_qs, u"Acme Corp"_qs, u"--stream"_qs, u"p-3"_qs});
    QCOMPARE(r.exitCode, 2);
}

void TestCliProfiles::withoutAKeyring()
{
    if (mode() != u"none"_qs)
        QSKIP("needs no keyring");
    Result r = cdnrec({u"profile"_qs, u"add"_qs, u"Solo"_qs, u"--app-id"_qs, u"1234567890"_qs,
                       u"--endpoint"_qs, m_sim->url().toString()},
                      kSecret.toUtf8() + "\n");
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains("No system keyring is available"), r.err.constData());
    QVERIFY(r.err.contains("profile is saved"));
    r = cdnrec({u"stop"_qs, u"--profile"_qs, u"Solo"_qs, u"--stream"_qs, u"a"_qs});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("No system keyring is available"));
    // The environment still works with the profile's other settings.
    QProcess proc;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"CDNREC_SERVER_SECRET"_qs, kSecret);
    proc.setProcessEnvironment(env);
    QSignalSpy done(&proc, &QProcess::finished);
    proc.start(QStringLiteral(CDNREC_CLI),
               {u"stop"_qs, u"--profile"_qs, u"Solo"_qs, u"--stream"_qs, u"a"_qs});
    QVERIFY(done.wait(30000));
    QCOMPARE(proc.exitCode(), 0);
}

void TestCliProfiles::lockedKeyring()
{
    if (mode() != u"locked"_qs)
        QSKIP("needs a locked keyring");
    const Result r = cdnrec({u"profile"_qs, u"add"_qs, u"Locked"_qs, u"--app-id"_qs, u"1"_qs},
                            kSecret.toUtf8() + "\n");
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.err.contains("locked"), r.err.constData());
}

// A pull removes the copy of a profile the team retired, never its secret; `profile remove
// NAME` is how that secret goes. Only by a name a profile could have: the team password's entry
// ("team/…") is out of its reach.
void TestCliProfiles::leftSecretIsRemovedByName()
{
    if (mode() != u"unlocked"_qs)
        QSKIP("needs an unlocked keyring");
    SecretStore keyring;
    QVERIFY(keyring.writeNow(u"Gone"_qs, u"left-behind-secret-0123456789"_qs).ok());
    QVERIFY(keyring.writeNow(u"team/db.example:5432/cdnrec"_qs, u"team-pw"_qs).ok());

    Result r = cdnrec({u"profile"_qs, u"remove"_qs, u"Gone"_qs});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("there is no profile 'Gone'; the secret it left in the keyring is "
                            "removed"),
             r.err.constData());
    QCOMPARE(keyring.readNow(u"Gone"_qs).status, SecretStore::Status::NotFound);

    r = cdnrec({u"profile"_qs, u"remove"_qs, u"Gone"_qs});
    QCOMPARE(r.exitCode, 2); // nothing left: as for any unknown name
    QVERIFY(r.err.contains("no profile named"));

    r = cdnrec({u"profile"_qs, u"remove"_qs, u"team/db.example:5432/cdnrec"_qs});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(keyring.readNow(u"team/db.example:5432/cdnrec"_qs).secret, u"team-pw"_qs);
    QVERIFY(keyring.removeNow(u"team/db.example:5432/cdnrec"_qs).ok());
}

// Notes and names come from files and from the team: escapes in them are shown, not obeyed,
// and a name with control characters is refused wherever a profile is made.
void TestCliProfiles::hostileFieldsAreShownEscaped()
{
    Result r = cdnrec({u"profile"_qs, u"add"_qs, u"Notes"_qs, u"--app-id"_qs, u"77"_qs,
                       u"--region"_qs, u"sha"_qs, u"--no-secret"_qs, u"--notes"_qs,
                       u"call \x1b]0;pwned\x07 \u202e first"_qs});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = cdnrec({u"profile"_qs, u"show"_qs, u"Notes"_qs});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("notes:       call \\x1b]0;pwned\\x07 \\u202e first"),
             r.out.constData());
    for (const char c : {'\x1b', '\x07'})
        QVERIFY(!r.out.contains(c));

    r = cdnrec({u"profile"_qs, u"add"_qs, u"Evil\x1b[2J"_qs, u"--app-id"_qs, u"77"_qs,
                u"--region"_qs, u"sha"_qs, u"--no-secret"_qs});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("control characters"), r.err.constData());
    QVERIFY(!r.err.contains('\x1b'));

    // An import: the hostile name is skipped and said escaped; the rest comes in.
    QJsonObject evil =
        QJsonDocument::fromJson(cdnrec({u"profile"_qs, u"export"_qs, u"-"_qs, u"Notes"_qs}).out)
            .object()
            .value(u"profiles"_qs)
            .toArray()
            .first()
            .toObject();
    QVERIFY(!evil.isEmpty());
    evil.insert(u"name"_qs, u"Evil\x1b]0;pwned\x07"_qs);
    QJsonObject fine = evil;
    fine.insert(u"name"_qs, u"Fine"_qs);
    QJsonObject doc;
    doc.insert(u"cdnrecProfiles"_qs, 1);
    doc.insert(u"profiles"_qs, QJsonArray{evil, fine});
    QTemporaryDir dir;
    QFile f(dir.filePath(u"hostile.json"_qs));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(doc).toJson());
    f.close();
    r = cdnrec({u"profile"_qs, u"import"_qs, f.fileName()});
    QCOMPARE(r.exitCode, 2); // one skipped
    QVERIFY2(r.err.contains("Evil\\x1b]0;pwned\\x07"), r.err.constData());
    QVERIFY(!r.err.contains('\x1b'));
    r = cdnrec({u"profile"_qs, u"list"_qs});
    QVERIFY(r.out.contains("Fine  "));
    QVERIFY(!r.out.contains("Evil"));
}

void TestCliProfiles::secretNeverOnDiskOrScreen()
{
    // Every file under the throw-away home (settings, keyring files, caches) and everything
    // printed: not one copy of the secret in plaintext.
    const QString home = qEnvironmentVariable("CDNREC_TEST_HOME");
    QVERIFY(!home.isEmpty());
    int files = 0;
    QDirIterator it(home, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        ++files;
        const QByteArray data = f.readAll();
        QVERIFY2(!data.contains(kSecret.toUtf8()), qPrintable(f.fileName()));
        // Also as UTF-16, the way a QString would sit in a dump.
        const QByteArray utf16(reinterpret_cast<const char *>(kSecret.utf16()), kSecret.size() * 2);
        QVERIFY2(!data.contains(utf16), qPrintable(f.fileName()));
    }
    QVERIFY(files > 0);
    QVERIFY(!m_allOutput.contains(kSecret.toUtf8()));
}

QTEST_GUILESS_MAIN(TestCliProfiles)
#include "test_cli_profiles.moc"
