// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How a server reads a signed call's query, for tests of what the engine sends.
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace test {

// Decodes a query the way PHP, Go's net/url and most servers do: split on '&', then on the first
// '=', '+' means space, then percent-decoding as UTF-8.
inline QList<QPair<QString, QString>> serverDecode(const QByteArray &query)
{
    QList<QPair<QString, QString>> out;
    for (const QByteArray &pair : query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        QByteArray k = eq < 0 ? pair : pair.left(eq);
        QByteArray v = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        k.replace('+', ' ');
        v.replace('+', ' ');
        out.append({QString::fromUtf8(QByteArray::fromPercentEncoding(k)),
                    QString::fromUtf8(QByteArray::fromPercentEncoding(v))});
    }
    return out;
}

// Every value of `key`, in order.
inline QStringList valuesOf(const QList<QPair<QString, QString>> &items, const QString &key)
{
    QStringList out;
    for (const auto &kv : items) {
        if (kv.first == key)
            out.append(kv.second);
    }
    return out;
}

} // namespace test
