// SPDX-License-Identifier: GPL-3.0-or-later
// CallReply::parse on anything. Byte 0 picks the vendor and the HTTP status; the rest is the body.
// Beyond "no crash", the rule that matters: no stream is Stopped without a success answer that
// names it.
#include <engine/callreply.h>

#include <cstdint>
#include <cstdlib>

using namespace cdnrec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const Vendor vendor = Vendor(data[0] % 3);
    static const int statuses[] = {200, 200, 200, 500, 404, 502, 0, 429};
    const int status = statuses[(data[0] >> 2) % 8];
    const QByteArray body(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    static const QStringList asked{QStringLiteral("a"),      QStringLiteral("b"),
                                   QStringLiteral("cdn01"),  QStringLiteral("test"),
                                   QStringLiteral("hwtest"), QStringLiteral("a")};
    const CallReply r = CallReply::parse(status, body, vendor, asked);
    if (r.outcomes.size() != 5) // one per distinct ID asked
        std::abort();
    for (const StreamOutcome &o : r.outcomes) {
        if (o.status == StreamStatus::Succeeded && !r.isSuccess())
            std::abort();
        if (o.status == StreamStatus::Succeeded && !(status >= 200 && status < 300))
            std::abort();
        if (!isFinal(o.status))
            std::abort();
    }
    return 0;
}
