// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers the console's GUI tests share: screenshots, and answering a real modal dialog.
#pragma once

#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QElapsedTimer>
#include <QHash>
#include <QLabel>
#include <QPixmap>
#include <QRegularExpression>
#include <QStringList>
#include <QTest>
#include <QTextDocument>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

namespace cdnrec::test {

// Grabs the widget (always, so that ctest runs every screenshot's path) and saves it as a PNG
// under $CDNREC_SCREENSHOT_DIR when that is set. False when the picture is empty or not saved.
inline bool shoot(QWidget *widget, const QString &name)
{
    QCoreApplication::processEvents();
    const QPixmap picture = widget->grab();
    if (picture.isNull())
        return false;
    const QString dir = qEnvironmentVariable("CDNREC_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return true;
    QDir().mkpath(dir);
    return picture.save(QDir(dir).filePath(name + QStringLiteral(".png")));
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

// What became of a whenModal(): a test reads it to know that its dialog was there.
struct ModalAnswer
{
    bool shown = false;    // a modal dialog was shown while it waited (and given to `act`)
    bool answered = false; // `act` was done with it
    bool timedOut = false; // `act` was not done in time: the dialog was rejected
};

// Runs `act` on the next modal dialog once it is shown (polling, so it works from inside the
// dialog's own event loop). `act` returns true when it is done with the dialog. The dialog is
// activated first, as a window manager would (the offscreen platform does not), so the keyboard
// reaches it. If `act` is not done in time, the dialog is rejected: a test fails, never hangs.
//
// It belongs to the test function (and data row) that called it: once that test has ended it
// stops, so it never answers a later test's dialog (it did, polling on for a minute), and it
// says so when no dialog came. The returned state tells the test whether its dialog appeared:
//   const auto answer = test::whenModal(...);  ...  QVERIFY(answer->answered);
inline std::shared_ptr<const ModalAnswer> whenModal(std::function<bool(QWidget *)> act,
                                                    int timeoutMs = 20000)
{
    auto answer = std::make_shared<ModalAnswer>();
    auto *timer = new QTimer;
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    const QByteArray function = QTest::currentTestFunction();
    const QByteArray tag = QTest::currentDataTag();
    QObject::connect(timer, &QTimer::timeout, timer, [=] {
        const auto stop = [timer] {
            timer->stop();
            timer->deleteLater();
        };
        if (function != QTest::currentTestFunction() || tag != QTest::currentDataTag()) {
            if (!answer->shown)
                qWarning("whenModal: no dialog came while %s%s%s ran", function.constData(),
                         tag.isEmpty() ? "" : ":", tag.constData());
            stop();
            return;
        }
        QWidget *modal = QApplication::activeModalWidget();
        if (modal && modal->isVisible()) {
            answer->shown = true;
            if (QApplication::activeWindow() != modal)
                QApplication::setActiveWindow(modal);
            answer->answered = act(modal);
            if (answer->answered)
                return stop();
            if (clock->elapsed() > timeoutMs) {
                if (auto *dialog = qobject_cast<QDialog *>(modal))
                    dialog->reject();
                else
                    modal->close();
                answer->timedOut = true;
                return stop();
            }
        }
        if (clock->elapsed() > 3 * timeoutMs)
            stop();
    });
    timer->start(20);
    return answer;
}

} // namespace cdnrec::test
