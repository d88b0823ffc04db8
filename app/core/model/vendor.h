// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace cdnrec {

// The CDN vendors StopCDNRecord knows, spelled on the wire as Tencent, Ws and Huawei.
enum class Vendor
{
    Tencent,
    Ws,
    Huawei
};

QString vendorWireName(Vendor vendor);
QString vendorDisplayName(Vendor vendor); // translated: "Tencent Cloud", "Wangsu", "Huawei Cloud"
// Accepts the wire name in any letter case ("tencent", "WS"); nothing else.
std::optional<Vendor> vendorFromString(QStringView text);
QStringList vendorWireNames();

} // namespace cdnrec
