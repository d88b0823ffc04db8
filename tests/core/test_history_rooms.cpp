// SPDX-License-Identifier: GPL-3.0-or-later
// Stop by room in the history: each stream keeps the room it was listed in, and a history
// written before rooms were kept still opens, reads (also read-only, never migrated) and records.
#include <store/history.h>
#include <store/historyreader.h>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace cdnrec;

namespace {

History::RunInfo info(const QStringList &ids, const QHash<QString, QString> &rooms = {})
{
    History::RunInfo i;
    i.profile = QStringLiteral("p");
    i.appId = 1;
    i.endpoint = QStringLiteral("https://rtc-api.zego.im/");
    i.vendor = QStringLiteral("Tencent");
    i.streamIds = ids;
    i.rooms = rooms;
    return i;
}

QHash<QString, QString> roomsOf(const QList<History::Stream> &streams)
{
    QHash<QString, QString> out;
    for (const History::Stream &s : streams)
        out.insert(s.streamId, s.room);
    return out;
}

// Takes the room column out, as a history written before rooms were kept has none.
bool dropRoomColumn(const QString &file)
{
    bool ok = false;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
        db.setDatabaseName(file);
        ok = db.open();
        QSqlQuery q(db);
        ok = ok && q.exec(QStringLiteral("ALTER TABLE streams DROP COLUMN room"));
        if (!ok)
            qWarning() << q.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old"));
    return ok;
}

bool hasRoomColumn(const QString &file)
{
    bool has = false;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        db.setDatabaseName(file);
        db.open();
        QSqlQuery q(db);
        has = q.exec(QStringLiteral("SELECT room FROM streams LIMIT 0"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return has;
}

} // namespace

class TestHistoryRooms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachStreamKeepsItsRoom();
    void aHistoryWithoutRoomsStillWorks();

private:
    QTemporaryDir m_dir;
};

void TestHistoryRooms::eachStreamKeepsItsRoom()
{
    const QString file = m_dir.filePath(QStringLiteral("rooms.sqlite"));
    qint64 run = 0;
    {
        History h(file);
        QVERIFY(h.isOpen());
        run = h.beginRun(info({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("given")},
                              {{QStringLiteral("a"), QStringLiteral("8842")},
                               {QStringLiteral("b"), QStringLiteral("直播间 #1&x")}}));
        QVERIFY(run > 0);
        const auto rooms = roomsOf(h.streams(run));
        QCOMPARE(rooms.value(QStringLiteral("a")), QStringLiteral("8842"));
        QCOMPARE(rooms.value(QStringLiteral("b")), QStringLiteral("直播间 #1&x"));
        QVERIFY(rooms.contains(QStringLiteral("given")));
        QVERIFY(rooms.value(QStringLiteral("given")).isEmpty());
    }
    // The window's reader reads them too.
    const HistoryReader reader(file);
    const HistoryReader::RunRows rows = reader.rows(run);
    QVERIFY2(rows.problem.isEmpty(), qPrintable(rows.problem));
    QCOMPARE(roomsOf(rows.streams).value(QStringLiteral("a")), QStringLiteral("8842"));
    QCOMPARE(roomsOf(reader.allStreams(run)).value(QStringLiteral("b")),
             QStringLiteral("直播间 #1&x"));
}

void TestHistoryRooms::aHistoryWithoutRoomsStillWorks()
{
    const QString file = m_dir.filePath(QStringLiteral("old.sqlite"));
    qint64 old = 0;
    {
        History h(file);
        old = h.beginRun(info({QStringLiteral("x")}));
        h.endRun(old, {}, false);
    }
    QVERIFY(dropRoomColumn(file));
    QVERIFY(!hasRoomColumn(file));
    {
        // Read-only: nothing changes in the file, and everything reads.
        History reader(file, History::Mode::ReadOnly);
        QVERIFY(reader.isOpen());
        const auto streams = reader.streams(old);
        QCOMPARE(streams.size(), 1);
        QVERIFY(streams.first().room.isEmpty());
        const HistoryReader rows(file);
        const HistoryReader::RunRows r = rows.rows(old);
        QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
        QCOMPARE(r.streams.size(), 1);
    }
    QVERIFY(!hasRoomColumn(file));
    // Opened to write: the column is added, the old rows have no room, new ones keep theirs.
    History h(file);
    QVERIFY(h.isOpen() && !h.isReadOnly());
    QVERIFY(hasRoomColumn(file));
    QVERIFY(h.streams(old).first().room.isEmpty());
    const qint64 run =
        h.beginRun(info({QStringLiteral("y")}, {{QStringLiteral("y"), QStringLiteral("r1")}}));
    QCOMPARE(h.streams(run).first().room, QStringLiteral("r1"));
    // Still format 2: an older cdnrec records into it as before.
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v"));
    db.setDatabaseName(file);
    QVERIFY(db.open());
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
    QCOMPARE(q.value(0).toInt(), History::SchemaVersion);
    // What an older cdnrec writes: its own columns only.
    QVERIFY2(q.exec(QStringLiteral("INSERT INTO streams (run_id, stream_id, status, updated_at) "
                                   "VALUES (%1, 'older', 'pending', '2026-01-01T00:00:00Z')")
                        .arg(run)),
             qPrintable(q.lastError().text()));
    q.finish();
    db.close();
    QCOMPARE(roomsOf(h.streams(run)).value(QStringLiteral("older"), QStringLiteral("?")),
             QString());
}

QTEST_GUILESS_MAIN(TestHistoryRooms)
#include "test_history_rooms.moc"
