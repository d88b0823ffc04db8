// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonValue>
#include <QString>

namespace cdnrec {

// What the gateway's answers are read with, whatever the call: the words for a value's JSON type,
// the test for a whole number, repeated keys and the excerpt of a body that is not JSON: one rule
// for StopCDNRecord's and DescribeSimpleStreamList's replies alike.
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
    // The first key given twice in one object of a body QJsonDocument read whole (it keeps the
    // last one, so {"Code":6,"Code":0} would read as a success); a null string when there is
    // none. Two spellings of one key ("Code", "\u0043ode") are one key.
    static QString repeatedKey(const QByteArray &body);
    // A short, printable excerpt of a body that is not JSON, for a sentence: an HTML page's
    // title if it has one, else its beginning (control characters as spaces).
    static QString excerpt(const QByteArray &body);
};

} // namespace cdnrec
