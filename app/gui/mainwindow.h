// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <app/run.h>
#include <model/profile.h>

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableView;

namespace cdnrec {

class DetailsPane;
class MainActions;
class History;
class PracticeEndpoint;
class ProfileBar;
class ProfileStore;
class SecretStore;
class StreamFilterProxy;
class StreamIdEdit;
class StreamTableModel;
class TeamStatus;

// The operator console: one window, one table. It signs, paces, records and classifies
// nothing itself: the list becomes a Run, and the run's outcomes come back into the table.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // For tests and scripts of the window: what a person would do.
    StreamTableModel *model() const { return m_model; }
    StreamFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    Run *currentRun() const { return m_run; }
    Job *job() const { return m_run ? m_run->job() : nullptr; }
    PracticeEndpoint *practice() const { return m_practice; }
    QString paceText() const;
    QString teamText() const;
    QString summaryText() const;
    QString bannerText() const;
    QString detailsText() const;
    void addText(const QString &text);
    bool importFile(const QString &path);
    bool exportResults(const QString &path); // .csv or .json by the name
    QString curlForRow(int sourceRow) const;
    void setVendor(Vendor vendor);
    // "" or "practice" for the built-in Practice profile, else a saved profile's name.
    bool selectProfile(const QString &name);
    QString currentProfile() const;
    QString badgeText() const;
    ProfileStore *profiles() const { return m_profiles; }
    SecretStore *secrets() const { return m_secrets; }
    void openProfiles();
    void openHistory();
    // The audit history, opened on first use (it is not needed to show the window).
    History *history();
    void startStop(bool onlyRetry = false);
    void cancelStop();
    // Undo: restarts the recording (StartCDNRecord) of the selected Stopped rows, of what the
    // last stop stopped (Edit ▸ Undo, Ctrl+Z), or of streams a history run stopped. Each asks
    // first (RestartDialog: how long to record) and runs like a stop.
    void restartSelected();
    void undoLastStop();
    void restartStreams(const QStringList &ids, const QString &profileName, Vendor vendor);
    // The streams Ctrl+Z would restart now (empty: Undo is disabled).
    QStringList undoableIds() const;
    // Looks for a run that never finished and offers to load what it left undone.
    void offerInterruptedRun();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    void connectActions();
    void retranslate();
    void restoreSettings();
    void saveSettings() const;

    void addFromLine();
    void paste();
    void importDialog();
    void exportDialog();
    void deleteSelected();
    void clearAll();
    void copySelection() const;
    void report(const QString &what, int duplicates, int invalid, int warnings);
    void showBanner(const QString &text);
    void hideBanner();
    void updateShownCount();

    // A run's plan for a profile ("" for Practice) and vendor, and the lines that say where its
    // calls go (for the confirmation); nothing when the profile is gone or Practice cannot start.
    struct Planned
    {
        RunPlan plan;
        std::optional<Profile> profile;
        QString where;
    };
    std::optional<Planned> planFor(const QString &profileName, Vendor vendor);
    // Reads the profile's secret from the keyring (asking when it cannot), then launches.
    void sendWithSecret(Planned planned);
    void launch(RunPlan plan, const QString &secret, const QString &profileName);
    void restartRows(const QList<int> &rows);
    void restartHistoryRun(qint64 runId);
    void onStreamChanged(const StreamOutcome &outcome);
    void onProgress(int done, int total);
    void onPaceChanged(double latencyMs, double callsPerSecond, int inFlight);
    void onRunFinished();
    void updateActions();
    void updateDetails();
    QList<int> selectedSourceRows() const;
    bool running() const;
    QString closePromptText() const;

    StreamTableModel *m_model;
    StreamFilterProxy *m_proxy;
    PracticeEndpoint *m_practice;
    ProfileStore *m_profiles;
    SecretStore *m_secrets;
    std::unique_ptr<History> m_history;
    Run *m_run = nullptr;     // the last run (a child), until the next one starts
    QString m_lastRunProfile; // the label of the last run, for a retry under another profile
    QStringList m_undoIds;    // what the last stop stopped, while Undo may restart it
    QElapsedTimer m_runClock;

    ProfileBar *m_profileBar = nullptr;
    QPushButton *m_stopButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_retryButton = nullptr;
    StreamIdEdit *m_addLine = nullptr;
    QPushButton *m_addButton = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_failedOnly = nullptr;
    QLabel *m_shown = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_banner = nullptr;
    QTableView *m_table = nullptr;
    QSplitter *m_splitter = nullptr;
    DetailsPane *m_details = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_pace = nullptr;
    TeamStatus *m_teamStatus = nullptr;

    MainActions *m_actions = nullptr;
    QString m_lastSummary;
};

} // namespace cdnrec
