// SPDX-License-Identifier: GPL-3.0-or-later
// `cdnrec history` as scripts and operators use it: a history it can only read, one it cannot
// read at all, escapes in its table, typed statuses in its JSON, and --check.
#include "cliprocess.h"
#include "historytest.h"
#include <engine/job.h>
#include <store/history.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace cdnrec;

namespace {

constexpr uid_t kNobody = 65534;

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

Result text(const test::CliResult &r)
{
    return {r.exitCode, QString::fromUtf8(r.out), QString::fromUtf8(r.err)};
}

} // namespace

class TestCliHistory : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;

    QString dataHome() const { return m_home.filePath(u"data"_qs); }
    QString historyPath() const { return History::defaultPath(); }

    Result cli(const QStringList &args, bool asNobody = false)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_DATA_HOME"_qs, dataHome());
        env.insert(u"XDG_CONFIG_HOME"_qs, m_home.filePath(u"config"_qs));
        env.insert(u"HOME"_qs, m_home.path());
        if (!asNobody)
            return text(test::runCli(QStringLiteral(CDNREC_CLI), args, env));
        QStringList all{u"--reuid=%1"_qs.arg(kNobody), u"--regid=%1"_qs.arg(kNobody),
                        u"--clear-groups"_qs, QStringLiteral(CDNREC_CLI)};
        return text(test::runCli(u"setpriv"_qs, all + args, env));
    }

    // A run of 30 streams killed midway: 25 stopped, 2 sent without an answer, 3 not sent.
    qint64 killedRun(const QStringList &extra = {})
    {
        History h(historyPath());
        History::RunInfo info;
        info.appId = 1234567890;
        info.vendor = u"Tencent"_qs;
        for (int i = 0; i < 30; ++i)
            info.streamIds.append(QStringLiteral("s%1").arg(i));
        info.streamIds += extra;
        const qint64 run = h.beginRun(info);
        const int next = test::recordStopped(h, run, info.streamIds.mid(0, 25));
        CallRecord c;
        c.callId = next;
        c.streamIds = {u"s25"_qs, u"s26"_qs};
        h.recordCallSending(run, c);
        return run;
    }

    bool canDropPrivileges() const
    {
        return ::geteuid() == 0 && !QStandardPaths::findExecutable(u"setpriv"_qs).isEmpty();
    }

    // Folders nobody may enter but not write in: the -shm file cannot be created beside the file.
    void openFoldersToOthers()
    {
        for (QString d = QFileInfo(historyPath()).absolutePath();
             d.startsWith(m_home.path()) && d.size() >= m_home.path().size();
             d = QFileInfo(d).absolutePath()) {
            ::chmod(QFile::encodeName(d).constData(), 0755);
            if (d == m_home.path())
                break;
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"cdnrec"_qs);
        QCoreApplication::setApplicationName(u"cdnrec"_qs);
        qputenv("XDG_DATA_HOME", dataHome().toUtf8()); // History::defaultPath() here is the CLI's
        QVERIFY(historyPath().startsWith(dataHome()));
    }

    void init() { QDir(dataHome()).removeRecursively(); }

    void readOnlyHistoryIsListed_data()
    {
        QTest::addColumn<bool>("ownedByReader");
        QTest::addRow("0400, the reader's own") << true;
        QTest::addRow("0644, another user's") << false;
    }

    void readOnlyHistoryIsListed()
    {
        QFETCH(bool, ownedByReader);
        if (!canDropPrivileges())
            QSKIP("needs root and setpriv to read the history as another user");
        killedRun();
        const QByteArray file = QFile::encodeName(historyPath());
        openFoldersToOthers();
        QVERIFY(::chown(file.constData(), ownedByReader ? kNobody : 0,
                        ownedByReader ? kNobody : 0) == 0);
        QVERIFY(::chmod(file.constData(), ownedByReader ? 0400 : 0644) == 0);
        const Result r = cli({u"history"_qs}, true);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(u"run 1 "_qs), qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(u"25 stopped"_qs), qPrintable(r.out));
        QVERIFY2(!r.err.contains(u"no run matches"_qs), qPrintable(r.err));
        // Nothing was created or changed by the reader.
        QVERIFY(!QFile::exists(historyPath() + u"-shm"_qs));
    }

    void unreadableHistoryFailsClearly()
    {
        if (!canDropPrivileges())
            QSKIP("needs root and setpriv to read the history as another user");
        killedRun();
        openFoldersToOthers();
        QVERIFY(::chmod(QFile::encodeName(historyPath()).constData(), 0600) == 0); // root's only
        const Result r = cli({u"history"_qs}, true);
        QVERIFY2(r.exitCode != 0, qPrintable(r.out + r.err));
        QCOMPARE(r.err.count(u'\n'), 1);
        QVERIFY2(r.err.startsWith(u"cdnrec history: "_qs), qPrintable(r.err));
        QVERIFY2(r.err.contains(historyPath()), qPrintable(r.err));
        QVERIFY(!r.err.contains(u"no run matches"_qs));
        QVERIFY(r.out.isEmpty());
    }

    void interruptedRunCountsAndKeys()
    {
        const qint64 run = killedRun();
        Result r = cli({u"history"_qs});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(
            r.out.contains(
                u"30 requested: 25 stopped, 0 failed, 0 unknown, 0 skipped, 3 not sent, 2 sent with no answer recorded"_qs),
            qPrintable(r.out));
        QVERIFY2(r.out.contains(u"interrupted"_qs), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"(not recorded)"_qs), qPrintable(r.out)); // no profile in the row

        r = cli({u"history"_qs, u"--json"_qs, u"--run"_qs, QString::number(run)});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(doc.value(u"stopped"_qs).toInt(), 25);
        QCOMPARE(doc.value(u"not_sent"_qs).toInt(), 3);
        QCOMPARE(doc.value(u"sent_no_answer"_qs).toInt(), 2);
        QCOMPARE(doc.value(u"interrupted"_qs).toBool(), true);
        QMap<QString, int> statuses;
        for (const QJsonValue &s : doc.value(u"streams"_qs).toArray())
            ++statuses[s.toObject().value(u"status"_qs).toString()];
        QCOMPARE(statuses,
                 (QMap<QString, int>{
                     {u"stopped"_qs, 25}, {u"sent_no_answer"_qs, 2}, {u"not_sent"_qs, 3}}));

        r = cli({u"history"_qs, u"--json"_qs, u"--status"_qs, u"sent_no_answer"_qs});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray runs =
            QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"runs"_qs).toArray();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.at(0).toObject().value(u"streams"_qs).toArray().size(), 2);

        r = cli({u"history"_qs, u"--status"_qs, u"bogus"_qs});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count(u'\n'), 1);
    }

    void tableEscapesControlCharacters()
    {
        const QString evil = u"evil\x1b[31m\u202e"_qs;
        const qint64 run = killedRun({evil});
        {
            // What a gateway may say, written as the journal writes it.
            History h(historyPath());
            CallRecord c;
            c.callId = 99;
            c.streamIds = {evil};
            h.recordCallSending(run, c);
            StreamOutcome o;
            o.streamId = evil;
            o.status = StreamStatus::Failed;
            o.attempts = 1;
            o.code = u"2\x07"_qs;
            o.message = u"bad\nrun 999  forged line"_qs;
            o.requestId = u"\x1b]0;title\x07"_qs;
            h.recordCallFinished(run, c, {o});
        }
        for (const QStringList &args :
             {QStringList{u"history"_qs, u"--run"_qs, QString::number(run)},
              QStringList{u"history"_qs, u"--stream"_qs, evil},
              QStringList{u"history"_qs, u"--status"_qs, u"failed"_qs}}) {
            const Result r = cli(args);
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains(u"evil\\x1b[31m"_qs), qPrintable(r.out));
            for (QChar ch : r.out)
                QVERIFY2(ch == u'\n' || (ch.unicode() >= 0x20 && ch.unicode() != 0x7f &&
                                         ch.unicode() != 0x202e),
                         qPrintable(QString::number(ch.unicode(), 16)));
            QVERIFY2(!r.out.contains(u"\nrun 999"_qs), qPrintable(r.out));
        }
    }

    void checkOnDemand()
    {
        killedRun();
        Result r = cli({u"history"_qs, u"--check"_qs});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // Damage deep in an index: opening does not see it, --check does, in one line.
        int page = 0, pageSize = 0;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_qs, u"damager"_qs);
            db.setDatabaseName(historyPath());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"PRAGMA page_size"_qs) && q.next());
            pageSize = q.value(0).toInt();
            QVERIFY(q.exec(u"SELECT rootpage FROM sqlite_master WHERE name = 'streams_by_id'"_qs) &&
                    q.next());
            page = q.value(0).toInt();
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"damager"_qs);
        QVERIFY(page > 1);
        {
            QFile f(historyPath());
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(qint64(page - 1) * pageSize));
            f.write(QByteArray(64, '\xee'));
        }
        r = cli({u"history"_qs});
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"run 1 "_qs), qPrintable(r.out + r.err));
        r = cli({u"history"_qs, u"--check"_qs});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.count(u'\n'), 1);
        QVERIFY2(r.err.contains(historyPath()), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliHistory)
#include "test_cli_history.moc"
