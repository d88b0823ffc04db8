# SPDX-License-Identifier: GPL-3.0-or-later
# The team-wide rate budget per AppId (helper "teambudget"): the grant arithmetic with fake
# times, and jobs in processes of their own on a real server and one cdnrec-sim.
cdnrec_add_test(test_teambudget_grant SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_teambudget_grant.cpp
    LIBS cdnrec::core LABELS team)

# One Job on TeamBudget::shared() in a process of its own (a `cdnrec stop` without the CLI).
qt_add_executable(teambudget_job ${CMAKE_CURRENT_LIST_DIR}/teambudget_job.cpp)
target_link_libraries(teambudget_job PRIVATE cdnrec::core cdnrec::build_flags)
set_target_properties(teambudget_job PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)

cdnrec_add_test(test_teambudget SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_teambudget.cpp
    LIBS cdnrec::core Qt6::Network LABELS team TIMEOUT 600)
target_include_directories(test_teambudget PRIVATE ${PROJECT_SOURCE_DIR}/tests/bench)
target_compile_definitions(test_teambudget PRIVATE CDNREC_SIM="$<TARGET_FILE:cdnrec-sim>"
    CDNREC_BUDGET_JOB="$<TARGET_FILE:teambudget_job>" CDNREC_CLI="$<TARGET_FILE:cdnrec>")
add_dependencies(test_teambudget cdnrec-sim teambudget_job cdnrec)
# COST: about its seconds, so that ctest -j starts it early (tests/CMakeLists.txt).
set_tests_properties(test_teambudget PROPERTIES COST 140)

# `cdnrec team budget` in-process (the CLI's library), with a real keyring
# around it (the team password is read from there): through tests/keyring/with-keyring.sh.
cdnrec_add_test(test_teambudgetcommand
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_teambudgetcommand.cpp
    LIBS cdnrec::cli cdnrec::core NO_CTEST)
target_include_directories(test_teambudgetcommand PRIVATE ${PROJECT_SOURCE_DIR}/app/cli)
target_compile_definitions(test_teambudgetcommand PRIVATE CDNREC_CLI="$<TARGET_FILE:cdnrec>")
add_dependencies(test_teambudgetcommand cdnrec)
add_test(NAME test_teambudgetcommand
    COMMAND sh ${PROJECT_SOURCE_DIR}/tests/keyring/with-keyring.sh unlocked
            $<TARGET_FILE:test_teambudgetcommand>)
set_tests_properties(test_teambudgetcommand PROPERTIES LABELS "team;keyring" TIMEOUT 300
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8")

if(NOT CDNREC_SANITIZE)
    cdnrec_add_benchmark(bench_team_budget
        SOURCES ${PROJECT_SOURCE_DIR}/tests/bench/bench_team_budget.cpp
        LIBS cdnrec::core Qt6::Network Qt6::Test)
    target_include_directories(bench_team_budget PRIVATE ${PROJECT_SOURCE_DIR}/tests/bench
        ${PROJECT_SOURCE_DIR}/tests/support)
    target_compile_definitions(bench_team_budget PRIVATE CDNREC_SIM="$<TARGET_FILE:cdnrec-sim>"
        CDNREC_BUDGET_JOB="$<TARGET_FILE:teambudget_job>")
    add_dependencies(bench_team_budget cdnrec-sim teambudget_job)
endif()

# Lease rows no cdnrec job wrote (infinite, NaN, future): in-process budgets on a real server.
cdnrec_add_test(test_teambudget_hostile
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_teambudget_hostile.cpp
    LIBS cdnrec::core LABELS team TIMEOUT 300)
set_tests_properties(test_teambudget_hostile PROPERTIES COST 20)
