// SPDX-License-Identifier: GPL-3.0-or-later
#include "returncodes.h"

#include <array>

namespace cdnrec {

namespace {

using Kind = CodeInfo::Kind;

struct Entry
{
    qint64 code;
    Kind kind;
    bool retryable;
    const char *meaning;
    const char *advice;
};

// Sources: the StopCDNRecord API pages (0-1000) and ZEGO's gateway table (1000000xx).
constexpr std::array kTable{
    Entry{0, Kind::Success, false, QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Success."), ""},
    Entry{2, Kind::InputError, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Input parameter error."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "Check the stream IDs and the vendor; a stream the vendor does not "
                            "know can cause it.")},
    Entry{3, Kind::Permission, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The permission for this API is not enabled."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Contact ZEGO technical support.")},
    Entry{4, Kind::InputError, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "CDN type mismatch."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "Pick the CDN vendor that is configured for this AppId.")},
    Entry{5, Kind::Permission, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Configuration error."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Contact ZEGO technical support.")},
    Entry{6, Kind::RateLimited, true,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Requests too frequent."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "Retried automatically with back-off; if it persists, lower the "
                            "profile's call rate (your own servers share the AppId's 20 calls/s).")},
    Entry{7, Kind::Credentials, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Authentication failed."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "Check the profile's AppId and ServerSecret.")},
    Entry{1000, Kind::Permission, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Request failed."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Contact ZEGO technical support.")},
    Entry{100000000, Kind::Credentials, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Wrong Host header."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Check the profile's endpoint.")},
    Entry{100000001, Kind::Credentials, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The AppId is malformed."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Check the profile's AppId.")},
    Entry{100000002, Kind::ClientBug, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The Timestamp is empty."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "A cdnrec bug: please report it.")},
    Entry{100000003, Kind::ClientBug, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The Timestamp is malformed."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "A cdnrec bug: please report it.")},
    Entry{100000004, Kind::ClockSkew, true,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The signature has expired."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "This computer's clock is off by more than 10 minutes; cdnrec "
                            "corrects for it once. Set the clock right (NTP).")},
    Entry{100000005, Kind::Credentials, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The signature is wrong."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "Check the profile's ServerSecret and AppId.")},
    Entry{100000006, Kind::ClientBug, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The Action is empty."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "A cdnrec bug: please report it.")},
    Entry{100000007, Kind::ClientBug, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The Action is not supported."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "Check that the endpoint is a ZEGO RTC server API endpoint.")},
    Entry{100000008, Kind::ClientBug, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The SignatureNonce is empty."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "A cdnrec bug: please report it.")},
    Entry{100000009, Kind::ClientBug, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The Signature is empty."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "A cdnrec bug: please report it.")},
    Entry{100000010, Kind::Credentials, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The gateway cannot get the ServerSecret."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "Check the AppId; if it is right, contact ZEGO technical support.")},
    Entry{100000011, Kind::Credentials, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "The gateway cannot get the app's configuration."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "Check the AppId; if it is right, contact ZEGO technical support.")},
    Entry{100000012, Kind::Transient, true,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The gateway could not read the request."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Retried automatically.")},
    Entry{100000013, Kind::ClientBug, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The SignatureVersion is empty."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "A cdnrec bug: please report it.")},
    Entry{100000014, Kind::ClientBug, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "The SignatureVersion is not supported (only 2.0 is)."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "A cdnrec bug: please report it.")},
    Entry{100000015, Kind::Transient, true,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Gateway internal error."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "Retried automatically; if it persists, contact ZEGO technical "
                            "support.")},
    Entry{100000016, Kind::Credentials, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "The app is not configured for the production environment."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                            "Check the profile's IsTest switch (only projects created on or "
                            "before 2021-11-16 use it).")},
    Entry{100000017, Kind::Permission, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The service is not enabled for this app."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Contact ZEGO technical support.")},
};

} // namespace

CodeInfo ReturnCodes::lookup(qint64 code)
{
    for (const Entry &e : kTable) {
        if (e.code == code) {
            return {code,
                    e.kind,
                    tr(e.meaning),
                    *e.advice ? tr(e.advice) : QString(),
                    e.retryable,
                    true};
        }
    }
    CodeInfo info;
    info.code = code;
    info.meaning = tr("Unknown return code %1.").arg(code);
    info.advice = tr("Not retried. Quote the request IDs to ZEGO technical support.");
    info.kind = Kind::Unknown;
    info.retryable = false;
    return info;
}

QList<qint64> ReturnCodes::knownCodes()
{
    QList<qint64> out;
    out.reserve(qsizetype(kTable.size()));
    for (const Entry &e : kTable)
        out.append(e.code);
    return out;
}

bool ReturnCodes::isCredentialOrConfig(qint64 code)
{
    return lookup(code).kind == CodeInfo::Kind::Credentials;
}

} // namespace cdnrec
