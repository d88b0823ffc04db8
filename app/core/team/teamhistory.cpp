// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamhistory.h"

#include <team/teamoutbox.h>

#include <QAtomicInt>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <limits>

namespace cdnrec {

namespace {

QAtomicInt g_historyConnections;

QJsonObject object(const QVariant &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

QDateTime utc(const QVariant &v)
{
    QDateTime t = v.toDateTime();
    return t.isValid() ? t.toUTC() : t;
}

// The database user who began `s`'s run: the only writer whose events count for it (see runs()).
constexpr char kRunWriter[] = "SELECT r.db_user FROM public.cdnrec_runs r WHERE r.run_id = "
                              "s.run_id";
// Each count of a listing reads at most this many rows of one run (a run of a million streams
// is counted over its first 200,000 outcomes, and says so: RunRecord::countsCapped).
constexpr int kCountCap = 200000;

// True when the rows were read to the end. A result cut off (the connection dropped, the
// statement timed out mid-answer) sets *status and is not shown as if it were complete.
bool readToTheEnd(const QSqlQuery &q, TeamDatabase::Status *status)
{
    if (!q.lastError().isValid())
        return true;
    *status = TeamDatabase::classify(q.lastError());
    return false;
}

} // namespace

TeamHistory::TeamHistory(const TeamConfig &config, const QString &password)
    : m_connection(
          QStringLiteral("cdnrec-team-history-%1").arg(g_historyConnections.fetchAndAddRelaxed(1)))
{
    m_status = TeamDatabase::open(config, password, m_connection);
}

TeamHistory::~TeamHistory()
{
    TeamDatabase::close(m_connection);
}

QList<TeamHistory::RunRecord> TeamHistory::runs()
{
    return runs(Filter());
}

namespace {

// The WHERE of a listing of runs, and the values of its placeholders in order.
struct RunsWhere
{
    QString where;
    QVariantList binds;
};

// A run is its entry in cdnrec_runs (005): the first run_begun the server received for that
// run_id, and only its writer may add to it (cdnrec_append_events refuses anyone else). The
// db_user tests below still keep out rows written before 005, when any operator could INSERT
// under another's run_id.
RunsWhere runsWhere(const TeamHistory::Filter &filter)
{
    RunsWhere w{QStringLiteral("b.kind = 'run_begun'"), {}};
    if (!filter.operatorName.isEmpty()) {
        w.where += QStringLiteral(" AND (b.os_user = ? OR r.db_user = CAST(? AS name))");
        w.binds << filter.operatorName << filter.operatorName;
    }
    if (!filter.streamId.isEmpty()) {
        w.where += QStringLiteral(
            " AND EXISTS (SELECT 1 FROM public.cdnrec_events x WHERE x.run_id = r.run_id AND "
            "x.db_user = r.db_user AND ((x.kind = 'stream_outcome' AND x.stream_id = ?) OR "
            "(x.kind = 'call_sent' AND x.detail -> 'stream_ids' @> jsonb_build_array(CAST(? AS "
            "text)))))");
        w.binds << filter.streamId << filter.streamId;
    }
    // Dates are the server's (recorded_at): a client's clock, or a forged occurred_at in 2100,
    // neither hides a run nor keeps one on top.
    if (filter.since.isValid()) {
        w.where += QStringLiteral(" AND r.recorded_at >= CAST(? AS timestamptz)");
        w.binds << filter.since.toUTC().toString(Qt::ISODateWithMs);
    }
    if (filter.until.isValid()) {
        w.where += QStringLiteral(" AND r.recorded_at < CAST(? AS timestamptz)");
        w.binds << filter.until.toUTC().toString(Qt::ISODateWithMs);
    }
    if (filter.appId > 0) {
        w.where += QStringLiteral(" AND b.app_id = ?");
        w.binds << filter.appId;
    }
    if (!filter.runId.isEmpty()) {
        w.where += QStringLiteral(" AND r.run_id = CAST(? AS uuid)");
        w.binds << filter.runId;
    }
    w.binds << qMax(1, filter.limit);
    return w;
}

// The newest runs first, chosen before anything is counted (the LIMIT inside), and every count
// over at most kCountCap rows: runs of millions of events, which any operator can write under
// their own name, cost each listing a bounded read. Columns as runFrom() reads them.
QString runsSql(const QString &where)
{
    return QStringLiteral(
               "SELECT CAST(b.run_id AS text), b.action, b.occurred_at, e.occurred_at, b.os_user, "
               "CAST(top.db_user AS text), b.host, b.profile, b.app_id, CAST(b.detail AS text), "
               "CAST(e.detail AS text), "
               "(SELECT count(*) FROM (SELECT 1 FROM public.cdnrec_events c WHERE c.run_id = "
               "top.run_id AND c.kind = 'call_sent' AND c.db_user = top.db_user LIMIT %2) c), "
               "(SELECT count(*) FROM (SELECT 1 FROM public.cdnrec_events c WHERE c.run_id = "
               "top.run_id AND c.kind = 'call_answered' AND c.db_user = top.db_user LIMIT %2) c), "
               "o.succeeded, o.failed, o.unknown, o.skipped, o.total, "
               "CASE WHEN e.occurred_at IS NULL THEN (SELECT count(DISTINCT v) FROM (SELECT "
               "c.detail FROM public.cdnrec_events c WHERE c.run_id = top.run_id AND c.kind = "
               "'call_sent' AND c.db_user = top.db_user LIMIT %3) c, jsonb_array_elements_text("
               "CASE WHEN jsonb_typeof(c.detail -> 'stream_ids') = 'array' THEN c.detail -> "
               "'stream_ids' ELSE '[]' END) v) END "
               "FROM (SELECT r.run_id, r.db_user, r.begun_event, r.recorded_at FROM "
               "public.cdnrec_runs r JOIN public.cdnrec_events b ON b.event_id = r.begun_event AND "
               "b.run_id = r.run_id AND b.db_user = r.db_user "
               "WHERE %1 ORDER BY r.recorded_at DESC, b.seq DESC LIMIT ?) top "
               "JOIN public.cdnrec_events b ON b.event_id = top.begun_event "
               "LEFT JOIN LATERAL (SELECT x.occurred_at, x.detail FROM public.cdnrec_events x "
               "WHERE "
               "x.run_id = top.run_id AND x.kind = 'run_ended' AND x.db_user = top.db_user ORDER "
               "BY x.seq LIMIT 1) e ON true "
               "LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE status IN ('stopped', 'started')) "
               "AS succeeded, count(*) FILTER (WHERE status = 'failed') AS failed, count(*) FILTER "
               "(WHERE status = 'unknown') AS unknown, count(*) FILTER (WHERE status = 'skipped') "
               "AS skipped, count(*) AS total FROM (SELECT DISTINCT ON (s.stream_id) s.status FROM "
               "(SELECT s.stream_id, s.status, s.seq FROM public.cdnrec_events s WHERE s.run_id = "
               "top.run_id AND s.kind = 'stream_outcome' AND s.db_user = top.db_user LIMIT %2) s "
               "ORDER BY s.stream_id, s.seq DESC) last) o ON true "
               "ORDER BY top.recorded_at DESC, b.seq DESC")
        .arg(where)
        .arg(kCountCap)
        .arg(kCountCap / 10);
}

// One row of runsSql().
TeamHistory::RunRecord runFrom(const QSqlQuery &q)
{
    TeamHistory::RunRecord r;
    r.runId = q.value(0).toString();
    r.action = q.value(1).toString();
    r.startedAt = utc(q.value(2));
    r.endedAt = utc(q.value(3));
    r.osUser = q.value(4).toString();
    r.dbUser = q.value(5).toString();
    r.host = q.value(6).toString();
    r.profile = q.value(7).toString();
    r.appId = q.value(8).toLongLong();
    const QJsonObject begun = object(q.value(9));
    r.localRunId = begun.value(QStringLiteral("local_run_id")).toInteger();
    r.endpoint = begun.value(QStringLiteral("endpoint")).toString();
    r.vendor = begun.value(QStringLiteral("vendor")).toString();
    r.requested = begun.value(QStringLiteral("requested")).toInt();
    r.cancelled = object(q.value(10)).value(QStringLiteral("cancelled")).toBool();
    r.calls = q.value(11).toInt();
    r.answered = q.value(12).toInt();
    r.succeeded = q.value(13).toInt();
    r.failed = q.value(14).toInt();
    r.unknown = q.value(15).toInt();
    r.skipped = q.value(16).toInt();
    const int settled = q.value(17).toInt();
    const int sentStreams = q.value(18).toInt();
    r.countsCapped = settled >= kCountCap || r.calls >= kCountCap;
    // As the local history says it of a run that never ended: streams no call carried were not
    // sent, and those carried with no outcome recorded were sent with no answer.
    if (r.interrupted()) {
        r.notSent = qMax(0, r.requested - sentStreams);
        r.sentNoAnswer = qMax(0, sentStreams - settled);
    }
    return r;
}

} // namespace

QList<TeamHistory::RunRecord> TeamHistory::runs(const Filter &filter)
{
    QList<RunRecord> out;
    if (!isOpen())
        return out;
    const RunsWhere w = runsWhere(filter);
    const TeamReadDeadline deadline(m_connection); // a server that never answers
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(runsSql(w.where));
    for (const QVariant &v : std::as_const(w.binds))
        q.addBindValue(v);
    if (!q.exec()) {
        m_status = TeamDatabase::classify(q.lastError());
        return out;
    }
    while (q.next())
        out.append(runFrom(q));
    return readToTheEnd(q, &m_status) ? out : decltype(out)();
}

QList<TeamHistory::Call> TeamHistory::calls(const QString &runId, int limit)
{
    QList<Call> out;
    if (!isOpen())
        return out;
    const TeamReadDeadline deadline(m_connection); // a server that never answers
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral(
            "SELECT CAST(s.call_id AS text), s.occurred_at, CAST(s.detail AS text), "
            "CAST(a.detail AS text) FROM public.cdnrec_events s LEFT JOIN LATERAL (SELECT x.detail "
            "FROM public.cdnrec_events x WHERE x.call_id = s.call_id AND x.kind = 'call_answered' "
            "AND "
            "x.db_user "
            "= s.db_user ORDER BY x.seq LIMIT 1) a ON true WHERE s.run_id = CAST(? AS uuid) AND "
            "s.kind = 'call_sent' AND s.db_user = (%1) ORDER BY s.occurred_at, s.seq LIMIT ?")
            .arg(QLatin1String(kRunWriter)));
    q.addBindValue(runId);
    q.addBindValue(limit < 0 ? std::numeric_limits<int>::max() : limit);
    if (!q.exec()) {
        m_status = TeamDatabase::classify(q.lastError());
        return out;
    }
    while (q.next()) {
        Call c;
        c.callId = q.value(0).toString();
        c.sentAt = utc(q.value(1));
        const QJsonObject sent = object(q.value(2));
        c.callNo = sent.value(QStringLiteral("call_no")).toInt();
        c.attempt = sent.value(QStringLiteral("attempt")).toInt();
        for (const QJsonValue &v : sent.value(QStringLiteral("stream_ids")).toArray())
            c.streamIds.append(v.toString());
        c.answered = !q.value(3).isNull();
        const QJsonObject answer = object(q.value(3));
        c.httpStatus = answer.value(QStringLiteral("http_status")).toInt();
        if (answer.contains(QStringLiteral("code")))
            c.code = QString::number(answer.value(QStringLiteral("code")).toInteger());
        c.message = answer.value(QStringLiteral("message")).toString();
        c.requestId = answer.value(QStringLiteral("request_id")).toString();
        c.durationMs = answer.value(QStringLiteral("duration_ms")).toInteger();
        out.append(c);
    }
    return readToTheEnd(q, &m_status) ? out : decltype(out)();
}

QList<TeamHistory::Stream> TeamHistory::streams(const QString &runId, int limit)
{
    QList<Stream> out;
    if (!isOpen())
        return out;
    const TeamReadDeadline deadline(m_connection); // a server that never answers
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral(
            "SELECT DISTINCT ON (stream_id) stream_id, status, CAST(detail AS text), occurred_at "
            "FROM (SELECT s.stream_id, s.status, s.detail, s.occurred_at, s.seq FROM "
            "public.cdnrec_events s WHERE s.run_id = CAST(? AS uuid) AND s.kind = "
            "'stream_outcome' AND s.db_user = (%1) LIMIT %2) s ORDER BY stream_id, seq DESC "
            "LIMIT ?")
            .arg(QLatin1String(kRunWriter))
            .arg(kCountCap));
    q.addBindValue(runId);
    q.addBindValue(limit < 0 ? std::numeric_limits<int>::max() : limit);
    if (!q.exec()) {
        m_status = TeamDatabase::classify(q.lastError());
        return out;
    }
    while (q.next()) {
        Stream s;
        s.streamId = q.value(0).toString();
        s.status = q.value(1).toString();
        const QJsonObject d = object(q.value(2));
        s.code = d.value(QStringLiteral("code")).toString();
        s.message = d.value(QStringLiteral("message")).toString();
        s.requestId = d.value(QStringLiteral("request_id")).toString();
        s.vendorRequestId = d.value(QStringLiteral("vendor_request_id")).toString();
        s.attempts = d.value(QStringLiteral("attempts")).toInt();
        s.at = utc(q.value(3));
        out.append(s);
    }
    return readToTheEnd(q, &m_status) ? out : decltype(out)();
}

QHash<qint64, bool> TeamHistory::localRunsSynced(const QString &historyPath)
{
    TeamOutbox outbox(historyPath, TeamOutbox::Mode::ReadOnly);
    return outbox.localRunsSynced();
}

} // namespace cdnrec
