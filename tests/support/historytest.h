// SPDX-License-Identifier: GPL-3.0-or-later
// Writing a history as a run would, for tests that need one in a given state.
#pragma once

#include <engine/job.h>
#include <store/history.h>

#include <QDateTime>

namespace cdnrec::test {

// One call per stream, each written ahead and then answered "stopped", as a job does. Calls are
// numbered from firstCallId. Returns the next free call number.
inline int recordStopped(History &history, qint64 runId, const QStringList &ids,
                         int firstCallId = 1)
{
    int callId = firstCallId;
    for (const QString &id : ids) {
        CallRecord c;
        c.callId = callId++;
        c.streamIds = {id};
        c.sentAtMs = QDateTime::currentMSecsSinceEpoch();
        history.recordCallSending(runId, c);
        StreamOutcome o;
        o.streamId = id;
        o.status = StreamStatus::Succeeded;
        o.attempts = 1;
        history.recordCallFinished(runId, c, {o});
    }
    return callId;
}

} // namespace cdnrec::test
