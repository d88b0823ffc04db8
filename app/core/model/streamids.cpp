// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamids.h"

#include <model/safefile.h>

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QStringDecoder>

namespace cdnrec {

namespace {

bool isSeparator(QChar c)
{
    return c == u',' || c == u';' || c.isSpace();
}

bool isRuleChar(char16_t u)
{
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
           u == u'-' || u == u'_';
}

QString codePoint(char32_t u)
{
    return QStringLiteral("U+") + QString::number(uint(u), 16).rightJustified(4, u'0').toUpper();
}

// "Stream ID", "stream_id", "StreamName", "流ID" ... -> true
bool isStreamIdHeader(QStringView field)
{
    QString n;
    n.reserve(field.size());
    for (QChar c : field) {
        if (c != u' ' && c != u'_' && c != u'-' && c != u'"' && c != QChar(0xFEFF))
            n.append(c.toLower());
    }
    static const QSet<QString> names{
        QStringLiteral("streamid"),   QStringLiteral("streamids"),   QStringLiteral("stream"),
        QStringLiteral("streamname"), QStringLiteral("streamalias"), QStringLiteral("streamkey"),
        QStringLiteral("流id"),       QStringLiteral("流名称"),      QStringLiteral("流名")};
    return names.contains(n);
}

QStringView stripQuotes(QStringView t)
{
    if (t.size() >= 2 &&
        ((t.front() == u'"' && t.back() == u'"') || (t.front() == u'\'' && t.back() == u'\'')))
        return t.mid(1, t.size() - 2);
    return t;
}

struct Record
{
    QStringList fields;
    int line = 0;
};

// RFC 4180 records: quoted fields may hold the delimiter, newlines and "" for a quote.
QList<Record> csvRecords(QStringView text, QChar delimiter)
{
    QList<Record> out;
    Record rec;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    int line = 1;
    rec.line = 1;
    const auto endField = [&] {
        rec.fields.append(quoted ? field : field.trimmed());
        field.clear();
        fieldStarted = false;
    };
    const auto endRecord = [&] {
        endField();
        // A blank line is not a record.
        if (!(rec.fields.size() == 1 && rec.fields.front().isEmpty()))
            out.append(rec);
        rec = Record();
        rec.line = line;
    };
    const qsizetype n = text.size();
    bool inQuotes = false;
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < n && text[i + 1] == u'"') {
                    field.append(u'"');
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                field.append(c);
            }
            continue;
        }
        if (c == u'"' && !fieldStarted) {
            inQuotes = true;
            quoted = true;
            fieldStarted = true;
            field.clear();
        } else if (c == delimiter) {
            endField();
            quoted = false;
        } else if (c == u'\r') {
            // CRLF: the \n ends the record.
        } else if (c == u'\n') {
            ++line;
            endRecord();
            quoted = false;
        } else {
            if (quoted) {
                // Text after a closing quote: keep it, as spreadsheets do.
                field.append(c);
            } else {
                if (!c.isSpace())
                    fieldStarted = true;
                field.append(c);
            }
        }
    }
    if (!field.isEmpty() || !rec.fields.isEmpty() || quoted)
        endRecord();
    return out;
}

// The first line's text, without a BOM.
QStringView firstLine(QStringView text)
{
    qsizetype start = 0;
    while (start < text.size() &&
           (text[start] == QChar(0xFEFF) || text[start] == u'\n' || text[start] == u'\r'))
        ++start;
    qsizetype end = text.indexOf(u'\n', start);
    if (end < 0)
        end = text.size();
    return text.mid(start, end - start);
}

class Collector
{
public:
    void add(QStringView raw, int line)
    {
        StreamIds::Item item;
        item.id = raw.trimmed().toString();
        item.line = line;
        const auto first = m_firstLine.constFind(item.id);
        if (first != m_firstLine.constEnd() && !item.id.isEmpty()) {
            item.verdict = StreamIds::Verdict::Duplicate;
            item.reason = StreamIds::tr("duplicate of line %1").arg(*first);
        } else {
            item.verdict = StreamIds::check(item.id, &item.reason);
            m_firstLine.insert(item.id, line);
        }
        m_items.append(std::move(item));
    }
    QList<StreamIds::Item> take() { return std::move(m_items); }

private:
    QList<StreamIds::Item> m_items;
    QHash<QString, int> m_firstLine;
};

} // namespace

StreamIds::Verdict StreamIds::check(QStringView id, QString *reason)
{
    if (id.isEmpty()) {
        *reason = tr("empty");
        return Verdict::Invalid;
    }
    QString outside;
    int outsideCount = 0;
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < id.size(); ++i) {
        const QChar c = id[i];
        const char16_t u = c.unicode();
        if (u < 0x80) {
            ++bytes;
        } else if (u < 0x800) {
            bytes += 2;
        } else if (c.isHighSurrogate()) {
            bytes += 4;
        } else if (!c.isLowSurrogate()) {
            bytes += 3;
        }
        if (isRuleChar(u))
            continue;
        if (c.isSpace()) {
            *reason = tr("contains whitespace (%1)").arg(codePoint(u));
            return Verdict::Invalid;
        }
        const auto cat = c.category();
        if (cat == QChar::Other_Control || cat == QChar::Other_Format ||
            cat == QChar::Other_NotAssigned || u == 0xFFFD) {
            *reason = tr("contains an invisible or control character (%1)").arg(codePoint(u));
            return Verdict::Invalid;
        }
        if (outsideCount < 5 && !c.isLowSurrogate()) {
            const QString ch =
                c.isHighSurrogate() && i + 1 < id.size() ? id.mid(i, 2).toString() : QString(c);
            if (!outside.contains(ch)) {
                if (!outside.isEmpty())
                    outside += QStringLiteral(" ");
                outside += ch;
                ++outsideCount;
            }
        }
    }
    if (bytes > MaxIdBytes) {
        *reason = tr("longer than %1 bytes (%2)").arg(MaxIdBytes).arg(bytes);
        return Verdict::Invalid;
    }
    if (!outside.isEmpty()) {
        *reason =
            tr("has characters outside ZEGO's rule (letters, digits, - and _): %1").arg(outside);
        return Verdict::Warning;
    }
    reason->clear();
    return Verdict::Ok;
}

QList<StreamIds::Item> StreamIds::parse(QStringView text, Format format)
{
    // CSV needs a header that names the column, unless the caller says the text is CSV.
    int column = -1;
    QChar delimiter = u',';
    bool header = false;
    if (format != Format::Plain) {
        const QStringView first = firstLine(text);
        for (QChar d : {QChar(u','), QChar(u'\t'), QChar(u';')}) {
            if (!first.contains(d) && format == Format::Auto)
                continue;
            const QList<Record> head = csvRecords(first, d);
            if (head.isEmpty())
                continue;
            const QStringList &fields = head.front().fields;
            for (int i = 0; i < fields.size(); ++i) {
                if (isStreamIdHeader(fields.at(i))) {
                    column = i;
                    delimiter = d;
                    header = true;
                    break;
                }
            }
            if (header)
                break;
        }
        if (!header && first.size() && !first.contains(u',') && format == Format::Auto) {
            // A single header cell ("stream_id" alone on the first line).
            if (isStreamIdHeader(first.trimmed())) {
                column = 0;
                header = true;
            }
        }
        if (!header && format == Format::Csv) {
            column = 0;
            for (QChar d : {QChar(u','), QChar(u'\t'), QChar(u';')}) {
                if (firstLine(text).contains(d)) {
                    delimiter = d;
                    break;
                }
            }
        }
    }

    Collector collector;
    if (column >= 0) {
        const QList<Record> records = csvRecords(text, delimiter);
        for (qsizetype r = header ? 1 : 0; r < records.size(); ++r) {
            const Record &rec = records.at(r);
            QString cell = column < rec.fields.size() ? rec.fields.at(column) : QString();
            if (r == 0 && cell.startsWith(QChar(0xFEFF)))
                cell.remove(0, 1);
            // An empty cell (or a row too short to have one) is a blank line of the sheet:
            // skipped, as blank lines of text are, not an "Invalid: empty" row.
            if (cell.trimmed().isEmpty())
                continue;
            collector.add(cell, rec.line);
        }
        return collector.take();
    }

    // Free text: one pass, splitting on separators.
    int line = 1;
    qsizetype start = -1;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i <= n; ++i) {
        const bool end = i == n;
        const QChar c = end ? QChar(u'\n') : text[i];
        if (end || isSeparator(c) || (c == QChar(0xFEFF) && start < 0)) {
            if (start >= 0) {
                collector.add(stripQuotes(text.mid(start, i - start)), line);
                start = -1;
            }
            if (c == u'\n')
                ++line;
        } else if (start < 0) {
            start = i;
        }
    }
    return collector.take();
}

QList<StreamIds::Item> StreamIds::parseFile(const QString &path, QString *error)
{
    const QString name = QFileInfo(path).fileName();
    QByteArray data;
    QString why;
    switch (readBoundedInput(path, MaxFileBytes, PipeTimeoutMs, &data, &why)) {
    case ReadResult::Ok:
        break;
    case ReadResult::TooLarge:
        *error = tr("%1 is larger than %2 MB; at most %2 MB can be imported")
                     .arg(name)
                     .arg(MaxFileBytes / (1024 * 1024));
        return {};
    case ReadResult::NotAFile:
        *error = tr("%1 is not a file (a device or a folder); give a text or CSV file").arg(name);
        return {};
    case ReadResult::TimedOut:
        *error = tr("Nothing arrived from %1 within %2 s").arg(name).arg(PipeTimeoutMs / 1000);
        return {};
    case ReadResult::Failed:
        *error = tr("Cannot read %1: %2").arg(name, why);
        return {};
    }
    auto encoding = QStringConverter::encodingForData(data);
    const bool utf16 = encoding && (*encoding == QStringConverter::Utf16LE ||
                                    *encoding == QStringConverter::Utf16BE ||
                                    *encoding == QStringConverter::Utf16);
    if (!utf16 && data.contains('\0')) {
        *error = tr("%1 is not a text file (it contains binary data)").arg(name);
        return {};
    }
    QStringDecoder decoder(encoding.value_or(QStringConverter::Utf8));
    const QString text = decoder.decode(data);
    if (decoder.hasError()) {
        *error = tr("%1 is not UTF-8 text; save it as UTF-8 and import it again").arg(name);
        return {};
    }
    error->clear();
    const bool csv = name.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ||
                     name.endsWith(QLatin1String(".tsv"), Qt::CaseInsensitive);
    return parse(text, csv ? Format::Csv : Format::Auto);
}

StreamIds::Summary StreamIds::summarize(const QList<Item> &items)
{
    Summary s;
    for (const Item &i : items) {
        switch (i.verdict) {
        case Verdict::Ok:
            ++s.ok;
            break;
        case Verdict::Warning:
            ++s.warnings;
            break;
        case Verdict::Invalid:
            ++s.invalid;
            break;
        case Verdict::Duplicate:
            ++s.duplicates;
            break;
        }
    }
    return s;
}

} // namespace cdnrec
