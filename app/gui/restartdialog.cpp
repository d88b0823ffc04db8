// SPDX-License-Identifier: GPL-3.0-or-later
#include "restartdialog.h"

#include "plaintext.h"
#include "streamtablemodel.h"
#include "tabkeys.h"
#include <model/action.h>

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QTimeEdit>
#include <QVBoxLayout>

namespace cdnrec {

RestartDialog::RestartDialog(int count, const QString &where, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("RestartDialog"));
    setWindowTitle(tr("Restart recordings"));
    auto *layout = new QVBoxLayout(this);
    auto *question =
        new QLabel(tr("Restart the CDN recording of %n stream(s)?", nullptr, count), this);
    QFont bold = question->font();
    bold.setBold(true);
    question->setFont(bold);
    layout->addWidget(question);
    auto *details = plainLabel(new QLabel(where, this));
    details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(details);

    auto *group = new QGroupBox(tr("Record until"), this);
    auto *grid = new QGridLayout(group);
    m_hour1 = new QRadioButton(tr("For &1 hour"), group);
    m_hour6 = new QRadioButton(tr("For &6 hours"), group);
    m_hour24 = new QRadioButton(tr("For &24 hours (the longest ZEGO allows)"), group);
    m_untilButton = new QRadioButton(tr("&Until"), group);
    m_until = new QTimeEdit(group);
    m_until->setDisplayFormat(QStringLiteral("HH:mm"));
    m_until->setAccessibleName(tr("Record until this time (within 24 hours)"));
    m_until->setEnabled(false);
    auto *buttons = new QButtonGroup(this);
    for (QRadioButton *b : {m_hour1, m_hour6, m_hour24, m_untilButton})
        buttons->addButton(b);
    m_hour24->setChecked(true);
    grid->addWidget(m_hour1, 0, 0, 1, 2);
    grid->addWidget(m_hour6, 1, 0, 1, 2);
    grid->addWidget(m_hour24, 2, 0, 1, 2);
    grid->addWidget(m_untilButton, 3, 0);
    grid->addWidget(m_until, 3, 1);
    grid->setColumnStretch(2, 1);
    layout->addWidget(group);
    m_end = plainLabel(new QLabel(this));
    m_end->setAccessibleName(tr("When the recordings will end"));
    layout->addWidget(m_end);

    auto *box = new QDialogButtonBox(this);
    m_restart = box->addButton(tr("&Restart %n recording(s)", nullptr, count),
                               QDialogButtonBox::AcceptRole);
    QPushButton *cancel = box->addButton(QDialogButtonBox::Cancel);
    // As with Stop: Enter on a surprise dialog sends nothing.
    m_restart->setAutoDefault(false);
    cancel->setDefault(true);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(box);

    m_until->setTime(now().addSecs(3600).time());
    connect(buttons, &QButtonGroup::buttonToggled, this, [this] {
        m_until->setEnabled(m_untilButton->isChecked());
        updateEnd();
    });
    connect(m_until, &QTimeEdit::timeChanged, this, &RestartDialog::updateEnd);
    m_until->installEventFilter(this);
    updateEnd();
    m_hour24->setFocus();
}

bool RestartDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Ctrl+A then "20:00" is 20:00: Qt's select-all makes the typed time land in the wrong
    // sections (19:00); the hours are selected instead, and the colon moves to the minutes.
    if (watched == m_until && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->matches(QKeySequence::SelectAll)) {
        m_until->setCurrentSection(QDateTimeEdit::HourSection);
        m_until->setSelectedSection(QDateTimeEdit::HourSection);
        return true;
    }
    // Tab leaves the time field (it would step from the hours to the minutes and stay).
    if (watched == m_until) {
        if (const std::optional<bool> forward = tabDirection(event)) {
            focusNextPrevChild(*forward);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

QDateTime RestartDialog::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTime();
}

void RestartDialog::setNowForTesting(const QDateTime &now)
{
    m_now = now;
    updateEnd();
}

qint64 RestartDialog::untilFor(const QTime &time, const QDateTime &now)
{
    const QDateTime local = now.toLocalTime();
    QDateTime at(local.date(), QTime(time.hour(), time.minute()));
    if (at.toSecsSinceEpoch() < local.toSecsSinceEpoch() + EndTimeBounds::MinForSecs)
        at = at.addDays(1);
    return at.toSecsSinceEpoch();
}

qint64 RestartDialog::forSecs() const
{
    if (m_hour1->isChecked())
        return 3600;
    if (m_hour6->isChecked())
        return 6 * 3600;
    return 24 * 3600;
}

qint64 RestartDialog::untilSecs() const
{
    return m_untilButton->isChecked() ? untilFor(m_until->time(), now()) : 0;
}

QString RestartDialog::endText() const
{
    return m_end->text();
}

void RestartDialog::updateEnd()
{
    // What the engine will send, with its clamping into ZEGO's bounds, so nothing surprises.
    const QDateTime n = now();
    const qint64 end = EndTimeBounds::endTime(n.toSecsSinceEpoch(), untilSecs(), forSecs());
    QString text = tr("The recordings end at %1.").arg(StreamTableModel::clockText(end, n));
    if (untilSecs() && untilSecs() != end)
        text += u' ' + tr("ZEGO allows at most 24 hours, less a safety margin.");
    m_end->setText(text);
}

} // namespace cdnrec
