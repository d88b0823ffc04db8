# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 20, the client's side (helper "insider client"): the CLI as an insider or a fake server
# would meet it, against a real PostgreSQL server with TLS and the simulator, one throw-away HOME
# per machine and no keyring. The password to a verified server only (channel binding against a
# fake one), what waits said at every exit, an auditor refused before anything is sent,
# --no-history under the team budget, status and team history sending what waits, the admin's
# steps in the README's order, no raw driver or server warnings on the terminal, an idle session
# (the console's, in this process) sending what a CLI left.
cdnrec_add_test(test_team_insider_client
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_team_insider_client.cpp
    LIBS cdnrec::core Qt6::Network LABELS team TIMEOUT 600)
target_include_directories(test_team_insider_client PRIVATE ${PROJECT_SOURCE_DIR}/tests/bench)
target_compile_definitions(test_team_insider_client PRIVATE CDNREC_CLI="$<TARGET_FILE:cdnrec>"
    CDNREC_SIM="$<TARGET_FILE:cdnrec-sim>")
add_dependencies(test_team_insider_client cdnrec cdnrec-sim)
# COST: about its seconds, so that ctest -j starts it early (tests/CMakeLists.txt).
set_tests_properties(test_team_insider_client PROPERTIES COST 65)
