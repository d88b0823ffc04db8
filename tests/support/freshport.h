// SPDX-License-Identifier: GPL-3.0-or-later
// Gateways that no earlier test in the process has taught Job anything about.
#pragma once

#include "simserver.h"

#include <QSet>
#include <QtGlobal>

#include <memory>

namespace test {

// Job remembers what it learnt of a gateway's clock by host and port for the whole
// process, as it should. A test gateway listening on port 0 can be given the port of an
// earlier, skewed one, and would then hand its offset to a test that expects none (it did,
// once, in CI). True the first time a port is seen in this process; the caller listens again
// when it is false.
inline bool firstUseOfPort(quint16 port)
{
    static QSet<quint16> used;
    if (port == 0 || used.contains(port))
        return false;
    used.insert(port);
    return true;
}

// A started simulator on a port no earlier test of the process used.
inline std::unique_ptr<cdnrec::SimServer> freshSim(const cdnrec::SimConfig &config)
{
    for (;;) {
        auto sim = std::make_unique<cdnrec::SimServer>(config);
        const quint16 port = sim->start();
        if (port == 0)
            qFatal("the simulator could not listen");
        if (firstUseOfPort(port))
            return sim;
    }
}

} // namespace test
