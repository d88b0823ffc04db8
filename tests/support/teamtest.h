// SPDX-License-Identifier: GPL-3.0-or-later
// The team connection a test makes to its throw-away cluster (pgcluster.h): TCP on 127.0.0.1,
// no TLS (the cluster speaks none, so a password may only go with insecureTls).
#pragma once

#include "pgcluster.h"
#include <team/teamconfig.h>

namespace cdnrec::test {

inline TeamConfig teamConfig(const PgCluster &pg, const QString &user,
                             const QString &database = QStringLiteral("cdnrec"))
{
    TeamConfig c;
    c.host = pg.host();
    c.port = pg.port();
    c.database = database;
    c.user = user;
    c.sslMode = QStringLiteral("disable");
    c.insecureTls = true;
    return c;
}

} // namespace cdnrec::test
