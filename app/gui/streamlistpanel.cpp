// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamlistpanel.h"

#include "detailspane.h"
#include "middleelided.h"
#include "plaintext.h"
#include "profilebar.h"
#include "prompt.h"
#include "roompicker.h"
#include "runcontroller.h"
#include "streamfilterproxy.h"
#include "streamidedit.h"
#include "streamtablemodel.h"
#include "windowtext.h"
#include <model/safefile.h>
#include <store/settings.h>

#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace cdnrec {

StreamListPanel::StreamListPanel(StreamTableModel *model, StreamFilterProxy *proxy,
                                 RunController *runs, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(proxy), m_runs(runs)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buildListRow());
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setTextFormat(Qt::PlainText);
    // A long line wraps: it never widens the window.
    m_summary->setWordWrap(true);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(m_summary);
    layout->addWidget(buildTable(), 1);
    connectWidgets();
}

QList<QWidget *> StreamListPanel::listFocusChain() const
{
    return {m_addLine, m_addButton,          m_roomLine,
            m_table,   m_details->browser(), m_details->copyButton()};
}

QList<QWidget *> StreamListPanel::filterFocusChain() const
{
    return {m_filter, m_failedOnly};
}

QLayout *StreamListPanel::buildListRow()
{
    // The list: add, filter.
    auto *edit = new QHBoxLayout;
    m_addLine = new StreamIdEdit(this);
    m_addLine->setObjectName(QStringLiteral("addLine"));
    m_addLine->setClearButtonEnabled(true);
    m_addButton = new QPushButton(this);
    m_addButton->setObjectName(QStringLiteral("add"));
    m_addButton->setAutoDefault(false);
    m_roomLine = new QLineEdit(this);
    m_roomLine->setObjectName(QStringLiteral("roomLine"));
    m_roomLine->setClearButtonEnabled(true);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);
    m_failedOnly = new QCheckBox(this);
    m_failedOnly->setObjectName(QStringLiteral("failedOnly"));
    m_shown = plainLabel(new QLabel(this));
    m_shown->setObjectName(QStringLiteral("shownCount"));
    edit->addWidget(m_addLine, 3);
    edit->addWidget(m_addButton);
    edit->addSpacing(8);
    edit->addWidget(m_roomLine, 1);
    edit->addSpacing(16);
    edit->addWidget(m_filter, 2);
    edit->addWidget(m_failedOnly);
    edit->addWidget(m_shown);
    return edit;
}

QWidget *StreamListPanel::buildTable()
{
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_table = new QTableView(m_splitter);
    m_table->setObjectName(QStringLiteral("streams"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // input order until a header is clicked
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // Tab leaves the table for the details pane instead of hopping from cell to cell.
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->verticalHeader()->hide();
    // Cut at the end, the whole text in the tooltip: "HTTP 500 I…rver Error" read as nonsense.
    m_table->setTextElideMode(Qt::ElideRight);
    // The request IDs of one run share their beginning: cut in the middle, both ends show.
    for (int column : {StreamTableModel::VendorRequestIdColumn, StreamTableModel::RequestIdColumn})
        m_table->setItemDelegateForColumn(column, new MiddleElided(m_table));
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(StreamTableModel::MessageColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(48);
    header->setResizeContentsPrecision(200); // sizing to contents reads 200 rows, not 100,000
    // Until a run fills them, the short columns stay narrow so that the message has room.
    m_table->setColumnWidth(StreamTableModel::StreamIdColumn, 180);
    m_table->setColumnWidth(StreamTableModel::StatusColumn, 100);
    m_table->setColumnWidth(StreamTableModel::CodeColumn, 90);
    m_table->setColumnWidth(StreamTableModel::VendorRequestIdColumn, 130);
    m_table->setColumnWidth(StreamTableModel::RequestIdColumn, 130);
    m_table->setColumnWidth(StreamTableModel::AttemptsColumn, 70);
    m_table->setColumnWidth(StreamTableModel::RoomColumn, 110);
    m_table->setColumnHidden(StreamTableModel::RoomColumn, true); // until a room's streams come

    m_details = new DetailsPane(m_splitter);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({900, 300});
    return m_splitter;
}

void StreamListPanel::connectWidgets()
{
    connect(m_addLine, &QLineEdit::returnPressed, this, &StreamListPanel::addFromLine);
    connect(m_addLine, &StreamIdEdit::textPasted, this, &StreamListPanel::addText);
    connect(m_addButton, &QPushButton::clicked, this, &StreamListPanel::addFromLine);
    connect(m_addLine, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (const bool typed = !text.trimmed().isEmpty(); typed != m_typed) {
            m_typed = typed;
            Q_EMIT typedChanged(typed);
        }
    });
    connect(m_roomLine, &QLineEdit::returnPressed, this, [this] {
        const QString room = m_roomLine->text();
        if (room.trimmed().isEmpty())
            return;
        m_roomLine->clear();
        Q_EMIT roomEntered(room);
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &StreamListPanel::updateRoomColumn);
    connect(m_model, &QAbstractItemModel::modelReset, this, &StreamListPanel::updateRoomColumn);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &StreamFilterProxy::setText);
    connect(m_failedOnly, &QCheckBox::toggled, m_proxy, &StreamFilterProxy::setNeedsRetryOnly);
    // The pane follows the selection (what Ctrl+C, Delete and Retry act on), not the focus.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateDetails();
        Q_EMIT changed();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &StreamListPanel::updateDetails);
    connect(m_proxy, &StreamFilterProxy::countsChanged, this, &StreamListPanel::updateShownCount);
}

void StreamListPanel::retranslate()
{
    m_addLine->setPlaceholderText(WindowText::tr("Type or paste stream IDs, then Enter"));
    m_addLine->setAccessibleName(WindowText::tr("Add stream IDs"));
    m_addButton->setText(WindowText::tr("&Add"));
    m_addButton->setAccessibleName(WindowText::tr("Add the typed stream IDs"));
    m_roomLine->setPlaceholderText(WindowText::tr("Room ID, then Enter"));
    m_roomLine->setToolTip(
        WindowText::tr("Lists the streams published in a room now, to add them (Ctrl+R)"));
    m_roomLine->setAccessibleName(WindowText::tr("Find streams in room"));
    m_filter->setPlaceholderText(WindowText::tr("Filter by stream ID (Ctrl+F, Esc clears)"));
    m_filter->setAccessibleName(WindowText::tr("Filter"));
    m_failedOnly->setText(WindowText::tr("Failed and &unknown only"));
    m_failedOnly->setAccessibleName(WindowText::tr("Show only failed and unknown streams"));
    m_table->setAccessibleName(WindowText::tr("Streams and their outcomes"));
    m_details->retranslate();
    m_summary->setAccessibleName(WindowText::tr("Summary"));
    m_shown->setAccessibleName(WindowText::tr("Rows shown"));
    m_model->retranslate();
    if (m_summary->text().isEmpty() || m_summary->text() == m_lastSummary)
        report(QString(), 0, 0, 0);
    updateShownCount();
    updateDetails();
}

// --- the list ----------------------------------------------------------------------------------

void StreamListPanel::addText(const QString &text)
{
    const auto r = m_model->addText(text);
    QString what = r.added ? WindowText::tr("Added %n stream ID(s)", nullptr, r.added)
                           : WindowText::tr("Nothing new added");
    report(what, r.duplicates, r.invalid, r.warnings);
}

void StreamListPanel::addRoomStreams(const QList<RoomStream> &streams)
{
    QList<QPair<QString, QString>> listed;
    QStringList rooms;
    for (const RoomStream &s : streams) {
        listed.append({s.stream.streamId, s.room});
        if (!rooms.contains(s.room))
            rooms.append(s.room);
    }
    const auto r = m_model->addListed(listed);
    updateRoomColumn();
    const QString what =
        r.added ? WindowText::tr("Added %n stream ID(s) from room %1", nullptr, r.added)
                      .arg(rooms.join(QStringLiteral(", ")))
                : WindowText::tr("Nothing new added");
    report(what, r.duplicates, r.invalid, r.warnings);
}

void StreamListPanel::updateRoomColumn()
{
    m_table->setColumnHidden(StreamTableModel::RoomColumn, !m_model->hasRooms());
}

void StreamListPanel::addFromLine()
{
    if (m_addLine->text().trimmed().isEmpty())
        return;
    addText(m_addLine->text());
    m_addLine->clear();
}

void StreamListPanel::paste()
{
    const QString text = QGuiApplication::clipboard()->text();
    if (text.trimmed().isEmpty()) {
        report(WindowText::tr("The clipboard holds no text"), 0, 0, 0);
        return;
    }
    addText(text);
}

bool StreamListPanel::importFile(const QString &path)
{
    QString error;
    const auto items = StreamIds::parseFile(path, &error);
    if (!error.isEmpty()) {
        Q_EMIT problem(error);
        return false;
    }
    const auto r = m_model->addItems(items);
    report(WindowText::tr("Imported %n stream ID(s) from %1", nullptr, r.added)
               .arg(QFileInfo(path).fileName()),
           r.duplicates, r.invalid, r.warnings);
    return true;
}

void StreamListPanel::importDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        window(), WindowText::tr("Import stream IDs"), Settings::lastDirectory(),
        WindowText::tr("Stream ID lists (*.txt *.csv *.tsv);;All files (*)"));
    if (path.isEmpty())
        return;
    Settings::setLastDirectory(QFileInfo(path).absolutePath());
    importFile(path);
}

bool StreamListPanel::exportResults(const QString &path)
{
    int rows = 0;
    const QByteArray bytes =
        m_runs->exportDocument(path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive), &rows);
    QString error;
    if (!writeWholeFile(path, bytes, &error)) {
        Q_EMIT problem(
            WindowText::tr("Could not write %1: %2").arg(QFileInfo(path).fileName(), error));
        return false;
    }
    report(
        WindowText::tr("Exported %n row(s) to %1", nullptr, rows).arg(QFileInfo(path).fileName()),
        0, 0, 0);
    return true;
}

void StreamListPanel::exportDialog()
{
    const QString name =
        QStringLiteral("cdnrec-%1.csv")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = QFileDialog::getSaveFileName(
        window(), WindowText::tr("Export results"), QDir(Settings::lastDirectory()).filePath(name),
        WindowText::tr("CSV (*.csv);;JSON (*.json)"));
    if (path.isEmpty())
        return;
    Settings::setLastDirectory(QFileInfo(path).absolutePath());
    exportResults(path);
}

void StreamListPanel::copySelection() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    QStringList lines;
    for (const QModelIndex &proxyRow : rows) {
        QStringList cells;
        for (int c = 0; c < StreamTableModel::ColumnCount; ++c)
            cells << m_proxy->index(proxyRow.row(), c).data().toString();
        lines << cells.join(u'\t');
    }
    if (!lines.isEmpty())
        QGuiApplication::clipboard()->setText(lines.join(u'\n') + u'\n');
}

void StreamListPanel::deleteSelected()
{
    if (m_runs->isRunning())
        return;
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return;
    m_model->removeStreamRows(rows);
    report(WindowText::tr("Removed %n row(s)", nullptr, int(rows.size())), 0, 0, 0);
}

void StreamListPanel::clearAll()
{
    if (m_runs->isRunning() || m_model->rowCount() == 0)
        return;
    if (!Prompt::confirm(window(), WindowText::tr("Clear the list"),
                         WindowText::tr("Remove all %n stream(s) and their outcomes from the list?",
                                        nullptr, m_model->rowCount()),
                         WindowText::tr("Clear"), true))
        return;
    m_model->clearAll();
    m_runs->forgetRows();
    m_details->forgetCalls();
    Q_EMIT cleared();
    report(QString(), 0, 0, 0);
    updateDetails();
    // The list is empty: what comes next is typing IDs.
    m_addLine->setFocus(Qt::OtherFocusReason);
}

void StreamListPanel::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

QList<int> StreamListPanel::selectedSourceRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    rows.reserve(selected.size());
    for (const QModelIndex &i : selected)
        rows.append(m_proxy->mapToSource(i).row());
    return rows;
}

bool StreamListPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Esc in a filter with text clears it, before the window's Esc (Cancel) sees the key.
    if (watched == m_filter && !m_filter->text().isEmpty()) {
        if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
            if (static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
                event->accept();
                if (event->type() == QEvent::KeyPress)
                    m_filter->clear();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

// --- the summary line --------------------------------------------------------------------------

void StreamListPanel::report(const QString &what, int duplicates, int invalid, int warnings)
{
    QStringList parts;
    if (!what.isEmpty())
        parts << what;
    if (duplicates)
        parts << WindowText::tr(
            "%n duplicate(s) skipped (each ID is listed once, with its outcome)", nullptr,
            duplicates);
    if (invalid)
        parts << WindowText::tr("%n invalid: hover for the reason; never sent", nullptr, invalid);
    if (warnings)
        parts << WindowText::tr("%n outside ZEGO's ID rule (sent anyway)", nullptr, warnings);
    const QString total = WindowText::tr("%n stream(s) in the list", nullptr, m_model->rowCount());
    m_lastSummary =
        parts.isEmpty() ? total : parts.join(QStringLiteral(" · ")) + QStringLiteral(" · ") + total;
    m_summary->setText(m_lastSummary);
    Q_EMIT changed();
}

void StreamListPanel::showOutcome(const QString &text)
{
    m_lastSummary = text;
    m_summary->setText(text);
}

void StreamListPanel::setSummary(const QString &text)
{
    m_summary->setText(text);
}

QString StreamListPanel::summaryText() const
{
    return m_summary->text();
}

// --- the details and the columns ---------------------------------------------------------------

void StreamListPanel::updateShownCount()
{
    const int shown = m_proxy->shownCount();
    const int total = m_proxy->totalCount();
    m_shown->setText(shown == total ? QString()
                                    : WindowText::tr("%1 of %2 shown").arg(shown).arg(total));
}

void StreamListPanel::updateDetails()
{
    // The selected row: the current one if it is selected, else the only selected one.
    QModelIndex row = m_table->currentIndex();
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (!row.isValid() || !m_table->selectionModel()->isRowSelected(row.row(), QModelIndex()))
        row = selected.size() == 1 ? selected.first() : QModelIndex();
    const QModelIndex source = m_proxy->mapToSource(row);
    if (!source.isValid() || source.row() >= m_model->rowCount()) {
        m_details->showNothing();
        return;
    }
    const int r = source.row();
    DetailsPane::Row d;
    d.outcome = m_model->outcomeAt(r);
    d.verdict = m_model->verdictAt(r);
    d.verdictReason = m_model->verdictReasonAt(r);
    d.statusText = m_model->index(r, StreamTableModel::StatusColumn).data().toString();
    d.vendor = m_model->vendorAt(r); // the vendor its last run went to
    const RowState s = m_runs->rowState(r);
    d.action = s.action;
    d.answeredAt = s.answeredAt;
    if (s.sent) {
        const QString profile = s.profile.isEmpty() ? ProfileBar::practiceText() : s.profile;
        const QString what = s.action == RunAction::Start
                                 ? WindowText::tr("a restart, profile “%1”").arg(profile)
                                 : WindowText::tr("a stop, profile “%1”").arg(profile);
        d.sentBy = s.runId ? WindowText::tr("run %1, %2").arg(s.runId).arg(what) : what;
    }
    m_details->showRow(d);
}

void StreamListPanel::followOutcome(const StreamOutcome &o)
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (current.isValid() && m_model->outcomeAt(current.row()).streamId == o.streamId)
        updateDetails();
}

void StreamListPanel::fitColumns(RunAction action)
{
    // Size the short columns to what they now hold (the message column takes the rest). Sizing
    // reads a sample of rows, so the status column is sized for its longest name instead.
    for (int c : {int(StreamTableModel::CodeColumn), int(StreamTableModel::AttemptsColumn)}) {
        m_table->resizeColumnToContents(c);
        m_table->setColumnWidth(c, qBound(64, m_table->columnWidth(c), 320));
    }
    int statusWidth = 0;
    for (StreamStatus st : {StreamStatus::Pending, StreamStatus::Sending, StreamStatus::Succeeded,
                            StreamStatus::Failed, StreamStatus::Unknown, StreamStatus::Skipped})
        statusWidth =
            qMax(statusWidth, m_table->fontMetrics().horizontalAdvance(statusDisplayName(st)));
    for (const QString &text : StreamTableModel::otherStatusTexts())
        statusWidth = qMax(statusWidth, m_table->fontMetrics().horizontalAdvance(text));
    if (action == RunAction::Start) {
        // "Recording until Tue 21:40": the longest a restarted row may read.
        const QDateTime now = QDateTime::currentDateTime();
        statusWidth =
            qMax(statusWidth,
                 m_table->fontMetrics().horizontalAdvance(
                     StreamTableModel::recordingUntilText(now.addDays(1).toSecsSinceEpoch(), now)));
    }
    m_table->setColumnWidth(StreamTableModel::StatusColumn,
                            statusWidth + m_table->iconSize().width() + 40);
}

QString StreamListPanel::detailsText() const
{
    return m_details->text();
}

QString StreamListPanel::curlForRow(int sourceRow) const
{
    return m_details->curlFor(m_model->outcomeAt(sourceRow));
}

} // namespace cdnrec
