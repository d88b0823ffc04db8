// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QSpinBox;
class QTabWidget;

namespace cdnrec {

class SecretStore;
class TeamPage;

// The settings that are not one click away in the window: how long the history is kept, whether
// a stop may go on when the history cannot record it, and the team database (Team).
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)
public:
    explicit PreferencesDialog(SecretStore *secrets, QWidget *parent = nullptr);
    TeamPage *teamPage() const { return m_team; }
    QTabWidget *tabs() const { return m_tabs; }
    QSpinBox *keepDaysBox() const { return m_keepDays; }
    QCheckBox *requireBox() const { return m_require; }
    void save();

private:
    QSpinBox *m_keepDays;
    QCheckBox *m_require;
    QTabWidget *m_tabs = nullptr;
    TeamPage *m_team = nullptr;
};

} // namespace cdnrec
