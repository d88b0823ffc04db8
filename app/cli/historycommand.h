// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <store/history.h>
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
    struct Options;
    // "cdnrec history: " and the message on stderr; returns code.
    int fail(const QString &message, int code);
    static QString readFilter(const Options &o, History::Filter *f);
    int runMine(const Options &o, const History::Filter &f);
    int showRun(const History &history, const QString &id, const QHash<qint64, bool> &synced,
                bool json);
    int listRuns(const History &history, const History::Filter &f,
                 const QHash<qint64, bool> &synced, bool json);
    int runTeam(const TeamHistory::Filter &filter, const QString &runId, bool json);
    int showTeamRun(TeamHistory &team, const QString &runId, bool json);
    int listTeamRuns(TeamHistory &team, const TeamHistory::Filter &filter, const QString &database,
                     bool json);
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cdnrec
