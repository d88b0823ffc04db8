// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminaltext.h"

namespace cdnrec {

namespace {

bool isHostile(char16_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) // C0, DEL, C1 (CSI is 0x9b)
           || (c >= 0x202a && c <= 0x202e)                   // bidi embeddings and overrides
           || (c >= 0x2066 && c <= 0x2069)                   // bidi isolates
           || c == 0x200e || c == 0x200f || c == 0x061c      // direction marks
           || c == 0xfeff;                                   // a BOM inside text
}

} // namespace

bool needsEscaping(QStringView text)
{
    for (const QChar c : text) {
        if (isHostile(c.unicode()))
            return true;
    }
    return false;
}

QString printable(QStringView text)
{
    if (!needsEscaping(text))
        return text.toString();
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!isHostile(u)) {
            out += c;
        } else if (u == u'\n') {
            out += QLatin1String("\\n");
        } else if (u == u'\r') {
            out += QLatin1String("\\r");
        } else if (u == u'\t') {
            out += QLatin1String("\\t");
        } else if (u < 0x100) {
            out += QStringLiteral("\\x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
        } else {
            out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
        }
    }
    return out;
}

} // namespace cdnrec
