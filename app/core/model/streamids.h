// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace cdnrec {

// Turns what an operator pastes or imports into stream IDs, each with a verdict. Order is kept,
// nothing is dropped silently, and the work is linear: 100,000 lines are ordinary.
class StreamIds final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::StreamIds)
public:
    enum class Verdict
    {
        Ok,        // within ZEGO's rule: 1-256 of A-Z a-z 0-9 - _
        Warning,   // sendable, but outside the current rule (old streams may have such IDs)
        Invalid,   // can never be a stream ID: not sent
        Duplicate, // the same ID appeared earlier: not sent twice
    };
    enum class Format
    {
        Auto,  // CSV when the first line has a stream-ID column header, otherwise free text
        Plain, // free text: newline, comma, tab, space and semicolon separate IDs
        Csv,   // CSV: the stream-ID column if the header names one, otherwise the first column
    };

    struct Item
    {
        QString id;
        Verdict verdict = Verdict::Ok;
        QString reason; // why, for every verdict but Ok
        int line = 0;   // 1-based line of the input it came from
    };

    struct Summary
    {
        int ok = 0;
        int warnings = 0;
        int invalid = 0;
        int duplicates = 0;
        int sendable() const { return ok + warnings; }
    };

    static constexpr int MaxIdBytes = 256;
    static constexpr qint64 MaxFileBytes = 64 * 1024 * 1024;
    static constexpr int PipeTimeoutMs = 10000; // a FIFO nobody writes to is given up after this

    static QList<Item> parse(QStringView text, Format format = Format::Auto);
    // Reads a text or CSV file (UTF-8 or UTF-16 with BOM). On failure returns nothing and sets
    // *error to a sentence for the operator.
    static QList<Item> parseFile(const QString &path, QString *error);
    // The verdict for one trimmed ID, duplicates aside.
    static Verdict check(QStringView id, QString *reason);
    static Summary summarize(const QList<Item> &items);
};

} // namespace cdnrec
