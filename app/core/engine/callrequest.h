// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/action.h>
#include <model/vendor.h>

#include <QList>
#include <QStringList>
#include <QUrl>

namespace cdnrec {

// The public parameters of one call. A retry is a new call: new nonce, timestamp and signature.
struct PublicParams
{
    quint32 appId = 0;
    QString nonce;
    qint64 timestamp = 0;
    QString signature;
    bool isTest = false; // only projects created on or before 2021-11-16 send IsTest
};

// What a call does: Stop, or Start with its EndTime (Unix s; see EndTimeBounds).
struct ActionParams
{
    RunAction action = RunAction::Stop;
    qint64 endTime = 0; // Start only
};

// Builds StopCDNRecord and StartCDNRecord URLs. Every StreamId[] value is percent-encoded by hand
// (QUrlQuery leaves
// '+' alone, which servers read as a space), so '+ & = # % ;', spaces and non-ASCII arrive intact.
class CallRequest final
{
public:
    static constexpr int DefaultBatchSize = 10;
    // The number of StreamId[] a call may carry is undocumented; ~4 KiB URLs pass every proxy.
    static constexpr int DefaultMaxUrlBytes = 4096;

    static QUrl url(const QUrl &endpoint, Vendor vendor, const QStringList &streamIds,
                    const PublicParams &params, const ActionParams &action = {});
    // A value as every call's query carries it (RFC 3986: all but the unreserved characters as
    // %XX of the UTF-8 bytes): stream IDs here, room IDs in StreamListRequest.
    static QByteArray encoded(const QString &value);
    // "&AppId=...&SignatureNonce=...&Timestamp=...&Signature=...&SignatureVersion=2.0" (and
    // "&IsTest=true"): the public parameters every call's query ends with.
    static QByteArray publicParamsQuery(const PublicParams &params);

    // Splits ids, in order, into calls of at most maxCount IDs whose URL stays within maxUrlBytes.
    // An ID too long to fit any URL on its own still gets a call of its own.
    static QList<QStringList> batches(const QUrl &endpoint, const QStringList &ids, int maxCount,
                                      int maxUrlBytes = DefaultMaxUrlBytes, bool isTest = false,
                                      RunAction action = RunAction::Stop);

    // The URL as it may be shown or logged: the Signature value replaced by "REDACTED".
    static QString redacted(const QUrl &url);
    // Text a gateway sent back (a body, a message, an error), as it may be kept or shown: each
    // of the exact values (the call's signature, the ServerSecret) and any Signature=... or
    // "Signature":"..." (or ServerSecret) value replaced by "REDACTED". A body is bytes: any
    // encoding survives untouched apart from the redacted values.
    static QString redactBody(const QString &text, const QStringList &exactValues = {});
    static QByteArray redactBody(const QByteArray &body, const QStringList &exactValues = {});
};

} // namespace cdnrec
