// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QDialog>

class QLabel;
class QPushButton;
class QRadioButton;
class QTimeEdit;

namespace cdnrec {

// "Restart recording…": the undo of a stop, with StartCDNRecord. Says what will be restarted,
// where (profile, environment, AppId, endpoint, vendor: what Stop's question says), and until when
// (ZEGO's EndTime: at most 24 h ahead): for 1 h, 6 h or 24 h (the default), or until a clock time
// within the next 24 h. As with Stop, Cancel is the default: Enter alone restarts nothing.
class RestartDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestartDialog)
public:
    RestartDialog(int count, const QString &where, QWidget *parent = nullptr);

    // What the run carries (JobOptions::startForSecs / startUntil): a duration, or a clock time
    // as Unix seconds (0: the duration applies).
    qint64 forSecs() const;
    qint64 untilSecs() const;
    // When the recordings will end, as the operator reads it.
    QString endText() const;
    QPushButton *restartButton() const { return m_restart; }
    QRadioButton *untilButton() const { return m_untilButton; }
    QTimeEdit *untilEdit() const { return m_until; }
    // The end time a clock time means at `now`: its next occurrence at least MinForSecs ahead.
    static qint64 untilFor(const QTime &time, const QDateTime &now);
    void setNowForTesting(const QDateTime &now);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateEnd();
    QDateTime now() const;

    QRadioButton *m_hour1 = nullptr;
    QRadioButton *m_hour6 = nullptr;
    QRadioButton *m_hour24 = nullptr;
    QRadioButton *m_untilButton = nullptr;
    QTimeEdit *m_until = nullptr;
    QLabel *m_end = nullptr;
    QPushButton *m_restart = nullptr;
    QDateTime m_now; // invalid: the clock
};

} // namespace cdnrec
