// SPDX-License-Identifier: GPL-3.0-or-later
#include "report.h"

#include <QJsonArray>

namespace cdnrec {

namespace {

QByteArray csvField(const QString &value)
{
    QByteArray utf8 = value.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')) {
        utf8.replace("\"", "\"\"");
        return '"' + utf8 + '"';
    }
    return utf8;
}

} // namespace

Report::Summary Report::summarize(const QList<StreamOutcome> &outcomes)
{
    Summary s;
    s.requested = int(outcomes.size());
    for (const StreamOutcome &o : outcomes) {
        switch (o.status) {
        case StreamStatus::Stopped: ++s.stopped; break;
        case StreamStatus::Failed: ++s.failed; break;
        case StreamStatus::Unknown: ++s.unknown; break;
        case StreamStatus::Skipped: ++s.skipped; break;
        case StreamStatus::Pending:
        case StreamStatus::Sending: ++s.pending; break;
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
    QByteArray out = "stream_id,status,code,message,vendor_request_id,request_id,attempts\r\n";
    for (const StreamOutcome &o : outcomes) {
        out += csvField(o.streamId) + ',' + csvField(statusKey(o.status)) + ',' + csvField(o.code)
               + ',' + csvField(o.message) + ',' + csvField(o.vendorRequestId) + ','
               + csvField(o.requestId) + ',' + QByteArray::number(o.attempts) + "\r\n";
    }
    return out;
}

} // namespace cdnrec
