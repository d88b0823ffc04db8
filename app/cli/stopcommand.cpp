// SPDX-License-Identifier: GPL-3.0-or-later
#include "stopcommand.h"

#include <app/reportwriter.h>
#include <app/run.h>
#include <app/runplanner.h>
#include <engine/callrequest.h>
#include <engine/signer.h>
#include <model/endpoint.h>
#include <model/safefile.h>
#include <model/streamids.h>
#include <model/terminaltext.h>
#include <store/history.h>
#include <store/profilestore.h>
#include <store/secretstore.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace cdnrec {

namespace {

std::atomic<bool> g_interrupted{false};

void onInterrupt(int)
{
    g_interrupted = true;
}

QString pad(const QString &s, int width)
{
    return s.size() >= width ? s : s + QString(width - s.size(), u' ');
}

// Invalid IDs are listed one per line; past this many, a count says how many more.
constexpr int kMaxListedInvalid = 20;
// A ServerSecret is 32 hex characters; anything near this size is not one.
constexpr qint64 kMaxSecretBytes = 4096;
// How long a FIFO or pipe (--secret-file <(pass show x)) may take to hand over the secret.
constexpr int kSecretPipeTimeoutMs = 10000;

} // namespace

StopCommand::StopCommand(QTextStream &out, QTextStream &err, Mode mode)
    : m_out(out), m_err(err), m_mode(mode)
{
}

std::optional<qint64> StopCommand::durationSecs(const QString &text)
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

void StopCommand::say(const QString &message)
{
    m_err << "cdnrec: " << printable(message) << '\n';
    m_err.flush();
}

std::optional<double> StopCommand::number(const QString &text, double min, double max)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < min || v > max)
        return std::nullopt;
    return v;
}

QString StopCommand::readSecretFile(const QString &path, QString *secret)
{
    if (const QFileInfo info(path);
        info.isFile() && (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther)))
        say(tr("warning: %1 can be read by other users (chmod 600 %1)").arg(path));
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
    for (const char c : trimmed) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            return tr("the secret file %1 holds control characters or NUL bytes: it does not hold "
                      "a ServerSecret")
                .arg(path);
    }
    *secret = QString::fromUtf8(trimmed);
    if (secret->isEmpty())
        return tr("the secret file %1 is empty").arg(path);
    return QString();
}

int StopCommand::run(const QStringList &arguments)
{
    const auto usage = [this](const QString &message) {
        say(message);
        return int(ExitUsage);
    };
    // A secret on the command line lands in shell history and in every `ps` listing.
    for (const QString &a : arguments) {
        if (a == QLatin1String("--secret") || a.startsWith(QLatin1String("--secret=")) ||
            a == QLatin1String("--server-secret") ||
            a.startsWith(QLatin1String("--server-secret="))) {
            return usage(tr("the ServerSecret is never taken on the command line (it would show in "
                            "shell history and process lists): use --secret-file PATH or the "
                            "environment variable CDNREC_SERVER_SECRET"));
        }
    }

    const bool starts = m_mode != Mode::Stop;
    const RunAction action = starts ? RunAction::Start : RunAction::Stop;
    const QString command = m_mode == Mode::Stop    ? QStringLiteral("stop")
                            : m_mode == Mode::Start ? QStringLiteral("start")
                                                    : QStringLiteral("undo");
    QCommandLineParser p;
    p.setApplicationDescription(
        m_mode == Mode::Stop
            ? tr("Stop the CDN recording of live streams through ZEGO's StopCDNRecord API.")
        : m_mode == Mode::Start
            ? tr("Restart the CDN recording of live streams through ZEGO's StartCDNRecord API, "
                 "until --for or --until (default 24 h, the most ZEGO allows).")
            : tr("Restart the CDN recording of exactly the streams that history run RUN stopped "
                 "(cdnrec history), through ZEGO's StartCDNRecord API."));
    p.addHelpOption();
    const QCommandLineOption vendor(QStringLiteral("vendor"),
                                    tr("CDN vendor: Tencent, Ws (Wangsu) or Huawei."),
                                    QStringLiteral("V"));
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        tr("Use a saved profile: its endpoint, AppId, vendor, rate and batch size, and its secret "
           "from the keyring (options given here win)."),
        QStringLiteral("NAME"));
    const QCommandLineOption endpoint(
        QStringLiteral("endpoint"),
        tr("Base URL (default https://rtc-api.zego.im/); http:// only for loopback."),
        QStringLiteral("URL"));
    const QCommandLineOption appId(QStringLiteral("app-id"), tr("ZEGO AppId."),
                                   QStringLiteral("N"));
    const QCommandLineOption testEnv(
        QStringLiteral("test-env"),
        tr("Send IsTest=true (projects created on or before 2021-11-16)."));
    const QCommandLineOption stream(QStringLiteral("stream"), tr("A stream ID; may be repeated."),
                                    QStringLiteral("ID"));
    const QCommandLineOption file(
        QStringLiteral("file"),
        tr("Read stream IDs from a text or CSV file, or - for standard input (at most 64 MiB)."),
        QStringLiteral("PATH"));
    const QCommandLineOption batch(QStringLiteral("batch-size"),
                                   tr("Stream IDs per call, 1 to 100 (default 10)."),
                                   QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption rate(
        QStringLiteral("rate"),
        tr("Calls per second, 0.1 to 20 (default 10; ZEGO allows 20 per AppId)."),
        QStringLiteral("CALLS_PER_S"), QStringLiteral("10"));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"), tr("Seconds each call may take in all, 1 to 600 (default 15)."),
        QStringLiteral("S"), QStringLiteral("15"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        tr("Print one JSON document on standard output."));
    const QCommandLineOption dryRun(
        QStringLiteral("dry-run"),
        tr("Print the calls it would make (signature redacted) and send nothing."));
    const QCommandLineOption secretFile(QStringLiteral("secret-file"),
                                        tr("Read the ServerSecret from this file (or a pipe)."),
                                        QStringLiteral("PATH"));
    const QCommandLineOption noHistory(
        QStringLiteral("no-history"),
        tr("Do not record this run in the history (it is recorded by default)."));
    const QCommandLineOption forOption(
        QStringLiteral("for"),
        tr("How long the restarted recordings run: 11m to 24h, e.g. 30m, 6h (default 24h; the "
           "EndTime sent stays 10 minutes inside ZEGO's 24-hour bound)."),
        QStringLiteral("DURATION"));
    const QCommandLineOption untilOption(
        QStringLiteral("until"),
        tr("When the restarted recordings end, local time (2026-11-23T08:00) or with a zone; "
           "within 24 hours."),
        QStringLiteral("TIME"));
    p.addOptions({vendor, profile, endpoint, appId, testEnv, stream, file, batch, rate, timeout,
                  jsonOption, dryRun, secretFile, noHistory});
    if (starts)
        p.addOptions({forOption, untilOption});
    if (m_mode == Mode::Undo)
        p.addPositionalArgument(QStringLiteral("RUN"), tr("The history run whose stops to undo."));

    QStringList args = arguments;
    if (args.size() > 1)
        args.removeAt(1); // the command
    if (!p.parse(args))
        return usage(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        m_out << p.helpText().replace(QStringLiteral("[options]"), command + u" [options]");
        return ExitAllStopped;
    }
    const QStringList positional = p.positionalArguments();
    if (m_mode == Mode::Undo) {
        if (positional.size() != 1)
            return usage(tr("undo needs one history run: cdnrec undo RUN (see cdnrec history)"));
        if (p.isSet(stream) || p.isSet(file))
            return usage(tr("undo restarts the streams of its run: no --stream or --file"));
    } else if (!positional.isEmpty()) {
        return usage(tr("unexpected argument '%1' (stream IDs go after --stream, or in --file)")
                         .arg(positional.constFirst()));
    }

    // Validate everything before anything is sent. A profile gives the defaults; what the
    // command line gives wins.
    RunPlan plan;
    plan.options.action = action;
    std::optional<Profile> profileUsed;
    std::optional<History::RunRecord> undone;
    if (p.isSet(profile)) {
        const ProfileStore store;
        profileUsed = store.find(p.value(profile));
    }
    if (m_mode == Mode::Undo) {
        bool ok = false;
        const qint64 id = positional.constFirst().toLongLong(&ok);
        const History history(History::defaultPath(), History::Mode::ReadOnly);
        if (ok)
            undone = history.run(id);
        if (!undone)
            return usage(tr("no history run %1 (cdnrec history)").arg(positional.constFirst()));
        // The one undo rule, the console's too: the run's profile only where it still signs.
        UndoOptions undo;
        undo.given.profile = profileUsed;
        const PlannedRun planned =
            RunPlanner::planUndo(*undone, history.streams(id), ProfileStore(), undo);
        if (!planned.ok())
            return usage(planned.problem);
        plan = planned.plan;
        profileUsed = planned.profile;
    }
    if (p.isSet(profile)) {
        if (!profileUsed)
            return usage(tr("no profile named '%1' (cdnrec profile list)").arg(p.value(profile)));
        if (!undone) {
            plan.target = Run::targetFor(*profileUsed);
            plan.options = Run::optionsFor(*profileUsed);
            plan.label = Run::labelFor(*profileUsed);
        }
    }
    if (profileUsed)
        plan.options.action = action; // the profile's options are a stop's
    if (!p.isSet(vendor) && !profileUsed && !undone)
        return usage(tr("--vendor is required: Tencent, Ws or Huawei"));
    if (p.isSet(vendor)) {
        const auto v = vendorFromString(p.value(vendor));
        if (!v)
            return usage(tr("unknown vendor '%1': use Tencent, Ws or Huawei").arg(p.value(vendor)));
        plan.target.vendor = *v;
    }
    if (p.isSet(endpoint) || (!profileUsed && !undone))
        plan.target.endpoint =
            p.isSet(endpoint) ? QUrl(p.value(endpoint), QUrl::StrictMode) : Endpoint::defaultUrl();
    if (const QString why = Endpoint::problem(plan.target.endpoint); !why.isEmpty())
        return usage(tr("--endpoint: %1").arg(why));
    const bool loopback = Endpoint::isLoopbackHost(plan.target.endpoint.host());
    if (p.isSet(appId)) {
        QString why;
        const auto id = Profile::parseAppId(p.value(appId), &why);
        if (!id)
            return usage(tr("--app-id '%1': %2").arg(p.value(appId), why));
        plan.target.appId = *id;
    } else if (!profileUsed && !undone) {
        return usage(tr("--app-id is required (or --profile)"));
    }
    if (p.isSet(testEnv))
        plan.target.isTest = true;
    // A profile run keeps its name; otherwise the history says where the calls went.
    if (profileUsed && (p.isSet(endpoint) || p.isSet(appId)))
        plan.label = tr("%1 (with --endpoint/--app-id: %2)")
                         .arg(profileUsed->name, Run::labelFor(plan.target));
    else if (!profileUsed)
        plan.label = Run::labelFor(plan.target);
    if (undone && !profileUsed && !p.isSet(endpoint) && !p.isSet(appId))
        plan.label = undone->profile; // the undo reads as the stop it undoes

    if (p.isSet(batch) || !profileUsed) {
        bool ok = false;
        const int n = p.value(batch).trimmed().toInt(&ok);
        if (!ok || n < 1 || n > Profile::MaxBatchSize)
            return usage(
                tr("--batch-size must be a whole number from 1 to %1").arg(Profile::MaxBatchSize));
        plan.options.batchSize = n;
    }
    if (p.isSet(rate) || !profileUsed) {
        // Above 20 only for the simulator: ZEGO refuses it, and the customer's servers share it.
        const double max = loopback ? 10000 : Profile::MaxCallsPerSecond;
        const auto r = number(p.value(rate), 0.1, max);
        if (!r)
            return usage(tr("--rate must be a number from 0.1 to %1 calls per second (ZEGO allows "
                            "20 per AppId)")
                             .arg(max));
        plan.options.callsPerSecond = *r;
    }
    const auto t = number(p.value(timeout), 1, 600);
    if (!t)
        return usage(tr("--timeout must be a number of seconds from 1 to 600"));
    plan.options.timeoutMs = int(std::lround(*t * 1000));

    // Stream IDs, in the order given. Each --stream value is one ID exactly as given.
    plan.items += RunPlanner::itemsFor(p.values(stream));
    if (p.isSet(file)) {
        if (p.value(file) == QLatin1String("-")) {
            // The same cap as a file: a 1 GB line must not take the machine's memory.
            QByteArray data;
            QString error;
            const ReadResult read =
                readBoundedFd(fileno(stdin), StreamIds::MaxFileBytes, -1, &data, &error);
            if (read == ReadResult::Failed)
                return usage(tr("cannot read standard input: %1").arg(error));
            if (read == ReadResult::TooLarge)
                return usage(
                    tr("standard input holds more than %1 MiB of stream IDs: split the list")
                        .arg(StreamIds::MaxFileBytes / (1024 * 1024)));
            plan.items += StreamIds::parse(QString::fromUtf8(data));
        } else {
            QString error;
            const auto fromFile = StreamIds::parseFile(p.value(file), &error);
            if (!error.isEmpty())
                return usage(error);
            plan.items += fromFile;
        }
    }
    if (plan.items.isEmpty())
        return usage(tr("no stream IDs: give --stream ID or --file PATH"));
    if (starts) {
        if (p.isSet(forOption) && p.isSet(untilOption))
            return usage(tr("give --for or --until, not both"));
        if (p.isSet(untilOption)) {
            QDateTime until = QDateTime::fromString(p.value(untilOption).trimmed(), Qt::ISODate);
            const qint64 now = QDateTime::currentSecsSinceEpoch();
            if (!until.isValid())
                return usage(tr("--until '%1': not a date and time such as 2026-11-23T08:00")
                                 .arg(p.value(untilOption)));
            const qint64 secs = until.toSecsSinceEpoch();
            if (secs < now + EndTimeBounds::MinForSecs || secs > now + EndTimeBounds::MaxSecs)
                return usage(tr("--until must be from 11 minutes to 24 hours from now (ZEGO "
                                "ends a recording at most 24 hours ahead)"));
            plan.options.startUntil = secs;
        } else {
            const auto d = durationSecs(p.value(forOption).isEmpty() ? QStringLiteral("24h")
                                                                     : p.value(forOption));
            if (!d || *d < EndTimeBounds::MinForSecs || *d > EndTimeBounds::MaxSecs)
                return usage(tr("--for must be a duration from 11m to 24h, such as 30m or 6h"));
            plan.options.startForSecs = *d;
        }
    }
    plan.items = RunPlanner::merged(std::move(plan.items));
    plan.record = !p.isSet(noHistory) && !p.isSet(dryRun);
    plan.sends = !p.isSet(dryRun);

    Run run(plan);
    const bool json = p.isSet(jsonOption);
    // Input problems first: the operator sees them whatever happens next.
    {
        int listed = 0;
        int more = 0;
        for (const StreamIds::Item &i : std::as_const(plan.items)) {
            if (i.verdict != StreamIds::Verdict::Invalid &&
                i.verdict != StreamIds::Verdict::Warning)
                continue;
            if (listed++ >= kMaxListedInvalid) {
                ++more;
                continue;
            }
            say(i.verdict == StreamIds::Verdict::Invalid
                    ? tr("skipping invalid stream ID '%1': %2").arg(i.id.left(80), i.reason)
                    : tr("note: '%1' %2").arg(i.id.left(80), i.reason));
        }
        if (more)
            say(tr("... and %1 more invalid or unusual stream IDs").arg(more));
    }
    if (!run.prepare()) {
        QString why = run.problem();
        if (run.refusal() == Run::Refusal::History)
            why += tr(", so nothing was sent; use --no-history to send anyway");
        if (run.refusal() == Run::Refusal::Role) {
            // The team's rights, not the input: nothing was sent.
            say(tr("%1; nothing was sent").arg(why));
            return int(ExitCredentials);
        }
        return usage(why);
    }
    if (run.duplicateCount())
        say(tr("%1 duplicate stream ID(s) sent once").arg(run.duplicateCount()));

    if (p.isSet(dryRun)) {
        Signer signer;
        QJsonArray calls;
        const QList<RunPlanner::DryCall> batches =
            RunPlanner::dryRun(run.plan(), signer, QDateTime::currentSecsSinceEpoch());
        for (const RunPlanner::DryCall &call : batches) {
            if (json) {
                QJsonObject c;
                c.insert(QStringLiteral("url"), call.url);
                c.insert(QStringLiteral("stream_ids"), QJsonArray::fromStringList(call.streamIds));
                calls.append(c);
            } else {
                m_out << "GET " << call.url << '\n';
            }
        }
        if (json) {
            QJsonObject doc;
            doc.insert(QStringLiteral("dry_run"), true);
            doc.insert(QStringLiteral("calls"), calls);
            m_out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        } else {
            say(tr("dry run: %1 call(s) for %2 stream(s); nothing was sent")
                    .arg(batches.size())
                    .arg(run.sendableIds().size()));
        }
        return ExitAllStopped;
    }

    // The secret: a file, else the environment, else the profile's keyring entry. Never the
    // command line.
    QString secret;
    if (p.isSet(secretFile)) {
        if (const QString why = readSecretFile(p.value(secretFile), &secret); !why.isEmpty())
            return usage(why);
    } else {
        secret = qEnvironmentVariable("CDNREC_SERVER_SECRET").trimmed();
    }
    QString keyringSaid;
    if (secret.isEmpty() && profileUsed) {
        SecretStore secrets;
        const auto r = secrets.readNow(profileUsed->name);
        if (r.ok())
            secret = r.secret;
        else
            keyringSaid = r.message;
    }
    if (secret.isEmpty())
        return usage(
            keyringSaid.isEmpty()
                ? tr("no ServerSecret: use --secret-file PATH or set CDNREC_SERVER_SECRET")
                : tr("no ServerSecret: %1 Or use --secret-file PATH or CDNREC_SERVER_SECRET.")
                      .arg(keyringSaid));
    run.setSecret(secret);
    secret.clear();

    QEventLoop loop;
    const bool progress = !json && isatty(fileno(stderr));
    QObject::connect(&run, &Run::finished, &loop, &QEventLoop::quit);
    bool saidProblem = false;
    QObject::connect(&run, &Run::problemRaised, &loop,
                     [this, progress, &saidProblem](const QString &message) {
                         if (progress)
                             m_err << '\n';
                         say(message);
                         saidProblem = true;
                     });
    QObject::connect(&run, &Run::notice, &loop, [this](const QString &message) { say(message); });
    for (const QString &n : run.notices())
        say(n);
    if (progress) {
        QObject::connect(&run, &Run::progress, &loop, [this, &run](int done, int total) {
            m_err << '\r'
                  << (run.action() == RunAction::Start ? tr("starting: %1/%2 done, %3 not started")
                                                       : tr("stopping: %1/%2 done, %3 not stopped"))
                         .arg(done)
                         .arg(total)
                         .arg(run.notStoppedCount());
            m_err.flush();
        });
    }
    // Ctrl+C and SIGTERM cancel: calls in flight become Unknown, the rest Skipped, and the report
    // still prints.
    g_interrupted = false;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &loop, [this, &run] {
        if (g_interrupted.exchange(false)) {
            say(tr("interrupted: cancelling (calls in flight are marked unknown)"));
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
    if (progress) {
        m_err << '\n';
        m_err.flush(); // before the table starts on stdout, on the same terminal
    }

    report(run, json);
    if (const QString problem = run.problem(); !problem.isEmpty() && !saidProblem)
        say(problem);

    switch (run.verdict()) {
    case Run::Verdict::CredentialsRefused:
        return ExitCredentials;
    case Run::Verdict::Unreachable:
        return ExitUnreachable;
    case Run::Verdict::AllStopped:
        return ExitAllStopped;
    case Run::Verdict::NotAllStopped:
        return ExitNotAllStopped;
    }
    return ExitNotAllStopped;
}

void StopCommand::report(const Run &run, bool json)
{
    const Report::Summary summary = run.summary();
    if (json) {
        // Streamed: a million streams are written one at a time, never built as one document.
        QFile out;
        m_out.flush();
        if (out.open(stdout, QIODevice::WriteOnly, QFileDevice::DontCloseHandle)) {
            JsonReportWriter writer(&out, summary, run.action());
            run.forEachReportRow([&writer](const StreamOutcome &o) { writer.add(o); });
            if (!writer.finish())
                say(tr("could not write the whole report to standard output"));
            out.flush();
        }
    } else {
        int idWidth = 9;
        int codeWidth = 4;
        run.forEachReportRow([&](const StreamOutcome &o) {
            idWidth = qMin(48, qMax(idWidth, int(o.streamId.size())));
            codeWidth = qMin(32, qMax(codeWidth, int(o.code.size())));
        });
        m_out << pad(tr("STREAM ID"), idWidth) << "  " << pad(tr("STATUS"), 8) << "  "
              << pad(tr("CODE"), codeWidth) << "  " << pad(tr("TRIES"), 5) << "  "
              << tr("MESSAGE / REQUEST ID") << '\n';
        // Everything here may come from a gateway or an input file: printed, never obeyed.
        run.forEachReportRow([&](const StreamOutcome &o) {
            QString detail = printable(o.message);
            if (!o.requestId.isEmpty())
                detail += (detail.isEmpty() ? QString() : QStringLiteral("  ")) +
                          QStringLiteral("[%1]").arg(printable(o.requestId));
            if (o.endTime > 0)
                detail += (detail.isEmpty() ? QString() : QStringLiteral("  ")) +
                          tr("recording until %1")
                              .arg(QDateTime::fromSecsSinceEpoch(o.endTime).toString(
                                  QStringLiteral("yyyy-MM-dd HH:mm")));
            m_out << pad(printable(o.streamId), idWidth) << "  "
                  << pad(statusKey(o.status, run.action()), 8) << "  "
                  << pad(printable(o.code), codeWidth) << "  "
                  << pad(QString::number(o.attempts), 5) << "  " << detail << '\n';
        });
        m_out << tr("%1 requested: %2 %3, %4 failed, %5 unknown, %6 skipped")
                     .arg(summary.requested)
                     .arg(summary.stopped)
                     .arg(statusKey(StreamStatus::Succeeded, run.action()))
                     .arg(summary.failed)
                     .arg(summary.unknown)
                     .arg(summary.skipped)
              << '\n';
    }
    if (const Job *job = run.job()) {
        for (const StreamOutcome &extra : job->extraStreams())
            say(tr("note: the vendor also answered for '%1', which was not asked")
                    .arg(extra.streamId));
    }
    m_out.flush();
    m_err.flush();
}

} // namespace cdnrec
