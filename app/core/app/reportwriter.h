// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/report.h>

class QIODevice;

namespace cdnrec {

// Writes the report document ({"summary": ..., "streams": [...]}, the same as Report::toJson)
// one stream at a time, so a million streams never stand in memory twice. The summary comes
// first, as the README shows it; each stream's fields in a fixed, readable order.
class JsonReportWriter final
{
public:
    // A Start's document says so ("action": "start"), counts "started" and gives each started
    // stream its "end_time" (Unix s); a Stop's is as it always was.
    JsonReportWriter(QIODevice *out, const Report::Summary &summary,
                     RunAction action = RunAction::Stop);
    ~JsonReportWriter();
    Q_DISABLE_COPY_MOVE(JsonReportWriter)

    void add(const StreamOutcome &outcome);
    // Closes the document (the destructor does it too). false: the device refused a write.
    bool finish();

private:
    void write(const QByteArray &bytes);
    QIODevice *m_out;
    RunAction m_action;
    bool m_first = true;
    bool m_finished = false;
    bool m_ok = true;
    QByteArray m_buffer;
};

// One row of the console's list as its export says it: the outcome, and the row's life (what
// the last run that sent it did, the state it left, and that run).
struct ListRow
{
    StreamOutcome outcome;
    QString status;        // the row's state: "stopped", "started", "failed_to_restart"...
    QString action;        // "stop", "start"; "" when no run sent it
    qint64 endTime = 0;    // started: recording until (Unix s); 0 otherwise or not known
    qint64 answeredAt = 0; // when its last answer came (Unix s); 0: none
    qint64 runId = 0;      // the history run that set it; 0: none, or not recorded
    QString profile;       // that run's profile (its history label); "" when none
    QString room;          // the room it was listed in (Stop by room); "" when none
};

// The console's list as a report, in the schema of `cdnrec stop/start --json` (the same names:
// action, summary, streams, stream_id, status, end_time, code, message, vendor_request_id,
// request_id, attempts), with what a list of several runs needs on each stream: its action,
// run, profile, room and answered_at. "action" at the top only when every sent row shares one
// ("mixed" otherwise). The summary counts the rows by status, each status always present.
QByteArray listReportJson(const QList<ListRow> &rows);
// The same rows as CSV, one line each, the columns in the JSON's order; end_time and
// answered_at as read by a person: ISO 8601 local time with its offset
// ("2026-12-08T11:30:15+08:00"), empty for none (the JSON keeps Unix seconds, as the CLI's).
QByteArray listReportCsv(const QList<ListRow> &rows);
// The statuses of a list row, in the summary's order.
QStringList listStatuses();

// A JSON string literal, quotes included (RFC 8259 escaping, UTF-8).
QByteArray jsonString(const QString &text);

} // namespace cdnrec
