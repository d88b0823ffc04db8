// SPDX-License-Identifier: GPL-3.0-or-later
#include "action.h"

#include <algorithm>

namespace cdnrec {

QString actionKey(RunAction action)
{
    switch (action) {
    case RunAction::Stop:
        return QStringLiteral("stop");
    case RunAction::Start:
        return QStringLiteral("start");
    }
    Q_UNREACHABLE();
}

std::optional<RunAction> actionFromKey(QStringView key)
{
    for (RunAction a : {RunAction::Stop, RunAction::Start}) {
        if (key.compare(actionKey(a), Qt::CaseInsensitive) == 0)
            return a;
    }
    return std::nullopt;
}

QString actionWireName(RunAction action)
{
    switch (action) {
    case RunAction::Stop:
        return QStringLiteral("StopCDNRecord");
    case RunAction::Start:
        return QStringLiteral("StartCDNRecord");
    }
    Q_UNREACHABLE();
}

qint64 EndTimeBounds::endTime(qint64 now, qint64 wanted, qint64 forSecs)
{
    const qint64 target = wanted > 0 ? wanted : now + forSecs;
    return std::clamp(target, now + MinForSecs, now + MaxSecs - MarginSecs);
}

} // namespace cdnrec
