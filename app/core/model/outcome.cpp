// SPDX-License-Identifier: GPL-3.0-or-later
#include "outcome.h"

#include <QCoreApplication>

namespace cdnrec {

QString statusKey(StreamStatus status, RunAction action)
{
    switch (status) {
    case StreamStatus::Pending:
        return QStringLiteral("pending");
    case StreamStatus::Sending:
        return QStringLiteral("sending");
    case StreamStatus::Succeeded:
        return action == RunAction::Start ? QStringLiteral("started") : QStringLiteral("stopped");
    case StreamStatus::Failed:
        return QStringLiteral("failed");
    case StreamStatus::Unknown:
        return QStringLiteral("unknown");
    case StreamStatus::Skipped:
        return QStringLiteral("skipped");
    }
    Q_UNREACHABLE();
}

QString statusDisplayName(StreamStatus status, RunAction action)
{
    switch (status) {
    case StreamStatus::Pending:
        return QCoreApplication::translate("cdnrec::StreamStatus", "Pending");
    case StreamStatus::Sending:
        return QCoreApplication::translate("cdnrec::StreamStatus", "Sending");
    case StreamStatus::Succeeded:
        return action == RunAction::Start
                   ? QCoreApplication::translate("cdnrec::StreamStatus", "Recording")
                   : QCoreApplication::translate("cdnrec::StreamStatus", "Stopped");
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

QString historyStatusKey(HistoryStatus status)
{
    switch (status) {
    case HistoryStatus::NotSent:
        return QStringLiteral("not_sent");
    case HistoryStatus::SentNoAnswer:
        return QStringLiteral("sent_no_answer");
    case HistoryStatus::Stopped:
        return QStringLiteral("stopped");
    case HistoryStatus::Started:
        return QStringLiteral("started");
    case HistoryStatus::Failed:
        return QStringLiteral("failed");
    case HistoryStatus::Unknown:
        return QStringLiteral("unknown");
    case HistoryStatus::Skipped:
        return QStringLiteral("skipped");
    }
    Q_UNREACHABLE();
}

QString historyStatusDisplayName(HistoryStatus status)
{
    switch (status) {
    case HistoryStatus::NotSent:
        return QCoreApplication::translate("cdnrec::HistoryStatus", "Not sent");
    case HistoryStatus::SentNoAnswer:
        return QCoreApplication::translate("cdnrec::HistoryStatus", "Sent, no answer recorded");
    // The final outcomes read as the console's table reads them, in every language.
    case HistoryStatus::Stopped:
        return statusDisplayName(StreamStatus::Succeeded, RunAction::Stop);
    case HistoryStatus::Started:
        return statusDisplayName(StreamStatus::Succeeded, RunAction::Start);
    case HistoryStatus::Failed:
        return statusDisplayName(StreamStatus::Failed);
    case HistoryStatus::Unknown:
        return statusDisplayName(StreamStatus::Unknown);
    case HistoryStatus::Skipped:
        return statusDisplayName(StreamStatus::Skipped);
    }
    Q_UNREACHABLE();
}

QList<HistoryStatus> allHistoryStatuses()
{
    return {HistoryStatus::NotSent, HistoryStatus::SentNoAnswer, HistoryStatus::Stopped,
            HistoryStatus::Started, HistoryStatus::Failed,       HistoryStatus::Unknown,
            HistoryStatus::Skipped};
}

std::optional<HistoryStatus> historyStatusFromKey(QStringView key)
{
    for (HistoryStatus s : allHistoryStatuses()) {
        if (key.compare(historyStatusKey(s), Qt::CaseInsensitive) == 0)
            return s;
    }
    // What scripts may have passed before the keys were typed.
    if (key.compare(u"pending", Qt::CaseInsensitive) == 0 ||
        key.compare(u"not-sent", Qt::CaseInsensitive) == 0)
        return HistoryStatus::NotSent;
    if (key.compare(u"sending", Qt::CaseInsensitive) == 0 ||
        key.compare(u"sent-unknown", Qt::CaseInsensitive) == 0)
        return HistoryStatus::SentNoAnswer;
    return std::nullopt;
}

} // namespace cdnrec
