// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace cdnrec {

// One call as it was sent and answered: for the history, logs and the details pane. Holds the
// redacted URL only, never the secret or the signature.
struct CallRecord
{
    int callId = 0;
    QStringList streamIds;
    int attempt = 1;
    QString redactedUrl;
    qint64 sentAtMs = 0; // wall clock, ms since the epoch
    qint64 durationMs = 0;
    int httpStatus = 0; // 0: no HTTP answer
    bool hasCode = false;
    qint64 code = 0;
    QString message;
    QString requestId;
    QString error;   // what went wrong, when something did
    QByteArray body; // as received, at most CallReply::MaxBodyBytes
};

} // namespace cdnrec
