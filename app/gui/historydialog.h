// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <store/history.h>
#include <store/historyreader.h>
#include <team/teamconfig.h>
#include <team/teamhistory.h>

#include <QDialog>

#include <functional>
#include <optional>

class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTextBrowser;
class QTimer;

namespace cdnrec {

// "Who stopped stream X, when, on which AppId, and what did ZEGO answer?": runs newest first,
// filtered by stream ID, profile, dates and outcome; a run's streams and its calls' raw answers.
class HistoryDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryDialog)
public:
    HistoryDialog(History *history, QWidget *parent = nullptr);
    ~HistoryDialog() override;

    QLineEdit *streamFilter() const { return m_stream; }
    QComboBox *statusFilter() const { return m_status; }
    // Mine (this computer's history) or Team (the team database's audit trail, team mode only).
    QComboBox *scopeBox() const { return m_scope; }
    QLineEdit *operatorFilter() const { return m_operator; }
    bool isTeamScope() const;
    // Every read of the history (mine or the team's) runs on a worker thread: true while one is
    // under way.
    bool isLoading() const { return m_loading > 0; }
    QTableWidget *runsTable() const { return m_runs; }
    QTableWidget *streamsTable() const { return m_streams; }
    QPushButton *exportButton() const { return m_export; }
    QPushButton *restartButton() const { return m_restart; }
    // What Load and Export last did, in words ("12 streams of run 4 loaded into the console").
    QString doneText() const;
    // Where the export's file dialog opens: the folder last exported to, else Documents.
    static QString exportFolder();
    // The full check of the file, on a worker thread; fileChecked() follows.
    void checkFile();
    QString detailsText() const;
    void refresh();
    void selectRun(int row);
    // The selected run's streams as CSV, read and written on a worker; runExported() follows.
    void exportRun(const QString &path);
    // The selected run's streams (all of them, or only those not stopped), read on a worker;
    // loadStreams() follows.
    void loadSelectedRun(bool onlyNotStopped);
    // "3 stopped, 1 failed, ...", with "interrupted" and its unsent streams for a run that never
    // ended.
    static QString outcomeText(const History::RunRecord &run);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void loadStreams(const QStringList &ids);
    // "Restart recording…" on a stop run: the console asks how long and restarts what it stopped.
    void restartRun(qint64 runId);
    void fileChecked(bool sound);
    void runExported(const QString &path, bool ok);

private:
    QLayout *buildFilters();
    void makeRunFilters();   // stream, profile, outcome, dates
    void makeScopeFilters(); // mine or the team's, and the team's operator
    QWidget *buildTables();  // runs above; a run's streams and calls below
    QDialogButtonBox *buildButtons();
    void connectFilters();
    void connectButtons(QDialogButtonBox *buttons);
    void chainFocus();  // Tab: left to right, top to bottom: filters, runs, streams, calls, buttons
    void exportAsked(); // Export CSV…: asks where, in a sensible folder
    void setDone(const QString &text, bool problem = false);
    History::Filter localFilter(); // as the filters say
    void showLocalRuns(const History::Filter &f, const HistoryReader::RunList &list,
                       const QHash<qint64, bool> &synced);
    void showLocalRun(int row, const History::RunRecord &run); // one row of the runs table
    void showRun();
    void showLocalRows(const History::RunRecord &run, const HistoryReader::RunRows &rows,
                       const QString &html);
    qint64 currentRunId() const;
    std::optional<History::RunRecord> currentRun() const; // from the runs listed
    void refreshTeam();
    static QString teamOutcomeText(const TeamHistory::RunRecord &run);
    void showTeamRuns(const TeamConfig &config, const QList<TeamHistory::RunRecord> &runs,
                      const TeamDatabase::Status &status);
    void withTeamPassword(const TeamConfig &config,
                          const std::function<void(const QString &)> &then);
    // Reads the team database on a worker thread (it may be far or away), with the password
    // from the keyring, then shows what was read unless the window has gone meanwhile.
    template <typename Read, typename Show>
    void readTeam(const TeamConfig &config, Read read, Show show);
    void showTeamRun();
    struct TeamRun; // what was read of one team run
    void showTeamRows(const QString &runId, const TeamRun &read);
    QString currentTeamRunId() const;

    History *m_history;
    QLineEdit *m_stream = nullptr;
    QComboBox *m_profile = nullptr;
    QComboBox *m_status = nullptr;
    QDateEdit *m_since = nullptr;
    QDateEdit *m_until = nullptr;
    QTableWidget *m_runs = nullptr;
    QTableWidget *m_streams = nullptr;
    QTextBrowser *m_details = nullptr;
    QLabel *m_info = nullptr;
    QLabel *m_done = nullptr;   // what Load and Export did
    QTimer *m_typing = nullptr; // the stream and operator filters apply as typed, after a pause
    QPushButton *m_export = nullptr;
    QPushButton *m_loadFailed = nullptr;
    QPushButton *m_loadAll = nullptr;
    QPushButton *m_check = nullptr;
    QPushButton *m_restart = nullptr;
    QString m_shownStream;   // the stream filter the table shows
    QString m_shownOperator; // the operator filter the team's runs show
    QComboBox *m_scope = nullptr;
    QLineEdit *m_operator = nullptr;
    int m_loading = 0;
    int m_runsRead = 0; // the last read of the runs asked for: only its answer is shown
    QList<History::RunRecord> m_shownRuns; // my history's runs listed
    std::optional<QString> m_teamPassword; // read from the keyring on first use
    QHash<qint64, bool> m_synced; // local runs with team events: all of them in the team database
};

} // namespace cdnrec
