// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runcontroller.h"
#include "streamlistpanel.h"

#include <QMainWindow>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace cdnrec {

class History;
class MainActions;
class PracticeEndpoint;
class ProfileBar;
class ProfileStore;
class SecretStore;
class StreamFilterProxy;
class StreamTableModel;
class TeamStatus;

// The operator console: one window, one table. It lays out and wires the parts: the list and its
// table (StreamListPanel), the commands (MainActions), the run use case (RunController: plans,
// secrets, runs, the rows' states), the team's status (TeamStatus); it asks the run's questions
// and shows how the run goes.
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
    QTableView *table() const { return m_list->table(); }
    RunController *runs() const { return m_runs; }
    Run *currentRun() const { return m_runs->run(); }
    Job *job() const { return currentRun() ? currentRun()->job() : nullptr; }
    PracticeEndpoint *practice() const { return m_practice; }
    QString paceText() const;
    QString teamText() const;
    QString summaryText() const { return m_list->summaryText(); }
    QString bannerText() const;
    QString detailsText() const { return m_list->detailsText(); }
    void addText(const QString &text) { m_list->addText(text); }
    bool importFile(const QString &path) { return m_list->importFile(path); }
    // .csv or .json by the name
    bool exportResults(const QString &path) { return m_list->exportResults(path); }
    QString curlForRow(int sourceRow) const { return m_list->curlForRow(sourceRow); }
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
    History *history() { return m_runs->history(); }
    void startStop(bool onlyRetry = false);
    void cancelStop();
    // Undo: restarts the recording (StartCDNRecord) of the selected Stopped rows, of what the
    // last stop stopped (Edit ▸ Undo, Ctrl+Z), or of streams a history run stopped. Each asks
    // first (RestartDialog: how long to record) and runs like a stop.
    void restartSelected();
    void undoLastStop();
    // `note` (rows left out) is said first in the question.
    void restartStreams(const QStringList &ids, const QString &profileName, Vendor vendor,
                        const QString &note = QString());
    // The streams Ctrl+Z would restart now (empty: Undo is disabled).
    QStringList undoableIds() const { return m_runs->undoableIds(); }
    // Stop by room (Edit ▸ Find streams in room…, Ctrl+R, or the Room field): the room picker
    // on the current profile, listing `room` at once when given; what it adds comes into the
    // list with its room.
    void findStreamsInRoom(const QString &room = QString());
    // Looks for a run that never finished and offers to load what it left undone.
    void offerInterruptedRun();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildUi();
    QLayout *buildTopRow(QWidget *central);
    QWidget *buildBanner(QWidget *central);
    void buildStatusBar();
    void connectWidgets();
    void connectActions();
    void connectRuns();
    void retranslate();
    void restoreSettings();
    void saveSettings() const;

    void openPreferences();
    void showBanner(const QString &text);
    void hideBanner();

    // Asks how long to record, then sends the restart.
    void confirmRestart(std::optional<RunController::Plan> plan, const QString &note = QString());
    void askCancel();
    void onProfileSwitched();
    void chainFocus();
    void send(RunController::Plan plan);
    void restartRows(const QList<int> &rows, const QString &note = QString());
    void restartHistoryRun(qint64 runId);
    void askSecret(const QString &profile, const QString &question);
    void onRunStarted(int total);
    void onProgress(int done, int total);
    void onPaceChanged(double latencyMs, double callsPerSecond, int inFlight);
    void onRunFinished();
    void updateActions();
    bool running() const { return m_runs->isRunning(); }

    StreamTableModel *m_model;
    StreamFilterProxy *m_proxy;
    PracticeEndpoint *m_practice;
    ProfileStore *m_profiles;
    SecretStore *m_secrets;
    RunController *m_runs;
    MainActions *m_actions = nullptr;
    TeamStatus *m_teamStatus = nullptr;
    StreamListPanel *m_list = nullptr;

    ProfileBar *m_profileBar = nullptr;
    QPushButton *m_stopButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_retryButton = nullptr;
    QLabel *m_banner = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_pace = nullptr;
    Vendor m_vendorSeen = Vendor::Tencent; // before a profile switch, to say a change of it
};

} // namespace cdnrec
