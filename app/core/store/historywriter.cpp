// SPDX-License-Identifier: GPL-3.0-or-later
#include "historywriter.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <future>

Q_LOGGING_CATEGORY(lcHistoryWriter, "cdnrec.core.history.writer", QtInfoMsg)

namespace cdnrec {

namespace {

QAtomicInt g_writers;
thread_local HistoryWriter *t_writer = nullptr; // the writer whose thread this is
QMutex g_observerMutex;
std::function<void()> g_commitObserver;

bool execSql(QSqlDatabase &db, const QString &sql, QString *error = nullptr)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

bool commit(QSqlDatabase &db, QString *error)
{
    if (!execSql(db, QStringLiteral("COMMIT"), error))
        return false;
    std::function<void()> observer;
    {
        QMutexLocker lock(&g_observerMutex);
        observer = g_commitObserver;
    }
    if (observer)
        observer();
    return true;
}

} // namespace

HistoryWriter::HistoryWriter(const QString &path, int busyTimeoutMs)
    : m_path(path), m_busyTimeoutMs(busyTimeoutMs)
{
    setObjectName(QStringLiteral("cdnrec history writer"));
    start();
}

HistoryWriter::~HistoryWriter()
{
    finish(kFinishMs);
}

QSqlQuery &HistoryWriter::prepared(QSqlDatabase &db, const QString &sql)
{
    Q_ASSERT(t_writer); // tasks write on a writer's thread only
    Statement &statement = t_writer->m_statements[sql];
    if (!statement.ok) {
        statement.query = std::make_unique<QSqlQuery>(db);
        statement.ok = statement.query->prepare(sql);
    }
    return *statement.query;
}

void HistoryWriter::setCommitObserverForTesting(std::function<void()> observer)
{
    QMutexLocker lock(&g_observerMutex);
    g_commitObserver = std::move(observer);
}

void HistoryWriter::post(Task task)
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_finishing) {
            ++m_pending[task.owner];
            m_queue.push_back(std::move(task));
            m_work.wakeOne();
            return;
        }
    }
    // Closing: nothing more is written (the History is being destroyed).
    Result refused;
    refused.error = QCoreApplication::translate("cdnrec::History", "the history is closed");
    if (task.done)
        task.done(refused);
}

void HistoryWriter::postAndWait(Task task)
{
    Q_ASSERT(QThread::currentThread() != this);
    std::promise<void> settled;
    std::future<void> waited = settled.get_future();
    task.done = [inner = std::move(task.done), &settled](const Result &result) {
        if (inner)
            inner(result);
        settled.set_value();
    };
    post(std::move(task));
    waited.wait();
}

bool HistoryWriter::waitFor(const void *owner, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QMutexLocker lock(&m_mutex);
    while (m_pending.value(owner) > 0) {
        if (!m_progress.wait(&m_mutex, deadline))
            return m_pending.value(owner) == 0;
    }
    return true;
}

void HistoryWriter::drop(const void *owner)
{
    dropQueued(owner, false);
    waitFor(owner, -1);
}

void HistoryWriter::dropQueued(const void *owner, bool all)
{
    std::vector<Task> dropped;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_queue.begin(); it != m_queue.end();) {
            if ((all || it->owner == owner) && !it->plain) {
                dropped.push_back(std::move(*it));
                it = m_queue.erase(it);
            } else {
                ++it;
            }
        }
    }
    if (!dropped.empty())
        qCWarning(lcHistoryWriter)
            << dropped.size() << "history writes dropped: not written in time";
    Result result;
    result.error =
        QCoreApplication::translate("cdnrec::History", "the history closed before it was written");
    for (Task &task : dropped)
        settle(task, result);
}

void HistoryWriter::finish(int timeoutMs)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_finished)
            return;
        m_finishing = true;
        m_work.wakeAll();
        const QDeadlineTimer deadline(timeoutMs);
        while (!m_queue.empty() && m_progress.wait(&m_mutex, deadline)) {
        }
    }
    dropQueued(nullptr, true);
    wait(); // the thread ends once its queue is empty
    QMutexLocker lock(&m_mutex);
    m_finished = true;
}

void HistoryWriter::run()
{
    const QString name =
        QStringLiteral("cdnrec-history-writer-%1").arg(g_writers.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_busyTimeoutMs));
        // WAL was set when the file was opened (it is the file's); synchronous=NORMAL in WAL mode
        // survives any crash of this process. The checkpoint comes at ~80 MB of WAL or when this,
        // the last connection, closes.
        if (!db.open())
            m_openError = db.lastError().text();
        else if (!execSql(db, QStringLiteral("PRAGMA synchronous=NORMAL"), &m_openError) ||
                 !execSql(db, QStringLiteral("PRAGMA wal_autocheckpoint=20000"), &m_openError) ||
                 !execSql(db, QStringLiteral("PRAGMA foreign_keys = ON"), &m_openError))
            db.close();
        if (!m_openError.isEmpty())
            qCWarning(lcHistoryWriter) << "the history cannot be written:" << m_openError;
        t_writer = this;
        for (std::vector<Task> batch = take(); !batch.empty(); batch = take())
            process(db, batch);
        t_writer = nullptr;
        m_statements.clear();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

std::vector<HistoryWriter::Task> HistoryWriter::take()
{
    QMutexLocker lock(&m_mutex);
    while (m_queue.empty() && !m_finishing)
        m_work.wait(&m_mutex);
    std::vector<Task> batch;
    if (m_queue.empty())
        return batch; // finishing, and all written
    const auto groupable = [](const Task &t) {
        return t.groupable && !t.plain;
    };
    batch.push_back(std::move(m_queue.front()));
    m_queue.pop_front();
    // What queued up behind it meanwhile shares its commit.
    while (groupable(batch.front()) && !m_queue.empty() && groupable(m_queue.front()) &&
           int(batch.size()) < kGroupMax) {
        batch.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
    }
    return batch;
}

void HistoryWriter::process(QSqlDatabase &db, std::vector<Task> &batch)
{
    if (batch.size() > 1) {
        writeGroup(db, batch);
        return;
    }
    Task &task = batch.front();
    if (task.plain) {
        task.plain(db);
        Result done;
        done.committed = true;
        settle(task, done);
        return;
    }
    writeAlone(db, task);
}

void HistoryWriter::writeAlone(QSqlDatabase &db, Task &task)
{
    Result result;
    if (!m_openError.isEmpty()) {
        result.error = m_openError;
        settle(task, result);
        return;
    }
    const auto attempt = [&](bool withExtra, bool *extraFailed, QString *error) {
        if (!execSql(db, QStringLiteral("BEGIN IMMEDIATE"), error))
            return false;
        if (task.write(db, withExtra, extraFailed, error) && commit(db, error))
            return true;
        execSql(db, QStringLiteral("ROLLBACK"));
        if (task.rolledBack)
            task.rolledBack();
        return false;
    };
    result.committed = attempt(true, &result.extraFailed, &result.error);
    if (!result.committed && result.extraFailed && task.keepWithoutExtra) {
        bool ignored = false;
        QString aloneError;
        result.committedAlone = attempt(false, &ignored, &aloneError);
        if (!result.committedAlone)
            result.error = aloneError;
    }
    settle(task, result);
}

void HistoryWriter::writeGroup(QSqlDatabase &db, std::vector<Task> &group)
{
    Result result;
    if (!m_openError.isEmpty() || !execSql(db, QStringLiteral("BEGIN IMMEDIATE"), &result.error)) {
        // Cannot be opened, or locked past the busy timeout: each alone would wait and fail alike.
        if (!m_openError.isEmpty())
            result.error = m_openError;
        for (Task &task : group)
            settle(task, result);
        return;
    }
    bool ok = true;
    for (Task &task : group) {
        bool extraFailed = false;
        if (!task.write(db, true, &extraFailed, &result.error)) {
            ok = false;
            break;
        }
    }
    if (ok && commit(db, &result.error)) {
        result.committed = true;
        for (Task &task : group)
            settle(task, result);
        return;
    }
    // One of them failed: each is written alone, and ends as it would have alone.
    execSql(db, QStringLiteral("ROLLBACK"));
    for (Task &task : group) {
        if (task.rolledBack)
            task.rolledBack();
    }
    for (Task &task : group)
        writeAlone(db, task);
}

void HistoryWriter::settle(Task &task, const Result &result)
{
    if (task.done)
        task.done(result);
    // What the task captured goes now, before it counts as settled.
    const void *owner = task.owner;
    task = Task();
    QMutexLocker lock(&m_mutex);
    auto it = m_pending.find(owner);
    if (it != m_pending.end() && --*it <= 0)
        m_pending.erase(it);
    m_progress.wakeAll();
}

} // namespace cdnrec
