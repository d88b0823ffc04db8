# SPDX-License-Identifier: GPL-3.0-or-later
# Team mode against an insider (issue 20): operators' and auditors' own accounts used as psql
# would, against a real server; the budget's attacks are in test_teambudget.
cdnrec_add_test(test_team_insider SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_team_insider.cpp
    LIBS cdnrec::core Qt6::Network LABELS team TIMEOUT 300)
# COST: about its seconds, so that ctest -j starts it early (tests/CMakeLists.txt).
set_tests_properties(test_team_insider PROPERTIES COST 30)
