// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamoutbox.h"

#include <QAtomicInt>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>
#include <algorithm>
#include <cstring>

Q_LOGGING_CATEGORY(lcOutbox, "cdnrec.core.team.outbox", QtInfoMsg)

namespace cdnrec {

namespace {

QAtomicInt g_outboxConnections;
constexpr int kBusyTimeoutMs = 10000;

// What t.toUTC().toString(Qt::ISODateWithMs) writes ("2024-05-01T12:34:56.789Z"), without its
// cost for the years 1970 to 9999 (every event has one).
QString timeText(const QDateTime &t)
{
    const qint64 ms = t.toMSecsSinceEpoch();
    constexpr qint64 kMsPerDay = 86400000;
    if (ms < 0 || ms >= 253402300800000LL) // 10000-01-01
        return t.toUTC().toString(Qt::ISODateWithMs);
    const qint64 days = ms / kMsPerDay;
    qint64 rest = ms % kMsPerDay;
    // Civil date from days since 1970-01-01 (H. Hinnant's civil_from_days).
    const qint64 z = days + 719468;
    const qint64 era = z / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const int year = int(yoe + era * 400 + (month <= 2));
    const int milli = int(rest % 1000);
    rest /= 1000;
    const int second = int(rest % 60);
    rest /= 60;
    const int minute = int(rest % 60);
    const int hour = int(rest / 60);
    char buf[24];
    const auto put = [&buf](int at, int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            buf[at + i] = char('0' + value % 10);
    };
    put(0, year, 4);
    buf[4] = '-';
    put(5, month, 2);
    buf[7] = '-';
    put(8, day, 2);
    buf[10] = 'T';
    put(11, hour, 2);
    buf[13] = ':';
    put(14, minute, 2);
    buf[16] = ':';
    put(17, second, 2);
    buf[19] = '.';
    put(20, milli, 3);
    buf[23] = 'Z';
    return QString::fromLatin1(buf, 24);
}

QString selectSql()
{
    return QStringLiteral(
        "SELECT seq, event_id, run_id, local_run_id, call_id, kind, occurred_at, os_user, host, "
        "profile, app_id, action, stream_id, status, detail FROM team_outbox WHERE synced = 0 "
        "ORDER BY seq LIMIT ?");
}

// s as a JSON string, UTF-8 (what QJsonDocument writes: quote, backslash and controls escaped).
// What PostgreSQL's jsonb refuses in a string, and so would fail a batch on every replay: U+0000
// and a lone UTF-16 surrogate (a gateway's "\ud800" parsed into a message). Both become U+FFFD.
QString storable(QString text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isNull()) {
            text[i] = QChar(0xfffd);
        } else if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i; // a pair
        } else if (c.isSurrogate()) {
            text[i] = QChar(0xfffd);
        }
    }
    return text;
}

QJsonValue withoutNul(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return storable(v.toString());
    case QJsonValue::Array: {
        QJsonArray a;
        for (const QJsonValue &item : v.toArray())
            a.append(withoutNul(item));
        return a;
    }
    case QJsonValue::Object: {
        QJsonObject o;
        const QJsonObject in = v.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            o.insert(storable(it.key()), withoutNul(it.value()));
        return o;
    }
    default:
        return v;
    }
}

QByteArray withoutNul(const QJsonDocument &doc)
{
    return QJsonDocument(withoutNul(QJsonValue(doc.object())).toObject())
        .toJson(QJsonDocument::Compact);
}

void appendJsonString(QByteArray &out, const QString &s)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = s.toUtf8();
    out += '"';
    for (const char ch : utf8) {
        const auto c = uchar(ch);
        if (c >= 0x20 && c != '"' && c != '\\') {
            out += ch;
            continue;
        }
        out += '\\';
        switch (c) {
        case '"':
        case '\\':
            out += ch;
            break;
        case '\b':
            out += 'b';
            break;
        case '\f':
            out += 'f';
            break;
        case '\n':
            out += 'n';
            break;
        case '\r':
            out += 'r';
            break;
        case '\t':
            out += 't';
            break;
        case 0:
            // PostgreSQL's text (and so jsonb) cannot hold U+0000: a NUL (a hostile gateway's
            // echo) would make the whole batch fail on every replay. It becomes U+FFFD.
            out += "ufffd";
            break;
        default:
            out += "u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    out += '"';
}

// Empty is null (call_id, stream_id, status), as the events have it.
void appendJsonTextOrNull(QByteArray &out, const QString &s)
{
    if (s.isEmpty())
        out += "null";
    else
        appendJsonString(out, s);
}

// A null QString binds as NULL: the columns that are NOT NULL get "" instead.
QString notNull(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

TeamOutbox::TeamOutbox(const QString &path, Mode mode) : m_path(path)
{
    m_connection =
        QStringLiteral("cdnrec-team-outbox-%1").arg(g_outboxConnections.fetchAndAddRelaxed(1));
    if (!QFileInfo::exists(path)) {
        m_lastError = QStringLiteral("no history file at %1").arg(path);
        return;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs);
    if (mode == Mode::ReadOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    db.setConnectOptions(options);
    if (!db.open()) {
        m_lastError = db.lastError().text();
        return;
    }
    if (mode == Mode::ReadOnly) {
        m_open = true; // without the table (no team run yet), every read finds nothing
        return;
    }
    // The history set WAL (it persists); NORMAL survives any crash of this process, as there.
    // The history's connection writes the runs' events between our reads, and each of its
    // commits makes this connection drop its page cache: mapped pages are re-read for free.
    QString error;
    // The checkpoint as the history's own connection has it (~80 MB of WAL, or at the close):
    // at the default 1,000 pages, every mark of a batch ran one (copies and an fsync) while a
    // run kept the WAL above it, and that was a quarter of the sync's CPU time.
    m_open = exec(QStringLiteral("PRAGMA journal_mode=WAL")) &&
             exec(QStringLiteral("PRAGMA synchronous=NORMAL")) &&
             exec(QStringLiteral("PRAGMA wal_autocheckpoint=20000")) &&
             exec(QStringLiteral("PRAGMA mmap_size=268435456"));
    if (m_open && !TeamOutboxWriter::createTable(db, &error)) {
        m_lastError = error;
        m_open = false;
    }
    if (!m_open)
        qCWarning(lcOutbox) << "the team outbox cannot be used:" << m_lastError;
}

TeamOutbox::~TeamOutbox()
{
    m_writer.reset();
    m_select.reset();
    m_selectBatch.reset();
    m_mark.reset();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(m_connection))
        QSqlDatabase::removeDatabase(m_connection);
}

bool TeamOutbox::exec(const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(sql)) {
        m_lastError = q.lastError().text();
        return false;
    }
    return true;
}

QSqlQuery *TeamOutbox::prepared(std::unique_ptr<QSqlQuery> &query, const QString &sql) const
{
    if (!query) {
        auto q = std::make_unique<QSqlQuery>(QSqlDatabase::database(m_connection, false));
        q->setForwardOnly(true);
        if (!q->prepare(sql)) {
            m_lastError = q->lastError().text();
            return nullptr; // prepared again next time
        }
        query = std::move(q);
    }
    return query.get();
}

QString TeamOutbox::newId()
{
    // A version 7 UUID (RFC 9562): the time in ms, then 74 random bits from the system's
    // generator (as QUuid::createUuid() has 122). In time order, an event's id goes next to the
    // last one in the outbox's index (and the team database's) instead of on a random page of it,
    // which each commit would write again. The random bytes of 256 ids are fetched at a time
    // rather than with a system call for each.
    constexpr int kIds = 256;
    struct Pool
    {
        quint32 words[kIds * 3];
        int next = kIds;
    };
    thread_local Pool pool;
    if (pool.next == kIds) {
        QRandomGenerator::system()->fillRange(pool.words);
        pool.next = 0;
    }
    quint32 *const words = pool.words + 3 * pool.next++;
    const auto ms = quint64(QDateTime::currentMSecsSinceEpoch());
    QUuid id;
    id.data1 = quint32(ms >> 16);
    id.data2 = quint16(ms);
    id.data3 = quint16(0x7000 | (words[0] & 0x0fff)); // version 7
    std::memcpy(id.data4, &words[1], 8);
    id.data4[0] = (id.data4[0] & 0x3f) | 0x80; // variant: RFC
    std::memset(words, 0, 12);                 // each one once
    return id.toString(QUuid::WithoutBraces);
}

bool TeamOutbox::append(TeamEvent &event)
{
    QList<TeamEvent> one{event};
    if (!append(one))
        return false;
    event.seq = one.first().seq;
    return true;
}

bool TeamOutbox::append(QList<TeamEvent> &events)
{
    if (!m_open)
        return false;
    if (events.isEmpty())
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction()) {
        m_lastError = db.lastError().text();
        return false;
    }
    if (!m_writer)
        m_writer = std::make_unique<TeamOutboxWriter>();
    QString error;
    if (!m_writer->append(db, events, &error)) {
        m_lastError = error;
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        m_lastError = db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

TeamOutboxWriter::TeamOutboxWriter() = default;
TeamOutboxWriter::~TeamOutboxWriter() = default;

bool TeamOutboxWriter::createTable(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    // seq is the rowid: the largest one plus one, so it only grows while unsynced events are
    // there (only synced ones are ever deleted). Without AUTOINCREMENT, an insert does not also
    // update sqlite_sequence; a file made with it keeps it, and works the same.
    for (const QString &sql : {
             QStringLiteral(
                 "CREATE TABLE IF NOT EXISTS team_outbox (seq INTEGER PRIMARY KEY, "
                 "event_id TEXT NOT NULL UNIQUE, run_id TEXT NOT NULL, local_run_id INTEGER, "
                 "call_id TEXT, kind TEXT NOT NULL, occurred_at TEXT NOT NULL, os_user TEXT NOT "
                 "NULL, host TEXT NOT NULL, profile TEXT NOT NULL DEFAULT '', app_id INTEGER NOT "
                 "NULL, action TEXT NOT NULL, stream_id TEXT, status TEXT, detail TEXT NOT NULL "
                 "DEFAULT '{}', synced INTEGER NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE INDEX IF NOT EXISTS team_outbox_unsynced ON "
                            "team_outbox(seq) WHERE synced = 0"),
             QStringLiteral("CREATE INDEX IF NOT EXISTS team_outbox_by_run ON "
                            "team_outbox(local_run_id)"),
         }) {
        if (!q.exec(sql)) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

bool TeamOutboxWriter::append(QSqlDatabase &db, QList<TeamEvent> &events, QString *error)
{
    const auto fail = [error](const QSqlQuery &q) {
        if (error)
            *error = q.lastError().text();
        return false;
    };
    if (!m_insert) {
        auto insert = std::make_unique<QSqlQuery>(db);
        if (!insert->prepare(QStringLiteral(
                "INSERT INTO team_outbox (event_id, run_id, local_run_id, call_id, kind, "
                "occurred_at, os_user, host, profile, app_id, action, stream_id, status, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
            return fail(*insert); // no table yet: prepared again next time
        m_insert = std::move(insert);
    }
    QSqlQuery &q = *m_insert;
    for (TeamEvent &e : events) {
        if (e.eventId.isEmpty())
            e.eventId = TeamOutbox::newId();
        if (!e.occurredAt.isValid())
            e.occurredAt = QDateTime::currentDateTimeUtc();
        // By position: addBindValue() looks each placeholder up twice by its name (":n").
        q.bindValue(0, e.eventId);
        q.bindValue(1, e.runId);
        q.bindValue(2, e.localRunId);
        q.bindValue(3, e.callId.isEmpty() ? QVariant() : QVariant(e.callId));
        q.bindValue(4, e.kind);
        q.bindValue(5, timeText(e.occurredAt));
        q.bindValue(6, notNull(e.osUser));
        q.bindValue(7, notNull(e.host));
        q.bindValue(8, notNull(e.profile));
        q.bindValue(9, e.appId);
        q.bindValue(10, notNull(e.action));
        q.bindValue(11, e.streamId.isNull() ? QVariant() : QVariant(e.streamId));
        q.bindValue(12, e.status.isNull() ? QVariant() : QVariant(e.status));
        q.bindValue(13, QString::fromUtf8(e.detail.isEmpty() ? QByteArray("{}") : e.detail));
        if (!q.exec()) {
            fail(q);
            q.finish();
            return false;
        }
        e.seq = q.lastInsertId().toLongLong();
    }
    q.finish(); // stays prepared; holds nothing open
    return true;
}

QList<TeamEvent> TeamOutbox::unsynced(int limit) const
{
    QList<TeamEvent> out;
    if (!m_open)
        return out;
    QSqlQuery *query = prepared(m_select, selectSql());
    if (!query)
        return out;
    QSqlQuery &q = *query;
    q.addBindValue(limit);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        q.finish();
        return out;
    }
    while (q.next()) {
        TeamEvent e;
        e.seq = q.value(0).toLongLong();
        e.eventId = q.value(1).toString();
        e.runId = q.value(2).toString();
        e.localRunId = q.value(3).toLongLong();
        e.callId = q.value(4).toString();
        e.kind = q.value(5).toString();
        e.occurredAt = QDateTime::fromString(q.value(6).toString(), Qt::ISODateWithMs);
        e.osUser = q.value(7).toString();
        e.host = q.value(8).toString();
        e.profile = q.value(9).toString();
        e.appId = q.value(10).toLongLong();
        e.action = q.value(11).toString();
        e.streamId = q.value(12).toString();
        e.status = q.value(13).toString();
        e.detail = q.value(14).toString().toUtf8();
        out.append(e);
    }
    q.finish(); // stays prepared; holds no read transaction open
    return out;
}

TeamOutbox::Batch TeamOutbox::unsyncedBatch(int limit) const
{
    Batch batch;
    if (!m_open)
        return batch;
    QSqlQuery *query = prepared(m_selectBatch, selectSql());
    if (!query)
        return batch;
    QSqlQuery &q = *query;
    q.addBindValue(limit);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        q.finish();
        return batch;
    }
    QByteArray &out = batch.json;
    out.clear();
    out.reserve(limit > 0 && limit < 4096 ? limit * 640 : 4096);
    out += '[';
    while (q.next()) {
        const qint64 seq = q.value(0).toLongLong();
        if (batch.count == 0)
            batch.first = seq;
        batch.last = seq;
        if (batch.count++ > 0)
            out += ',';
        out += "{\"seq\":";
        out += QByteArray::number(seq);
        out += ",\"event_id\":";
        appendJsonString(out, q.value(1).toString());
        out += ",\"run_id\":";
        appendJsonString(out, q.value(2).toString());
        out += ",\"call_id\":";
        appendJsonTextOrNull(out, q.value(4).toString());
        out += ",\"kind\":";
        appendJsonString(out, q.value(5).toString());
        out += ",\"occurred_at\":"; // as written: UTC, ISO 8601 with ms (timeText)
        appendJsonString(out, q.value(6).toString());
        out += ",\"os_user\":";
        appendJsonString(out, q.value(7).toString());
        out += ",\"host\":";
        appendJsonString(out, q.value(8).toString());
        out += ",\"profile\":";
        appendJsonString(out, q.value(9).toString());
        out += ",\"app_id\":";
        out += QByteArray::number(q.value(10).toLongLong());
        out += ",\"action\":";
        appendJsonString(out, q.value(11).toString());
        out += ",\"stream_id\":";
        appendJsonTextOrNull(out, q.value(12).toString());
        out += ",\"status\":";
        appendJsonTextOrNull(out, q.value(13).toString());
        out += ",\"detail\":";
        // The journal wrote it as a compact JSON object: it goes as it is, once checked.
        const QByteArray detail = q.value(14).toString().toUtf8();
        QJsonParseError error{};
        const QJsonDocument parsed = QJsonDocument::fromJson(detail, &error);
        if (error.error != QJsonParseError::NoError || !parsed.isObject())
            out += "{}";
        else if (detail.contains("\\u0000") || detail.contains("\\ud") || detail.contains("\\uD"))
            out += withoutNul(parsed); // see storable(): U+0000 and lone surrogates become U+FFFD
        else
            out += detail;
        out += '}';
    }
    out += ']';
    if (q.lastError().isValid()) {
        m_lastError = q.lastError().text();
        batch = Batch();
    }
    q.finish();
    return batch;
}

bool TeamOutbox::markSynced(const QList<qint64> &seqs)
{
    if (!m_open)
        return false;
    if (seqs.isEmpty())
        return true;
    // A batch is the oldest unsynced events in seq order, and seq only grows: every unsynced
    // event between its first and last seq is in it. One statement marks them all.
    const auto [first, last] = std::minmax_element(seqs.cbegin(), seqs.cend());
    return markSynced(*first, *last);
}

bool TeamOutbox::markSynced(qint64 first, qint64 last)
{
    if (!m_open)
        return false;
    QSqlQuery *query = prepared(
        m_mark, QStringLiteral(
                    "UPDATE team_outbox SET synced = 1 WHERE seq BETWEEN ? AND ? AND synced = 0"));
    if (!query)
        return false;
    QSqlQuery &q = *query;
    q.addBindValue(first);
    q.addBindValue(last);
    const bool ok = q.exec();
    if (!ok)
        m_lastError = q.lastError().text();
    q.finish();
    return ok;
}

int TeamOutbox::unsyncedCount() const
{
    if (!m_open)
        return -1;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT count(*) FROM team_outbox WHERE synced = 0")) || !q.next()) {
        m_lastError = q.lastError().text();
        return -1;
    }
    return q.value(0).toInt();
}

QHash<qint64, bool> TeamOutbox::localRunsSynced() const
{
    QHash<qint64, bool> out;
    if (!m_open)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT local_run_id, min(synced) FROM team_outbox "
                               "WHERE local_run_id > 0 GROUP BY local_run_id"))) {
        m_lastError = q.lastError().text();
        return out;
    }
    while (q.next())
        out.insert(q.value(0).toLongLong(), q.value(1).toInt() != 0);
    return out;
}

int TeamOutbox::purgeSynced(int days)
{
    if (!m_open || days <= 0)
        return 0;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("DELETE FROM team_outbox WHERE synced = 1 AND occurred_at < ?"));
    q.addBindValue(timeText(QDateTime::currentDateTimeUtc().addDays(-days)));
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return 0;
    }
    return q.numRowsAffected();
}

} // namespace cdnrec
