// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QStringList>
#include <QStringView>

namespace cdnrec {

// The one CSV writer for every export: RFC 4180 (CRLF line ends, fields with a comma, quote, CR
// or LF quoted, quotes doubled), UTF-8. A cell that starts with = + - @ (or a tab or CR) gets a
// leading ' so a spreadsheet shows it as text instead of running it as a formula: stream IDs,
// messages and request IDs come from input files and gateways.
class CsvWriter final
{
public:
    explicit CsvWriter(const QStringList &header = {});
    void addRow(const QStringList &cells);
    QByteArray data() const { return m_data; }

    static QByteArray field(QStringView value);

private:
    QByteArray m_data;
};

} // namespace cdnrec
