// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/action.h>

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringView>

#include <optional>

namespace cdnrec {

// Where one stream stands. Succeeded is only ever set from a success answer for that very stream.
enum class StreamStatus
{
    Pending,   // not sent yet
    Sending,   // in a call that has not been answered
    Succeeded, // the vendor answered success for this stream: stopped, or started (RunAction)
    Failed,    // an answer said it was not stopped (code + message)
    Unknown,   // sent, but no usable answer for it (or the vendor left it out)
    Skipped,   // never sent: invalid, or cancelled before sending
};

// Stable, for JSON and the history: "stopped" (or "started" for a Start), "failed", ...
QString statusKey(StreamStatus status, RunAction action = RunAction::Stop);
QString statusDisplayName(StreamStatus status, RunAction action = RunAction::Stop); // translated
bool isFinal(StreamStatus status);

// Where a stream stands as the history records it: what an operator reads in the History window,
// `cdnrec history` and their exports. The stored rows are mapped to it in one place (History).
enum class HistoryStatus
{
    NotSent,      // no call carried it
    SentNoAnswer, // a call carried it and no answer was recorded: it may or may not be stopped
    Stopped,
    Started, // a Start's success: recording again (until the EndTime of its call)
    Failed,
    Unknown, // sent, and the answer did not say (or never came and the run ended)
    Skipped,
};
// Stable, for JSON, CSV and `--status`: "not_sent", "sent_no_answer", "stopped", "started", ...
QString historyStatusKey(HistoryStatus status);
QString historyStatusDisplayName(HistoryStatus status); // translated
// A key, or a name the history stored before (pending, sending, sent-unknown); nullopt if none.
std::optional<HistoryStatus> historyStatusFromKey(QStringView key);
QList<HistoryStatus> allHistoryStatuses();

struct StreamOutcome
{
    QString streamId;
    StreamStatus status = StreamStatus::Pending;
    QString code;            // the code as text: the vendor's per-stream code, or ZEGO's top-level
    bool codeIsZego = false; // code is ZEGO's top-level Code (see ReturnCodes), not the vendor's
    QString message;         // what the answer said, or what was wrong with it
    QString vendorRequestId; // the CDN vendor's request/trace ID for this stream
    QString requestId;       // ZEGO's RequestId of the call
    int attempts = 0;        // calls that carried this stream
    int callId = 0;          // the last call that carried it (see CallRecord)
    bool earlierAttemptUnanswered = false; // a retry's "not found" may mean the first one worked
    qint64 endTime = 0; // Start: the EndTime (Unix s) of the call that started it; 0 otherwise
};

} // namespace cdnrec

Q_DECLARE_METATYPE(cdnrec::StreamOutcome)
