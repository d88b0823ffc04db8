// SPDX-License-Identifier: GPL-3.0-or-later
// The console's room picker (Find streams in room) against the simulator's rooms, driven through
// real keys: a room typed and Enter, its streams listed and all checked, several rooms in a row,
// Space and Ctrl+A, Add by keyboard returning exactly what the simulator lists; an empty room;
// odd room IDs (& # % + space CJK); the 10-s rule in words (an answer reused, a wait counted
// down, on a clock the test moves); a 154 or a dead gateway losing nothing; Esc. Screenshots in
// English and Chinese under $CDNREC_SCREENSHOT_DIR.
#include "../support/freshport.h"
#include "../support/guitest.h"
#include "mainwindow.h"
#include "practiceendpoint.h"
#include "prompt.h"
#include "roompicker.h"
#include "simserver.h"
#include "streamtablemodel.h"
#include <app/application.h>
#include <engine/ratelimiter.h>
#include <model/clock.h>
#include <store/history.h>
#include <store/profilestore.h>
#include <store/roomlistcache.h>
#include <store/secretstore.h>

#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QInputMethodEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>
#include <QTranslator>

#include <memory>
#include <optional>

using namespace cdnrec;

namespace {

const QString kSecret = QStringLiteral("9193cc662a4c0ec135ec71fb57194b38");

QHash<QString, QStringList> rooms()
{
    return {
        {QStringLiteral("8842"),
         {QStringLiteral("room8842_host"), QStringLiteral("room8842_guest1"),
          QStringLiteral("room8842_guest2")}},
        {QStringLiteral("class-101"),
         {QStringLiteral("class101_teacher"), QStringLiteral("class101_screen")}},
        {QStringLiteral("empty-room"), {}},
        {QStringLiteral("a&b #1 100% +x 直播间"), {QStringLiteral("odd_all")}},
        {QStringLiteral("room with spaces"), {QStringLiteral("odd_spaces")}},
        {QStringLiteral("直播间 7"), {QStringLiteral("live7_main")}},
        {QStringLiteral("50%+#&"), {QStringLiteral("odd_signs")}},
        {QStringLiteral("%3%2%1"), {QStringLiteral("odd_percent_args")}},
        {QStringLiteral("r154x1-flaky"), {QStringLiteral("flaky_stream")}},
    };
}

// Types text as a person does: Latin-1 as key presses, the rest (CJK) as an input method
// commits it.
void type(QWidget *widget, const QString &text)
{
    QString pending;
    const auto commit = [&] {
        if (pending.isEmpty())
            return;
        QInputMethodEvent event;
        event.setCommitString(pending);
        QApplication::sendEvent(widget, &event);
        pending.clear();
    };
    for (const QChar c : text) {
        if (c.unicode() < 0x80) {
            commit();
            QTest::keyClick(widget, c.toLatin1());
        } else {
            pending.append(c);
        }
    }
    commit();
}

// Translations from a JSON object {"English": "中文"} ($CDNREC_EXTRA_ZH): the picker's new
// strings before they reach the .ts file, for the Chinese screenshot.
class DictTranslator final : public QTranslator
{
public:
    explicit DictTranslator(const QJsonObject &dict) : m_dict(dict) {}
    bool isEmpty() const override { return m_dict.isEmpty(); }
    QString translate(const char *, const char *source, const char *, int) const override
    {
        return m_dict.value(QString::fromUtf8(source)).toString();
    }

private:
    QJsonObject m_dict;
};

} // namespace

class TestRoomPicker : public QObject
{
    Q_OBJECT
    std::unique_ptr<SimServer> m_sim;
    std::unique_ptr<RateLimiter> m_limiter;
    std::unique_ptr<ManualClock> m_clock; // the 10-s cache's and the picker's words
    std::unique_ptr<MemoryRoomListCache> m_cache;
    std::unique_ptr<RoomPicker> m_picker;

    RoomSource source() const
    {
        RoomSource s;
        s.label = QStringLiteral("Practice");
        s.target.endpoint = m_sim->url();
        s.target.appId = m_sim->gateway().config().appId;
        s.target.secret = kSecret;
        return s;
    }
    // A picker (on this test's simulator, or `from`) with this test's pace and cache, shown and
    // active, the field focused.
    RoomPicker &open(RoomListOptions options = {}, std::optional<RoomSource> from = {})
    {
        m_picker = std::make_unique<RoomPicker>(from ? *from : source());
        m_picker->setRateLimiter(m_limiter.get());
        m_picker->setCache(m_cache.get());
        m_picker->setListOptions(options);
        m_picker->setClock(m_clock.get());
        m_picker->show();
        QApplication::setActiveWindow(m_picker.get());
        m_picker->roomEdit()->setFocus();
        return *m_picker;
    }
    // Types the room into the field and presses Enter; true once its listing ended.
    bool enterRoom(const QString &room)
    {
        QSignalSpy done(m_picker.get(), &RoomPicker::roomDone);
        type(m_picker->roomEdit(), room);
        [&] {
            QCOMPARE(m_picker->roomEdit()->text(), room);
        }();
        QTest::keyClick(m_picker->roomEdit(), Qt::Key_Return);
        return done.count() > 0 || done.wait(30000);
    }
    QStringList tableIds() const
    {
        QStringList ids;
        auto *model = static_cast<QStandardItemModel *>(m_picker->table()->model());
        for (int row = 0; row < model->rowCount(); ++row)
            ids.append(model->item(row, 0)->text());
        return ids;
    }
    int checkedRows() const
    {
        auto *model = static_cast<QStandardItemModel *>(m_picker->table()->model());
        int n = 0;
        for (int row = 0; row < model->rowCount(); ++row)
            n += model->item(row, 0)->checkState() == Qt::Checked;
        return n;
    }
    static QStringList ids(const QList<RoomStream> &streams, QStringList *roomsOut = nullptr)
    {
        QStringList out;
        for (const RoomStream &s : streams) {
            out.append(s.stream.streamId);
            if (roomsOut)
                roomsOut->append(s.room);
        }
        return out;
    }
    int listCalls() const
    {
        return m_sim->gateway().stats().value(QLatin1String("listCalls")).toInt();
    }
    // The 10-s cache on the system clock, for a test whose rooms are asked again.
    void systemClockCache()
    {
        m_cache = std::make_unique<MemoryRoomListCache>(&SystemClock::shared());
    }
    // The simulator's room interval for a test that lists a room more than once.
    void restartSim(int roomIntervalMs)
    {
        SimConfig c;
        c.secret = kSecret;
        c.rooms = rooms();
        c.roomIntervalMs = roomIntervalMs;
        m_sim = ::test::freshSim(c);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"cdnrec-test"_qs);
        QCoreApplication::setApplicationName(u"cdnrec-roompicker"_qs);
        QSettings().clear();
        installTranslations(u"en"_qs);
        // pick() keeps the 10 s of each room in the user's file: none from an earlier run.
        QFile::remove(RoomListFileCache::defaultPath());
    }
    void init()
    {
        restartSim(10000);
        m_limiter = std::make_unique<RateLimiter>(&SystemClock::shared());
        m_clock = std::make_unique<ManualClock>();
        m_clock->setWallSecs(QDateTime::currentSecsSinceEpoch());
        m_cache = std::make_unique<MemoryRoomListCache>(m_clock.get());
    }
    void cleanup()
    {
        m_picker.reset();
        m_sim.reset();
    }

    // A room typed and Enter: its streams, all checked; Enter in the emptied field is Add,
    // which returns exactly what the simulator lists, with the room.
    void roomThenAddByKeys()
    {
        m_clock->setWallSecs(QDateTime::currentSecsSinceEpoch() + 30);
        RoomPicker &picker = open();
        QVERIFY(!picker.addButton()->isEnabled());
        QVERIFY(enterRoom(u"8842"_qs));
        QVERIFY(picker.roomEdit()->text().isEmpty()); // ready for the next room
        QCOMPARE(tableIds(), rooms().value(u"8842"_qs));
        QCOMPARE(checkedRows(), 3);
        QVERIFY(picker.addButton()->isEnabled());
        QVERIFY(picker.addButton()->isDefault());
        QVERIFY2(picker.roomLine(u"8842"_qs).startsWith(u"room 8842: 3 stream"_qs),
                 qPrintable(picker.roomLine(u"8842"_qs)));
        QVERIFY(picker.roomLine(u"8842"_qs).contains(u"read at "_qs));
        // The simulator's streams were created 12 minutes before the call; the picker's clock
        // reads half a minute later (a second may pass between the call and this line).
        auto *model = static_cast<QStandardItemModel *>(picker.table()->model());
        QCOMPARE(model->item(0, 3)->text(), u"12 min ago"_qs);
        QCOMPARE(model->item(0, 2)->text(), u"User 1 (user-1)"_qs);
        QCOMPARE(listCalls(), 1);

        QTest::keyClick(picker.roomEdit(), Qt::Key_Return);
        QCOMPARE(picker.result(), int(QDialog::Accepted));
        QStringList roomsOut;
        QCOMPARE(ids(picker.chosen(), &roomsOut), rooms().value(u"8842"_qs));
        QCOMPARE(roomsOut, QStringList(3, u"8842"_qs));
        QVERIFY(picker.chosen().first().readAtMs > 0);
    }

    // pick(), as the main window calls it: the room given, Add through the keyboard.
    void pickReturnsTheListedStreams()
    {
        int step = 0;
        const auto answer = cdnrec::test::whenModal([&step](QWidget *modal) {
            auto *picker = qobject_cast<RoomPicker *>(modal);
            if (!picker)
                return false;
            if (step == 0 && !picker->isListing()) {
                ++step;
                type(picker->roomEdit(), u"class-101"_qs);
                QTest::keyClick(picker->roomEdit(), Qt::Key_Return);
                return false;
            }
            if (step == 1 && !picker->isListing() && picker->chosen().size() == 5) {
                QTest::keyClick(picker->roomEdit(), Qt::Key_Return);
                return true;
            }
            return false;
        });
        // The process's pace and the user's 10-s file here (a fresh simulator, an empty file).
        const auto chosen = RoomPicker::pick(nullptr, source(), u"8842"_qs);
        QVERIFY(answer->answered);
        QVERIFY(chosen);
        QStringList roomsOut;
        QCOMPARE(ids(*chosen, &roomsOut),
                 rooms().value(u"8842"_qs) + rooms().value(u"class-101"_qs));
        QCOMPARE(roomsOut, (QStringList{u"8842"_qs, u"8842"_qs, u"8842"_qs, u"class-101"_qs,
                                        u"class-101"_qs}));
        QCOMPARE(listCalls(), 2);
    }

    // Several rooms in a row; Space unchecks the selected rows, Ctrl+A checks all; Add by Tab
    // and Space. What comes back is exactly what stays checked.
    void severalRoomsSpaceCtrlA()
    {
        RoomPicker &picker = open();
        QVERIFY(enterRoom(u"8842"_qs));
        QVERIFY(enterRoom(u"class-101"_qs));
        const QStringList all = rooms().value(u"8842"_qs) + rooms().value(u"class-101"_qs);
        QCOMPARE(tableIds(), all);
        QCOMPARE(checkedRows(), 5);
        QCOMPARE(picker.roomLines().size(), 2);

        QTest::keyClick(picker.roomEdit(), Qt::Key_Tab); // to the table
        QCOMPARE(QApplication::focusWidget(), picker.table());
        QTest::keyClick(picker.table(), Qt::Key_Home, Qt::ControlModifier);
        QTest::keyClick(picker.table(), Qt::Key_Down, Qt::ShiftModifier); // rows 0 and 1
        QTest::keyClick(picker.table(), Qt::Key_Space);
        QCOMPARE(checkedRows(), 3);
        QCOMPARE(ids(picker.chosen()), all.mid(2));
        QVERIFY(picker.addButton()->text().contains(u'3'));
        QTest::keyClick(picker.table(), Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(checkedRows(), 5);
        for (int i = 0; i < 5; ++i) // down to the last row, which alone is selected then
            QTest::keyClick(picker.table(), Qt::Key_Down);
        QTest::keyClick(picker.table(), Qt::Key_Space);
        QCOMPARE(ids(picker.chosen()), all.mid(0, 4));

        // Tab to Add, Space presses it.
        QTest::keyClick(picker.table(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), picker.addButton());
        QTest::keyClick(picker.addButton(), Qt::Key_Space);
        QCOMPARE(picker.result(), int(QDialog::Accepted));
        QStringList roomsOut;
        QCOMPARE(ids(picker.chosen(), &roomsOut), all.mid(0, 4));
        QCOMPARE(roomsOut, (QStringList{u"8842"_qs, u"8842"_qs, u"8842"_qs, u"class-101"_qs}));
        QCOMPARE(listCalls(), 2);
    }

    // An empty room says so and adds nothing; Enter then does not close the picker.
    void emptyRoomAddsNothing()
    {
        RoomPicker &picker = open();
        QVERIFY(enterRoom(u"empty-room"_qs));
        QVERIFY2(picker.roomLine(u"empty-room"_qs)
                     .startsWith(u"no streams published in room empty-room now"_qs),
                 qPrintable(picker.roomLine(u"empty-room"_qs)));
        QVERIFY(tableIds().isEmpty());
        QVERIFY(!picker.addButton()->isEnabled());
        QVERIFY(!picker.addButton()->isDefault());
        QTest::keyClick(picker.roomEdit(), Qt::Key_Return);
        QVERIFY(picker.isVisible());
        QVERIFY(picker.chosen().isEmpty());
        QCOMPARE(listCalls(), 1);
    }

    // Room IDs as customers' apps make them reach the gateway as written, and show so.
    void oddRoomIds_data()
    {
        QTest::addColumn<QString>("room");
        for (const char *room :
             {"a&b #1 100% +x 直播间", "room with spaces", "直播间 7", "50%+#&", "%3%2%1"})
            QTest::newRow(room) << QString::fromUtf8(room);
    }
    void oddRoomIds()
    {
        QFETCH(QString, room);
        RoomPicker &picker = open();
        QVERIFY(enterRoom(room));
        QCOMPARE(tableIds(), rooms().value(room));
        QVERIFY2(picker.roomLine(room).startsWith(u"room "_qs + room + u": 1 stream"_qs),
                 qPrintable(picker.roomLine(room)));
        auto *model = static_cast<QStandardItemModel *>(picker.table()->model());
        QCOMPARE(model->item(0, 1)->text(), room);
        QCOMPARE(picker.chosen().size(), 1);
        QCOMPARE(picker.chosen().first().room, room);
    }

    // ZEGO's 10 s per room, in words: an answer younger than that is reused and its age said
    // (no call); a call another process made is waited for, counted down, then made.
    void tenSecondsInWords()
    {
        RoomPicker &picker = open();
        const quint32 appId = m_sim->gateway().config().appId;
        ListedStream s;
        s.streamId = u"from-another-process"_qs;
        s.userId = u"u9"_qs;
        s.createTime = m_clock->wallSecs() - 30;
        m_cache->store(RoomLister::cacheKey(appId, false, u"8842"_qs), {s},
                       QDateTime::currentMSecsSinceEpoch() - 4000);
        m_clock->advanceNs(4200LL * 1000000);
        QVERIFY(enterRoom(u"8842"_qs));
        QVERIFY2(picker.roomLine(u"8842"_qs)
                     .contains(u"listed 4 s ago (ZEGO lists a room at most once in 10 s)"_qs),
                 qPrintable(picker.roomLine(u"8842"_qs)));
        QCOMPARE(tableIds(), QStringList{u"from-another-process"_qs});
        QCOMPARE(listCalls(), 0);

        // Another process asked for class-101 4 s ago and has no answer yet: wait.
        QVERIFY(
            m_cache->look(RoomLister::cacheKey(appId, false, u"class-101"_qs), 10000, 10300, true)
                .verdict == RoomListCache::Look::Verdict::Call);
        m_clock->advanceNs(4000LL * 1000000);
        QSignalSpy done(&picker, &RoomPicker::roomDone);
        type(picker.roomEdit(), u"class-101"_qs);
        QTest::keyClick(picker.roomEdit(), Qt::Key_Return);
        QVERIFY(picker.isListing());
        const QString waiting = picker.roomLine(u"class-101"_qs);
        QVERIFY2(waiting.startsWith(u"waiting 7 s to list room class-101 again"_qs),
                 qPrintable(waiting)); // 10.3 s - 4 s, rounded up
        QTest::qWait(600);             // the lister looks again: still the other process's turn
        QCOMPARE(listCalls(), 0);
        QCOMPARE(done.count(), 0);
        m_clock->advanceNs(2000LL * 1000000);
        QTRY_VERIFY_WITH_TIMEOUT(picker.roomLine(u"class-101"_qs).startsWith(u"waiting 5 s"_qs),
                                 3000);
        m_clock->advanceNs(5000LL * 1000000);
        QVERIFY(done.wait(10000));
        QCOMPARE(listCalls(), 1);
        QVERIFY2(picker.roomLine(u"class-101"_qs).startsWith(u"room class-101: 2 stream"_qs),
                 qPrintable(picker.roomLine(u"class-101"_qs)));
        QCOMPARE(tableIds(),
                 QStringList{u"from-another-process"_qs} + rooms().value(u"class-101"_qs));
    }

    // A 154 is retried after the room's 10 s, and the wait is said and counted down meanwhile.
    void aRetryWaitsForTheRoomsTenSecondsInWords()
    {
        restartSim(0); // the simulator's own room limit out of the way: the picker keeps it
        RoomListOptions o;
        o.backoffBaseMs = 10;
        RoomPicker &picker = open(o);
        QSignalSpy done(&picker, &RoomPicker::roomDone);
        type(picker.roomEdit(), u"r154x1-flaky"_qs);
        QTest::keyClick(picker.roomEdit(), Qt::Key_Return);
        // The first call got 154; the retry waits for the room's 10 s (and its headroom).
        QTRY_VERIFY_WITH_TIMEOUT(
            picker.roomLine(u"r154x1-flaky"_qs)
                .startsWith(u"waiting 11 s to list room r154x1-flaky again"_qs),
            5000);
        QCOMPARE(listCalls(), 1);
        m_clock->advanceNs(5000LL * 1000000);
        QTRY_VERIFY_WITH_TIMEOUT(picker.roomLine(u"r154x1-flaky"_qs).startsWith(u"waiting 6 s"_qs),
                                 3000);
        QCOMPARE(done.count(), 0);
        m_clock->advanceNs(6000LL * 1000000);
        QVERIFY(done.wait(10000));
        QCOMPARE(listCalls(), 2);
        QVERIFY2(picker.roomLine(u"r154x1-flaky"_qs).startsWith(u"room r154x1-flaky: 1 stream"_qs),
                 qPrintable(picker.roomLine(u"r154x1-flaky"_qs)));
    }

    // A room listed again replaces its rows and keeps what was unchecked.
    void roomListedAgainKeepsChecks()
    {
        restartSim(200);
        RoomListOptions o;
        o.roomIntervalMs = 200;
        systemClockCache();
        RoomPicker &picker = open(o);
        QVERIFY(enterRoom(u"8842"_qs));
        auto *model = static_cast<QStandardItemModel *>(picker.table()->model());
        model->item(1, 0)->setCheckState(Qt::Unchecked);
        QVERIFY(enterRoom(u"class-101"_qs));
        QTest::qWait(600); // the room's 200 ms, and its headroom, on both sides
        QVERIFY(enterRoom(u"8842"_qs));
        QCOMPARE(listCalls(), 3);
        QCOMPARE(tableIds(), rooms().value(u"8842"_qs) + rooms().value(u"class-101"_qs));
        QCOMPARE(checkedRows(), 4);
        QCOMPARE(model->item(1, 0)->checkState(), Qt::Unchecked);
    }

    // A 154 or a gateway that does not answer: said, in the room's line; the rows already
    // there stay as they were (checks too), and the room waits in the field for another Enter.
    void failureLosesNothing_data()
    {
        QTest::addColumn<bool>("network");
        QTest::newRow("code 154") << false;
        QTest::newRow("network") << true;
    }
    void failureLosesNothing()
    {
        QFETCH(bool, network);
        restartSim(100);
        RoomListOptions o;
        o.roomIntervalMs = 100;
        o.backoffBaseMs = 10;
        o.maxAttempts = 2;
        systemClockCache(); // a retry waits for the room's interval
        RoomPicker &picker = open(o);
        QVERIFY(enterRoom(u"8842"_qs));
        auto *model = static_cast<QStandardItemModel *>(picker.table()->model());
        model->item(0, 0)->setCheckState(Qt::Unchecked);
        QString room = u"r154-down"_qs;
        if (network) {
            // The gateway is gone: the next room's calls find nothing listening.
            m_sim.reset();
            room = u"class-101"_qs;
        }
        RoomPicker &p = picker;
        const QStringList before = tableIds();
        const int checkedBefore = checkedRows();
        QCOMPARE(checkedBefore, 2);
        QVERIFY(enterRoom(room));
        const QString line = p.roomLine(room);
        QVERIFY2(line.startsWith(u"room "_qs + room + u" was not listed: "_qs), qPrintable(line));
        QVERIFY2(line.endsWith(u"Nothing was added; press Enter to try again."_qs),
                 qPrintable(line));
        if (!network)
            QVERIFY2(line.contains(u"154"_qs), qPrintable(line));
        QCOMPARE(tableIds(), before);
        QCOMPARE(checkedRows(), checkedBefore);
        QCOMPARE(p.roomEdit()->text(), room);
        QVERIFY(!p.isListing());
    }

    // The console's profile: Practice (its simulator's rooms, its own secret), a profile that
    // is gone (said), a saved profile whose secret the keyring lacks (asked, as a run asks: no
    // answer lists nothing and says why; an answer lists and is kept for the session).
    void sourceIsTheConsolesProfile()
    {
        PracticeEndpoint practice;
        ProfileStore profiles;
        SecretStore secrets;
        secrets.setTimeout(5000);
        QString problem;
        const auto ofPractice = RoomSource::of(QString(), &profiles, &secrets, &practice, &problem);
        QVERIFY(ofPractice);
        QCOMPARE(ofPractice->target.endpoint, practice.url());
        QCOMPARE(ofPractice->target.secret, practice.secret());
        open({}, ofPractice);
        QVERIFY(enterRoom(u"8842"_qs)); // the practice set's room
        QCOMPARE(tableIds(), SimGateway::practiceRooms().value(u"8842"_qs));

        QVERIFY(!RoomSource::of(u"rp-gone"_qs, &profiles, &secrets, &practice, &problem));
        QCOMPARE(problem, u"The profile “rp-gone” no longer exists."_qs);

        Profile saved;
        saved.name = u"rp-saved"_qs;
        saved.appId = m_sim->gateway().config().appId;
        saved.region.clear();
        saved.customEndpoint = m_sim->url();
        saved.environment = Profile::Environment::Test;
        QCOMPARE(profiles.add(saved), QString());
        const auto ofSaved =
            RoomSource::of(u"rp-saved"_qs, &profiles, &secrets, &practice, &problem);
        QVERIFY(ofSaved);
        QVERIFY(ofSaved->target.secret.isEmpty());
        QCOMPARE(ofSaved->target.endpoint, m_sim->url());
        open({}, ofSaved);
        Prompt::setNextSecret(QString()); // the operator gives none
        QVERIFY(enterRoom(u"class-101"_qs));
        const QString refused = m_picker->roomLine(u"class-101"_qs);
        QVERIFY2(refused.startsWith(
                     u"room class-101 was not listed: no ServerSecret for “rp-saved”."_qs),
                 qPrintable(refused));
        QCOMPARE(listCalls(), 0);
        QCOMPARE(m_picker->roomEdit()->text(), u"class-101"_qs); // Enter again to retry
        Prompt::setNextSecret(kSecret);
        QSignalSpy done(m_picker.get(), &RoomPicker::roomDone);
        QTest::keyClick(m_picker->roomEdit(), Qt::Key_Return);
        QVERIFY(done.wait(30000));
        QCOMPARE(tableIds(), rooms().value(u"class-101"_qs));
        QCOMPARE(listCalls(), 1);
        QVERIFY(secrets.hasSessionSecret(u"rp-saved"_qs));
    }

    // The console as the operator uses it: a room typed in the window's Room field and Enter,
    // the picker lists it, Enter adds; Ctrl+R opens the picker on another room; the rows show
    // their room; Ctrl+Enter stops exactly them (the practice simulator's state is the judge:
    // another room's streams still record), and the history keeps each stream's room.
    void windowRoomToStop()
    {
        MainWindow window;
        window.resize(1280, 760);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(window.selectProfile(QString())); // Practice
        auto *room = window.findChild<QLineEdit *>(u"roomLine"_qs);
        QVERIFY(room);
        room->setFocus();
        const auto added = cdnrec::test::whenModal([](QWidget *modal) {
            auto *picker = qobject_cast<RoomPicker *>(modal);
            if (!picker || picker->isListing() || picker->chosen().isEmpty())
                return false;
            QTest::keyClick(picker->roomEdit(), Qt::Key_Return); // the empty field: Add
            return true;
        });
        type(room, u"8842"_qs);
        QTest::keyClick(room, Qt::Key_Return);
        QVERIFY(added->answered);
        QVERIFY(room->text().isEmpty());
        // The picker closed: a window manager gives the window back its activation (the
        // offscreen platform does not), and with it the shortcuts.
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));

        int step = 0;
        const auto viaMenu = cdnrec::test::whenModal([&step](QWidget *modal) {
            auto *picker = qobject_cast<RoomPicker *>(modal);
            if (!picker)
                return false;
            if (step++ == 0) {
                type(picker->roomEdit(), u"直播间 7"_qs);
                QTest::keyClick(picker->roomEdit(), Qt::Key_Return);
                return false;
            }
            if (picker->isListing() || picker->chosen().isEmpty())
                return false;
            QTest::keyClick(picker->roomEdit(), Qt::Key_Return);
            return true;
        });
        QTest::keyClick(window.table(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(viaMenu->answered);
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));

        const QHash<QString, QStringList> practice = SimGateway::practiceRooms();
        const QStringList listed = practice.value(u"8842"_qs) + practice.value(u"直播间 7"_qs);
        StreamTableModel *model = window.model();
        QCOMPARE(model->rowCount(), int(listed.size()));
        for (const QString &id : listed) {
            const int row = model->rowOf(id);
            QVERIFY2(row >= 0, qPrintable(id));
            const QString expected =
                practice.value(u"8842"_qs).contains(id) ? u"8842"_qs : u"直播间 7"_qs;
            QCOMPARE(model->index(row, StreamTableModel::RoomColumn).data().toString(), expected);
        }
        QVERIFY(!window.table()->isColumnHidden(StreamTableModel::RoomColumn));

        Prompt::setNextAnswer(true);
        QTest::keyClick(window.table(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(window.currentRun() && window.currentRun()->isFinished(), 30000);
        SimGateway *gateway = window.practice()->gateway();
        for (const QString &id : listed)
            QVERIFY2(!gateway->isRecording(id), qPrintable(id));
        for (const QString &id : practice.value(u"class-101"_qs))
            QVERIFY2(gateway->isRecording(id), qPrintable(id));
        const QList<History::Stream> kept =
            window.history()->streams(window.currentRun()->historyRunId());
        QCOMPARE(kept.size(), listed.size());
        for (const History::Stream &s : kept)
            QCOMPARE(s.room, model->index(model->rowOf(s.streamId), StreamTableModel::RoomColumn)
                                 .data()
                                 .toString());
        QVERIFY(cdnrec::test::shoot(&window, u"roompicker-window"_qs));
    }

    // Esc closes, even while a room is being listed; nothing is returned.
    void escCloses()
    {
        RoomPicker &picker = open();
        // A room that waits for another process's call: still listing when Esc comes.
        const quint32 appId = m_sim->gateway().config().appId;
        m_cache->look(RoomLister::cacheKey(appId, false, u"8842"_qs), 10000, 10300, true);
        type(picker.roomEdit(), u"8842"_qs);
        QTest::keyClick(picker.roomEdit(), Qt::Key_Return);
        QVERIFY(picker.isListing());
        QTest::keyClick(picker.roomEdit(), Qt::Key_Escape);
        QVERIFY(!picker.isVisible());
        QCOMPARE(picker.result(), int(QDialog::Rejected));
        m_picker.reset();
        QTest::qWait(300); // the lister's next look, had it survived, would crash here
        QCOMPARE(listCalls(), 0);
    }

    void agoWords()
    {
        QCOMPARE(RoomPicker::agoText(-3), u"just now"_qs);
        QCOMPARE(RoomPicker::agoText(2), u"just now"_qs);
        QCOMPARE(RoomPicker::agoText(45), u"45 s ago"_qs);
        QCOMPARE(RoomPicker::agoText(12 * 60 + 59), u"12 min ago"_qs);
        QCOMPARE(RoomPicker::agoText(3 * 3600 + 5), u"3 h ago"_qs);
        QCOMPARE(RoomPicker::agoText(2 * 86400 + 5), u"2 d ago"_qs);
    }

    // The picker with a few rooms asked, in English and in Chinese.
    void screenshots_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << u"en"_qs;
        QTest::newRow("zh") << u"zh_CN"_qs;
    }
    void screenshots()
    {
        QFETCH(QString, language);
        QVERIFY(installTranslations(language));
        std::unique_ptr<DictTranslator> extra;
        if (language != u"en"_qs && qEnvironmentVariableIsSet("CDNREC_EXTRA_ZH")) {
            QFile f(qEnvironmentVariable("CDNREC_EXTRA_ZH"));
            QVERIFY(f.open(QIODevice::ReadOnly));
            extra = std::make_unique<DictTranslator>(QJsonDocument::fromJson(f.readAll()).object());
            QCoreApplication::installTranslator(extra.get());
        }
        RoomListOptions o;
        o.maxAttempts = 1;
        RoomPicker &picker = open(o);
        picker.resize(820, 480);
        QVERIFY(enterRoom(u"8842"_qs));
        QVERIFY(enterRoom(u"empty-room"_qs));
        QVERIFY(enterRoom(u"r154-down"_qs));
        picker.roomEdit()->clear();
        const quint32 appId = m_sim->gateway().config().appId;
        m_cache->look(RoomLister::cacheKey(appId, false, u"直播间 7"_qs), 10000, 10300, true);
        m_clock->advanceNs(4000LL * 1000000);
        type(picker.roomEdit(), u"直播间 7"_qs);
        QTest::keyClick(picker.roomEdit(), Qt::Key_Return);
        type(picker.roomEdit(), u"class-101"_qs);
        QTest::keyClick(picker.table(), Qt::Key_Home, Qt::ControlModifier);
        QTest::keyClick(picker.table(), Qt::Key_Space);
        QVERIFY(cdnrec::test::shoot(&picker, u"roompicker-"_qs +
                                                 (language == u"en"_qs ? u"en"_qs : u"zh"_qs)));
        m_picker.reset();
        if (extra)
            QCoreApplication::removeTranslator(extra.get());
        installTranslations(u"en"_qs);
    }
};

QTEST_MAIN(TestRoomPicker)
#include "test_roompicker.moc"
