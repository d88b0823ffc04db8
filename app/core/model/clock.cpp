// SPDX-License-Identifier: GPL-3.0-or-later
#include "clock.h"

#include <QDateTime>

namespace cdnrec {

qint64 SystemClock::wallSecs() const
{
    return QDateTime::currentSecsSinceEpoch();
}

SystemClock &SystemClock::shared()
{
    static SystemClock clock;
    return clock;
}

} // namespace cdnrec
