// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmarks print figures beside their goals; they never fail a build or a test run.
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <algorithm>
#include <cstdio>
#include <functional>

namespace bench {

// Median over `samples` runs of `iterations` calls, in nanoseconds per call.
inline double medianNs(int samples, int iterations, const std::function<void()> &fn)
{
    QList<double> per;
    per.reserve(samples);
    fn(); // warm up
    for (int s = 0; s < samples; ++s) {
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < iterations; ++i)
            fn();
        per.append(double(t.nsecsElapsed()) / iterations);
    }
    std::sort(per.begin(), per.end());
    return per.at(per.size() / 2);
}

// One line: what, measured, goal, and whether the goal is met.
inline void report(const char *what, double value, const char *unit, double goal,
                   bool lowerIsBetter = true)
{
    const bool met = lowerIsBetter ? value <= goal : value >= goal;
    std::printf("%-58s %12.3f %-6s goal %s %-10g %s\n", what, value, unit,
                lowerIsBetter ? "<=" : ">=", goal, met ? "met" : "MISSED");
    std::fflush(stdout);
}

inline void info(const char *what, double value, const char *unit)
{
    std::printf("%-58s %12.3f %-6s\n", what, value, unit);
    std::fflush(stdout);
}

} // namespace bench
