// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamscommand.h"

#include "actioncommand.h"
#include "runreporter.h"
#include <app/runplanner.h>
#include <model/endpoint.h>
#include <model/terminaltext.h>
#include <store/profilestore.h>
#include <store/roomlistcache.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace cdnrec {

namespace {

QString pad(const QString &s, int width)
{
    return s.size() >= width ? s : s + QString(width - s.size(), u' ');
}

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString utcTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString createdText(const ListedStream &s)
{
    return s.createTime > 0 ? localTime(s.createTime * 1000) : QStringLiteral("-");
}

} // namespace

// The command line of `cdnrec streams`.
struct StreamsCommand::Options
{
    Options();
    QCommandLineParser parser;
    const QCommandLineOption room{QStringLiteral("room"),
                                  tr("A room ID; may be repeated. Listed as given (trimmed)."),
                                  QStringLiteral("ROOM")};
    const QCommandLineOption profile{
        QStringLiteral("profile"),
        tr("Use a saved profile: its endpoint and AppId, and its secret from the keyring "
           "(options given here win)."),
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
    const QCommandLineOption secretFile{QStringLiteral("secret-file"),
                                        tr("Read the ServerSecret from this file (or a pipe)."),
                                        QStringLiteral("PATH")};
    const QCommandLineOption json{QStringLiteral("json"),
                                  tr("Print one JSON document on standard output.")};
};

StreamsCommand::Options::Options()
{
    parser.setApplicationDescription(
        tr("List the streams each room publishes now (ZEGO's DescribeSimpleStreamList): stream "
           "ID, user, when it was created, and when the list was read. A room asked for less "
           "than 10 s ago (by any cdnrec of this user) is not asked again: that answer is shown, "
           "with its age."));
    parser.addHelpOption();
    parser.addOptions({room, profile, endpoint, appId, testEnv, secretFile, json});
}

StreamsCommand::StreamsCommand(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}

int StreamsCommand::Listed::failed() const
{
    int n = 0;
    for (const RoomListing &r : rooms)
        n += r.hasList() ? 0 : 1;
    return n;
}

StreamsCommand::Listed StreamsCommand::listRooms(const RoomListTarget &target,
                                                 const QStringList &rooms, RunReporter &reporter,
                                                 bool sayEach)
{
    RoomListFileCache cache;
    RoomLister lister(target);
    lister.setCache(&cache);
    QEventLoop loop;
    QObject::connect(&lister, &RoomLister::finished, &loop, &QEventLoop::quit);
    QObject::connect(&lister, &RoomLister::notice, &loop,
                     [&reporter](const QString &m) { reporter.say(m); });
    if (sayEach)
        QObject::connect(&lister, &RoomLister::roomListed, &loop,
                         [&reporter](const RoomListing &l) { reporter.say(roomLine(l)); });
    lister.list(rooms);
    if (!lister.isFinished())
        loop.exec();
    if (!cache.unusable().isEmpty())
        reporter.say(tr("note: %1; a room may be asked again by another cdnrec within 10 s")
                         .arg(cache.unusable()));
    Listed out;
    out.rooms = lister.listings();
    out.problem = lister.problem();
    out.problemCode = lister.problemCode();
    out.reached = lister.reachedEndpoint();
    out.calls = lister.callCount();
    return out;
}

QString StreamsCommand::roomLine(const RoomListing &l)
{
    const QString room = printable(l.room);
    if (!l.hasList())
        return tr("room %1: not listed: %2").arg(room, printable(l.error));
    const QString readAt =
        QDateTime::fromMSecsSinceEpoch(l.readAtMs).toString(QStringLiteral("HH:mm:ss"));
    if (l.streams.isEmpty())
        return l.status == RoomListing::Status::Reused
                   ? tr("room %1: no streams published (listed %2 s ago, at %3)")
                         .arg(room)
                         .arg(l.ageMs / 1000)
                         .arg(readAt)
                   : tr("room %1: no streams published (read at %2)").arg(room, readAt);
    // The command line is not translated (lupdate reads app/core and app/gui): English plurals.
    const QString count =
        l.streams.size() == 1 ? tr("1 stream") : tr("%1 streams").arg(l.streams.size());
    return l.status == RoomListing::Status::Reused
               ? tr("room %1: %2, listed %3 s ago (at %4): not asked again within 10 s")
                     .arg(room, count)
                     .arg(l.ageMs / 1000)
                     .arg(readAt)
               : tr("room %1: %2 (read at %3)").arg(room, count, readAt);
}

QJsonObject StreamsCommand::roomJson(const RoomListing &l)
{
    QJsonObject o;
    o.insert(QStringLiteral("room"), l.room);
    const char *status = l.status == RoomListing::Status::Listed   ? "listed"
                         : l.status == RoomListing::Status::Reused ? "reused"
                         : l.status == RoomListing::Status::Failed ? "failed"
                                                                   : "cancelled";
    o.insert(QStringLiteral("status"), QLatin1String(status));
    if (!l.hasList()) {
        o.insert(QStringLiteral("read_at"), QJsonValue::Null);
        o.insert(QStringLiteral("streams"), QJsonValue::Null);
        o.insert(QStringLiteral("error"), l.error);
        o.insert(QStringLiteral("code"), l.code);
        return o;
    }
    o.insert(QStringLiteral("read_at"), utcTime(l.readAtMs));
    o.insert(QStringLiteral("age_ms"), l.ageMs);
    QJsonArray streams;
    for (const ListedStream &s : l.streams) {
        QJsonObject j;
        j.insert(QStringLiteral("stream_id"), s.streamId);
        j.insert(QStringLiteral("user_id"), s.userId);
        j.insert(QStringLiteral("user_name"), s.userName);
        j.insert(QStringLiteral("created"),
                 s.createTime > 0 ? QJsonValue(utcTime(s.createTime * 1000)) : QJsonValue());
        streams.append(j);
    }
    o.insert(QStringLiteral("streams"), streams);
    return o;
}

int StreamsCommand::exitCode(const Listed &listed)
{
    if (listed.problemCode != 0)
        return ExitCredentials;
    if (listed.failed() == 0)
        return ExitAllStopped;
    if (listed.calls > 0 && !listed.reached)
        return ExitUnreachable;
    return ExitNotAllStopped;
}

void StreamsCommand::table(const Listed &listed)
{
    int roomWidth = 4;
    int idWidth = 9;
    int userWidth = 4;
    for (const RoomListing &l : listed.rooms) {
        roomWidth = qMin(32, qMax(roomWidth, int(printable(l.room).size())));
        for (const ListedStream &s : l.streams) {
            idWidth = qMin(48, qMax(idWidth, int(printable(s.streamId).size())));
            userWidth = qMin(32, qMax(userWidth, int(printable(s.userId).size())));
        }
    }
    m_out << pad(tr("ROOM"), roomWidth) << "  " << pad(tr("STREAM ID"), idWidth) << "  "
          << pad(tr("USER"), userWidth) << "  " << pad(tr("CREATED"), 19) << "  "
          << pad(tr("READ AT"), 19) << "  " << tr("USER NAME") << '\n';
    for (const RoomListing &l : listed.rooms) {
        if (!l.hasList())
            continue; // said on stderr
        const QString readAt = localTime(l.readAtMs);
        if (l.streams.isEmpty())
            m_out << pad(printable(l.room), roomWidth) << "  " << tr("(no streams)") << '\n';
        for (const ListedStream &s : l.streams) {
            m_out << pad(printable(l.room), roomWidth) << "  "
                  << pad(printable(s.streamId), idWidth) << "  "
                  << pad(printable(s.userId), userWidth) << "  " << pad(createdText(s), 19) << "  "
                  << pad(readAt, 19) << "  " << printable(s.userName) << '\n';
        }
    }
}

QString StreamsCommand::planTarget(const Options &o, RunReporter &reporter,
                                   RoomListTarget *target) const
{
    // The target as stop plans it: the profile, then what is given here.
    RunRequest given;
    const ProfileStore profiles;
    if (o.parser.isSet(o.profile)) {
        given.profile = profiles.find(o.parser.value(o.profile));
        if (!given.profile)
            return tr("no profile named '%1' (cdnrec profile list)").arg(o.parser.value(o.profile));
    }
    if (o.parser.isSet(o.endpoint))
        given.endpoint = QUrl(o.parser.value(o.endpoint), QUrl::StrictMode);
    if (o.parser.isSet(o.appId)) {
        QString why;
        given.appId = Profile::parseAppId(o.parser.value(o.appId), &why);
        if (!given.appId)
            return tr("--app-id '%1': %2").arg(o.parser.value(o.appId), why);
    } else if (!given.profile) {
        return tr("--app-id is required (or --profile)");
    }
    given.isTest = o.parser.isSet(o.testEnv);
    const PlannedRun planned = RunPlanner::plan(given, {});
    if (const QString why = Endpoint::problem(planned.plan.target.endpoint); !why.isEmpty())
        return tr("--endpoint: %1").arg(why);
    QString secret;
    if (const QString why = ActionCommand::findSecret(
            o.parser.isSet(o.secretFile) ? o.parser.value(o.secretFile) : QString(),
            planned.profile, QString(), reporter, &secret);
        !why.isEmpty())
        return why;
    target->endpoint = planned.plan.target.endpoint;
    target->appId = planned.plan.target.appId;
    target->isTest = planned.plan.target.isTest;
    target->secret = secret;
    secret.fill(QLatin1Char('\0'));
    return QString();
}

int StreamsCommand::run(const QStringList &arguments)
{
    RunReporter reporter(m_out, m_err);
    const auto usage = [&reporter](const QString &message) {
        reporter.say(message);
        return int(ExitUsage);
    };
    Options o;
    QStringList args = arguments;
    if (args.size() > 1)
        args.removeAt(1); // the command
    if (!o.parser.parse(args))
        return usage(o.parser.errorText());
    if (o.parser.isSet(QStringLiteral("help"))) {
        m_out << o.parser.helpText().replace(QStringLiteral("[options]"),
                                             QStringLiteral("streams [options]"));
        return ExitAllStopped;
    }
    if (!o.parser.positionalArguments().isEmpty())
        return usage(tr("unexpected argument '%1' (room IDs go after --room)")
                         .arg(o.parser.positionalArguments().constFirst()));
    const QStringList rooms = o.parser.values(o.room);
    if (rooms.isEmpty())
        return usage(tr("no room: give --room ROOM"));

    RoomListTarget target;
    if (const QString why = planTarget(o, reporter, &target); !why.isEmpty())
        return usage(why);

    const bool json = o.parser.isSet(o.json);
    const Listed listed = listRooms(target, rooms, reporter, false);
    for (const RoomListing &l : listed.rooms) {
        if (!l.hasList() || l.status == RoomListing::Status::Reused)
            reporter.say(roomLine(l));
    }
    if (json) {
        QJsonArray array;
        for (const RoomListing &l : listed.rooms)
            array.append(roomJson(l));
        QJsonObject doc;
        doc.insert(QStringLiteral("rooms"), array);
        m_out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
    } else {
        table(listed);
    }
    m_out.flush();
    if (!listed.problem.isEmpty())
        reporter.say(listed.problem);
    return exitCode(listed);
}

} // namespace cdnrec
