// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/outcome.h>
#include <model/vendor.h>

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QStringList>

namespace cdnrec {

// One StopCDNRecord answer, read. Never throws, never trusts: a body that is not the documented
// JSON is Malformed with a sentence naming what was wrong, and no stream is ever Stopped unless
// the vendor's entry for that very stream says success in an answer whose Code is 0.
class CallReply final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::CallReply)
public:
    enum class Kind
    {
        Answered,  // JSON with a numeric top-level Code (success or not)
        HttpError, // HTTP status outside 2xx and no ZEGO answer in the body
        Malformed, // no usable answer: not JSON, wrong types, missing Code
    };

    // Larger bodies are not read at all (Job aborts the download at this size too).
    static constexpr qsizetype MaxBodyBytes = 1024 * 1024;

    static CallReply parse(int httpStatus, const QByteArray &body, Vendor vendor,
                           const QStringList &requested);

    Kind kind = Kind::Malformed;
    int httpStatus = 0;
    bool hasCode = false;
    qint64 code = -1;     // the top-level Code when hasCode
    QString message;      // the top-level Message
    QString requestId;    // ZEGO's RequestId
    QString error;        // what was wrong, for HttpError and Malformed
    QStringList problems; // entries of the vendor's list that could not be read

    QList<StreamOutcome> outcomes; // one per distinct requested ID, in the order asked
    QList<StreamOutcome> extras;   // streams the vendor answered for that were not asked

    bool isSuccess() const { return kind == Kind::Answered && code == 0; }
};

} // namespace cdnrec
