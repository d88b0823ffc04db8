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

// A JSON string literal, quotes included (RFC 8259 escaping, UTF-8).
QByteArray jsonString(const QString &text);

} // namespace cdnrec
