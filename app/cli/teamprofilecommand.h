// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace cdnrec {

// `cdnrec team profile publish NAME [--replace] | list [--json] | pull [--replace NAME]...`:
// the team's profile catalog (issue 14), without secrets. `args` are the words after
// `cdnrec team profile` (the verb first); a leading "team", "profile" (or the program and
// "team profile") is skipped too. Connects with the saved team settings; the password comes
// from the keyring entry of `cdnrec team connect`, or CDNREC_TEAM_PASSWORD for scripts.
// Exit codes: 0 done, 1 a conflict (nothing overwritten; see the message), 2 usage error,
// 5 the keyring could not give the team password, 6 the team database refused or failed.
int runTeamProfile(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace cdnrec
