// SPDX-License-Identifier: GPL-3.0-or-later
#include "localuser.h"

#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace cdnrec::LocalUser {

QString loginName()
{
#ifdef Q_OS_UNIX
    // getpwuid_r: the team's threads (sync, budget) and the history's ask at the same time, and
    // getpwuid's answer lives in one static buffer.
    passwd entry{};
    passwd *found = nullptr;
    char buffer[4096];
    if (::getpwuid_r(::getuid(), &entry, buffer, sizeof buffer, &found) == 0 && found &&
        found->pw_name && *found->pw_name)
        return QString::fromLocal8Bit(found->pw_name);
#endif
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? QStringLiteral("?") : user;
}

QString hostName()
{
    return QSysInfo::machineHostName();
}

} // namespace cdnrec::LocalUser
