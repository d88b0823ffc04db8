// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamjournal.h"

#include <model/callrecord.h>
#include <model/outcome.h>
#include <team/teamdatabase.h>
#include <team/teamoutbox.h>

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTeamJournal, "cdnrec.core.team.journal", QtInfoMsg)

namespace cdnrec {

namespace {

// A detail as QJsonDocument(object).toJson(Compact) wrote it, without the QJsonObject: the caller
// adds its keys in QJsonObject's order (sorted); strings as TeamJson::appendString() writes them.
class Detail
{
public:
    Detail() { m_out.reserve(256); }
    Detail &add(const char *key, const QString &value)
    {
        this->key(key);
        string(value);
        return *this;
    }
    Detail &add(const char *key, qint64 value)
    {
        this->key(key);
        m_out += QByteArray::number(value);
        return *this;
    }
    Detail &add(const char *key, int value) { return add(key, qint64(value)); }
    Detail &add(const char *key, bool value)
    {
        this->key(key);
        m_out += value ? "true" : "false";
        return *this;
    }
    Detail &add(const char *key, const QStringList &values)
    {
        this->key(key);
        m_out += '[';
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (i > 0)
                m_out += ',';
            string(values.at(i));
        }
        m_out += ']';
        return *this;
    }
    QByteArray done()
    {
        m_out += '}';
        return std::move(m_out);
    }

private:
    void key(const char *k)
    {
        m_out += m_out.isEmpty() ? "{\"" : ",\"";
        m_out += k;
        m_out += "\":";
    }
    void string(const QString &s) { TeamJson::appendString(m_out, s); }
    QByteArray m_out;
};

} // namespace

TeamJournal::TeamJournal(RunInfo info, std::function<void()> appended)
    : m_info(std::move(info)), m_appended(std::move(appended)), m_home(std::make_unique<QObject>()),
      m_runId(TeamOutbox::newId()), m_osUser(TeamDatabase::osUser()),
      m_host(TeamDatabase::hostName()), m_action(actionKey(m_info.action))
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
    if (!m_writer)
        m_writer = std::make_unique<TeamOutboxWriter>();
    return write(*m_writer, db, events, error);
}

bool TeamJournal::write(TeamOutboxWriter &writer, QSqlDatabase &db, QList<TeamEvent> &events,
                        QString *error)
{
    if (!writer.append(db, events, error)) {
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
            QMetaObject::invokeMethod(m_home.get(), m_appended, Qt::QueuedConnection);
    }
    m_telling.clear();
    m_wrote = false;
}

void TeamJournal::release()
{
    m_writer.reset();
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
    e.detail = Detail()
                   .add("endpoint", m_info.endpoint)
                   .add("local_run_id", m_info.localRunId)
                   .add("requested", m_info.requested)
                   .add("vendor", m_info.vendor)
                   .add("version", QCoreApplication::applicationVersion())
                   .done();
    QList<TeamEvent> events;
    events.append(std::move(e));
    settled(false);
    // A writer of its own, gone with the transaction: nothing of the writing connection is kept.
    const bool ok = history.writeRows([&](QSqlDatabase &db, QString *error) {
        TeamOutboxWriter writer;
        return TeamOutboxWriter::createTable(db, error) && write(writer, db, events, error);
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
    e.detail = Detail()
                   .add("attempt", call.attempt)
                   .add("call_no", call.callId)
                   .add("stream_ids", call.streamIds)
                   .add("url", call.redactedUrl)
                   .done();
    QList<TeamEvent> events;
    events.append(std::move(e));
    return write(db, events, error);
}

bool TeamJournal::callFinished(QSqlDatabase &db, const CallRecord &call,
                               const QList<StreamOutcome> &streams, QString *error)
{
    QList<TeamEvent> events;
    events.reserve(streams.size() + 1);
    TeamEvent a = event(QStringLiteral("call_answered"));
    a.callId = callUuid(call.callId);
    Detail d;
    d.add("attempt", call.attempt).add("call_no", call.callId);
    if (call.hasCode)
        d.add("code", call.code);
    d.add("duration_ms", call.durationMs);
    if (!call.error.isEmpty())
        d.add("error", call.error);
    d.add("http_status", call.httpStatus)
        .add("message", call.message)
        .add("request_id", call.requestId);
    a.detail = d.done();
    const QString callId = a.callId;
    events.append(std::move(a));
    // Only what this answer settled: a stream waiting for a retry is told when it is final.
    for (const StreamOutcome &o : streams) {
        if (!isFinal(o.status))
            continue;
        const QString status = statusKey(o.status, m_info.action);
        if (!tell(o.streamId, status))
            continue;
        TeamEvent s = event(QStringLiteral("stream_outcome"));
        s.callId = callId;
        s.streamId = o.streamId;
        s.status = status;
        s.detail = Detail()
                       .add("attempts", o.attempts)
                       .add("code", o.code)
                       .add("message", o.message)
                       .add("request_id", o.requestId)
                       .add("vendor_request_id", o.vendorRequestId)
                       .done();
        events.append(std::move(s));
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
        s.detail = Detail()
                       .add("attempts", o.attempts)
                       .add("code", o.code)
                       .add("message", o.message)
                       .done();
        events.append(std::move(s));
    }
    TeamEvent e = event(QStringLiteral("run_ended"));
    e.detail = Detail()
                   .add("cancelled", cancelled)
                   .add("failed", failed)
                   .add("requested", int(streams.size()))
                   .add("skipped", skipped)
                   .add("succeeded", succeeded)
                   .add("unknown", unknown)
                   .done();
    events.append(std::move(e));
    return write(db, events, error);
}

} // namespace cdnrec
