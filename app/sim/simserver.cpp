// SPDX-License-Identifier: GPL-3.0-or-later
#include "simserver.h"

#include <model/clock.h>

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <limits>

namespace cdnrec {

namespace {

const char *reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 404:
        return "Not Found";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    default:
        return "Status";
    }
}

QByteArray head(int status, const QByteArray &contentType, qsizetype length, const QByteArray &date)
{
    QByteArray h = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    h += "Content-Type: " + contentType + "\r\n";
    h += "Content-Length: " + QByteArray::number(length) + "\r\n";
    if (!date.isEmpty())
        h += "Date: " + date + "\r\n";
    h += "Server: cdnrec-sim\r\nConnection: keep-alive\r\n\r\n";
    return h;
}

} // namespace

SimServer::SimServer(SimConfig config, QObject *parent)
    : QAbstractHttpServer(parent), m_gateway(std::move(config), &SystemClock::shared()),
      m_random(m_gateway.config().seed)
{
}

SimServer::~SimServer() = default;

quint16 SimServer::start(quint16 port)
{
    m_port = listen(QHostAddress::LocalHost, port);
    return m_port;
}

QUrl SimServer::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(m_port);
    u.setPath(QStringLiteral("/"));
    return u;
}

bool SimServer::setLogFile(const QString &path)
{
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        return false;
    m_log = std::move(file);
    return true;
}

int SimServer::randomDelayMs(int maxMs)
{
    return maxMs > 0 ? int(m_random.bounded(maxMs + 1)) : 0;
}

void SimServer::serveStats(QTcpSocket *socket)
{
    SimAnswer a;
    QJsonObject stats = m_gateway.stats();
    stats.insert(QStringLiteral("answersWritten"), m_answered);
    a.body = QJsonDocument(stats).toJson(QJsonDocument::Compact);
    write(socket, a);
    --m_answered; // the stats answer is not a StopCDNRecord answer
}

bool SimServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    if (path == QLatin1String("/_sim/stats")) {
        serveStats(socket);
        return true;
    }
    if (path != QLatin1String("/") && !path.isEmpty())
        return false;
    // QUrlQuery decodes keys too, so "StreamId%5B%5D" and "StreamId[]" both read as StreamId[].
    const Query items = request.query().queryItems(QUrl::FullyDecoded);
    const int arrivalMs = randomDelayMs(m_gateway.config().arrivalJitterMs);
    if (arrivalMs > 0) {
        // On its way to the gateway: a timer per call, never a wait.
        QTimer::singleShot(
            arrivalMs, Qt::PreciseTimer, this,
            [this, guard = QPointer<QTcpSocket>(socket), items] { arrive(guard, items, true); });
    } else {
        arrive(socket, items, false);
    }
    return true;
}

void SimServer::arrive(const QPointer<QTcpSocket> &socket, const Query &query, bool delayed)
{
    const SimAnswer reply = m_gateway.handle(query);
    if (m_log) {
        m_log->write(m_gateway.lastLogLine() + '\n');
        m_log->flush();
    }
    m_gateway.callOpened();
    const SimConfig &config = m_gateway.config();
    // In 64 bits: slow<MS>- may ask for up to INT_MAX on top of the latency.
    const auto delayMs = int(qMin<qint64>(std::numeric_limits<int>::max(),
                                          qint64(reply.delayMs) + qMax(0, config.latencyMs) +
                                              randomDelayMs(config.answerJitterMs)));
    const auto answerIfThere = [this, socket, reply] {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            answer(socket, reply);
        else
            m_gateway.callClosed();
    };
    if (delayMs > 0) {
        // A timer per call, never a wait: hundreds of calls can be held at once. The socket is
        // guarded: a client that went meanwhile gets nothing, and nothing crashes.
        QTimer::singleShot(delayMs, Qt::PreciseTimer, this, answerIfThere);
    } else if (delayed) {
        answerIfThere();
    } else {
        answer(socket, reply); // the request's own socket, from its own handler
    }
}

void SimServer::answer(QTcpSocket *socket, const SimAnswer &reply)
{
    if (reply.action == SimAnswer::Action::Blackhole ||
        reply.action == SimAnswer::Action::Trickle) {
        // Never answered: in flight until the client gives up.
        auto closed = std::make_shared<bool>(false);
        const auto close = [this, closed] {
            if (!*closed) {
                *closed = true;
                m_gateway.callClosed();
            }
        };
        connect(socket, &QAbstractSocket::disconnected, this, close);
        connect(socket, &QObject::destroyed, this, close);
        write(socket, reply);
        return;
    }
    write(socket, reply);
    m_gateway.callClosed();
}

void SimServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    SimAnswer a;
    a.httpStatus = 404;
    a.contentType = "text/plain";
    a.body = "not found\n";
    write(socket, a);
}

void SimServer::write(QTcpSocket *socket, const SimAnswer &answer)
{
    switch (answer.action) {
    case SimAnswer::Action::Reset:
        socket->abort();
        return;
    case SimAnswer::Action::CutMidBody:
        socket->write(head(answer.httpStatus, answer.contentType, answer.body.size(), answer.date));
        socket->write(answer.body.left(answer.body.size() / 2));
        socket->flush();
        socket->disconnectFromHost();
        return;
    case SimAnswer::Action::Blackhole:
        return; // the request was read; the client waits for an answer that never comes
    case SimAnswer::Action::Trickle: {
        // Whole headers, then a body of a byte every 200 ms: an inactivity timer never fires.
        socket->write(head(200, "application/json", 1 << 20, QByteArray()));
        // The timer dies with the socket and stops when the client goes: nothing writes to a
        // client that has gone.
        auto *timer = new QTimer(socket);
        connect(timer, &QTimer::timeout, socket, [socket] { socket->write(" "); });
        connect(socket, &QTcpSocket::disconnected, timer, &QTimer::stop);
        timer->start(200);
        return;
    }
    case SimAnswer::Action::Respond:
        socket->write(head(answer.httpStatus, answer.contentType, answer.body.size(), answer.date));
        socket->write(answer.body);
        ++m_answered;
        return;
    }
}

} // namespace cdnrec
