// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "action.h"
#include "calljournal.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>

#include <functional>
#include <memory>

namespace cdnrec {

class TeamOutbox;
struct TeamEvent;

// A CallJournal around the history's journal that also appends the run's team events to the
// outbox (the local history file), for TeamSync to replay to the team database:
// run_begun (begin()), call_sent (written ahead: committed before callSending() returns true; a
// call whose event cannot be written is not sent, as with the history), call_answered and the
// stream_outcome of each stream an answer settled (one per stream per answer), and at the end
// the outcomes not yet told and run_ended. OS user, host, profile label, AppId and action on
// every event; never a secret or a signature (the job passes calls already redacted).
class TeamJournal final : public CallJournal
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

    // inner: the history's journal (may be null: the team events only). appended: called after
    // each commit, to wake the sync (on this thread; it must not block).
    TeamJournal(std::unique_ptr<CallJournal> inner, std::unique_ptr<TeamOutbox> outbox,
                RunInfo info, std::function<void()> appended = {});
    ~TeamJournal() override;

    // Appends run_begun. false: the outbox cannot be written (problem() says why).
    bool begin();
    QString runId() const { return m_runId; }
    CallJournal *inner() const { return m_inner.get(); }
    // Gives the history's journal back (when the team events cannot be written).
    std::unique_ptr<CallJournal> releaseInner() { return std::move(m_inner); }

    bool callSending(const CallRecord &call) override;
    void callFinished(const CallRecord &call, const QList<StreamOutcome> &streams) override;
    void runFinished(const QList<StreamOutcome> &streams, bool cancelled) override;
    QString problem() const override;

private:
    TeamEvent event(const QString &kind) const;
    bool append(QList<TeamEvent> &events);
    QString callUuid(int callId);

    std::unique_ptr<CallJournal> m_inner;
    std::unique_ptr<TeamOutbox> m_outbox;
    RunInfo m_info;
    std::function<void()> m_appended;
    QString m_runId;
    QString m_osUser, m_host, m_action;
    QHash<int, QString> m_callIds;  // the job's call number -> the call's UUID
    QHash<QString, QString> m_told; // stream -> the status its last stream_outcome said
    bool m_innerFailed = false;     // the last callSending failed in the history itself
    QString m_problem;
};

} // namespace cdnrec
