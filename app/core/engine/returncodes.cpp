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
    Entry{
        6, Kind::RateLimited, true,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Requests too frequent."),
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                          "Retried automatically with back-off; if it persists, lower the "
                          "profile's call rate (your own servers share the AppId's 20 calls/s).")},
    Entry{7, Kind::Credentials, false,
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Authentication failed."),
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Check the profile's AppId and ServerSecret.")},
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
          QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Check the profile's ServerSecret and AppId.")},
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
    Entry{
        100000011, Kind::Credentials, false,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "The gateway cannot get the app's configuration."),
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

struct VendorEntry
{
    Vendor vendor;
    const char *code;
    Kind kind;
    bool retryable;
    const char *meaning;
    const char *advice;
};

// Written out (not through a macro of ours): lupdate reads only QT_TRANSLATE_NOOP itself, and
// through a macro these texts never reached the .ts files, so they stayed English in Chinese.
// Per-stream codes of the CDN vendors, only those their public documentation lists:
// - Tencent: Tencent Cloud CSS (live) API 2018-08-01, "error codes" of StopLiveRecord and
//   StopRecordTask, the product's error code table, and Tencent Cloud API 3.0's common error
//   codes (FailedOperation, InternalError, InvalidParameter, ... are its families).
// - Wangsu: ZEGO's StopCDNRecord page calls list[].http_code the task's status, 200 being success;
//   Wangsu publishes no table for it, so the values are read as HTTP statuses (RFC 9110; 429 from
//   RFC 6585).
// - Huawei: ZEGO's page documents 0 as success; no public table of the other values was found,
//   so they stay unknown and the advice is to quote the vendor's request ID.
constexpr std::array kVendorTable{
    // Tencent, exact codes.
    VendorEntry{
        Vendor::Tencent, "ResourceNotFound.ChannelNotExist", Kind::InputError, false,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud has no such stream (channel)."),
        QT_TRANSLATE_NOOP(
            "cdnrec::ReturnCodes",
            "Check the stream ID and the vendor; the recording may have ended already.")},
    VendorEntry{Vendor::Tencent, "ResourceNotFound.TaskId", Kind::InputError, false,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                                  "Tencent Cloud has no recording task for this stream."),
                QT_TRANSLATE_NOOP(
                    "cdnrec::ReturnCodes",
                    "The recording may have ended already, or it was started with another vendor: "
                    "check the stream ID and the vendor.")},
    VendorEntry{
        Vendor::Tencent, "FailedOperation.StreamNotExist", Kind::InputError, false,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud says the stream does not exist."),
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                          "Check the stream ID; the stream may have ended already.")},
    VendorEntry{Vendor::Tencent, "FailedOperation.AlterTaskState", Kind::Transient, true,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                                  "Tencent Cloud could not change the recording task's state."),
                QT_TRANSLATE_NOOP(
                    "cdnrec::ReturnCodes",
                    "Retry later; if it persists, quote the vendor request ID to ZEGO technical "
                    "support.")},
    VendorEntry{
        Vendor::Tencent, "InternalError.GetConfigError", Kind::Transient, true,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud could not read its configuration."),
        QT_TRANSLATE_NOOP(
            "cdnrec::ReturnCodes",
            "Retry later; if it persists, quote the vendor request ID to ZEGO technical "
            "support.")},
    VendorEntry{
        Vendor::Tencent, "InternalError.NetworkError", Kind::Transient, true,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud had an internal network error."),
        QT_TRANSLATE_NOOP(
            "cdnrec::ReturnCodes",
            "Retry later; if it persists, quote the vendor request ID to ZEGO technical "
            "support.")},
    VendorEntry{
        Vendor::Tencent, "InternalError.SystemError", Kind::Transient, true,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud had an internal system error."),
        QT_TRANSLATE_NOOP(
            "cdnrec::ReturnCodes",
            "Retry later; if it persists, quote the vendor request ID to ZEGO technical "
            "support.")},
    VendorEntry{Vendor::Tencent, "ResourceUnavailable.InvalidVodStatus", Kind::Permission, false,
                QT_TRANSLATE_NOOP(
                    "cdnrec::ReturnCodes",
                    "Tencent Cloud's VOD service, where recordings are kept, is not activated."),
                QT_TRANSLATE_NOOP(
                    "cdnrec::ReturnCodes",
                    "Contact ZEGO technical support about the recording set-up of this AppId.")},
    VendorEntry{
        Vendor::Tencent, "RequestLimitExceeded", Kind::RateLimited, true,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Too many requests to Tencent Cloud."),
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Retry later, or lower the profile's call rate.")},
    VendorEntry{
        Vendor::Tencent, "AuthFailure", Kind::Permission, false,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud refused ZEGO's credentials."),
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Contact ZEGO technical support.")},
    // Tencent, families: the part before the dot.
    VendorEntry{
        Vendor::Tencent, "FailedOperation", Kind::InputError, false,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud says the operation failed."),
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                          "Check the stream ID and the vendor; if they are right, quote the vendor "
                          "request ID to ZEGO technical support.")},
    VendorEntry{Vendor::Tencent, "InternalError", Kind::Transient, true,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud had an internal error."),
                QT_TRANSLATE_NOOP(
                    "cdnrec::ReturnCodes",
                    "Retry later; if it persists, quote the vendor request ID to ZEGO technical "
                    "support.")},
    VendorEntry{
        Vendor::Tencent, "InvalidParameter", Kind::InputError, false,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud says a parameter is invalid."),
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Check the stream ID and the vendor.")},
    VendorEntry{Vendor::Tencent, "InvalidParameterValue", Kind::InputError, false,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                                  "Tencent Cloud says a parameter value is invalid."),
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Check the stream ID and the vendor.")},
    VendorEntry{
        Vendor::Tencent, "MissingParameter", Kind::InputError, false,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud says a parameter is missing."),
        QT_TRANSLATE_NOOP(
            "cdnrec::ReturnCodes",
            "Check the stream ID; if it is right, quote the vendor request ID to ZEGO "
            "technical support.")},
    VendorEntry{Vendor::Tencent, "ResourceNotFound", Kind::InputError, false,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                                  "Tencent Cloud could not find the stream or its recording."),
                QT_TRANSLATE_NOOP(
                    "cdnrec::ReturnCodes",
                    "Check the stream ID and the vendor; the recording may have ended already.")},
    VendorEntry{Vendor::Tencent, "ResourceUnavailable", Kind::Permission, false,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                                  "A Tencent Cloud resource the recording needs is unavailable."),
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Contact ZEGO technical support.")},
    VendorEntry{Vendor::Tencent, "UnsupportedOperation", Kind::Permission, false,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                                  "Tencent Cloud does not support this operation here."),
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Contact ZEGO technical support.")},
    VendorEntry{
        Vendor::Tencent, "UnauthorizedOperation", Kind::Permission, false,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Tencent Cloud did not allow the operation."),
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Contact ZEGO technical support.")},
    VendorEntry{
        Vendor::Tencent, "LimitExceeded", Kind::RateLimited, true,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "A Tencent Cloud limit was exceeded."),
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Retry later, or lower the profile's call rate.")},
    // Wangsu: list[].http_code.
    VendorEntry{Vendor::Ws, "400", Kind::InputError, false,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                                  "Wangsu refused the request as malformed (HTTP 400)."),
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Check the stream ID and the vendor.")},
    VendorEntry{Vendor::Ws, "401", Kind::Permission, false,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                                  "Wangsu did not accept ZEGO's credentials (HTTP 401)."),
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Contact ZEGO technical support.")},
    VendorEntry{
        Vendor::Ws, "403", Kind::Permission, false,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Wangsu refused the operation (HTTP 403)."),
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Contact ZEGO technical support.")},
    VendorEntry{Vendor::Ws, "404", Kind::InputError, false,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes",
                                  "Wangsu has no recording of this stream (HTTP 404)."),
                QT_TRANSLATE_NOOP(
                    "cdnrec::ReturnCodes",
                    "Check the stream ID and the vendor; the recording may have ended already.")},
    VendorEntry{
        Vendor::Ws, "429", Kind::RateLimited, true,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Too many requests to Wangsu (HTTP 429)."),
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Retry later, or lower the profile's call rate.")},
    VendorEntry{
        Vendor::Ws, "500", Kind::Transient, true,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Wangsu had an internal error (HTTP 500)."),
        QT_TRANSLATE_NOOP(
            "cdnrec::ReturnCodes",
            "Retry later; if it persists, quote the vendor request ID to ZEGO technical "
            "support.")},
    VendorEntry{
        Vendor::Ws, "502", Kind::Transient, true,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Wangsu's gateway had an error (HTTP 502)."),
        QT_TRANSLATE_NOOP(
            "cdnrec::ReturnCodes",
            "Retry later; if it persists, quote the vendor request ID to ZEGO technical "
            "support.")},
    VendorEntry{
        Vendor::Ws, "503", Kind::Transient, true,
        QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Wangsu's service is unavailable (HTTP 503)."),
        QT_TRANSLATE_NOOP(
            "cdnrec::ReturnCodes",
            "Retry later; if it persists, quote the vendor request ID to ZEGO technical "
            "support.")},
    VendorEntry{Vendor::Ws, "504", Kind::Transient, true,
                QT_TRANSLATE_NOOP("cdnrec::ReturnCodes", "Wangsu's gateway timed out (HTTP 504)."),
                QT_TRANSLATE_NOOP(
                    "cdnrec::ReturnCodes",
                    "Retry later; if it persists, quote the vendor request ID to ZEGO technical "
                    "support.")},
};

} // namespace

VendorCodeInfo ReturnCodes::lookup(Vendor vendor, const QString &code)
{
    VendorCodeInfo info;
    info.vendor = vendor;
    info.code = code;
    const QString c = code.trimmed();
    const bool success = (vendor == Vendor::Tencent && c.isEmpty()) ||
                         (vendor == Vendor::Ws && c == u"200") ||
                         (vendor == Vendor::Huawei && c == u"0");
    if (success) {
        info.kind = Kind::Success;
        info.meaning = tr("Success.");
        info.known = true;
        return info;
    }
    const auto fill = [&](const VendorEntry &e) {
        info.kind = e.kind;
        info.retryable = e.retryable;
        info.meaning = tr(e.meaning);
        info.advice = tr(e.advice);
    };
    for (const VendorEntry &e : kVendorTable) {
        if (e.vendor == vendor && c == QLatin1String(e.code)) {
            fill(e);
            info.known = true;
            return info;
        }
    }
    if (vendor == Vendor::Tencent) {
        const qsizetype dot = c.indexOf(u'.');
        const QString family = dot > 0 ? c.left(dot) : QString();
        for (const VendorEntry &e : kVendorTable) {
            if (!family.isEmpty() && e.vendor == vendor && family == QLatin1String(e.code)) {
                fill(e);
                // A detail nobody documented: say what the family means, and do not retry blind.
                info.retryable = false;
                return info;
            }
        }
    }
    info.kind = Kind::Unknown;
    info.meaning = tr("%1 answered with code %2, which cdnrec does not know.")
                       .arg(vendorDisplayName(vendor), c);
    info.advice = tr("Not retried. Quote the vendor request ID to ZEGO technical support.");
    return info;
}

bool ReturnCodes::meansAlreadyRecording(Vendor vendor, const QString &code)
{
    // 409 Conflict: the vendor's answer to starting a recording that runs (Wangsu's http_code,
    // Huawei's Code; Tencent's as FailedOperation.409).
    const QString c = code.trimmed();
    switch (vendor) {
    case Vendor::Tencent:
        return c == u"FailedOperation.409";
    case Vendor::Ws:
    case Vendor::Huawei:
        return c == u"409";
    }
    return false;
}

VendorCodeInfo ReturnCodes::lookup(Vendor vendor, const QString &code, RunAction action)
{
    if (action != RunAction::Start || !meansAlreadyRecording(vendor, code))
        return lookup(vendor, code);
    VendorCodeInfo info;
    info.vendor = vendor;
    info.code = code;
    info.kind = Kind::InputError;
    info.known = true;
    info.meaning = tr("The stream is already being recorded.");
    info.advice =
        tr("Nothing to restart: its recording goes on until the end it was started with.");
    return info;
}

QStringList ReturnCodes::knownVendorCodes(Vendor vendor)
{
    QStringList out;
    for (const VendorEntry &e : kVendorTable) {
        if (e.vendor == vendor)
            out.append(QLatin1String(e.code));
    }
    return out;
}

CodeInfo ReturnCodes::lookup(qint64 code)
{
    for (const Entry &e : kTable) {
        if (e.code == code) {
            return {code,        e.kind, tr(e.meaning), *e.advice ? tr(e.advice) : QString(),
                    e.retryable, true};
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
