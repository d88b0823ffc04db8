// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <engine/roomlister.h>

#include <QDialog>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QStringList>

#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QTimer;
class QVBoxLayout;

namespace cdnrec {

class Clock;
class PracticeEndpoint;
class ProfileStore;
class RateLimiter;
class SecretStore;

// One stream the operator chose in the picker, with the room it was listed in.
struct RoomStream
{
    QString room;
    ListedStream stream;
    qint64 readAtMs = 0; // when the gateway's list was read (Unix ms)
};

// Where the picker's list calls go: the console's current profile, signed as its runs are.
struct RoomSource
{
    QString label;         // who signs, as the profile bar names it (Practice, a profile's name)
    RoomListTarget target; // endpoint, AppId, IsTest; the secret when known already (Practice)
    // A saved profile's name ("" for Practice): when the target has no secret, it is read from
    // `secrets` (or asked for, and kept for the session, as a run does) before the first call.
    QString profile;
    SecretStore *secrets = nullptr;

    // The console's current profile ("" for Practice, which is started here). None, and
    // *problem in a sentence, when the profile is gone or Practice cannot listen.
    static std::optional<RoomSource> of(const QString &profileName, ProfileStore *profiles,
                                        SecretStore *secrets, PracticeEndpoint *practice,
                                        QString *problem);
};

// "Find streams in room": the operator types a room ID and presses Enter; the room's streams
// (DescribeSimpleStreamList, through RoomLister) appear in a table, all checked: stream ID,
// room, user, created ("12 min ago"), read at. Several rooms one after another, each on Enter;
// a room listed again replaces its rows (checks kept). Each room has a line that says how it
// went: listing, waiting for ZEGO's 10 s per room ("waiting 6 s to list room X again"), an
// answer reused ("listed 4 s ago"), "no streams published in room X now", or why it was not
// listed (154, the network: the rows already there stay, the room goes back into the field).
// Keys: Enter in the field lists it (in an empty field: Add); Space checks or unchecks the
// selected rows; Ctrl+A checks all; Esc closes. Add is the default button only while something
// is checked, and returns the checked streams, each stream ID once, in the table's order.
//
// The main window: `if (auto s = RoomSource::of(...)) if (auto chosen = RoomPicker::pick(this,
// *s, room)) ...add each chosen stream ID with its room...`
class RoomPicker final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoomPicker)
public:
    explicit RoomPicker(RoomSource source, QWidget *parent = nullptr);
    ~RoomPicker() override;

    // Modal: lists `room` at once when given; the chosen streams, or none when closed without
    // Add.
    static std::optional<QList<RoomStream>> pick(QWidget *parent, const RoomSource &source,
                                                 const QString &room = QString());

    // As Enter in the field: lists the room (a room still being listed is not asked twice).
    void listRoom(const QString &room);
    // The checked rows, each stream ID once (the first room that listed it), in table order.
    QList<RoomStream> chosen() const;
    // A room is being listed or waits for its turn (or for the secret).
    bool isListing() const;
    // Each room's line, in the order the rooms were asked: "8842: 3 streams, read at 14:02:11".
    QStringList roomLines() const;
    QString roomLine(const QString &room) const;

    QLineEdit *roomEdit() const { return m_room; }
    QTableView *table() const { return m_table; }
    QPushButton *addButton() const { return m_add; }

    // Injection points, set before the first room; the defaults are the process's: the list
    // pace (RoomLister::listLimiter()), the 10-s cache (RoomListFileCache::shared(): every cdnrec
    // of this user, the command line too, keeps each room's 10 s together), the lister's options,
    // and the clock that words ages and counts the wait down.
    void setRateLimiter(RateLimiter *limiter) { m_limiter = limiter; }
    void setCache(RoomListCache *cache) { m_cache = cache; }
    void setListOptions(const RoomListOptions &options) { m_options = options; }
    void setClock(const Clock *clock) { m_clock = clock; }

    // "just now", "45 s ago", "12 min ago", "3 h ago", "2 d ago".
    static QString agoText(qint64 seconds);

Q_SIGNALS:
    // A room's listing ended (listed, reused, empty or failed): its line says how.
    void roomDone(const QString &room);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    enum class Tone
    {
        Busy,
        Done,
        Empty,
        Problem
    };
    void buildUi();
    void buildTable(QVBoxLayout *layout);
    void buildButtons(QVBoxLayout *layout);
    void withSecret(const QString &room);
    void onSecret(bool ok, const QString &secret, const QString &why);
    void startLister(const QString &room);
    void noteWait(const QString &room);
    void onListed(const RoomListing &listing);
    void onListerFinished(const QString &room);
    void replaceRows(const QString &room, const RoomListing &listing);
    QString doneText(const RoomListing &listing) const;
    void setLine(const QString &room, const QString &text, Tone tone);
    void fitLines();
    void fitColumns();
    void refreshWaits();
    void toggleSelected();
    void checkAll();
    int checkedCount() const;
    void updateAdd();
    void updateBusy();
    QString cacheKey(const QString &room) const;

    RoomSource m_source;
    RoomListOptions m_options;
    RateLimiter *m_limiter = nullptr;
    RoomListCache *m_cache = nullptr;
    const Clock *m_clock = nullptr;

    QLineEdit *m_room = nullptr;
    QProgressBar *m_busy = nullptr;
    QListWidget *m_lines = nullptr;
    QTableView *m_table = nullptr;
    QStandardItemModel *m_model = nullptr;
    QLabel *m_count = nullptr;
    QPushButton *m_add = nullptr;
    QTimer *m_tick = nullptr;

    QList<RoomStream> m_rows; // the model's rows, in order
    QHash<QString, QListWidgetItem *> m_lineOf;
    QHash<QString, QPointer<RoomLister>> m_listers; // rooms being listed
    QHash<QString, qint64> m_waitUntilNs;           // rooms waiting for their 10 s (m_clock)
    QStringList m_awaitingSecret;                   // rooms asked while the secret is read
    bool m_readingSecret = false;
};

} // namespace cdnrec
