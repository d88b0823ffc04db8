# SPDX-License-Identifier: GPL-3.0-or-later
# The team's profile catalog (helper "teamcatalog"): TeamCatalog, migration 003_profiles.sql, and
# `cdnrec team profile publish | list | pull` (compiled in here until app/cli lists it).
cdnrec_add_test(test_teamcatalog SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_teamcatalog.cpp
    LIBS cdnrec::core Qt6::Network LABELS team TIMEOUT 300)
