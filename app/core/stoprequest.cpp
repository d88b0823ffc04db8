// SPDX-License-Identifier: GPL-3.0-or-later
#include "stoprequest.h"

#include <QRegularExpression>

namespace cdnrec {

namespace {

const QByteArray kStreamKey = QByteArrayLiteral("&StreamId%5B%5D=");

QByteArray encodedValue(const QString &value)
{
    return QUrl::toPercentEncoding(value);
}

QByteArray baseEncoded(const QUrl &endpoint)
{
    QUrl base = endpoint.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (base.path().isEmpty())
        base.setPath(QStringLiteral("/"));
    return base.toEncoded();
}

QByteArray query(Vendor vendor, const QList<QByteArray> &encodedIds, const PublicParams &p)
{
    QByteArray q;
    q.reserve(160 + encodedIds.size() * 32);
    q += "Action=StopCDNRecord";
    for (const QByteArray &id : encodedIds)
        q += kStreamKey + id;
    q += "&Vendor=" + encodedValue(vendorWireName(vendor));
    q += "&AppId=" + QByteArray::number(p.appId);
    q += "&SignatureNonce=" + encodedValue(p.nonce);
    q += "&Timestamp=" + QByteArray::number(p.timestamp);
    q += "&Signature=" + encodedValue(p.signature);
    q += "&SignatureVersion=2.0";
    if (p.isTest)
        q += "&IsTest=true";
    return q;
}

} // namespace

QUrl StopRequest::url(const QUrl &endpoint, Vendor vendor, const QStringList &streamIds,
                      const PublicParams &params)
{
    QList<QByteArray> encoded;
    encoded.reserve(streamIds.size());
    for (const QString &id : streamIds)
        encoded.append(encodedValue(id));
    return QUrl::fromEncoded(baseEncoded(endpoint) + '?' + query(vendor, encoded, params),
                             QUrl::StrictMode);
}

QList<QStringList> StopRequest::batches(const QUrl &endpoint, const QStringList &ids, int maxCount,
                                        int maxUrlBytes, bool isTest)
{
    maxCount = qMax(1, maxCount);
    // The longest the fixed part can be: widest vendor, AppId, timestamp and signature.
    PublicParams widest;
    widest.appId = 4294967295U;
    widest.nonce = QString(16, QLatin1Char('f'));
    widest.timestamp = 99999999999;
    widest.signature = QString(32, QLatin1Char('f'));
    widest.isTest = isTest;
    const qsizetype fixed = baseEncoded(endpoint).size() + 1
                            + query(Vendor::Huawei, {}, widest).size();

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

QString StopRequest::redacted(const QUrl &url)
{
    static const QRegularExpression signature(QStringLiteral("([?&]Signature=)[^&#]*"));
    QString text = QString::fromLatin1(url.toEncoded());
    text.replace(signature, QStringLiteral("\\1REDACTED"));
    return text;
}

} // namespace cdnrec
