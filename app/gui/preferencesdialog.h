// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QSpinBox;

namespace cdnrec {

// The settings that are not one click away in the window: how long the history is kept, and
// whether a stop may go on when the history cannot record it.
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);
    QSpinBox *keepDaysBox() const { return m_keepDays; }
    QCheckBox *requireBox() const { return m_require; }
    void save();

private:
    QSpinBox *m_keepDays;
    QCheckBox *m_require;
};

} // namespace cdnrec
