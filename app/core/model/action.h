// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace cdnrec {

// What a run does to each stream: StopCDNRecord, or StartCDNRecord to undo a stop. Both go to
// the same gateway with the same signing, pace and answers; Start also carries an EndTime.
enum class RunAction
{
    Stop,
    Start
};

// Stable, for JSON, the history and the command line: "stop", "start".
QString actionKey(RunAction action);
std::optional<RunAction> actionFromKey(QStringView key);
// The gateway's Action parameter: "StopCDNRecord", "StartCDNRecord".
QString actionWireName(RunAction action);

// The bounds of StartCDNRecord's EndTime: later than the gateway's now, at most its now + 24 h.
// The gateway forgives a Timestamp up to 10 minutes off its clock, so an EndTime kept this far
// inside both bounds of the client's (corrected) now is inside them on any clock it accepts.
struct EndTimeBounds
{
    static constexpr qint64 MaxSecs = 24 * 3600;
    static constexpr qint64 MarginSecs = 10 * 60;
    // The shortest recording a start may ask for, so that it cannot fall below the lower bound.
    static constexpr qint64 MinForSecs = MarginSecs + 60;
    // The EndTime to send at now (Unix s, corrected): wanted (an absolute EndTime; 0 for none)
    // or else now + forSecs, clamped into [now + MinForSecs, now + MaxSecs - MarginSecs].
    static qint64 endTime(qint64 now, qint64 wanted, qint64 forSecs);
};

} // namespace cdnrec
