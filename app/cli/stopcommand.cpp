// SPDX-License-Identifier: GPL-3.0-or-later
#include "stopcommand.h"

#include "endpoint.h"
#include "history.h"
#include "profilestore.h"
#include "secretstore.h"
#include "report.h"
#include "returncodes.h"
#include "signer.h"
#include "stopjob.h"
#include "stoprequest.h"
#include "streamids.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSettings>
#include <QTextStream>
#include <QTimer>

#include <atomic>
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

} // namespace

StopCommand::StopCommand(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{
}

int StopCommand::run(const QStringList &arguments)
{
    const auto usage = [this](const QString &message) {
        m_err << "cdnrec: " << message << '\n';
        m_err.flush();
        return int(ExitUsage);
    };
    // A secret on the command line lands in shell history and in every `ps` listing.
    for (const QString &a : arguments) {
        if (a == QLatin1String("--secret") || a.startsWith(QLatin1String("--secret="))
            || a == QLatin1String("--server-secret") || a.startsWith(QLatin1String("--server-secret="))) {
            return usage(tr("the ServerSecret is never taken on the command line (it would show in "
                            "shell history and process lists): use --secret-file PATH or the "
                            "environment variable CDNREC_SERVER_SECRET"));
        }
    }

    QCommandLineParser p;
    p.setApplicationDescription(tr("Stop the CDN recording of live streams through ZEGO's "
                                   "StopCDNRecord API."));
    p.addHelpOption();
    const QCommandLineOption vendor(QStringLiteral("vendor"), tr("CDN vendor: Tencent, Ws (Wangsu) or Huawei."), QStringLiteral("V"));
    const QCommandLineOption profile(QStringLiteral("profile"), tr("Use a saved profile: its endpoint, AppId, vendor, rate and batch size, and its secret from the keyring (options given here win)."), QStringLiteral("NAME"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"), tr("Base URL (default https://rtc-api.zego.im/); http:// only for loopback."), QStringLiteral("URL"));
    const QCommandLineOption appId(QStringLiteral("app-id"), tr("ZEGO AppId."), QStringLiteral("N"));
    const QCommandLineOption testEnv(QStringLiteral("test-env"), tr("Send IsTest=true (projects created on or before 2021-11-16)."));
    const QCommandLineOption stream(QStringLiteral("stream"), tr("A stream ID; may be repeated."), QStringLiteral("ID"));
    const QCommandLineOption file(QStringLiteral("file"), tr("Read stream IDs from a text or CSV file, or - for standard input."), QStringLiteral("PATH"));
    const QCommandLineOption batch(QStringLiteral("batch-size"), tr("Stream IDs per call (default 10)."), QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption rate(QStringLiteral("rate"), tr("Calls per second (default 10; ZEGO allows 20 per AppId)."), QStringLiteral("CALLS_PER_S"), QStringLiteral("10"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), tr("Seconds to wait for each call (default 15)."), QStringLiteral("S"), QStringLiteral("15"));
    const QCommandLineOption json(QStringLiteral("json"), tr("Print one JSON document on standard output."));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"), tr("Print the calls it would make (signature redacted) and send nothing."));
    const QCommandLineOption secretFile(QStringLiteral("secret-file"), tr("Read the ServerSecret from this file."), QStringLiteral("PATH"));
    const QCommandLineOption noHistory(QStringLiteral("no-history"), tr("Do not record this run in the history (it is recorded by default)."));
    p.addOptions({vendor, profile, endpoint, appId, testEnv, stream, file, batch, rate, timeout, json, dryRun, secretFile, noHistory});

    QStringList args = arguments;
    if (args.size() > 1)
        args.removeAt(1); // "stop"
    if (!p.parse(args))
        return usage(p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        m_out << p.helpText().replace(QStringLiteral("[options]"), QStringLiteral("stop [options]"));
        return ExitAllStopped;
    }
    if (!p.positionalArguments().isEmpty())
        return usage(tr("unexpected argument '%1' (stream IDs go after --stream, or in --file)")
                         .arg(p.positionalArguments().constFirst()));

    // Validate everything before anything is sent.
    StopTarget target;
    StopOptions options;
    std::optional<Profile> profileUsed;
    if (p.isSet(profile)) {
        const ProfileStore store;
        profileUsed = store.find(p.value(profile));
        if (!profileUsed)
            return usage(tr("no profile named '%1' (cdnrec profile list)").arg(p.value(profile)));
        target.endpoint = profileUsed->endpoint();
        target.appId = profileUsed->appId;
        target.isTest = profileUsed->isTest;
        target.vendor = profileUsed->vendor;
        options.callsPerSecond = profileUsed->callsPerSecond;
        options.batchSize = profileUsed->batchSize;
    }
    // What the command line gives wins over the profile.
    if (!p.isSet(vendor) && !profileUsed)
        return usage(tr("--vendor is required: Tencent, Ws or Huawei"));
    if (p.isSet(vendor)) {
        const auto v = vendorFromString(p.value(vendor));
        if (!v)
            return usage(tr("unknown vendor '%1': use Tencent, Ws or Huawei").arg(p.value(vendor)));
        target.vendor = *v;
    }
    if (p.isSet(endpoint) || !profileUsed)
        target.endpoint = p.isSet(endpoint) ? QUrl(p.value(endpoint), QUrl::StrictMode)
                                            : Endpoint::defaultUrl();
    if (const QString why = Endpoint::problem(target.endpoint); !why.isEmpty())
        return usage(tr("--endpoint: %1").arg(why));
    const bool loopback = Endpoint::isLoopbackHost(target.endpoint.host());
    bool ok = false;
    if (p.isSet(appId)) {
        target.appId = p.value(appId).toUInt(&ok);
        if (!ok)
            return usage(tr("--app-id '%1' is not a number from 0 to 4294967295").arg(p.value(appId)));
    } else if (!profileUsed) {
        return usage(tr("--app-id is required (or --profile)"));
    }
    if (p.isSet(testEnv))
        target.isTest = true;

    if (p.isSet(batch) || !profileUsed) {
        options.batchSize = p.value(batch).toInt(&ok);
        if (!ok || options.batchSize < 1 || options.batchSize > 100)
            return usage(tr("--batch-size must be a whole number from 1 to 100"));
    }
    if (p.isSet(rate) || !profileUsed) {
        options.callsPerSecond = p.value(rate).toDouble(&ok);
        // Above 20 is only for the simulator: ZEGO refuses it, and the customer's servers share it.
        if (!ok || options.callsPerSecond <= 0 || (options.callsPerSecond > 20 && !loopback))
            return usage(tr("--rate must be above 0 and at most 20 (ZEGO allows 20 calls/s per AppId)"));
    }
    const double timeoutSecs = p.value(timeout).toDouble(&ok);
    if (!ok || timeoutSecs <= 0 || timeoutSecs > 600)
        return usage(tr("--timeout must be a number of seconds from 0 to 600"));
    options.timeoutMs = int(timeoutSecs * 1000);

    // Stream IDs, in the order given.
    // Each --stream value is one ID exactly as given (a space in it makes it invalid).
    QList<StreamIds::Item> items;
    for (const QString &given : p.values(stream)) {
        StreamIds::Item item;
        item.id = given.trimmed();
        item.verdict = StreamIds::check(item.id, &item.reason);
        items.append(item);
    }
    if (p.isSet(file)) {
        QString error;
        QList<StreamIds::Item> fromFile;
        if (p.value(file) == QLatin1String("-")) {
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly))
                return usage(tr("cannot read standard input"));
            fromFile = StreamIds::parse(QString::fromUtf8(in.readAll()));
        } else {
            fromFile = StreamIds::parseFile(p.value(file), &error);
            if (!error.isEmpty())
                return usage(error);
        }
        items += fromFile;
    }
    // Duplicates across --stream values and the file alike.
    QSet<QString> seen;
    for (StreamIds::Item &item : items) {
        if (item.verdict == StreamIds::Verdict::Invalid)
            continue;
        if (seen.contains(item.id)) {
            item.verdict = StreamIds::Verdict::Duplicate;
            item.reason = tr("duplicate of an earlier ID");
        } else {
            seen.insert(item.id);
        }
    }
    if (items.isEmpty())
        return usage(tr("no stream IDs: give --stream ID or --file PATH"));

    QStringList sendable;
    int duplicates = 0;
    for (const auto &i : std::as_const(items)) {
        switch (i.verdict) {
        case StreamIds::Verdict::Invalid:
            m_err << "cdnrec: " << tr("skipping invalid stream ID '%1': %2").arg(i.id.left(80), i.reason) << '\n';
            break;
        case StreamIds::Verdict::Warning:
            m_err << "cdnrec: " << tr("note: '%1' %2").arg(i.id.left(80), i.reason) << '\n';
            sendable.append(i.id);
            break;
        case StreamIds::Verdict::Duplicate:
            ++duplicates;
            break;
        case StreamIds::Verdict::Ok:
            sendable.append(i.id);
            break;
        }
    }
    if (duplicates)
        m_err << "cdnrec: " << tr("%n duplicate stream ID(s) sent once", nullptr, duplicates) << '\n';
    if (sendable.isEmpty())
        return usage(tr("no valid stream IDs to send"));

    if (p.isSet(dryRun)) {
        Signer signer;
        QJsonArray calls;
        const auto batches = StopRequest::batches(target.endpoint, sendable, options.batchSize,
                                                  options.maxUrlBytes, target.isTest);
        for (const QStringList &b : batches) {
            PublicParams params;
            params.appId = target.appId;
            params.nonce = signer.nextNonce();
            params.timestamp = QDateTime::currentSecsSinceEpoch();
            params.signature = QStringLiteral("REDACTED");
            params.isTest = target.isTest;
            const QString url = StopRequest::redacted(StopRequest::url(target.endpoint, target.vendor, b, params));
            if (p.isSet(json)) {
                QJsonObject c;
                c.insert(QStringLiteral("url"), url);
                c.insert(QStringLiteral("stream_ids"), QJsonArray::fromStringList(b));
                calls.append(c);
            } else {
                m_out << "GET " << url << '\n';
            }
        }
        if (p.isSet(json)) {
            QJsonObject doc;
            doc.insert(QStringLiteral("dry_run"), true);
            doc.insert(QStringLiteral("calls"), calls);
            m_out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        } else {
            m_err << "cdnrec: " << tr("dry run: %n call(s) for %1 stream(s); nothing was sent", nullptr, int(batches.size())).arg(sendable.size()) << '\n';
        }
        return ExitAllStopped;
    }

    // The secret: a file, else the environment. Never the command line.
    if (p.isSet(secretFile)) {
        QFile f(p.value(secretFile));
        if (!f.open(QIODevice::ReadOnly))
            return usage(tr("cannot read the secret file %1: %2").arg(f.fileName(), f.errorString()));
        target.secret = QString::fromUtf8(f.read(4096)).trimmed();
        if (QFileInfo(f).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
            m_err << "cdnrec: " << tr("warning: %1 can be read by other users (chmod 600 %1)").arg(f.fileName()) << '\n';
    } else {
        target.secret = qEnvironmentVariable("CDNREC_SERVER_SECRET").trimmed();
    }
    QString keyringSaid;
    if (target.secret.isEmpty() && profileUsed) {
        SecretStore secrets;
        const auto r = secrets.readNow(profileUsed->name);
        if (r.ok())
            target.secret = r.secret;
        else
            keyringSaid = r.message;
    }
    if (target.secret.isEmpty())
        return usage(keyringSaid.isEmpty()
                         ? tr("no ServerSecret: use --secret-file PATH or set CDNREC_SERVER_SECRET")
                         : tr("no ServerSecret: %1 Or use --secret-file PATH or CDNREC_SERVER_SECRET.").arg(keyringSaid));

    // The audit history: every call is recorded before it is sent. Without a history, nothing is
    // sent, unless the operator said --no-history.
    std::unique_ptr<History> history;
    std::unique_ptr<CallJournal> journal;
    // The console's setting applies here too: history/requireRecording=false sends anyway.
    const bool requireHistory = QSettings().value(QStringLiteral("history/requireRecording"), true).toBool();
    if (!p.isSet(noHistory)) {
        history = std::make_unique<History>();
        if (!history->problem().isEmpty())
            m_err << "cdnrec: " << history->problem() << '\n';
        if (!history->isOpen() && requireHistory)
            return usage(tr("the history cannot record this run, so nothing was sent; use --no-history to send anyway"));
        if (!history->isOpen())
            history.reset();
    }
    if (history) {
        history->purgeOlderThan(QSettings().value(QStringLiteral("history/keepDays"), 0).toInt());
        History::RunInfo info;
        info.profile = profileUsed ? profileUsed->name : QString();
        info.appId = target.appId;
        info.endpoint = target.endpoint.toString();
        info.vendor = vendorWireName(target.vendor);
        info.streamIds = sendable;
        const qint64 runId = history->beginRun(info);
        if (runId <= 0 && requireHistory)
            return usage(tr("the history cannot record this run (%1), so nothing was sent; use --no-history to send anyway").arg(history->lastError()));
        if (runId > 0)
            journal = history->journal(runId);
    }

    // Run.
    options.requireJournal = requireHistory;
    StopJob job(target, sendable, options);
    if (journal)
        job.setJournal(journal.get());
    QEventLoop loop;
    const bool progress = !p.isSet(json) && isatty(fileno(stderr));
    QObject::connect(&job, &StopJob::finished, &loop, &QEventLoop::quit);
    QObject::connect(&job, &StopJob::problemRaised, &loop, [this](const QString &message, qint64) {
        m_err << "\ncdnrec: " << message << '\n';
        m_err.flush();
    });
    if (progress) {
        QObject::connect(&job, &StopJob::progress, &loop, [this, &job](int done, int total) {
            int failed = 0;
            for (const StreamOutcome &o : job.outcomes())
                failed += o.status == StreamStatus::Failed || o.status == StreamStatus::Unknown;
            m_err << '\r' << tr("stopping: %1/%2 done, %3 not stopped").arg(done).arg(total).arg(failed);
            m_err.flush();
        });
    }
    // Ctrl+C cancels: calls in flight become Unknown, the rest Skipped, and the table still prints.
    g_interrupted = false;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &loop, [&job] {
        if (g_interrupted.exchange(false))
            job.cancel();
    });
    interruptPoll.start(100);
    job.start();
    loop.exec();
    interruptPoll.stop();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (progress)
        m_err << '\n';

    // Report: one entry per distinct requested ID, in input order (invalid ones as skipped).
    QHash<QString, int> rowOf;
    for (int r = 0; r < job.streamCount(); ++r)
        rowOf.insert(job.outcome(r).streamId, r);
    QList<StreamOutcome> report;
    for (const auto &i : std::as_const(items)) {
        if (i.verdict == StreamIds::Verdict::Duplicate)
            continue;
        if (i.verdict == StreamIds::Verdict::Invalid) {
            StreamOutcome o;
            o.streamId = i.id;
            o.status = StreamStatus::Skipped;
            o.message = tr("invalid stream ID: %1").arg(i.reason);
            report.append(o);
            continue;
        }
        report.append(job.outcome(rowOf.value(i.id)));
    }
    const Report::Summary summary = Report::summarize(report);

    if (p.isSet(json)) {
        m_out << QJsonDocument(Report::toJson(report)).toJson(QJsonDocument::Indented);
    } else {
        int idWidth = 9;
        int codeWidth = 4;
        for (const StreamOutcome &o : std::as_const(report)) {
            idWidth = qMin(48, qMax(idWidth, int(o.streamId.size())));
            codeWidth = qMin(32, qMax(codeWidth, int(o.code.size())));
        }
        m_out << pad(tr("STREAM ID"), idWidth) << "  " << pad(tr("STATUS"), 8) << "  "
              << pad(tr("CODE"), codeWidth) << "  " << pad(tr("TRIES"), 5) << "  " << tr("MESSAGE / REQUEST ID") << '\n';
        for (const StreamOutcome &o : std::as_const(report)) {
            QString detail = o.message;
            if (!o.requestId.isEmpty())
                detail += (detail.isEmpty() ? QString() : QStringLiteral("  ")) + QStringLiteral("[%1]").arg(o.requestId);
            m_out << pad(o.streamId, idWidth) << "  " << pad(statusKey(o.status), 8) << "  "
                  << pad(o.code, codeWidth) << "  " << pad(QString::number(o.attempts), 5) << "  "
                  << detail << '\n';
        }
        m_out << tr("%1 requested: %2 stopped, %3 failed, %4 unknown, %5 skipped")
                     .arg(summary.requested).arg(summary.stopped).arg(summary.failed)
                     .arg(summary.unknown).arg(summary.skipped)
              << '\n';
    }
    for (const StreamOutcome &extra : job.extraStreams())
        m_err << "cdnrec: " << tr("note: the vendor also answered for '%1', which was not asked").arg(extra.streamId) << '\n';
    m_out.flush();
    m_err.flush();

    if (job.problemCode() && ReturnCodes::isCredentialOrConfig(job.problemCode()))
        return ExitCredentials;
    if (!job.reachedEndpoint() && job.callCount() > 0 && !job.wasCancelled())
        return ExitUnreachable;
    return summary.stopped == summary.requested ? ExitAllStopped : ExitNotAllStopped;
}

} // namespace cdnrec
