// SPDX-License-Identifier: GPL-3.0-or-later
#include "historydialog.h"

#include "altletters.h"
#include "middleelided.h"
#include "plaintext.h"
#include "tabkeys.h"
#include <app/run.h>
#include <engine/returncodes.h>
#include <model/async.h>
#include <model/csv.h>
#include <model/safefile.h>
#include <model/vendor.h>
#include <store/history.h>
#include <store/historyreader.h>
#include <store/secretstore.h>
#include <team/teamconfig.h>
#include <team/teamhistory.h>

#include <QComboBox>
#include <QCoreApplication>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace cdnrec {

namespace {

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                       : QStringLiteral("—");
}

// Where a cell's sort key is, when its text does not sort right ("10" before "9", a date).
constexpr int kSortRole = Qt::UserRole + 7;

class Cell final : public QTableWidgetItem
{
public:
    using QTableWidgetItem::QTableWidgetItem;
    bool operator<(const QTableWidgetItem &other) const override
    {
        const QVariant mine = data(kSortRole);
        const QVariant theirs = other.data(kSortRole);
        if (mine.isValid() && theirs.isValid())
            return mine.toLongLong() < theirs.toLongLong();
        return text().localeAwareCompare(other.text()) < 0;
    }
};

QTableWidgetItem *cell(const QString &text)
{
    auto *item = new Cell(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

void setRow(QTableWidget *table, int row, const QStringList &values)
{
    for (int c = 0; c < values.size(); ++c)
        table->setItem(row, c, cell(values.at(c)));
}

// Numbers sort as numbers.
void sortAsNumbers(QTableWidget *table, int row, std::initializer_list<int> columns)
{
    for (int c : columns) {
        if (QTableWidgetItem *item = table->item(row, c))
            item->setData(kSortRole, item->text().toLongLong());
    }
}

// Fills a table that the operator may have sorted by a column: unsorted while filling (each
// item set would move its row), sorted again after. A table never sorted keeps the order read.
template <typename Fill> void fillSorted(QTableWidget *table, Fill fill)
{
    const bool sorted = table->horizontalHeader()->sortIndicatorSection() >= 0;
    if (sorted)
        table->setSortingEnabled(false);
    fill();
    if (sorted)
        table->setSortingEnabled(true);
}

// Request IDs of one run often share a long prefix: the cell shows both ends, the tool tip all.
void showWholeInToolTip(QTableWidget *table, int row, std::initializer_list<int> columns)
{
    for (int c : columns) {
        if (QTableWidgetItem *item = table->item(row, c); item && !item->text().isEmpty())
            item->setToolTip(item->text());
    }
}

// A run's vendor as the history keeps it (its wire name, "Tencent"): shown in the window's
// language ("腾讯云"); a name the history holds but cdnrec does not know, as written.
QString vendorShown(const QString &stored)
{
    const std::optional<Vendor> vendor = vendorFromString(stored);
    return vendor ? vendorDisplayName(*vendor) : stored;
}

// The built-in profile's stored name is a key ("Practice (simulator)"): shown in the language
// of the window.
QString profileShown(const QString &stored)
{
    return stored == Run::practiceLabel() ? HistoryDialog::tr("Practice (simulator)")
                                          : History::profileDisplayName(stored);
}

constexpr int kTypingPauseMs = 400;

// A long profile name or stream ID does not push the other columns out of sight: a column is at
// most about 40 characters wide (the cell's tool tip or the details say it whole), and a request
// ID's column is wide enough for its heading.
void capWidths(QTableWidget *table)
{
    const QFontMetrics fm(table->font());
    const int most = fm.horizontalAdvance(QLatin1Char('x')) * 40;
    for (int c = 0; c + 1 < table->columnCount(); ++c) {
        if (table->columnWidth(c) > most)
            table->setColumnWidth(c, most);
    }
    if (table->objectName() != QLatin1String("runStreams"))
        return;
    for (int c : {4, 5}) {
        const QString heading = table->horizontalHeaderItem(c)->text();
        table->setColumnWidth(c, qMax(fm.horizontalAdvance(heading) + 24,
                                      fm.horizontalAdvance(QLatin1Char('x')) * 18));
    }
}
const QString kExportFolderKey = QStringLiteral("history/exportFolder");

// Streams and calls of one team run shown at most (the CLI's --run gives every one).
constexpr int kTeamRowsShown = 10000;

QString callHtml(int callNo, int attempt, const QDateTime &sentAt, const QString &state,
                 const QStringList &ids)
{
    return QStringLiteral("<p><b>%1</b> %2<br>%3</p>")
        .arg(HistoryDialog::tr("Call %1 (attempt %2), %3:")
                 .arg(callNo)
                 .arg(attempt)
                 .arg(when(sentAt)),
             state.toHtmlEscaped(), ids.join(QStringLiteral(", ")).toHtmlEscaped());
}

// A local run's calls and their raw answers, as the details pane shows them: built on the worker
// that read them (a thousand answers are a lot of text).
QString runHtml(const History::RunRecord &run, const HistoryReader::RunRows &rows)
{
    QString html = QStringLiteral("<h3>%1</h3>")
                       .arg(HistoryDialog::tr("Run %1: %2 at %3")
                                .arg(run.id)
                                .arg(run.endpoint.toHtmlEscaped(), when(run.startedAt)));
    if (rows.capped()) {
        const QLocale l;
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg(HistoryDialog::tr("A large run: showing the first %1 of its %2 streams "
                                           "and the first %3 of its %4 calls. cdnrec history "
                                           "--run %5 --json gives all of it.")
                             .arg(l.toString(rows.streams.size()), l.toString(rows.streamCount),
                                  l.toString(rows.calls.size()), l.toString(rows.callCount),
                                  QString::number(run.id))
                             .toHtmlEscaped());
    }
    for (const auto &c : rows.calls) {
        const QString state =
            c.state == QLatin1String("sent") ? historyStatusDisplayName(HistoryStatus::SentNoAnswer)
            : c.state == QLatin1String("unanswered")
                ? HistoryDialog::tr("no answer: %1").arg(c.error)
                : HistoryDialog::tr("HTTP %1, Code %2").arg(c.httpStatus).arg(c.code);
        html += callHtml(c.callNo, c.attempt, c.sentAt, state, c.streamIds);
        if (!c.body.isEmpty()) {
            const QJsonDocument doc = QJsonDocument::fromJson(c.body);
            const QString raw = doc.isNull()
                                    ? QString::fromUtf8(c.body.left(4096))
                                    : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
            html += QStringLiteral("<pre>%1</pre>").arg(raw.toHtmlEscaped());
        }
    }
    return html;
}

struct LocalRuns
{
    HistoryReader::RunList list;
    QHash<qint64, bool> synced;
};

struct Exported
{
    QString problem; // empty when written
    int streams = 0;
};

struct LocalRun
{
    HistoryReader::RunRows rows;
    QString html;
};

} // namespace

HistoryDialog::HistoryDialog(History *history, QWidget *parent)
    : QDialog(parent), m_history(history)
{
    setObjectName(QStringLiteral("HistoryDialog"));
    setWindowTitle(tr("History"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buildFilters());

    m_info = plainLabel(new QLabel(this));
    m_info->setWordWrap(true);
    m_info->setAccessibleName(tr("What the history shows"));
    layout->addWidget(m_info);

    layout->addWidget(buildTables(), 1);
    m_done = plainLabel(new QLabel(this));
    m_done->setObjectName(QStringLiteral("done"));
    m_done->setWordWrap(true);
    m_done->setAccessibleName(tr("What was done"));
    layout->addWidget(m_done);
    QDialogButtonBox *buttons = buildButtons();
    layout->addWidget(buttons);

    connectFilters();
    connectButtons(buttons);
    chainFocus();
    AltLetters::guard(this); // Alt+E with Export disabled typed "e" into the stream filter
    resize(1100, 700);
    refresh();
    // What an operator looks for first: a stream.
    m_stream->setFocus(Qt::OtherFocusReason);
}

void HistoryDialog::makeRunFilters()
{
    m_stream = new QLineEdit(this);
    m_stream->setPlaceholderText(tr("Stream ID (exact)"));
    m_stream->setAccessibleName(tr("Filter by stream ID"));
    m_stream->setClearButtonEnabled(true);
    m_stream->setMinimumWidth(m_stream->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 24);
    m_profile = new QComboBox(this);
    m_profile->setAccessibleName(tr("Filter by profile"));
    // A long profile name must not push the other filters out: the box keeps a modest width
    // and its list shows the names whole.
    m_profile->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_profile->setMinimumContentsLength(14);
    m_status = new QComboBox(this);
    m_status->setAccessibleName(tr("Filter by outcome"));
    m_status->addItem(tr("Any outcome"), QString());
    m_status->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_status->setMinimumContentsLength(12);
    for (HistoryStatus s : allHistoryStatuses())
        m_status->addItem(historyStatusDisplayName(s), historyStatusKey(s));
    m_since = new QDateEdit(this);
    m_until = new QDateEdit(this);
    for (QDateEdit *d : {m_since, m_until}) {
        d->setCalendarPopup(true);
        d->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        d->setMinimumDate(QDate(2020, 1, 1));
        d->setSpecialValueText(tr("any day"));
        d->setDate(d->minimumDate());
        d->installEventFilter(this); // Tab leaves the field, not only its year, month, day
    }
    m_since->setAccessibleName(tr("From date"));
    m_until->setAccessibleName(tr("To date"));
}

void HistoryDialog::makeScopeFilters()
{
    m_scope = new QComboBox(this);
    m_scope->setAccessibleName(tr("Whose history"));
    m_scope->addItem(tr("My history"), QStringLiteral("mine"));
    m_scope->addItem(tr("Team history"), QStringLiteral("team"));
    m_scope->setEnabled(TeamConfig::load().isSet());
    m_scope->setToolTip(m_scope->isEnabled()
                            ? tr("The team database's audit trail: every operator's runs")
                            : tr("Connect to a team database in Preferences ▸ Team"));
    m_operator = new QLineEdit(this);
    m_operator->setPlaceholderText(tr("Operator"));
    m_operator->setAccessibleName(tr("Filter by operator"));
    m_operator->setClearButtonEnabled(true);
    m_operator->setEnabled(false);
    // Without a team database there is no operator to filter by: not shown, no room taken.
    m_operator->setVisible(m_scope->isEnabled());
}

QLayout *HistoryDialog::buildFilters()
{
    auto *filters = new QHBoxLayout;
    makeRunFilters();
    makeScopeFilters();
    auto *scopeLabel = new QLabel(tr("&Scope:"), this);
    scopeLabel->setBuddy(m_scope);
    filters->addWidget(scopeLabel);
    filters->addWidget(m_scope);
    filters->addWidget(m_operator, 1);
    filters->addWidget(m_stream, 2);
    filters->addWidget(m_profile, 1);
    filters->addWidget(m_status);
    auto *fromLabel = new QLabel(tr("from"), this);
    fromLabel->setBuddy(m_since);
    auto *toLabel = new QLabel(tr("to"), this);
    toLabel->setBuddy(m_until);
    filters->addWidget(fromLabel);
    filters->addWidget(m_since);
    filters->addWidget(toLabel);
    filters->addWidget(m_until);
    return filters;
}

QWidget *HistoryDialog::buildTables()
{
    auto *split = new QSplitter(Qt::Vertical, this);
    m_runs = new QTableWidget(0, 9, split);
    m_runs->setObjectName(QStringLiteral("runs"));
    m_runs->setAccessibleName(tr("Runs, newest first"));
    m_runs->setHorizontalHeaderLabels({tr("Run"), tr("Started"), tr("Action"), tr("By"),
                                       tr("Profile"), tr("AppId"), tr("Vendor"), tr("Streams"),
                                       tr("Outcome")});
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runs->verticalHeader()->hide();
    m_runs->setWordWrap(false); // one line a run: a long name is cut, its tool tip says it whole
    // Newest first; a click on a header sorts by it.
    m_runs->setSortingEnabled(true);
    m_runs->sortByColumn(1, Qt::DescendingOrder);
    // The outcome column takes the rest of the width, however few rows a filter leaves.
    m_runs->horizontalHeader()->setStretchLastSection(true);
    auto *lower = new QSplitter(Qt::Horizontal, split);
    m_streams = new QTableWidget(0, 7, lower);
    m_streams->setObjectName(QStringLiteral("runStreams"));
    m_streams->setAccessibleName(tr("The run's streams"));
    m_streams->setHorizontalHeaderLabels({tr("Stream ID"), tr("Outcome"), tr("Code"), tr("Message"),
                                          tr("Vendor request ID"), tr("ZEGO request ID"),
                                          tr("Attempts")});
    m_streams->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_streams->verticalHeader()->hide();
    // Request IDs share their first characters: elided in the middle, both ends show.
    auto *middle = new MiddleElided(m_streams);
    m_streams->setItemDelegateForColumn(4, middle);
    m_streams->setItemDelegateForColumn(5, middle);
    m_streams->setWordWrap(false); // wrapped at a '-', an ID showed its start twice, no end
    // In the order read until a header is clicked.
    m_streams->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_streams->setSortingEnabled(true);
    m_streams->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_streams->horizontalHeader()->setStretchLastSection(true);
    m_details = new QTextBrowser(lower);
    m_details->setAccessibleName(tr("The run's calls and their answers"));
    // Tab leaves every table and the calls, never walks their cells or links.
    for (QAbstractItemView *view :
         {static_cast<QAbstractItemView *>(m_runs), static_cast<QAbstractItemView *>(m_streams)})
        view->setTabKeyNavigation(false);
    m_details->setTabChangesFocus(true);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    return split;
}

QDialogButtonBox *HistoryDialog::buildButtons()
{
    auto *buttons = new QDialogButtonBox(this);
    m_export = buttons->addButton(tr("&Export CSV…"), QDialogButtonBox::ActionRole);
    m_loadFailed = buttons->addButton(tr("Load &failed and unknown into the console"),
                                      QDialogButtonBox::ActionRole);
    m_loadAll = buttons->addButton(tr("Load &all into the console"), QDialogButtonBox::ActionRole);
    m_restart = buttons->addButton(tr("&Restart recording…"), QDialogButtonBox::ActionRole);
    m_restart->setAccessibleName(
        tr("Restart the recording of the streams the selected run stopped"));
    m_check = buttons->addButton(tr("C&heck the file"), QDialogButtonBox::ActionRole);
    m_check->setAccessibleName(tr("Check the whole history file for damage"));
    m_check->setToolTip(
        tr("Reads every page of the history file; on a large file this takes a while."));
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    m_export->setAccessibleName(tr("Export the selected run as CSV"));
    m_loadFailed->setAccessibleName(
        tr("Load the selected run's failed and unknown streams into the console"));
    m_loadAll->setAccessibleName(tr("Load all streams of the selected run into the console"));
    close->setAccessibleName(tr("Close the history"));
    // Enter in the stream filter applies the filter: no button of this window is the default
    // (a QDialog makes the first auto-default button the default, here Export).
    for (QPushButton *b : {m_export, m_loadFailed, m_loadAll, m_restart, m_check, close}) {
        b->setAutoDefault(false);
        b->setDefault(false);
    }
    return buttons;
}

void HistoryDialog::connectFilters()
{
    // The stream and operator filters apply as typed, once typing pauses; Enter at once.
    m_typing = new QTimer(this);
    m_typing->setSingleShot(true);
    m_typing->setInterval(kTypingPauseMs);
    connect(m_typing, &QTimer::timeout, this, [this] {
        if (m_stream->text().trimmed() != m_shownStream ||
            m_operator->text().trimmed() != m_shownOperator)
            refresh(); // not again for what is shown already (Enter read it)
    });
    for (QLineEdit *typed : {m_stream, m_operator})
        connect(typed, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
    connect(m_stream, &QLineEdit::returnPressed, this, &HistoryDialog::refresh);
    connect(m_stream, &QLineEdit::editingFinished, this, [this] {
        if (m_stream->text().trimmed() != m_shownStream)
            refresh();
    });
    connect(m_profile, &QComboBox::activated, this, &HistoryDialog::refresh);
    connect(m_scope, &QComboBox::activated, this, [this] {
        m_operator->setEnabled(isTeamScope());
        // The team's trail is filtered by operator, stream and dates; profile and outcome are
        // filters of my history only.
        m_profile->setEnabled(!isTeamScope());
        m_status->setEnabled(!isTeamScope());
        refresh();
    });
    connect(m_operator, &QLineEdit::returnPressed, this, &HistoryDialog::refresh);
    connect(m_status, &QComboBox::activated, this, &HistoryDialog::refresh);
    connect(m_since, &QDateEdit::dateChanged, this, &HistoryDialog::refresh);
    connect(m_until, &QDateEdit::dateChanged, this, &HistoryDialog::refresh);
    connect(m_runs, &QTableWidget::itemSelectionChanged, this, &HistoryDialog::showRun);
}

void HistoryDialog::connectButtons(QDialogButtonBox *buttons)
{
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_export, &QPushButton::clicked, this, &HistoryDialog::exportAsked);
    connect(m_loadFailed, &QPushButton::clicked, this, [this] { loadSelectedRun(true); });
    connect(m_check, &QPushButton::clicked, this, &HistoryDialog::checkFile);
    connect(m_restart, &QPushButton::clicked, this, [this] {
        if (const qint64 id = currentRunId()) {
            accept(); // the console shows the restart: its question, then the rows
            Q_EMIT restartRun(id);
        }
    });
    connect(m_loadAll, &QPushButton::clicked, this, [this] { loadSelectedRun(false); });
}

QString HistoryDialog::exportFolder()
{
    // Not the working folder (wherever cdnrec was started from): the last one chosen, else
    // Documents.
    const QString last = QSettings().value(kExportFolderKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

void HistoryDialog::exportAsked()
{
    const qint64 id = currentRunId();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the run"),
        QDir(exportFolder()).filePath(QStringLiteral("cdnrec-run-%1.csv").arg(id)),
        tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(kExportFolderKey, QFileInfo(path).absolutePath());
    exportRun(path);
}

void HistoryDialog::setDone(const QString &text, bool problem)
{
    QPalette pal = m_done->palette();
    pal.setColor(QPalette::WindowText,
                 problem ? QColor(0xc6, 0x28, 0x28) : palette().color(QPalette::WindowText));
    m_done->setPalette(pal);
    m_done->setText(text);
}

QString HistoryDialog::doneText() const
{
    return m_done->text();
}

void HistoryDialog::chainFocus()
{
    // As shown: the filters left to right, the runs, a run's streams and calls, the buttons. A
    // disabled one (the operator outside team scope) is passed over by Qt.
    QList<QWidget *> chain{m_scope, m_operator, m_stream, m_profile, m_status,
                           m_since, m_until,    m_runs,   m_streams, m_details};
    for (QPushButton *b : findChildren<QPushButton *>())
        chain.append(b); // the button box's, in the order it shows them
    for (qsizetype i = 0; i + 1 < chain.size(); ++i)
        QWidget::setTabOrder(chain.at(i), chain.at(i + 1));
}

bool HistoryDialog::eventFilter(QObject *watched, QEvent *event)
{
    // A date field steps through its year, month and day on Tab: from the stream filter, Tab
    // stuck in "from". Here Tab and Shift+Tab go to the next control; the arrow keys still move
    // between the parts.
    if (watched == m_since || watched == m_until) {
        if (const std::optional<bool> forward = tabDirection(event)) {
            focusNextPrevChild(*forward);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

HistoryDialog::~HistoryDialog()
{
    // ~QDialog hides the window, and the filter's focus-out then says editingFinished: by then
    // this object is only a QDialog, and refresh() must not run on it.
    m_stream->disconnect(this);
}

bool HistoryDialog::isTeamScope() const
{
    return m_scope->currentData().toString() == QLatin1String("team");
}

History::Filter HistoryDialog::localFilter()
{
    History::Filter f;
    f.streamId = m_stream->text().trimmed();
    f.profile = m_profile->currentData().toString();
    f.status = historyStatusFromKey(m_status->currentData().toString());
    m_shownStream = f.streamId;
    if (m_since->date() != m_since->minimumDate())
        f.since = m_since->date().startOfDay();
    if (m_until->date() != m_until->minimumDate())
        f.until = m_until->date().addDays(1).startOfDay();
    return f;
}

void HistoryDialog::refresh()
{
    if (isTeamScope()) {
        refreshTeam();
        return;
    }
    if (!m_history || !m_history->isOpen()) {
        m_info->setText(m_history && !m_history->problem().isEmpty()
                            ? m_history->problem()
                            : tr("No history is available."));
        return;
    }
    // A large history takes seconds to read: on a worker, with a connection of its own, and at
    // most the newest HistoryReader::MaxRuns runs. The window stays usable meanwhile; a read
    // asked for later replaces what an earlier one brings.
    const History::Filter f = localFilter();
    const bool withProfiles = m_profile->count() == 0;
    const bool team = TeamConfig::load().isSet();
    const int read = ++m_runsRead;
    ++m_loading;
    m_info->setText(tr("Reading the history…"));
    runAsync(
        this,
        [path = m_history->path(), f, withProfiles, team] {
            LocalRuns r;
            r.list = HistoryReader(path).runs(f, HistoryReader::MaxRuns, withProfiles);
            if (team) // which runs the team database has
                r.synced = TeamHistory::localRunsSynced(path);
            return r;
        },
        [this, f, read](const LocalRuns &r) {
            --m_loading;
            if (read == m_runsRead && !isTeamScope())
                showLocalRuns(f, r.list, r.synced);
        });
}

void HistoryDialog::showLocalRuns(const History::Filter &f, const HistoryReader::RunList &list,
                                  const QHash<qint64, bool> &synced)
{
    // The profile filter lists the profiles the history knows.
    if (m_profile->count() == 0 && list.problem.isEmpty()) {
        m_profile->addItem(tr("Any profile"), QString());
        for (const QString &p : list.profiles) {
            m_profile->addItem(profileShown(p), p);
            m_profile->setItemData(m_profile->count() - 1, profileShown(p), Qt::ToolTipRole);
        }
    }
    m_synced = synced;
    m_shownRuns = list.runs;
    fillSorted(m_runs, [&] {
        m_runs->setRowCount(int(list.runs.size()));
        for (int i = 0; i < list.runs.size(); ++i)
            showLocalRun(i, list.runs.at(i));
    });
    for (int c = 0; c + 1 < m_runs->columnCount(); ++c)
        m_runs->resizeColumnToContents(c);
    capWidths(m_runs);
    const QString shown =
        list.capped()
            ? tr("Showing the newest %1 of %2 runs (narrow the filters to see the others)")
                  .arg(QLocale().toString(list.runs.size()), QLocale().toString(list.total))
            : tr("%n run(s)", nullptr, int(list.runs.size()));
    m_info->setText(
        !list.problem.isEmpty()
            ? tr("The history could not be read: %1").arg(list.problem)
            : shown + (f.streamId.isEmpty() ? QString() : tr(" that carried %1").arg(f.streamId)) +
                  QStringLiteral(" · ") + m_history->path());
    if (!list.runs.isEmpty())
        selectRun(0);
    else
        showRun();
}

void HistoryDialog::showLocalRun(int row, const History::RunRecord &r)
{
    QString outcome = outcomeText(r);
    if (const auto it = m_synced.constFind(r.id); it != m_synced.constEnd())
        outcome += u" · " + (*it ? tr("in the team history") : tr("not yet in the team history"));
    setRow(m_runs, row,
           {QString::number(r.id), when(r.startedAt),
            r.action == RunAction::Start ? tr("Restart") : tr("Stop"), r.osUser + u'@' + r.host,
            profileShown(r.profile), QString::number(r.appId), vendorShown(r.vendor),
            QString::number(r.requested), outcome});
    m_runs->item(row, 0)->setData(Qt::UserRole, r.id);
    sortAsNumbers(m_runs, row, {0, 5, 7});
    m_runs->item(row, 1)->setData(kSortRole, r.id); // started: in the order the runs began
    m_runs->item(row, 4)->setToolTip(profileShown(r.profile));
    m_runs->item(row, 3)->setToolTip(r.osUser + u'@' + r.host);
}

QString HistoryDialog::outcomeText(const History::RunRecord &r)
{
    QString outcome =
        (r.action == RunAction::Start ? tr("%1 restarted, %2 failed, %3 unknown, %4 skipped")
                                      : tr("%1 stopped, %2 failed, %3 unknown, %4 skipped"))
            .arg(r.stopped)
            .arg(r.failed)
            .arg(r.unknown)
            .arg(r.skipped);
    if (r.interrupted()) {
        outcome += tr(", %1 not sent, %2 sent with no answer recorded: interrupted, the run never "
                      "finished")
                       .arg(r.notSent)
                       .arg(r.sentNoAnswer);
    } else if (r.cancelled) {
        outcome += tr(" (cancelled)");
    }
    return outcome;
}

void HistoryDialog::checkFile()
{
    if (!m_history)
        return;
    // SQLite reads every page: seconds to minutes on a large file. A worker thread with its own
    // read-only connection; the answer comes back to this thread, if the window is still open.
    m_check->setEnabled(false);
    m_info->setText(tr("Checking %1 for damage…").arg(m_history->path()));
    runAsync(
        this, [path = m_history->path()] { return History::checkIntegrity(path); },
        [this](const History::Integrity &result) {
            m_check->setEnabled(true);
            m_info->setText(result.ok ? tr("The history file has no damage.")
                                      : tr("The history file is damaged: %1")
                                            .arg(result.detail.section(u'\n', 0, 0).left(300)));
            Q_EMIT fileChecked(result.ok);
        });
}

void HistoryDialog::selectRun(int row)
{
    m_runs->selectRow(row);
    showRun();
}

qint64 HistoryDialog::currentRunId() const
{
    const auto rows =
        m_runs->selectionModel() ? m_runs->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty())
        return 0;
    return m_runs->item(rows.front().row(), 0)->data(Qt::UserRole).toLongLong();
}

std::optional<History::RunRecord> HistoryDialog::currentRun() const
{
    const qint64 id = currentRunId();
    for (const History::RunRecord &r : m_shownRuns) {
        if (id && r.id == id)
            return r;
    }
    return std::nullopt;
}

template <typename Read, typename Show>
void HistoryDialog::readTeam(const TeamConfig &config, Read read, Show show)
{
    ++m_loading;
    withTeamPassword(config, [this, config, read, show](const QString &password) {
        runAsync(
            this,
            [config, password, read] {
                TeamHistory team(config, password);
                return read(team);
            },
            [this, show](const auto &result) {
                --m_loading;
                show(this, result);
            });
    });
}

void HistoryDialog::refreshTeam()
{
    // The team database may be far or away: read on a worker thread, with the connection's own
    // timeouts; the password from the keyring first (none kept: the server trusts the user).
    const TeamConfig config = TeamConfig::load();
    TeamHistory::Filter f;
    f.operatorName = m_operator->text().trimmed();
    m_shownOperator = f.operatorName;
    f.streamId = m_stream->text().trimmed();
    m_shownStream = f.streamId;
    if (m_since->date() != m_since->minimumDate())
        f.since = m_since->date().startOfDay();
    if (m_until->date() != m_until->minimumDate())
        f.until = m_until->date().addDays(1).startOfDay();
    for (QPushButton *b : {m_export, m_loadFailed, m_loadAll, m_restart})
        b->setEnabled(false);
    m_info->setText(tr("Reading the team history from %1…").arg(config.displayName()));
    const int read = ++m_runsRead;
    using Read = std::pair<QList<TeamHistory::RunRecord>, TeamDatabase::Status>;
    readTeam(
        config,
        [f](TeamHistory &team) {
            return Read{team.isOpen() ? team.runs(f) : QList<TeamHistory::RunRecord>(),
                        team.status()};
        },
        [config, read](HistoryDialog *d, const Read &r) {
            if (read == d->m_runsRead && d->isTeamScope())
                d->showTeamRuns(config, r.first, r.second);
        });
}

QString HistoryDialog::teamOutcomeText(const TeamHistory::RunRecord &run)
{
    History::RunRecord local; // the counts, said as in my history
    local.action = run.action == QLatin1String("start") ? RunAction::Start : RunAction::Stop;
    local.stopped = run.succeeded;
    local.failed = run.failed;
    local.unknown = run.unknown;
    local.skipped = run.skipped;
    local.cancelled = run.cancelled;
    local.endedAt = run.endedAt.isValid() ? run.endedAt : run.startedAt;
    QString outcome = outcomeText(local);
    // A run with no end: what was never sent, counted as my history counts it.
    if (run.interrupted())
        outcome += tr(", %1 not sent, %2 sent with no answer recorded (no end "
                      "recorded: still running, or interrupted)")
                       .arg(run.notSent)
                       .arg(run.sentNoAnswer);
    if (run.countsCapped)
        outcome += tr(" (counted over its first 200,000 rows)");
    return outcome;
}

void HistoryDialog::showTeamRuns(const TeamConfig &config,
                                 const QList<TeamHistory::RunRecord> &runs,
                                 const TeamDatabase::Status &status)
{
    m_shownRuns.clear();
    fillSorted(m_runs, [&] {
        m_runs->setRowCount(int(runs.size()));
        for (int i = 0; i < runs.size(); ++i) {
            const TeamHistory::RunRecord &run = runs.at(i);
            setRow(m_runs, i,
                   {run.runId.left(8), when(run.startedAt),
                    run.action == QLatin1String("start") ? tr("Restart") : tr("Stop"),
                    run.osUser + u'@' + run.host + QStringLiteral(" (") + run.dbUser + u')',
                    profileShown(run.profile), QString::number(run.appId), vendorShown(run.vendor),
                    QString::number(run.requested), teamOutcomeText(run)});
            m_runs->item(i, 0)->setData(Qt::UserRole + 1, run.runId);
            m_runs->item(i, 0)->setToolTip(run.runId);
            sortAsNumbers(m_runs, i, {5, 7});
            // Started: in time, the newest listed first breaking a tie within a second.
            m_runs->item(i, 1)->setData(kSortRole, run.startedAt.toMSecsSinceEpoch() * 1000 -
                                                       qMin<qint64>(i, 999));
        }
    });
    for (int c = 0; c + 1 < m_runs->columnCount(); ++c)
        m_runs->resizeColumnToContents(c);
    capWidths(m_runs);
    m_info->setText(status.ok() ? tr("%n run(s) in the team history", nullptr, int(runs.size())) +
                                      QStringLiteral(" · ") + config.displayName()
                                : status.message);
    if (!runs.isEmpty())
        selectRun(0);
    else
        showRun();
}

void HistoryDialog::withTeamPassword(const TeamConfig &config,
                                     const std::function<void(const QString &)> &then)
{
    // Read from the keyring once for this window: every refresh and every run shown would ask it
    // again. None readable: the server must trust this user.
    if (m_teamPassword) {
        then(*m_teamPassword);
        return;
    }
    auto *secrets = new SecretStore(this);
    secrets->read(config.secretKey(), this, [this, secrets, then](const SecretStore::Result &r) {
        secrets->deleteLater();
        m_teamPassword = r.ok() ? r.secret : QString();
        then(*m_teamPassword);
    });
}

QString HistoryDialog::currentTeamRunId() const
{
    const auto rows =
        m_runs->selectionModel() ? m_runs->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty() || !m_runs->item(rows.front().row(), 0))
        return QString();
    return m_runs->item(rows.front().row(), 0)->data(Qt::UserRole + 1).toString();
}

struct HistoryDialog::TeamRun
{
    QList<TeamHistory::Stream> streams;
    QList<TeamHistory::Call> calls;
    TeamDatabase::Status status;
};

void HistoryDialog::showTeamRun()
{
    for (QPushButton *b : {m_export, m_loadFailed, m_loadAll, m_restart})
        b->setEnabled(false);
    const QString runId = currentTeamRunId();
    m_streams->setRowCount(0);
    m_details->clear();
    if (runId.isEmpty())
        return;
    readTeam(
        TeamConfig::load(),
        [runId](TeamHistory &team) {
            TeamRun r;
            if (team.isOpen()) { // one more than shown: whether there are more
                r.streams = team.streams(runId, kTeamRowsShown + 1);
                r.calls = team.calls(runId, kTeamRowsShown + 1);
            }
            r.status = team.status();
            return r;
        },
        [runId](HistoryDialog *d, const TeamRun &r) {
            if (d->currentTeamRunId() == runId)
                d->showTeamRows(runId, r);
        });
}

void HistoryDialog::showTeamRows(const QString &runId, const TeamRun &read)
{
    if (!read.status.ok()) { // never a part shown as the whole
        m_details->setPlainText(read.status.message);
        return;
    }
    // A run of a million streams (anyone may write one) must not freeze this window:
    // the first kTeamRowsShown of each, and where the rest are.
    const int shown = int(qMin<qsizetype>(read.streams.size(), kTeamRowsShown));
    const bool more = read.streams.size() > kTeamRowsShown || read.calls.size() > kTeamRowsShown;
    fillSorted(m_streams, [&] {
        m_streams->setRowCount(shown);
        for (int i = 0; i < shown; ++i) {
            const auto &s = read.streams.at(i);
            const auto status = historyStatusFromKey(s.status);
            setRow(m_streams, i,
                   {s.streamId, status ? historyStatusDisplayName(*status) : s.status, s.code,
                    s.message, s.vendorRequestId, s.requestId,
                    s.attempts > 0 ? QString::number(s.attempts) : QString()});
            sortAsNumbers(m_streams, i, {6});
            showWholeInToolTip(m_streams, i, {0, 3, 4, 5});
        }
    });
    m_streams->resizeColumnToContents(0);
    capWidths(m_streams);
    QString html = QStringLiteral("<h3>%1</h3>").arg(tr("Team run %1").arg(runId).toHtmlEscaped());
    if (more)
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg(tr("A large run: only its first %1 streams and calls are shown "
                            "here. cdnrec history --scope team --run %2 --json gives all "
                            "of it.")
                             .arg(QLocale().toString(kTeamRowsShown), runId)
                             .toHtmlEscaped());
    for (const auto &c : read.calls.mid(0, kTeamRowsShown)) {
        QStringList ids = c.streamIds.mid(0, 100);
        if (c.streamIds.size() > ids.size())
            ids.append(tr("… %n more", nullptr, int(c.streamIds.size() - ids.size())));
        const QString state = c.answered ? tr("HTTP %1, Code %2").arg(c.httpStatus).arg(c.code)
                                         : historyStatusDisplayName(HistoryStatus::SentNoAnswer);
        html += callHtml(c.callNo, c.attempt, c.sentAt, state, ids);
    }
    m_details->setHtml(html);
}

void HistoryDialog::showRun()
{
    if (isTeamScope()) {
        showTeamRun();
        return;
    }
    const std::optional<History::RunRecord> run = currentRun();
    m_export->setEnabled(bool(run));
    m_loadAll->setEnabled(bool(run));
    m_loadFailed->setEnabled(bool(run));
    m_restart->setEnabled(run && run->action == RunAction::Stop && run->stopped > 0);
    m_streams->setRowCount(0);
    m_details->clear();
    if (!run)
        return;
    // A run of a million streams must not freeze this window: its first streams and calls, read
    // on a worker, and how many there are.
    m_details->setPlainText(tr("Reading the run…"));
    ++m_loading;
    runAsync(
        this,
        [path = m_history->path(), run = *run] {
            LocalRun r;
            r.rows = HistoryReader(path).rows(run.id);
            r.html = runHtml(run, r.rows);
            return r;
        },
        [this, run = *run](const LocalRun &r) {
            --m_loading;
            if (currentRunId() == run.id && !isTeamScope())
                showLocalRows(run, r.rows, r.html);
        });
}

void HistoryDialog::showLocalRows(const History::RunRecord &run, const HistoryReader::RunRows &rows,
                                  const QString &html)
{
    // A restart the vendor refused as already recording (409) reads as the console reads it.
    const std::optional<Vendor> vendor = vendorFromString(run.vendor);
    const auto statusText = [&](const History::Stream &s) {
        if (run.action == RunAction::Start && vendor &&
            ReturnCodes::meansAlreadyRecording(*vendor, s.code))
            return tr("Already recording");
        return historyStatusDisplayName(s.status);
    };
    if (!rows.problem.isEmpty()) {
        m_details->setPlainText(tr("The history could not be read: %1").arg(rows.problem));
        return;
    }
    fillSorted(m_streams, [&] {
        m_streams->setRowCount(int(rows.streams.size()));
        for (int i = 0; i < rows.streams.size(); ++i) {
            const auto &s = rows.streams.at(i);
            setRow(m_streams, i,
                   {s.streamId, statusText(s), s.code, s.message, s.vendorRequestId, s.requestId,
                    QString::number(s.attempts)});
            sortAsNumbers(m_streams, i, {6});
            showWholeInToolTip(m_streams, i, {0, 3, 4, 5});
        }
    });
    m_streams->resizeColumnToContents(0);
    capWidths(m_streams);
    m_details->setHtml(html);
}

QString HistoryDialog::detailsText() const
{
    return m_details->toPlainText();
}

void HistoryDialog::loadSelectedRun(bool onlyNotStopped)
{
    const qint64 id = currentRunId();
    if (!id || !m_history)
        return;
    ++m_loading;
    runAsync(
        this,
        [path = m_history->path(), id, onlyNotStopped] {
            QStringList ids;
            for (const auto &s : HistoryReader(path).allStreams(id)) {
                if (!onlyNotStopped ||
                    (s.status != HistoryStatus::Stopped && s.status != HistoryStatus::Started))
                    ids.append(s.streamId);
            }
            return ids;
        },
        [this, id, onlyNotStopped](const QStringList &ids) {
            --m_loading;
            if (ids.isEmpty())
                setDone(onlyNotStopped
                            ? tr("Run %1 has no failed, unknown or unsent streams: nothing was "
                                 "loaded.")
                                  .arg(id)
                            : tr("Run %1 has no streams: nothing was loaded.").arg(id));
            else
                setDone(onlyNotStopped
                            ? tr("%n stream(s) of run %1 that failed, are unknown or were not "
                                 "sent loaded into the console.",
                                 nullptr, int(ids.size()))
                                  .arg(id)
                            : tr("%n stream(s) of run %1 loaded into the console.", nullptr,
                                 int(ids.size()))
                                  .arg(id));
            Q_EMIT loadStreams(ids);
        });
}

void HistoryDialog::exportRun(const QString &path)
{
    const auto run = currentRun();
    if (!run || !m_history) {
        setDone(tr("Nothing was exported: choose a run first."), true);
        Q_EMIT runExported(path, false);
        return;
    }
    ++m_loading;
    runAsync(
        this,
        [historyPath = m_history->path(), id = run->id, action = actionKey(run->action), path] {
            // The same writer as the console's export; the status is the stable key, as in
            // --json.
            QString problem;
            const auto streams = HistoryReader(historyPath).allStreams(id, &problem);
            if (!problem.isEmpty())
                return Exported{tr("The history could not be read: %1").arg(problem), 0};
            CsvWriter csv({QStringLiteral("run"), QStringLiteral("action"),
                           QStringLiteral("stream_id"), QStringLiteral("status"),
                           QStringLiteral("code"), QStringLiteral("message"),
                           QStringLiteral("vendor_request_id"), QStringLiteral("request_id"),
                           QStringLiteral("attempts"), QStringLiteral("updated")});
            for (const auto &s : streams) {
                csv.addRow({QString::number(id), action, s.streamId, historyStatusKey(s.status),
                            s.code, s.message, s.vendorRequestId, s.requestId,
                            QString::number(s.attempts), s.updatedAt.toString(Qt::ISODate)});
            }
            QString error;
            if (!writeWholeFile(path, csv.data(), &error))
                return Exported{tr("Could not write %1.").arg(path), 0};
            return Exported{QString(), int(streams.size())};
        },
        [this, path, id = run->id](const Exported &done) {
            --m_loading;
            if (!done.problem.isEmpty())
                setDone(tr("Run %1 was not exported: %2").arg(id).arg(done.problem), true);
            else
                setDone(tr("Run %1 exported to %2 (%n stream(s)).", nullptr, done.streams)
                            .arg(id)
                            .arg(QDir::toNativeSeparators(path)));
            Q_EMIT runExported(path, done.problem.isEmpty());
        });
}

} // namespace cdnrec
