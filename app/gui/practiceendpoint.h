// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QUrl>

#include <memory>

namespace cdnrec {

class SimGateway;
class SimServer;

// The built-in Practice profile: the simulator, in this process, on a free loopback port, with
// a random secret. It lets anyone use the console without ZEGO credentials.
class PracticeEndpoint final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PracticeEndpoint)
public:
    explicit PracticeEndpoint(QObject *parent = nullptr);
    ~PracticeEndpoint() override;

    bool start(); // false if no loopback port could be had
    bool isRunning() const;
    QUrl url() const;
    quint32 appId() const;
    QString secret() const { return m_secret; }
    // The simulator's rules, to play a slow gateway (benchmarks); null until start().
    SimGateway *gateway() const;

private:
    std::unique_ptr<SimServer> m_server;
    QString m_secret;
};

} // namespace cdnrec
