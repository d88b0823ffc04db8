// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/outcome.h>

#include <QList>

namespace cdnrec {

struct CallRecord;

// Where a Job writes ahead: a call is recorded before it is sent, and completed with its
// outcomes when its answer is read. History implements it; tests may too.
class CallJournal
{
public:
    virtual ~CallJournal() = default;
    // Before the call goes out. false: it could not be recorded, and the job will not send it.
    virtual bool callSending(const CallRecord &call) = 0;
    // The call's answer (or its failure) and where its streams stand now.
    virtual void callFinished(const CallRecord &call, const QList<StreamOutcome> &streams) = 0;
    // The run is over: every stream's final outcome.
    virtual void runFinished(const QList<StreamOutcome> &streams, bool cancelled) = 0;
    // Why callSending failed, for the operator.
    virtual QString problem() const = 0;
};

} // namespace cdnrec
