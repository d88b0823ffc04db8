// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/action.h>
#include <model/vendor.h>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

#include <deque>
#include <optional>

namespace cdnrec {

class Clock;

struct SimConfig
{
    quint32 appId = 1234567890;
    QString secret;
    double rateLimit = 20;              // calls per second per AppId, as ZEGO enforces
    qint64 clockOffsetSecs = 0;         // the server's clock is this far ahead of the local one
    qint64 wrongSecretCode = 100000005; // what a bad signature gets: 100000005 or 7
    std::optional<Vendor> vendor;       // the CDN configured for the app: others get code 4
    QByteArray dateHeader;              // when set, every answer's Date header, verbatim
    // Each request reaches the gateway a random 0..arrivalJitterMs late (a network's request
    // path), and only then is it counted against the rate and answered: what a client's calls
    // look like to a gateway far away.
    int arrivalJitterMs = 0;
    int latencyMs = 0;      // every answer is written this long after the request arrived (a timer)
    int answerJitterMs = 0; // plus a random 0..answerJitterMs more (the answer's path)
    quint32 seed = 0;       // of the random delays: the same seed, the same delays
    // DescribeSimpleStreamList: the streams each room publishes (--rooms), ZEGO's limits for it
    // (a budget of its own per AppId, and one call per room per interval; code 6 beyond).
    QHash<QString, QStringList> rooms;
    double listRateLimit = 50;
    int roomIntervalMs = 10000;
};

// What the transport does with one request.
struct SimAnswer
{
    enum class Action
    {
        Respond,    // status + headers + body
        Reset,      // close the connection without an answer
        CutMidBody, // headers promising the whole body, half of it, then close
        Trickle,    // headers, then one body byte every 200 ms, never the whole answer
        Blackhole,  // read the request, never answer, never close
    };
    Action action = Action::Respond;
    int httpStatus = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QByteArray date; // the Date header, RFC 1123
    int delayMs = 0;
    qint64 code = 0; // the top-level Code answered, for the log
    QString fault;   // which fault was played, for the log
};

// The behaviour of ZEGO's gateway for StopCDNRecord, StartCDNRecord and DescribeSimpleStreamList
// (the rooms' streams, with its two limits and its code 154), without any I/O: checks
// every public parameter, the signature, the 10-minute window, the rate and a Start's EndTime,
// and answers in the vendor's shape. Every stream records until a Stop; a Start records it until
// its EndTime. Stopping a stream that does not record (404) or starting one that does (409) is
// a per-stream failure, as a vendor gives. Stream IDs with the prefixes in the README make it
// misbehave on purpose, for both actions.
class SimGateway final
{
public:
    SimGateway(SimConfig config, const Clock *clock);

    // query: the decoded query items, in order.
    SimAnswer handle(const QList<QPair<QString, QString>> &query);

    QJsonObject stats() const;
    // The transport's account of calls received and not yet answered (or given up on): stats()
    // report the most at once as maxInFlight.
    void callOpened();
    void callClosed();
    qint64 inFlight() const { return m_inFlight; }
    const SimConfig &config() const { return m_config; }
    // For tests that change the gateway's speed during a run.
    void setLatencyMs(int latencyMs, int answerJitterMs = 0)
    {
        m_config.latencyMs = latencyMs;
        m_config.answerJitterMs = answerJitterMs;
    }
    // Whether the stream records now (the gateway's clock), and until when: -1 for a stream
    // nothing stopped, the EndTime of the Start that restarted it, 0 when it does not record.
    bool isRecording(const QString &streamId) const;
    qint64 recordingUntil(const QString &streamId) const;
    // The rooms and their streams (--rooms); a practice set for the console.
    void setRooms(const QHash<QString, QStringList> &rooms) { m_config.rooms = rooms; }
    // Reads {"room": ["stream", ...], ...}; false and *error when it is not that.
    static bool parseRooms(const QByteArray &json, QHash<QString, QStringList> *rooms,
                           QString *error);
    // The rooms the console's practice profile offers.
    static QHash<QString, QStringList> practiceRooms();
    // One JSON line describing the last call (no signature, no secret).
    QByteArray lastLogLine() const { return m_lastLog; }

private:
    // A call's parameters: StreamId[] apart, the others by name.
    struct Call
    {
        QHash<QString, QString> params;
        QStringList ids;
        const QList<QPair<QString, QString>> *query = nullptr;
        qint64 callsInWindow = 0; // of its AppId in the second up to its arrival, itself included
    };

    // Counts an arrival against its AppId; returns that AppId's calls in the last second.
    qint64 countArrival(QHash<QString, std::deque<qint64>> &windows, const QString &appId,
                        qint64 nowNs, qint64 *maxInWindow);
    QByteArray logLine(const Call &call, const SimAnswer &answer) const;
    SimAnswer check(const Call &call);
    std::optional<SimAnswer> checkPublicParams(const Call &call);
    std::optional<SimAnswer> checkIdentity(const Call &call);
    SimAnswer refuse(qint64 code, const QString &message, const QString &fault = QString());
    // The faults of the whole call that the stream IDs ask for, in the order the README lists
    // them; none: the delay and echo that apply.
    std::optional<SimAnswer> callFault(const QStringList &ids, int *delayMs, bool *echo);
    // DescribeSimpleStreamList, after the public checks: its two limits, its faults, the list.
    SimAnswer listRoom(const Call &call);
    SimAnswer respond(RunAction action, qint64 endTime, Vendor vendor, const QStringList &ids,
                      const QList<QPair<QString, QString>> &query);
    QJsonObject echoed(const QList<QPair<QString, QString>> &query, QJsonObject top) const;
    QByteArray httpDate() const;
    QString requestId();
    int timesSeen(const QString &id);

    SimConfig m_config;
    const Clock *m_clock;
    // Arrival times in the last second, per AppId as sent (ZEGO counts per AppId); stale ones
    // are dropped when the table doubles, so a flood of made-up AppIds costs no memory.
    QHash<QString, std::deque<qint64>> m_windows;
    qsizetype m_pruneAt = 64;
    QHash<QString, int> m_seen; // how many calls carried each faulty ID
    qint64 m_calls = 0;
    qint64 m_maxInWindow = 0;
    qint64 m_code6 = 0;
    qint64 m_inFlight = 0;
    qint64 m_maxInFlight = 0;
    qint64 m_streamsStopped = 0;
    qint64 m_streamsStarted = 0;
    // DescribeSimpleStreamList: arrivals per AppId in the last second (apart from the stop
    // calls'), each room's last answered call, and the counts stats() reports.
    QHash<QString, std::deque<qint64>> m_listWindows;
    QHash<QString, qint64> m_roomCalledNs;
    qsizetype m_roomPruneAt = 1024;
    QHash<QString, qint64> m_roomCalls;
    qint64 m_listCalls = 0;
    qint64 m_maxListInWindow = 0;
    qint64 m_listCode6 = 0;
    qint64 m_roomCode6 = 0;
    qint64 m_code154 = 0;
    QHash<QString, qint64> m_recordingUntil; // streams stopped (0) or restarted (EndTime)
    quint64 m_requestCounter = 0;
    QByteArray m_lastLog;
};

} // namespace cdnrec
