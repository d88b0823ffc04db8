// SPDX-License-Identifier: GPL-3.0-or-later
// Walking a window with the keyboard, as a person does: Tab (or Shift+Tab) pressed on whatever
// has the focus, until the focus comes back to where it started. What a walk finds wrong:
//   - a control a person could use (shown, enabled, taking Tab) that the walk never reached;
//   - a hidden or disabled widget, or one of another window, that took the focus;
//   - a control that keeps the focus on Tab (a table walking its cells, a date field its parts)
//     or a cycle that never comes back to the start (focus trapped in a part of the window).
#pragma once

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSet>
#include <QStringList>
#include <QTest>
#include <QWidget>

namespace cdnrec::test {

// "QPushButton “Save”", "QLineEdit streamFilter (Filter by stream ID)": enough to find it.
inline QString describeWidget(const QWidget *w)
{
    if (!w)
        return QStringLiteral("nothing");
    QString name = w->accessibleName();
    if (name.isEmpty()) {
        if (const auto *b = qobject_cast<const QAbstractButton *>(w))
            name = b->text();
    }
    QString text = QString::fromLatin1(w->metaObject()->className());
    if (!w->objectName().isEmpty())
        text += u' ' + w->objectName();
    if (!name.isEmpty())
        text += QStringLiteral(" “%1”").arg(name);
    return text;
}

// A part of another control (a spin box's or a combo box's line edit, a view's editor): the
// control is what Tab reaches.
inline bool insideAControl(const QWidget *w, const QWidget *root)
{
    for (const QWidget *p = w->parentWidget(); p && p != root; p = p->parentWidget()) {
        if (qobject_cast<const QAbstractSpinBox *>(p) || qobject_cast<const QComboBox *>(p) ||
            qobject_cast<const QAbstractItemView *>(p) || qobject_cast<const QLineEdit *>(p))
            return true;
    }
    return false;
}

// Of radio buttons that exclude each other, Tab reaches the checked one and the arrow keys the
// others (as every toolkit does).
inline bool notATabStop(const QWidget *w)
{
    const auto *radio = qobject_cast<const QRadioButton *>(w);
    if (!radio || radio->isChecked() || !radio->autoExclusive() || !w->parentWidget())
        return false;
    for (const QRadioButton *other :
         w->parentWidget()->findChildren<QRadioButton *>(QString(), Qt::FindDirectChildrenOnly)) {
        if (other->isChecked() && other->autoExclusive())
            return true;
    }
    return false;
}

// The controls of `root`'s window a person should reach with Tab: shown, enabled, taking the
// focus (by Tab or by a click: one that takes it only from a click is skipped by the keyboard).
// A label that can be selected by the mouse is text, not a control.
inline QList<QWidget *> tabbableControls(QWidget *root)
{
    QList<QWidget *> out;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (w->window() != root || !w->isVisibleTo(root) || !w->isEnabled() ||
            !(w->focusPolicy() & (Qt::TabFocus | Qt::ClickFocus)) || w->focusProxy() ||
            qobject_cast<QLabel *>(w) || insideAControl(w, root) || notATabStop(w))
            continue;
        out.append(w);
    }
    return out;
}

struct FocusWalk
{
    QList<QWidget *> visited; // in the order reached, the start first
    bool returned = false;    // the focus came back to the start
    QStringList problems;     // one sentence each; empty when the walk found nothing wrong
};

// Presses Tab (forward) or Shift+Tab on the focus widget, starting at `start`, at most
// `maxSteps` times or until the focus is back at the start.
inline FocusWalk walkFocus(QWidget *root, QWidget *start, bool forward, int maxSteps = 120)
{
    FocusWalk walk;
    const QString key = forward ? QStringLiteral("Tab") : QStringLiteral("Shift+Tab");
    QApplication::setActiveWindow(root);
    start->setFocus(forward ? Qt::TabFocusReason : Qt::BacktabFocusReason);
    QCoreApplication::processEvents();
    QWidget *first = QApplication::focusWidget();
    if (first != start) {
        walk.problems << QStringLiteral("the walk cannot start: %1 took no focus (%2 has it)")
                             .arg(describeWidget(start), describeWidget(first));
        return walk;
    }
    walk.visited << first;
    QSet<QWidget *> seen{first};
    for (int step = 0; step < maxSteps; ++step) {
        QWidget *from = QApplication::focusWidget();
        if (forward)
            QTest::keyClick(from, Qt::Key_Tab);
        else
            QTest::keyClick(from, Qt::Key_Backtab, Qt::ShiftModifier);
        QWidget *to = QApplication::focusWidget();
        if (!to) {
            walk.problems << QStringLiteral("%1 on %2: the focus went nowhere")
                                 .arg(key, describeWidget(from));
            return walk;
        }
        if (to == first) {
            walk.returned = true;
            break;
        }
        if (to->window() != root || !to->isVisible() || !to->isEnabled())
            walk.problems << QStringLiteral("%1 on %2 gave the focus to %3, which is %4")
                                 .arg(key, describeWidget(from), describeWidget(to),
                                      to->window() != root ? QStringLiteral("in another window")
                                      : !to->isVisible()   ? QStringLiteral("hidden")
                                                           : QStringLiteral("disabled"));
        if (to == from)
            walk.problems << QStringLiteral("%1 stays in %2").arg(key, describeWidget(to));
        else if (seen.contains(to))
            walk.problems << QStringLiteral("%1 reaches %2 twice before coming back to %3")
                                 .arg(key, describeWidget(to), describeWidget(first));
        if (!seen.contains(to))
            walk.visited << to;
        seen.insert(to);
    }
    if (!walk.returned)
        walk.problems << QStringLiteral("%1 never came back to %2 in %3 steps (trapped)")
                             .arg(key, describeWidget(first))
                             .arg(maxSteps);
    for (QWidget *w : tabbableControls(root)) {
        if (!seen.contains(w))
            walk.problems << QStringLiteral("%1 skips %2").arg(key, describeWidget(w));
    }
    walk.problems.removeDuplicates();
    return walk;
}

// Both directions from `start`: every problem found, empty when none.
inline QStringList focusChainProblems(QWidget *root, QWidget *start)
{
    QStringList problems = walkFocus(root, start, true).problems;
    problems += walkFocus(root, start, false).problems;
    return problems;
}

} // namespace cdnrec::test
