// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <engine/roomlister.h>

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

class QTextStream;

namespace cdnrec {

class RunReporter;

// `cdnrec streams --room ROOM ...`: the streams each room publishes now (DescribeSimpleStreamList),
// as a table or one JSON document. Also how `cdnrec stop --room` lists its rooms (listRooms()).
class StreamsCommand final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::StreamsCommand)
public:
    StreamsCommand(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments); // arguments[0] is the program, [1] the command

    // What listing some rooms came to.
    struct Listed
    {
        QList<RoomListing> rooms; // in the order asked, each room once
        QString problem;          // the lister's run-level problem (credentials refused)
        qint64 problemCode = 0;
        bool reached = false; // some call got an HTTP answer
        int calls = 0;
        int failed() const;
    };
    // Lists the rooms (the event loop runs meanwhile), pacing and reusing across processes
    // (RoomLister::listLimiter(), RoomListFileCache beside the history). Each room is said on
    // stderr as it comes when sayEach.
    static Listed listRooms(const RoomListTarget &target, const QStringList &rooms,
                            RunReporter &reporter, bool sayEach);
    // "room 8842: 3 streams (read at 12:00:01)", "... listed 4 s ago ...", "no streams", "not
    // listed: why".
    static QString roomLine(const RoomListing &listing);
    // {"room", "status", "read_at", "age_ms", "streams": [{"stream_id", "user_id",
    // "user_name", "created"}]} (and "error", "code" for a room not listed).
    static QJsonObject roomJson(const RoomListing &listing);
    // The exit code of a listing (0 every room listed, 1 some not, 3 credentials, 4 unreachable).
    static int exitCode(const Listed &listed);

private:
    struct Options;
    // The endpoint, AppId, IsTest and secret from the options (a profile, then what is given);
    // empty, or why not (a usage error).
    QString planTarget(const Options &o, RunReporter &reporter, RoomListTarget *target) const;
    void table(const Listed &listed);

    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cdnrec
