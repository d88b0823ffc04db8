// SPDX-License-Identifier: GPL-3.0-or-later
#include "endpoint.h"

#include <QHostAddress>

namespace cdnrec {

const QList<Endpoint::Region> &Endpoint::regions()
{
    // ZEGO's endpoints for the RTC product's server APIs. Always HTTPS.
    static const QList<Region> list{
        {"unified", "rtc-api.zego.im",
         QT_TRANSLATE_NOOP("cdnrec::Endpoint", "Unified (any region)")},
        {"sha", "rtc-api-sha.zego.im",
         QT_TRANSLATE_NOOP("cdnrec::Endpoint", "Mainland China (Shanghai)")},
        {"hkg", "rtc-api-hkg.zego.im",
         QT_TRANSLATE_NOOP("cdnrec::Endpoint", "Hong Kong, Macau, Taiwan")},
        {"fra", "rtc-api-fra.zego.im", QT_TRANSLATE_NOOP("cdnrec::Endpoint", "Europe (Frankfurt)")},
        {"lax", "rtc-api-lax.zego.im",
         QT_TRANSLATE_NOOP("cdnrec::Endpoint", "US West (California)")},
        {"bom", "rtc-api-bom.zego.im",
         QT_TRANSLATE_NOOP("cdnrec::Endpoint", "Asia-Pacific (Mumbai)")},
        {"sgp", "rtc-api-sgp.zego.im",
         QT_TRANSLATE_NOOP("cdnrec::Endpoint", "Southeast Asia (Singapore)")},
    };
    return list;
}

QUrl Endpoint::defaultUrl()
{
    return QUrl(QStringLiteral("https://rtc-api.zego.im/"));
}

bool Endpoint::isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString Endpoint::problem(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return tr("'%1' is not a URL with a host").arg(url.toDisplayString());
    // A password in the URL would be stored with the profile and the history, and sent to a
    // proxy; ZEGO's endpoints take none.
    if (!url.userInfo().isEmpty())
        return tr("an endpoint must not carry a user name or password");
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http")) {
        if (!isLoopbackHost(url.host()))
            return tr("http:// is only allowed for a loopback address (127.0.0.1, ::1, localhost); "
                      "use https:// for %1")
                .arg(url.host());
        return QString();
    }
    if (scheme != QLatin1String("https"))
        return tr("'%1' must start with https://").arg(url.toDisplayString());
    if (url.hasQuery() || url.hasFragment())
        return tr("the endpoint must not carry a query or a fragment");
    return QString();
}

} // namespace cdnrec
