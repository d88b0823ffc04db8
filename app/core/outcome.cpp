// SPDX-License-Identifier: GPL-3.0-or-later
#include "outcome.h"

#include <QCoreApplication>

namespace cdnrec {

QString statusKey(StreamStatus status)
{
    switch (status) {
    case StreamStatus::Pending:
        return QStringLiteral("pending");
    case StreamStatus::Sending:
        return QStringLiteral("sending");
    case StreamStatus::Stopped:
        return QStringLiteral("stopped");
    case StreamStatus::Failed:
        return QStringLiteral("failed");
    case StreamStatus::Unknown:
        return QStringLiteral("unknown");
    case StreamStatus::Skipped:
        return QStringLiteral("skipped");
    }
    Q_UNREACHABLE();
}

QString statusDisplayName(StreamStatus status)
{
    switch (status) {
    case StreamStatus::Pending:
        return QCoreApplication::translate("cdnrec::StreamStatus", "Pending");
    case StreamStatus::Sending:
        return QCoreApplication::translate("cdnrec::StreamStatus", "Sending");
    case StreamStatus::Stopped:
        return QCoreApplication::translate("cdnrec::StreamStatus", "Stopped");
    case StreamStatus::Failed:
        return QCoreApplication::translate("cdnrec::StreamStatus", "Failed");
    case StreamStatus::Unknown:
        return QCoreApplication::translate("cdnrec::StreamStatus", "Unknown");
    case StreamStatus::Skipped:
        return QCoreApplication::translate("cdnrec::StreamStatus", "Skipped");
    }
    Q_UNREACHABLE();
}

bool isFinal(StreamStatus status)
{
    return status != StreamStatus::Pending && status != StreamStatus::Sending;
}

} // namespace cdnrec
