// SPDX-License-Identifier: GPL-3.0-or-later
#include "roompicker.h"

#include "plaintext.h"
#include "practiceendpoint.h"
#include "profilebar.h"
#include "prompt.h"
#include "windowtext.h"
#include <model/clock.h>
#include <model/profile.h>
#include <store/profilestore.h>
#include <store/roomlistcache.h>
#include <store/secretstore.h>

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QStandardItemModel>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace cdnrec {

namespace {

constexpr qint64 kMsNs = 1000000;

enum Column
{
    StreamColumn,
    RoomColumn,
    UserColumn,
    CreatedColumn,
    ReadAtColumn,
    ColumnCount
};

// Who publishes: the name and the ID when both are said and differ.
QString userText(const ListedStream &s)
{
    if (s.userName.isEmpty() || s.userName == s.userId)
        return s.userId.isEmpty() ? s.userName : s.userId;
    if (s.userId.isEmpty())
        return s.userName;
    return QStringLiteral("%1 (%2)").arg(s.userName, s.userId);
}

QString clockText(qint64 unixMs)
{
    return QDateTime::fromMSecsSinceEpoch(unixMs).toString(QStringLiteral("HH:mm:ss"));
}

QStandardItem *cell(const QString &text, const QString &tip = QString())
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    if (!tip.isEmpty())
        item->setToolTip(asWritten(tip));
    return item;
}

} // namespace

// --- RoomSource ----------------------------------------------------------------------------

std::optional<RoomSource> RoomSource::of(const QString &profileName, ProfileStore *profiles,
                                         SecretStore *secrets, PracticeEndpoint *practice,
                                         QString *problem)
{
    RoomSource s;
    if (profileName.isEmpty()) {
        if (!practice->start()) {
            *problem = WindowText::tr("The practice simulator could not listen on 127.0.0.1.");
            return std::nullopt;
        }
        s.label = ProfileBar::practiceText();
        s.target.endpoint = practice->url();
        s.target.appId = practice->appId();
        s.target.secret = practice->secret();
        return s;
    }
    const std::optional<Profile> profile = profiles->find(profileName);
    if (!profile) {
        *problem = WindowText::tr("The profile “%1” no longer exists.").arg(profileName);
        return std::nullopt;
    }
    s.label = profile->name;
    s.target = RoomListTarget::forProfile(*profile, QString());
    s.profile = profile->name;
    s.secrets = secrets;
    return s;
}

// --- RoomPicker ----------------------------------------------------------------------------

RoomPicker::RoomPicker(RoomSource source, QWidget *parent)
    : QDialog(parent), m_source(std::move(source)), m_limiter(&RoomLister::listLimiter()),
      m_cache(&RoomListFileCache::shared()), m_clock(&SystemClock::shared())
{
    setObjectName(QStringLiteral("RoomPicker"));
    buildUi();
    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &RoomPicker::refreshWaits);
    updateAdd();
    updateBusy();
    m_room->setFocus();
}

RoomPicker::~RoomPicker()
{
    // The listers abort their calls as they go; nothing of theirs may reach a half-gone dialog.
    for (const QPointer<RoomLister> &lister : std::as_const(m_listers)) {
        if (lister)
            lister->disconnect(this);
    }
    m_source.target.secret.fill(QLatin1Char('\0'));
}

void RoomPicker::buildUi()
{
    setWindowTitle(tr("Find streams in room"));
    auto *layout = new QVBoxLayout(this);
    auto *where = plainLabel(new QLabel(
        WindowText::tr("Profile: %1").arg(m_source.label) + QStringLiteral("   ") +
            WindowText::tr("AppId: %1").arg(m_source.target.appId) + QStringLiteral("   ") +
            WindowText::tr("Endpoint: %1").arg(m_source.target.endpoint.host()),
        this));
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(where);

    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("&Room:"), this);
    m_room = new QLineEdit(this);
    m_room->setObjectName(QStringLiteral("roomField"));
    m_room->setPlaceholderText(tr("a room ID, then Enter"));
    m_room->setAccessibleName(tr("Room ID"));
    m_room->setClearButtonEnabled(true);
    m_room->installEventFilter(this);
    label->setBuddy(m_room);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setTextVisible(false);
    m_busy->setAccessibleName(tr("Listing"));
    row->addWidget(label);
    row->addWidget(m_room, 1);
    row->addWidget(m_busy);
    layout->addLayout(row);

    auto *hint = plainLabel(new QLabel(
        tr("Enter lists the room's streams as ZEGO has them now; type the next room and press "
           "Enter again. With the field empty, Enter adds the checked streams. Space checks or "
           "unchecks the selected rows, Ctrl+A checks all."),
        this));
    hint->setWordWrap(true);
    layout->addWidget(hint);

    m_lines = new QListWidget(this);
    m_lines->setObjectName(QStringLiteral("roomLines"));
    m_lines->setAccessibleName(tr("Rooms asked"));
    m_lines->setFocusPolicy(Qt::NoFocus);
    m_lines->setWordWrap(true);
    m_lines->setIconSize(QSize(16, 16));
    m_lines->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_lines->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_lines->hide();
    layout->addWidget(m_lines);

    buildTable(layout);
    buildButtons(layout);
    resize(760, 460);
}

void RoomPicker::buildTable(QVBoxLayout *layout)
{
    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels(
        {tr("Stream ID"), tr("Room"), tr("User"), tr("Created"), tr("Read at")});
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("roomStreams"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false); // Tab goes on to Add, as in any dialog
    m_table->verticalHeader()->hide();
    m_table->setAccessibleName(tr("The rooms' streams"));
    m_table->installEventFilter(this);
    layout->addWidget(m_table, 1);
    connect(m_model, &QStandardItemModel::itemChanged, this, &RoomPicker::updateAdd);
}

void RoomPicker::buildButtons(QVBoxLayout *layout)
{

    auto *buttons = new QDialogButtonBox(this);
    m_count = plainLabel(new QLabel(this));
    m_add = buttons->addButton(tr("&Add"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (checkedCount() > 0)
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_count, 1);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);
}

std::optional<QList<RoomStream>> RoomPicker::pick(QWidget *parent, const RoomSource &source,
                                                  const QString &room)
{
    RoomPicker picker(source, parent);
    if (!room.trimmed().isEmpty())
        picker.listRoom(room);
    if (picker.exec() != QDialog::Accepted)
        return std::nullopt;
    return picker.chosen();
}

QString RoomPicker::cacheKey(const QString &room) const
{
    return RoomLister::cacheKey(m_source.target.appId, m_source.target.isTest, room);
}

// --- listing -------------------------------------------------------------------------------

void RoomPicker::listRoom(const QString &typed)
{
    // As the lister takes it: trimmed, unless only spaces (which it refuses in words).
    const QString room = typed.trimmed().isEmpty() ? typed : typed.trimmed();
    if (room.isEmpty() || m_listers.contains(room) || m_awaitingSecret.contains(room))
        return;
    setLine(room, tr("listing room %1…").arg(room), Tone::Busy);
    withSecret(room);
    updateBusy();
}

void RoomPicker::withSecret(const QString &room)
{
    if (!m_source.target.secret.isEmpty() || !m_source.secrets) {
        startLister(room);
        return;
    }
    m_awaitingSecret.append(room);
    if (m_readingSecret)
        return;
    m_readingSecret = true;
    setLine(
        room,
        WindowText::tr("Reading the ServerSecret of “%1” from the keyring…").arg(m_source.profile),
        Tone::Busy);
    m_source.secrets->read(m_source.profile, this, [this](const SecretStore::Result &r) {
        if (r.ok()) {
            onSecret(true, r.secret, QString());
            return;
        }
        // Where the secret is, said once by the store that knows; asked as a run asks.
        const QString typed = Prompt::secret(this, WindowText::tr("ServerSecret needed"),
                                             m_source.secrets->askText(m_source.profile));
        if (!typed.isEmpty())
            m_source.secrets->setSessionSecret(m_source.profile, typed);
        onSecret(!typed.isEmpty(), typed, m_source.secrets->whereText(m_source.profile));
    });
}

void RoomPicker::onSecret(bool ok, const QString &secret, const QString &why)
{
    m_readingSecret = false;
    const QStringList rooms = std::exchange(m_awaitingSecret, {});
    if (ok)
        m_source.target.secret = secret;
    for (const QString &room : rooms) {
        if (ok) {
            setLine(room, tr("listing room %1…").arg(room), Tone::Busy);
            startLister(room);
        } else {
            setLine(room,
                    tr("room %1 was not listed: no ServerSecret for “%2”. %3")
                        .arg(room, m_source.profile, why),
                    Tone::Problem);
            if (m_room->text().isEmpty())
                m_room->setText(room);
            Q_EMIT roomDone(room);
        }
    }
    updateBusy();
}

void RoomPicker::startLister(const QString &room)
{
    auto *lister = new RoomLister(m_source.target, m_options, this);
    lister->setRateLimiter(m_limiter);
    lister->setCache(m_cache);
    m_listers.insert(room, lister);
    connect(lister, &RoomLister::roomListed, this, &RoomPicker::onListed);
    // The lister says once when it waits for the room's 10 s: its wait, counted down here.
    connect(lister, &RoomLister::notice, this, [this, room] { noteWait(room); });
    connect(lister, &RoomLister::finished, this, [this, room] { onListerFinished(room); });
    noteWait(room);
    lister->list({room});
}

void RoomPicker::noteWait(const QString &room)
{
    const qint64 spacingMs = m_options.roomIntervalMs + RoomLister::kRoomHeadroomMs;
    const RoomListCache::Look look =
        m_cache->look(cacheKey(room), m_options.roomIntervalMs, spacingMs, false);
    if (look.verdict != RoomListCache::Look::Verdict::Wait)
        return;
    m_waitUntilNs.insert(room, m_clock->monotonicNs() + look.waitMs * kMsNs);
    refreshWaits();
    m_tick->start();
}

void RoomPicker::refreshWaits()
{
    const qint64 now = m_clock->monotonicNs();
    for (auto it = m_waitUntilNs.begin(); it != m_waitUntilNs.end();) {
        const qint64 leftMs = (it.value() - now) / kMsNs;
        if (leftMs <= 0) {
            setLine(it.key(), tr("listing room %1…").arg(it.key()), Tone::Busy);
            it = m_waitUntilNs.erase(it);
            continue;
        }
        const qint64 secs = (leftMs + 999) / 1000;
        setLine(it.key(),
                tr("waiting %1 s to list room %2 again (ZEGO lists a room at most once in %3 s)")
                    .arg(QString::number(secs), it.key(),
                         QString::number(m_options.roomIntervalMs / 1000.0)),
                Tone::Busy);
        ++it;
    }
    if (m_waitUntilNs.isEmpty())
        m_tick->stop();
}

void RoomPicker::onListed(const RoomListing &listing)
{
    m_waitUntilNs.remove(listing.room);
    if (listing.hasList()) {
        replaceRows(listing.room, listing);
        setLine(listing.room, doneText(listing),
                listing.streams.isEmpty() ? Tone::Empty : Tone::Done);
    } else {
        // The rows already listed stay; the room goes back into the field for another Enter.
        QString why = listing.error;
        while (why.endsWith(u'.'))
            why.chop(1);
        setLine(listing.room,
                tr("room %1 was not listed: %2. Nothing was added; press Enter to try again.")
                    .arg(listing.room, why),
                Tone::Problem);
        if (m_room->text().isEmpty())
            m_room->setText(listing.room);
    }
    Q_EMIT roomDone(listing.room);
}

void RoomPicker::onListerFinished(const QString &room)
{
    if (QPointer<RoomLister> lister = m_listers.take(room))
        lister->deleteLater();
    updateBusy();
}

QString RoomPicker::doneText(const RoomListing &listing) const
{
    const QString age = listing.status == RoomListing::Status::Reused
                            ? tr("listed %1 s ago (ZEGO lists a room at most once in %2 s)")
                                  .arg(qMax<qint64>(0, listing.ageMs / 1000))
                                  .arg(m_options.roomIntervalMs / 1000.0)
                            : tr("read at %1").arg(clockText(listing.readAtMs));
    if (listing.streams.isEmpty())
        return tr("no streams published in room %1 now; %2").arg(listing.room, age);
    return tr("room %1: %n stream(s), %2", nullptr, int(listing.streams.size()))
        .arg(listing.room, age);
}

// --- the rows ------------------------------------------------------------------------------

void RoomPicker::replaceRows(const QString &room, const RoomListing &listing)
{
    // A room listed again: its rows give way to the new list; a stream unchecked stays so.
    QSet<QString> unchecked;
    int at = -1;
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (m_rows.at(row).room != room)
            continue;
        if (m_model->item(row, StreamColumn)->checkState() != Qt::Checked)
            unchecked.insert(m_rows.at(row).stream.streamId);
        m_model->removeRow(row);
        m_rows.removeAt(row);
        at = row;
    }
    if (at < 0)
        at = int(m_rows.size());
    const qint64 now = m_clock->wallSecs();
    for (const ListedStream &s : listing.streams) {
        auto *id = cell(s.streamId, s.streamId);
        id->setCheckable(true);
        id->setCheckState(unchecked.contains(s.streamId) ? Qt::Unchecked : Qt::Checked);
        const QString created =
            s.createTime > 0 ? QDateTime::fromSecsSinceEpoch(s.createTime).toString(Qt::ISODate)
                             : QString();
        const QList<QStandardItem *> items{
            id, cell(room, room), cell(userText(s), userText(s)),
            cell(s.createTime > 0 ? agoText(now - s.createTime) : tr("not said"), created),
            cell(clockText(listing.readAtMs),
                 QDateTime::fromMSecsSinceEpoch(listing.readAtMs).toString(Qt::ISODate))};
        m_model->insertRow(at, items);
        m_rows.insert(at, RoomStream{room, s, listing.readAtMs});
        ++at;
    }
    fitColumns();
    updateAdd();
}

QList<RoomStream> RoomPicker::chosen() const
{
    QList<RoomStream> out;
    QSet<QString> seen;
    for (int row = 0; row < int(m_rows.size()); ++row) {
        const RoomStream &r = m_rows.at(row);
        if (m_model->item(row, StreamColumn)->checkState() != Qt::Checked ||
            seen.contains(r.stream.streamId))
            continue;
        seen.insert(r.stream.streamId);
        out.append(r);
    }
    return out;
}

int RoomPicker::checkedCount() const
{
    return int(chosen().size());
}

void RoomPicker::toggleSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_table->currentIndex().isValid())
        rows.append(m_table->currentIndex().row());
    if (rows.isEmpty())
        return;
    // One state for all: checked unless every one of them is checked already.
    bool allChecked = true;
    for (const int row : rows)
        allChecked = allChecked && m_model->item(row, StreamColumn)->checkState() == Qt::Checked;
    for (const int row : rows)
        m_model->item(row, StreamColumn)->setCheckState(allChecked ? Qt::Unchecked : Qt::Checked);
}

void RoomPicker::checkAll()
{
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_model->item(row, StreamColumn)->setCheckState(Qt::Checked);
    m_table->selectAll();
}

void RoomPicker::updateAdd()
{
    const int count = checkedCount();
    m_add->setText(count > 0 ? tr("&Add %n stream(s)", nullptr, count) : tr("&Add"));
    m_add->setEnabled(count > 0);
    // Enter in an empty field adds what is checked; with nothing checked it does nothing.
    m_add->setDefault(count > 0);
    m_add->setAutoDefault(count > 0);
    m_count->setText(
        m_rows.isEmpty()
            ? QString()
            : tr("%1 of %n stream(s) checked", nullptr, int(m_rows.size())).arg(count));
}

void RoomPicker::updateBusy()
{
    m_busy->setVisible(isListing());
}

bool RoomPicker::isListing() const
{
    return !m_listers.isEmpty() || !m_awaitingSecret.isEmpty();
}

// --- the rooms' lines ----------------------------------------------------------------------

void RoomPicker::setLine(const QString &room, const QString &text, Tone tone)
{
    QListWidgetItem *item = m_lineOf.value(room);
    if (!item) {
        item = new QListWidgetItem(m_lines);
        m_lineOf.insert(room, item);
        m_lines->show();
    }
    item->setText(text);
    item->setToolTip(asWritten(text));
    static const QStyle::StandardPixmap icons[] = {
        QStyle::SP_BrowserReload, QStyle::SP_DialogApplyButton, QStyle::SP_MessageBoxInformation,
        QStyle::SP_MessageBoxWarning};
    item->setIcon(style()->standardIcon(icons[int(tone)]));
    fitLines();
    // Again once the list has laid the new line out (wrapped at its final width).
    QTimer::singleShot(0, this, &RoomPicker::fitLines);
    m_lines->scrollToItem(item);
}

void RoomPicker::fitLines()
{
    // Every room's line in sight, up to about six lines of text; more scroll.
    int height = 0;
    for (int i = 0; i < m_lines->count(); ++i)
        height +=
            qMax(m_lines->sizeHintForRow(i), m_lines->visualItemRect(m_lines->item(i)).height()) +
            2 * m_lines->spacing();
    const int most = m_lines->fontMetrics().lineSpacing() * 6;
    m_lines->setFixedHeight(qMin(height, most) + 2 * m_lines->frameWidth() + 4);
}

void RoomPicker::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    // Wrapped anew, and the columns shared anew, at the new width.
    QTimer::singleShot(0, this, [this] {
        if (m_lines->count() > 0)
            fitLines();
        fitColumns();
    });
}

void RoomPicker::fitColumns()
{
    // The others fit their contents; the stream ID takes the rest (at least its own width).
    QHeaderView *header = m_table->horizontalHeader();
    int others = 0;
    for (int column = StreamColumn + 1; column < ColumnCount; ++column) {
        m_table->resizeColumnToContents(column);
        others += header->sectionSize(column);
    }
    m_table->resizeColumnToContents(StreamColumn);
    const int own = header->sectionSize(StreamColumn);
    header->resizeSection(StreamColumn, qMax(own, m_table->viewport()->width() - others));
}

QString RoomPicker::roomLine(const QString &room) const
{
    const QListWidgetItem *item = m_lineOf.value(room);
    return item ? item->text() : QString();
}

QStringList RoomPicker::roomLines() const
{
    QStringList out;
    for (int i = 0; i < m_lines->count(); ++i)
        out.append(m_lines->item(i)->text());
    return out;
}

QString RoomPicker::agoText(qint64 seconds)
{
    if (seconds < 5)
        return tr("just now");
    if (seconds < 60)
        return tr("%1 s ago").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min ago").arg(seconds / 60);
    if (seconds < 86400)
        return tr("%1 h ago").arg(seconds / 3600);
    return tr("%1 d ago").arg(seconds / 86400);
}

// --- keys ----------------------------------------------------------------------------------

bool RoomPicker::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QDialog::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (watched == m_room && enter && key->modifiers() == Qt::NoModifier &&
        !m_room->text().isEmpty()) {
        // Enter lists the typed room (the dialog's default button stays for an empty field).
        const QString room = m_room->text();
        m_room->clear();
        listRoom(room);
        return true;
    }
    if (watched == m_table && key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
        toggleSelected();
        return true;
    }
    if (watched == m_table && key->matches(QKeySequence::SelectAll)) {
        checkAll();
        return true;
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace cdnrec
