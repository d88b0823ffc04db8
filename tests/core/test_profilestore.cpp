// SPDX-License-Identifier: GPL-3.0-or-later
#include <store/profilestore.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

class TestProfileStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString file(const QString &name) const { return m_dir.filePath(name); }
    static Profile make(const QString &name, quint32 appId = 1234567890)
    {
        Profile p;
        p.name = name;
        p.appId = appId;
        return p;
    }

private Q_SLOTS:
    void addFindUpdateRemove();
    void everyFieldSurvives();
    void duplicateNamesRefused();
    void invalidSavesNothing();
    void noSecretInTheSettings();
    void exportImportWithoutSecrets();
    void importRefusesBadFiles();
    void wrongTypesAreRefusedNotDefaulted_data();
    void wrongTypesAreRefusedNotDefaulted();
    void newerSchemaIsReadOnly();
    void schemaVersionWritten();
};

void TestProfileStore::addFindUpdateRemove()
{
    ProfileStore store(file(u"a.ini"_qs));
    QSignalSpy changed(&store, &ProfileStore::changed);
    QCOMPARE(store.add(make(u"Acme"_qs)), QString());
    QCOMPARE(store.add(make(u"Globex"_qs, 7)), QString());
    QCOMPARE(store.names(), (QStringList{u"Acme"_qs, u"Globex"_qs}));
    QCOMPARE(changed.size(), 2);
    Profile renamed = *store.find(u"Acme"_qs);
    renamed.name = u"Acme Corp"_qs;
    QCOMPARE(store.update(u"Acme"_qs, renamed), QString());
    QVERIFY(!store.find(u"Acme"_qs));
    QVERIFY(store.find(u"Acme Corp"_qs));
    QCOMPARE(store.remove(u"Globex"_qs), QString());
    QCOMPARE(store.names(), QStringList{u"Acme Corp"_qs});
    QVERIFY(store.remove(u"Nobody"_qs).contains(u"no profile"_qs));
    // A second store on the same file sees the same profiles.
    QCOMPARE(ProfileStore(file(u"a.ini"_qs)).names(), QStringList{u"Acme Corp"_qs});
}

void TestProfileStore::everyFieldSurvives()
{
    Profile p = make(u"Full"_qs, 42);
    p.region.clear();
    p.customEndpoint = QUrl(u"http://127.0.0.1:9999/"_qs);
    p.isTest = true;
    p.vendor = Vendor::Huawei;
    p.callsPerSecond = 15.5;
    p.batchSize = 3;
    p.environment = Profile::Environment::Staging;
    p.notes = u"Call Li Wei before stopping.\nSecond line, 中文"_qs;
    {
        ProfileStore store(file(u"full.ini"_qs));
        QCOMPARE(store.add(p), QString());
    }
    const Profile q = *ProfileStore(file(u"full.ini"_qs)).find(u"Full"_qs);
    QCOMPARE(q.appId, 42u);
    QCOMPARE(q.region, QString());
    QCOMPARE(q.customEndpoint, p.customEndpoint);
    QCOMPARE(q.isTest, true);
    QCOMPARE(q.vendor, Vendor::Huawei);
    QCOMPARE(q.callsPerSecond, 15.5);
    QCOMPARE(q.batchSize, 3);
    QCOMPARE(q.environment, Profile::Environment::Staging);
    QCOMPARE(q.notes, p.notes);
}

void TestProfileStore::duplicateNamesRefused()
{
    ProfileStore store(file(u"d.ini"_qs));
    QCOMPARE(store.add(make(u"Acme"_qs)), QString());
    QVERIFY(store.add(make(u"acme"_qs)).contains(u"exists already"_qs));
    QCOMPARE(store.add(make(u"Other"_qs)), QString());
    QVERIFY(store.update(u"Other"_qs, make(u"ACME"_qs)).contains(u"exists already"_qs));
    QCOMPARE(store.names(), (QStringList{u"Acme"_qs, u"Other"_qs}));
}

void TestProfileStore::invalidSavesNothing()
{
    ProfileStore store(file(u"i.ini"_qs));
    QSignalSpy changed(&store, &ProfileStore::changed);
    Profile bad = make(u"Bad"_qs);
    bad.callsPerSecond = 50;
    QVERIFY(store.add(bad).contains(u"0.1 to 20"_qs));
    QVERIFY(store.names().isEmpty());
    QCOMPARE(changed.size(), 0);
}

void TestProfileStore::noSecretInTheSettings()
{
    {
        ProfileStore store(file(u"s.ini"_qs));
        QCOMPARE(store.add(make(u"Acme"_qs)), QString());
    }
    QFile f(file(u"s.ini"_qs));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll().toLower();
    QVERIFY(!text.contains("secret"));
    QVERIFY(!text.contains("password"));
    QVERIFY(text.contains("appid=1234567890"));
}

void TestProfileStore::exportImportWithoutSecrets()
{
    ProfileStore from(file(u"from.ini"_qs));
    QCOMPARE(from.add(make(u"Acme"_qs)), QString());
    QCOMPARE(from.add(make(u"Globex"_qs, 9)), QString());
    const QByteArray json = from.exportJson({u"Globex"_qs});
    QVERIFY(!json.toLower().contains("secret\":"));
    ProfileStore to(file(u"to.ini"_qs));
    QCOMPARE(to.add(make(u"Globex"_qs, 1)), QString()); // already there: skipped, not overwritten
    const auto r = to.importJson(from.exportJson());
    QCOMPARE(r.added, QStringList{u"Acme"_qs});
    QCOMPARE(r.skipped.size(), 1);
    QVERIFY(r.skipped.front().contains(u"exists already"_qs));
    QCOMPARE(to.find(u"Globex"_qs)->appId, 1u);
}

void TestProfileStore::importRefusesBadFiles()
{
    ProfileStore store(file(u"bad.ini"_qs));
    QVERIFY(!store.importJson("not json").error.isEmpty());
    QVERIFY(!store.importJson("{\"x\":1}").error.isEmpty());
    const auto r = store.importJson(
        R"({"profiles":[{"name":"A","appId":-3},{"name":"B","appId":5,"vendor":"Akamai"},{"name":"C","appId":5,"callsPerSecond":99}]})");
    QCOMPARE(r.added.size(), 0);
    QCOMPARE(r.skipped.size(), 3);
    QVERIFY(store.names().isEmpty());
}

// A file or a team row whose field has the wrong type is refused, never read as the default:
// "isTest": "true" with "environment": "test " and "callsPerSecond": "5" came in as a
// production profile at 10 calls/s.
void TestProfileStore::wrongTypesAreRefusedNotDefaulted_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("reason");
    QTest::newRow("isTest as text") << uR"("isTest":"true")"_qs << u"isTest"_qs;
    QTest::newRow("rate as text") << uR"("callsPerSecond":"5")"_qs << u"callsPerSecond"_qs;
    QTest::newRow("batch 5.5") << uR"("batchSize":5.5)"_qs << u"batchSize"_qs;
    QTest::newRow("batch as text") << uR"("batchSize":"5")"_qs << u"batchSize"_qs;
    QTest::newRow("unknown environment") << uR"("environment":"test ")"_qs << u"environment"_qs;
    QTest::newRow("environment as number") << uR"("environment":3)"_qs << u"environment"_qs;
    QTest::newRow("notes as object") << uR"("notes":{"a":1})"_qs << u"notes"_qs;
    QTest::newRow("region as array") << uR"("region":["sha"])"_qs << u"region"_qs;
}

void TestProfileStore::wrongTypesAreRefusedNotDefaulted()
{
    QFETCH(QString, field);
    QFETCH(QString, reason);
    ProfileStore store(file(u"types.ini"_qs));
    const auto r = store.importJson(
        uR"({"profiles":[{"name":"Typed","appId":5,"region":"sha",%1}]})"_qs.arg(field).toUtf8());
    QCOMPARE(r.added.size(), 0);
    QCOMPARE(r.skipped.size(), 1);
    QVERIFY2(r.skipped.front().contains(reason), qPrintable(r.skipped.front()));
    QVERIFY(!store.find(u"Typed"_qs));
    // The same with the right types comes in, as written.
    const auto ok = store.importJson(
        R"({"profiles":[{"name":"Typed","appId":5,"region":"sha","isTest":true,"environment":"test","callsPerSecond":5,"batchSize":5}]})");
    QCOMPARE(ok.added.size(), 1);
    QCOMPARE(store.find(u"Typed"_qs)->environment, Profile::Environment::Test);
    QCOMPARE(store.find(u"Typed"_qs)->callsPerSecond, 5.0);
    QVERIFY(store.remove(u"Typed"_qs).isEmpty());
}

void TestProfileStore::newerSchemaIsReadOnly()
{
    {
        QSettings s(file(u"new.ini"_qs), QSettings::IniFormat);
        s.setValue(u"profiles/schemaVersion"_qs, 99);
    }
    ProfileStore store(file(u"new.ini"_qs));
    QVERIFY(store.readOnlyReason().contains(u"newer cdnrec"_qs));
    QVERIFY(store.add(make(u"Acme"_qs)).contains(u"newer cdnrec"_qs));
    QSettings s(file(u"new.ini"_qs), QSettings::IniFormat);
    QCOMPARE(s.value(u"profiles/schemaVersion"_qs).toInt(), 99); // untouched
}

void TestProfileStore::schemaVersionWritten()
{
    {
        ProfileStore store(file(u"v.ini"_qs));
    }
    QSettings s(file(u"v.ini"_qs), QSettings::IniFormat);
    QCOMPARE(s.value(u"profiles/schemaVersion"_qs).toInt(), ProfileStore::SchemaVersion);
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "test_profilestore.moc"
