// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "altletters.h"
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
#include "roompicker.h"
#include "streamfilterproxy.h"
#include "streamidedit.h"
#include "streamlistpanel.h"
#include "streamtablemodel.h"
#include "teampage.h"
#include "teamstatus.h"
#include <store/profilestore.h>
#include <store/secretstore.h>
#include <store/settings.h>

#include <QCloseEvent>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
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
      m_profiles(new ProfileStore(this)), m_secrets(new SecretStore(this)),
      m_runs(new RunController(m_model, m_profiles, m_secrets, m_practice, this))
{
    setObjectName(QStringLiteral("MainWindow"));
    m_proxy->setSourceModel(m_model);
    buildUi();
    // Alt+letter of a disabled button types nothing into a field or chooses nothing in a box.
    AltLetters::guard(this);
    m_actions = new MainActions(this, m_list->table());
    connectActions();
    connectRuns();
    retranslate();
    restoreSettings();
    connect(m_profiles, &ProfileStore::changed, m_profileBar, &ProfileBar::reload);
    m_vendorSeen = m_profileBar->vendor();
    connect(m_profileBar, &ProfileBar::profileChanged, this, &MainWindow::onProfileSwitched);
    connect(m_profileBar->vendorBox(), &QComboBox::activated, this,
            [this] { m_vendorSeen = m_profileBar->vendor(); });
    chainFocus();
    setAcceptDrops(true);
    // The practice simulator starts on the first Stop that needs it: QHttpServer and its TLS
    // plugins cost as much time and memory as the whole window, and most runs use a real profile.
    updateActions();
    m_list->updateDetails();
    // Typing at start-up goes into the list, never into the profile box.
    m_list->idField()->setFocus(Qt::OtherFocusReason);
    m_teamStatus->startWhenConfigured();
}

MainWindow::~MainWindow()
{
    // The run (and the history it writes into) goes while the table it feeds is still here.
    delete m_runs;
}

void MainWindow::buildUi()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addLayout(buildTopRow(central));
    layout->addWidget(buildBanner(central));
    m_list = new StreamListPanel(m_model, m_proxy, m_runs, central);
    layout->addWidget(m_list, 1);
    setCentralWidget(central);
    buildStatusBar();
    connectWidgets();
}

QLayout *MainWindow::buildTopRow(QWidget *central)
{
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
    return top;
}

QWidget *MainWindow::buildBanner(QWidget *central)
{
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
    return m_banner;
}

void MainWindow::buildStatusBar()
{
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
}

void MainWindow::connectWidgets()
{
    connect(m_stopButton, &QPushButton::clicked, this, [this] { startStop(false); });
    connect(m_retryButton, &QPushButton::clicked, this, [this] { startStop(true); });
    connect(m_cancelButton, &QPushButton::clicked, this, &MainWindow::cancelStop);
    connect(m_list, &StreamListPanel::problem, this, &MainWindow::showBanner);
    connect(m_list, &StreamListPanel::changed, this, &MainWindow::updateActions);
    connect(m_list, &StreamListPanel::roomEntered, this, &MainWindow::findStreamsInRoom);
    connect(m_list, &StreamListPanel::typedChanged, this, &MainWindow::updateActions);
    connect(m_list, &StreamListPanel::cleared, m_pace, &QLabel::clear);
    for (QAbstractItemModel *m :
         {static_cast<QAbstractItemModel *>(m_model), static_cast<QAbstractItemModel *>(m_proxy)}) {
        connect(m, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateActions);
        connect(m, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateActions);
        connect(m, &QAbstractItemModel::modelReset, this, &MainWindow::updateActions);
    }
}

void MainWindow::connectActions()
{
    using A = MainActions;
    m_actions->on(A::Profiles, this, &MainWindow::openProfiles);
    m_actions->on(A::ImportIds, m_list, &StreamListPanel::importDialog);
    m_actions->on(A::ExportResults, m_list, &StreamListPanel::exportDialog);
    m_actions->on(A::Quit, this, &QWidget::close);
    m_actions->on(A::Undo, this, &MainWindow::undoLastStop);
    m_actions->on(A::Paste, m_list, &StreamListPanel::paste);
    m_actions->on(A::Copy, m_list, &StreamListPanel::copySelection);
    m_actions->on(A::Delete, m_list, &StreamListPanel::deleteSelected);
    m_actions->on(A::Clear, m_list, &StreamListPanel::clearAll);
    m_actions->on(A::Find, m_list, &StreamListPanel::focusFilter);
    m_actions->on(A::FindInRoom, this, [this] { findStreamsInRoom(); });
    m_actions->on(A::Preferences, this, &MainWindow::openPreferences);
    m_actions->on(A::Stop, this, [this] { startStop(false); });
    m_actions->on(A::Retry, this, [this] { startStop(true); });
    m_actions->on(A::Restart, this, &MainWindow::restartSelected);
    m_actions->on(A::Cancel, this, &MainWindow::askCancel); // Esc asks first, as Ctrl+Q does
    m_actions->on(A::History, this, &MainWindow::openHistory);
}

void MainWindow::connectRuns()
{
    connect(m_runs, &RunController::problem, this, &MainWindow::showBanner);
    connect(m_runs, &RunController::readingSecret, this, [this](const QString &text) {
        m_stopButton->setEnabled(false);
        m_list->setSummary(text);
    });
    connect(m_runs, &RunController::secretNeeded, this, &MainWindow::askSecret);
    connect(m_runs, &RunController::notSent, this, [this] {
        m_list->report(QString(), 0, 0, 0);
        updateActions();
    });
    connect(m_runs, &RunController::started, this, &MainWindow::onRunStarted);
    connect(m_runs, &RunController::runningChanged, this, &MainWindow::updateActions);
    connect(m_runs, &RunController::streamChanged, m_list, &StreamListPanel::followOutcome);
    connect(m_runs, &RunController::callFinished, m_list->details(), &DetailsPane::keepCall);
    connect(m_runs, &RunController::progress, this, &MainWindow::onProgress);
    connect(m_runs, &RunController::paceChanged, this, &MainWindow::onPaceChanged);
    connect(m_runs, &RunController::finished, this, &MainWindow::onRunFinished);
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
    m_progress->setAccessibleName(tr("Progress"));
    m_pace->setAccessibleName(tr("Pace"));
    m_teamStatus->retranslate();
    m_banner->setAccessibleName(tr("Problem"));
    m_stopButton->setAccessibleName(tr("Stop recordings"));
    m_retryButton->setAccessibleName(tr("Retry failed and unknown streams"));
    m_cancelButton->setAccessibleName(tr("Cancel the run"));
    m_actions->retranslate();
    m_list->retranslate();
    if (currentRun() && currentRun()->isFinished())
        m_pace->setText(m_runs->callsText());
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
    m_list->splitter()->restoreState(Settings::value(Settings::Key::WindowSplitter).toByteArray());
    m_profileBar->selectProfile(Settings::value(Settings::Key::ConsoleProfile).toString());
    if (const auto v = vendorFromString(Settings::value(Settings::Key::ConsoleVendor).toString()))
        setVendor(*v);
    if (Settings::value(Settings::Key::WindowGeometry).toByteArray().isEmpty())
        resize(1180, 720);
}

void MainWindow::saveSettings() const
{
    Settings::setValue(Settings::Key::WindowGeometry, saveGeometry());
    Settings::setValue(Settings::Key::WindowSplitter, m_list->splitter()->saveState());
    Settings::setValue(Settings::Key::ConsoleVendor, vendorWireName(m_profileBar->vendor()));
    Settings::setValue(Settings::Key::ConsoleProfile, currentProfile());
}

void MainWindow::setVendor(Vendor vendor)
{
    m_profileBar->setVendor(vendor);
    m_vendorSeen = vendor;
}

void MainWindow::chainFocus()
{
    // Tab: the ID field, Add, the list and its details; then who and where (profile, vendor);
    // then the actions, Stop first; then the filter, and back to the ID field. Stop is never
    // next to the ID field either way: a space typed after a Tab or a Shift+Tab never presses it.
    QList<QWidget *> chain = m_list->listFocusChain();
    chain << m_profileBar->profileBox() << m_profileBar->vendorBox() << m_stopButton
          << m_retryButton << m_cancelButton;
    chain << m_list->filterFocusChain();
    for (qsizetype i = 1; i < chain.size(); ++i)
        setTabOrder(chain.at(i - 1), chain.at(i));
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
    const std::optional<RunController::Interrupted> offer = m_runs->interruptedRun();
    if (!offer)
        return;
    const bool load =
        Prompt::confirm(this, offer->question.title, offer->question.text, offer->question.accept);
    m_runs->answeredInterrupted(*offer); // asked once: loaded or declined, never again
    if (!load)
        return;
    m_runs->loadInterrupted(*offer);
    m_list->report(
        tr("Loaded %n stream(s) of run %1", nullptr, int(offer->ids.size())).arg(offer->runId), 0,
        0, 0);
    updateActions();
    // An interrupted restart goes on as a restart, under its run's profile (never a stop).
    if (offer->action == RunAction::Start)
        restartStreams(offer->ids, offer->profile, offer->vendor);
}

void MainWindow::findStreamsInRoom(const QString &room)
{
    QString problem;
    const std::optional<RoomSource> source =
        RoomSource::of(currentProfile(), m_profiles, m_secrets, m_practice, &problem);
    if (!source) {
        showBanner(problem);
        return;
    }
    if (const auto chosen = RoomPicker::pick(this, *source, room))
        m_list->addRoomStreams(*chosen);
}

void MainWindow::openProfiles()
{
    auto *dialog = new ProfileDialog(m_profiles, m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!currentProfile().isEmpty())
        dialog->selectProfile(currentProfile());
    dialog->open();
}

void MainWindow::openPreferences()
{
    auto *dialog = new PreferencesDialog(m_secrets, this);
    // Connected for the first time: team mode starts now, not at the next start.
    connect(dialog->teamPage(), &TeamPage::changed, m_teamStatus, &TeamStatus::startIfNew);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

// --- the list, by drag and drop ----------------------------------------------------------------

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
                m_list->importFile(url.toLocalFile());
        }
    } else if (mime->hasText()) {
        m_list->addText(mime->text());
    }
    event->acceptProposedAction();
}

// --- the run ---------------------------------------------------------------------------------

void MainWindow::startStop(bool onlyRetry)
{
    if (running())
        return;
    // A failed restart is retried as a restart: Retry never stops what a restart was for.
    if (onlyRetry) {
        if (const std::optional<RunController::Restart> restart = m_runs->retryOfRestart()) {
            restartStreams(restart->ids, restart->profile, restart->vendor);
            return;
        }
    }
    // An ID typed and not entered is part of the list Stop sends, as Enter would have made it.
    if (!onlyRetry)
        m_list->addPendingText();
    // Stop takes what was not sent, or failed, or said nothing; a selected row sent already goes
    // again only when the operator checks the question's box (never by being selected).
    const RunController::StopSet set = onlyRetry
                                           ? RunController::StopSet{m_runs->idsToStop(true), {}, {}}
                                           : m_runs->stopSet(m_list->selectedSourceRows());
    if (set.ids.isEmpty() && set.again.isEmpty()) {
        m_list->report(onlyRetry ? tr("Nothing to retry: no stream Failed or is Unknown")
                                 : m_runs->nothingToStopText(),
                       0, 0, 0);
        return;
    }
    std::optional<RunController::Plan> plan = m_runs->planStop(
        currentProfile(), m_profileBar->vendor(), set.ids.isEmpty() ? set.again : set.ids);
    if (!plan)
        return;
    const RunController::Question q = m_runs->stopQuestion(*plan, onlyRetry, set.again);
    bool again = false;
    if (q.option.isEmpty()
            ? !Prompt::confirm(this, q.title, q.text, q.accept)
            : !Prompt::confirmWithOption(this, q.title, q.text, q.accept,
                                         {q.option, q.acceptAgain, set.ids.isEmpty()}, &again))
        return;
    if (again && !set.ids.isEmpty())
        plan = m_runs->planStop(currentProfile(), m_profileBar->vendor(), set.all);
    if (plan)
        send(std::move(*plan));
}

void MainWindow::send(RunController::Plan plan)
{
    hideBanner();
    m_runs->send(std::move(plan));
}

void MainWindow::askSecret(const QString &profile, const QString &question)
{
    Q_UNUSED(profile)
    m_runs->answerSecret(Prompt::secret(this, tr("ServerSecret needed"), question));
}

// --- undo: restarting recordings -------------------------------------------------------------

void MainWindow::undoLastStop()
{
    QList<int> rows;
    for (const QString &id : m_runs->undoableIds())
        rows.append(m_model->rowOf(id));
    if (rows.isEmpty()) {
        m_list->report(
            tr("Nothing to undo: the last run stopped no stream that is still shown Stopped"), 0, 0,
            0);
        return;
    }
    restartRows(rows);
}

void MainWindow::restartSelected()
{
    const QList<int> selected = m_list->selectedSourceRows();
    const QList<int> rows = m_runs->restartableRows(selected);
    if (rows.isEmpty()) {
        m_list->report(tr("Nothing to restart: select streams shown Stopped"), 0, 0, 0);
        return;
    }
    // Rows of the selection that are not Stopped are left out, and the question says so.
    const int left = int(selected.size() - rows.size());
    restartRows(rows,
                left ? tr("%n selected stream(s) not shown Stopped are left out.", nullptr, left)
                     : QString());
}

void MainWindow::restartRows(const QList<int> &rows, const QString &note)
{
    if (const std::optional<RunController::Restart> restart = m_runs->restartOf(rows))
        restartStreams(restart->ids, restart->profile, restart->vendor, note);
}

void MainWindow::restartStreams(const QStringList &ids, const QString &profileName, Vendor vendor,
                                const QString &note)
{
    if (running() || ids.isEmpty())
        return;
    confirmRestart(m_runs->planRestart({ids, profileName, vendor}), note);
}

void MainWindow::restartHistoryRun(qint64 runId)
{
    if (running()) {
        showBanner(tr("Run %1 is not restarted now: a run is going on here. Restart it once it "
                      "has ended.")
                       .arg(runId));
        return;
    }
    // A second undo says when the first was, and asks.
    QString ask;
    std::optional<RunController::Plan> plan =
        m_runs->planUndoOf(runId, m_profileBar->vendor(), false, &ask);
    if (!plan && !ask.isEmpty() &&
        Prompt::confirm(this, tr("Restart again"), ask, tr("Restart again")))
        plan = m_runs->planUndoOf(runId, m_profileBar->vendor(), true);
    confirmRestart(std::move(plan));
}

void MainWindow::confirmRestart(std::optional<RunController::Plan> plan, const QString &note)
{
    if (!plan)
        return;
    RestartDialog dialog(int(plan->run.sendableIds().size()),
                         note.isEmpty() ? plan->where : note + u"\n\n" + plan->where, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    plan->run.options.startForSecs = dialog.forSecs();
    plan->run.options.startUntil = dialog.untilSecs();
    send(std::move(*plan));
}

// --- a run's progress ------------------------------------------------------------------------

void MainWindow::cancelStop()
{
    m_runs->cancel();
}

void MainWindow::askCancel()
{
    if (!running())
        return;
    if (Prompt::confirmLive(
            this, tr("Cancel the run"), [this] { return m_runs->cancelQuestionText(); },
            tr("Cancel the run"), tr("Keep running")))
        m_runs->cancel();
}

void MainWindow::onProfileSwitched()
{
    // A profile brings its vendor: a change of vendor is said, never silent.
    const Vendor now = m_profileBar->vendor();
    if (now != m_vendorSeen && !currentProfile().isEmpty())
        m_list->report(
            tr("The profile “%1” uses %2: the vendor was %3.")
                .arg(currentProfile(), vendorDisplayName(now), vendorDisplayName(m_vendorSeen)),
            0, 0, 0);
    m_vendorSeen = now;
}

void MainWindow::onRunStarted(int total)
{
    m_progress->setRange(0, total);
    m_progress->setValue(0);
    m_progress->setFormat(m_runs->progressFormat());
    m_progress->show();
    m_pace->clear();
    // The last run's figures are not this one's.
    m_list->showOutcome(currentRun() && currentRun()->action() == RunAction::Start
                            ? tr("Restarting %n stream(s)…", nullptr, total)
                            : tr("Stopping %n stream(s)…", nullptr, total));
}

void MainWindow::onProgress(int done, int total)
{
    m_progress->setMaximum(total);
    m_progress->setValue(done);
    m_progress->setFormat(m_runs->progressFormat());
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
    m_progress->hide();
    m_pace->setText(m_runs->callsText());
    m_list->showOutcome(m_runs->outcomeText());
    if (const QString problem = currentRun()->problem(); !problem.isEmpty())
        showBanner(problem);
    m_list->fitColumns(currentRun()->action());
    updateActions();
    m_list->updateDetails();
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
    state.typed = !m_list->idField()->text().trimmed().isEmpty();
    state.retryable =
        !state.busy && (m_model->needsRetryCount() > 0 || m_runs->retryOfRestart().has_value());
    state.hasSelection = m_list->table()->selectionModel()->hasSelection();
    state.undoable = int(m_runs->undoableIds().size());
    state.restartable = !state.busy && m_runs->anyRestartable(m_list->selectedSourceRows());
    m_stopButton->setEnabled(!state.busy && (state.hasRows || state.typed));
    m_retryButton->setEnabled(state.retryable);
    m_cancelButton->setEnabled(state.busy);
    m_profileBar->setEnabled(!state.busy);
    m_actions->update(state);
    m_list->updateShownCount();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (running()) {
        // The count moves while the question is open; the choices say what they do.
        if (!Prompt::confirmLive(
                this, tr("Quit during a stop"), [this] { return m_runs->closeQuestionText(); },
                tr("Stop sending and quit"), tr("Keep running"))) {
            event->ignore();
            return;
        }
        m_runs->cancel();
    }
    saveSettings();
    event->accept();
}

} // namespace cdnrec
