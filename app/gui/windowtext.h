// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>

namespace cdnrec {

// The console window's words, for the parts the window is made of (MainActions, TeamStatus,
// RunController): one translation context, cdnrec::MainWindow, as when the window held them all.
// A translator sees the window's words together, and splitting the window moves no string from
// one context to another (the .ts files need no refresh, no text is lost meanwhile).
struct WindowText
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::MainWindow)
};

} // namespace cdnrec
