// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/action.h>
#include <model/outcome.h>
#include <model/streamids.h>
#include <model/vendor.h>

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QIcon>
#include <QList>

namespace cdnrec {

// The list the operator edits IS the table where outcomes appear: one row per stream ID.
// Invalid IDs stay visible, marked and never sent; duplicates are not added.
class StreamTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamTableModel)
public:
    enum Column
    {
        StreamIdColumn,
        StatusColumn,
        CodeColumn,
        MessageColumn,
        VendorRequestIdColumn,
        RequestIdColumn,
        AttemptsColumn,
        RoomColumn, // stop by room: the room a stream was listed in (empty: given as an ID)
        ColumnCount
    };
    enum Role
    {
        NeedsRetryRole = Qt::UserRole + 1, // bool: Failed or Unknown, and valid
    };

    struct AddResult
    {
        int added = 0;
        int duplicates = 0; // already in the list, or twice in what was added
        int invalid = 0;    // added, marked, never sent
        int warnings = 0;   // added, sent, outside ZEGO's current rule
    };

    explicit StreamTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    AddResult addText(QStringView text, StreamIds::Format format = StreamIds::Format::Auto);
    AddResult addItems(const QList<StreamIds::Item> &items);
    // Stop by room: streams listed in rooms (stream ID, room), added as typed IDs are; each
    // row keeps its room (a row already listed without one takes it).
    AddResult addListed(const QList<QPair<QString, QString>> &streamRooms);
    QString roomAt(int row) const { return m_rows.at(row).room; }
    // Some row came from a room (the room column is worth showing).
    bool hasRooms() const;
    void removeStreamRows(QList<int> rows);
    void clearAll();

    // Valid IDs in row order; with onlyRetry, just the Failed and Unknown ones (of runs that did
    // `action`: a failed restart is retried as a restart, never as a stop).
    QStringList sendableIds(bool onlyRetry = false, RunAction action = RunAction::Stop) const;
    // What the next run does, and under which profile ("" for Practice): resetForRun() notes
    // them on its rows, so that a row can say "Recording until 21:40" and a restart knows the
    // profile a stream was stopped with.
    void setAction(RunAction action) { m_action = action; }
    void setProfile(const QString &profile) { m_profile = profile; }
    // The vendor of the next run: resetForRun() notes it on the rows it resets, so a vendor's
    // per-stream code is explained in that vendor's terms (see ReturnCodes).
    void setVendor(Vendor vendor) { m_vendor = vendor; }
    Vendor vendor() const { return m_vendor; }
    // The history run of the next run (0: not recorded), noted on its rows by resetForRun().
    void setRunId(qint64 runId) { m_runId = runId; }
    // Marks these streams Pending and clears their last outcome, before a run. A row sent again
    // by the same action keeps counting its attempts (a retry does not start again at 1).
    void resetForRun(const QStringList &ids);
    // An outcome from the job: updates that stream's row only.
    void applyOutcome(const StreamOutcome &outcome);
    // A row's life as another run left it (a run that never finished, read from the history):
    // its outcome and the run that set it, as if that run had sent it here.
    void restore(const StreamOutcome &outcome, RunAction action, const QString &profile,
                 Vendor vendor, qint64 runId);
    // The language changed: the reasons of invalid and warned IDs are said again in it.
    void retranslate();
    // Rows added while a run goes: they wait, and the run's end says so.
    void setLate(int row, bool late);
    void clearLate();
    bool isLate(int row) const { return m_rows.at(row).late; }
    int rowOf(const QString &id) const { return m_index.value(id, -1); }
    // Rows a retry would send (Failed or Unknown), kept as outcomes change: no scan per click.
    int needsRetryCount() const { return m_needsRetry; }
    const StreamOutcome &outcomeAt(int row) const { return m_rows.at(row).outcome; }
    StreamIds::Verdict verdictAt(int row) const { return m_rows.at(row).verdict; }
    QString verdictReasonAt(int row) const { return m_rows.at(row).reason; }
    QString profileAt(int row) const { return m_rows.at(row).profile; }
    Vendor vendorAt(int row) const { return m_rows.at(row).vendor; }
    RunAction actionAt(int row) const { return m_rows.at(row).action; }
    qint64 runIdAt(int row) const { return m_rows.at(row).runId; }
    // A run sent it (or a run's record says so): the action, profile and run are its.
    bool wasSent(int row) const { return m_rows.at(row).sent; }
    // When its last answer came (Unix s; 0: none yet).
    qint64 answeredAt(int row) const { return m_rows.at(row).answeredAt; }
    // A restart the vendor refused because the stream records already (409): not a failure.
    bool isAlreadyRecording(int row) const;
    // A stop answered success for this row: its recording may be restarted.
    bool isRestartable(int row) const;
    // "Recording until 21:40" (or with the day when it is not today), for a started stream.
    static QString recordingUntilText(qint64 endTime, const QDateTime &now);
    // The words a row's status may read besides the statuses' own names (for sizing).
    static QStringList otherStatusTexts();
    // "21:40" today, "Tue 21:40" another day.
    static QString clockText(qint64 secs, const QDateTime &now);

private:
    struct Row
    {
        StreamOutcome outcome;
        StreamIds::Verdict verdict = StreamIds::Verdict::Ok;
        QString reason;
        Vendor vendor = Vendor::Tencent; // of the run that last reset it
        RunAction action = RunAction::Stop;
        QString profile;
        qint64 runId = 0;
        qint64 answeredAt = 0;
        int priorAttempts = 0; // of earlier runs of the same action
        bool sent = false;
        bool late = false; // added while a run went, not sent by it
        QString room;      // the room it was listed in (stop by room)
    };
    static bool alreadyRecording(const Row &row);
    static QIcon statusIcon(StreamStatus status);
    QString statusText(const Row &row) const;
    QString messageText(const Row &row) const;
    void rebuildIndex();
    static bool needsRetry(const Row &row);
    void recount();

    QList<Row> m_rows;
    QHash<QString, int> m_index;
    int m_needsRetry = 0;
    Vendor m_vendor = Vendor::Tencent;
    RunAction m_action = RunAction::Stop;
    QString m_profile;
    qint64 m_runId = 0;
};

} // namespace cdnrec
