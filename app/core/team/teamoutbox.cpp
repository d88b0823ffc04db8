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
#include <charconv>
#include <cstring>

Q_LOGGING_CATEGORY(lcOutbox, "cdnrec.core.team.outbox", QtInfoMsg)

namespace cdnrec {

namespace {

// A strict check of JSON text (RFC 8259) as PostgreSQL's jsonb takes it, without building
// anything: a few cycles a byte (the sync checks every moment before it sends it).
class JsonCheck
{
public:
    explicit JsonCheck(QByteArrayView text) : m_p(text.data()), m_end(text.data() + text.size()) {}

    TeamJson::Check run(char top)
    {
        space();
        if (m_p == m_end || *m_p != top)
            return TeamJson::Check::Invalid;
        const bool ok = top == '[' ? array(true) : object();
        space();
        if (!ok || m_p != m_end)
            return TeamJson::Check::Invalid;
        return m_unstorable ? TeamJson::Check::Unstorable : TeamJson::Check::Valid;
    }

private:
    static constexpr int kMaxDepth = 64;

    void space()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool take(char c)
    {
        space();
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }
    bool value()
    {
        space();
        if (m_p == m_end)
            return false;
        switch (*m_p) {
        case '{':
            return object();
        case '[':
            return array(false);
        case '"':
            return string();
        case 't':
            return word("true");
        case 'f':
            return word("false");
        case 'n':
            return word("null");
        default:
            return number();
        }
    }
    bool word(const char *w)
    {
        const size_t n = std::strlen(w);
        if (size_t(m_end - m_p) < n || std::memcmp(m_p, w, n) != 0)
            return false;
        m_p += n;
        return true;
    }
    bool digits()
    {
        const char *start = m_p;
        while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        return m_p != start;
    }
    bool number()
    {
        if (m_p != m_end && *m_p == '-')
            ++m_p;
        if (m_p != m_end && *m_p == '0')
            ++m_p;
        else if (!digits())
            return false;
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return false;
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return false;
        }
        return true;
    }
    int hex4()
    {
        if (m_end - m_p < 4)
            return -1;
        int v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *m_p++;
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= c - '0';
            else if (c >= 'a' && c <= 'f')
                v |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                v |= c - 'A' + 10;
            else
                return -1;
        }
        return v;
    }
    bool string()
    {
        ++m_p; // the opening quote
        while (m_p != m_end) {
            const auto c = uchar(*m_p++);
            if (c == '"')
                return true;
            if (c < 0x20)
                return false;
            if (c != '\\')
                continue;
            if (m_p == m_end)
                return false;
            const char e = *m_p++;
            if (e != 'u') {
                if (e == 0 || !std::strchr("\"\\/bfnrt", e))
                    return false;
                continue;
            }
            const int u = hex4();
            if (u < 0)
                return false;
            if (u == 0) {
                m_unstorable = true; // jsonb has no U+0000
            } else if (u >= 0xd800 && u <= 0xdbff) {
                // A pair is \udXXX\udYYY; anything else leaves a lone one, which jsonb refuses.
                if (m_end - m_p >= 6 && m_p[0] == '\\' && m_p[1] == 'u') {
                    m_p += 2;
                    const int low = hex4();
                    if (low < 0)
                        return false;
                    if (low < 0xdc00 || low > 0xdfff)
                        m_unstorable = true;
                } else {
                    m_unstorable = true;
                }
            } else if (u >= 0xdc00 && u <= 0xdfff) {
                m_unstorable = true;
            }
        }
        return false;
    }
    // An array's or an object's items, each read by `item` at its first character.
    template <typename Item> bool items(char close, Item item)
    {
        if (++m_depth > kMaxDepth)
            return false;
        ++m_p; // the opening bracket
        if (!take(close)) {
            do {
                space();
                if (m_p == m_end || !item())
                    return false;
            } while (take(','));
            if (!take(close))
                return false;
        }
        --m_depth;
        return true;
    }
    // A moment is an array of objects (jsonb_to_recordset takes nothing else).
    bool array(bool ofObjects)
    {
        return items(']', [&] { return (!ofObjects || *m_p == '{') && value(); });
    }
    bool object()
    {
        return items('}', [&] { return *m_p == '"' && string() && take(':') && value(); });
    }

    const char *m_p;
    const char *m_end;
    int m_depth = 0;
    bool m_unstorable = false;
};

QAtomicInt g_outboxConnections;
constexpr int kBusyTimeoutMs = 10000;

// Writes what t.toUTC().toString(Qt::ISODateWithMs) writes ("2024-05-01T12:34:56.789Z": 24
// bytes; at most 40 for other years) at w, without its cost for the years 1970 to 9999 (every
// event has one); returns the end.
char *writeTime(char *w, const QDateTime &t)
{
    const qint64 ms = t.toMSecsSinceEpoch();
    constexpr qint64 kMsPerDay = 86400000;
    if (ms < 0 || ms >= 253402300800000LL) { // 10000-01-01
        const QByteArray text = t.toUTC().toString(Qt::ISODateWithMs).toLatin1().left(40);
        std::memcpy(w, text.constData(), size_t(text.size()));
        return w + text.size();
    }
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
    std::memcpy(w, buf, 24);
    return w + 24;
}

// What PostgreSQL's jsonb refuses in a string, and so would fail a batch on every replay: U+0000
// and a lone UTF-16 surrogate. Both become U+FFFD.
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

QJsonValue storable(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return storable(v.toString());
    case QJsonValue::Array: {
        QJsonArray a;
        for (const QJsonValue &item : v.toArray())
            a.append(storable(item));
        return a;
    }
    case QJsonValue::Object: {
        QJsonObject o;
        const QJsonObject in = v.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            o.insert(storable(it.key()), storable(it.value()));
        return o;
    }
    default:
        return v;
    }
}

// A detail as it may go into a moment: a JSON object, without what jsonb refuses. The journal's
// own details are written clean (TeamJson::appendString); others are checked here.
void appendDetail(QByteArray &out, const QByteArray &detail)
{
    switch (TeamJson::checkObject(detail)) {
    case TeamJson::Check::Valid:
        out += detail;
        return;
    case TeamJson::Check::Invalid: // not an object, or not JSON: the server would refuse it
        out += "{}";
        return;
    case TeamJson::Check::Unstorable:
        break;
    }
    const QJsonDocument parsed = QJsonDocument::fromJson(detail);
    out += QJsonDocument(storable(QJsonValue(parsed.object())).toObject())
               .toJson(QJsonDocument::Compact);
}

// s as a JSON string at w, which has room for 2 + 6 * s.size() bytes (\u001f for each UTF-16
// unit at most); returns the end. See TeamJson::appendString().
char *writeString(char *w, QStringView s)
{
    static const char hex[] = "0123456789abcdef";
    *w++ = '"';
    const auto *p = reinterpret_cast<const char16_t *>(s.data());
    const char16_t *const end = p + s.size();
    for (; p != end; ++p) {
        char32_t c = *p;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            *w++ = char(c);
            continue;
        }
        if (c >= 0x80 || c == 0) {
            if (QChar::isHighSurrogate(c) && p + 1 != end && QChar::isLowSurrogate(p[1]))
                c = QChar::surrogateToUcs4(char16_t(c), *++p);
            else if (QChar::isSurrogate(c) || c == 0)
                c = 0xfffd; // a lone one, or a NUL: jsonb refuses "\udXXX" and "\u0000"
            if (c < 0x800) {
                *w++ = char(0xc0 | (c >> 6));
            } else if (c < 0x10000) {
                *w++ = char(0xe0 | (c >> 12));
                *w++ = char(0x80 | ((c >> 6) & 0x3f));
            } else {
                *w++ = char(0xf0 | (c >> 18));
                *w++ = char(0x80 | ((c >> 12) & 0x3f));
                *w++ = char(0x80 | ((c >> 6) & 0x3f));
            }
            *w++ = char(0x80 | (c & 0x3f));
            continue;
        }
        *w++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *w++ = char(c);
            break;
        case '\b':
            *w++ = 'b';
            break;
        case '\f':
            *w++ = 'f';
            break;
        case '\n':
            *w++ = 'n';
            break;
        case '\r':
            *w++ = 'r';
            break;
        case '\t':
            *w++ = 't';
            break;
        default:
            *w++ = 'u';
            *w++ = '0';
            *w++ = '0';
            *w++ = hex[c >> 4];
            *w++ = hex[c & 0xf];
        }
    }
    *w++ = '"';
    return w;
}

constexpr qsizetype roomFor(QStringView s)
{
    return 2 + 6 * s.size();
}

template <qsizetype N> char *writeLiteral(char *w, const char (&text)[N])
{
    std::memcpy(w, text, N - 1);
    return w + N - 1;
}

// Empty is null (call_id, stream_id, status), as the events have it.
char *writeStringOrNull(char *w, const QString &s)
{
    return s.isEmpty() ? writeLiteral(w, "null") : writeString(w, s);
}

// What appendEvent() may write but for the detail: keys, time and AppId fit in 300 bytes.
qsizetype roomFor(const TeamEvent &e)
{
    return 300 + roomFor(e.eventId) + roomFor(e.runId) + roomFor(e.callId) + roomFor(e.kind) +
           roomFor(e.osUser) + roomFor(e.host) + roomFor(e.profile) + roomFor(e.action) +
           roomFor(e.streamId) + roomFor(e.status);
}

} // namespace

TeamJson::Check TeamJson::checkObject(QByteArrayView text)
{
    return JsonCheck(text).run('{');
}

TeamJson::Check TeamJson::checkMoment(QByteArrayView text)
{
    return JsonCheck(text).run('[');
}

void TeamJson::appendString(QByteArray &out, QStringView s)
{
    // Written through a pointer into room made once, not a QByteArray::append per character: a
    // run writes some 2 KB of this per call.
    const qsizetype start = out.size();
    out.resize(start + roomFor(s));
    out.resize(writeString(out.data() + start, s) - out.constData());
}

void TeamJson::appendEvent(QByteArray &out, const TeamEvent &e)
{
    // All of it but the detail through one pointer, into room made once.
    const qsizetype start = out.size();
    out.resize(start + roomFor(e));
    char *w = out.data() + start;
    w = writeLiteral(w, "{\"event_id\":");
    w = writeString(w, e.eventId);
    w = writeLiteral(w, ",\"run_id\":");
    w = writeString(w, e.runId);
    w = writeLiteral(w, ",\"call_id\":");
    w = writeStringOrNull(w, e.callId);
    w = writeLiteral(w, ",\"kind\":");
    w = writeString(w, e.kind);
    w = writeLiteral(w, ",\"occurred_at\":\""); // UTC, ISO 8601 with ms
    w = writeTime(w, e.occurredAt);
    w = writeLiteral(w, "\",\"os_user\":");
    w = writeString(w, e.osUser);
    w = writeLiteral(w, ",\"host\":");
    w = writeString(w, e.host);
    w = writeLiteral(w, ",\"profile\":");
    w = writeString(w, e.profile);
    w = writeLiteral(w, ",\"app_id\":");
    const auto digits = std::to_chars(w, w + 24, e.appId);
    w = digits.ptr;
    w = writeLiteral(w, ",\"action\":");
    w = writeString(w, e.action);
    w = writeLiteral(w, ",\"stream_id\":");
    w = writeStringOrNull(w, e.streamId);
    w = writeLiteral(w, ",\"status\":");
    w = writeStringOrNull(w, e.status);
    w = writeLiteral(w, ",\"detail\":");
    out.resize(w - out.constData());
    appendDetail(out, e.detail);
    out += '}';
}

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
    // In a transaction: converting a development build's outbox is all or nothing. IMMEDIATE:
    // the check reads before it writes, and a deferred transaction would then fail at once when
    // the history's connection had written in between (a run going on).
    if (m_open && (!exec(QStringLiteral("BEGIN IMMEDIATE")) ||
                   !TeamOutboxWriter::createTable(db, &error) || !db.commit())) {
        if (!error.isEmpty())
            m_lastError = error;
        else if (m_lastError.isEmpty())
            m_lastError = db.lastError().text();
        db.rollback();
        m_open = false;
    }
    if (!m_open)
        qCWarning(lcOutbox) << "the team outbox cannot be used:" << m_lastError;
}

TeamOutbox::~TeamOutbox()
{
    m_writer.reset();
    m_selectBatch.reset();
    m_mark.reset();
    m_count.reset();
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

namespace {

// A row of a development build's outbox (createTable's SELECT from team_outbox_old).
TeamEvent oldOutboxEvent(const QSqlQuery &q)
{
    TeamEvent e;
    e.eventId = q.value(0).toString();
    e.runId = q.value(1).toString();
    e.localRunId = q.value(2).toLongLong();
    e.callId = q.value(3).toString();
    e.kind = q.value(4).toString();
    e.occurredAt = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
    e.osUser = q.value(6).toString();
    e.host = q.value(7).toString();
    e.profile = q.value(8).toString();
    e.appId = q.value(9).toLongLong();
    e.action = q.value(10).toString();
    e.streamId = q.value(11).toString();
    e.status = q.value(12).toString();
    e.detail = q.value(13).toString().toUtf8();
    return e;
}

} // namespace

TeamOutboxWriter::TeamOutboxWriter() = default;
TeamOutboxWriter::~TeamOutboxWriter() = default;

bool TeamOutboxWriter::createTable(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    const auto run = [&](const QString &sql) {
        if (q.exec(sql))
            return true;
        if (error)
            *error = q.lastError().text();
        return false;
    };
    // An outbox of a development build (one row per event, a synced flag) has a `kind` column.
    if (!run(QStringLiteral(
            "SELECT count(*) FROM pragma_table_info('team_outbox') WHERE name = 'kind'")) ||
        !q.next())
        return false;
    const bool old = q.value(0).toInt() > 0;
    q.finish();
    if (old && !(run(QStringLiteral("ALTER TABLE team_outbox RENAME TO team_outbox_old")) &&
                 run(QStringLiteral("DROP INDEX IF EXISTS team_outbox_unsynced")) &&
                 run(QStringLiteral("DROP INDEX IF EXISTS team_outbox_by_run"))))
        return false;
    // seq is the rowid: the largest one plus one, so it only grows (the newest row is never
    // purged). Without AUTOINCREMENT, an insert does not also update sqlite_sequence. No index:
    // each would be one more page written by every moment; what the sync and the counts read is
    // a range of seq past the mark, and which runs are synced comes from team_outbox_runs (a row
    // per run, written with its run_begun).
    for (const QString &sql : {
             QStringLiteral(
                 "CREATE TABLE IF NOT EXISTS team_outbox (seq INTEGER PRIMARY KEY, local_run_id "
                 "INTEGER NOT NULL DEFAULT 0, moment TEXT NOT NULL, at_ms INTEGER NOT NULL, events "
                 "INTEGER NOT NULL, json BLOB NOT NULL)"),
             QStringLiteral("CREATE TABLE IF NOT EXISTS team_outbox_runs (local_run_id INTEGER "
                            "PRIMARY KEY, begun_ms INTEGER NOT NULL)"),
             QStringLiteral("CREATE TABLE IF NOT EXISTS team_outbox_mark (id INTEGER PRIMARY KEY "
                            "CHECK (id = 1), synced_through INTEGER NOT NULL)"),
             QStringLiteral("INSERT OR IGNORE INTO team_outbox_mark VALUES (1, 0)"),
         }) {
        if (!run(sql))
            return false;
    }
    if (!old)
        return true;
    // What was not sent, as moments of one event each, in its order, through the writer: a
    // detail is cleaned as any other (that build wrote a NUL as \u0000, which jsonb refuses, and
    // sent a detail that is not an object as {}). Then every run it knew.
    if (!run(QStringLiteral("SELECT event_id, run_id, IFNULL(local_run_id, 0), call_id, kind, "
                            "occurred_at, os_user, host, profile, app_id, action, stream_id, "
                            "status, detail FROM team_outbox_old WHERE synced = 0 ORDER BY seq")))
        return false;
    QList<TeamEvent> pending;
    while (q.next())
        pending.append(oldOutboxEvent(q));
    q.finish();
    TeamOutboxWriter writer;
    for (const TeamEvent &e : std::as_const(pending)) {
        QList<TeamEvent> one{e};
        if (!writer.append(db, one, error))
            return false;
    }
    return run(QStringLiteral(
               "INSERT OR IGNORE INTO team_outbox_runs SELECT local_run_id, "
               "CAST(IFNULL(julianday(min(occurred_at)) - 2440587.5, 0) * 86400000 AS INTEGER) "
               "FROM team_outbox_old WHERE local_run_id > 0 GROUP BY local_run_id")) &&
           run(QStringLiteral("DROP TABLE team_outbox_old"));
}

bool TeamOutboxWriter::append(QSqlDatabase &db, QList<TeamEvent> &events, QString *error)
{
    const auto fail = [error](const QSqlQuery &q) {
        if (error)
            *error = q.lastError().text();
        return false;
    };
    if (events.isEmpty())
        return true;
    if (!m_insert) {
        auto insert = std::make_unique<QSqlQuery>(db);
        if (!insert->prepare(
                QStringLiteral("INSERT INTO team_outbox (local_run_id, moment, at_ms, events, "
                               "json) VALUES (?, ?, ?, ?, ?)")))
            return fail(*insert); // no table yet: prepared again next time
        m_insert = std::move(insert);
    }
    qsizetype room = 2;
    for (const TeamEvent &e : events)
        room += roomFor(e) + e.detail.size() + 4;
    QByteArray json;
    json.reserve(room); // one allocation for the moment
    json += '[';
    for (TeamEvent &e : events) {
        if (e.eventId.isEmpty())
            e.eventId = TeamOutbox::newId();
        if (!e.occurredAt.isValid())
            e.occurredAt = QDateTime::currentDateTimeUtc();
        if (json.size() > 1)
            json += ',';
        TeamJson::appendEvent(json, e);
    }
    json += ']';
    const TeamEvent &first = events.constFirst();
    QSqlQuery &q = *m_insert;
    // By position: addBindValue() looks each placeholder up by its name (":n"). The JSON as a
    // blob: bound and read as it is, without a trip through UTF-16.
    q.bindValue(0, first.localRunId);
    q.bindValue(1, first.kind);
    q.bindValue(2, first.occurredAt.toMSecsSinceEpoch());
    q.bindValue(3, int(events.size()));
    q.bindValue(4, json);
    if (!q.exec()) {
        fail(q);
        q.finish();
        return false;
    }
    q.finish(); // stays prepared; holds nothing open
    if (first.kind == QLatin1String("run_begun") && first.localRunId > 0) {
        QSqlQuery r(db);
        r.prepare(QStringLiteral("INSERT OR IGNORE INTO team_outbox_runs VALUES (?, ?)"));
        r.bindValue(0, first.localRunId);
        r.bindValue(1, first.occurredAt.toMSecsSinceEpoch());
        if (!r.exec())
            return fail(r);
    }
    return true;
}

QList<TeamOutbox::Moment> TeamOutbox::unsynced(int limit) const
{
    QList<Moment> out;
    if (!m_open)
        return out;
    QSqlQuery *query =
        prepared(m_selectBatch,
                 QStringLiteral("SELECT seq, events, json FROM team_outbox WHERE seq > (SELECT "
                                "synced_through FROM team_outbox_mark) ORDER BY seq LIMIT ?"));
    if (!query)
        return out;
    QSqlQuery &q = *query;
    q.bindValue(0, qMax(1, limit));
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        q.finish();
        return out;
    }
    int events = 0;
    while (events < limit && q.next()) {
        Moment m;
        m.seq = q.value(0).toLongLong();
        m.events = q.value(1).toInt();
        m.json = q.value(2).toByteArray();
        // Checked before it goes: spliced into a batch, a moment that is not a whole array of
        // objects by itself could change what the others say, or fail every batch it is in.
        m.damaged = TeamJson::checkMoment(m.json) != TeamJson::Check::Valid; // a NUL too
        events += m.events;
        out.append(std::move(m));
    }
    if (q.lastError().isValid()) {
        m_lastError = q.lastError().text();
        out.clear();
    }
    q.finish(); // stays prepared; holds no read transaction open
    return out;
}

QByteArray TeamOutbox::joined(const QList<Moment> &moments)
{
    qsizetype size = 2;
    for (const Moment &m : moments)
        size += m.json.size();
    QByteArray out;
    out.reserve(size);
    out += '[';
    for (const Moment &m : moments) {
        // Each is a whole array of objects (unsynced() checked it): its items go as they are.
        const QByteArray &a = m.json;
        if (m.damaged || a.size() <= 2)
            continue;
        if (out.size() > 1)
            out += ',';
        out.append(a.constData() + 1, a.size() - 2);
    }
    out += ']';
    return out;
}

bool TeamOutbox::markSynced(qint64 last)
{
    if (!m_open)
        return false;
    // Two replayers (a console and a `cdnrec stop` on one history) may mark out of order: the
    // mark never goes back.
    QSqlQuery *query =
        prepared(m_mark, QStringLiteral("UPDATE team_outbox_mark SET synced_through = "
                                        "max(synced_through, ?) WHERE id = 1"));
    if (!query)
        return false;
    QSqlQuery &q = *query;
    q.bindValue(0, last);
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
    // Every pass of the sync counts: prepared once.
    QSqlQuery *query = prepared(
        m_count, QStringLiteral("SELECT IFNULL(sum(events), 0) FROM team_outbox WHERE seq > "
                                "(SELECT synced_through FROM team_outbox_mark)"));
    if (!query) {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = "
                                   "'team_outbox_mark'")) ||
            !q.next() || q.value(0).toInt() != 0)
            return -1;
        // Opened to read only: no team run yet (no tables), or an outbox of a development build
        // that a run has not converted yet (one row per event, a synced flag).
        if (q.exec(QStringLiteral("SELECT count(*) FROM team_outbox WHERE synced = 0")) && q.next())
            return q.value(0).toInt();
        return 0;
    }
    QSqlQuery &q = *query;
    if (!q.exec() || !q.next()) {
        m_lastError = q.lastError().text();
        q.finish();
        return -1;
    }
    const int n = q.value(0).toInt();
    q.finish();
    return n;
}

QHash<qint64, bool> TeamOutbox::localRunsSynced() const
{
    QHash<qint64, bool> out;
    if (!m_open)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    // A run is synced when none of its moments is past the mark: those are a range of seq (the
    // few not yet sent), not a scan of the table.
    if (!q.exec(QStringLiteral(
            "SELECT r.local_run_id, r.local_run_id NOT IN (SELECT o.local_run_id FROM team_outbox "
            "o WHERE o.seq > (SELECT synced_through FROM team_outbox_mark)) FROM "
            "team_outbox_runs r"))) {
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
    // Rows are in time order: the first one young enough bounds what goes, and the scan for it
    // starts where the last purge left off.
    q.prepare(QStringLiteral(
        "DELETE FROM team_outbox WHERE seq <= (SELECT synced_through FROM team_outbox_mark) AND "
        "seq < (SELECT max(seq) FROM team_outbox) AND seq < IFNULL((SELECT seq FROM team_outbox "
        "WHERE at_ms >= ? ORDER BY seq LIMIT 1), (SELECT max(seq) FROM team_outbox))"));
    q.bindValue(0, QDateTime::currentDateTimeUtc().addDays(-days).toMSecsSinceEpoch());
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return 0;
    }
    const int purged = q.numRowsAffected();
    // Runs as old: the history keeps them no longer either.
    q.prepare(QStringLiteral("DELETE FROM team_outbox_runs WHERE begun_ms < ?"));
    q.bindValue(0, QDateTime::currentDateTimeUtc().addDays(-days).toMSecsSinceEpoch());
    if (!q.exec())
        m_lastError = q.lastError().text();
    return purged;
}

} // namespace cdnrec
