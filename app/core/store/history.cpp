// SPDX-License-Identifier: GPL-3.0-or-later
#include "history.h"

#include <store/historysql.h>

#include <model/callrecord.h>
#include <model/localuser.h>
#include <store/historywriter.h>

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUrl>
#include <QVariant>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcHistory, "cdnrec.core.history", QtInfoMsg)

namespace cdnrec {

namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr qsizetype kMaxBody = 64 * 1024;
// How long a journal that goes waits for what it asked to be written: past this, the rest is
// dropped (it stays "sent, outcome unknown" in the history, as after a crash).
constexpr int kJournalDrainMs = 10000;
QAtomicInt g_connections;

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
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
}

QStringList idsFromJson(const QString &text)
{
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(text.toUtf8()).array())
        out.append(v.toString());
    return out;
}

// What a row stores for an outcome. A stream waiting for a retry (Pending again after an answer
// such as code 6, or after a call that went unanswered) was sent: stored as where it stands if
// nothing more happens (as Job's abandonQueue() would conclude), never as "pending", which
// reads "not sent" once the process is gone.
QString storedStatus(const StreamOutcome &o, RunAction action)
{
    if (o.status == StreamStatus::Pending && o.attempts > 0)
        return o.earlierAttemptUnanswered ? statusKey(StreamStatus::Unknown)
                                          : statusKey(StreamStatus::Failed);
    return statusKey(o.status, action); // a Start's success: "started"
}

bool failWith(const QSqlQuery &q, QString *error)
{
    *error = q.lastError().text();
    return false;
}

// The bodies of the history's writes, each inside the writer's transaction (HistoryWriter):
// false with *error rolls it back. `extra` are the other part's rows (History::Rows) of the same
// moment, in the same transaction; *extraFailed says when they are what failed.

// Writes where each stream stands.
bool updateStreams(QSqlDatabase &db, qint64 runId, RunAction action,
                   const QList<StreamOutcome> &streams, QString *error)
{
    QSqlQuery &s = HistoryWriter::prepared(
        db, QStringLiteral("UPDATE streams SET status = ?, code = ?, message = ?, "
                           "vendor_request_id = ?, request_id = ?, attempts = ?, updated_at = ? "
                           "WHERE run_id = ? AND stream_id = ?"));
    const QString t = now();
    for (const StreamOutcome &o : streams) {
        s.addBindValue(storedStatus(o, action));
        s.addBindValue(o.code);
        s.addBindValue(o.message);
        s.addBindValue(o.vendorRequestId);
        s.addBindValue(o.requestId);
        s.addBindValue(o.attempts);
        s.addBindValue(t);
        s.addBindValue(runId);
        s.addBindValue(o.streamId);
        if (!s.exec())
            return failWith(s, error);
    }
    return true;
}

bool writeExtra(QSqlDatabase &db, const History::Rows &extra, bool *extraFailed, QString *error)
{
    if (!extra || extra(db, error))
        return true;
    *extraFailed = true;
    return false;
}

// The run and its streams, all "not sent" yet. *runId: the new run's.
bool writeRunBegun(QSqlDatabase &db, const History::RunInfo &info, qint64 *runId, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO runs (started_at, os_user, host, profile, app_id, "
                             "endpoint, vendor, requested, action) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(now());
    q.addBindValue(LocalUser::loginName());
    q.addBindValue(LocalUser::hostName());
    q.addBindValue(info.profile);
    q.addBindValue(qint64(info.appId));
    q.addBindValue(info.endpoint);
    q.addBindValue(info.vendor);
    q.addBindValue(int(info.streamIds.size()));
    q.addBindValue(actionKey(info.action));
    if (!q.exec())
        return failWith(q, error);
    *runId = q.lastInsertId().toLongLong();
    QSqlQuery s(db);
    s.prepare(QStringLiteral("INSERT OR IGNORE INTO streams (run_id, stream_id, status, "
                             "updated_at, room) VALUES (?, ?, 'pending', ?, ?)"));
    const QString t = now();
    for (const QString &id : info.streamIds) {
        s.addBindValue(*runId);
        s.addBindValue(id);
        s.addBindValue(t);
        const auto room = info.rooms.constFind(id);
        s.addBindValue(room == info.rooms.cend() ? QVariant() : QVariant(*room));
        if (!s.exec())
            return failWith(s, error);
    }
    return true;
}

// The call and its streams, written ahead: after a crash a stream whose call went out reads
// "sent, outcome unknown", never "not sent".
bool writeCallSending(QSqlDatabase &db, qint64 runId, const CallRecord &call,
                      const History::Rows &extra, bool *extraFailed, QString *error)
{
    QSqlQuery &q = HistoryWriter::prepared(
        db, QStringLiteral(
                "INSERT INTO calls (run_id, call_no, sent_at, stream_ids, attempt, state, url) "
                "VALUES (?, ?, ?, ?, ?, 'sent', ?)"));
    q.addBindValue(runId);
    q.addBindValue(call.callId);
    q.addBindValue(
        QDateTime::fromMSecsSinceEpoch(call.sentAtMs, Qt::UTC).toString(Qt::ISODateWithMs));
    q.addBindValue(idsJson(call.streamIds));
    q.addBindValue(call.attempt);
    q.addBindValue(call.redactedUrl);
    if (!q.exec())
        return failWith(q, error);
    QSqlQuery &s = HistoryWriter::prepared(
        db, QStringLiteral(
                "UPDATE streams SET status = 'sending', attempts = attempts + 1, updated_at = ? "
                "WHERE run_id = ? AND stream_id = ?"));
    const QString t = now();
    for (const QString &id : call.streamIds) {
        s.addBindValue(t);
        s.addBindValue(runId);
        s.addBindValue(id);
        if (!s.exec())
            return failWith(s, error);
    }
    // The other part's rows of this call (team mode's call_sent): the same commit, or none.
    return writeExtra(db, extra, extraFailed, error);
}

// The answer (or the failure) of a call, and where its streams stand.
bool writeCallFinished(QSqlDatabase &db, qint64 runId, RunAction action, const CallRecord &call,
                       const QList<StreamOutcome> &streams, const History::Rows &extra,
                       bool *extraFailed, QString *error)
{
    QSqlQuery &q = HistoryWriter::prepared(
        db, QStringLiteral("UPDATE calls SET state = ?, http_status = ?, code = ?, "
                           "message = ?, request_id = ?, error = ?, duration_ms = ?, body = ? "
                           "WHERE run_id = ? AND call_no = ?"));
    // Ended without an HTTP answer (no connection, a timeout, a reset, cancelled in flight):
    // not "answered", whatever the job then made of its streams.
    q.addBindValue(call.httpStatus > 0 ? QStringLiteral("answered") : QStringLiteral("unanswered"));
    q.addBindValue(call.httpStatus);
    q.addBindValue(call.hasCode ? QString::number(call.code) : QString());
    q.addBindValue(call.message);
    q.addBindValue(call.requestId);
    q.addBindValue(call.error);
    q.addBindValue(call.durationMs);
    q.addBindValue(call.body.left(kMaxBody));
    q.addBindValue(runId);
    q.addBindValue(call.callId);
    if (!q.exec())
        return failWith(q, error);
    q.finish();
    return updateStreams(db, runId, action, streams, error) &&
           writeExtra(db, extra, extraFailed, error);
}

struct RunEnd
{
    qint64 runId = 0;
    RunAction action = RunAction::Stop;
    QList<StreamOutcome> unwritten; // the outcomes not yet written
    QList<StreamOutcome> all;       // for the counts
    bool cancelled = false;
};

// The run's end with its counts, and the outcomes not yet written.
bool writeRunEnd(QSqlDatabase &db, const RunEnd &end, const History::Rows &extra, bool *extraFailed,
                 QString *error)
{
    int stopped = 0, failed = 0, unknown = 0, skipped = 0;
    for (const StreamOutcome &o : end.all) {
        stopped += o.status == StreamStatus::Succeeded;
        failed += o.status == StreamStatus::Failed;
        unknown += o.status == StreamStatus::Unknown;
        skipped += o.status == StreamStatus::Skipped;
    }
    if (!updateStreams(db, end.runId, end.action, end.unwritten, error))
        return false;
    QSqlQuery r(db);
    r.prepare(QStringLiteral(
        "UPDATE runs SET ended_at = ?, stopped = ?, failed = ?, unknown = ?, skipped = ?, "
        "cancelled = ? WHERE id = ?"));
    r.addBindValue(now());
    r.addBindValue(stopped);
    r.addBindValue(failed);
    r.addBindValue(unknown);
    r.addBindValue(skipped);
    r.addBindValue(end.cancelled ? 1 : 0);
    r.addBindValue(end.runId);
    if (!r.exec())
        return failWith(r, error);
    r.finish();
    return writeExtra(db, extra, extraFailed, error);
}

// History's own writes (not the journal's): on the writer's thread, the caller waiting.
HistoryWriter::Result writeNow(HistoryWriter *writer, HistoryWriter::Task task, QString *lastError)
{
    HistoryWriter::Result result;
    task.done = [&result](const HistoryWriter::Result &r) {
        result = r;
    };
    writer->postAndWait(std::move(task));
    if (!result.committed)
        *lastError = result.error;
    return result;
}

// The journal's tasks and History's own calls log alike.
void logCallSending(const HistoryWriter::Result &r)
{
    if (!r.committed)
        qCWarning(lcHistory) << "could not record a call before sending it:" << r.error;
}

void logCallFinished(const HistoryWriter::Result &r)
{
    if (r.committed)
        return;
    if (r.extraFailed && r.committedAlone)
        qCWarning(lcHistory) << "could not record an answer's other rows:" << r.error
                             << "- the answer is recorded alone";
    else
        qCWarning(lcHistory) << "could not record an answer:" << r.error;
}

void logRunEnd(const HistoryWriter::Result &r)
{
    // The run's end is recorded whatever the other part's rows.
    if (r.extraFailed && r.committedAlone)
        qCWarning(lcHistory) << "could not record the end of a run's other rows:" << r.error
                             << "- the end is recorded alone";
    else if (!r.committed)
        qCWarning(lcHistory) << "could not record the end of a run:" << r.error;
}

// A run's journal for Job. Asked on the job's thread, written on the history's writer thread;
// the answers come back through m_inbox, a QObject of the job's thread. What the rows
// (JournalRows) write and settle runs on the writer thread only, in order.
class RunJournal final : public CallJournal
{
public:
    using CallJournal::callSending;
    using CallJournal::runFinished;

    RunJournal(HistoryWriter *writer, qint64 runId, RunAction action, QString notWritable,
               std::unique_ptr<History::JournalRows> rows)
        : m_writer(writer), m_runId(runId), m_action(action), m_notWritable(std::move(notWritable)),
          m_rows(std::move(rows)), m_inbox(std::make_unique<QObject>())
    {
    }
    ~RunJournal() override
    {
        if (!m_writer)
            return;
        // What was asked is written before the journal goes (bounded: past it, dropped); what
        // the rows prepared on the writer's connection is released there.
        if (m_rows) {
            HistoryWriter::Task release;
            release.owner = this;
            release.plain = [rows = m_rows.get()](QSqlDatabase &) {
                rows->release();
            };
            m_writer->post(std::move(release));
        }
        if (!m_writer->waitFor(this, kJournalDrainMs)) {
            qCWarning(lcHistory) << "the history did not write a run's last moments within"
                                 << kJournalDrainMs / 1000 << "s; they are dropped";
            m_writer->drop(this);
        }
    }

    void callSending(const CallRecord &call, QObject *context, Answer answer) override
    {
        // The answer goes to the job's thread, and only while the job is alive.
        Answer deliver = answer;
        if (context) {
            deliver = [inbox = m_inbox.get(), job = QPointer<QObject>(context),
                       answer](bool recorded, const QString &problem) {
                QMetaObject::invokeMethod(
                    inbox,
                    [job, answer, recorded, problem] {
                        if (job)
                            answer(recorded, problem);
                    },
                    Qt::QueuedConnection);
            };
        }
        if (!m_writer) {
            deliver(false,
                    History::tr("the history could not record the call (%1)").arg(m_notWritable));
            return;
        }
        HistoryWriter::Task task = rowsTask();
        task.write = [this, call](QSqlDatabase &db, bool, bool *extraFailed, QString *error) {
            return writeCallSending(db, m_runId, call, extra([call](auto *rows, auto &d, auto *e) {
                                        return rows->callSending(d, call, e);
                                    }),
                                    extraFailed, error);
        };
        task.done = [this, deliver](const HistoryWriter::Result &r) {
            if (m_rows)
                m_rows->settled(r.committed);
            logCallSending(r);
            deliver(r.committed,
                    r.committed ? QString()
                    : r.extraFailed
                        ? m_rows->problem()
                        : History::tr("the history could not record the call (%1)").arg(r.error));
        };
        m_writer->post(std::move(task));
    }

    void callFinished(const CallRecord &call, const QList<StreamOutcome> &streams) override
    {
        for (const StreamOutcome &o : streams) {
            if (isFinal(o.status))
                m_final.insert(o.streamId, o.status);
            else
                m_final.remove(o.streamId);
        }
        if (!m_writer)
            return;
        HistoryWriter::Task task = rowsTask();
        task.keepWithoutExtra = true;
        task.write = [this, call, streams](QSqlDatabase &db, bool withExtra, bool *extraFailed,
                                           QString *error) {
            const History::Rows other = withExtra
                                            ? extra([call, streams](auto *rows, auto &d, auto *e) {
                                                  return rows->callFinished(d, call, streams, e);
                                              })
                                            : History::Rows();
            return writeCallFinished(db, m_runId, m_action, call, streams, other, extraFailed,
                                     error);
        };
        task.done = [this](const HistoryWriter::Result &r) {
            if (m_rows)
                m_rows->settled(r.committed);
            logCallFinished(r);
        };
        m_writer->post(std::move(task));
    }

    void runFinished(const QList<StreamOutcome> &streams, bool cancelled, QObject *context,
                     std::function<void()> written) override
    {
        // Said on the context's thread, while it lives; without a context, at once.
        const auto tell = [this, direct = !context, job = QPointer<QObject>(context), written] {
            if (!written)
                return;
            if (direct)
                return written();
            QMetaObject::invokeMethod(
                m_inbox.get(),
                [job, written] {
                    if (job)
                        written();
                },
                Qt::QueuedConnection);
        };
        if (!m_writer)
            return tell();
        RunEnd end;
        end.runId = m_runId;
        end.action = m_action;
        end.all = streams;
        end.cancelled = cancelled;
        // Only what changed since its answer was written: skipped, cancelled, abandoned.
        for (const StreamOutcome &o : streams) {
            const auto it = m_final.constFind(o.streamId);
            if (it == m_final.constEnd() || *it != o.status)
                end.unwritten.append(o);
        }
        HistoryWriter::Task task = rowsTask();
        task.keepWithoutExtra = true;
        task.write = [this, end](QSqlDatabase &db, bool withExtra, bool *extraFailed,
                                 QString *error) {
            const History::Rows other = withExtra ? extra([end](auto *rows, auto &d, auto *e) {
                return rows->runFinished(d, end.all, end.cancelled, e);
            })
                                                  : History::Rows();
            return writeRunEnd(db, end, other, extraFailed, error);
        };
        task.done = [this, tell](const HistoryWriter::Result &r) {
            if (m_rows)
                m_rows->settled(r.committed);
            logRunEnd(r);
            tell();
        };
        m_writer->post(std::move(task));
    }

    bool flush(int timeoutMs) override { return !m_writer || m_writer->waitFor(this, timeoutMs); }

private:
    // A task of this journal; a transaction rolled back settles the rows' moment as not written.
    HistoryWriter::Task rowsTask()
    {
        HistoryWriter::Task task;
        task.owner = this;
        task.groupable = true;
        if (m_rows)
            task.rolledBack = [rows = m_rows.get()] {
                rows->settled(false);
            };
        return task;
    }
    // The rows' part of a moment, when there are rows.
    template <typename Write> History::Rows extra(Write write) const
    {
        if (!m_rows)
            return {};
        return [rows = m_rows.get(), write](QSqlDatabase &db, QString *error) {
            return write(rows, db, error);
        };
    }

    HistoryWriter *m_writer; // nullptr: the history cannot be written (m_notWritable says why)
    qint64 m_runId;
    RunAction m_action;
    QString m_notWritable;
    std::unique_ptr<History::JournalRows> m_rows;
    std::unique_ptr<QObject> m_inbox;     // on the job's thread: where answers are delivered
    QHash<QString, StreamStatus> m_final; // streams whose final outcome is already asked written
};

} // namespace

QString History::defaultPath()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/cdnrec");
    return dir + QStringLiteral("/history.sqlite");
}

namespace {

constexpr qsizetype kMaxLoggedError = 600;

bool looksCorrupt(const QString &error)
{
    return error.contains(QLatin1String("not a database"), Qt::CaseInsensitive) ||
           error.contains(QLatin1String("malformed"), Qt::CaseInsensitive) ||
           error.contains(QLatin1String("corrupt"), Qt::CaseInsensitive);
}

// Owner-only, whatever the umask: the history names every stream, AppId and operator.
void stripGroupAndOther(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat st;
    const QByteArray native = QFile::encodeName(path);
    if (::lstat(native.constData(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077))
        ::chmod(native.constData(), st.st_mode & 0700);
#else
    Q_UNUSED(path)
#endif
}

// The folder 0700 when this creates it, the file 0600 before SQLite opens it: SQLite gives the
// -wal and -shm files the mode of the main file. An existing file loses group and other bits.
void prepareFile(const QString &path)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (!QFileInfo::exists(dir)) {
        QDir().mkpath(QFileInfo(dir).absolutePath());
#ifdef Q_OS_UNIX
        ::mkdir(QFile::encodeName(dir).constData(), 0700);
#else
        QDir().mkpath(dir);
#endif
    }
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0)
        ::close(fd);
#endif
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        stripGroupAndOther(path + suffix);
}

// Garbage is told from a database by its first 16 bytes, without SQLite reading pages.
bool headerIsForeign(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() == 0)
        return false; // unreadable: SQLite says why; empty: a new database
    static const QByteArray magic("SQLite format 3\0", 16);
    return f.read(16) != magic;
}

} // namespace

History::History(const QString &path, Mode mode)
    : m_path(path),
      m_connection(QStringLiteral("cdnrec-history-%1").arg(g_connections.fetchAndAddRelaxed(1)))
{
    if (mode == Mode::ReadOnly) {
        m_readOnly = true;
        if (!open(true)) {
            m_problem =
                m_corrupt
                    ? tr("The history at %1 is damaged: %2").arg(m_path, m_lastError.left(200))
                    : tr("The history cannot be read at %1: %2").arg(m_path, m_lastError);
            qCWarning(lcHistory).noquote() << m_problem.left(kMaxLoggedError);
        }
        return;
    }
    if (open(false))
        return;
    const QFileInfo info(m_path);
    if (m_corrupt && info.exists() && info.isFile()) {
        // A file SQLite calls corrupt: keep it for inspection, start afresh, and say so in one
        // line. SQLite's own text (pages of findings) goes to the log only.
        const QString why = m_lastError;
        close();
        qCWarning(lcHistory).noquote()
            << "the history is damaged:"
            << QString(why.left(kMaxLoggedError)).replace(u'\n', QStringLiteral("; "));
        const QString aside = moveAside();
        if (!aside.isEmpty()) {
            m_problem =
                tr("The history file was damaged; it was moved to %1 and a new one was started.")
                    .arg(aside);
            m_corrupt = false;
            if (!open(false))
                m_problem = tr("The history file was damaged and moved to %1, but a new one cannot "
                               "be started: %2. "
                               "Stops are not recorded.")
                                .arg(aside, m_lastError.left(200));
        } else {
            m_problem = tr("The history file %1 is damaged and could not be moved aside. Stops are "
                           "not recorded.")
                            .arg(m_path);
        }
    } else if (info.isFile() && !m_corrupt) {
        // Busy, or not writable by this user: read what there is, record nothing.
        const QString why = m_lastError;
        close();
        if (open(true)) {
            m_readOnly = true;
            m_problem = tr("The history at %1 can only be read (%2). Stops are not recorded.")
                            .arg(m_path, why);
        } else {
            m_problem = tr("The history cannot be opened at %1: %2. Stops are not recorded.")
                            .arg(m_path, why);
        }
    } else {
        m_problem = tr("The history cannot be opened at %1: %2. Stops are not recorded.")
                        .arg(m_path, m_lastError);
    }
    if (!m_problem.isEmpty())
        qCWarning(lcHistory).noquote() << m_problem.left(kMaxLoggedError);
}

History::~History()
{
    // The reader first: the writer's connection, closing last, checkpoints the WAL on its own
    // thread. What was asked of the writer is written first (bounded: HistoryWriter::finish).
    close();
    m_writer.reset();
    QSqlDatabase::removeDatabase(m_connection);
}

void History::close()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (db.isOpen())
        db.close();
}

QString History::moveAside()
{
    const QString base = m_path + QStringLiteral(".unreadable-") +
                         QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString aside = base;
    for (int n = 2; QFileInfo::exists(aside) && n < 100; ++n)
        aside = base + u'-' + QString::number(n);
    if (!QFile::rename(m_path, aside))
        return QString();
    stripGroupAndOther(aside);
    // What the WAL held belongs to the damaged file: kept beside it, not replayed into the new one.
    if (QFile::exists(m_path + QStringLiteral("-wal")) &&
        QFile::rename(m_path + QStringLiteral("-wal"), aside + QStringLiteral("-wal")))
        stripGroupAndOther(aside + QStringLiteral("-wal"));
    QFile::remove(m_path + QStringLiteral("-wal"));
    QFile::remove(m_path + QStringLiteral("-shm"));
    return aside;
}

bool History::isOpen() const
{
    return QSqlDatabase::database(m_connection, false).isOpen();
}

bool History::writable()
{
    if (isOpen() && !m_readOnly)
        return true;
    m_lastError = m_readOnly            ? tr("the history can only be read")
                  : m_problem.isEmpty() ? tr("the history is not open")
                                        : m_problem;
    return false;
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

bool History::open(bool readOnly)
{
    if (openFile(readOnly, false))
        return true;
    if (!readOnly || m_corrupt)
        return false;
    // A WAL database is read through its -shm file, which a reader that cannot write the folder
    // cannot create. With no -wal content there is nothing in it to miss: read the file as it is.
    const QFileInfo wal(m_path + QStringLiteral("-wal"));
    if (wal.exists() && wal.size() > 0)
        return false;
    const QString first = m_lastError;
    if (openFile(true, true))
        return true;
    m_lastError = first;
    return false;
}

bool History::openFile(bool readOnly, bool immutable)
{
    m_corrupt = false;
    if (readOnly) {
        if (!QFileInfo(m_path).isFile()) {
            m_lastError =
                QFileInfo::exists(m_path) ? tr("not a file") : tr("there is no history file yet");
            return false;
        }
    } else {
        prepareFile(m_path);
    }
    if (QFileInfo(m_path).isFile() && headerIsForeign(m_path)) {
        m_lastError = tr("file is not a database");
        m_corrupt = true;
        return false;
    }
    if (!openConnection(readOnly, immutable))
        return false;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const auto fail = [&] {
        m_corrupt = looksCorrupt(m_lastError);
        db.close();
        return false;
    };
    int version = 0;
    if (!readVersion(&version))
        return fail();
    if (version > SchemaVersion) {
        m_lastError = tr("written by a newer cdnrec (format %1)").arg(version);
        db.close();
        m_problem =
            tr("The history was written by a newer cdnrec (format %1); this version does not "
               "record into it.")
                .arg(version);
        return true; // not corrupt: leave it as it is
    }
    // A read of each table: an index or table root that is damaged shows here.
    if (version >= 1 && !readTables())
        return fail();
    m_hasAction = version >= 2 || !readOnly;
    if (readOnly) {
        exec(QStringLiteral("PRAGMA query_only = ON"));
        return true;
    }
    // The console and the CLI may write at once: WAL, and a busy timeout (set above).
    // synchronous=NORMAL in WAL mode survives any crash of this process. The checkpoint (which
    // fsyncs) comes at ~80 MB of WAL or when the connection closes, not every 1,000 pages inside a
    // commit: at the default it stalled the console's event loop by ~20 ms during a run.
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL")) ||
        !exec(QStringLiteral("PRAGMA synchronous=NORMAL")) ||
        !exec(QStringLiteral("PRAGMA wal_autocheckpoint=20000"))) {
        return fail();
    }
    if (!createSchema(version))
        return fail();
    // Reads only: every write goes through the writer's thread and connection (writer()).
    exec(QStringLiteral("PRAGMA query_only = ON"));
    return true;
}

bool History::openConnection(bool readOnly, bool immutable)
{
    QSqlDatabase db = QSqlDatabase::contains(m_connection)
                          ? QSqlDatabase::database(m_connection, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs);
    if (readOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    if (immutable) {
        options += QStringLiteral(";QSQLITE_OPEN_URI");
        db.setDatabaseName(QStringLiteral("file:") +
                           QString::fromLatin1(QUrl::toPercentEncoding(m_path, "/")) +
                           QStringLiteral("?immutable=1"));
    } else {
        db.setDatabaseName(m_path);
    }
    db.setConnectOptions(options);
    if (!db.open()) {
        m_lastError = db.lastError().text();
        m_corrupt = looksCorrupt(m_lastError);
        return false;
    }
    return true;
}

bool History::readVersion(int *version)
{
    // The cheap check: SQLite reads page 1 and the schema; damage deeper in the file is reported
    // when a query meets it. The full check is checkIntegrity(), on demand and off the GUI thread
    // (PRAGMA quick_check here made every run of a 690 MB history start 6 s late).
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("PRAGMA schema_version")) || !q.next()) {
        m_lastError = q.lastError().text();
        return false;
    }
    q.finish();
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next()) {
        m_lastError = q.lastError().text();
        return false;
    }
    q.finish();
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        m_lastError = q.lastError().text();
        return false;
    }
    *version = q.value(0).toInt();
    q.finish(); // an unfinished statement holds a read transaction open
    return true;
}

bool History::readTables()
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    for (const QString &sql : {QStringLiteral("SELECT id FROM runs ORDER BY id DESC LIMIT 1"),
                               QStringLiteral("SELECT run_id FROM streams LIMIT 1"),
                               QStringLiteral("SELECT run_id FROM calls LIMIT 1")}) {
        if (!q.exec(sql)) {
            m_lastError = q.lastError().text();
            return false;
        }
        q.next();
        q.finish();
    }
    return true;
}

bool History::createSchema(int version)
{
    if (version < 1) {
        const QStringList schema{
            QStringLiteral("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started_at "
                           "TEXT NOT NULL, "
                           "ended_at TEXT, os_user TEXT, host TEXT, profile TEXT, app_id INTEGER, "
                           "endpoint TEXT, "
                           "vendor TEXT, requested INTEGER DEFAULT 0, stopped INTEGER DEFAULT 0, "
                           "failed INTEGER DEFAULT 0, "
                           "unknown INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0, cancelled "
                           "INTEGER DEFAULT 0)"),
            QStringLiteral(
                "CREATE TABLE IF NOT EXISTS calls (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL "
                "REFERENCES runs(id) ON DELETE CASCADE, call_no INTEGER, sent_at TEXT, stream_ids "
                "TEXT, "
                "attempt INTEGER, state TEXT NOT NULL, http_status INTEGER, code TEXT, message "
                "TEXT, "
                "request_id TEXT, error TEXT, url TEXT, duration_ms INTEGER, body BLOB, "
                "UNIQUE(run_id, call_no))"),
            QStringLiteral(
                "CREATE TABLE IF NOT EXISTS streams (run_id INTEGER NOT NULL REFERENCES runs(id) "
                "ON DELETE CASCADE, stream_id TEXT NOT NULL, status TEXT NOT NULL, code TEXT, "
                "message TEXT, "
                "vendor_request_id TEXT, request_id TEXT, attempts INTEGER DEFAULT 0, updated_at "
                "TEXT, "
                "PRIMARY KEY(run_id, stream_id))"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS streams_by_id ON streams(stream_id)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS runs_by_start ON runs(started_at)"),
            QStringLiteral("PRAGMA user_version = 1"),
        };
        for (const QString &sql : schema) {
            if (!exec(sql))
                return false;
        }
    }
    if (version < 2) {
        // Every run before version 2 was a stop. Another process may have migrated meanwhile.
        QSqlQuery probe(QSqlDatabase::database(m_connection, false));
        const bool hasColumn = probe.exec(QStringLiteral("SELECT action FROM runs LIMIT 0"));
        probe.finish();
        if (!hasColumn && !exec(QStringLiteral(
                              "ALTER TABLE runs ADD COLUMN action TEXT NOT NULL DEFAULT 'stop'")))
            return false;
        if (!exec(QStringLiteral("PRAGMA user_version = 2")))
            return false;
    }
    // Stop by room: each stream's room. Another process may have added it meanwhile.
    QSqlQuery probe(QSqlDatabase::database(m_connection, false));
    const bool hasRoom = probe.exec(QStringLiteral("SELECT room FROM streams LIMIT 0"));
    probe.finish();
    if (!hasRoom && !exec(QStringLiteral("ALTER TABLE streams ADD COLUMN room TEXT"))) {
        QSqlQuery again(QSqlDatabase::database(m_connection, false));
        if (!again.exec(QStringLiteral("SELECT room FROM streams LIMIT 0")))
            return false;
    }
    // Runs that never ended, for their live counts and interruptedRuns(): a few rows, not a scan.
    exec(QStringLiteral(
        "CREATE INDEX IF NOT EXISTS runs_unfinished ON runs(started_at) WHERE ended_at IS NULL"));
    exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    return true;
}

History::Integrity History::checkIntegrity(const QString &path, bool full)
{
    Integrity result;
    static QAtomicInt checks;
    const QString name =
        QStringLiteral("cdnrec-history-check-%1").arg(checks.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(
            QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        if (!QFileInfo(path).isFile()) {
            result.detail = tr("there is no history file at %1").arg(path);
        } else if (headerIsForeign(path)) {
            result.detail = tr("file is not a database");
        } else if (!db.open()) {
            result.detail = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(full ? QStringLiteral("PRAGMA integrity_check(20)")
                             : QStringLiteral("PRAGMA quick_check(20)"))) {
                result.detail = q.lastError().text();
            } else {
                QStringList findings;
                while (q.next())
                    findings.append(q.value(0).toString());
                result.ok = findings == QStringList{QStringLiteral("ok")};
                result.detail = findings.join(u'\n').left(2000);
            }
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    if (!result.ok)
        qCWarning(lcHistory).noquote()
            << "history check of" << path << "found:"
            << QString(result.detail.left(kMaxLoggedError)).replace(u'\n', QStringLiteral("; "));
    return result;
}

int History::purgeOlderThan(int days)
{
    if (days <= 0 || !writable())
        return 0;
    int purged = 0;
    HistoryWriter::Task task;
    task.write = [&purged, days](QSqlDatabase &db, bool, bool *, QString *error) {
        QSqlQuery q(db);
        // runs_by_start finds the runs; their calls and streams go by the (run_id, ...) keys.
        q.prepare(QStringLiteral("DELETE FROM runs WHERE started_at < ?"));
        q.addBindValue(QDateTime::currentDateTimeUtc().addDays(-days).toString(Qt::ISODateWithMs));
        if (!q.exec())
            return failWith(q, error);
        purged = q.numRowsAffected();
        return true;
    };
    return writeNow(writer(), std::move(task), &m_lastError).committed ? purged : 0;
}
int History::purgeOlderThan(const QString &path, int days, QString *error)
{
    if (days <= 0 || !QFileInfo(path).isFile())
        return 0;
    int purged = 0;
    {
        History h(path);
        purged = h.purgeOlderThan(days);
        if (error)
            *error = h.lastError();
    }
    return purged;
}

HistoryWriter *History::writer()
{
    if (!m_writer)
        m_writer = std::make_unique<HistoryWriter>(m_path, kBusyTimeoutMs);
    return m_writer.get();
}

qint64 History::beginRun(const RunInfo &info)
{
    if (!writable())
        return 0;
    qint64 runId = 0;
    HistoryWriter::Task task;
    task.write = [&info, &runId](QSqlDatabase &db, bool, bool *, QString *error) {
        return writeRunBegun(db, info, &runId, error);
    };
    if (!writeNow(writer(), std::move(task), &m_lastError).committed)
        return 0;
    m_actions.insert(runId, info.action);
    return runId;
}

bool History::recordCallSending(qint64 runId, const CallRecord &call, const Rows &extra)
{
    if (!writable())
        return false;
    if (runId <= 0) {
        m_lastError = tr("no run was begun");
        return false;
    }
    HistoryWriter::Task task;
    task.write = [&](QSqlDatabase &db, bool, bool *extraFailed, QString *error) {
        return writeCallSending(db, runId, call, extra, extraFailed, error);
    };
    const HistoryWriter::Result r = writeNow(writer(), std::move(task), &m_lastError);
    logCallSending(r);
    return r.committed;
}

bool History::recordCallFinished(qint64 runId, const CallRecord &call,
                                 const QList<StreamOutcome> &streams, const Rows &extra)
{
    if (runId <= 0 || !writable())
        return false;
    const RunAction action = actionOf(runId);
    HistoryWriter::Task task;
    task.keepWithoutExtra = true;
    task.write = [&](QSqlDatabase &db, bool withExtra, bool *extraFailed, QString *error) {
        return writeCallFinished(db, runId, action, call, streams, withExtra ? extra : Rows(),
                                 extraFailed, error);
    };
    const HistoryWriter::Result r = writeNow(writer(), std::move(task), &m_lastError);
    logCallFinished(r);
    return r.committed;
}

RunAction History::actionOf(qint64 runId) const
{
    const auto it = m_actions.constFind(runId);
    if (it != m_actions.cend())
        return *it;
    // A run begun by another History: its row says.
    RunAction action = RunAction::Stop;
    if (m_hasAction) {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("SELECT action FROM runs WHERE id = ?"));
        q.addBindValue(runId);
        if (q.exec() && q.next())
            action = actionFromKey(q.value(0).toString()).value_or(RunAction::Stop);
    }
    m_actions.insert(runId, action);
    return action;
}

void History::endRun(qint64 runId, const QList<StreamOutcome> &streams, bool cancelled)
{
    endRun(runId, streams, streams, cancelled);
}

bool History::endRun(qint64 runId, const QList<StreamOutcome> &unwritten,
                     const QList<StreamOutcome> &all, bool cancelled, const Rows &extra)
{
    if (runId <= 0 || !writable())
        return false;
    RunEnd end;
    end.runId = runId;
    end.action = actionOf(runId);
    end.unwritten = unwritten;
    end.all = all;
    end.cancelled = cancelled;
    HistoryWriter::Task task;
    task.keepWithoutExtra = true;
    task.write = [&](QSqlDatabase &db, bool withExtra, bool *extraFailed, QString *error) {
        return writeRunEnd(db, end, withExtra ? extra : Rows(), extraFailed, error);
    };
    const HistoryWriter::Result r = writeNow(writer(), std::move(task), &m_lastError);
    logRunEnd(r);
    return r.committed;
}

bool History::writeRows(const Rows &rows)
{
    if (!writable())
        return false;
    HistoryWriter::Task task;
    task.write = [&rows](QSqlDatabase &db, bool, bool *, QString *error) {
        return rows && rows(db, error);
    };
    return writeNow(writer(), std::move(task), &m_lastError).committed;
}

namespace {

using historysql::kStatusExpr;

History::RunRecord readRun(const QSqlQuery &q)
{
    History::RunRecord r;
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
    r.notSent = q.value(15).toInt();
    r.sentNoAnswer = q.value(16).toInt();
    r.action = actionFromKey(q.value(17).toString()).value_or(RunAction::Stop);
    return r;
}

// A run that ended has its counts in its row; one that never ended (killed midway, or running
// in another process) has them counted from its stream rows, which the journal kept current.
QString runSelect(bool hasAction)
{
    return QStringLiteral(
               "SELECT runs.id, runs.started_at, runs.ended_at, runs.os_user, runs.host, "
               "runs.profile, "
               "runs.app_id, runs.endpoint, runs.vendor, runs.requested, "
               "CASE WHEN runs.ended_at IS NULL THEN IFNULL(live.stopped, 0) ELSE runs.stopped "
               "END, "
               "CASE WHEN runs.ended_at IS NULL THEN IFNULL(live.failed, 0) ELSE runs.failed END, "
               "CASE WHEN runs.ended_at IS NULL THEN IFNULL(live.unknown, 0) ELSE runs.unknown "
               "END, "
               "CASE WHEN runs.ended_at IS NULL THEN IFNULL(live.skipped, 0) ELSE runs.skipped "
               "END, "
               "runs.cancelled, IFNULL(live.not_sent, 0), IFNULL(live.no_answer, 0), %2 FROM runs "
               "LEFT "
               "JOIN "
               "(SELECT run_id, SUM(st IN ('stopped', 'started')) AS stopped, SUM(st = 'failed') "
               "AS failed, "
               "SUM(st = 'unknown') AS unknown, SUM(st = 'skipped') AS skipped, SUM(st = "
               "'not_sent') AS not_sent, "
               "SUM(st = 'sent_no_answer') AS no_answer FROM (SELECT s.run_id, %1 AS st FROM "
               "streams s "
               "WHERE s.run_id IN (SELECT id FROM runs WHERE ended_at IS NULL)) GROUP BY run_id) "
               "live "
               "ON live.run_id = runs.id")
        .arg(QLatin1String(kStatusExpr),
             hasAction ? QStringLiteral("runs.action") : QStringLiteral("'stop'"));
}

} // namespace

QList<History::RunRecord> History::runs() const
{
    return runs(Filter());
}

QList<History::RunRecord> History::runs(const Filter &f) const
{
    QList<RunRecord> out;
    if (!isOpen())
        return out;
    QString sql = runSelect(m_hasAction);
    QVariantList binds;
    sql += historysql::runsWhere(f, &binds);
    sql += QStringLiteral(" ORDER BY runs.started_at DESC, runs.id DESC LIMIT %1")
               .arg(qMax(1, f.limit));
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

std::optional<History::RunRecord> History::run(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(runSelect(m_hasAction) + QStringLiteral(" WHERE runs.id = ?"));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return readRun(q);
    return std::nullopt;
}

QList<History::RunRecord> History::interruptedRuns(int maxAgeDays) const
{
    Filter f;
    f.unfinishedOnly = true;
    if (maxAgeDays > 0)
        f.since = QDateTime::currentDateTimeUtc().addDays(-maxAgeDays);
    return runs(f);
}

QStringList History::unfinishedStreamIds(qint64 runId) const
{
    QStringList out;
    for (const Stream &s : streams(runId)) {
        if (s.status == HistoryStatus::NotSent || s.status == HistoryStatus::SentNoAnswer)
            out.append(s.streamId);
    }
    return out;
}

QString History::profileDisplayName(const QString &stored)
{
    return stored.isEmpty() ? tr("(not recorded)") : stored;
}

QList<History::Stream> History::streams(qint64 runId) const
{
    QList<Stream> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT s.run_id, s.stream_id, %1, s.code, s.message, "
                             "s.vendor_request_id, s.request_id, "
                             "s.attempts, s.updated_at, runs.started_at, runs.profile, %2 FROM "
                             "streams s JOIN runs ON runs.id = "
                             "s.run_id WHERE s.run_id = ? ORDER BY s.rowid")
                  .arg(QLatin1String(kStatusExpr),
                       historysql::roomExpr(QSqlDatabase::database(m_connection, false))));
    q.addBindValue(runId);
    if (!q.exec()) {
        m_lastError = q.lastError().text();
        return out;
    }
    while (q.next()) {
        Stream s;
        s.runId = q.value(0).toLongLong();
        s.streamId = q.value(1).toString();
        // A status this version does not know (a newer one wrote it) reads as unknown.
        s.status = historyStatusFromKey(q.value(2).toString()).value_or(HistoryStatus::Unknown);
        s.code = q.value(3).toString();
        s.message = q.value(4).toString();
        s.vendorRequestId = q.value(5).toString();
        s.requestId = q.value(6).toString();
        s.attempts = q.value(7).toInt();
        s.updatedAt = fromText(q.value(8));
        s.runStartedAt = fromText(q.value(9));
        s.profile = q.value(10).toString();
        s.room = q.value(11).toString();
        // Sent at least once: never "not sent", whatever an older version stored.
        if (s.status == HistoryStatus::NotSent && s.attempts > 0)
            s.status = HistoryStatus::Unknown;
        out.append(s);
    }
    return out;
}

QList<History::Stream> History::findStreams(const Filter &f) const
{
    QList<Stream> out;
    for (const RunRecord &r : runs(f)) {
        for (const Stream &s : streams(r.id)) {
            if ((f.streamId.isEmpty() || s.streamId == f.streamId) &&
                (!f.status || s.status == *f.status))
                out.append(s);
        }
    }
    return out;
}

QList<History::Call> History::calls(qint64 runId) const
{
    QList<Call> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "SELECT id, call_no, sent_at, stream_ids, attempt, state, http_status, code, message, "
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

std::unique_ptr<CallJournal> History::journal(qint64 runId, std::unique_ptr<JournalRows> rows)
{
    QString notWritable;
    if (!writable())
        notWritable = m_lastError;
    else if (runId <= 0)
        notWritable = tr("no run was begun");
    const RunAction action = runId > 0 ? actionOf(runId) : RunAction::Stop;
    return std::make_unique<RunJournal>(notWritable.isEmpty() ? writer() : nullptr, runId, action,
                                        notWritable, std::move(rows));
}

void History::setBusyTimeoutForTesting(int ms)
{
    const QString pragma = QStringLiteral("PRAGMA busy_timeout = %1").arg(ms);
    exec(pragma);
    if (!isOpen() || m_readOnly)
        return;
    HistoryWriter::Task task;
    task.plain = [pragma](QSqlDatabase &db) {
        QSqlQuery(db).exec(pragma);
    };
    writer()->postAndWait(std::move(task));
}

void History::setMaxPageCountForTesting(int pages)
{
    if (!isOpen() || m_readOnly)
        return;
    HistoryWriter::Task task;
    task.plain = [pages](QSqlDatabase &db) {
        QSqlQuery(db).exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages));
    };
    writer()->postAndWait(std::move(task));
}

void History::setCommitObserverForTesting(std::function<void()> observer)
{
    HistoryWriter::setCommitObserverForTesting(std::move(observer));
}

} // namespace cdnrec
