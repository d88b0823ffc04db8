// SPDX-License-Identifier: GPL-3.0-or-later
#include "callrequest.h"

#include <QRegularExpression>

#include <algorithm>

namespace cdnrec {

namespace {

const QByteArray kStreamKey = QByteArrayLiteral("&StreamId%5B%5D=");

bool isUnreserved(uchar c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

// RFC 3986: everything but the unreserved characters as %XX of its UTF-8 bytes. The same
// result as QUrl::toPercentEncoding, without its per-byte table searches: most stream IDs need
// no escaping at all, and that path is a plain copy.
QByteArray encodedValue(const QString &value)
{
    QByteArray utf8 = value.toUtf8();
    qsizetype escapes = 0;
    for (const char c : std::as_const(utf8))
        escapes += isUnreserved(uchar(c)) ? 0 : 1;
    if (escapes == 0)
        return utf8;
    static constexpr char hex[] = "0123456789ABCDEF";
    QByteArray out(utf8.size() + 2 * escapes, Qt::Uninitialized);
    char *o = out.data();
    for (const char ch : std::as_const(utf8)) {
        const auto c = uchar(ch);
        if (isUnreserved(c)) {
            *o++ = char(c);
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 0xf];
        }
    }
    return out;
}

QByteArray baseEncoded(const QUrl &endpoint)
{
    QUrl base = endpoint.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (base.path().isEmpty())
        base.setPath(QStringLiteral("/"));
    return base.toEncoded();
}

// "&AppId=...": the public parameters every call ends with.
QByteArray publicQuery(const PublicParams &p)
{
    QByteArray q;
    q += "&AppId=" + QByteArray::number(p.appId);
    q += "&SignatureNonce=" + encodedValue(p.nonce);
    q += "&Timestamp=" + QByteArray::number(p.timestamp);
    q += "&Signature=" + encodedValue(p.signature);
    q += "&SignatureVersion=2.0";
    if (p.isTest)
        q += "&IsTest=true";
    return q;
}

QByteArray query(Vendor vendor, const QList<QByteArray> &encodedIds, const PublicParams &p,
                 const ActionParams &a)
{
    QByteArray q;
    q.reserve(180 + encodedIds.size() * 32);
    q += "Action=" + actionWireName(a.action).toLatin1();
    for (const QByteArray &id : encodedIds)
        q += kStreamKey + id;
    q += "&Vendor=" + encodedValue(vendorWireName(vendor));
    if (a.action == RunAction::Start)
        q += "&EndTime=" + QByteArray::number(a.endTime);
    q += publicQuery(p);
    return q;
}

} // namespace

QUrl CallRequest::url(const QUrl &endpoint, Vendor vendor, const QStringList &streamIds,
                      const PublicParams &params, const ActionParams &action)
{
    QList<QByteArray> encoded;
    encoded.reserve(streamIds.size());
    for (const QString &id : streamIds)
        encoded.append(encodedValue(id));
    QUrl url = endpoint.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (url.path().isEmpty())
        url.setPath(QStringLiteral("/"));
    // The query is fully percent-encoded already (unreserved characters and %XX only), so
    // TolerantMode has nothing to correct, and it parses in half the time of StrictMode.
    url.setQuery(QString::fromLatin1(query(vendor, encoded, params, action)), QUrl::TolerantMode);
    return url;
}

QByteArray CallRequest::encoded(const QString &value)
{
    return encodedValue(value);
}

QByteArray CallRequest::publicParamsQuery(const PublicParams &params)
{
    return publicQuery(params);
}

QList<QStringList> CallRequest::batches(const QUrl &endpoint, const QStringList &ids, int maxCount,
                                        int maxUrlBytes, bool isTest, RunAction action)
{
    maxCount = qMax(1, maxCount);
    // The longest the fixed part can be: widest vendor, AppId, timestamp and signature.
    PublicParams widest;
    widest.appId = 4294967295U;
    widest.nonce = QString(16, QLatin1Char('f'));
    widest.timestamp = 99999999999;
    widest.signature = QString(32, QLatin1Char('f'));
    widest.isTest = isTest;
    const qsizetype fixed = baseEncoded(endpoint).size() + 1 +
                            query(Vendor::Huawei, {}, widest, {action, 99999999999}).size();

    QList<QStringList> out;
    QStringList current;
    qsizetype length = fixed;
    for (const QString &id : ids) {
        const qsizetype cost = kStreamKey.size() + encodedValue(id).size();
        if (!current.isEmpty() && (current.size() >= maxCount || length + cost > maxUrlBytes)) {
            out.append(current);
            current.clear();
            length = fixed;
        }
        current.append(id);
        length += cost;
    }
    if (!current.isEmpty())
        out.append(current);
    return out;
}

QString CallRequest::redactBody(const QString &text, const QStringList &exactValues)
{
    static const QLatin1String kRedacted("REDACTED");
    QString out = text;
    for (const QString &value : exactValues) {
        // Short values would redact ordinary words; a signature is 32 characters.
        if (value.size() >= 8)
            out.replace(value, kRedacted, Qt::CaseInsensitive);
    }
    // A quick look first: most answers mention neither key.
    if (!out.contains(QLatin1String("ignature"), Qt::CaseInsensitive) &&
        !out.contains(QLatin1String("ecret"), Qt::CaseInsensitive))
        return out;
    // key=value (as in a query string, also percent-encoded) and "key": "value" (JSON, also
    // with escaped quotes, as in a JSON string inside a JSON string).
    static const QRegularExpression query(
        QStringLiteral("\\b((?:Signature|ServerSecret)(?:=|%3D))[^&\\s\"'<>\\\\]*"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression json(
        QStringLiteral("((?:\\\\?\")(?:Signature|ServerSecret)\\\\?\"\\s*:\\s*\\\\?\")"
                       "(?:[^\"\\\\]|\\\\[^\"])*"),
        QRegularExpression::CaseInsensitiveOption);
    out.replace(query, QStringLiteral("\\1REDACTED"));
    out.replace(json, QStringLiteral("\\1REDACTED"));
    return out;
}

namespace {

// A JSON text in which each escape (backslash, u, four hex digits) of a printable ASCII
// character but the quote and the backslash is written as the character itself: the same JSON,
// with the same strings once read, in which an echoed secret no longer hides behind escapes. Every
// other escape is kept as it is: an escaped backslash followed by "u0030" stays, and so does an
// escape that is not four hex digits (an answer that is not JSON stays not JSON).
QString withPrintableEscapesWritten(const QString &text)
{
    if (!text.contains(QLatin1String("\\u")))
        return text;
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != QLatin1Char('\\') || i + 1 >= text.size()) {
            out.append(c);
            continue;
        }
        const QChar next = text.at(i + 1);
        bool ok = false;
        const QString digits = text.mid(i + 2, 4);
        const bool hex = next == QLatin1Char('u') && digits.size() == 4 &&
                         std::all_of(digits.begin(), digits.end(), [](QChar d) {
                             return d.isDigit() || (d.toLower() >= QLatin1Char('a') &&
                                                    d.toLower() <= QLatin1Char('f'));
                         });
        const uint code = hex ? digits.toUInt(&ok, 16) : 0;
        if (ok && code >= 0x20 && code < 0x7f && code != '"' && code != '\\') {
            out.append(QChar(char16_t(code)));
            i += 5;
        } else {
            out.append(c).append(next); // any other escape, kept as it is
            ++i;
        }
    }
    return out;
}

} // namespace

QByteArray CallRequest::redactBody(const QByteArray &body, const QStringList &exactValues)
{
    // Latin-1 maps every byte to one character and back, so nothing else changes but escapes
    // of printable characters, written out so that none hides an echoed secret.
    const QString text = QString::fromLatin1(body);
    const QString plain = withPrintableEscapesWritten(text);
    const QString redacted = redactBody(plain, exactValues);
    // Unchanged by the redaction: the answer as it came, escapes and all.
    return (redacted == plain ? text : redacted).toLatin1();
}

QString CallRequest::redacted(const QUrl &url)
{
    static const QRegularExpression signature(QStringLiteral("([?&]Signature=)[^&#]*"));
    QString text = QString::fromLatin1(url.toEncoded());
    text.replace(signature, QStringLiteral("\\1REDACTED"));
    return text;
}

} // namespace cdnrec
