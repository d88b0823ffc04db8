// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/outcome.h>

#include <QList>
#include <QString>

#include <functional>
#include <future>
#include <utility>

class QObject;

namespace cdnrec {

struct CallRecord;

// Where a Job writes ahead: a call is recorded before it is sent, and completed with its
// outcomes when its answer is read. History implements it (writing on a thread of its own);
// tests may too.
//
// Asynchronous for the job, so that its thread (the console's GUI thread) never waits for a
// commit: callSending() asks and returns at once, and the answer comes later, exactly once. The
// write-ahead holds all the same: the job sends the call only when the answer says "recorded",
// so no call is on the wire that the journal cannot account for; "not recorded" comes with why.
// callFinished() and runFinished() are queued after what was asked before, in order; nothing
// waits for them, but runFinished() can say when all is written.
//
// Answers with a context come on the context's thread through its event loop (never from inside
// the call that asked), and not at all once the context is gone; the context lives on the
// thread that made the journal. Without a context (nullptr) they come at once, on whatever
// thread knows them (the journal's writer): for callers that block on them. A journal outlives
// its job's last call; destroying it waits for what was asked (bounded).
class CallJournal
{
public:
    // recorded: the call's row is committed and the call may go; otherwise problem says why not.
    using Answer = std::function<void(bool recorded, const QString &problem)>;

    virtual ~CallJournal() = default;
    // Before the call goes out: record it, then answer.
    virtual void callSending(const CallRecord &call, QObject *context, Answer answer) = 0;
    // The call's answer (or its failure) and where its streams stand now.
    virtual void callFinished(const CallRecord &call, const QList<StreamOutcome> &streams) = 0;
    // The run is over: every stream's final outcome. written is called (as answers are) once
    // this and all asked before it are written, or failed to be.
    virtual void runFinished(const QList<StreamOutcome> &streams, bool cancelled, QObject *context,
                             std::function<void()> written) = 0;
    // Blocks the calling thread (no event loop) until all asked so far is written or failed.
    // false: not within timeoutMs.
    virtual bool flush(int timeoutMs) = 0;

    void runFinished(const QList<StreamOutcome> &streams, bool cancelled)
    {
        runFinished(streams, cancelled, nullptr, {});
    }
    // Records the call and waits for the answer, blocking the calling thread: for tests,
    // benches and threads that may wait; never the GUI thread (the job never uses it).
    bool callSending(const CallRecord &call, QString *problem = nullptr)
    {
        std::promise<std::pair<bool, QString>> answered;
        std::future<std::pair<bool, QString>> answer = answered.get_future();
        callSending(call, nullptr, [&answered](bool recorded, const QString &why) {
            answered.set_value({recorded, why});
        });
        const std::pair<bool, QString> result = answer.get();
        if (problem)
            *problem = result.second;
        return result.first;
    }
};

} // namespace cdnrec
