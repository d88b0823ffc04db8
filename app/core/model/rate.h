// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <optional>

namespace cdnrec {

// How many calls a second a run may send: one type, validated once, with one default.
//
// The rule, for every front end: a finite number from Min to the endpoint's ceiling. The ceiling
// is ZEGO's 20 calls/s per AppId (shared with the customer's own servers), except on a loopback
// endpoint (the simulator: practice, tests, benchmarks), which takes up to LoopbackMax. NaN,
// infinities, zero, negative numbers and words are refused with a sentence that says the range.
// A Rate that exists is valid: the only ways to get one are the default and the checks below.
class Rate final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::Rate)
public:
    static constexpr double Default = 10;       // calls/s when nothing says otherwise
    static constexpr double Min = 0.1;          // one call every 10 s
    static constexpr double ZegoMax = 20;       // ZEGO's limit per AppId
    static constexpr double LoopbackMax = 1000; // the simulator: the most the pacer keeps
    static constexpr double EngineMin = 0.01;   // the slowest the engine paces (a team share)

    Rate() = default; // Default
    double perSecond() const { return m_perSecond; }
    bool operator==(const Rate &other) const { return m_perSecond == other.m_perSecond; }
    bool operator!=(const Rate &other) const { return !(*this == other); }

    // The highest rate calls to this endpoint may go at: LoopbackMax on a loopback host,
    // ZegoMax anywhere else (an empty URL is ZEGO's).
    static double maxFor(const QUrl &endpoint);

    // A rate as an operator typed it ("10", " 2.5 ", "1e1"), for calls to endpoint. Nothing when
    // it is not a number in range; then *error (if given) says so in one sentence that begins
    // with subject (default: "the call rate"; the CLI passes "--rate").
    static std::optional<Rate> parse(const QString &text, const QUrl &endpoint, QString *error,
                                     const QString &subject = QString());
    // The same rule for a number already held (a profile's, a settings value).
    static std::optional<Rate> fromValue(double perSecond, const QUrl &endpoint, QString *error,
                                         const QString &subject = QString());

    // What the engine does with a number no front end checked (defence in depth, one rule for
    // the job and the pacer): NaN, infinities, zero and negative numbers become Default; the
    // rest is held within [EngineMin, LoopbackMax].
    static double bounded(double perSecond);

private:
    explicit Rate(double perSecond) : m_perSecond(perSecond) {}
    double m_perSecond = Default;
};

} // namespace cdnrec
