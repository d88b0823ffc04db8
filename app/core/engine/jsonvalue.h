// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QJsonValue>
#include <QString>

namespace cdnrec {

// What the gateway's answers are read with, whatever the call: the words for a value's JSON type
// and the test for a whole number, one rule for StopCDNRecord's and DescribeSimpleStreamList's
// replies alike.
class JsonValue final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::JsonValue)
public:
    // "null", "a boolean", "a number", "a string", "an array", "an object" or "missing": for a
    // sentence that says what was expected instead.
    static QString typeName(const QJsonValue &v);
    // A number without a fraction that a double holds exactly (below 9e15); NaN and infinities
    // are not.
    static bool isWholeNumber(const QJsonValue &v);
};

} // namespace cdnrec
