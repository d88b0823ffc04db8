// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAction>
#include <QObject>

#include <array>
#include <utility>

class QAbstractItemView;
class QMainWindow;
class QMenu;

namespace cdnrec {

// The console's commands: one QAction each with its shortcuts, in the menu bar (File, Edit, Run,
// View, Help) and, for those that act on rows, in the table's context menu; their words in the
// current language. What a command does is the window's business: it connects each with on().
// The language and About commands are whole here.
class MainActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainActions)
public:
    enum Command
    {
        Profiles,
        ImportIds,
        ExportResults,
        Quit,
        Undo,
        Paste,
        Copy,
        Delete,
        Clear,
        Find,
        FindInRoom,
        Preferences,
        Stop,
        Retry,
        Restart,
        Cancel,
        History,
        About,
        CommandCount
    };
    // What the window's state allows.
    struct State
    {
        bool busy = false;
        bool hasRows = false;
        bool typed = false; // the ID field holds an ID not entered yet: Stop adds it first
        bool retryable = false;
        bool hasSelection = false;
        bool restartable = false;
        int undoable = 0; // the streams Ctrl+Z would restart
    };

    // Builds the menus into window's menu bar; `table` gets the row commands as context menu.
    MainActions(QMainWindow *window, QAbstractItemView *table);

    QAction *action(Command command) const { return m_actions.at(command); }
    template <typename Context, typename Functor>
    void on(Command command, const Context *context, Functor &&f)
    {
        connect(m_actions.at(command), &QAction::triggered, context, std::forward<Functor>(f));
    }
    void update(const State &state);
    void retranslate();

private:
    QAction *add(QMenu *menu, Command command, const QList<QKeySequence> &shortcuts = {});
    void buildMenus();
    void buildLanguageMenu();
    void setUndoText();
    void showAbout();

    QMainWindow *m_window;
    QAbstractItemView *m_table;
    std::array<QAction *, CommandCount> m_actions{};
    QMenu *m_fileMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_runMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_langSystem = nullptr;
    QAction *m_langEnglish = nullptr;
    QAction *m_langChinese = nullptr;
    int m_undoable = 0;
};

} // namespace cdnrec
