// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonvalue.h"

#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <vector>

namespace cdnrec {

namespace {

// A JSON string's text (from after its opening quote to before its closing one), its escapes
// read: two spellings of one key ("Code", "\u0043ode") are one key.
QString jsonStringText(const QByteArray &raw)
{
    if (!raw.contains('\\'))
        return QString::fromUtf8(raw);
    QString out;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw.at(i) != '\\' || i + 1 >= raw.size()) {
            out += QString::fromUtf8(raw.mid(i, 1));
            continue;
        }
        const char e = raw.at(++i);
        if (e == 'u' && i + 4 < raw.size()) {
            out += QChar(char16_t(raw.mid(i + 1, 4).toUShort(nullptr, 16)));
            i += 4;
        } else {
            static const QByteArray from("bfnrt"), to("\b\f\n\r\t");
            const qsizetype k = from.indexOf(e);
            out += QLatin1Char(k >= 0 ? to.at(k) : e);
        }
    }
    return out;
}

} // namespace

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

QString JsonValue::excerpt(const QByteArray &body)
{
    static const QRegularExpression title(QStringLiteral("<title[^>]*>([^<]{1,200})</title>"),
                                          QRegularExpression::CaseInsensitiveOption);
    const QString text = QString::fromUtf8(body.left(4096));
    const auto m = title.match(text);
    QString out = m.hasMatch() ? m.captured(1) : text.left(120);
    for (QChar &c : out) {
        if (c.category() == QChar::Other_Control || c == QChar::ReplacementCharacter)
            c = QLatin1Char(' ');
    }
    out = out.simplified();
    if (!m.hasMatch() && text.size() > 120)
        out += QStringLiteral("…");
    return out;
}

QString JsonValue::repeatedKey(const QByteArray &body)
{
    struct Frame
    {
        bool object;
        bool expectKey;
        QSet<QString> keys;
    };
    std::vector<Frame> stack;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const char c = body.at(i);
        if (c == '{' || c == '[') {
            stack.push_back(Frame{c == '{', c == '{', {}});
        } else if ((c == '}' || c == ']') && !stack.empty()) {
            stack.pop_back();
        } else if (c == ',' && !stack.empty()) {
            stack.back().expectKey = stack.back().object;
        } else if (c == '"') {
            qsizetype end = i + 1;
            while (end < body.size() && body.at(end) != '"')
                end += body.at(end) == '\\' ? 2 : 1;
            if (!stack.empty() && stack.back().expectKey) {
                const QString key = jsonStringText(body.mid(i + 1, end - i - 1));
                if (stack.back().keys.contains(key))
                    return key;
                stack.back().keys.insert(key);
                stack.back().expectKey = false;
            }
            i = end;
        }
    }
    return QString();
}

} // namespace cdnrec
