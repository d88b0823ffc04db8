// SPDX-License-Identifier: GPL-3.0-or-later
#include "vendor.h"

#include <QCoreApplication>

namespace cdnrec {

QString vendorWireName(Vendor vendor)
{
    switch (vendor) {
    case Vendor::Tencent:
        return QStringLiteral("Tencent");
    case Vendor::Ws:
        return QStringLiteral("Ws");
    case Vendor::Huawei:
        return QStringLiteral("Huawei");
    }
    Q_UNREACHABLE();
}

QString vendorDisplayName(Vendor vendor)
{
    switch (vendor) {
    case Vendor::Tencent:
        return QCoreApplication::translate("cdnrec::Vendor", "Tencent Cloud");
    case Vendor::Ws:
        return QCoreApplication::translate("cdnrec::Vendor", "Wangsu");
    case Vendor::Huawei:
        return QCoreApplication::translate("cdnrec::Vendor", "Huawei Cloud");
    }
    Q_UNREACHABLE();
}

std::optional<Vendor> vendorFromString(QStringView text)
{
    for (Vendor v : {Vendor::Tencent, Vendor::Ws, Vendor::Huawei}) {
        if (text.compare(vendorWireName(v), Qt::CaseInsensitive) == 0)
            return v;
    }
    return std::nullopt;
}

QStringList vendorWireNames()
{
    return {vendorWireName(Vendor::Tencent), vendorWireName(Vendor::Ws),
            vendorWireName(Vendor::Huawei)};
}

} // namespace cdnrec
