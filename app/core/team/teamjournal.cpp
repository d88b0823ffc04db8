// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamjournal.h"

#include "outcome.h"
#include "stopjob.h"
#include "teamdatabase.h"
#include "teamoutbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTeamJournal, "cdnrec.core.team.journal", QtInfoMsg)

namespace cdnrec {

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

TeamJournal::TeamJournal(RunInfo info, std::function<void()> appended)
    : m_info(std::move(info)), m_appended(std::move(appended)), m_runId(TeamOutbox::newId()),
      m_osUser(TeamDatabase::osUser()), m_host(TeamDatabase::hostName()),
      m_action(actionKey(m_info.action))
{
}

TeamJournal::~TeamJournal() = default;

TeamEvent TeamJournal::event(const QString &kind) const
{
    TeamEvent e;
    e.eventId = TeamOutbox::newId();
    e.runId = m_runId;
    e.localRunId = m_info.localRunId;
    e.kind = kind;
    e.occurredAt = QDateTime::currentDateTimeUtc();
    e.osUser = m_osUser;
    e.host = m_host;
    e.profile = m_info.profile;
    e.appId = m_info.appId;
    e.action = m_action;
    return e;
}

bool TeamJournal::write(QSqlDatabase &db, QList<TeamEvent> &events, QString *error)
{
    if (!m_writer.append(db, events, error)) {
        m_problem = tr("the team history could not record the call (%1)").arg(*error);
        qCWarning(lcTeamJournal) << "could not append team events:" << *error;
        return false;
    }
    m_wrote = true;
    return true;
}

void TeamJournal::settled(bool committed)
{
    if (committed) {
        for (auto it = m_telling.cbegin(); it != m_telling.cend(); ++it)
            m_told.insert(it.key(), it.value());
        if (m_wrote && m_appended)
            m_appended();
    }
    m_telling.clear();
    m_wrote = false;
}

bool TeamJournal::tell(const QString &streamId, const QString &status)
{
    const auto telling = m_telling.constFind(streamId);
    const QString last = telling != m_telling.cend() ? *telling : m_told.value(streamId);
    if (last == status)
        return false;
    m_telling.insert(streamId, status);
    return true;
}

QString TeamJournal::callUuid(int callId)
{
    QString &id = m_callIds[callId];
    if (id.isEmpty())
        id = TeamOutbox::newId();
    return id;
}

bool TeamJournal::begin(History &history)
{
    TeamEvent e = event(QStringLiteral("run_begun"));
    QJsonObject d;
    d.insert(QStringLiteral("local_run_id"), m_info.localRunId);
    d.insert(QStringLiteral("endpoint"), m_info.endpoint);
    d.insert(QStringLiteral("vendor"), m_info.vendor);
    d.insert(QStringLiteral("requested"), m_info.requested);
    d.insert(QStringLiteral("version"), QCoreApplication::applicationVersion());
    e.detail = compact(d);
    QList<TeamEvent> events{e};
    settled(false);
    const bool ok = history.writeRows([&](QSqlDatabase &db, QString *error) {
        return TeamOutboxWriter::createTable(db, error) && write(db, events, error);
    });
    if (!ok && m_problem.isEmpty())
        m_problem = tr("the team history could not record the call (%1)").arg(history.lastError());
    settled(ok);
    return ok;
}

bool TeamJournal::callSending(QSqlDatabase &db, const CallRecord &call, QString *error)
{
    TeamEvent e = event(QStringLiteral("call_sent"));
    e.callId = callUuid(call.callId);
    e.occurredAt = call.sentAtMs > 0 ? QDateTime::fromMSecsSinceEpoch(call.sentAtMs, Qt::UTC)
                                     : QDateTime::currentDateTimeUtc();
    QJsonObject d;
    d.insert(QStringLiteral("call_no"), call.callId);
    d.insert(QStringLiteral("attempt"), call.attempt);
    d.insert(QStringLiteral("stream_ids"), QJsonArray::fromStringList(call.streamIds));
    d.insert(QStringLiteral("url"), call.redactedUrl);
    e.detail = compact(d);
    QList<TeamEvent> events{e};
    return write(db, events, error);
}

bool TeamJournal::callFinished(QSqlDatabase &db, const CallRecord &call,
                               const QList<StreamOutcome> &streams, QString *error)
{
    QList<TeamEvent> events;
    events.reserve(streams.size() + 1);
    TeamEvent a = event(QStringLiteral("call_answered"));
    a.callId = callUuid(call.callId);
    QJsonObject d;
    d.insert(QStringLiteral("call_no"), call.callId);
    d.insert(QStringLiteral("attempt"), call.attempt);
    d.insert(QStringLiteral("http_status"), call.httpStatus);
    if (call.hasCode)
        d.insert(QStringLiteral("code"), call.code);
    d.insert(QStringLiteral("message"), call.message);
    d.insert(QStringLiteral("request_id"), call.requestId);
    if (!call.error.isEmpty())
        d.insert(QStringLiteral("error"), call.error);
    d.insert(QStringLiteral("duration_ms"), call.durationMs);
    a.detail = compact(d);
    events.append(a);
    // Only what this answer settled: a stream waiting for a retry is told when it is final.
    for (const StreamOutcome &o : streams) {
        if (!isFinal(o.status))
            continue;
        const QString status = statusKey(o.status, m_info.action);
        if (!tell(o.streamId, status))
            continue;
        TeamEvent s = event(QStringLiteral("stream_outcome"));
        s.callId = a.callId;
        s.streamId = o.streamId;
        s.status = status;
        QJsonObject sd;
        sd.insert(QStringLiteral("code"), o.code);
        sd.insert(QStringLiteral("message"), o.message);
        sd.insert(QStringLiteral("vendor_request_id"), o.vendorRequestId);
        sd.insert(QStringLiteral("request_id"), o.requestId);
        sd.insert(QStringLiteral("attempts"), o.attempts);
        s.detail = compact(sd);
        events.append(s);
    }
    return write(db, events, error);
}

bool TeamJournal::runFinished(QSqlDatabase &db, const QList<StreamOutcome> &streams, bool cancelled,
                              QString *error)
{
    QList<TeamEvent> events;
    int succeeded = 0, failed = 0, unknown = 0, skipped = 0;
    for (const StreamOutcome &o : streams) {
        succeeded += o.status == StreamStatus::Succeeded;
        failed += o.status == StreamStatus::Failed;
        unknown += o.status == StreamStatus::Unknown;
        skipped += o.status == StreamStatus::Skipped;
        // Cancelled, abandoned, skipped: what no answer told.
        StreamStatus final = o.status;
        if (!isFinal(final))
            final = o.attempts > 0 ? StreamStatus::Unknown : StreamStatus::Skipped;
        const QString status = statusKey(final, m_info.action);
        if (!tell(o.streamId, status))
            continue;
        TeamEvent s = event(QStringLiteral("stream_outcome"));
        s.streamId = o.streamId;
        s.status = status;
        QJsonObject sd;
        sd.insert(QStringLiteral("code"), o.code);
        sd.insert(QStringLiteral("message"), o.message);
        sd.insert(QStringLiteral("attempts"), o.attempts);
        s.detail = compact(sd);
        events.append(s);
    }
    TeamEvent e = event(QStringLiteral("run_ended"));
    QJsonObject d;
    d.insert(QStringLiteral("requested"), int(streams.size()));
    d.insert(QStringLiteral("succeeded"), succeeded);
    d.insert(QStringLiteral("failed"), failed);
    d.insert(QStringLiteral("unknown"), unknown);
    d.insert(QStringLiteral("skipped"), skipped);
    d.insert(QStringLiteral("cancelled"), cancelled);
    e.detail = compact(d);
    events.append(e);
    return write(db, events, error);
}

} // namespace cdnrec
