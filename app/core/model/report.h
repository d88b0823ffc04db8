// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/outcome.h>

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace cdnrec {

// The results of a run as scripts and spreadsheets read them: the CLI's --json document and the
// console's exports are the same thing.
class Report final
{
public:
    struct Summary
    {
        int requested = 0;
        int stopped = 0;
        int failed = 0;
        int unknown = 0;
        int skipped = 0;
        int pending = 0; // not run yet (the console's list before a stop)
    };
    static Summary summarize(const QList<StreamOutcome> &outcomes);
    // {"summary":{...},"streams":[{"stream_id",...}]}; code always a string.
    static QJsonObject toJson(const QList<StreamOutcome> &outcomes);
    // RFC 4180, UTF-8 with a header row; the same columns as the JSON.
    static QByteArray toCsv(const QList<StreamOutcome> &outcomes);
};

} // namespace cdnrec
