// SPDX-License-Identifier: GPL-3.0-or-later
#include "signer.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/random.h>
#endif

namespace cdnrec {

namespace {

// Fills the block from the OS's cryptographic generator. QRandomGenerator::system() makes one
// system call per value here (34 us for 32 values on a VM); getrandom() fills all at once (1 us).
void fillFromSystem(quint64 *begin, std::size_t count)
{
#ifdef Q_OS_LINUX
    auto *bytes = reinterpret_cast<char *>(begin);
    std::size_t want = count * sizeof(quint64);
    while (want > 0) {
        const ssize_t got = getrandom(bytes, want, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            break; // e.g. ENOSYS on an old kernel: the portable path below
        }
        bytes += got;
        want -= std::size_t(got);
    }
    if (want == 0)
        return;
#endif
    QRandomGenerator::system()->fillRange(begin, qsizetype(count));
}

} // namespace

Signer::Signer()
{
    m_source = [this] {
        if (m_blockUsed == m_block.size()) {
            fillFromSystem(m_block.data(), m_block.size());
            m_blockUsed = 0;
        }
        const quint64 v = m_block[m_blockUsed];
        m_block[m_blockUsed++] = 0; // no copy of a nonce lingers once handed out
        return v;
    };
}

Signer::Signer(RandomSource source) : m_source(std::move(source)) {}

Signer &Signer::shared()
{
    static Signer instance;
    return instance;
}

QString Signer::nextNonce()
{
    QMutexLocker lock(&m_mutex);
    quint64 value = 0;
    // A repeat among 2^64 values is astronomically rare; the set makes it impossible. It grows
    // by 8 bytes a call, and calls are paced at 20/s at most: a day at full rate is ~14 MB.
    do {
        value = m_source();
    } while (m_issued.contains(value));
    m_issued.insert(value);
    QString nonce(16, Qt::Uninitialized);
    QChar *out = nonce.data();
    for (int i = 15; i >= 0; --i, value >>= 4)
        out[i] = QLatin1Char("0123456789abcdef"[value & 0xf]);
    return nonce;
}

QString Signer::signature(quint32 appId, QStringView nonce, QStringView secret, qint64 timestamp)
{
    const QByteArray input = QByteArray::number(appId) + nonce.toUtf8() + secret.toUtf8() +
                             QByteArray::number(timestamp);
    return QString::fromLatin1(QCryptographicHash::hash(input, QCryptographicHash::Md5).toHex());
}

bool Signer::isValidNonce(QStringView nonce)
{
    if (nonce.size() != 16)
        return false;
    for (QChar c : nonce) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f')))
            return false;
    }
    return true;
}

} // namespace cdnrec
