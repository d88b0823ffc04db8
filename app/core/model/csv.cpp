// SPDX-License-Identifier: GPL-3.0-or-later
#include "csv.h"

namespace cdnrec {

CsvWriter::CsvWriter(const QStringList &header)
{
    if (!header.isEmpty())
        addRow(header);
}

void CsvWriter::addRow(const QStringList &cells)
{
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i)
            m_data += ',';
        m_data += field(cells.at(i));
    }
    m_data += "\r\n";
}

QByteArray CsvWriter::field(QStringView value)
{
    QByteArray utf8 = value.toUtf8();
    if (!utf8.isEmpty()) {
        const char first = utf8.front();
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
            first == '\r')
            utf8.prepend('\'');
    }
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')) {
        utf8.replace("\"", "\"\"");
        return '"' + utf8 + '"';
    }
    return utf8;
}

} // namespace cdnrec
