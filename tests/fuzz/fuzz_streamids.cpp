// SPDX-License-Identifier: GPL-3.0-or-later
// StreamIds::parse on any text, in each format. Whatever is accepted for sending is non-empty,
// at most 256 bytes, free of whitespace and control characters, and never sent twice.
#include <model/streamids.h>

#include <QSet>

#include <cstdint>
#include <cstdlib>

using namespace cdnrec;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    for (auto format :
         {StreamIds::Format::Auto, StreamIds::Format::Plain, StreamIds::Format::Csv}) {
        QSet<QString> sent;
        for (const StreamIds::Item &item : StreamIds::parse(text, format)) {
            if (item.verdict != StreamIds::Verdict::Ok &&
                item.verdict != StreamIds::Verdict::Warning)
                continue;
            if (item.id.isEmpty() || item.id.toUtf8().size() > StreamIds::MaxIdBytes)
                std::abort();
            for (QChar c : item.id) {
                if (c.isSpace() || c.category() == QChar::Other_Control)
                    std::abort();
            }
            if (sent.contains(item.id))
                std::abort();
            sent.insert(item.id);
        }
    }
    return 0;
}
