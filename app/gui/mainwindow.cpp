// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "detailspane.h"
#include "historydialog.h"
#include "mainactions.h"
#include "plaintext.h"
#include "practiceendpoint.h"
#include "preferencesdialog.h"
#include "profilebar.h"
#include "profiledialog.h"
#include "prompt.h"
#include "restartdialog.h"
#include "streamfilterproxy.h"
#include "streamidedit.h"
#include "streamtablemodel.h"
#include "teampage.h"
#include "teamstatus.h"
#include <app/application.h>
#include <app/reportwriter.h>
#include <model/async.h>
#include <model/safefile.h>
#include <store/history.h>
#include <store/profilestore.h>
#include <store/secretstore.h>
#include <store/settings.h>

#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QMimeData>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace cdnrec {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_model(new StreamTableModel(this)),
      m_proxy(new StreamFilterProxy(this)), m_practice(new PracticeEndpoint(this)),
      m_profiles(new ProfileStore(this)), m_secrets(new SecretStore(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    m_proxy->setSourceModel(m_model);
    buildUi();
    m_actions = new MainActions(this, m_table);
    connectActions();
    retranslate();
    restoreSettings();
    connect(m_profiles, &ProfileStore::changed, m_profileBar, &ProfileBar::reload);
    setAcceptDrops(true);
    // The practice simulator starts on the first Stop that needs it: QHttpServer and its TLS
    // plugins cost as much time and memory as the whole window, and most runs use a real profile.
    updateActions();
    updateDetails();
    // Typing at start-up goes into the list, never into the profile box.
    m_addLine->setFocus(Qt::OtherFocusReason);
    m_teamStatus->startWhenConfigured();
}

MainWindow::~MainWindow()
{
    // The run goes before the history it writes into.
    delete m_run;
}

void MainWindow::buildUi()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    // Who and where, at the left; the primary actions at the right.
    auto *top = new QHBoxLayout;
    m_profileBar = new ProfileBar(m_profiles, central);
    m_stopButton = new QPushButton(central);
    m_stopButton->setObjectName(QStringLiteral("stop"));
    m_stopButton->setAutoDefault(false);
    QFont bold = m_stopButton->font();
    bold.setBold(true);
    m_stopButton->setFont(bold);
    m_cancelButton = new QPushButton(central);
    m_cancelButton->setObjectName(QStringLiteral("cancel"));
    m_cancelButton->setAutoDefault(false);
    m_retryButton = new QPushButton(central);
    m_retryButton->setObjectName(QStringLiteral("retry"));
    m_retryButton->setAutoDefault(false);
    top->addWidget(m_profileBar);
    top->addStretch(1);
    top->addWidget(m_retryButton);
    top->addWidget(m_cancelButton);
    top->addWidget(m_stopButton);
    layout->addLayout(top);

    // Problems of the whole run: one banner, never a storm of dialogs.
    m_banner = new QLabel(central);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xea));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x61, 0x1a, 0x15));
    m_banner->setPalette(bannerPalette);
    m_banner->setAutoFillBackground(true);
    m_banner->setMargin(6);
    m_banner->setFrameShape(QFrame::Box);
    m_banner->hide();
    layout->addWidget(m_banner);

    // The list: add, filter.
    auto *edit = new QHBoxLayout;
    m_addLine = new StreamIdEdit(central);
    m_addLine->setObjectName(QStringLiteral("addLine"));
    m_addLine->setClearButtonEnabled(true);
    m_addButton = new QPushButton(central);
    m_addButton->setObjectName(QStringLiteral("add"));
    m_addButton->setAutoDefault(false);
    m_filter = new QLineEdit(central);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);
    m_failedOnly = new QCheckBox(central);
    m_failedOnly->setObjectName(QStringLiteral("failedOnly"));
    m_shown = plainLabel(new QLabel(central));
    m_shown->setObjectName(QStringLiteral("shownCount"));
    edit->addWidget(m_addLine, 3);
    edit->addWidget(m_addButton);
    edit->addSpacing(16);
    edit->addWidget(m_filter, 2);
    edit->addWidget(m_failedOnly);
    edit->addWidget(m_shown);
    layout->addLayout(edit);

    m_summary = new QLabel(central);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);

    m_splitter = new QSplitter(Qt::Horizontal, central);
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

    m_details = new DetailsPane(m_splitter);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({900, 300});
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);
    setTabOrder(m_addLine, m_addButton);
    setTabOrder(m_addButton, m_filter);
    setTabOrder(m_filter, m_failedOnly);
    setTabOrder(m_failedOnly, m_table);
    setTabOrder(m_table, m_details);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setMaximumWidth(260);
    m_progress->hide();
    m_pace = plainLabel(new QLabel(this));
    m_pace->setObjectName(QStringLiteral("pace"));
    m_teamStatus = new TeamStatus(this, m_profiles, m_secrets);
    statusBar()->addPermanentWidget(m_teamStatus->label());
    statusBar()->addPermanentWidget(m_pace);
    statusBar()->addPermanentWidget(m_progress);

    connect(m_addLine, &QLineEdit::returnPressed, this, &MainWindow::addFromLine);
    connect(m_addLine, &StreamIdEdit::textPasted, this, &MainWindow::addText);
    connect(m_addButton, &QPushButton::clicked, this, &MainWindow::addFromLine);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &StreamFilterProxy::setText);
    connect(m_failedOnly, &QCheckBox::toggled, m_proxy, &StreamFilterProxy::setNeedsRetryOnly);
    connect(m_stopButton, &QPushButton::clicked, this, [this] { startStop(false); });
    connect(m_retryButton, &QPushButton::clicked, this, [this] { startStop(true); });
    connect(m_cancelButton, &QPushButton::clicked, this, &MainWindow::cancelStop);
    // The pane follows the selection (what Ctrl+C, Delete and Retry act on), not the focus.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateDetails();
        updateActions();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::updateDetails);
    for (QAbstractItemModel *m :
         {static_cast<QAbstractItemModel *>(m_model), static_cast<QAbstractItemModel *>(m_proxy)}) {
        connect(m, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateActions);
        connect(m, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateActions);
        connect(m, &QAbstractItemModel::modelReset, this, &MainWindow::updateActions);
    }
    connect(m_proxy, &StreamFilterProxy::countsChanged, this, &MainWindow::updateShownCount);
}

void MainWindow::connectActions()
{
    using A = MainActions;
    m_actions->on(A::Profiles, this, &MainWindow::openProfiles);
    m_actions->on(A::ImportIds, this, &MainWindow::importDialog);
    m_actions->on(A::ExportResults, this, &MainWindow::exportDialog);
    m_actions->on(A::Quit, this, &QWidget::close);
    m_actions->on(A::Undo, this, &MainWindow::undoLastStop);
    m_actions->on(A::Paste, this, &MainWindow::paste);
    m_actions->on(A::Copy, this, &MainWindow::copySelection);
    m_actions->on(A::Delete, this, &MainWindow::deleteSelected);
    m_actions->on(A::Clear, this, &MainWindow::clearAll);
    m_actions->on(A::Find, this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    m_actions->on(A::Preferences, this, [this] {
        auto *dialog = new PreferencesDialog(m_secrets, this);
        // Connected for the first time: team mode starts now, not at the next start.
        connect(dialog->teamPage(), &TeamPage::changed, m_teamStatus, &TeamStatus::startIfNew);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    m_actions->on(A::Stop, this, [this] { startStop(false); });
    m_actions->on(A::Retry, this, [this] { startStop(true); });
    m_actions->on(A::Restart, this, &MainWindow::restartSelected);
    m_actions->on(A::Cancel, this, &MainWindow::cancelStop);
    m_actions->on(A::History, this, &MainWindow::openHistory);
}

void MainWindow::retranslate()
{
    // Qt adds the application's name ("… — cdnrec").
    setWindowTitle(tr("Stop CDN recordings"));
    m_profileBar->retranslate();
    m_stopButton->setText(tr("&Stop recordings"));
    m_stopButton->setToolTip(
        tr("Stop the CDN recording of every valid stream in the list (Ctrl+Enter)"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(
        tr("Send no further calls; calls in flight are marked Unknown (Esc)"));
    m_retryButton->setText(tr("Re&try failed"));
    m_retryButton->setToolTip(
        tr("Send again the streams that Failed or are Unknown (Ctrl+Shift+R)"));
    m_addLine->setPlaceholderText(tr("Type or paste stream IDs, then Enter"));
    m_addLine->setAccessibleName(tr("Add stream IDs"));
    m_addButton->setText(tr("&Add"));
    m_addButton->setAccessibleName(tr("Add the typed stream IDs"));
    m_filter->setPlaceholderText(tr("Filter by stream ID (Ctrl+F, Esc clears)"));
    m_filter->setAccessibleName(tr("Filter"));
    m_failedOnly->setText(tr("Failed and &unknown only"));
    m_table->setAccessibleName(tr("Streams and their outcomes"));
    m_details->retranslate();
    m_progress->setAccessibleName(tr("Progress"));
    m_pace->setAccessibleName(tr("Pace"));
    m_teamStatus->retranslate();
    m_banner->setAccessibleName(tr("Problem"));
    m_summary->setAccessibleName(tr("Summary"));
    m_shown->setAccessibleName(tr("Rows shown"));
    m_stopButton->setAccessibleName(tr("Stop recordings"));
    m_retryButton->setAccessibleName(tr("Retry failed and unknown streams"));
    m_cancelButton->setAccessibleName(tr("Cancel the run"));
    m_failedOnly->setAccessibleName(tr("Show only failed and unknown streams"));

    m_actions->retranslate();
    if (m_summary->text().isEmpty() || m_summary->text() == m_lastSummary)
        report(QString(), 0, 0, 0);
    updateShownCount();
    updateDetails();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::restoreSettings()
{
    restoreGeometry(Settings::value(Settings::Key::WindowGeometry).toByteArray());
    m_splitter->restoreState(Settings::value(Settings::Key::WindowSplitter).toByteArray());
    m_profileBar->selectProfile(Settings::value(Settings::Key::ConsoleProfile).toString());
    if (const auto v = vendorFromString(Settings::value(Settings::Key::ConsoleVendor).toString()))
        setVendor(*v);
    if (Settings::value(Settings::Key::WindowGeometry).toByteArray().isEmpty())
        resize(1180, 720);
}

void MainWindow::saveSettings() const
{
    Settings::setValue(Settings::Key::WindowGeometry, saveGeometry());
    Settings::setValue(Settings::Key::WindowSplitter, m_splitter->saveState());
    Settings::setValue(Settings::Key::ConsoleVendor, vendorWireName(m_profileBar->vendor()));
    Settings::setValue(Settings::Key::ConsoleProfile, currentProfile());
}

void MainWindow::setVendor(Vendor vendor)
{
    m_profileBar->setVendor(vendor);
}

QString MainWindow::currentProfile() const
{
    return m_profileBar->currentProfile();
}

bool MainWindow::selectProfile(const QString &name)
{
    return m_profileBar->selectProfile(name);
}

QString MainWindow::badgeText() const
{
    return m_profileBar->badgeText();
}

History *MainWindow::history()
{
    if (!m_history) {
        m_history = std::make_unique<History>();
        if (!m_history->problem().isEmpty())
            showBanner(m_history->problem());
        // Deleting years of runs can take seconds: never on the GUI thread. The purge opens its
        // own connection; SQLite's locking orders it with the writes of a run.
        if (const int days = Settings::historyKeepDays(); days > 0 && m_history->isOpen())
            runAsync(
                this, [path = m_history->path(), days] { History::purgeOlderThan(path, days); },
                [] {});
    }
    return m_history.get();
}

void MainWindow::openHistory()
{
    auto *dialog = new HistoryDialog(history(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &HistoryDialog::loadStreams, this,
            [this](const QStringList &ids) { addText(ids.join(u'\n')); });
    connect(dialog, &HistoryDialog::restartRun, this, &MainWindow::restartHistoryRun);
    dialog->open();
}

void MainWindow::offerInterruptedRun()
{
    History *h = history();
    if (!h->isOpen())
        return;
    const QList<History::RunRecord> runs = h->interruptedRuns(7);
    if (runs.isEmpty())
        return;
    const History::RunRecord &r = runs.first();
    const QStringList ids = h->unfinishedStreamIds(r.id);
    if (ids.isEmpty())
        return;
    const QString text =
        tr("The run of %1 (profile “%2”) did not finish: %n stream(s) were not sent or got no "
           "answer.\n\nLoad them into the list to check and send them again?",
           nullptr, int(ids.size()))
            .arg(QLocale().toString(r.startedAt.toLocalTime(), QLocale::ShortFormat), r.profile);
    if (!Prompt::confirm(this, tr("An interrupted run"), text,
                         tr("Load %n stream(s)", nullptr, int(ids.size()))))
        return;
    addText(ids.join(u'\n'));
}

void MainWindow::openProfiles()
{
    auto *dialog = new ProfileDialog(m_profiles, m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!currentProfile().isEmpty())
        dialog->selectProfile(currentProfile());
    dialog->open();
}

// --- the list -------------------------------------------------------------------------------

void MainWindow::addText(const QString &text)
{
    const auto r = m_model->addText(text);
    QString what =
        r.added ? tr("Added %n stream ID(s)", nullptr, r.added) : tr("Nothing new added");
    report(what, r.duplicates, r.invalid, r.warnings);
}

void MainWindow::addFromLine()
{
    if (m_addLine->text().trimmed().isEmpty())
        return;
    addText(m_addLine->text());
    m_addLine->clear();
}

void MainWindow::paste()
{
    const QString text = QGuiApplication::clipboard()->text();
    if (text.trimmed().isEmpty()) {
        report(tr("The clipboard holds no text"), 0, 0, 0);
        return;
    }
    addText(text);
}

bool MainWindow::importFile(const QString &path)
{
    QString error;
    const auto items = StreamIds::parseFile(path, &error);
    if (!error.isEmpty()) {
        showBanner(error);
        return false;
    }
    const auto r = m_model->addItems(items);
    report(tr("Imported %n stream ID(s) from %1", nullptr, r.added).arg(QFileInfo(path).fileName()),
           r.duplicates, r.invalid, r.warnings);
    return true;
}

void MainWindow::importDialog()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import stream IDs"), Settings::lastDirectory(),
                                     tr("Stream ID lists (*.txt *.csv *.tsv);;All files (*)"));
    if (path.isEmpty())
        return;
    Settings::setLastDirectory(QFileInfo(path).absolutePath());
    importFile(path);
}

void MainWindow::report(const QString &what, int duplicates, int invalid, int warnings)
{
    QStringList parts;
    if (!what.isEmpty())
        parts << what;
    if (duplicates)
        parts << tr("%n duplicate(s) skipped (each ID is listed once, with its outcome)", nullptr,
                    duplicates);
    if (invalid)
        parts << tr("%n invalid: hover for the reason; never sent", nullptr, invalid);
    if (warnings)
        parts << tr("%n outside ZEGO's ID rule (sent anyway)", nullptr, warnings);
    const QString total = tr("%n stream(s) in the list", nullptr, m_model->rowCount());
    m_lastSummary =
        parts.isEmpty() ? total : parts.join(QStringLiteral(" · ")) + QStringLiteral(" · ") + total;
    m_summary->setText(m_lastSummary);
    updateActions();
}

QString MainWindow::summaryText() const
{
    return m_summary->text();
}

void MainWindow::updateShownCount()
{
    const int shown = m_proxy->shownCount();
    const int total = m_proxy->totalCount();
    m_shown->setText(shown == total ? QString() : tr("%1 of %2 shown").arg(shown).arg(total));
}

QList<int> MainWindow::selectedSourceRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    rows.reserve(selected.size());
    for (const QModelIndex &i : selected)
        rows.append(m_proxy->mapToSource(i).row());
    return rows;
}

void MainWindow::deleteSelected()
{
    if (running())
        return;
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return;
    m_model->removeStreamRows(rows);
    report(tr("Removed %n row(s)", nullptr, int(rows.size())), 0, 0, 0);
}

void MainWindow::clearAll()
{
    if (running() || m_model->rowCount() == 0)
        return;
    if (!Prompt::confirm(this, tr("Clear the list"),
                         tr("Remove all %n stream(s) and their outcomes from the list?", nullptr,
                            m_model->rowCount()),
                         tr("Clear"), true))
        return;
    m_model->clearAll();
    m_undoIds.clear();
    m_details->forgetCalls();
    report(QString(), 0, 0, 0);
    updateDetails();
}

void MainWindow::copySelection() const
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

bool MainWindow::exportResults(const QString &path)
{
    QList<StreamOutcome> all;
    all.reserve(m_model->rowCount());
    for (int r = 0; r < m_model->rowCount(); ++r) {
        StreamOutcome o = m_model->outcomeAt(r);
        if (m_model->verdictAt(r) == StreamIds::Verdict::Invalid) {
            o.status = StreamStatus::Skipped;
            o.message = m_model->verdictReasonAt(r);
        }
        all.append(o);
    }
    QByteArray bytes;
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        // The same document as `cdnrec stop --json`, summary first.
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        JsonReportWriter writer(&buffer, Report::summarize(all));
        for (const StreamOutcome &o : std::as_const(all))
            writer.add(o);
        writer.finish();
    } else {
        bytes = Report::toCsv(all);
    }
    QString error;
    if (!writeWholeFile(path, bytes, &error)) {
        showBanner(tr("Could not write %1: %2").arg(QFileInfo(path).fileName(), error));
        return false;
    }
    report(tr("Exported %n row(s) to %1", nullptr, int(all.size())).arg(QFileInfo(path).fileName()),
           0, 0, 0);
    return true;
}

void MainWindow::exportDialog()
{
    const QString name =
        QStringLiteral("cdnrec-%1.csv")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export results"), QDir(Settings::lastDirectory()).filePath(name),
        tr("CSV (*.csv);;JSON (*.json)"));
    if (path.isEmpty())
        return;
    Settings::setLastDirectory(QFileInfo(path).absolutePath());
    exportResults(path);
}

// --- drag and drop, keys --------------------------------------------------------------------

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasText())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime->hasUrls()) {
        for (const QUrl &url : mime->urls()) {
            if (url.isLocalFile())
                importFile(url.toLocalFile());
        }
    } else if (mime->hasText()) {
        addText(mime->text());
    }
    event->acceptProposedAction();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
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
    return QMainWindow::eventFilter(watched, event);
}

// --- the run ---------------------------------------------------------------------------------

void MainWindow::startStop(bool onlyRetry)
{
    if (running())
        return;
    // A failed restart is retried as a restart: Retry never stops what a restart was for.
    if (onlyRetry && m_run && m_run->action() == RunAction::Start) {
        QList<int> rows;
        for (const QString &id : m_model->sendableIds(true, RunAction::Start))
            rows.append(m_model->rowOf(id));
        if (!rows.isEmpty()) {
            const QString profile = m_model->profileAt(rows.first());
            const Vendor vendor = m_model->vendorAt(rows.first());
            QStringList ids;
            for (int r : rows) {
                if (m_model->profileAt(r) == profile)
                    ids.append(m_model->outcomeAt(r).streamId);
            }
            restartStreams(ids, profile, vendor);
            return;
        }
    }
    const QStringList ids = m_model->sendableIds(onlyRetry);
    if (ids.isEmpty()) {
        report(onlyRetry ? tr("Nothing to retry: no stream Failed or is Unknown")
                         : tr("Nothing to stop: add stream IDs first"),
               0, 0, 0);
        return;
    }
    std::optional<Planned> planned = planFor(currentProfile(), m_profileBar->vendor());
    if (!planned)
        return;
    RunPlan &plan = planned->plan;
    plan.items.reserve(ids.size());
    for (const QString &id : ids)
        plan.items.append(StreamIds::Item{id, StreamIds::Verdict::Ok, QString(), 0});

    QString text = tr("Stop the CDN recording of %n stream(s)?", nullptr, int(ids.size())) +
                   u"\n\n" + planned->where;
    if (onlyRetry && !m_lastRunProfile.isEmpty() && m_lastRunProfile != plan.label)
        text += u"\n\n" + tr("Note: these streams were last sent with “%1”; this retry uses “%2”.")
                              .arg(m_lastRunProfile, plan.label);
    if (!Prompt::confirm(this, onlyRetry ? tr("Retry failed streams") : tr("Stop recordings"), text,
                         tr("Stop %n recording(s)", nullptr, int(ids.size()))))
        return;
    sendWithSecret(std::move(*planned));
}

std::optional<MainWindow::Planned> MainWindow::planFor(const QString &profileName, Vendor vendor)
{
    Planned p;
    if (!profileName.isEmpty()) {
        p.profile = m_profiles->find(profileName);
        if (!p.profile) {
            showBanner(tr("The profile “%1” no longer exists.").arg(profileName));
            return std::nullopt;
        }
    } else if (!m_practice->start()) {
        showBanner(tr("The practice simulator could not listen on 127.0.0.1."));
        return std::nullopt;
    }
    RunPlan &plan = p.plan;
    if (p.profile) {
        plan.target = Run::targetFor(*p.profile);
        plan.options = Run::optionsFor(*p.profile);
        plan.label = Run::labelFor(*p.profile);
    } else {
        plan.target.endpoint = m_practice->url();
        plan.target.appId = m_practice->appId();
        plan.label = Run::practiceLabel();
    }
    plan.target.vendor = vendor;
    const Profile::Environment environment =
        p.profile ? p.profile->environment : Profile::Environment::Practice;
    p.where = tr("Profile: %1").arg(p.profile ? p.profile->name : ProfileBar::practiceText()) +
              u'\n' + tr("Environment: %1").arg(Profile::environmentDisplayName(environment)) +
              u'\n' + tr("AppId: %1").arg(plan.target.appId) + u'\n' +
              tr("Endpoint: %1").arg(plan.target.endpoint.host()) + u'\n' +
              tr("Vendor: %1 (%2)").arg(vendorDisplayName(vendor), vendorWireName(vendor));
    return p;
}

void MainWindow::sendWithSecret(Planned planned)
{
    hideBanner();
    if (!planned.profile) {
        launch(std::move(planned.plan), m_practice->secret(), QString());
        return;
    }
    // The secret comes from the keyring, without blocking the window.
    const QString profileName = planned.profile->name;
    m_stopButton->setEnabled(false);
    m_summary->setText(tr("Reading the ServerSecret of “%1” from the keyring…").arg(profileName));
    m_secrets->read(
        profileName, this,
        [this, plan = std::move(planned.plan), profileName](const SecretStore::Result &r) mutable {
            if (r.ok()) {
                launch(std::move(plan), r.secret, profileName);
                return;
            }
            // Where the secret is, said once by the store that knows (never the
            // keyring's words).
            const QString secret =
                Prompt::secret(this, tr("ServerSecret needed"), m_secrets->askText(profileName));
            if (secret.isEmpty()) {
                showBanner(tr("Not sent: no ServerSecret for “%1”. %2")
                               .arg(profileName, m_secrets->whereText(profileName)));
                report(QString(), 0, 0, 0);
                updateActions();
                return;
            }
            m_secrets->setSessionSecret(profileName, secret);
            launch(std::move(plan), secret, profileName);
        });
}

// --- undo: restarting recordings -------------------------------------------------------------

QStringList MainWindow::undoableIds() const
{
    QStringList ids;
    if (running())
        return ids;
    for (const QString &id : m_undoIds) {
        const int row = m_model->rowOf(id);
        if (row >= 0 && m_model->isRestartable(row))
            ids.append(id);
    }
    return ids;
}

void MainWindow::undoLastStop()
{
    QList<int> rows;
    for (const QString &id : undoableIds())
        rows.append(m_model->rowOf(id));
    if (rows.isEmpty()) {
        report(tr("Nothing to undo: the last run stopped no stream that is still shown Stopped"), 0,
               0, 0);
        return;
    }
    restartRows(rows);
}

void MainWindow::restartSelected()
{
    QList<int> rows;
    for (int r : selectedSourceRows()) {
        if (m_model->isRestartable(r))
            rows.append(r);
    }
    if (rows.isEmpty()) {
        report(tr("Nothing to restart: select streams shown Stopped"), 0, 0, 0);
        return;
    }
    restartRows(rows);
}

void MainWindow::restartRows(const QList<int> &rows)
{
    // A restart goes where the stop went: the profile and vendor the rows were stopped with.
    const QString profile = m_model->profileAt(rows.first());
    const Vendor vendor = m_model->vendorAt(rows.first());
    QStringList ids;
    for (int r : rows) {
        if (m_model->profileAt(r) != profile || m_model->vendorAt(r) != vendor) {
            showBanner(tr("The selected streams were stopped with different profiles or vendors: "
                          "restart the streams of one profile at a time."));
            return;
        }
        ids.append(m_model->outcomeAt(r).streamId);
    }
    restartStreams(ids, profile, vendor);
}

void MainWindow::restartStreams(const QStringList &ids, const QString &profileName, Vendor vendor)
{
    if (running() || ids.isEmpty())
        return;
    std::optional<Planned> planned = planFor(profileName, vendor);
    if (!planned)
        return;
    RestartDialog dialog(int(ids.size()), planned->where, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    RunPlan &plan = planned->plan;
    plan.options.action = RunAction::Start;
    plan.options.startForSecs = dialog.forSecs();
    plan.options.startUntil = dialog.untilSecs();
    plan.items.reserve(ids.size());
    for (const QString &id : ids)
        plan.items.append(StreamIds::Item{id, StreamIds::Verdict::Ok, QString(), 0});
    sendWithSecret(std::move(*planned));
}

void MainWindow::restartHistoryRun(qint64 runId)
{
    History *h = history();
    const auto run = h->run(runId);
    if (!run || run->action != RunAction::Stop) {
        showBanner(tr("Run %1 stopped nothing: there is nothing to restart.").arg(runId));
        return;
    }
    QStringList ids;
    for (const History::Stream &s : h->streams(runId)) {
        if (s.status == HistoryStatus::Stopped)
            ids.append(s.streamId);
    }
    if (ids.isEmpty()) {
        showBanner(tr("Run %1 stopped nothing: there is nothing to restart.").arg(runId));
        return;
    }
    // The run's profile, as the history names it: a saved profile, or Practice.
    QString profileName;
    if (run->profile != Run::practiceLabel()) {
        if (!m_profiles->find(run->profile)) {
            showBanner(tr("Run %1 was made with “%2”, which is not a saved profile here: restart "
                          "it from the command line (cdnrec undo %1 --profile NAME).")
                           .arg(runId)
                           .arg(History::profileDisplayName(run->profile)));
            return;
        }
        profileName = run->profile;
    }
    const Vendor vendor = vendorFromString(run->vendor).value_or(m_profileBar->vendor());
    QStringList text;
    for (const QString &id : ids)
        text.append(id);
    m_model->addText(text.join(u'\n'));
    restartStreams(ids, profileName, vendor);
}

void MainWindow::launch(RunPlan plan, const QString &secret, const QString &profileName)
{
    auto *run = new Run(std::move(plan), this);
    run->setHistory(history());
    run->setSecret(secret);
    if (!run->prepare()) {
        showBanner(tr("Not sent: %1.").arg(run->problem()));
        report(QString(), 0, 0, 0);
        delete run;
        updateActions();
        return;
    }
    delete m_run;
    m_run = run;
    m_undoIds.clear();
    m_lastRunProfile = run->plan().label;
    for (const QString &n : run->notices())
        showBanner(n);
    connect(run, &Run::notice, this, &MainWindow::showBanner);
    connect(run, &Run::problemRaised, this, &MainWindow::showBanner);
    connect(run, &Run::streamChanged, this, &MainWindow::onStreamChanged);
    connect(run, &Run::callFinished, m_details, &DetailsPane::keepCall);
    connect(run, &Run::progress, this, &MainWindow::onProgress);
    connect(run, &Run::paceChanged, this, &MainWindow::onPaceChanged);
    connect(run, &Run::finished, this, &MainWindow::onRunFinished);
    m_model->setVendor(run->plan().target.vendor); // vendor codes explained for this vendor
    m_model->setAction(run->action());
    m_model->setProfile(profileName);
    m_model->resetForRun(run->sendableIds());
    m_runClock.start();
    m_progress->setRange(0, int(run->sendableIds().size()));
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v / %m"));
    m_progress->show();
    m_pace->clear();
    run->start();
    updateActions();
}

void MainWindow::cancelStop()
{
    if (running())
        m_run->cancel();
}

bool MainWindow::running() const
{
    return m_run && m_run->isRunning();
}

void MainWindow::onStreamChanged(const StreamOutcome &o)
{
    m_model->applyOutcome(o);
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (current.isValid() && m_model->outcomeAt(current.row()).streamId == o.streamId)
        updateDetails();
}

void MainWindow::onProgress(int done, int total)
{
    m_progress->setMaximum(total);
    m_progress->setValue(done);
    const int notStopped = m_run ? m_run->notStoppedCount() : 0;
    const bool start = m_run && m_run->action() == RunAction::Start;
    m_progress->setFormat(!notStopped ? tr("%v / %m")
                          : start     ? tr("%v / %m · %1 not restarted").arg(notStopped)
                                      : tr("%v / %m · %1 not stopped").arg(notStopped));
}

void MainWindow::onPaceChanged(double latencyMs, double callsPerSecond, int inFlight)
{
    // What the operator needs when a far gateway is slow: it answers in N ms, we send N calls/s.
    m_pace->setText(tr("latency %1 ms · %2 calls/s · %3 in flight")
                        .arg(qRound(latencyMs))
                        .arg(callsPerSecond, 0, 'f', 1)
                        .arg(inFlight));
}

QString MainWindow::paceText() const
{
    return m_pace->text();
}

QString MainWindow::teamText() const
{
    return m_teamStatus->text();
}

void MainWindow::onRunFinished()
{
    if (!m_run)
        return;
    m_progress->hide();
    const Report::Summary s = m_run->summary();
    const bool cancelled = m_run->job() && m_run->job()->wasCancelled();
    const bool start = m_run->action() == RunAction::Start;
    const QString what =
        start ? (cancelled ? tr("Cancelled: %1 restarted, %2 failed, %3 unknown, %4 not sent")
                           : tr("Done: %1 restarted, %2 failed, %3 unknown, %4 not sent"))
              : (cancelled ? tr("Cancelled: %1 stopped, %2 failed, %3 unknown, %4 not sent")
                           : tr("Done: %1 stopped, %2 failed, %3 unknown, %4 not sent"));
    // Undo (Ctrl+Z) restarts what this stop stopped, while those rows still show Stopped.
    m_undoIds.clear();
    if (!start) {
        m_run->forEachReportRow([this](const StreamOutcome &o) {
            if (o.status == StreamStatus::Succeeded)
                m_undoIds.append(o.streamId);
        });
    }
    m_pace->setText(tr("%n call(s) in %1 s", nullptr, m_run->callsStarted())
                        .arg(m_runClock.elapsed() / 1000.0, 0, 'f', 1));
    m_lastSummary = what.arg(s.stopped).arg(s.failed).arg(s.unknown).arg(s.skipped);
    m_summary->setText(m_lastSummary);
    if (const QString problem = m_run->problem(); !problem.isEmpty())
        showBanner(problem);
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
    if (m_run->action() == RunAction::Start) {
        // "Recording until Tue 21:40": the longest a restarted row may read.
        const QDateTime now = QDateTime::currentDateTime();
        statusWidth =
            qMax(statusWidth,
                 m_table->fontMetrics().horizontalAdvance(
                     StreamTableModel::recordingUntilText(now.addDays(1).toSecsSinceEpoch(), now)));
    }
    m_table->setColumnWidth(StreamTableModel::StatusColumn,
                            statusWidth + m_table->iconSize().width() + 40);
    updateActions();
    updateDetails();
}

void MainWindow::showBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->show();
}

void MainWindow::hideBanner()
{
    m_banner->clear();
    m_banner->hide();
}

QString MainWindow::bannerText() const
{
    return m_banner->isVisible() ? m_banner->text() : QString();
}

void MainWindow::updateActions()
{
    MainActions::State state;
    state.busy = running();
    state.hasRows = m_model->rowCount() > 0;
    state.retryable = !state.busy && m_model->needsRetryCount() > 0;
    state.hasSelection = m_table->selectionModel()->hasSelection();
    state.undoable = int(undoableIds().size());
    if (!state.busy) {
        for (int r : selectedSourceRows()) {
            if (m_model->isRestartable(r)) {
                state.restartable = true;
                break;
            }
        }
    }
    m_stopButton->setEnabled(!state.busy && state.hasRows);
    m_retryButton->setEnabled(state.retryable);
    m_cancelButton->setEnabled(state.busy);
    m_profileBar->setEnabled(!state.busy);
    m_actions->update(state);
    updateShownCount();
}

// --- details ---------------------------------------------------------------------------------

QString MainWindow::curlForRow(int sourceRow) const
{
    return m_details->curlFor(m_model->outcomeAt(sourceRow));
}

void MainWindow::updateDetails()
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
    d.vendor = m_model->vendor();
    m_details->showRow(d);
}

QString MainWindow::detailsText() const
{
    return m_details->text();
}

QString MainWindow::closePromptText() const
{
    const int done = m_run ? m_run->doneCount() : 0;
    const int total = m_run ? int(m_run->sendableIds().size()) : 0;
    return tr("A stop is running: %1 of %2 streams are done.\n\nIf you quit now, no further call "
              "is sent; calls already sent are marked Unknown.")
        .arg(done)
        .arg(total);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (running()) {
        // The count moves while the question is open; the choices say what they do.
        if (!Prompt::confirmLive(
                this, tr("Quit during a stop"), [this] { return closePromptText(); },
                tr("Stop sending and quit"), tr("Keep running"))) {
            event->ignore();
            return;
        }
        if (running())
            m_run->cancel();
    }
    saveSettings();
    event->accept();
}

} // namespace cdnrec
