// SPDX-License-Identifier: GPL-3.0-or-later
#include "practiceendpoint.h"

#include "simserver.h"
#include <engine/signer.h>

namespace cdnrec {

PracticeEndpoint::PracticeEndpoint(QObject *parent) : QObject(parent) {}

PracticeEndpoint::~PracticeEndpoint() = default;

bool PracticeEndpoint::start()
{
    if (m_server)
        return true;
    Signer signer;
    m_secret = signer.nextNonce() + signer.nextNonce();
    SimConfig config;
    config.secret = m_secret;
    // A few rooms to practise Stop by room on (Edit > Find streams in room).
    config.rooms = SimGateway::practiceRooms();
    auto server = std::make_unique<SimServer>(config);
    if (!server->start())
        return false;
    m_server = std::move(server);
    return true;
}

bool PracticeEndpoint::isRunning() const
{
    return m_server != nullptr;
}

SimGateway *PracticeEndpoint::gateway() const
{
    return m_server ? &m_server->gateway() : nullptr;
}

QUrl PracticeEndpoint::url() const
{
    return m_server ? m_server->url() : QUrl();
}

quint32 PracticeEndpoint::appId() const
{
    return SimConfig().appId;
}

} // namespace cdnrec
