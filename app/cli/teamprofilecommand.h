// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace cdnrec {

// `cdnrec team profile publish NAME [--replace] | list [--json] | pull [--replace NAME]... |
// retire NAME`: the team's profile catalog (issue 14), without secrets. `args`: the whole command
// line
// ([0] program, [1] "team", [2] "profile", [3] verb, ...), as TeamCommand::run gets it; the words
// after "profile" alone are taken too. Connects with the saved team connection and its password
// from the keyring, as `cdnrec team` does. Exit codes: those of `cdnrec team` (0 done, 2 usage,
// 3 not connected or refused, 4 unreachable, 5 keyring), and 1 for a conflict: nothing was
// overwritten, the message says what to do. `retire` of a name the team does not have is a
// usage error (2), as `publish` of a name this machine does not have; of one retired already,
// 0 (nothing to do, as a publish of unchanged fields).
int runTeamProfile(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace cdnrec
