// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainactions.h"

#include "windowtext.h"
#include <app/application.h>
#include <store/secretstore.h>
#include <store/settings.h>

#include <QAbstractItemView>
#include <QActionGroup>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>

namespace cdnrec {

namespace {

// Each command's words, in the order of MainActions::Command.
constexpr std::array<const char *, MainActions::CommandCount> kTexts = {
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Profiles…"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Import stream IDs…"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Export results…"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Quit"),
    nullptr, // Undo: says how many it restarts (setUndoText)
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Paste stream IDs"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Copy rows"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Delete selected"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "C&lear list"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Find"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "Find streams in &room…"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "Pr&eferences…"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Stop recordings"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Retry failed and unknown"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "R&estart recording…"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&Cancel"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&History…"),
    QT_TRANSLATE_NOOP("cdnrec::MainWindow", "&About cdnrec"),
};

} // namespace

MainActions::MainActions(QMainWindow *window, QAbstractItemView *table)
    : QObject(window), m_window(window), m_table(table)
{
    buildMenus();
    // Window-wide shortcuts would steal Ctrl+V and Del from the text fields: these act on the
    // table only (and from the menu).
    for (Command c : {Paste, Copy, Delete})
        m_actions[c]->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_table->addActions(
        {m_actions[Restart], separator, m_actions[Paste], m_actions[Copy], m_actions[Delete]});
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_actions[Preferences]->setMenuRole(QAction::PreferencesRole);
    on(About, this, [this] { showAbout(); });
}

QAction *MainActions::add(QMenu *menu, Command command, const QList<QKeySequence> &shortcuts)
{
    auto *a = new QAction(this);
    a->setShortcuts(shortcuts);
    menu->addAction(a);
    m_actions[command] = a;
    return a;
}

void MainActions::buildMenus()
{
    QMenuBar *bar = m_window->menuBar();
    m_fileMenu = bar->addMenu(QString());
    add(m_fileMenu, Profiles, {QKeySequence(Qt::CTRL | Qt::Key_P)});
    m_fileMenu->addSeparator();
    add(m_fileMenu, ImportIds, {QKeySequence::Open});
    add(m_fileMenu, ExportResults, {QKeySequence::Save});
    m_fileMenu->addSeparator();
    add(m_fileMenu, Quit, {QKeySequence::Quit});

    m_editMenu = bar->addMenu(QString());
    add(m_editMenu, Undo, {QKeySequence::Undo});
    m_editMenu->addSeparator();
    add(m_editMenu, Paste, {QKeySequence::Paste});
    add(m_editMenu, Copy, {QKeySequence::Copy});
    add(m_editMenu, Delete, {QKeySequence::Delete});
    add(m_editMenu, Clear);
    m_editMenu->addSeparator();
    add(m_editMenu, Find, {QKeySequence::Find});
    add(m_editMenu, FindInRoom, {QKeySequence(Qt::CTRL | Qt::Key_R)});
    add(m_editMenu, Preferences, {QKeySequence::Preferences});

    m_runMenu = bar->addMenu(QString());
    add(m_runMenu, Stop,
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    add(m_runMenu, Retry, {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)});
    add(m_runMenu, Restart);
    add(m_runMenu, Cancel, {QKeySequence(Qt::Key_Escape)});

    m_viewMenu = bar->addMenu(QString());
    add(m_viewMenu, History, {QKeySequence(Qt::CTRL | Qt::Key_H)});
    buildLanguageMenu();

    m_helpMenu = bar->addMenu(QString());
    add(m_helpMenu, About);
}

void MainActions::buildLanguageMenu()
{
    m_languageMenu = m_viewMenu->addMenu(QString());
    auto *group = new QActionGroup(this);
    const auto addLanguage = [&](const QString &code) {
        QAction *a = m_languageMenu->addAction(QString());
        a->setCheckable(true);
        a->setData(code);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [code] {
            Settings::setLanguage(code);
            installTranslations(code);
        });
        return a;
    };
    m_langSystem = addLanguage(QString());
    m_langEnglish = addLanguage(QStringLiteral("en"));
    m_langChinese = addLanguage(QStringLiteral("zh_CN"));
    const QString chosen = Settings::language();
    (chosen == QLatin1String("zh_CN") ? m_langChinese
     : chosen == QLatin1String("en")  ? m_langEnglish
                                      : m_langSystem)
        ->setChecked(true);
}

void MainActions::update(const State &s)
{
    m_actions[Stop]->setEnabled(!s.busy && (s.hasRows || s.typed));
    m_actions[Retry]->setEnabled(s.retryable);
    m_actions[Cancel]->setEnabled(s.busy);
    m_actions[Delete]->setEnabled(!s.busy && s.hasSelection);
    m_actions[Clear]->setEnabled(!s.busy && s.hasRows);
    m_actions[ExportResults]->setEnabled(s.hasRows);
    m_actions[Restart]->setEnabled(s.restartable);
    m_undoable = s.undoable;
    m_actions[Undo]->setEnabled(m_undoable > 0);
    setUndoText();
}

void MainActions::setUndoText()
{
    m_actions[Undo]->setText(
        m_undoable ? WindowText::tr("&Undo the stop: restart %n recording(s)…", nullptr, m_undoable)
                   : WindowText::tr("&Undo the stop"));
}

void MainActions::retranslate()
{
    m_fileMenu->setTitle(WindowText::tr("&File"));
    m_editMenu->setTitle(WindowText::tr("&Edit"));
    m_runMenu->setTitle(WindowText::tr("&Run"));
    m_viewMenu->setTitle(WindowText::tr("&View"));
    m_languageMenu->setTitle(WindowText::tr("&Language"));
    m_helpMenu->setTitle(WindowText::tr("&Help"));
    for (int c = 0; c < CommandCount; ++c) {
        if (kTexts.at(c))
            m_actions.at(c)->setText(WindowText::tr(kTexts.at(c)));
    }
    setUndoText();
    m_actions[Restart]->setToolTip(WindowText::tr(
        "Restart the CDN recording of the selected Stopped streams (StartCDNRecord)"));
    m_langSystem->setText(WindowText::tr("System language"));
    m_langEnglish->setText(QStringLiteral("English"));
    m_langChinese->setText(QStringLiteral("简体中文"));
}

void MainActions::showAbout()
{
    QMessageBox::about(
        m_window, WindowText::tr("About cdnrec"),
        WindowText::tr(
            "<h3>cdnrec %1</h3><p>Stops ZEGO CDN recordings through the StopCDNRecord server "
            "API, one outcome per stream.</p>"
            "<p>Licence: GPL-3.0-or-later.</p>"
            "<p>Settings and profiles: %2<br>%3</p>"
            "<p>API reference: <a href=\"https://www.zegocloud.com/docs/video-call-server/"
            "stream-mixing-and-transcoding-apis/stopcdnrecord\">StopCDNRecord</a></p>")
            .arg(QStringLiteral(APP_VERSION), QSettings().fileName().toHtmlEscaped(),
                 SecretStore::placeSentence().toHtmlEscaped()));
}

} // namespace cdnrec
