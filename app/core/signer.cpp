// SPDX-License-Identifier: GPL-3.0-or-later
#include "signer.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace cdnrec {

Signer::Signer()
    : Signer([] { return QRandomGenerator::system()->generate64(); })
{
}

Signer::Signer(RandomSource source)
    : m_source(std::move(source))
{
}

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
    return QStringLiteral("%1").arg(value, 16, 16, QLatin1Char('0'));
}

QString Signer::signature(quint32 appId, QStringView nonce, QStringView secret, qint64 timestamp)
{
    const QByteArray input = QByteArray::number(appId) + nonce.toUtf8() + secret.toUtf8()
                             + QByteArray::number(timestamp);
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
