// SPDX-License-Identifier: GPL-3.0-or-later
// QVERIFY, QCOMPARE and QTRY_* return from the function they are written in. In a helper that is
// the helper: the test would go on after the failed check, and then wait out timeouts, crash on
// what the helper did not make, or pile failures that only follow from the first. A test calls
// such a helper through TEST_STEP, which returns from the test as well when the helper failed:
//
//   TEST_STEP(stopByKeys({u"a"_qs, u"b"_qs}));   // (variadic: braces may hold commas)
//
// A helper that calls such a helper calls it through TEST_STEP too.
#pragma once

#include <QTest>

#define TEST_STEP(...)                                                                             \
    do {                                                                                           \
        __VA_ARGS__;                                                                               \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)
