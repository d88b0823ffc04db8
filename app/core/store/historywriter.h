// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QMutex>
#include <QSqlQuery>
#include <QString>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

class QSqlDatabase;

namespace cdnrec {

// The history's writes, on a thread of their own with the one connection that writes to the
// file: the thread that runs a job (the console's GUI thread) never waits for a commit, nor for
// another process's lock on the file. History makes one; nothing else uses it.
//
// Tasks run in the order they were posted. Consecutive tasks that may share a commit (a run's
// journal: calls written ahead and answered while others queue up) are written in one
// transaction; when any of them fails, that transaction is rolled back and each is written again
// alone, so that each task ends exactly as it would have alone. A crash leaves each commit whole
// or absent. Every transaction is BEGIN IMMEDIATE: the writer only writes.
class HistoryWriter final : public QThread
{
public:
    struct Result
    {
        bool committed = false;
        QString error;               // why not
        bool extraFailed = false;    // the other part's rows failed (not the history's own)
        bool committedAlone = false; // and then the history's own rows were committed alone
    };
    struct Task
    {
        // Whose task (a journal), for waitFor(); nullptr: the History's own.
        const void *owner = nullptr;
        // Writes inside the writer's transaction; false rolls it back. withExtra false: only the
        // history's own rows (see keepWithoutExtra); *extraFailed when the other part's rows
        // failed.
        std::function<bool(QSqlDatabase &db, bool withExtra, bool *extraFailed, QString *error)>
            write;
        // Instead of write: runs outside any transaction (a PRAGMA; releasing what a journal's
        // rows prepared on this connection). Never dropped.
        std::function<void(QSqlDatabase &db)> plain;
        bool groupable = false;        // may share a commit with its neighbours
        bool keepWithoutExtra = false; // the other part's rows failed: the own rows alone
        // A transaction that held its writes was rolled back (it may be written again alone).
        std::function<void()> rolledBack;
        // After its commit or its failure, on the writer's thread (or on the thread that
        // dropped it: see waitFor() and finish()).
        std::function<void(const Result &result)> done;
    };

    HistoryWriter(const QString &path, int busyTimeoutMs);
    ~HistoryWriter() override; // finish(kFinishMs)

    void post(Task task);
    // Posts and waits for it, blocking the calling thread (no event loop runs meanwhile).
    void postAndWait(Task task);
    // Waits until no task of owner is queued or running. false: not within timeoutMs.
    bool waitFor(const void *owner, int timeoutMs);
    // The owner's queued writes are dropped (done: not committed), and the one running, if any,
    // is waited for; its plain tasks still run.
    void drop(const void *owner);
    // Writes what is queued, for at most timeoutMs (the rest is dropped; the task running then
    // is waited for, a statement being bounded by the busy timeout), closes the connection and
    // ends the thread. Idempotent.
    void finish(int timeoutMs);

    // The statement for sql, prepared once on the writer's connection and kept until it closes
    // (a run writes the same few statements thousands of times). Only inside a task's write, on
    // the writer's thread. One that could not be prepared is prepared again at the next call.
    static QSqlQuery &prepared(QSqlDatabase &db, const QString &sql);

    // Called after each commit, on the committing thread: tests check that it is never the
    // GUI thread, benches count commits. Empty: none.
    static void setCommitObserverForTesting(std::function<void()> observer);

    static constexpr int kGroupMax = 64; // tasks in one commit at most
    static constexpr int kFinishMs = 10000;

private:
    void run() override;
    std::vector<Task> take();
    void process(QSqlDatabase &db, std::vector<Task> &batch);
    void writeAlone(QSqlDatabase &db, Task &task);
    void writeGroup(QSqlDatabase &db, std::vector<Task> &group);
    void settle(Task &task, const Result &result);
    void dropQueued(const void *owner, bool all);

    QString m_path;
    int m_busyTimeoutMs;
    QString m_openError; // the writer's connection could not be opened: every write fails
    struct Statement
    {
        std::unique_ptr<QSqlQuery> query;
        bool ok = false;
    };
    std::unordered_map<QString, Statement> m_statements; // prepared(): the writer's thread only
    QMutex m_mutex;
    QWaitCondition m_work;     // tasks were posted, or finish() was called
    QWaitCondition m_progress; // a task was settled
    std::deque<Task> m_queue;
    QHash<const void *, int> m_pending; // per owner: tasks queued or running
    bool m_finishing = false;
    bool m_finished = false;
};

} // namespace cdnrec
