// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

namespace cdnrec {

// Where one stream stands. Stopped is only ever set from a success answer for that very stream.
enum class StreamStatus {
    Pending,  // not sent yet
    Sending,  // in a call that has not been answered
    Stopped,  // the vendor answered success for this stream
    Failed,   // an answer said it was not stopped (code + message)
    Unknown,  // sent, but no usable answer for it (or the vendor left it out)
    Skipped,  // never sent: invalid, or cancelled before sending
};

QString statusKey(StreamStatus status);         // stable, for JSON and the history: "stopped"
QString statusDisplayName(StreamStatus status); // translated
bool isFinal(StreamStatus status);

struct StreamOutcome
{
    QString streamId;
    StreamStatus status = StreamStatus::Pending;
    QString code;            // the code as text: the vendor's per-stream code, or ZEGO's top-level
    bool codeIsZego = false; // code is ZEGO's top-level Code (see ReturnCodes), not the vendor's
    QString message;         // what the answer said, or what was wrong with it
    QString vendorRequestId; // the CDN vendor's request/trace ID for this stream
    QString requestId;       // ZEGO's RequestId of the call
    int attempts = 0; // calls that carried this stream
    int callId = 0;   // the last call that carried it (see CallRecord)
    bool earlierAttemptUnanswered = false; // a retry's "not found" may mean the first one worked
};

} // namespace cdnrec

Q_DECLARE_METATYPE(cdnrec::StreamOutcome)
