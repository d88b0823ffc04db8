// SPDX-License-Identifier: GPL-3.0-or-later
#include "actioncommand.h"

#include "runreporter.h"
#include <app/reportwriter.h>
#include <app/run.h>
#include <app/runplanner.h>
#include <engine/callrequest.h>
#include <engine/signer.h>
#include <model/endpoint.h>
#include <model/rate.h>
#include <model/safefile.h>
#include <store/history.h>
#include <store/profilestore.h>
#include <store/secretstore.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <unistd.h>

namespace cdnrec {

namespace {

std::atomic<bool> g_interrupted{false};

void onInterrupt(int)
{
    g_interrupted = true;
}

// A ServerSecret is 32 hex characters; anything near this size is not one.
constexpr qint64 kMaxSecretBytes = 4096;
// The shortest secret that redaction can tell apart from ordinary words (CallRequest::redactBody).
constexpr qint64 kMinSecretBytes = 8;
// How long a FIFO or pipe (--secret-file <(pass show x)) may take to hand over the secret.
constexpr int kSecretPipeTimeoutMs = 10000;

// A secret on the command line lands in shell history and in every `ps` listing.
bool secretOnCommandLine(const QStringList &arguments)
{
    for (const QString &a : arguments) {
        if (a == QLatin1String("--secret") || a.startsWith(QLatin1String("--secret=")) ||
            a == QLatin1String("--server-secret") ||
            a.startsWith(QLatin1String("--server-secret=")))
            return true;
    }
    return false;
}

QString description(ActionCommand::Mode mode)
{
    switch (mode) {
    case ActionCommand::Mode::Stop:
        return ActionCommand::tr(
            "Stop the CDN recording of live streams through ZEGO's StopCDNRecord API.");
    case ActionCommand::Mode::Start:
        return ActionCommand::tr(
            "Restart the CDN recording of live streams through ZEGO's StartCDNRecord API, until "
            "--for or --until (default 24 h, the most ZEGO allows).");
    case ActionCommand::Mode::Undo:
        break;
    }
    return ActionCommand::tr(
        "Restart the CDN recording of exactly the streams that history run RUN stopped (cdnrec "
        "history), through ZEGO's StartCDNRecord API.");
}

QString commandName(ActionCommand::Mode mode)
{
    return mode == ActionCommand::Mode::Stop    ? QStringLiteral("stop")
           : mode == ActionCommand::Mode::Start ? QStringLiteral("start")
                                                : QStringLiteral("undo");
}

} // namespace

// The command line of stop, start and undo: every option, parsed.
struct ActionCommand::Options
{
    explicit Options(Mode mode);
    bool isSet(const QCommandLineOption &option) const { return parser.isSet(option); }
    QString value(const QCommandLineOption &option) const { return parser.value(option); }

    QCommandLineParser parser;
    const QCommandLineOption vendor{QStringLiteral("vendor"),
                                    tr("CDN vendor: Tencent, Ws (Wangsu) or Huawei."),
                                    QStringLiteral("V")};
    const QCommandLineOption profile{
        QStringLiteral("profile"),
        tr("Use a saved profile: its endpoint, AppId, vendor, rate and batch size, and its secret "
           "from the keyring (options given here win)."),
        QStringLiteral("NAME")};
    const QCommandLineOption endpoint{
        QStringLiteral("endpoint"),
        tr("Base URL (default https://rtc-api.zego.im/); http:// only for loopback."),
        QStringLiteral("URL")};
    const QCommandLineOption appId{QStringLiteral("app-id"), tr("ZEGO AppId."),
                                   QStringLiteral("N")};
    const QCommandLineOption testEnv{
        QStringLiteral("test-env"),
        tr("Send IsTest=true (projects created on or before 2021-11-16).")};
    const QCommandLineOption stream{QStringLiteral("stream"), tr("A stream ID; may be repeated."),
                                    QStringLiteral("ID")};
    const QCommandLineOption file{
        QStringLiteral("file"),
        tr("Read stream IDs from a text or CSV file, or - for standard input (at most 64 MiB)."),
        QStringLiteral("PATH")};
    const QCommandLineOption batch{
        QStringLiteral("batch-size"), tr("Stream IDs per call, 1 to 100 (default 10)."),
        QStringLiteral("N"), QString::number(CallRequest::DefaultBatchSize)};
    const QCommandLineOption rate{
        QStringLiteral("rate"),
        tr("Calls per second, %1 to %2 (default %3; ZEGO allows 20 per AppId).")
            .arg(QString::number(Rate::Min), QString::number(Rate::ZegoMax),
                 QString::number(Rate::Default)),
        QStringLiteral("CALLS_PER_S"), QString::number(Rate::Default)};
    const QCommandLineOption timeout{
        QStringLiteral("timeout"), tr("Seconds each call may take in all, 1 to 600 (default 15)."),
        QStringLiteral("S"), QStringLiteral("15")};
    const QCommandLineOption json{QStringLiteral("json"),
                                  tr("Print one JSON document on standard output.")};
    const QCommandLineOption dryRun{
        QStringLiteral("dry-run"),
        tr("Print the calls it would make (signature redacted) and send nothing.")};
    const QCommandLineOption secretFile{QStringLiteral("secret-file"),
                                        tr("Read the ServerSecret from this file (or a pipe)."),
                                        QStringLiteral("PATH")};
    const QCommandLineOption noHistory{
        QStringLiteral("no-history"),
        tr("Do not record this run in the history (it is recorded by default).")};
    const QCommandLineOption forOption{
        QStringLiteral("for"),
        tr("How long the restarted recordings run: 11m to 24h, e.g. 30m, 6h (default 24h; the "
           "EndTime sent stays 10 minutes inside ZEGO's 24-hour bound)."),
        QStringLiteral("DURATION")};
    const QCommandLineOption room{
        QStringLiteral("room"),
        tr("Stop the streams this room publishes now (listed first through ZEGO's "
           "DescribeSimpleStreamList); may be repeated, and mixed with --stream and --file."),
        QStringLiteral("ROOM")};
    const QCommandLineOption yes{
        QStringLiteral("yes"),
        tr("Stop the streams listed in the rooms without asking (needed off a terminal).")};
    const QCommandLineOption again{
        QStringLiteral("again"),
        tr("Restart the run's streams even though an earlier undo restarted them already.")};
    const QCommandLineOption untilOption{
        QStringLiteral("until"),
        tr("When the restarted recordings end, local time (2026-11-23T08:00) or with a zone; "
           "within 24 hours."),
        QStringLiteral("TIME")};
};

ActionCommand::Options::Options(Mode mode)
{
    parser.setApplicationDescription(description(mode));
    parser.addHelpOption();
    parser.addOptions({vendor, profile, endpoint, appId, testEnv, stream, file, batch, rate,
                       timeout, json, dryRun, secretFile, noHistory});
    if (mode == Mode::Stop)
        parser.addOptions({room, yes});
    if (mode != Mode::Stop)
        parser.addOptions({forOption, untilOption});
    if (mode == Mode::Undo)
        parser.addOption(again);
    if (mode == Mode::Undo)
        parser.addPositionalArgument(QStringLiteral("RUN"),
                                     tr("The history run whose stops to undo."));
}

ActionCommand::ActionCommand(QTextStream &out, QTextStream &err, Mode mode)
    : m_out(out), m_err(err), m_mode(mode)
{
}

std::optional<qint64> ActionCommand::durationSecs(const QString &text)
{
    QString t = text.trimmed().toLower();
    qint64 unit = 1;
    if (t.endsWith(u's') || t.endsWith(u'm') || t.endsWith(u'h') || t.endsWith(u'd')) {
        const QChar u = t.back();
        unit = u == u's' ? 1 : u == u'm' ? 60 : u == u'h' ? 3600 : 86400;
        t.chop(1);
    }
    const auto v = number(t, 0, 1e7);
    if (!v)
        return std::nullopt;
    return qint64(std::llround(*v * double(unit)));
}

std::optional<double> ActionCommand::number(const QString &text, double min, double max)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < min || v > max)
        return std::nullopt;
    return v;
}

int ActionCommand::run(const QStringList &arguments)
{
    RunReporter reporter(m_out, m_err);
    const auto usage = [&reporter](const QString &message) {
        reporter.say(message);
        return int(ExitUsage);
    };
    if (secretOnCommandLine(arguments))
        return usage(tr("the ServerSecret is never taken on the command line (it would show in "
                        "shell history and process lists): use --secret-file PATH or the "
                        "environment variable CDNREC_SERVER_SECRET"));
    Options o(m_mode);
    QStringList args = arguments;
    if (args.size() > 1)
        args.removeAt(1); // the command
    if (!o.parser.parse(args))
        return usage(o.parser.errorText());
    if (o.parser.isSet(QStringLiteral("help"))) {
        m_out << o.parser.helpText().replace(QStringLiteral("[options]"),
                                             commandName(m_mode) + u" [options]");
        return ExitAllStopped;
    }
    // Everything is checked before anything is sent. A profile gives the defaults; what the
    // command line gives wins.
    PlannedRun planned;
    QString why = checkArguments(o);
    if (why.isEmpty())
        why = planTarget(o, &planned);
    if (why.isEmpty())
        why = planPace(o, planned.profile.has_value(), planned.plan);
    if (why.isEmpty())
        why = readStreams(o, planned.plan);
    if (why.isEmpty())
        why = planEnd(o, planned.plan);
    if (!why.isEmpty())
        return usage(why);
    planned.plan.record = !o.isSet(o.noHistory) && !o.isSet(o.dryRun);
    planned.plan.sends = !o.isSet(o.dryRun);
    if (m_mode == Mode::Stop && o.isSet(o.room))
        return stopByRoom(o, planned);
    return send(o, planned);
}

int ActionCommand::stopByRoom(const Options &o, PlannedRun &planned)
{
    RunReporter reporter(m_out, m_err);
    const bool ask = !o.isSet(o.yes) && !o.isSet(o.dryRun);
    if (ask && !onTerminal()) {
        reporter.say(tr("stop --room stops what the rooms publish now, and asks first: off a "
                        "terminal, add --yes"));
        return ExitUsage;
    }
    // The list calls are signed too: the secret first.
    QString secret;
    if (const QString why = findSecret(o, planned, reporter, &secret); !why.isEmpty()) {
        reporter.say(why);
        return ExitUsage;
    }
    RoomListTarget target;
    target.endpoint = planned.plan.target.endpoint;
    target.appId = planned.plan.target.appId;
    target.isTest = planned.plan.target.isTest;
    target.secret = secret;
    const StreamsCommand::Listed listed =
        StreamsCommand::listRooms(target, o.parser.values(o.room), reporter, true);
    target.secret.fill(QLatin1Char('\0'));
    if (!listed.problem.isEmpty()) {
        reporter.say(tr("%1; nothing was stopped").arg(listed.problem));
        return StreamsCommand::exitCode(listed);
    }
    addRoomStreams(listed, planned.plan);
    const int sendable = int(planned.plan.sendableIds().size());
    if (sendable == 0) {
        reporter.say(tr("nothing to stop: no stream to send"));
        if (o.isSet(o.json))
            emptyReport();
        return listed.failed() ? StreamsCommand::exitCode(listed) : int(ExitAllStopped);
    }
    if (ask && !confirmed(sendable)) {
        reporter.say(tr("not confirmed: nothing was stopped"));
        return ExitNotAllStopped;
    }
    const int code = send(o, planned, secret);
    // A room not listed leaves its streams unknown: never "every stream stopped".
    return code == ExitAllStopped && listed.failed() ? int(ExitNotAllStopped) : code;
}

int ActionCommand::addRoomStreams(const StreamsCommand::Listed &listed, RunPlan &plan)
{
    QStringList ids;
    for (const RoomListing &room : listed.rooms) {
        for (const ListedStream &s : room.streams) {
            ids.append(s.streamId);
            // A stream in two rooms is kept with the first.
            if (!plan.rooms.contains(s.streamId))
                plan.rooms.insert(s.streamId, room.room);
        }
    }
    QList<StreamIds::Item> items = plan.items;
    items += RunPlanner::itemsFor(ids);
    plan.items = RunPlanner::merged(std::move(items));
    return int(ids.size());
}

bool ActionCommand::confirmed(int sendable)
{
    // The rooms' lines above say what each room holds; this is the count that will be sent.
    m_err << (sendable == 1 ? tr("Stop the CDN recording of 1 stream? [y/N] ")
                            : tr("Stop the CDN recording of %1 streams? [y/N] ").arg(sendable));
    m_err.flush();
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

bool ActionCommand::confirmedAgain(const QString &problem) const
{
    m_err << tr("%1. Restart them again? [y/N] ").arg(problem);
    m_err.flush();
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

void ActionCommand::emptyReport()
{
    QFile out;
    m_out.flush();
    if (out.open(stdout, QIODevice::WriteOnly, QFileDevice::DontCloseHandle)) {
        JsonReportWriter writer(&out, Report::Summary{}, RunAction::Stop);
        writer.finish();
        out.flush();
    }
}

bool ActionCommand::onTerminal()
{
    return isatty(fileno(stdin)) && isatty(fileno(stderr));
}

QString ActionCommand::checkArguments(const Options &o) const
{
    const QStringList positional = o.parser.positionalArguments();
    if (m_mode == Mode::Undo) {
        if (positional.size() != 1)
            return tr("undo needs one history run: cdnrec undo RUN (see cdnrec history)");
        if (o.isSet(o.stream) || o.isSet(o.file))
            return tr("undo restarts the streams of its run: no --stream or --file");
    } else if (!positional.isEmpty()) {
        return tr("unexpected argument '%1' (stream IDs go after --stream, or in --file)")
            .arg(positional.constFirst());
    }
    return QString();
}

QString ActionCommand::planTarget(const Options &o, PlannedRun *planned) const
{
    RunRequest given;
    given.action = m_mode == Mode::Stop ? RunAction::Stop : RunAction::Start;
    const ProfileStore profiles;
    if (o.isSet(o.profile))
        given.profile = profiles.find(o.value(o.profile));
    std::optional<History::RunRecord> undone;
    QList<History::Stream> streams;
    // Kept open for the undo's planning: it finds the restarts already made of the run.
    std::unique_ptr<History> history;
    if (m_mode == Mode::Undo) {
        const QString runText = o.parser.positionalArguments().constFirst();
        bool ok = false;
        const qint64 id = runText.toLongLong(&ok);
        history = std::make_unique<History>(History::defaultPath(), History::Mode::ReadOnly);
        if (ok)
            undone = history->run(id);
        if (!undone)
            return tr("no history run %1 (cdnrec history)").arg(runText);
        streams = history->streams(id);
    }
    if (o.isSet(o.profile) && !given.profile)
        return tr("no profile named '%1' (cdnrec profile list)").arg(o.value(o.profile));
    const bool targetKnown = given.profile || undone;
    if (!o.isSet(o.vendor) && !targetKnown)
        return tr("--vendor is required: Tencent, Ws or Huawei");
    if (o.isSet(o.vendor)) {
        given.vendor = vendorFromString(o.value(o.vendor));
        if (!given.vendor)
            return tr("unknown vendor '%1': use Tencent, Ws or Huawei").arg(o.value(o.vendor));
    }
    if (o.isSet(o.endpoint))
        given.endpoint = QUrl(o.value(o.endpoint), QUrl::StrictMode);
    if (o.isSet(o.appId)) {
        QString why;
        given.appId = Profile::parseAppId(o.value(o.appId), &why);
        if (!given.appId)
            return tr("--app-id '%1': %2").arg(o.value(o.appId), why);
    } else if (!targetKnown) {
        return tr("--app-id is required (or --profile)");
    }
    given.isTest = o.isSet(o.testEnv);

    if (undone) {
        // The one undo rule, the console's too: the run's profile only where it still signs.
        UndoOptions undo;
        undo.given = given;
        undo.history = history.get();
        undo.again = o.isSet(o.again);
        *planned = RunPlanner::planUndo(*undone, streams, profiles, undo);
        if (planned->refusal == PlannedRun::Refusal::AlreadyRestarted) {
            // A second undo: said, and asked on a terminal; a script says --again.
            if (o.isSet(o.json) || !onTerminal())
                return tr("%1; nothing was sent (add --again to restart them again)")
                    .arg(planned->problem);
            if (!confirmedAgain(planned->problem))
                return tr("not confirmed: nothing was sent");
            undo.again = true;
            *planned = RunPlanner::planUndo(*undone, streams, profiles, undo);
        }
        if (!planned->ok())
            return planned->problem;
    } else {
        *planned = RunPlanner::plan(given, {});
    }
    if (const QString why = Endpoint::problem(planned->plan.target.endpoint); !why.isEmpty())
        return tr("--endpoint: %1").arg(why);
    return QString();
}

QString ActionCommand::planPace(const Options &o, bool fromProfile, RunPlan &plan) const
{
    if (o.isSet(o.batch) || !fromProfile) {
        bool ok = false;
        const int n = o.value(o.batch).trimmed().toInt(&ok);
        if (!ok || n < 1 || n > Profile::MaxBatchSize)
            return tr("--batch-size must be a whole number from 1 to %1")
                .arg(Profile::MaxBatchSize);
        plan.options.batchSize = n;
    }
    if (o.isSet(o.rate) || !fromProfile) {
        // Above 20 only for the simulator (a loopback endpoint): the Rate type's rule.
        QString why;
        const std::optional<Rate> r =
            Rate::parse(o.value(o.rate), plan.target.endpoint, &why, QStringLiteral("--rate"));
        if (!r)
            return why;
        plan.options.callsPerSecond = r->perSecond();
    }
    const auto t = number(o.value(o.timeout), 1, 600);
    if (!t)
        return tr("--timeout must be a number of seconds from 1 to 600");
    plan.options.timeoutMs = int(std::lround(*t * 1000));
    return QString();
}

QString ActionCommand::readStreams(const Options &o, RunPlan &plan) const
{
    if (m_mode == Mode::Undo)
        return QString(); // the planner's, from the run
    // Stream IDs, in the order given. Each --stream value is one ID exactly as given.
    QList<StreamIds::Item> items = RunPlanner::itemsFor(o.parser.values(o.stream));
    if (o.isSet(o.file) && o.value(o.file) == QLatin1String("-")) {
        // The same cap as a file: a 1 GB line must not take the machine's memory.
        QByteArray data;
        QString error;
        const ReadResult read =
            readBoundedFd(fileno(stdin), StreamIds::MaxFileBytes, -1, &data, &error);
        if (read == ReadResult::Failed)
            return tr("cannot read standard input: %1").arg(error);
        if (read == ReadResult::TooLarge)
            return tr("standard input holds more than %1 MiB of stream IDs: split the list")
                .arg(StreamIds::MaxFileBytes / (1024 * 1024));
        items += StreamIds::parse(QString::fromUtf8(data));
    } else if (o.isSet(o.file)) {
        QString error;
        const auto fromFile = StreamIds::parseFile(o.value(o.file), &error);
        if (!error.isEmpty())
            return error;
        items += fromFile;
    }
    if (items.isEmpty() && (m_mode != Mode::Stop || !o.isSet(o.room)))
        return m_mode == Mode::Stop
                   ? tr("no stream IDs: give --stream ID, --file PATH or --room ROOM")
                   : tr("no stream IDs: give --stream ID or --file PATH");
    plan.items = RunPlanner::merged(std::move(items));
    return QString();
}

QString ActionCommand::planEnd(const Options &o, RunPlan &plan) const
{
    if (m_mode == Mode::Stop)
        return QString();
    if (o.isSet(o.forOption) && o.isSet(o.untilOption))
        return tr("give --for or --until, not both");
    if (o.isSet(o.untilOption)) {
        const QDateTime until =
            QDateTime::fromString(o.value(o.untilOption).trimmed(), Qt::ISODate);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        if (!until.isValid())
            return tr("--until '%1': not a date and time such as 2026-11-23T08:00")
                .arg(o.value(o.untilOption));
        const qint64 secs = until.toSecsSinceEpoch();
        if (secs < now + EndTimeBounds::MinForSecs || secs > now + EndTimeBounds::MaxSecs)
            return tr("--until must be from 11 minutes to 24 hours from now (ZEGO ends a "
                      "recording at most 24 hours ahead)");
        plan.options.startUntil = secs;
        return QString();
    }
    const auto d =
        durationSecs(o.value(o.forOption).isEmpty() ? QStringLiteral("24h") : o.value(o.forOption));
    if (!d || *d < EndTimeBounds::MinForSecs || *d > EndTimeBounds::MaxSecs)
        return tr("--for must be a duration from 11m to 24h, such as 30m or 6h");
    plan.options.startForSecs = *d;
    return QString();
}

int ActionCommand::send(const Options &o, const PlannedRun &planned, QString secret)
{
    RunReporter reporter(m_out, m_err);
    Run run(planned.plan);
    // Input problems first: the operator sees them whatever happens next.
    reporter.inputProblems(planned.plan.items);
    if (!run.check())
        return refused(run, reporter);
    if (run.duplicateCount())
        reporter.say(tr("%1 duplicate stream ID(s) sent once").arg(run.duplicateCount()));
    if (o.isSet(o.dryRun)) {
        Signer signer;
        reporter.dryRun(RunPlanner::dryRun(run.plan(), signer, QDateTime::currentSecsSinceEpoch()),
                        run.sendableIds().size(), o.isSet(o.json));
        return ExitAllStopped;
    }
    // The secret before the history: a run that cannot be sent is never begun there.
    if (const QString why =
            secret.isEmpty() ? findSecret(o, planned, reporter, &secret) : QString();
        !why.isEmpty()) {
        reporter.say(why);
        return ExitUsage;
    }
    if (!run.prepare())
        return refused(run, reporter);
    run.setSecret(secret);
    secret.clear();
    return execute(run, reporter, o.isSet(o.json));
}

int ActionCommand::refused(const Run &run, RunReporter &reporter)
{
    QString why = run.problem();
    if (run.refusal() == Run::Refusal::History)
        why += tr(", so nothing was sent; use --no-history to send anyway");
    if (run.refusal() == Run::Refusal::Role) {
        // The team's rights, not the input: nothing was sent.
        reporter.say(tr("%1; nothing was sent").arg(why));
        return ExitCredentials;
    }
    reporter.say(why);
    return ExitUsage;
}

QString ActionCommand::findSecret(const Options &o, const PlannedRun &planned,
                                  RunReporter &reporter, QString *secret) const
{
    return findSecret(o.isSet(o.secretFile) ? o.value(o.secretFile) : QString(), planned.profile,
                      planned.profileNote, reporter, secret);
}

QString ActionCommand::findSecret(const QString &secretFile, const std::optional<Profile> &profile,
                                  const QString &profileNote, RunReporter &reporter,
                                  QString *secret)
{
    // A file, else the environment, else the profile's keyring entry. Never the command line.
    if (!secretFile.isEmpty()) {
        if (const QString why = readSecretFile(secretFile, reporter, secret); !why.isEmpty())
            return why;
    } else {
        const QByteArray env = qgetenv("CDNREC_SERVER_SECRET").trimmed();
        if (const QString why = secretProblem(env, tr("CDNREC_SERVER_SECRET")); !why.isEmpty())
            return why;
        *secret = QString::fromUtf8(env);
    }
    QString keyringSaid;
    if (secret->isEmpty() && profile) {
        SecretStore secrets;
        const auto r = secrets.readNow(profile->name);
        if (r.ok())
            *secret = r.secret;
        else
            keyringSaid = r.message;
    }
    if (!secret->isEmpty())
        return QString();
    if (!keyringSaid.isEmpty())
        return tr("no ServerSecret: %1 Or use --secret-file PATH or CDNREC_SERVER_SECRET.")
            .arg(keyringSaid);
    // An undo whose profile now signs elsewhere: say why its keyring entry is not read.
    if (!profileNote.isEmpty())
        return tr("no ServerSecret: %1, so its keyring entry is not used; use --secret-file PATH "
                  "or set CDNREC_SERVER_SECRET")
            .arg(profileNote);
    return tr("no ServerSecret: use --secret-file PATH or set CDNREC_SERVER_SECRET");
}

QString ActionCommand::readSecretFile(const QString &path, RunReporter &reporter, QString *secret)
{
    if (const QFileInfo info(path);
        info.isFile() && (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther)))
        reporter.say(tr("warning: %1 can be read by other users (chmod 600 %1)").arg(path));
    QByteArray data;
    QString why;
    switch (readBoundedInput(path, kMaxSecretBytes, kSecretPipeTimeoutMs, &data, &why)) {
    case ReadResult::Ok:
        break;
    case ReadResult::TooLarge:
        return tr("the secret file %1 is larger than %2 bytes: it does not hold a ServerSecret")
            .arg(path)
            .arg(kMaxSecretBytes);
    case ReadResult::NotAFile:
        return tr("the secret file %1 is not a regular file or a pipe (a device such as /dev/zero "
                  "never holds a ServerSecret)")
            .arg(path);
    case ReadResult::TimedOut:
        return tr("cannot read the secret file %1: nothing arrived within %2 s")
            .arg(path)
            .arg(kSecretPipeTimeoutMs / 1000);
    case ReadResult::Failed:
        return tr("cannot read the secret file %1: %2").arg(path, why);
    }
    const QByteArray trimmed = data.trimmed();
    if (trimmed.isEmpty())
        return tr("the secret file %1 is empty").arg(path);
    if (const QString why = secretProblem(trimmed, tr("the secret file %1").arg(path));
        !why.isEmpty())
        return why;
    *secret = QString::fromUtf8(trimmed);
    return QString();
}

QString ActionCommand::secretProblem(const QByteArray &secret, const QString &source)
{
    // One rule for every place a secret comes from (empty: none given there). Too short to be
    // told from ordinary words, it could not be redacted where a gateway echoes it.
    if (secret.isEmpty())
        return QString();
    if (secret.size() > kMaxSecretBytes)
        return tr("%1 is larger than %2 bytes: it does not hold a ServerSecret")
            .arg(source)
            .arg(kMaxSecretBytes);
    for (const char c : secret) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            return tr("%1 holds control characters or NUL bytes: it does not hold a ServerSecret")
                .arg(source);
    }
    if (secret.size() < kMinSecretBytes)
        return tr("%1 is %2 characters long: a ZEGO ServerSecret is 32 (at least %3 are needed)")
            .arg(source)
            .arg(secret.size())
            .arg(kMinSecretBytes);
    return QString();
}

int ActionCommand::execute(Run &run, RunReporter &reporter, bool json)
{
    QEventLoop loop;
    const bool progress = !json && isatty(fileno(stderr));
    QObject::connect(&run, &Run::finished, &loop, &QEventLoop::quit);
    bool saidProblem = false;
    QObject::connect(&run, &Run::problemRaised, &loop, [&](const QString &message) {
        if (progress)
            m_err << '\n';
        reporter.say(message);
        saidProblem = true;
    });
    QObject::connect(&run, &Run::notice, &loop, [&](const QString &m) { reporter.say(m); });
    for (const QString &n : run.notices())
        reporter.say(n);
    if (progress)
        QObject::connect(&run, &Run::progress, &loop,
                         [&](int done, int total) { reporter.progress(run, done, total); });
    // Ctrl+C, SIGTERM and SIGHUP cancel: calls in flight become Unknown, the rest Skipped, and the
    // report still prints.
    g_interrupted = false;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    std::signal(SIGHUP, onInterrupt); // a terminal that closed, a dropped ssh session
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &loop, [&] {
        if (g_interrupted.exchange(false)) {
            reporter.say(tr("interrupted: cancelling (calls in flight are marked unknown)"));
            run.cancel();
        }
    });
    interruptPoll.start(100);
    run.start();
    if (!run.isFinished())
        loop.exec();
    interruptPoll.stop();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGHUP, SIG_DFL);
    if (progress) {
        m_err << '\n';
        m_err.flush(); // before the table starts on stdout, on the same terminal
    }
    reporter.report(run, json);
    if (const QString problem = run.problem(); !problem.isEmpty() && !saidProblem)
        reporter.say(problem);
    return RunReporter::exitCode(run);
}

} // namespace cdnrec
