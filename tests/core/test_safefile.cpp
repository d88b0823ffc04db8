// SPDX-License-Identifier: GPL-3.0-or-later
#include <model/safefile.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace cdnrec;

class TestSafeFile : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    static QByteArray read(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void writesAndReplaces();
    void aFullDiskLeavesTheTargetAlone();
    void aMissingFolderSaysSo();
};

void TestSafeFile::writesAndReplaces()
{
    const QString path = m_dir.filePath(u"out.csv"_qs);
    QString error;
    QVERIFY(writeWholeFile(path, "first\n", &error));
    QCOMPARE(read(path), QByteArray("first\n"));
    QVERIFY(writeWholeFile(path, "second\n", &error));
    QCOMPARE(read(path), QByteArray("second\n"));
    QVERIFY(error.isEmpty());
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden).size(),
             1); // no temporary left
}

void TestSafeFile::aFullDiskLeavesTheTargetAlone()
{
    const QString path = m_dir.filePath(u"kept.csv"_qs);
    QString error;
    QVERIFY(writeWholeFile(path, "the old export\n", &error));
    // A full disk, played by a file-size limit on this process: writes past it fail (EFBIG),
    // and Qt's own QSaveFile would report such a truncated file as committed.
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    getrlimit(RLIMIT_FSIZE, &old);
    rlimit tiny = old;
    tiny.rlim_cur = 64;
    setrlimit(RLIMIT_FSIZE, &tiny);
    const bool ok = writeWholeFile(path, QByteArray(10000, 'x'), &error);
    setrlimit(RLIMIT_FSIZE, &old);
    QVERIFY(!ok);
    QVERIFY2(!error.isEmpty(), "no reason given");
    QCOMPARE(read(path), QByteArray("the old export\n"));
    QCOMPARE(QDir(m_dir.path()).entryList({u".kept*"_qs}, QDir::Files | QDir::Hidden).size(), 0);
}

void TestSafeFile::aMissingFolderSaysSo()
{
    QString error;
    QVERIFY(!writeWholeFile(m_dir.filePath(u"no/such/folder/x.csv"_qs), "x", &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestSafeFile)
#include "test_safefile.moc"
