// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportwriter.h"

#include <model/csv.h>

#include <QDateTime>
#include <QHash>
#include <QIODevice>

namespace cdnrec {

namespace {
constexpr qsizetype kFlushBytes = 64 * 1024;
}

QByteArray jsonString(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (u < 0x20 || u == 0x7f) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

JsonReportWriter::JsonReportWriter(QIODevice *out, const Report::Summary &s, RunAction action)
    : m_out(out), m_action(action)
{
    // A stop's document is the one scripts have always read; a start's says what it was.
    QByteArray head = "{\n";
    if (action != RunAction::Stop)
        head += "    \"action\": " + jsonString(actionKey(action)) + ",\n";
    head += "    \"summary\": {\n";
    head += "        \"requested\": " + QByteArray::number(s.requested) + ",\n";
    head += "        " + jsonString(statusKey(StreamStatus::Succeeded, action)) + ": " +
            QByteArray::number(s.stopped) + ",\n";
    head += "        \"failed\": " + QByteArray::number(s.failed) + ",\n";
    head += "        \"unknown\": " + QByteArray::number(s.unknown) + ",\n";
    head += "        \"skipped\": " + QByteArray::number(s.skipped);
    if (s.pending)
        head += ",\n        \"pending\": " + QByteArray::number(s.pending);
    head += "\n    },\n    \"streams\": [";
    write(head);
}

JsonReportWriter::~JsonReportWriter()
{
    finish();
}

void JsonReportWriter::add(const StreamOutcome &o)
{
    QByteArray j = m_first ? "\n        {\n" : ",\n        {\n";
    m_first = false;
    j += "            \"stream_id\": " + jsonString(o.streamId) + ",\n";
    j += "            \"status\": " + jsonString(statusKey(o.status, m_action)) + ",\n";
    if (m_action == RunAction::Start)
        j += "            \"end_time\": " + QByteArray::number(o.endTime) + ",\n";
    j += "            \"code\": " + jsonString(o.code) + ",\n";
    j += "            \"message\": " + jsonString(o.message) + ",\n";
    j += "            \"vendor_request_id\": " + jsonString(o.vendorRequestId) + ",\n";
    j += "            \"request_id\": " + jsonString(o.requestId) + ",\n";
    j += "            \"attempts\": " + QByteArray::number(o.attempts) + "\n        }";
    write(j);
}

bool JsonReportWriter::finish()
{
    if (!m_finished) {
        m_finished = true;
        write(m_first ? "]\n}\n" : "\n    ]\n}\n");
        if (!m_buffer.isEmpty())
            m_ok = m_out->write(m_buffer) == m_buffer.size() && m_ok;
        m_buffer.clear();
    }
    return m_ok;
}

void JsonReportWriter::write(const QByteArray &bytes)
{
    m_buffer += bytes;
    if (m_buffer.size() >= kFlushBytes) {
        m_ok = m_out->write(m_buffer) == m_buffer.size() && m_ok;
        m_buffer.clear();
    }
}

QStringList listStatuses()
{
    return {QStringLiteral("stopped"),
            QStringLiteral("started"),
            QStringLiteral("already_recording"),
            QStringLiteral("failed"),
            QStringLiteral("failed_to_restart"),
            QStringLiteral("unknown"),
            QStringLiteral("sending"),
            QStringLiteral("not_sent"),
            QStringLiteral("invalid")};
}

namespace {

QByteArray listHead(const QList<ListRow> &rows)
{
    QString action;
    bool mixed = false;
    QHash<QString, int> counts;
    for (const ListRow &r : rows) {
        ++counts[r.status];
        if (r.action.isEmpty())
            continue;
        mixed = mixed || (!action.isEmpty() && action != r.action);
        action = r.action;
    }
    QByteArray head = "{\n";
    if (!action.isEmpty())
        head += "    \"action\": " + jsonString(mixed ? QStringLiteral("mixed") : action) + ",\n";
    head += "    \"summary\": {\n        \"requested\": " + QByteArray::number(rows.size());
    for (const QString &status : listStatuses())
        head +=
            ",\n        " + jsonString(status) + ": " + QByteArray::number(counts.value(status));
    head += "\n    },\n    \"streams\": [";
    return head;
}

QByteArray listStream(const ListRow &r)
{
    const StreamOutcome &o = r.outcome;
    QByteArray j = "        {\n";
    j += "            \"stream_id\": " + jsonString(o.streamId) + ",\n";
    j += "            \"action\": " + jsonString(r.action) + ",\n";
    j += "            \"status\": " + jsonString(r.status) + ",\n";
    j += "            \"end_time\": " + QByteArray::number(r.endTime) + ",\n";
    j += "            \"answered_at\": " + QByteArray::number(r.answeredAt) + ",\n";
    j += "            \"run\": " + QByteArray::number(r.runId) + ",\n";
    j += "            \"profile\": " + jsonString(r.profile) + ",\n";
    j += "            \"room\": " + jsonString(r.room) + ",\n";
    j += "            \"code\": " + jsonString(o.code) + ",\n";
    j += "            \"message\": " + jsonString(o.message) + ",\n";
    j += "            \"vendor_request_id\": " + jsonString(o.vendorRequestId) + ",\n";
    j += "            \"request_id\": " + jsonString(o.requestId) + ",\n";
    j += "            \"attempts\": " + QByteArray::number(o.attempts) + "\n        }";
    return j;
}

} // namespace

QByteArray listReportJson(const QList<ListRow> &rows)
{
    QByteArray out = listHead(rows);
    for (qsizetype i = 0; i < rows.size(); ++i)
        out += (i ? ",\n" : "\n") + listStream(rows.at(i));
    out += rows.isEmpty() ? "]\n}\n" : "\n    ]\n}\n";
    return out;
}

QByteArray listReportCsv(const QList<ListRow> &rows)
{
    CsvWriter csv({QStringLiteral("stream_id"), QStringLiteral("action"), QStringLiteral("status"),
                   QStringLiteral("end_time"), QStringLiteral("answered_at"), QStringLiteral("run"),
                   QStringLiteral("profile"), QStringLiteral("room"), QStringLiteral("code"),
                   QStringLiteral("message"), QStringLiteral("vendor_request_id"),
                   QStringLiteral("request_id"), QStringLiteral("attempts")});
    const auto number = [](qint64 n) {
        return n ? QString::number(n) : QString();
    };
    const auto time = [](qint64 secs) {
        if (!secs)
            return QString();
        const QDateTime local = QDateTime::fromSecsSinceEpoch(secs);
        return local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODate);
    };
    for (const ListRow &r : rows) {
        const StreamOutcome &o = r.outcome;
        csv.addRow({o.streamId, r.action, r.status, time(r.endTime), time(r.answeredAt),
                    number(r.runId), r.profile, r.room, o.code, o.message, o.vendorRequestId,
                    o.requestId, QString::number(o.attempts)});
    }
    return csv.data();
}

} // namespace cdnrec
