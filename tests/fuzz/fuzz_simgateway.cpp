// SPDX-License-Identifier: GPL-3.0-or-later
// The simulator's request handling on any query string: the gateway's checks, the vendor shapes,
// the fault prefixes. It must answer every request, and a JSON answer must be JSON.
#include "simgateway.h"
#include <engine/signer.h>
#include <model/clock.h>

#include <QJsonDocument>
#include <QUrlQuery>

#include <cstdint>
#include <cstdlib>

using namespace cdnrec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ManualClock clock;
    static SimGateway gateway(
        [] {
            SimConfig c;
            c.secret = QStringLiteral("fuzz-secret");
            c.rateLimit = 1e9;
            return c;
        }(),
        &clock);
    clock.advanceNs(1000000);
    // Half the inputs get a valid signature, so the fuzzer reaches the vendor answers.
    QString query = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    if (size > 0 && data[0] % 2 == 0) {
        const QString nonce =
            QStringLiteral("00112233445566%1").arg(size % 100, 2, 10, QLatin1Char('0'));
        const qint64 ts = clock.wallSecs();
        query += QStringLiteral(
                     "&Action=StopCDNRecord&AppId=1234567890&SignatureVersion=2.0&SignatureNonce=%1"
                     "&Timestamp=%2&Signature=%3")
                     .arg(nonce)
                     .arg(ts)
                     .arg(Signer::signature(1234567890, nonce, u"fuzz-secret", ts));
    }
    const SimAnswer a = gateway.handle(QUrlQuery(query).queryItems(QUrl::FullyDecoded));
    if (a.action == SimAnswer::Action::Respond && a.contentType == "application/json" &&
        a.fault.isEmpty()) {
        QJsonParseError e{};
        const QJsonDocument doc = QJsonDocument::fromJson(a.body, &e);
        if (e.error != QJsonParseError::NoError ||
            !doc.object().value(QStringLiteral("Code")).isDouble())
            std::abort();
    }
    return 0;
}
