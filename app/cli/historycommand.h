// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <team/teamhistory.h>

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace cdnrec {

// `cdnrec history [--scope mine|team] [--operator NAME] [--app-id N] [--stream ID]
// [--profile NAME] [--since DATE] [--until DATE] [--status S] [--run ID] [--json] [--check]`:
// who stopped what, when, and what ZEGO answered; mine from this computer's history (each run
// of team mode says whether the team database has it), team from the team database.
class HistoryCommand final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::HistoryCommand)
public:
    HistoryCommand(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments);

private:
    int runTeam(const TeamHistory::Filter &filter, const QString &runId, bool json);
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cdnrec
