// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "history.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace cdnrec {

// What a window shows of the local history, read in bounded pieces on any thread: the newest runs
// a filter matches and how many match, and one run's first streams and calls and how many it has.
// Each read opens read-only connections of its own (a SQLite connection belongs to the thread that
// opened it) and closes them before it returns, so a worker thread (runAsync) may read while the
// history is written elsewhere. Never writes, never on the GUI thread: a large file takes seconds.
class HistoryReader final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::HistoryReader)
public:
    // At most, by default: the runs a list shows, the streams and the calls shown of one run.
    static constexpr int MaxRuns = 1000;
    static constexpr int MaxStreams = 10000;
    static constexpr int MaxCalls = 1000;

    struct RunList
    {
        QList<History::RunRecord> runs; // newest first, at most the cap
        qint64 total = 0;               // how many runs the filter matches
        QStringList profiles;           // asked for: the profiles runs name, the newest first
        QString problem;                // not empty: the history could not be read
        bool capped() const { return total > runs.size(); }
    };
    struct RunRows
    {
        QList<History::Stream> streams; // in the run's order, at most the cap
        qint64 streamCount = 0;
        QList<History::Call> calls; // in call order, at most the cap
        qint64 callCount = 0;
        QString problem;
        bool capped() const { return streamCount > streams.size() || callCount > calls.size(); }
    };

    explicit HistoryReader(const QString &path) : m_path(path) {}

    // The newest runs that match `filter`, at most maxRuns (filter.limit is not used).
    RunList runs(const History::Filter &filter, int maxRuns = MaxRuns,
                 bool withProfiles = false) const;
    RunRows rows(qint64 runId, int maxStreams = MaxStreams, int maxCalls = MaxCalls) const;
    // Every stream of a run, for a file or the console, which want all of them.
    QList<History::Stream> allStreams(qint64 runId, QString *problem = nullptr) const;

private:
    QString m_path;
};

} // namespace cdnrec
