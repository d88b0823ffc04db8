// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers the console's GUI tests share: screenshots, and answering a real modal dialog.
#pragma once

#include <QApplication>
#include <QDialog>
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
// dialog's own event loop). `act` returns true when it is done with the dialog. The dialog is
// activated first, as a window manager would (the offscreen platform does not), so the keyboard
// reaches it. If `act` is not done in time, the dialog is rejected: a test fails, never hangs.
inline void whenModal(std::function<bool(QWidget *)> act, int timeoutMs = 20000)
{
    auto *timer = new QTimer;
    auto elapsed = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act, elapsed, timeoutMs] {
        *elapsed += 20;
        QWidget *modal = QApplication::activeModalWidget();
        bool done = false;
        if (modal && modal->isVisible()) {
            if (QApplication::activeWindow() != modal)
                QApplication::setActiveWindow(modal);
            done = act(modal);
            if (!done && *elapsed > timeoutMs) {
                if (auto *dialog = qobject_cast<QDialog *>(modal))
                    dialog->reject();
                else
                    modal->close();
                done = true;
            }
        }
        if (done || *elapsed > 3 * timeoutMs) {
            timer->stop();
            timer->deleteLater();
        }
    });
    timer->start(20);
}

} // namespace cdnrec::test
