# SPDX-License-Identifier: GPL-3.0-or-later
# Team database core (helper "teamdb"): the test cluster, TeamConfig, TeamDatabase, the migration
# runner, 001_core.sql, and `cdnrec team init|add-user|connect|status|disconnect`.
cdnrec_add_test(test_teamdb SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_teamdb.cpp
    LIBS cdnrec::core Qt6::Network LABELS team TIMEOUT 300)
# The CLI: without a keyring (the --no-password path; a password cannot be kept, exit 5) and with
# a real, unlocked Secret Service (tests/keyring/with-keyring.sh).
cdnrec_add_test(test_cli_team SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_cli_team.cpp
    LIBS Qt6::Network LABELS team TIMEOUT 300
    ENVIRONMENT "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/cdnrec-no-bus")
target_compile_definitions(test_cli_team PRIVATE CDNREC_CLI="$<TARGET_FILE:cdnrec>")
add_dependencies(test_cli_team cdnrec)
# COST: about its seconds, so that ctest -j starts it early (tests/CMakeLists.txt).
set_tests_properties(test_teamdb PROPERTIES COST 20)
add_test(NAME test_cli_team_keyring
    COMMAND sh ${PROJECT_SOURCE_DIR}/tests/keyring/with-keyring.sh unlocked $<TARGET_FILE:test_cli_team>)
set_tests_properties(test_cli_team_keyring PROPERTIES LABELS "team;keyring" TIMEOUT 300
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8")
