// SPDX-License-Identifier: GPL-3.0-or-later
// The shared pace across processes: two cdnrec CLI processes on one AppId, one simulator.
#include "simserver.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cdnrec;

namespace {
const QString kSecret = QStringLiteral("9193cc662a4c0ec135ec71fb57194b38");
}

class TestPace : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoProcessesShareTheRate();
};

void TestPace::twoProcessesShareTheRate()
{
    SimConfig config;
    config.secret = kSecret;
    config.rateLimit = 20;
    SimServer sim(config);
    QVERIFY(sim.start());

    QTemporaryDir home;
    QTemporaryDir runtime; // shared by both processes, as one user's session would be
    QVERIFY(home.isValid() && runtime.isValid());
    QList<QProcess *> procs;
    for (int p = 0; p < 2; ++p) {
        QFile ids(home.filePath(QStringLiteral("ids-%1.txt").arg(p)));
        QVERIFY(ids.open(QIODevice::WriteOnly));
        for (int i = 0; i < 100; ++i)
            ids.write(QStringLiteral("p%1-s%2\n").arg(p).arg(i).toUtf8());
        ids.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"CDNREC_SERVER_SECRET"_qs, kSecret);
        env.insert(u"XDG_RUNTIME_DIR"_qs, runtime.path());
        env.insert(u"XDG_CONFIG_HOME"_qs, home.filePath(u"config"_qs));
        env.insert(u"XDG_DATA_HOME"_qs, home.filePath(u"data"_qs));
        env.insert(u"XDG_CACHE_HOME"_qs, home.filePath(u"cache"_qs));
        auto *proc = new QProcess(this);
        proc->setProcessEnvironment(env);
        proc->setProgram(QStringLiteral(CDNREC_CLI));
        proc->setArguments({u"stop"_qs, u"--endpoint"_qs, sim.url().toString(), u"--app-id"_qs,
                            u"1234567890"_qs, u"--vendor"_qs, u"Tencent"_qs, u"--rate"_qs, u"20"_qs,
                            u"--batch-size"_qs, u"1"_qs, u"--no-history"_qs, u"--file"_qs,
                            ids.fileName()});
        procs.append(proc);
    }
    QList<std::shared_ptr<QSignalSpy>> done;
    for (QProcess *proc : procs) {
        done.append(std::make_shared<QSignalSpy>(proc, &QProcess::finished));
        proc->start();
    }
    for (QProcess *proc : procs)
        QVERIFY(proc->waitForStarted(10000));
    // The simulator answers from this event loop: wait in a real one (QSignalSpy::wait), not in
    // QTRY's polling, which sleeps 10 ms at a time and would skew the simulator's arrival times.
    // 200 calls at 20/s take 10 s; the bound is only against a hang.
    for (const auto &spy : done) {
        if (spy->isEmpty())
            QVERIFY(spy->wait(120000));
    }
    for (QProcess *proc : procs) {
        QVERIFY2(proc->exitCode() == 0, proc->readAllStandardError().constData());
    }
    const QJsonObject stats = sim.gateway().stats();
    QCOMPARE(stats.value(u"streamsStopped"_qs).toInt(), 200);
    QCOMPARE(stats.value(u"code6"_qs).toInt(), 0);
    QVERIFY2(stats.value(u"maxCallsInAnySecond"_qs).toInt() <= 20,
             qPrintable(QString::number(stats.value(u"maxCallsInAnySecond"_qs).toInt())));
    QCOMPARE(stats.value(u"calls"_qs).toInt(), 200);

    // The state is private to the user.
    const QFileInfo dir(runtime.filePath(u"cdnrec"_qs));
    QVERIFY(dir.isDir());
    QCOMPARE(dir.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup |
                                  QFile::WriteOther | QFile::ExeGroup | QFile::ExeOther),
             QFile::Permissions());
    const QFileInfo file(runtime.filePath(u"cdnrec/pace-1234567890"_qs));
    QVERIFY(file.isFile());
    QCOMPARE(file.permissions() &
                 (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
}

QTEST_GUILESS_MAIN(TestPace)
#include "test_pace.moc"
