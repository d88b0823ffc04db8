// SPDX-License-Identifier: GPL-3.0-or-later
#include "historycommand.h"

#include <model/terminaltext.h>
#include <store/history.h>
#include <store/secretstore.h>
#include <team/teamconfig.h>
#include <team/teamhistory.h>
#include <team/teamsession.h>

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QUuid>

namespace cdnrec {

namespace {

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                       : QStringLiteral("-");
}

QDateTime parseDate(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (d.isValid())
            t = d.startOfDay();
    }
    return t;
}

// Every field of the table output comes from the history, which holds text from gateways and
// input files: escaped, so it can neither drive the terminal nor forge a line.
QString p(const QString &text)
{
    return printable(text);
}

// The status as the table shows it: the stable key, which scripts and --status use too.
QString statusWord(HistoryStatus s)
{
    return historyStatusKey(s);
}

QString profileText(const QString &stored)
{
    return stored.isEmpty() ? QStringLiteral("(not recorded)") : p(stored);
}

// What a run's successes are called: a stop stopped streams, a start (undo) started them.
QString succeededWord(RunAction action)
{
    return action == RunAction::Start ? QStringLiteral("started") : QStringLiteral("stopped");
}

QString outcomeLine(const History::RunRecord &r)
{
    QString line = QStringLiteral("%1 requested: %2 %3, %4 failed, %5 unknown, %6 skipped")
                       .arg(r.requested)
                       .arg(r.stopped)
                       .arg(succeededWord(r.action))
                       .arg(r.failed)
                       .arg(r.unknown)
                       .arg(r.skipped);
    if (r.interrupted()) {
        line += QStringLiteral(
                    ", %1 not sent, %2 sent with no answer recorded (interrupted: never finished)")
                    .arg(r.notSent)
                    .arg(r.sentNoAnswer);
    } else if (r.cancelled) {
        line += QStringLiteral(" (cancelled)");
    }
    return line;
}

QString streamLine(const History::Stream &s)
{
    return QStringLiteral("  ") + p(s.streamId) + QStringLiteral("  ") + statusWord(s.status) +
           QStringLiteral("  ") + p(s.code) + QStringLiteral("  ") + p(s.message) +
           (s.requestId.isEmpty() ? QString() : QStringLiteral("  [%1]").arg(p(s.requestId))) +
           // Stop by room: the room the stream was listed in.
           (s.room.isEmpty() ? QString() : QStringLiteral("  room %1").arg(p(s.room)));
}

// A run of team mode says whether the team database has all of it.
QString syncedText(const QHash<qint64, bool> &synced, qint64 runId)
{
    const auto it = synced.constFind(runId);
    if (it == synced.constEnd())
        return QString();
    return *it ? QStringLiteral("  [team: synced]")
               : QStringLiteral("  [team: not yet synced, waits in this computer's history]");
}

QString teamOutcomeLine(const TeamHistory::RunRecord &r)
{
    QString line =
        QStringLiteral("%1 requested: %2 %3, %4 failed, %5 unknown, %6 skipped, %7 calls")
            .arg(r.requested)
            .arg(r.succeeded)
            .arg(r.action == QLatin1String("start") ? QStringLiteral("started")
                                                    : QStringLiteral("stopped"))
            .arg(r.failed)
            .arg(r.unknown)
            .arg(r.skipped)
            .arg(r.calls);
    if (r.interrupted())
        line += QStringLiteral(" (no end recorded: still running, or interrupted)");
    else if (r.cancelled)
        line += QStringLiteral(" (cancelled)");
    return line;
}

QJsonObject streamJson(const History::Stream &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("run"), s.runId);
    o.insert(QStringLiteral("run_started"), s.runStartedAt.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("profile"), s.profile);
    o.insert(QStringLiteral("stream_id"), s.streamId);
    o.insert(QStringLiteral("status"), historyStatusKey(s.status));
    o.insert(QStringLiteral("code"), s.code);
    o.insert(QStringLiteral("message"), s.message);
    o.insert(QStringLiteral("vendor_request_id"), s.vendorRequestId);
    o.insert(QStringLiteral("request_id"), s.requestId);
    o.insert(QStringLiteral("attempts"), s.attempts);
    o.insert(QStringLiteral("updated"), s.updatedAt.toString(Qt::ISODateWithMs));
    // Stop by room: the room the stream was listed in; null for a stream given by its ID.
    o.insert(QStringLiteral("room"), s.room.isEmpty() ? QJsonValue() : QJsonValue(s.room));
    return o;
}

// The fields a local and a team run record share, under the same keys.
template <typename Record> QJsonObject commonRunJson(const Record &r, bool isStart, int succeeded)
{
    QJsonObject o;
    o.insert(QStringLiteral("started"), r.startedAt.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("ended"),
             r.endedAt.isValid() ? r.endedAt.toString(Qt::ISODateWithMs) : QString());
    o.insert(QStringLiteral("interrupted"), r.interrupted());
    o.insert(QStringLiteral("os_user"), r.osUser);
    o.insert(QStringLiteral("host"), r.host);
    o.insert(QStringLiteral("profile"), r.profile);
    o.insert(QStringLiteral("app_id"), qint64(r.appId));
    o.insert(QStringLiteral("endpoint"), r.endpoint);
    o.insert(QStringLiteral("vendor"), r.vendor);
    o.insert(QStringLiteral("requested"), r.requested);
    // "stopped" for a stop, "streams_started" for a start ("started" is the run's time).
    o.insert(isStart ? QStringLiteral("streams_started") : QStringLiteral("stopped"), succeeded);
    o.insert(QStringLiteral("failed"), r.failed);
    o.insert(QStringLiteral("unknown"), r.unknown);
    o.insert(QStringLiteral("skipped"), r.skipped);
    o.insert(QStringLiteral("cancelled"), r.cancelled);
    return o;
}

// synced: whether each run's team events are all in the team database (team mode runs only).
QJsonObject runJson(const History::RunRecord &r, const QHash<qint64, bool> &synced)
{
    QJsonObject o = commonRunJson(r, r.action == RunAction::Start, r.stopped);
    o.insert(QStringLiteral("run"), r.id);
    const auto it = synced.constFind(r.id);
    o.insert(QStringLiteral("synced"),
             it == synced.constEnd() ? QJsonValue(QJsonValue::Null) : QJsonValue(*it));
    o.insert(QStringLiteral("action"), actionKey(r.action));
    o.insert(QStringLiteral("not_sent"), r.notSent);
    o.insert(QStringLiteral("sent_no_answer"), r.sentNoAnswer);
    return o;
}

// The fields a local and a team call share, under the same keys.
template <typename Call> QJsonObject commonCallJson(const Call &x, const QString &state)
{
    QJsonObject j;
    j.insert(QStringLiteral("call"), x.callNo);
    j.insert(QStringLiteral("sent"), x.sentAt.toString(Qt::ISODateWithMs));
    j.insert(QStringLiteral("stream_ids"), QJsonArray::fromStringList(x.streamIds));
    j.insert(QStringLiteral("attempt"), x.attempt);
    j.insert(QStringLiteral("state"), state);
    j.insert(QStringLiteral("http_status"), x.httpStatus);
    j.insert(QStringLiteral("code"), x.code);
    j.insert(QStringLiteral("message"), x.message);
    j.insert(QStringLiteral("request_id"), x.requestId);
    j.insert(QStringLiteral("duration_ms"), x.durationMs);
    return j;
}

QJsonObject callJson(const History::Call &x)
{
    QJsonObject j = commonCallJson(
        x, x.state == QLatin1String("sent") ? QStringLiteral("sent_no_answer") : x.state);
    j.insert(QStringLiteral("answer"), QString::fromUtf8(x.body));
    j.insert(QStringLiteral("error"), x.error);
    return j;
}

// A run's line in the table; `by` for one run shown alone.
QString runLine(const History::RunRecord &r, bool alone)
{
    return (alone ? QStringLiteral("run %1  %9  %2  by %3@%4  profile %5  AppId %6  %7  %8")
                  : QStringLiteral("run %1  %9  %2  %3@%4  %5  AppId %6  %7  %8"))
        .arg(r.id)
        .arg(when(r.startedAt), p(r.osUser), p(r.host), profileText(r.profile))
        .arg(r.appId)
        .arg(p(r.vendor), outcomeLine(r), actionKey(r.action));
}

// The streams a filter on a stream ID or an outcome asks to see under each run.
bool shownStream(const History::Filter &f, const History::Stream &s)
{
    return (f.streamId.isEmpty() || s.streamId == f.streamId) &&
           (!f.status || s.status == *f.status);
}

QJsonObject teamRunJson(const TeamHistory::RunRecord &r)
{
    QJsonObject o = commonRunJson(r, r.action == QLatin1String("start"), r.succeeded);
    o.insert(QStringLiteral("run"), r.runId);
    o.insert(QStringLiteral("action"), r.action);
    o.insert(QStringLiteral("db_user"), r.dbUser);
    o.insert(QStringLiteral("local_run"), r.localRunId);
    o.insert(QStringLiteral("calls"), r.calls);
    o.insert(QStringLiteral("answered"), r.answered);
    o.insert(QStringLiteral("synced"), true); // the team database has what it shows
    return o;
}

QJsonObject teamStreamJson(const TeamHistory::Stream &x)
{
    QJsonObject j;
    j.insert(QStringLiteral("stream_id"), x.streamId);
    j.insert(QStringLiteral("status"), x.status);
    j.insert(QStringLiteral("code"), x.code);
    j.insert(QStringLiteral("message"), x.message);
    return j;
}

QJsonObject teamCallJson(const TeamHistory::Call &x)
{
    return commonCallJson(x, x.answered ? QStringLiteral("answered")
                                        : QStringLiteral("sent_no_answer"));
}

QString teamRunLine(const TeamHistory::RunRecord &r)
{
    return QStringLiteral("run %1  %2  %3  %4 (%5)@%6  %7  AppId %8  %9")
        .arg(r.runId, r.action, when(r.startedAt), p(r.osUser), p(r.dbUser), p(r.host),
             profileText(r.profile))
        .arg(r.appId)
        .arg(teamOutcomeLine(r));
}

} // namespace

// The command line of `cdnrec history`: every option, parsed.
struct HistoryCommand::Options
{
    Options();
    bool isSet(const QCommandLineOption &option) const { return parser.isSet(option); }
    QString value(const QCommandLineOption &option) const { return parser.value(option); }

    static QString statusKeys()
    {
        QStringList keys;
        for (HistoryStatus s : allHistoryStatuses())
            keys.append(historyStatusKey(s));
        return keys.join(QStringLiteral(", "));
    }

    QCommandLineParser parser;
    const QCommandLineOption stream{
        QStringLiteral("stream"),
        QStringLiteral("Only runs that carried this stream, and its outcome in each."),
        QStringLiteral("ID")};
    const QCommandLineOption profile{QStringLiteral("profile"),
                                     QStringLiteral("Only runs with this profile."),
                                     QStringLiteral("NAME")};
    const QCommandLineOption since{
        QStringLiteral("since"),
        QStringLiteral("Only runs started at or after this date (2026-11-01 or 2026-11-01T08:00)."),
        QStringLiteral("DATE")};
    const QCommandLineOption until{QStringLiteral("until"),
                                   QStringLiteral("Only runs started before this date."),
                                   QStringLiteral("DATE")};
    const QCommandLineOption status{
        QStringLiteral("status"),
        QStringLiteral("Only streams with this outcome: %1.").arg(statusKeys()),
        QStringLiteral("S")};
    const QCommandLineOption runId{QStringLiteral("run"),
                                   QStringLiteral("One run: its streams and calls."),
                                   QStringLiteral("ID")};
    const QCommandLineOption json{QStringLiteral("json"),
                                  QStringLiteral("One JSON document on standard output.")};
    const QCommandLineOption check{
        QStringLiteral("check"), QStringLiteral("Check the whole history file for damage (slow on "
                                                "a large file); exit 0 when sound, 1 when not.")};
    const QCommandLineOption scope{
        QStringLiteral("scope"),
        QStringLiteral("mine: this computer's history (the default); team: the team database's, "
                       "every operator's runs."),
        QStringLiteral("mine|team"), QStringLiteral("mine")};
    const QCommandLineOption operatorName{
        QStringLiteral("operator"),
        QStringLiteral("With --scope team: only runs of this operator (OS user or database user)."),
        QStringLiteral("NAME")};
    const QCommandLineOption appId{QStringLiteral("app-id"),
                                   QStringLiteral("With --scope team: only runs for this AppId."),
                                   QStringLiteral("N")};
};

HistoryCommand::Options::Options()
{
    parser.addHelpOption();
    parser.addOptions(
        {stream, profile, since, until, status, runId, json, check, scope, operatorName, appId});
}

HistoryCommand::HistoryCommand(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}

int HistoryCommand::fail(const QString &message, int code)
{
    m_err << "cdnrec history: " << message << '\n';
    return code;
}

int HistoryCommand::run(const QStringList &arguments)
{
    Options o;
    QStringList args = arguments;
    args.removeAt(1);
    if (!o.parser.parse(args))
        return fail(o.parser.errorText(), 2);
    if (o.parser.isSet(QStringLiteral("help"))) {
        m_out << o.parser.helpText().replace(QStringLiteral("[options]"),
                                             QStringLiteral("history [options]"));
        return 0;
    }
    History::Filter f;
    if (const QString why = readFilter(o, &f); !why.isEmpty())
        return fail(why, 2);
    const QString scopeName = o.value(o.scope);
    if (scopeName != QLatin1String("mine") && scopeName != QLatin1String("team"))
        return fail(QStringLiteral("--scope is mine or team"), 2);
    if (scopeName == QLatin1String("team")) {
        for (const QCommandLineOption *option : {&o.profile, &o.status, &o.check}) {
            if (o.isSet(*option))
                return fail(QStringLiteral("--%1 is not available with --scope team")
                                .arg(option->names().constFirst()),
                            2);
        }
        TeamHistory::Filter tf;
        tf.operatorName = o.value(o.operatorName);
        tf.streamId = f.streamId;
        tf.since = f.since;
        tf.until = f.until;
        if (o.isSet(o.appId)) {
            bool ok = false;
            tf.appId = o.value(o.appId).toLongLong(&ok);
            if (!ok || tf.appId <= 0)
                return fail(QStringLiteral("--app-id is a positive number"), 2);
        }
        return runTeam(tf, o.value(o.runId), o.isSet(o.json));
    }
    if (o.isSet(o.operatorName) || o.isSet(o.appId))
        return fail(QStringLiteral("--operator and --app-id go with --scope team"), 2);
    return runMine(o, f);
}

QString HistoryCommand::readFilter(const Options &o, History::Filter *f)
{
    f->streamId = o.value(o.stream);
    f->profile = o.value(o.profile);
    if (o.isSet(o.status)) {
        f->status = historyStatusFromKey(o.value(o.status));
        if (!f->status)
            return QStringLiteral("'%1' is not an outcome (use one of: %2)")
                .arg(p(o.value(o.status)), Options::statusKeys());
    }
    for (const auto &[opt, target] :
         {std::pair{&o.since, &f->since}, std::pair{&o.until, &f->until}}) {
        if (o.isSet(*opt)) {
            *target = parseDate(o.value(*opt));
            if (!target->isValid())
                return QStringLiteral("'%1' is not a date (use 2026-11-01 or 2026-11-01T08:00)")
                    .arg(p(o.value(*opt)));
        }
    }
    return QString();
}

int HistoryCommand::runMine(const Options &o, const History::Filter &f)
{
    const QString path = History::defaultPath();
    if (o.isSet(o.check)) {
        const History::Integrity result = History::checkIntegrity(path);
        if (result.ok) {
            m_out << "ok: " << p(path) << '\n';
            return 0;
        }
        return fail(p(path) + QStringLiteral(": ") + p(result.detail.section(u'\n', 0, 0)), 1);
    }
    // Reading never creates, changes or moves the file, and works when it is not writable.
    if (!QFileInfo::exists(path))
        return fail(QStringLiteral("no run matches (no history yet at %1)").arg(p(path)), 0);
    History history(path, History::Mode::ReadOnly);
    if (!history.isOpen())
        return fail(p(history.problem().isEmpty()
                          ? QStringLiteral("the history at %1 cannot be read").arg(path)
                          : history.problem()),
                    1);
    // Whether each run's team events are all in the team database (runs of team mode only).
    const QHash<qint64, bool> synced = TeamHistory::localRunsSynced(path);
    if (o.isSet(o.runId))
        return showRun(history, o.value(o.runId), synced, o.isSet(o.json));
    return listRuns(history, f, synced, o.isSet(o.json));
}

int HistoryCommand::showRun(const History &history, const QString &id,
                            const QHash<qint64, bool> &synced, bool json)
{
    const auto r = history.run(id.toLongLong());
    if (!r)
        return fail(QStringLiteral("no run %1").arg(p(id)), 2);
    const auto streams = history.streams(r->id);
    const auto calls = history.calls(r->id);
    if (json) {
        QJsonObject o = runJson(*r, synced);
        QJsonArray s, c;
        for (const auto &x : streams)
            s.append(streamJson(x));
        for (const auto &x : calls)
            c.append(callJson(x));
        o.insert(QStringLiteral("streams"), s);
        o.insert(QStringLiteral("calls"), c);
        m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return 0;
    }
    m_out << runLine(*r, true) << syncedText(synced, r->id) << '\n';
    for (const auto &s : streams)
        m_out << streamLine(s) << '\n';
    return 0;
}

int HistoryCommand::listRuns(const History &history, const History::Filter &f,
                             const QHash<qint64, bool> &synced, bool json)
{
    const QList<History::RunRecord> runs = history.runs(f);
    const bool withStreams = !f.streamId.isEmpty() || f.status;
    if (json) {
        QJsonArray a;
        for (const auto &r : runs) {
            QJsonObject o = runJson(r, synced);
            if (withStreams) {
                QJsonArray s;
                for (const auto &x : history.streams(r.id)) {
                    if (shownStream(f, x))
                        s.append(streamJson(x));
                }
                o.insert(QStringLiteral("streams"), s);
            }
            a.append(o);
        }
        QJsonObject doc;
        doc.insert(QStringLiteral("scope"), QStringLiteral("mine"));
        doc.insert(QStringLiteral("runs"), a);
        m_out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        return 0;
    }
    if (runs.isEmpty())
        return fail(QStringLiteral("no run matches"), 0);
    for (const auto &r : runs) {
        m_out << runLine(r, false) << syncedText(synced, r.id) << '\n';
        if (!withStreams)
            continue;
        for (const auto &s : history.streams(r.id)) {
            if (shownStream(f, s))
                m_out << streamLine(s) << '\n';
        }
    }
    return 0;
}

int HistoryCommand::runTeam(const TeamHistory::Filter &filter, const QString &runId, bool json)
{
    const TeamConfig config = TeamConfig::load();
    if (!config.isSet())
        return fail(
            QStringLiteral("no team database is set up on this computer (cdnrec team connect)"), 1);
    QString password;
    config.readSavedPassword(&password); // none readable: the server must trust this user
    // This machine's waiting events go first, so that its own runs are in what is listed.
    int sent = 0;
    const int waiting = TeamSession::drain(config, password, {History::defaultPath()},
                                           TeamSession::kDrainWaitMs, &sent);
    if (waiting > 0)
        fail(QStringLiteral("%1 team event(s) of this computer still wait to be sent: its latest "
                            "runs may be missing below")
                 .arg(waiting),
             0);
    else if (waiting < 0)
        fail(QStringLiteral("whether team events of this computer still wait cannot be read (the "
                            "local history)"),
             0);
    TeamHistory team(config, password);
    if (!team.isOpen())
        return fail(p(config.displayName()) + QStringLiteral(": ") + p(team.status().message), 1);
    if (!runId.isEmpty())
        return showTeamRun(team, runId, json);
    return listTeamRuns(team, filter, config.displayName(), json);
}

int HistoryCommand::showTeamRun(TeamHistory &team, const QString &runId, bool json)
{
    TeamHistory::Filter one; // by its id: however many runs came after it
    one.runId = runId;
    const QList<TeamHistory::RunRecord> runs =
        QUuid::fromString(runId).isNull() ? QList<TeamHistory::RunRecord>() : team.runs(one);
    const auto streams = runs.isEmpty() ? QList<TeamHistory::Stream>() : team.streams(runId);
    const auto calls = runs.isEmpty() ? QList<TeamHistory::Call>() : team.calls(runId);
    if (!team.status().ok())
        return fail(p(team.status().message), 1);
    if (runs.isEmpty())
        return fail(QStringLiteral("no team run %1").arg(p(runId)), 2);
    const TeamHistory::RunRecord &run = runs.constFirst();
    if (json) {
        QJsonObject o = teamRunJson(run);
        QJsonArray s, c;
        for (const auto &x : streams)
            s.append(teamStreamJson(x));
        for (const auto &x : calls)
            c.append(teamCallJson(x));
        o.insert(QStringLiteral("scope"), QStringLiteral("team"));
        o.insert(QStringLiteral("streams"), s);
        o.insert(QStringLiteral("calls"), c);
        m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return 0;
    }
    m_out << teamRunLine(run) << '\n';
    for (const auto &x : streams)
        m_out << "  " << p(x.streamId) << "  " << p(x.status) << "  " << p(x.code) << "  "
              << p(x.message) << '\n';
    return 0;
}

int HistoryCommand::listTeamRuns(TeamHistory &team, const TeamHistory::Filter &filter,
                                 const QString &database, bool json)
{
    const QList<TeamHistory::RunRecord> runs = team.runs(filter);
    if (!team.isOpen())
        return fail(p(team.status().message), 1);
    if (runs.size() >= filter.limit)
        fail(QStringLiteral("the newest %1 team runs are shown; narrow with --since, --until, "
                            "--operator or --stream to see older ones")
                 .arg(filter.limit),
             0);
    if (json) {
        QJsonArray a;
        for (const auto &r : runs)
            a.append(teamRunJson(r));
        QJsonObject doc;
        doc.insert(QStringLiteral("scope"), QStringLiteral("team"));
        doc.insert(QStringLiteral("database"), database);
        doc.insert(QStringLiteral("runs"), a);
        m_out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        return 0;
    }
    if (runs.isEmpty())
        return fail(QStringLiteral("no team run matches"), 0);
    for (const auto &r : runs)
        m_out << teamRunLine(r) << '\n';
    return 0;
}

} // namespace cdnrec
