// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/action.h>
#include <store/history.h>
#include <team/teamoutbox.h>

#include <QCoreApplication>
#include <QHash>
#include <QString>

#include <functional>
#include <memory>

namespace cdnrec {

// The team events of a run, written by the history's journal into the outbox of the history file
// (History::JournalRows), each moment in the history's own transaction of the same moment and as
// one outbox row: run_begun (begin(), right after History::beginRun()), call_sent with the call's
// row (written ahead: a call whose event cannot be written is neither recorded nor sent),
// call_answered and the stream_outcome of each stream the answer settled (one per stream per
// answer) with the answer, and at the end the outcomes not yet told and run_ended with the run's
// end. Each moment in the history's commit, and a crash leaves a call in both or in neither.
// The moments are written on the history's writer thread (History::JournalRows), begin() on the
// thread that calls it, while nothing else is written. TeamSync replays the outbox to the team
// database. OS user, host, profile label, AppId and action on every event;
// never a secret or a signature (the job passes calls already redacted).
class TeamJournal final : public History::JournalRows
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::TeamJournal)
public:
    struct RunInfo
    {
        qint64 localRunId = 0;
        RunAction action = RunAction::Stop;
        QString profile;
        quint32 appId = 0;
        QString endpoint; // without user info
        QString vendor;
        int requested = 0;
    };

    // appended: called after each commit that holds events, to wake the sync: on the thread
    // that made the journal, through its event loop (the commits are on the history's writer
    // thread). It must not block.
    explicit TeamJournal(RunInfo info, std::function<void()> appended = {});
    ~TeamJournal() override;

    // Appends run_begun through the history's connection, in a transaction of its own, creating
    // the outbox table when missing. false: it cannot be written (problem() says why). Then hand
    // the journal to History::journal(localRunId, ...).
    bool begin(History &history);
    QString runId() const { return m_runId; }

    bool callSending(QSqlDatabase &db, const CallRecord &call, QString *error) override;
    bool callFinished(QSqlDatabase &db, const CallRecord &call, const QList<StreamOutcome> &streams,
                      QString *error) override;
    bool runFinished(QSqlDatabase &db, const QList<StreamOutcome> &streams, bool cancelled,
                     QString *error) override;
    void settled(bool committed) override;
    QString problem() const override { return m_problem; }
    void release() override;

private:
    TeamEvent event(const QString &kind) const;
    bool write(TeamOutboxWriter &writer, QSqlDatabase &db, QList<TeamEvent> &events,
               QString *error);
    bool write(QSqlDatabase &db, QList<TeamEvent> &events, QString *error);
    QString callUuid(int callId);
    // Whether a stream_outcome with this status is still to be told (and then notes it).
    bool tell(const QString &streamId, const QString &status);

    // Prepared on the writing connection at the first moment, released there (release()).
    std::unique_ptr<TeamOutboxWriter> m_writer;
    RunInfo m_info;
    std::function<void()> m_appended;
    std::unique_ptr<QObject> m_home; // on the thread that made the journal: where appended runs
    QString m_runId;
    QString m_osUser, m_host, m_action;
    QHash<int, QString> m_callIds;  // the job's call number -> the call's UUID
    QHash<QString, QString> m_told; // stream -> the status its last committed stream_outcome said
    QHash<QString, QString> m_telling; // the same, in the transaction in progress
    bool m_wrote = false;              // the transaction in progress holds events
    QString m_problem;
};

} // namespace cdnrec
