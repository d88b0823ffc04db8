// SPDX-License-Identifier: GPL-3.0-or-later
#include "preferencesdialog.h"

#include "altletters.h"
#include "teampage.h"
#include <store/settings.h>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace cdnrec {

PreferencesDialog::PreferencesDialog(SecretStore *secrets, QWidget *parent)
    : QDialog(parent), m_keepDays(new QSpinBox(this)), m_require(new QCheckBox(this))
{
    setObjectName(QStringLiteral("PreferencesDialog"));
    setWindowTitle(tr("Preferences"));
    auto *layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget(this);
    auto *historyPage = new QWidget(m_tabs);
    auto *historyLayout = new QVBoxLayout(historyPage);
    auto *form = new QFormLayout;
    m_keepDays->setRange(0, 3650);
    m_keepDays->setSpecialValueText(tr("forever"));
    m_keepDays->setSuffix(tr(" days"));
    m_keepDays->setValue(Settings::historyKeepDays());
    m_keepDays->setAccessibleName(tr("Keep the history for"));
    auto *label = new QLabel(tr("&Keep the history:"), this);
    label->setBuddy(m_keepDays);
    form->addRow(label, m_keepDays);
    m_require->setText(tr("&Refuse to send calls the history cannot record (recommended)"));
    m_require->setChecked(Settings::historyRequireRecording());
    m_require->setToolTip(
        tr("With a full disk or an unreadable history, cdnrec stops sending rather "
           "than stop recordings that nobody could account for afterwards."));
    form->addRow(QString(), m_require);
    historyLayout->addLayout(form);
    historyLayout->addStretch(1);
    m_tabs->addTab(historyPage, tr("&History"));
    m_team = new TeamPage(secrets, m_tabs);
    m_tabs->addTab(m_team, tr("&Team"));
    layout->addWidget(m_tabs);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    AltLetters::guard(this);
}

void PreferencesDialog::save()
{
    Settings::setHistoryKeepDays(m_keepDays->value());
    Settings::setHistoryRequireRecording(m_require->isChecked());
}

} // namespace cdnrec
