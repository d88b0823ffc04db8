// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers the console's GUI tests share: screenshots, and answering a real modal dialog.
#pragma once

#include <QApplication>
#include <QDir>
#include <QTest>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace cdnrec::test {

// Saves a PNG of the widget under $CDNREC_SCREENSHOT_DIR, when it is set.
inline bool shoot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("CDNREC_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return true;
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    return widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// Runs `act` on the next modal dialog once it is shown (polling, so it works from inside the
// dialog's own event loop). `act` returns true when it is done with the dialog.
inline void whenModal(std::function<bool(QWidget *)> act, int timeoutMs = 10000)
{
    auto *timer = new QTimer;
    auto elapsed = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act, elapsed, timeoutMs] {
        *elapsed += 20;
        QWidget *modal = QApplication::activeModalWidget();
        if ((modal && modal->isVisible() && act(modal)) || *elapsed > timeoutMs) {
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start(20);
}

} // namespace cdnrec::test
