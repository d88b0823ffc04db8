// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QUrl>

namespace cdnrec {

// Where calls may go: ZEGO's regional hosts over HTTPS, or a loopback address (the simulator).
class Endpoint final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::Endpoint)
public:
    struct Region
    {
        const char *key;  // "unified", "sha", ...
        const char *host; // "rtc-api.zego.im"
        const char *name; // translatable
    };
    static const QList<Region> &regions();
    static QUrl defaultUrl(); // https://rtc-api.zego.im/

    static bool isLoopbackHost(const QString &host);
    // Empty when the URL may be used; otherwise a sentence saying why not.
    static QString problem(const QUrl &url);
};

} // namespace cdnrec
