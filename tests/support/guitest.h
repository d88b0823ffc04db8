// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers the console's GUI tests share: screenshots, and answering a real modal dialog.
#pragma once

#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QHash>
#include <QLabel>
#include <QRegularExpression>
#include <QStringList>
#include <QTest>
#include <QTextDocument>
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

// The first two of `texts` (menu items, buttons, labels) whose mnemonic is the same letter
// ("&Find" and "Pre&ferences…"), as "B clashes with A"; empty when each letter is once.
// *count: how many of them have one.
inline QString mnemonicClash(const QStringList &texts, int *count = nullptr)
{
    static const QRegularExpression mnemonic(QStringLiteral("&([^&\\s])"));
    QHash<QChar, QString> seen;
    if (count)
        *count = 0;
    for (QString text : texts) {
        text.replace(QStringLiteral("&&"), QString());
        const auto m = mnemonic.match(text);
        if (!m.hasMatch())
            continue;
        if (count)
            ++*count;
        const QChar letter = m.captured(1).toUpper().at(0);
        if (seen.contains(letter))
            return text + QStringLiteral(" clashes with ") + seen.value(letter);
        seen.insert(letter, text);
    }
    return {};
}

// Where text holding `marker` (markup from outside: a gateway's message, a profile name) shows
// under `root`: `asMarkup` names each label and tool tip that Qt would render as rich text with
// the marker's tags obeyed; `asWritten` counts those that show it as written (plain, or
// escaped), so that a test can see the text arrived at all.
struct MarkupShown
{
    QStringList asMarkup;
    int asWritten = 0;
};
inline MarkupShown markupShown(QWidget *root, const QString &marker)
{
    MarkupShown shown;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    const QString escaped = marker.toHtmlEscaped();
    const auto where = [](QWidget *w, const char *what) {
        return QStringLiteral("%1 %2 (%3)")
            .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                 QString::fromLatin1(what));
    };
    for (QWidget *w : std::as_const(widgets)) {
        if (auto *label = qobject_cast<QLabel *>(w)) {
            const QString text = label->text();
            const bool rich = label->textFormat() == Qt::RichText ||
                              (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(text));
            if (text.contains(marker) && rich)
                shown.asMarkup << where(w, "label") + QStringLiteral(": ") + text;
            else if (text.contains(marker) || (rich && text.contains(escaped)))
                ++shown.asWritten;
        }
        const QString tip = w->toolTip();
        if (tip.contains(marker) && Qt::mightBeRichText(tip))
            shown.asMarkup << where(w, "tool tip") + QStringLiteral(": ") + tip;
        else if (tip.contains(marker) || tip.contains(escaped))
            ++shown.asWritten;
    }
    return shown;
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
