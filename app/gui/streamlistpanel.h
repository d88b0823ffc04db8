// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/action.h>
#include <model/outcome.h>

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;

namespace cdnrec {

class DetailsPane;
class RunController;
class StreamFilterProxy;
class StreamIdEdit;
class StreamTableModel;
struct RoomStream;

// The list the operator edits, which is also the table where outcomes appear: the ID field and
// the filter above, one summary line, the table with the selected row's details beside it. It
// adds IDs (typed, pasted, imported, dropped), removes, copies and exports rows, and says in
// the summary line what each did.
class StreamListPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamListPanel)
public:
    StreamListPanel(StreamTableModel *model, StreamFilterProxy *proxy, RunController *runs,
                    QWidget *parent);

    QTableView *table() const { return m_table; }
    QSplitter *splitter() const { return m_splitter; }
    StreamIdEdit *idField() const { return m_addLine; }
    QLineEdit *roomField() const { return m_roomLine; }
    DetailsPane *details() const { return m_details; }
    // The panel's controls in the window's Tab order: the ID field, Add, the table and the
    // details; then, after the window's own controls, the filter and its check box.
    QList<QWidget *> listFocusChain() const;
    QList<QWidget *> filterFocusChain() const;

    // --- the list ---
    void addText(const QString &text);
    // Stop by room: the streams chosen in the room picker, each row with its room.
    void addRoomStreams(const QList<RoomStream> &streams);
    bool importFile(const QString &path);
    bool exportResults(const QString &path); // .csv or .json by the name
    void importDialog();
    void exportDialog();
    void paste();
    void copySelection() const;
    void deleteSelected();
    void clearAll();
    void focusFilter();
    QList<int> selectedSourceRows() const;

    // --- the summary line ---
    // What was just done, with what was skipped, and the list's size.
    void report(const QString &what, int duplicates, int invalid, int warnings);
    // How a run ended: kept until the language changes (then the list's size is said).
    void showOutcome(const QString &text);
    // Something going on (the keyring being read).
    void setSummary(const QString &text);
    QString summaryText() const;

    // --- the details and the columns ---
    void updateDetails();
    void updateShownCount();
    // An outcome arrived: the details follow it when its row is the one shown.
    void followOutcome(const StreamOutcome &outcome);
    // After a run: the short columns sized to what they hold.
    void fitColumns(RunAction action);
    QString detailsText() const;
    QString curlForRow(int sourceRow) const;
    void retranslate();
    // Adds what the ID field holds, as Enter would (Stop does, before it plans).
    void addPendingText() { addFromLine(); }

Q_SIGNALS:
    // A problem to show in the window's banner (a file that cannot be read or written).
    void problem(const QString &text);
    // The list, its selection or its summary changed: what the commands may do now.
    void changed();
    // The list was cleared (Clear list): what was said of its runs goes too.
    void cleared();
    // The ID field became empty, or holds text (Stop takes it): once per change, not per key.
    void typedChanged(bool typed);
    // A room ID typed in the Room field and Enter: the window opens the room picker on it.
    void roomEntered(const QString &room);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QLayout *buildListRow();
    QWidget *buildTable();
    void connectWidgets();
    void addFromLine();
    void updateRoomColumn();

    StreamTableModel *m_model;
    StreamFilterProxy *m_proxy;
    RunController *m_runs;
    StreamIdEdit *m_addLine = nullptr;
    QPushButton *m_addButton = nullptr;
    QLineEdit *m_roomLine = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_failedOnly = nullptr;
    QLabel *m_shown = nullptr;
    QLabel *m_summary = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_table = nullptr;
    DetailsPane *m_details = nullptr;
    QString m_lastSummary;
    bool m_typed = false; // the ID field holds text
};

} // namespace cdnrec
