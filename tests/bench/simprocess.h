// SPDX-License-Identifier: GPL-3.0-or-later
// cdnrec-sim in a process of its own, for benchmarks: its event loop never shares the client's.
// The including target defines CDNREC_SIM (the simulator's path).
#pragma once

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>

#include <memory>

namespace bench {

class SimProcess
{
public:
    // Starts `cdnrec-sim --port 0` with these extra options and the secret in its environment.
    bool start(const QString &secret, const QStringList &options,
               QProcessEnvironment env = QProcessEnvironment::systemEnvironment())
    {
        env.insert(QStringLiteral("CDNREC_SIM_SECRET"), secret);
        m_process->setProcessEnvironment(env);
        m_process->start(QStringLiteral(CDNREC_SIM),
                         QStringList{QStringLiteral("--port"), QStringLiteral("0")} + options);
        if (!m_process->waitForStarted() || !m_process->waitForReadyRead(10000))
            return false;
        const auto m = QRegularExpression(QStringLiteral("listening on (\\S+)"))
                           .match(QString::fromUtf8(m_process->readLine()));
        m_url = QUrl(m.captured(1));
        return m.hasMatch();
    }
    ~SimProcess()
    {
        m_process->terminate();
        m_process->waitForFinished(3000);
    }
    QUrl url() const { return m_url; }

    // GET /_sim/stats: calls, maxCallsInAnySecond, code6, inFlight, maxInFlight, ...
    QJsonObject stats() const
    {
        QNetworkAccessManager nam;
        QNetworkReply *reply =
            nam.get(QNetworkRequest(m_url.resolved(QUrl(QStringLiteral("/_sim/stats")))));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

private:
    std::unique_ptr<QProcess> m_process = std::make_unique<QProcess>();
    QUrl m_url;
};

} // namespace bench
