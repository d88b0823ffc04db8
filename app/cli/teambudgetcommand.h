// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTextStream;

namespace cdnrec {

// `cdnrec team budget [--json]`: every AppId's budget and the jobs that hold a share of it now.
// `cdnrec team budget APPID RATE`: the admin sets an AppId's budget (calls/s, above 0, at most
// ZEGO's 20; 10 when never set), for every running job within a heartbeat (app/core/team/
// teambudget.h). `args` are the words after `cdnrec team budget`; a leading "budget" (or
// "team budget") is skipped too. Connects with the saved team settings and the password
// `cdnrec team connect` saved in the keyring (none saved: the server must trust the user).
// Exit codes, as `cdnrec team`'s: 0 done, 2 usage error, 3 not configured or refused (an
// operator may read budgets, not set them), 4 the server cannot be reached, 5 the keyring could
// not give the team password.
int runTeamBudget(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace cdnrec
