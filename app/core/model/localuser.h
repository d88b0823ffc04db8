// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace cdnrec::LocalUser {

// Who ran cdnrec and where, as every record of it says (the local history's runs, the team's
// events, leases and profile rows): one source, so that a run in the local history and the same
// run in the team's trail name the same operator and machine.

// The login name of the account that started this process: the name of the REAL user id
// (getuid), not the effective one. The two differ only when a process runs with rights it was
// lent (a set-user-ID program, seteuid): the real id is the person, the effective id only
// whose rights are in use, and a record says who did something. (Under sudo both are root, and
// root is what is recorded: SUDO_USER is the caller's to set, like USER.) The account database
// is authoritative: USER may be missing (services) or anything. An account without a name (a
// container's bare uid) falls back to $USER, then $USERNAME, then "?".
QString loginName();

// The machine's host name as the kernel has it (QSysInfo::machineHostName: gethostname, no DNS
// lookup, so it never blocks). QtCore's, so the model floor needs no QtNetwork for it; Qt 6's
// QHostInfo::localHostName() returns the very same value, which the local history recorded
// before. Empty only when the system has none.
QString hostName();

} // namespace cdnrec::LocalUser
