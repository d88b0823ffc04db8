# SPDX-License-Identifier: GPL-3.0-or-later
# Team database core (helper "teamdb"): the test cluster, TeamConfig, TeamDatabase, the migration
# runner, 001_core.sql, and `cdnrec team init|add-user|connect|status|disconnect`.
cdnrec_add_test(test_teamdb SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_teamdb.cpp
    LIBS cdnrec::core Qt6::Network LABELS team TIMEOUT 300)
