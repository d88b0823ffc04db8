// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "history.h"
#include "historydialog.h"
#include "practiceendpoint.h"
#include "preferencesdialog.h"
#include "profiledialog.h"
#include "profilestore.h"
#include "prompt.h"
#include "report.h"
#include "returncodes.h"
#include "safefile.h"
#include "secretstore.h"
#include "streamfilterproxy.h"
#include "streamtablemodel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QTranslator>
#include <QVBoxLayout>

#include <cstdlib>

namespace cdnrec {

namespace {

// Answers kept for the details pane: enough for any real answer, bounded for 100,000 rows.
constexpr int kMaxStoredBody = 64 * 1024;

QString html(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new StreamTableModel(this))
    , m_proxy(new StreamFilterProxy(this))
    , m_practice(new PracticeEndpoint(this))
    , m_profiles(new ProfileStore(this))
    , m_secrets(new SecretStore(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    m_proxy->setSourceModel(m_model);
    buildUi();
    buildMenus();
    retranslate();
    restoreSettings();
    connect(m_profiles, &ProfileStore::changed, this, &MainWindow::reloadProfiles);
    connect(m_profile, &QComboBox::currentIndexChanged, this, &MainWindow::onProfileChanged);
    setAcceptDrops(true);
    // The practice simulator starts on the first Stop that needs it: QHttpServer and its TLS
    // plugins cost as much time and memory as the whole window, and most runs use a real profile.
    updateActions();
    updateDetails();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    // Who and where: profile, its environment, the vendor; the primary actions at the right.
    auto *top = new QHBoxLayout;
    m_profileLabel = new QLabel(central);
    m_profile = new QComboBox(central);
    m_profile->setObjectName(QStringLiteral("profile"));
    m_profile->setMinimumContentsLength(18);
    m_profileLabel->setBuddy(m_profile);
    m_profileBadge = new QLabel(central);
    m_profileBadge->setObjectName(QStringLiteral("profileBadge"));
    // Palettes, not style sheets: a style sheet builds a QStyleSheetStyle at start-up.
    const auto paint = [](QLabel *label, const QColor &background, const QColor &text) {
        QPalette p = label->palette();
        p.setColor(QPalette::Window, background);
        p.setColor(QPalette::WindowText, text);
        label->setPalette(p);
        label->setAutoFillBackground(true);
    };
    m_profileBadge->setAutoFillBackground(true);
    m_profileBadge->setMargin(4);
    QFont badgeFont = m_profileBadge->font();
    badgeFont.setBold(true);
    m_profileBadge->setFont(badgeFont);
    m_vendorLabel = new QLabel(central);
    m_vendor = new QComboBox(central);
    m_vendor->setObjectName(QStringLiteral("vendor"));
    m_vendorLabel->setBuddy(m_vendor);
    for (Vendor v : {Vendor::Tencent, Vendor::Ws, Vendor::Huawei})
        m_vendor->addItem(QString(), int(v));
    m_stopButton = new QPushButton(central);
    m_stopButton->setObjectName(QStringLiteral("stop"));
    m_stopButton->setDefault(false);
    m_stopButton->setAutoDefault(false);
    QFont bold = m_stopButton->font();
    bold.setBold(true);
    m_stopButton->setFont(bold);
    m_cancelButton = new QPushButton(central);
    m_cancelButton->setObjectName(QStringLiteral("cancel"));
    m_retryButton = new QPushButton(central);
    m_retryButton->setObjectName(QStringLiteral("retry"));
    top->addWidget(m_profileLabel);
    top->addWidget(m_profile);
    top->addWidget(m_profileBadge);
    top->addSpacing(16);
    top->addWidget(m_vendorLabel);
    top->addWidget(m_vendor);
    top->addStretch(1);
    top->addWidget(m_retryButton);
    top->addWidget(m_cancelButton);
    top->addWidget(m_stopButton);
    layout->addLayout(top);

    // Job-level problems: one banner, never a storm of dialogs.
    m_banner = new QLabel(central);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    paint(m_banner, QColor(0xfd, 0xec, 0xea), QColor(0x61, 0x1a, 0x15));
    m_banner->setMargin(6);
    m_banner->setFrameShape(QFrame::Box);
    m_banner->hide();
    layout->addWidget(m_banner);

    // The list: add, filter.
    auto *edit = new QHBoxLayout;
    m_addLine = new QLineEdit(central);
    m_addLine->setObjectName(QStringLiteral("addLine"));
    m_addLine->setClearButtonEnabled(true);
    m_addButton = new QPushButton(central);
    m_filter = new QLineEdit(central);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setClearButtonEnabled(true);
    m_failedOnly = new QCheckBox(central);
    m_failedOnly->setObjectName(QStringLiteral("failedOnly"));
    edit->addWidget(m_addLine, 3);
    edit->addWidget(m_addButton);
    edit->addSpacing(16);
    edit->addWidget(m_filter, 2);
    edit->addWidget(m_failedOnly);
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
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->verticalHeader()->hide();
    // Request IDs and long stream IDs elide in the middle: both ends stay readable.
    m_table->setTextElideMode(Qt::ElideMiddle);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(StreamTableModel::MessageColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(48);
    m_table->setColumnWidth(StreamTableModel::StreamIdColumn, 190);
    m_table->setColumnWidth(StreamTableModel::StatusColumn, 100);
    m_table->setColumnWidth(StreamTableModel::CodeColumn, 120);
    m_table->setColumnWidth(StreamTableModel::VendorRequestIdColumn, 120);
    m_table->setColumnWidth(StreamTableModel::RequestIdColumn, 120);
    m_table->setColumnWidth(StreamTableModel::AttemptsColumn, 64);

    auto *detailsBox = new QWidget(m_splitter);
    auto *detailsLayout = new QVBoxLayout(detailsBox);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    m_details = new QTextBrowser(detailsBox);
    m_details->setObjectName(QStringLiteral("details"));
    m_details->setOpenExternalLinks(false);
    m_copyCurl = new QPushButton(detailsBox);
    m_copyCurl->setObjectName(QStringLiteral("copyCurl"));
    detailsLayout->addWidget(m_details);
    detailsLayout->addWidget(m_copyCurl);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(detailsBox);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({900, 300});
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setMaximumWidth(260);
    m_progress->hide();
    m_pace = new QLabel(this);
    statusBar()->addPermanentWidget(m_pace);
    statusBar()->addPermanentWidget(m_progress);

    connect(m_addLine, &QLineEdit::returnPressed, this, &MainWindow::addFromLine);
    connect(m_addButton, &QPushButton::clicked, this, &MainWindow::addFromLine);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &StreamFilterProxy::setText);
    connect(m_failedOnly, &QCheckBox::toggled, m_proxy, &StreamFilterProxy::setNeedsRetryOnly);
    connect(m_stopButton, &QPushButton::clicked, this, [this] { startStop(false); });
    connect(m_retryButton, &QPushButton::clicked, this, [this] { startStop(true); });
    connect(m_cancelButton, &QPushButton::clicked, this, &MainWindow::cancelStop);
    connect(m_copyCurl, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
        if (current.isValid())
            QGuiApplication::clipboard()->setText(curlForRow(current.row()));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::updateDetails);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateActions);
}

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_profilesAction = m_fileMenu->addAction(QString(), this, &MainWindow::openProfiles);
    m_profilesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_fileMenu->addSeparator();
    m_importAction = m_fileMenu->addAction(QString(), this, &MainWindow::importDialog);
    m_importAction->setShortcut(QKeySequence::Open);
    m_exportAction = m_fileMenu->addAction(QString(), this, &MainWindow::exportDialog);
    m_exportAction->setShortcut(QKeySequence::Save);
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    m_editMenu = menuBar()->addMenu(QString());
    m_pasteAction = m_editMenu->addAction(QString(), this, &MainWindow::paste);
    m_pasteAction->setShortcut(QKeySequence::Paste);
    m_copyAction = m_editMenu->addAction(QString(), this, &MainWindow::copySelection);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_deleteAction = m_editMenu->addAction(QString(), this, &MainWindow::deleteSelected);
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_clearAction = m_editMenu->addAction(QString(), this, &MainWindow::clearAll);
    m_editMenu->addSeparator();
    m_filterAction = m_editMenu->addAction(QString(), this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    m_filterAction->setShortcut(QKeySequence::Find);
    m_preferencesAction = m_editMenu->addAction(QString(), this, [this] {
        auto *dialog = new PreferencesDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    m_preferencesAction->setShortcut(QKeySequence::Preferences);
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);
    // Window-wide shortcuts would steal Ctrl+V and Del from the text fields: these act on the
    // table only (and from the menu).
    for (QAction *a : {m_pasteAction, m_copyAction, m_deleteAction})
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addActions({m_pasteAction, m_copyAction, m_deleteAction});

    m_runMenu = menuBar()->addMenu(QString());
    m_stopAction = m_runMenu->addAction(QString(), this, [this] { startStop(false); });
    m_stopAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_retryAction = m_runMenu->addAction(QString(), this, [this] { startStop(true); });
    m_retryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_cancelAction = m_runMenu->addAction(QString(), this, &MainWindow::cancelStop);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));

    m_viewMenu = menuBar()->addMenu(QString());
    m_historyAction = m_viewMenu->addAction(QString(), this, &MainWindow::openHistory);
    m_historyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_languageMenu = m_viewMenu->addMenu(QString());
    auto *group = new QActionGroup(this);
    const auto addLanguage = [&](const QString &code) {
        QAction *a = m_languageMenu->addAction(QString());
        a->setCheckable(true);
        a->setData(code);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [code] {
            QSettings().setValue(QStringLiteral("console/language"), code);
            installLanguage(code);
        });
        return a;
    };
    m_langSystem = addLanguage(QString());
    m_langEnglish = addLanguage(QStringLiteral("en"));
    m_langChinese = addLanguage(QStringLiteral("zh_CN"));
    const QString chosen = QSettings().value(QStringLiteral("console/language")).toString();
    (chosen == QLatin1String("zh_CN") ? m_langChinese
     : chosen == QLatin1String("en")  ? m_langEnglish
                                      : m_langSystem)
        ->setChecked(true);

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString(), this, [this] {
        const QString settings = QSettings().fileName();
        QMessageBox::about(
            this, tr("About cdnrec"),
            tr("<h3>cdnrec %1</h3><p>Stops ZEGO CDN recordings through the StopCDNRecord server "
               "API, one outcome per stream.</p>"
               "<p>Licence: GPL-3.0-or-later.</p>"
               "<p>Settings and profiles: %2<br>ServerSecrets: the system keyring (service "
               "“cdnrec”), never a file.</p>"
               "<p>API reference: <a href=\"https://www.zegocloud.com/docs/video-call-server/"
               "stream-mixing-and-transcoding-apis/stopcdnrecord\">StopCDNRecord</a></p>")
                .arg(QStringLiteral(APP_VERSION), settings.toHtmlEscaped()));
    });
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("cdnrec — stop CDN recordings"));
    m_profileLabel->setText(tr("&Profile:"));
    m_profile->setAccessibleName(tr("Credential profile"));
    reloadProfiles();
    m_vendorLabel->setText(tr("&Vendor:"));
    for (int i = 0; i < m_vendor->count(); ++i) {
        const auto v = Vendor(m_vendor->itemData(i).toInt());
        m_vendor->setItemText(i, vendorDisplayName(v));
    }
    m_vendor->setAccessibleName(tr("CDN vendor"));
    m_stopButton->setText(tr("&Stop recordings"));
    m_stopButton->setToolTip(tr("Stop the CDN recording of every valid stream in the list (Ctrl+Enter)"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Send no further calls; calls in flight are marked Unknown (Esc)"));
    m_retryButton->setText(tr("&Retry failed"));
    m_retryButton->setToolTip(tr("Send again the streams that Failed or are Unknown (Ctrl+Shift+R)"));
    m_addLine->setPlaceholderText(tr("Type or paste stream IDs, then Enter"));
    m_addLine->setAccessibleName(tr("Add stream IDs"));
    m_addButton->setText(tr("&Add"));
    m_filter->setPlaceholderText(tr("Filter by stream ID (Ctrl+F)"));
    m_filter->setAccessibleName(tr("Filter"));
    m_failedOnly->setText(tr("&Failed and unknown only"));
    m_table->setAccessibleName(tr("Streams and their outcomes"));
    m_details->setAccessibleName(tr("Details of the selected stream"));
    m_copyCurl->setText(tr("Copy as &curl (signature redacted)"));
    m_progress->setAccessibleName(tr("Progress"));
    m_banner->setAccessibleName(tr("Problem"));

    m_fileMenu->setTitle(tr("&File"));
    m_profilesAction->setText(tr("&Profiles…"));
    m_importAction->setText(tr("&Import stream IDs…"));
    m_exportAction->setText(tr("&Export results…"));
    m_quitAction->setText(tr("&Quit"));
    m_editMenu->setTitle(tr("&Edit"));
    m_pasteAction->setText(tr("&Paste stream IDs"));
    m_copyAction->setText(tr("&Copy rows"));
    m_deleteAction->setText(tr("&Delete selected"));
    m_clearAction->setText(tr("C&lear list"));
    m_filterAction->setText(tr("&Find"));
    m_preferencesAction->setText(tr("Pre&ferences…"));
    m_runMenu->setTitle(tr("&Run"));
    m_stopAction->setText(tr("&Stop recordings"));
    m_retryAction->setText(tr("&Retry failed and unknown"));
    m_cancelAction->setText(tr("&Cancel"));
    m_viewMenu->setTitle(tr("&View"));
    m_historyAction->setText(tr("&History…"));
    m_languageMenu->setTitle(tr("&Language"));
    m_langSystem->setText(tr("System language"));
    m_langEnglish->setText(QStringLiteral("English"));
    m_langChinese->setText(QStringLiteral("简体中文"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About cdnrec"));
    if (m_summary->text().isEmpty() || m_summary->text() == m_lastSummary)
        report(QString(), 0, 0, 0);
    updateDetails();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::installLanguage(const QString &language)
{
    static QTranslator *app = nullptr;
    static QTranslator *qt = nullptr;
    for (QTranslator **t : {&app, &qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
    // English loads a translation too: the plural forms of "%n stream(s)".
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    app = new QTranslator;
    if (app->load(locale, QStringLiteral("cdnrec"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        || app->load(QStringLiteral(":/i18n/cdnrec_en.qm")))
        QCoreApplication::installTranslator(app);
    qt = new QTranslator;
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

void MainWindow::restoreSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray());
    selectProfile(s.value(QStringLiteral("console/profile")).toString());
    const auto v = vendorFromString(s.value(QStringLiteral("console/vendor")).toString());
    if (v)
        setVendor(*v);
    if (!s.contains(QStringLiteral("window/geometry")))
        resize(1180, 720);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    s.setValue(QStringLiteral("console/vendor"),
               vendorWireName(Vendor(m_vendor->currentData().toInt())));
    s.setValue(QStringLiteral("console/profile"), currentProfile());
}

void MainWindow::setVendor(Vendor vendor)
{
    m_vendor->setCurrentIndex(m_vendor->findData(int(vendor)));
}

QString MainWindow::currentProfile() const
{
    const QString key = m_profile->currentData().toString();
    return key == QLatin1String("practice") ? QString() : key;
}

bool MainWindow::selectProfile(const QString &name)
{
    const int i = m_profile->findData(name.isEmpty() ? QStringLiteral("practice") : name);
    if (i < 0)
        return false;
    m_profile->setCurrentIndex(i);
    return true;
}

QString MainWindow::badgeText() const
{
    return m_profileBadge->text();
}

void MainWindow::reloadProfiles()
{
    const QString current = m_profile->count() ? m_profile->currentData().toString() : QString();
    const QSignalBlocker block(m_profile);
    m_profile->clear();
    m_profile->addItem(tr("Practice (simulator on this computer)"), QStringLiteral("practice"));
    for (const Profile &p : m_profiles->profiles())
        m_profile->addItem(tr("%1 — AppId %2").arg(p.name).arg(p.appId), p.name);
    const int i = m_profile->findData(current);
    m_profile->setCurrentIndex(qMax(0, i));
    onProfileChanged();
}

void MainWindow::onProfileChanged()
{
    const QString name = currentProfile();
    const auto p = name.isEmpty() ? std::nullopt : m_profiles->find(name);
    const auto env = p ? p->environment : Profile::Environment::Practice;
    // Where calls go, at a glance: production is red.
    QColor colour;
    switch (env) {
    case Profile::Environment::Production: colour = QColor(0xc6, 0x28, 0x28); break;
    case Profile::Environment::Staging: colour = QColor(0xb2, 0x6a, 0x00); break;
    case Profile::Environment::Test: colour = QColor(0x1e, 0x5a, 0xa8); break;
    case Profile::Environment::Practice: colour = QColor(0x1f, 0x7a, 0x4d); break;
    }
    QPalette pal = m_profileBadge->palette();
    pal.setColor(QPalette::Window, colour);
    pal.setColor(QPalette::WindowText, Qt::white);
    m_profileBadge->setPalette(pal);
    m_profileBadge->setText(Profile::environmentDisplayName(env));
    m_profileBadge->setAccessibleName(tr("Environment: %1").arg(Profile::environmentDisplayName(env)));
    m_profileBadge->setToolTip(p ? tr("Calls go to %1 for AppId %2.").arg(p->endpoint().host()).arg(p->appId)
                                 : tr("Calls go to a simulator on 127.0.0.1; nothing reaches ZEGO."));
    if (p)
        setVendor(p->vendor);
}

History *MainWindow::history()
{
    if (!m_history) {
        m_history = std::make_unique<History>();
        if (!m_history->problem().isEmpty())
            showBanner(m_history->problem());
        m_history->purgeOlderThan(PreferencesDialog::keepDays());
    }
    return m_history.get();
}

void MainWindow::openHistory()
{
    auto *dialog = new HistoryDialog(history(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &HistoryDialog::loadStreams, this, [this](const QStringList &ids) {
        addText(ids.join(u'\n'));
    });
    dialog->open();
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
    report(r.added ? tr("Added %n stream ID(s)", nullptr, r.added) : tr("Nothing new added"),
           r.duplicates, r.invalid, r.warnings);
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
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import stream IDs"), QString(),
        tr("Stream ID lists (*.txt *.csv *.tsv);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

void MainWindow::report(const QString &what, int duplicates, int invalid, int warnings)
{
    QStringList parts;
    if (!what.isEmpty())
        parts << what;
    if (duplicates)
        parts << tr("%n duplicate(s) skipped", nullptr, duplicates);
    if (invalid)
        parts << tr("%n invalid: hover for the reason; never sent", nullptr, invalid);
    if (warnings)
        parts << tr("%n outside ZEGO's ID rule (sent anyway)", nullptr, warnings);
    const Report::Summary s = Report::summarize([this] {
        QList<StreamOutcome> all;
        all.reserve(m_model->rowCount());
        for (int r = 0; r < m_model->rowCount(); ++r)
            all.append(m_model->outcomeAt(r));
        return all;
    }());
    const QString total = tr("%n stream(s) in the list", nullptr, m_model->rowCount());
    m_lastSummary = parts.isEmpty() ? total : parts.join(QStringLiteral(" · ")) + QStringLiteral(" · ") + total;
    if (s.stopped || s.failed || s.unknown)
        m_lastSummary += QStringLiteral(" · ") + tr("%1 stopped, %2 failed, %3 unknown").arg(s.stopped).arg(s.failed).arg(s.unknown);
    m_summary->setText(m_lastSummary);
    updateActions();
}

QString MainWindow::summaryText() const
{
    return m_summary->text();
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
    m_calls.clear();
    report(QString(), 0, 0, 0);
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
    for (int r = 0; r < m_model->rowCount(); ++r) {
        StreamOutcome o = m_model->outcomeAt(r);
        if (m_model->verdictAt(r) == StreamIds::Verdict::Invalid) {
            o.status = StreamStatus::Skipped;
            o.message = m_model->verdictReasonAt(r);
        }
        all.append(o);
    }
    const QByteArray bytes = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
                                ? QJsonDocument(Report::toJson(all)).toJson(QJsonDocument::Indented)
                                : Report::toCsv(all);
    QString error;
    if (!writeWholeFile(path, bytes, &error)) {
        showBanner(tr("Could not write %1: %2").arg(QFileInfo(path).fileName(), error));
        return false;
    }
    report(tr("Exported %n row(s) to %1", nullptr, int(all.size())).arg(QFileInfo(path).fileName()), 0, 0, 0);
    return true;
}

void MainWindow::exportDialog()
{
    QString selected;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export results"),
        QStringLiteral("cdnrec-%1.csv").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))),
        tr("CSV (*.csv);;JSON (*.json)"), &selected);
    if (!path.isEmpty())
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

// --- the run ---------------------------------------------------------------------------------

void MainWindow::startStop(bool onlyRetry)
{
    if (running())
        return;
    const QStringList ids = m_model->sendableIds(onlyRetry);
    if (ids.isEmpty()) {
        report(onlyRetry ? tr("Nothing to retry: no stream Failed or is Unknown")
                         : tr("Nothing to stop: add stream IDs first"),
               0, 0, 0);
        return;
    }
    const auto vendor = Vendor(m_vendor->currentData().toInt());
    const QString name = currentProfile();
    const auto profile = name.isEmpty() ? std::nullopt : m_profiles->find(name);
    if (!name.isEmpty() && !profile) {
        showBanner(tr("The profile “%1” no longer exists.").arg(name));
        return;
    }
    if (!profile && !m_practice->start()) {
        showBanner(tr("The practice simulator could not listen on 127.0.0.1."));
        return;
    }
    StopTarget target;
    StopOptions options;
    target.vendor = vendor;
    if (profile) {
        target.endpoint = profile->endpoint();
        target.appId = profile->appId;
        target.isTest = profile->isTest;
        options.callsPerSecond = profile->callsPerSecond;
        options.batchSize = profile->batchSize;
    } else {
        target.endpoint = m_practice->url();
        target.appId = m_practice->appId();
    }
    const QString text =
        tr("Stop the CDN recording of %n stream(s)?", nullptr, int(ids.size())) + u"\n\n"
        + tr("Profile: %1").arg(profile ? profile->name : m_profile->currentText()) + u'\n'
        + tr("Environment: %1").arg(m_profileBadge->text()) + u'\n'
        + tr("AppId: %1").arg(target.appId) + u'\n'
        + tr("Endpoint: %1").arg(target.endpoint.host()) + u'\n'
        + tr("Vendor: %1 (%2)").arg(vendorDisplayName(vendor), vendorWireName(vendor));
    if (!Prompt::confirm(this, onlyRetry ? tr("Retry failed streams") : tr("Stop recordings"), text,
                         tr("Stop %n recording(s)", nullptr, int(ids.size()))))
        return;
    hideBanner();
    if (!profile) {
        target.secret = m_practice->secret();
        launch(target, options, ids);
        return;
    }
    // The secret comes from the keyring, without blocking the window.
    m_stopButton->setEnabled(false);
    m_summary->setText(tr("Reading the ServerSecret of “%1” from the keyring…").arg(profile->name));
    m_secrets->read(profile->name, this, [this, target, options, ids, profileName = profile->name](const SecretStore::Result &r) mutable {
        if (r.ok()) {
            target.secret = r.secret;
            launch(target, options, ids);
            return;
        }
        const QString secret = Prompt::secret(
            this, tr("ServerSecret needed"),
            tr("The ServerSecret of “%1” could not be read:\n%2\n\nType it to use it for this "
               "session only (kept in memory, never written to disk).").arg(profileName, r.message));
        if (secret.isEmpty()) {
            showBanner(tr("Not sent: no ServerSecret for “%1”. %2").arg(profileName, r.message));
            report(QString(), 0, 0, 0);
            return;
        }
        m_secrets->setSessionSecret(profileName, secret);
        target.secret = secret;
        launch(target, options, ids);
    });
}

void MainWindow::launch(const StopTarget &target, const StopOptions &options, const QStringList &ids)
{
    // Every run is recorded, each call before it is sent. Without a history nothing is sent,
    // unless the setting history/requireRecording says otherwise.
    History *h = history();
    const bool required = PreferencesDialog::requireRecording();
    History::RunInfo info;
    info.profile = currentProfile();
    info.appId = target.appId;
    info.endpoint = target.endpoint.toString();
    info.vendor = vendorWireName(target.vendor);
    info.streamIds = ids;
    const qint64 runId = h->isOpen() ? h->beginRun(info) : 0;
    if (runId <= 0 && required) {
        showBanner(tr("Not sent: the history cannot record this run (%1).")
                       .arg(h->problem().isEmpty() ? h->lastError() : h->problem()));
        report(QString(), 0, 0, 0);
        return;
    }
    if (runId <= 0)
        showBanner(tr("This run is not recorded in the history (%1).")
                       .arg(h->problem().isEmpty() ? h->lastError() : h->problem()));
    if (StopJob *previous = m_job.data())
        previous->deleteLater();
    m_journal = runId > 0 ? h->journal(runId) : nullptr;
    m_model->resetForRun(ids);
    StopOptions o = options;
    o.requireJournal = required;
    auto *job = new StopJob(target, ids, o, this);
    if (m_journal)
        job->setJournal(m_journal.get());
    m_job = job;
    connect(job, &StopJob::streamChanged, this, &MainWindow::onStreamChanged);
    connect(job, &StopJob::callStarted, this, [this] { ++m_runCalls; });
    connect(job, &StopJob::callFinished, this, &MainWindow::onCallFinished);
    connect(job, &StopJob::progress, this, &MainWindow::onProgress);
    connect(job, &StopJob::problemRaised, this, [this](const QString &message) { showBanner(message); });
    connect(job, &StopJob::finished, this, &MainWindow::onJobFinished);
    m_runCalls = 0;
    m_runNotStopped = 0;
    m_runClock.start();
    m_progress->setRange(0, int(ids.size()));
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v / %m"));
    m_progress->show();
    job->start();
    updateActions();
}

void MainWindow::cancelStop()
{
    if (StopJob *job = m_job.data(); job && job->isRunning())
        job->cancel();
}

bool MainWindow::running() const
{
    const StopJob *job = m_job.data();
    return job && job->isRunning();
}

void MainWindow::onStreamChanged(int row)
{
    const StopJob *job = m_job.data();
    if (!job)
        return;
    const StreamOutcome &o = job->outcome(row);
    // Failed and Unknown are final: each stream reaches one of them at most once per run.
    if (o.status == StreamStatus::Failed || o.status == StreamStatus::Unknown)
        ++m_runNotStopped;
    m_model->applyOutcome(o);
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (current.isValid() && m_model->outcomeAt(current.row()).streamId == o.streamId)
        updateDetails();
}

void MainWindow::onCallFinished(const CallRecord &call)
{
    CallRecord kept = call;
    if (kept.body.size() > kMaxStoredBody)
        kept.body.truncate(kMaxStoredBody);
    m_calls.insert(call.callId, kept);
}

void MainWindow::onProgress(int done, int total)
{
    m_progress->setMaximum(total);
    m_progress->setValue(done);
    m_progress->setFormat(m_runNotStopped ? tr("%v / %m · %1 not stopped").arg(m_runNotStopped)
                                          : tr("%v / %m"));
    const double secs = double(m_runClock.elapsed()) / 1000.0;
    if (secs > 0.2)
        m_pace->setText(tr("%1 calls/s").arg(m_runCalls / secs, 0, 'f', 1));
}

void MainWindow::onJobFinished()
{
    const StopJob *job = m_job.data();
    if (!job)
        return;
    m_progress->hide();
    const Report::Summary s = Report::summarize(job->outcomes());
    const QString what = job->wasCancelled()
                             ? tr("Cancelled: %1 stopped, %2 failed, %3 unknown, %4 not sent")
                             : tr("Done: %1 stopped, %2 failed, %3 unknown, %4 not sent");
    m_pace->setText(tr("%n call(s) in %1 s", nullptr, m_runCalls).arg(m_runClock.elapsed() / 1000.0, 0, 'f', 1));
    m_lastSummary = what.arg(s.stopped).arg(s.failed).arg(s.unknown).arg(s.skipped);
    m_summary->setText(m_lastSummary);
    // Problems of the whole run get one banner (credentials are raised by the job itself).
    if (!job->reachedEndpoint() && job->callCount() > 0 && !job->wasCancelled())
        showBanner(tr("Could not reach %1: no call was answered. Check the network and the "
                      "profile's endpoint.").arg(job->endpoint().host()));
    else if (std::abs(job->clockOffsetSecs()) > 60)
        showBanner(tr("This computer's clock is %1 s off the gateway's; cdnrec corrected the "
                      "Timestamps. Set the clock right (NTP).").arg(job->clockOffsetSecs()));
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
    const bool busy = running();
    const bool hasRows = m_model->rowCount() > 0;
    const bool retryable = !busy && m_model->needsRetryCount() > 0;
    m_stopButton->setEnabled(!busy && hasRows);
    m_stopAction->setEnabled(!busy && hasRows);
    m_retryButton->setEnabled(retryable);
    m_retryAction->setEnabled(retryable);
    m_cancelButton->setEnabled(busy);
    m_cancelAction->setEnabled(busy);
    m_profile->setEnabled(!busy);
    m_vendor->setEnabled(!busy);
    m_deleteAction->setEnabled(!busy && m_table->selectionModel()->hasSelection());
    m_clearAction->setEnabled(!busy && hasRows);
    m_exportAction->setEnabled(hasRows);
}

// --- details ---------------------------------------------------------------------------------

QString MainWindow::curlForRow(int sourceRow) const
{
    const StreamOutcome &o = m_model->outcomeAt(sourceRow);
    const auto it = m_calls.constFind(o.callId);
    if (it == m_calls.constEnd())
        return QString();
    // The URL was redacted when the call was made: no secret, no signature.
    return QStringLiteral("curl -sS '%1'").arg(it->redactedUrl);
}

void MainWindow::updateDetails()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_details->setHtml(tr("<p>Select a row to see its details: the answer of its call, "
                              "what the code means, and what to do.</p>"));
        m_copyCurl->setEnabled(false);
        return;
    }
    const int row = current.row();
    const StreamOutcome &o = m_model->outcomeAt(row);
    QString h = QStringLiteral("<h3>%1</h3>").arg(html(o.streamId));
    const auto line = [&h](const QString &label, const QString &value) {
        if (!value.isEmpty())
            h += QStringLiteral("<p><b>%1</b> %2</p>").arg(html(label), html(value));
    };
    if (m_model->verdictAt(row) != StreamIds::Verdict::Ok)
        line(tr("Stream ID:"), m_model->verdictReasonAt(row));
    line(tr("Status:"), m_model->index(row, StreamTableModel::StatusColumn).data().toString());
    line(tr("Code:"), o.code);
    if (o.codeIsZego) {
        const CodeInfo info = ReturnCodes::lookup(o.code.toLongLong());
        line(tr("Meaning:"), info.meaning);
        line(tr("What to do:"), info.advice);
    }
    line(tr("Message:"), o.message);
    line(tr("Vendor request ID:"), o.vendorRequestId);
    line(tr("ZEGO request ID:"), o.requestId);
    if (o.attempts)
        line(tr("Attempts:"), QString::number(o.attempts));
    if (o.earlierAttemptUnanswered)
        line(tr("Note:"), tr("an earlier attempt went unanswered; it may have stopped the recording"));
    const auto it = m_calls.constFind(o.callId);
    if (it != m_calls.constEnd()) {
        h += QStringLiteral("<hr><p><b>%1</b></p>").arg(html(tr("Call %1, attempt %2").arg(it->callId).arg(it->attempt)));
        line(tr("Request:"), QStringLiteral("GET ") + it->redactedUrl);
        line(tr("HTTP status:"), it->httpStatus ? QString::number(it->httpStatus) : tr("no answer"));
        line(tr("Took:"), tr("%1 ms").arg(it->durationMs));
        line(tr("Problem:"), it->error);
        QJsonParseError e{};
        const QJsonDocument doc = QJsonDocument::fromJson(it->body, &e);
        const QString raw = e.error == QJsonParseError::NoError
                                ? QString::fromUtf8(doc.toJson(QJsonDocument::Indented))
                                : QString::fromUtf8(it->body.left(4096));
        if (!raw.isEmpty())
            h += QStringLiteral("<p><b>%1</b></p><pre>%2</pre>").arg(html(tr("Answer:")), html(raw));
    }
    m_details->setHtml(h);
    m_copyCurl->setEnabled(it != m_calls.constEnd());
}

QString MainWindow::detailsText() const
{
    return m_details->toPlainText();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (StopJob *job = m_job.data(); job && job->isRunning()) {
        const QString text = tr("A stop is running: %1 of %2 streams are done.\n\nCancel the rest "
                                "and quit? Calls already sent are marked Unknown.")
                                 .arg(job->finishedCount())
                                 .arg(job->streamCount());
        if (!Prompt::confirm(this, tr("Quit during a stop"), text, tr("Cancel and quit"), true)) {
            event->ignore();
            return;
        }
        job->cancel();
    }
    saveSettings();
    event->accept();
}

} // namespace cdnrec
