// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <store/history.h>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

namespace cdnrec::historysql {

// The one mapping from what a stream row (alias s) stores to a HistoryStatus key
// (historyStatusKey()). "pending" with attempts was written by versions that stored a stream
// waiting for a retry as pending: it was sent, and its last answer refused it (code) or never came.
inline constexpr const char *kStatusExpr =
    "(CASE WHEN s.status = 'pending' AND IFNULL(s.attempts, 0) = 0 THEN 'not_sent' "
    "WHEN s.status = 'pending' THEN (CASE WHEN IFNULL(s.code, '') <> '' THEN 'failed' "
    "ELSE 'unknown' END) "
    "WHEN s.status IN ('sending', 'sent-unknown') THEN 'sent_no_answer' "
    "ELSE s.status END)";

// What a stream row (alias s) says of the room its stream was listed in: the column, or NULL in
// a history written before rooms were kept and opened without being migrated (read-only).
inline QString roomExpr(const QSqlDatabase &db)
{
    QSqlQuery probe(db);
    const bool has = probe.exec(QStringLiteral("SELECT room FROM streams LIMIT 0"));
    probe.finish();
    return has ? QStringLiteral("s.room") : QStringLiteral("NULL");
}

// " WHERE ..." for the runs a filter asks for (empty when it asks for all), its values appended
// to binds in order: History::runs() and HistoryReader's count read the same runs.
inline QString runsWhere(const History::Filter &f, QVariantList *binds)
{
    QStringList where;
    if (!f.streamId.isEmpty() || f.status) {
        // The same stream row must match both: "runs where stream X failed".
        QString exists = QStringLiteral("EXISTS (SELECT 1 FROM streams s WHERE s.run_id = runs.id");
        if (!f.streamId.isEmpty()) {
            exists += QStringLiteral(" AND s.stream_id = ?");
            *binds << f.streamId;
        }
        if (f.status) {
            exists += QStringLiteral(" AND %1 = ?").arg(QLatin1String(kStatusExpr));
            *binds << historyStatusKey(*f.status);
        }
        where << exists + u')';
    }
    const auto add = [&](bool on, const char *condition, const QVariant &value) {
        if (!on)
            return;
        where << QLatin1String(condition);
        if (value.isValid())
            *binds << value;
    };
    add(!f.profile.isEmpty(), "runs.profile = ?", f.profile);
    add(f.since.isValid(), "runs.started_at >= ?", f.since.toUTC().toString(Qt::ISODateWithMs));
    add(f.until.isValid(), "runs.started_at < ?", f.until.toUTC().toString(Qt::ISODateWithMs));
    add(f.unfinishedOnly, "runs.ended_at IS NULL", QVariant());
    return where.isEmpty() ? QString()
                           : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
}

} // namespace cdnrec::historysql
