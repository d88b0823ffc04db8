// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace cdnrec {

// What a return code tells the operator and the retry logic.
struct CodeInfo
{
    enum class Kind {
        Success,
        InputError,   // the request's content (IDs, vendor) is wrong: fix it, do not retry
        Permission,   // the app lacks a feature or configuration: ZEGO support
        Credentials,  // AppId / ServerSecret / environment rejected: fix the profile
        RateLimited,  // too many calls: back off and retry
        ClockSkew,    // signature expired: correct the clock and retry once
        Transient,    // the gateway had a passing fault: retry
        ClientBug,    // a malformed request: the program is at fault
        Unknown,      // a code this program does not know
    };

    qint64 code = 0;
    Kind kind = Kind::Unknown;
    QString meaning; // translated
    QString advice;  // translated; empty when there is nothing to do
    bool retryable = false;
    bool known = false;
};

// Every code in api/FACTS.md: StopCDNRecord's own and the gateway's 100000000-100000017.
class ReturnCodes final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::ReturnCodes)
public:
    static CodeInfo lookup(qint64 code);
    static QList<qint64> knownCodes();
    // The gateway refused who we are or how the app is set up: the whole run cannot succeed.
    static bool isCredentialOrConfig(qint64 code);
};

} // namespace cdnrec
