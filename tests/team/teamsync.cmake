# SPDX-License-Identifier: GPL-3.0-or-later
# Team history (helper "teamsync"): the outbox, TeamJournal, TeamSync's replay, TeamSession, the
# team scope of `cdnrec history`, against a real PostgreSQL server and the simulator.
cdnrec_add_test(test_teamsync SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_teamsync.cpp
    LIBS cdnrec::sim Qt6::Network LABELS team TIMEOUT 300)
target_compile_definitions(test_teamsync PRIVATE CDNREC_CLI="$<TARGET_FILE:cdnrec>")
add_dependencies(test_teamsync cdnrec)
# COST: about its seconds, so that ctest -j starts it early (tests/CMakeLists.txt).
set_tests_properties(test_teamsync PROPERTIES COST 40)
