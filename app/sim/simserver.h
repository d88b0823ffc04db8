// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "simgateway.h"

#include <QAbstractHttpServer>
#include <QFile>
#include <QPointer>
#include <QRandomGenerator>

#include <memory>

namespace cdnrec {

// The simulator's transport: HTTP on 127.0.0.1 only. Answers are written as raw HTTP on the
// socket, guarded by QPointer, so a delayed answer to a client that has gone is simply dropped
// (a QHttpServerResponder kept for later crashes in Qt 6.4 when its client has gone).
class SimServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimServer)
public:
    explicit SimServer(SimConfig config, QObject *parent = nullptr);
    ~SimServer() override;

    // Binds 127.0.0.1 (never another address); port 0 picks a free one. Returns 0 on failure.
    quint16 start(quint16 port = 0);
    QUrl url() const;
    // Each received call as a JSON line; returns false if the file cannot be opened.
    bool setLogFile(const QString &path);
    SimGateway &gateway() { return m_gateway; }
    // Answers actually written to a client (a delayed one whose client left is not).
    qint64 answersWritten() const { return m_answered; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    using Query = QList<QPair<QString, QString>>;
    // The request reaches the gateway: counted, checked, logged, and answered after the
    // answer's delays. When its arrival was delayed the client may have gone meanwhile: the
    // call still counts, and nobody is answered.
    void arrive(const QPointer<QTcpSocket> &socket, const Query &query, bool delayed);
    void serveStats(QTcpSocket *socket);
    // A random 0..maxMs, from the seeded generator.
    int randomDelayMs(int maxMs);
    void write(QTcpSocket *socket, const SimAnswer &answer);
    // Writes the answer and tells the gateway the call is closed: at once for an answer, when
    // the client goes for one that never completes (blackhole, trickle).
    void answer(QTcpSocket *socket, const SimAnswer &answer);

    SimGateway m_gateway;
    quint16 m_port = 0;
    qint64 m_answered = 0;
    std::unique_ptr<QFile> m_log;
    QRandomGenerator m_random;
};

} // namespace cdnrec
