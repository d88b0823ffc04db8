// SPDX-License-Identifier: GPL-3.0-or-later
#include "runreporter.h"

#include "actioncommand.h"
#include <app/reportwriter.h>
#include <app/run.h>
#include <model/terminaltext.h>

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace cdnrec {

namespace {

QString pad(const QString &s, int width)
{
    return s.size() >= width ? s : s + QString(width - s.size(), u' ');
}

// Invalid IDs are listed one per line; past this many, a count says how many more.
constexpr int kMaxListedInvalid = 20;

// A row's last column: the message, the request ID, and when a restarted recording ends.
// Everything here may come from a gateway or an input file: printed, never obeyed.
QString detailOf(const StreamOutcome &o)
{
    QString detail = printable(o.message);
    if (!o.requestId.isEmpty())
        detail += (detail.isEmpty() ? QString() : QStringLiteral("  ")) +
                  QStringLiteral("[%1]").arg(printable(o.requestId));
    if (o.endTime > 0)
        detail += (detail.isEmpty() ? QString() : QStringLiteral("  ")) +
                  RunReporter::tr("recording until %1")
                      .arg(QDateTime::fromSecsSinceEpoch(o.endTime).toString(
                          QStringLiteral("yyyy-MM-dd HH:mm")));
    return detail;
}

} // namespace

RunReporter::RunReporter(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}

void RunReporter::say(const QString &message)
{
    m_err << "cdnrec: " << printable(message) << '\n';
    m_err.flush();
}

void RunReporter::inputProblems(const QList<StreamIds::Item> &items)
{
    int listed = 0;
    int more = 0;
    for (const StreamIds::Item &i : items) {
        if (i.verdict != StreamIds::Verdict::Invalid && i.verdict != StreamIds::Verdict::Warning)
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

void RunReporter::dryRun(const QList<RunPlanner::DryCall> &calls, qsizetype streams, bool json)
{
    if (!json) {
        for (const RunPlanner::DryCall &call : calls)
            m_out << "GET " << call.url << '\n';
        say(tr("dry run: %1 call(s) for %2 stream(s); nothing was sent")
                .arg(calls.size())
                .arg(streams));
        return;
    }
    QJsonArray array;
    for (const RunPlanner::DryCall &call : calls) {
        QJsonObject c;
        c.insert(QStringLiteral("url"), call.url);
        c.insert(QStringLiteral("stream_ids"), QJsonArray::fromStringList(call.streamIds));
        array.append(c);
    }
    QJsonObject doc;
    doc.insert(QStringLiteral("dry_run"), true);
    doc.insert(QStringLiteral("calls"), array);
    m_out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

void RunReporter::progress(const Run &run, int done, int total)
{
    m_err << '\r'
          << (run.action() == RunAction::Start ? tr("starting: %1/%2 done, %3 not started")
                                               : tr("stopping: %1/%2 done, %3 not stopped"))
                 .arg(done)
                 .arg(total)
                 .arg(run.notStoppedCount());
    m_err.flush();
}

void RunReporter::report(const Run &run, bool json)
{
    if (json) {
        // Streamed: a million streams are written one at a time, never built as one document.
        QFile out;
        m_out.flush();
        if (out.open(stdout, QIODevice::WriteOnly, QFileDevice::DontCloseHandle)) {
            JsonReportWriter writer(&out, run.summary(), run.action());
            run.forEachReportRow([&writer](const StreamOutcome &o) { writer.add(o); });
            if (!writer.finish())
                say(tr("could not write the whole report to standard output"));
            out.flush();
        }
    } else {
        table(run);
    }
    if (const Job *job = run.job()) {
        // A few by name; a gateway that answers for thousands is summed up, not echoed.
        constexpr int kNamed = 10;
        const QList<StreamOutcome> extra = job->extraStreams();
        for (qsizetype i = 0; i < extra.size() && i < kNamed; ++i)
            say(tr("note: the vendor also answered for '%1', which was not asked")
                    .arg(extra.at(i).streamId));
        if (extra.size() > kNamed)
            say(tr("note: and for %1 more streams that were not asked").arg(extra.size() - kNamed));
    }
    m_out.flush();
    m_err.flush();
}

void RunReporter::table(const Run &run)
{
    int idWidth = 9;
    int codeWidth = 4;
    run.forEachReportRow([&](const StreamOutcome &o) {
        idWidth = qMin(48, qMax(idWidth, int(o.streamId.size())));
        codeWidth = qMin(32, qMax(codeWidth, int(o.code.size())));
    });
    m_out << pad(tr("STREAM ID"), idWidth) << "  " << pad(tr("STATUS"), 8) << "  "
          << pad(tr("CODE"), codeWidth) << "  " << pad(tr("TRIES"), 5) << "  "
          << tr("MESSAGE / REQUEST ID") << '\n';
    run.forEachReportRow([&](const StreamOutcome &o) {
        m_out << pad(printable(o.streamId), idWidth) << "  "
              << pad(statusKey(o.status, run.action()), 8) << "  "
              << pad(printable(o.code), codeWidth) << "  " << pad(QString::number(o.attempts), 5)
              << "  " << detailOf(o) << '\n';
    });
    const Report::Summary summary = run.summary();
    m_out << tr("%1 requested: %2 %3, %4 failed, %5 unknown, %6 skipped")
                 .arg(summary.requested)
                 .arg(summary.stopped)
                 .arg(statusKey(StreamStatus::Succeeded, run.action()))
                 .arg(summary.failed)
                 .arg(summary.unknown)
                 .arg(summary.skipped)
          << '\n';
}

int RunReporter::exitCode(const Run &run)
{
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

} // namespace cdnrec
