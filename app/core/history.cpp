// SPDX-License-Identifier: GPL-3.0-or-later
#include "history.h"

#include "stopjob.h"

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcHistory, "cdnrec.core.history", QtInfoMsg)

namespace cdnrec {

namespace {

QAtomicInt g_connections;
constexpr int kBusyTimeoutMs = 10000;
constexpr qsizetype kMaxBody = 64 * 1024;

QString osUser()
{
    QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
#ifdef Q_OS_UNIX
    // Services and sudo shells may not set USER: the account itself is authoritative.
    if (const passwd *pw = getpwuid(getuid()); pw && pw->pw_name)
        user = QString::fromLocal8Bit(pw->pw_name);
#endif
    return user.isEmpty() ? QStringLiteral("?") : user;
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QDateTime fromText(const QVariant &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(v.toString(), Qt::ISODate);
    return t;
}

QString idsJson(const QStringList &ids)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
}

QStringList idsFromJson(const QString &text)
{
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(text.toUtf8()).array())
        out.append(v.toString());
    return out;
}

class RunJournal final : public CallJournal
{
public:
    RunJournal(History *history, qint64 runId)
        : m_history(history)
        , m_runId(runId)
    {
    }
    bool callSending(const CallRecord &call) override
    {
        return m_history->recordCallSending(m_runId, call);
    }
    void callFinished(const CallRecord &call, const QList<StreamOutcome> &streams) override
    {
        m_history->recordCallFinished(m_runId, call, streams);
        for (const StreamOutcome &o : streams) {
            if (isFinal(o.status))
                m_final.insert(o.streamId, o.status);
            else
                m_final.remove(o.streamId);
        }
    }
    void runFinished(const QList<StreamOutcome> &streams, bool cancelled) override
    {
        // Only what changed since its answer was written: skipped, cancelled, abandoned.
        QList<StreamOutcome> unwritten;
        for (const StreamOutcome &o : streams) {
            const auto it = m_final.constFind(o.streamId);
            if (it == m_final.constEnd() || *it != o.status)
                unwritten.append(o);
        }
        m_history->endRun(m_runId, unwritten, streams, cancelled);
    }
    QString problem() const override
    {
        return History::tr("the history could not record the call (%1)").arg(m_history->lastError());
    }

private:
    History *m_history;
    qint64 m_runId;
    QHash<QString, StreamStatus> m_final; // streams whose final outcome is already written
};

} // namespace

QString History::defaultPath()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/cdnrec");
    return dir + QStringLiteral("/history.sqlite");
}

History::History(const QString &path)
    : m_path(path)
    , m_connection(QStringLiteral("cdnrec-history-%1").arg(g_connections.fetchAndAddRelaxed(1)))
{
    if (!open()) {
        // A file SQLite calls corrupt: keep it for inspection, start afresh, and say so. Any
        // other failure (busy, permissions) leaves the file alone.
        const QFileInfo info(m_path);
        if (m_corrupt && info.exists() && info.isFile()) {
            QSqlDatabase::removeDatabase(m_connection);
            const QString aside = m_path + QStringLiteral(".unreadable-")
                                  + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
            const QString why = m_lastError;
            if (QFile::rename(m_path, aside)) {
                QFile::remove(m_path + QStringLiteral("-wal"));
                QFile::remove(m_path + QStringLiteral("-shm"));
                m_problem = tr("The history database could not be read (%1). It was moved to %2 and a "
                               "new one started.").arg(why, aside);
                if (!open())
                    m_problem = tr("The history cannot be opened: %1. Stops are not recorded.").arg(m_lastError);
            } else {
                m_problem = tr("The history database could not be read (%1), nor moved aside. Stops "
                               "are not recorded.").arg(why);
            }
        } else {
            m_problem = tr("The history cannot be opened at %1: %2. Stops are not recorded.")
                            .arg(m_path, m_lastError);
        }
        if (!m_problem.isEmpty())
            qCWarning(lcHistory) << m_problem;
    }
}

History::~History()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool History::isOpen() const
{
    return QSqlDatabase::database(m_connection, false).isOpen();
}

bool History::exec(const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(sql)) {
        m_lastError = q.lastError().text();
        return false;
    }
    q.finish();
    return true;
}

bool History::open()
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSqlDatabase db = QSqlDatabase::contains(m_connection) ? QSqlDatabase::database(m_connection, false)
                                                            : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!db.open()) {
        m_lastError = db.lastError().text();
        return false;
    }
    // The console and the CLI may write at once: WAL, and a busy timeout (set above).
    // synchronous=NORMAL in WAL mode survives any crash of this process. The checkpoint (which
    // fsyncs) comes at ~80 MB of WAL or when the connection closes, not every 1,000 pages inside a
    // commit: at the default it stalled the console's event loop by ~20 ms during a run.
    {
        QSqlQuery check(db);
        const bool ran = check.exec(QStringLiteral("PRAGMA quick_check")) && check.next();
        const QString verdict = ran ? check.value(0).toString() : QString();
        const QString error = check.lastError().text();
        check.finish(); // an unfinished statement holds a read transaction open
        if (!ran || verdict != QLatin1String("ok")) {
            m_lastError = ran ? verdict : error;
            m_corrupt = !ran ? (error.contains(QLatin1String("not a database"), Qt::CaseInsensitive)
                                || error.contains(QLatin1String("malformed"), Qt::CaseInsensitive))
                             : true;
            db.close();
            return false;
        }
    }
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !exec(QStringLiteral("PRAGMA wal_autocheckpoint=20000"))) {
        db.close();
        return false;
    }
    int version = 0;
    {
        QSqlQuery v(db);
        if (v.exec(QStringLiteral("PRAGMA user_version")) && v.next())
            version = v.value(0).toInt();
    }
    if (version > SchemaVersion) {
        m_lastError = tr("written by a newer cdnrec (format %1)").arg(version);
        db.close();
        m_problem = tr("The history was written by a newer cdnrec (format %1); this version does not "
                       "record into it.").arg(version);
        return true; // not corrupt: leave it as it is
    }
    if (version < 1) {
        const QStringList schema{
            QStringLiteral("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, "
                           "ended_at TEXT, os_user TEXT, host TEXT, profile TEXT, app_id INTEGER, endpoint TEXT, "
                           "vendor TEXT, requested INTEGER DEFAULT 0, stopped INTEGER DEFAULT 0, failed INTEGER DEFAULT 0, "
                           "unknown INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0, cancelled INTEGER DEFAULT 0)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL "
                           "REFERENCES runs(id) ON DELETE CASCADE, call_no INTEGER, sent_at TEXT, stream_ids TEXT, "
                           "attempt INTEGER, state TEXT NOT NULL, http_status INTEGER, code TEXT, message TEXT, "
                           "request_id TEXT, error TEXT, url TEXT, duration_ms INTEGER, body BLOB, "
                           "UNIQUE(run_id, call_no))"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS streams (run_id INTEGER NOT NULL REFERENCES runs(id) "
                           "ON DELETE CASCADE, stream_id TEXT NOT NULL, status TEXT NOT NULL, code TEXT, message TEXT, "
                           "vendor_request_id TEXT, request_id TEXT, attempts INTEGER DEFAULT 0, updated_at TEXT, "
                           "PRIMARY KEY(run_id, stream_id))"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS streams_by_id ON streams(stream_id)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS runs_by_start ON runs(started_at)"),
            QStringLiteral("PRAGMA user_version = 1"),
        };
        for (const QString &sql : schema) {
            if (!exec(sql)) {
                db.close();
                return false;
            }
        }
    }
    exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    return true;
}

int History::purgeOlderThan(int days)
{
    if (days <= 0 || !isOpen())
        return 0;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("DELETE FROM runs WHERE started_at < ?"));
    q.addBindValue(QDateTime::currentDateTimeUtc().addDays(-days).toString(Qt::ISODateWithMs));
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return 0;
    }
    return q.numRowsAffected();
}

qint64 History::beginRun(const RunInfo &info)
{
    if (!isOpen())
        return 0;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction()) {
        m_lastError = db.lastError().text();
        return 0;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO runs (started_at, os_user, host, profile, app_id, endpoint, vendor, requested) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(now());
    q.addBindValue(osUser());
    q.addBindValue(QHostInfo::localHostName());
    q.addBindValue(info.profile);
    q.addBindValue(qint64(info.appId));
    q.addBindValue(info.endpoint);
    q.addBindValue(info.vendor);
    q.addBindValue(int(info.streamIds.size()));
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        db.rollback();
        return 0;
    }
    const qint64 runId = q.lastInsertId().toLongLong();
    QSqlQuery s(db);
    s.prepare(QStringLiteral("INSERT OR IGNORE INTO streams (run_id, stream_id, status, updated_at) VALUES (?, ?, 'pending', ?)"));
    const QString t = now();
    for (const QString &id : info.streamIds) {
        s.addBindValue(runId);
        s.addBindValue(id);
        s.addBindValue(t);
        if (!s.exec()) {
            m_lastError = s.lastError().text();
            db.rollback();
            return 0;
        }
    }
    if (!db.commit()) {
        m_lastError = db.lastError().text();
        db.rollback();
        return 0;
    }
    return runId;
}

bool History::recordCallSending(qint64 runId, const CallRecord &call)
{
    if (!isOpen() || runId <= 0) {
        m_lastError = m_problem.isEmpty() ? tr("the history is not open") : m_problem;
        return false;
    }
    // The call and its streams, in one transaction: after a crash a stream whose call went out
    // reads "sent, outcome unknown", never "not sent".
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction()) {
        m_lastError = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO calls (run_id, call_no, sent_at, stream_ids, attempt, state, url) "
                             "VALUES (?, ?, ?, ?, ?, 'sent', ?)"));
    q.addBindValue(runId);
    q.addBindValue(call.callId);
    q.addBindValue(QDateTime::fromMSecsSinceEpoch(call.sentAtMs, Qt::UTC).toString(Qt::ISODateWithMs));
    q.addBindValue(idsJson(call.streamIds));
    q.addBindValue(call.attempt);
    q.addBindValue(call.redactedUrl);
    bool ok = q.exec();
    QString error = ok ? QString() : q.lastError().text();
    QSqlQuery s(db);
    s.prepare(QStringLiteral("UPDATE streams SET status = 'sending', attempts = attempts + 1, updated_at = ? "
                             "WHERE run_id = ? AND stream_id = ?"));
    const QString t = now();
    for (const QString &id : call.streamIds) {
        if (!ok)
            break;
        s.addBindValue(t);
        s.addBindValue(runId);
        s.addBindValue(id);
        ok = s.exec();
        if (!ok)
            error = s.lastError().text();
    }
    if (!ok || !db.commit()) {
        m_lastError = ok ? db.lastError().text() : error;
        db.rollback();
        qCWarning(lcHistory) << "could not record a call before sending it:" << m_lastError;
        return false;
    }
    return true;
}

namespace {

// Writes where each stream stands; part of the caller's transaction.
bool updateStreams(QSqlDatabase &db, qint64 runId, const QList<StreamOutcome> &streams, QString *error)
{
    QSqlQuery s(db);
    s.prepare(QStringLiteral("UPDATE streams SET status = ?, code = ?, message = ?, vendor_request_id = ?, "
                             "request_id = ?, attempts = ?, updated_at = ? WHERE run_id = ? AND stream_id = ?"));
    const QString t = now();
    for (const StreamOutcome &o : streams) {
        s.addBindValue(statusKey(o.status));
        s.addBindValue(o.code);
        s.addBindValue(o.message);
        s.addBindValue(o.vendorRequestId);
        s.addBindValue(o.requestId);
        s.addBindValue(o.attempts);
        s.addBindValue(t);
        s.addBindValue(runId);
        s.addBindValue(o.streamId);
        if (!s.exec()) {
            *error = s.lastError().text();
            return false;
        }
    }
    return true;
}

} // namespace

void History::recordCallFinished(qint64 runId, const CallRecord &call, const QList<StreamOutcome> &streams)
{
    if (!isOpen() || runId <= 0)
        return;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE calls SET state = 'answered', http_status = ?, code = ?, message = ?, "
                             "request_id = ?, error = ?, duration_ms = ?, body = ? WHERE run_id = ? AND call_no = ?"));
    q.addBindValue(call.httpStatus);
    q.addBindValue(call.hasCode ? QString::number(call.code) : QString());
    q.addBindValue(call.message);
    q.addBindValue(call.requestId);
    q.addBindValue(call.error);
    q.addBindValue(call.durationMs);
    q.addBindValue(call.body.left(kMaxBody));
    q.addBindValue(runId);
    q.addBindValue(call.callId);
    bool ok = q.exec();
    QString error = ok ? QString() : q.lastError().text();
    ok = ok && updateStreams(db, runId, streams, &error);
    if (!ok || !db.commit()) {
        m_lastError = ok ? db.lastError().text() : error;
        db.rollback();
        qCWarning(lcHistory) << "could not record an answer:" << m_lastError;
    }
}

void History::endRun(qint64 runId, const QList<StreamOutcome> &streams, bool cancelled)
{
    endRun(runId, streams, streams, cancelled);
}

void History::endRun(qint64 runId, const QList<StreamOutcome> &unwritten, const QList<StreamOutcome> &all,
                     bool cancelled)
{
    if (!isOpen() || runId <= 0)
        return;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    int stopped = 0, failed = 0, unknown = 0, skipped = 0;
    for (const StreamOutcome &o : all) {
        stopped += o.status == StreamStatus::Stopped;
        failed += o.status == StreamStatus::Failed;
        unknown += o.status == StreamStatus::Unknown;
        skipped += o.status == StreamStatus::Skipped;
    }
    QString error;
    updateStreams(db, runId, unwritten, &error);
    const QString t = now();
    QSqlQuery r(db);
    r.prepare(QStringLiteral("UPDATE runs SET ended_at = ?, stopped = ?, failed = ?, unknown = ?, skipped = ?, "
                             "cancelled = ? WHERE id = ?"));
    r.addBindValue(t);
    r.addBindValue(stopped);
    r.addBindValue(failed);
    r.addBindValue(unknown);
    r.addBindValue(skipped);
    r.addBindValue(cancelled ? 1 : 0);
    r.addBindValue(runId);
    r.exec();
    if (!db.commit()) {
        m_lastError = db.lastError().text();
        db.rollback();
    }
}

namespace {

History::Run readRun(const QSqlQuery &q)
{
    History::Run r;
    r.id = q.value(0).toLongLong();
    r.startedAt = fromText(q.value(1));
    r.endedAt = fromText(q.value(2));
    r.osUser = q.value(3).toString();
    r.host = q.value(4).toString();
    r.profile = q.value(5).toString();
    r.appId = quint32(q.value(6).toLongLong());
    r.endpoint = q.value(7).toString();
    r.vendor = q.value(8).toString();
    r.requested = q.value(9).toInt();
    r.stopped = q.value(10).toInt();
    r.failed = q.value(11).toInt();
    r.unknown = q.value(12).toInt();
    r.skipped = q.value(13).toInt();
    r.cancelled = q.value(14).toBool();
    return r;
}

const char *kRunColumns = "runs.id, runs.started_at, runs.ended_at, runs.os_user, runs.host, runs.profile, "
                          "runs.app_id, runs.endpoint, runs.vendor, runs.requested, runs.stopped, runs.failed, "
                          "runs.unknown, runs.skipped, runs.cancelled";

} // namespace

QList<History::Run> History::runs() const
{
    return runs(Filter());
}

QList<History::Run> History::runs(const Filter &f) const
{
    QList<Run> out;
    if (!isOpen())
        return out;
    QString sql = QStringLiteral("SELECT DISTINCT %1 FROM runs").arg(QLatin1String(kRunColumns));
    QStringList where;
    QVariantList binds;
    if (!f.streamId.isEmpty() || !f.status.isEmpty()) {
        sql += QStringLiteral(" JOIN streams ON streams.run_id = runs.id");
        if (!f.streamId.isEmpty()) {
            where << QStringLiteral("streams.stream_id = ?");
            binds << f.streamId;
        }
        if (!f.status.isEmpty()) {
            where << QStringLiteral("streams.status = ?");
            binds << f.status;
        }
    }
    if (!f.profile.isEmpty()) {
        where << QStringLiteral("runs.profile = ?");
        binds << f.profile;
    }
    if (f.since.isValid()) {
        where << QStringLiteral("runs.started_at >= ?");
        binds << f.since.toUTC().toString(Qt::ISODateWithMs);
    }
    if (f.until.isValid()) {
        where << QStringLiteral("runs.started_at < ?");
        binds << f.until.toUTC().toString(Qt::ISODateWithMs);
    }
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY runs.started_at DESC, runs.id DESC LIMIT %1").arg(qMax(1, f.limit));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(sql);
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(readRun(q));
    return out;
}

std::optional<History::Run> History::run(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(QLatin1String(kRunColumns)));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return readRun(q);
    return std::nullopt;
}

QList<History::Stream> History::streams(qint64 runId) const
{
    QList<Stream> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT streams.run_id, stream_id, status, code, message, vendor_request_id, request_id, "
                             "attempts, updated_at, runs.started_at, runs.profile FROM streams JOIN runs ON runs.id = "
                             "streams.run_id WHERE run_id = ? ORDER BY streams.rowid"));
    q.addBindValue(runId);
    if (!q.exec())
        return out;
    // A stream still "sending" or "pending" in a run that has ended never got its answer
    // recorded: its call was sent (or not), and what became of it is unknown.
    while (q.next()) {
        Stream s;
        s.runId = q.value(0).toLongLong();
        s.streamId = q.value(1).toString();
        s.status = q.value(2).toString();
        s.code = q.value(3).toString();
        s.message = q.value(4).toString();
        s.vendorRequestId = q.value(5).toString();
        s.requestId = q.value(6).toString();
        s.attempts = q.value(7).toInt();
        s.updatedAt = fromText(q.value(8));
        s.runStartedAt = fromText(q.value(9));
        s.profile = q.value(10).toString();
        out.append(s);
    }
    return out;
}

QList<History::Stream> History::findStreams(const Filter &f) const
{
    QList<Stream> out;
    for (const Run &r : runs(f)) {
        for (Stream s : streams(r.id)) {
            if ((f.streamId.isEmpty() || s.streamId == f.streamId) && (f.status.isEmpty() || s.status == f.status))
                out.append(s);
        }
    }
    return out;
}

QList<History::Call> History::calls(qint64 runId) const
{
    QList<Call> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT id, call_no, sent_at, stream_ids, attempt, state, http_status, code, message, "
                             "request_id, error, url, duration_ms, body FROM calls WHERE run_id = ? ORDER BY call_no"));
    q.addBindValue(runId);
    if (!q.exec())
        return out;
    while (q.next()) {
        Call c;
        c.id = q.value(0).toLongLong();
        c.callNo = q.value(1).toInt();
        c.sentAt = fromText(q.value(2));
        c.streamIds = idsFromJson(q.value(3).toString());
        c.attempt = q.value(4).toInt();
        c.state = q.value(5).toString();
        c.httpStatus = q.value(6).toInt();
        c.code = q.value(7).toString();
        c.message = q.value(8).toString();
        c.requestId = q.value(9).toString();
        c.error = q.value(10).toString();
        c.url = q.value(11).toString();
        c.durationMs = q.value(12).toLongLong();
        c.body = q.value(13).toByteArray();
        out.append(c);
    }
    return out;
}

std::unique_ptr<CallJournal> History::journal(qint64 runId)
{
    return std::make_unique<RunJournal>(this, runId);
}

void History::setBusyTimeoutForTesting(int ms)
{
    exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(ms));
}

void History::setMaxPageCountForTesting(int pages)
{
    exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages));
}

} // namespace cdnrec
