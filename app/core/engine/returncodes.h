// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <model/action.h>
#include <model/vendor.h>

namespace cdnrec {

// What a return code tells the operator and the retry logic.
struct CodeInfo
{
    enum class Kind
    {
        Success,
        InputError,  // the request's content (IDs, vendor) is wrong: fix it, do not retry
        Permission,  // the app lacks a feature or configuration: ZEGO support
        Credentials, // AppId / ServerSecret / environment rejected: fix the profile
        RateLimited, // too many calls: back off and retry
        ClockSkew,   // signature expired: correct the clock and retry once
        Transient,   // the gateway had a passing fault: retry
        ClientBug,   // a malformed request: the program is at fault
        Unknown,     // a code this program does not know
    };

    qint64 code = 0;
    Kind kind = Kind::Unknown;
    QString meaning; // translated
    QString advice;  // translated; empty when there is nothing to do
    bool retryable = false;
    bool known = false;
};

// A CDN vendor's per-stream code (Data.Tencent[].Code, Data.Ws.list[].http_code,
// Data.Huawei[].Code), as text.
struct VendorCodeInfo
{
    Vendor vendor = Vendor::Tencent;
    QString code;
    CodeInfo::Kind kind = CodeInfo::Kind::Unknown;
    QString meaning; // translated
    QString advice;  // translated; empty for success
    bool retryable = false;
    bool known = false; // this very code is in the vendor's published list
};

// Every code ZEGO publishes for this call: StopCDNRecord's own (its API page) and the
// gateway's 100000000-100000017, common to every server API.
class ReturnCodes final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::ReturnCodes)
public:
    static CodeInfo lookup(qint64 code);
    static QList<qint64> knownCodes();
    // A vendor's code for one stream. Tencent's Family.Detail codes not in the table get their
    // family's meaning (known stays false).
    static VendorCodeInfo lookup(Vendor vendor, const QString &code);
    // The same, for a call of `action`: a restart refused because the stream records already
    // (409) is said as such, never as a failure to take to ZEGO support.
    static VendorCodeInfo lookup(Vendor vendor, const QString &code, RunAction action);
    // The vendor's "already recording" (409 Conflict) for a start.
    static bool meansAlreadyRecording(Vendor vendor, const QString &code);
    static QStringList knownVendorCodes(Vendor vendor);
    // The gateway refused who we are or how the app is set up: the whole run cannot succeed.
    static bool isCredentialOrConfig(qint64 code);
};

} // namespace cdnrec
