// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace cdnrec {

// Work that must not run on the GUI thread (a database read, a keyring, a file): `work` runs on
// Qt's global thread pool, and `then(result)` on context's thread once it is done, unless
// context is gone by then (then nothing is called). The one way cdnrec runs blocking work in the
// background; work must not touch context or any object living on context's thread.
//
//     runAsync(this, [path] { return readRuns(path); },
//              [this](const QList<Run> &runs) { show(runs); });
template <typename Work, typename Then> void runAsync(QObject *context, Work &&work, Then &&then)
{
    using Result = std::invoke_result_t<std::decay_t<Work>>;
    auto *watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, then = std::forward<Then>(then)]() mutable {
                         if constexpr (std::is_void_v<Result>)
                             then();
                         else
                             then(watcher->result());
                         watcher->deleteLater();
                     });
    watcher->setFuture(QtConcurrent::run(std::forward<Work>(work)));
}

} // namespace cdnrec
