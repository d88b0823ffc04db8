// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace cdnrec {

// What every cdnrec program sets before anything else: the names under which settings,
// profiles and the history are found, and the version. Call right after the QCoreApplication.
void initApplication();

// Installs the translations for a language ("" = the system's, "en", "zh_CN"): cdnrec's own and
// Qt's (the standard buttons and the file dialog). Replaces what an earlier call installed.
// Returns false when Qt's own translations for it are not installed (the interface is then
// partly English).
bool installTranslations(const QString &language);

} // namespace cdnrec
