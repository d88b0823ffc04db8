# SPDX-License-Identifier: GPL-3.0-or-later
# The console in team mode (the lead): status bar, History window's team scope, Preferences ▸ Team.
cdnrec_add_test(test_team_gui SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_team_gui.cpp
    LIBS cdnrec::gui LABELS "team;gui" TIMEOUT 300)
# The console's pull at start: a change of where a team profile signs is asked, Keep by default.
cdnrec_add_test(test_team_console_pull SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_team_console_pull.cpp
    LIBS cdnrec::gui LABELS "team;gui" TIMEOUT 300)
