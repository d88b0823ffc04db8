// SPDX-License-Identifier: GPL-3.0-or-later
#include "historyreader.h"

#include <store/historysql.h>

#include <QAtomicInt>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace cdnrec {

namespace {

constexpr int kBusyTimeoutMs = 10000;

QAtomicInt g_readers;

// The stored status of a stream row as a HistoryStatus key: the mapping of History's own reads
// (history.cpp), which older versions' rows need ("pending" with attempts was sent).
using historysql::kStatusExpr;

// A read-only connection of this thread, named for this read alone, gone with the object.
class Connection final
{
public:
    explicit Connection(const QString &path)
        : m_name(QStringLiteral("cdnrec-history-reader-%1").arg(g_readers.fetchAndAddRelaxed(1)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(
            QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        if (!QFileInfo(path).isFile())
            m_problem = HistoryReader::tr("there is no history file at %1").arg(path);
        else if (!db.open())
            m_problem = db.lastError().text();
    }
    ~Connection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(Connection)

    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    QString problem() const { return m_problem; }

private:
    QString m_name;
    QString m_problem;
};

// false, with *problem set, when the query fails.
bool select(QSqlQuery &q, const QString &sql, const QVariantList &binds, QString *problem)
{
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (q.exec())
        return true;
    *problem = q.lastError().text();
    return false;
}

// One number, or -1 (with *problem set) when the query fails.
qint64 count(const QSqlDatabase &db, const QString &sql, const QVariantList &binds,
             QString *problem)
{
    QSqlQuery q(db);
    if (!select(q, sql, binds, problem))
        return -1;
    return q.next() ? q.value(0).toLongLong() : -1;
}

// How many runs History::runs() would give for `f` without its limit: the same conditions.
qint64 countRuns(const QSqlDatabase &db, const History::Filter &f, QString *problem)
{
    QVariantList binds;
    const QString sql =
        QStringLiteral("SELECT count(*) FROM runs") + historysql::runsWhere(f, &binds);
    return count(db, sql, binds, problem);
}

// Every profile a run names, the one of the newest run first.
QStringList profiles(const QSqlDatabase &db)
{
    QStringList out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT profile FROM runs WHERE IFNULL(profile, '') <> '' GROUP BY "
                               "profile ORDER BY max(started_at) DESC, max(id) DESC")))
        return out;
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

QDateTime fromText(const QVariant &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t : QDateTime::fromString(v.toString(), Qt::ISODate);
}

QList<History::Stream> firstStreams(const QSqlDatabase &db, qint64 runId, int max, QString *problem)
{
    QList<History::Stream> out;
    QSqlQuery q(db);
    const QString sql = QStringLiteral("SELECT s.stream_id, %1, s.code, s.message, "
                                       "s.vendor_request_id, s.request_id, s.attempts, "
                                       "s.updated_at, %2 FROM streams s WHERE s.run_id = ? ORDER "
                                       "BY s.rowid LIMIT ?")
                            .arg(QLatin1String(kStatusExpr), historysql::roomExpr(db));
    if (!select(q, sql, {runId, max}, problem))
        return out;
    while (q.next()) {
        History::Stream s;
        s.runId = runId;
        s.streamId = q.value(0).toString();
        s.status = historyStatusFromKey(q.value(1).toString()).value_or(HistoryStatus::Unknown);
        s.code = q.value(2).toString();
        s.message = q.value(3).toString();
        s.vendorRequestId = q.value(4).toString();
        s.requestId = q.value(5).toString();
        s.attempts = q.value(6).toInt();
        s.updatedAt = fromText(q.value(7));
        s.room = q.value(8).toString();
        if (s.status == HistoryStatus::NotSent && s.attempts > 0)
            s.status = HistoryStatus::Unknown; // sent at least once, as History reads it
        out.append(s);
    }
    return out;
}

// What a window shows of a call: not its URL, error or duration.
QList<History::Call> firstCalls(const QSqlDatabase &db, qint64 runId, int max, QString *problem)
{
    QList<History::Call> out;
    QSqlQuery q(db);
    if (!select(q,
                QStringLiteral("SELECT id, call_no, sent_at, stream_ids, attempt, state, "
                               "http_status, code, message, request_id, body FROM calls WHERE "
                               "run_id = ? ORDER BY call_no LIMIT ?"),
                {runId, max}, problem))
        return out;
    while (q.next()) {
        History::Call c;
        c.id = q.value(0).toLongLong();
        c.callNo = q.value(1).toInt();
        c.sentAt = fromText(q.value(2));
        for (const QJsonValue &v : QJsonDocument::fromJson(q.value(3).toString().toUtf8()).array())
            c.streamIds.append(v.toString());
        c.attempt = q.value(4).toInt();
        c.state = q.value(5).toString();
        c.httpStatus = q.value(6).toInt();
        c.code = q.value(7).toString();
        c.message = q.value(8).toString();
        c.requestId = q.value(9).toString();
        c.body = q.value(10).toByteArray();
        out.append(c);
    }
    return out;
}

} // namespace

HistoryReader::RunList HistoryReader::runs(const History::Filter &filter, int maxRuns,
                                           bool withProfiles) const
{
    RunList out;
    const History history(m_path, History::Mode::ReadOnly);
    if (!history.isOpen()) {
        out.problem = history.problem();
        return out;
    }
    History::Filter f = filter;
    f.limit = qMax(1, maxRuns);
    const QString before = history.lastError(); // an error of opening that was got round
    out.runs = history.runs(f);
    out.total = out.runs.size();
    if (history.lastError() != before) {
        out.problem = history.lastError();
        return out;
    }
    const Connection connection(m_path);
    if (!connection.problem().isEmpty()) {
        out.problem = connection.problem();
        return out;
    }
    if (out.runs.size() >= f.limit) // perhaps more: count them
        out.total = qMax(out.total, countRuns(connection.db(), filter, &out.problem));
    if (withProfiles)
        out.profiles = profiles(connection.db());
    return out;
}

HistoryReader::RunRows HistoryReader::rows(qint64 runId, int maxStreams, int maxCalls) const
{
    RunRows out;
    const Connection connection(m_path);
    if (!connection.problem().isEmpty()) {
        out.problem = connection.problem();
        return out;
    }
    const QSqlDatabase db = connection.db();
    out.streams = firstStreams(db, runId, qMax(0, maxStreams), &out.problem);
    out.calls = firstCalls(db, runId, qMax(0, maxCalls), &out.problem);
    out.streamCount =
        qMax<qint64>(out.streams.size(),
                     count(db, QStringLiteral("SELECT count(*) FROM streams WHERE run_id = ?"),
                           {runId}, &out.problem));
    out.callCount = qMax<qint64>(
        out.calls.size(), count(db, QStringLiteral("SELECT count(*) FROM calls WHERE run_id = ?"),
                                {runId}, &out.problem));
    return out;
}

QList<History::Stream> HistoryReader::allStreams(qint64 runId, QString *problem) const
{
    const History history(m_path, History::Mode::ReadOnly);
    if (!history.isOpen()) {
        if (problem)
            *problem = history.problem();
        return {};
    }
    const QString before = history.lastError();
    QList<History::Stream> out = history.streams(runId);
    if (problem && history.lastError() != before)
        *problem = history.lastError();
    return out;
}

} // namespace cdnrec
