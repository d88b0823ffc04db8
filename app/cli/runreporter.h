// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <app/runplanner.h>

#include <QCoreApplication>
#include <QList>
#include <QString>

class QTextStream;

namespace cdnrec {

class Run;

// How `cdnrec stop`, `start` and `undo` tell the terminal about a run: the input's problems, a
// dry run's calls, progress, the report (a table, or one JSON document streamed to standard
// output), and the exit code scripts depend on. It reports; it decides nothing about the run.
class RunReporter final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::RunReporter)
public:
    RunReporter(QTextStream &out, QTextStream &err);

    // One line on stderr, "cdnrec: " first, control characters neutralised.
    void say(const QString &message);
    // Invalid and unusual stream IDs, one a line up to a bound, then how many more.
    void inputProblems(const QList<StreamIds::Item> &items);
    // The calls a dry run would make (GET lines, or one JSON document), and how many.
    void dryRun(const QList<RunPlanner::DryCall> &calls, qsizetype streams, bool json);
    // "stopping: 3/10 done, 1 not stopped", over itself on a terminal's stderr.
    void progress(const Run &run, int done, int total);
    // The outcome of every input stream (a table, or JSON), and the vendor's answers for
    // streams not asked.
    void report(const Run &run, bool json);

    // The exit code for how the run ended.
    static int exitCode(const Run &run);

private:
    void table(const Run &run);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cdnrec
