// SPDX-License-Identifier: GPL-3.0-or-later
#include "historycommand.h"

#include "history.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace cdnrec {

namespace {

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QStringLiteral("-");
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

} // namespace

HistoryCommand::HistoryCommand(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{
}

int HistoryCommand::run(const QStringList &arguments)
{
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption stream(QStringLiteral("stream"), tr("Only runs that carried this stream, and its outcome in each."), QStringLiteral("ID"));
    const QCommandLineOption profile(QStringLiteral("profile"), tr("Only runs with this profile."), QStringLiteral("NAME"));
    const QCommandLineOption since(QStringLiteral("since"), tr("Only runs started at or after this date (2026-11-01 or 2026-11-01T08:00)."), QStringLiteral("DATE"));
    const QCommandLineOption until(QStringLiteral("until"), tr("Only runs started before this date."), QStringLiteral("DATE"));
    const QCommandLineOption status(QStringLiteral("status"), tr("Only streams with this outcome: stopped, failed, unknown, skipped, sending, pending."), QStringLiteral("S"));
    const QCommandLineOption runId(QStringLiteral("run"), tr("One run: its streams and calls."), QStringLiteral("ID"));
    const QCommandLineOption json(QStringLiteral("json"), tr("One JSON document on standard output."));
    p.addOptions({stream, profile, since, until, status, runId, json});
    QStringList args = arguments;
    args.removeAt(1);
    if (!p.parse(args)) {
        m_err << "cdnrec history: " << p.errorText() << '\n';
        return 2;
    }
    if (p.isSet(QStringLiteral("help"))) {
        m_out << p.helpText().replace(QStringLiteral("[options]"), QStringLiteral("history [options]"));
        return 0;
    }
    History::Filter f;
    f.streamId = p.value(stream);
    f.profile = p.value(profile);
    f.status = p.value(status);
    for (const auto &[opt, target] : {std::pair{&since, &f.since}, std::pair{&until, &f.until}}) {
        if (p.isSet(*opt)) {
            *target = parseDate(p.value(*opt));
            if (!target->isValid()) {
                m_err << "cdnrec history: " << tr("'%1' is not a date (use 2026-11-01 or 2026-11-01T08:00)").arg(p.value(*opt)) << '\n';
                return 2;
            }
        }
    }
    History history;
    if (!history.problem().isEmpty())
        m_err << "cdnrec history: " << history.problem() << '\n';

    const auto streamJson = [](const History::Stream &s) {
        QJsonObject o;
        o.insert(QStringLiteral("run"), s.runId);
        o.insert(QStringLiteral("run_started"), s.runStartedAt.toString(Qt::ISODateWithMs));
        o.insert(QStringLiteral("profile"), s.profile);
        o.insert(QStringLiteral("stream_id"), s.streamId);
        o.insert(QStringLiteral("status"), s.status);
        o.insert(QStringLiteral("code"), s.code);
        o.insert(QStringLiteral("message"), s.message);
        o.insert(QStringLiteral("vendor_request_id"), s.vendorRequestId);
        o.insert(QStringLiteral("request_id"), s.requestId);
        o.insert(QStringLiteral("attempts"), s.attempts);
        o.insert(QStringLiteral("updated"), s.updatedAt.toString(Qt::ISODateWithMs));
        return o;
    };
    const auto runJson = [](const History::Run &r) {
        QJsonObject o;
        o.insert(QStringLiteral("run"), r.id);
        o.insert(QStringLiteral("started"), r.startedAt.toString(Qt::ISODateWithMs));
        o.insert(QStringLiteral("ended"), r.endedAt.isValid() ? r.endedAt.toString(Qt::ISODateWithMs) : QString());
        o.insert(QStringLiteral("os_user"), r.osUser);
        o.insert(QStringLiteral("host"), r.host);
        o.insert(QStringLiteral("profile"), r.profile);
        o.insert(QStringLiteral("app_id"), qint64(r.appId));
        o.insert(QStringLiteral("endpoint"), r.endpoint);
        o.insert(QStringLiteral("vendor"), r.vendor);
        o.insert(QStringLiteral("requested"), r.requested);
        o.insert(QStringLiteral("stopped"), r.stopped);
        o.insert(QStringLiteral("failed"), r.failed);
        o.insert(QStringLiteral("unknown"), r.unknown);
        o.insert(QStringLiteral("skipped"), r.skipped);
        o.insert(QStringLiteral("cancelled"), r.cancelled);
        return o;
    };
    const auto statusText = [](const History::Stream &s, const History::Run &r) {
        // A run that never ended: what was still in flight has an unknown outcome.
        if (!r.endedAt.isValid() && (s.status == QLatin1String("sending") || s.status == QLatin1String("pending")))
            return s.status == QLatin1String("sending") ? tr("sent, outcome unknown") : tr("not sent");
        return s.status;
    };

    if (p.isSet(runId)) {
        const auto r = history.run(p.value(runId).toLongLong());
        if (!r) {
            m_err << "cdnrec history: " << tr("no run %1").arg(p.value(runId)) << '\n';
            return 2;
        }
        const auto streams = history.streams(r->id);
        const auto calls = history.calls(r->id);
        if (p.isSet(json)) {
            QJsonObject o = runJson(*r);
            QJsonArray s, c;
            for (const auto &x : streams)
                s.append(streamJson(x));
            for (const auto &x : calls) {
                QJsonObject j;
                j.insert(QStringLiteral("call"), x.callNo);
                j.insert(QStringLiteral("sent"), x.sentAt.toString(Qt::ISODateWithMs));
                j.insert(QStringLiteral("stream_ids"), QJsonArray::fromStringList(x.streamIds));
                j.insert(QStringLiteral("attempt"), x.attempt);
                j.insert(QStringLiteral("state"), x.state == QLatin1String("sent") ? QStringLiteral("sent, outcome unknown") : x.state);
                j.insert(QStringLiteral("http_status"), x.httpStatus);
                j.insert(QStringLiteral("code"), x.code);
                j.insert(QStringLiteral("message"), x.message);
                j.insert(QStringLiteral("request_id"), x.requestId);
                j.insert(QStringLiteral("duration_ms"), x.durationMs);
                j.insert(QStringLiteral("answer"), QString::fromUtf8(x.body));
                c.append(j);
            }
            o.insert(QStringLiteral("streams"), s);
            o.insert(QStringLiteral("calls"), c);
            m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        } else {
            m_out << tr("run %1  %2  by %3@%4  profile %5  AppId %6  %7").arg(r->id).arg(when(r->startedAt), r->osUser, r->host, r->profile.isEmpty() ? QStringLiteral("-") : r->profile).arg(r->appId).arg(r->vendor) << '\n';
            for (const auto &s : streams)
                m_out << "  " << s.streamId << "  " << statusText(s, *r) << "  " << s.code << "  " << s.message << (s.requestId.isEmpty() ? QString() : QStringLiteral("  [%1]").arg(s.requestId)) << '\n';
        }
        return 0;
    }
    const QList<History::Run> runs = history.runs(f);
    if (p.isSet(json)) {
        QJsonArray a;
        for (const auto &r : runs) {
            QJsonObject o = runJson(r);
            if (!f.streamId.isEmpty() || !f.status.isEmpty()) {
                QJsonArray s;
                for (const auto &x : history.streams(r.id)) {
                    if ((f.streamId.isEmpty() || x.streamId == f.streamId) && (f.status.isEmpty() || x.status == f.status))
                        s.append(streamJson(x));
                }
                o.insert(QStringLiteral("streams"), s);
            }
            a.append(o);
        }
        QJsonObject doc;
        doc.insert(QStringLiteral("runs"), a);
        m_out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        return 0;
    }
    if (runs.isEmpty()) {
        m_err << "cdnrec history: " << tr("no run matches") << '\n';
        return 0;
    }
    for (const auto &r : runs) {
        m_out << tr("run %1  %2  %3@%4  %5  AppId %6  %7  %8 requested: %9 stopped, %10 failed, %11 unknown, %12 skipped%13")
                     .arg(r.id).arg(when(r.startedAt), r.osUser, r.host, r.profile.isEmpty() ? QStringLiteral("-") : r.profile)
                     .arg(r.appId).arg(r.vendor).arg(r.requested).arg(r.stopped).arg(r.failed).arg(r.unknown).arg(r.skipped)
                     .arg(!r.endedAt.isValid() ? tr(" (never finished: the process stopped)") : r.cancelled ? tr(" (cancelled)") : QString())
              << '\n';
        if (!f.streamId.isEmpty()) {
            for (const auto &s : history.streams(r.id)) {
                if (s.streamId == f.streamId)
                    m_out << "  " << s.streamId << "  " << statusText(s, r) << "  " << s.code << "  " << s.message << (s.requestId.isEmpty() ? QString() : QStringLiteral("  [%1]").arg(s.requestId)) << '\n';
            }
        }
    }
    return 0;
}

} // namespace cdnrec
