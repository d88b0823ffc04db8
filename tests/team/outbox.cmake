# SPDX-License-Identifier: GPL-3.0-or-later
# Team mode's write-ahead (helper "outbox"): a call's history row and its call_sent event in the
# outbox are one commit of the history file, against a real PostgreSQL server and the simulator.
cdnrec_add_test(test_outbox_atomic SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_outbox_atomic.cpp
    LIBS cdnrec::sim Qt6::Network LABELS team TIMEOUT 300)
