# SPDX-License-Identifier: GPL-3.0-or-later
# The team's profile catalog (helper "teamcatalog"): TeamCatalog, migrations 003_profiles.sql and
# 004_profile_retire.sql, and `cdnrec team profile publish | list | pull | retire`.
cdnrec_add_test(test_teamcatalog SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_teamcatalog.cpp
    LIBS cdnrec::core Qt6::Network LABELS team TIMEOUT 300)
# `cdnrec team profile ...` in-process, with a real keyring around it (the team password is read
# from there, and a pull must leave it untouched): through tests/keyring/with-keyring.sh.
cdnrec_add_test(test_teamprofilecommand
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_teamprofilecommand.cpp
    LIBS cdnrec::cli cdnrec::core Qt6::Network NO_CTEST)
target_include_directories(test_teamprofilecommand PRIVATE ${PROJECT_SOURCE_DIR}/app/cli)
add_test(NAME test_teamprofilecommand
    COMMAND sh ${PROJECT_SOURCE_DIR}/tests/keyring/with-keyring.sh unlocked
            $<TARGET_FILE:test_teamprofilecommand>)
set_tests_properties(test_teamprofilecommand PROPERTIES LABELS "team;keyring" TIMEOUT 300
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8")
