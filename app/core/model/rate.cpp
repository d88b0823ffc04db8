// SPDX-License-Identifier: GPL-3.0-or-later
#include "rate.h"

#include "endpoint.h"

#include <algorithm>
#include <cmath>

namespace cdnrec {

double Rate::maxFor(const QUrl &endpoint)
{
    // Above 20 only for the simulator: ZEGO refuses it, and the customer's servers share it.
    return Endpoint::isLoopbackHost(endpoint.host()) ? LoopbackMax : ZegoMax;
}

double Rate::bounded(double perSecond)
{
    if (!std::isfinite(perSecond) || perSecond <= 0)
        return Default;
    return std::clamp(perSecond, EngineMin, LoopbackMax);
}

std::optional<Rate> Rate::parse(const QString &text, const QUrl &endpoint, QString *error,
                                const QString &subject)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    // Not a number at all reads as NaN: the one refusal below says what is wanted.
    return fromValue(ok ? v : std::nan(""), endpoint, error, subject);
}

std::optional<Rate> Rate::fromValue(double perSecond, const QUrl &endpoint, QString *error,
                                    const QString &subject)
{
    const double max = maxFor(endpoint);
    if (std::isfinite(perSecond) && perSecond >= Min && perSecond <= max)
        return Rate(perSecond);
    if (error)
        *error = tr("%1 must be a number from %2 to %3 calls per second (ZEGO allows 20 per "
                    "AppId)")
                     .arg(subject.isEmpty() ? tr("the call rate") : subject, QString::number(Min),
                          QString::number(max));
    return std::nullopt;
}

} // namespace cdnrec
