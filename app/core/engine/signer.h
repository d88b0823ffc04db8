// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMutex>
#include <QSet>
#include <QString>
#include <array>
#include <functional>

namespace cdnrec {

// ZEGO's signature 2.0: md5(AppId + SignatureNonce + ServerSecret + Timestamp), lowercase hex.
//
// An instance also hands out nonces, and never the same one twice: the gateway rejects a replayed
// nonce, and a retry must be a new call. One process-wide instance (shared()) serves every job, so
// the guarantee holds across jobs; tests make their own with a scripted random source.
class Signer final
{
public:
    using RandomSource = std::function<quint64()>;

    // The default source is QRandomGenerator::system() (the OS's cryptographic generator).
    // A scripted source (tests) is called once per value.
    Signer();
    explicit Signer(RandomSource source);
    Q_DISABLE_COPY_MOVE(Signer)

    static Signer &shared();

    // 16 lowercase hex characters (8 random bytes), unique within this Signer's lifetime.
    QString nextNonce();

    static QString signature(quint32 appId, QStringView nonce, QStringView secret,
                             qint64 timestamp);

    static bool isValidNonce(QStringView nonce);

private:
    RandomSource m_source;
    QMutex m_mutex;
    // Values drawn from the OS in blocks of 32: one system call per 32 nonces.
    std::array<quint64, 32> m_block{};
    std::size_t m_blockUsed = 32;
    QSet<quint64> m_issued;
};

} // namespace cdnrec
