// SPDX-License-Identifier: GPL-3.0-or-later
#include "report.h"

#include <model/csv.h>

#include <QJsonArray>

namespace cdnrec {

Report::Summary Report::summarize(const QList<StreamOutcome> &outcomes)
{
    Summary s;
    s.requested = int(outcomes.size());
    for (const StreamOutcome &o : outcomes) {
        switch (o.status) {
        case StreamStatus::Succeeded:
            ++s.stopped;
            break;
        case StreamStatus::Failed:
            ++s.failed;
            break;
        case StreamStatus::Unknown:
            ++s.unknown;
            break;
        case StreamStatus::Skipped:
            ++s.skipped;
            break;
        case StreamStatus::Pending:
        case StreamStatus::Sending:
            ++s.pending;
            break;
        }
    }
    return s;
}

QJsonObject Report::toJson(const QList<StreamOutcome> &outcomes)
{
    const Summary s = summarize(outcomes);
    QJsonObject summary;
    summary.insert(QStringLiteral("requested"), s.requested);
    summary.insert(QStringLiteral("stopped"), s.stopped);
    summary.insert(QStringLiteral("failed"), s.failed);
    summary.insert(QStringLiteral("unknown"), s.unknown);
    summary.insert(QStringLiteral("skipped"), s.skipped);
    if (s.pending)
        summary.insert(QStringLiteral("pending"), s.pending);
    QJsonArray streams;
    for (const StreamOutcome &o : outcomes) {
        QJsonObject j;
        j.insert(QStringLiteral("stream_id"), o.streamId);
        j.insert(QStringLiteral("status"), statusKey(o.status));
        j.insert(QStringLiteral("code"), o.code);
        j.insert(QStringLiteral("message"), o.message);
        j.insert(QStringLiteral("vendor_request_id"), o.vendorRequestId);
        j.insert(QStringLiteral("request_id"), o.requestId);
        j.insert(QStringLiteral("attempts"), o.attempts);
        streams.append(j);
    }
    QJsonObject doc;
    doc.insert(QStringLiteral("summary"), summary);
    doc.insert(QStringLiteral("streams"), streams);
    return doc;
}

QByteArray Report::toCsv(const QList<StreamOutcome> &outcomes)
{
    CsvWriter csv({QStringLiteral("stream_id"), QStringLiteral("status"), QStringLiteral("code"),
                   QStringLiteral("message"), QStringLiteral("vendor_request_id"),
                   QStringLiteral("request_id"), QStringLiteral("attempts")});
    for (const StreamOutcome &o : outcomes) {
        csv.addRow({o.streamId, statusKey(o.status), o.code, o.message, o.vendorRequestId,
                    o.requestId, QString::number(o.attempts)});
    }
    return csv.data();
}

} // namespace cdnrec
