# SPDX-License-Identifier: GPL-3.0-or-later
# What an event holds reaches the team database as it was (quotes, control characters, NUL).
cdnrec_add_test(test_outbox_escaping SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_outbox_escaping.cpp
    LIBS cdnrec::core Qt6::Network LABELS team TIMEOUT 120)
