// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonvalue.h"

#include <cmath>

namespace cdnrec {

QString JsonValue::typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return tr("null");
    case QJsonValue::Bool:
        return tr("a boolean");
    case QJsonValue::Double:
        return tr("a number");
    case QJsonValue::String:
        return tr("a string");
    case QJsonValue::Array:
        return tr("an array");
    case QJsonValue::Object:
        return tr("an object");
    case QJsonValue::Undefined:
        return tr("missing");
    }
    return QString();
}

bool JsonValue::isWholeNumber(const QJsonValue &v)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15;
}

} // namespace cdnrec
