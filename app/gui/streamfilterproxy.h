// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

namespace cdnrec {

// Filters the stream table by text in the stream ID and, optionally, to the rows that need a
// retry (Failed or Unknown). Sorts numbers as numbers.
class StreamFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamFilterProxy)
public:
    explicit StreamFilterProxy(QObject *parent = nullptr);

    void setText(const QString &text);
    void setNeedsRetryOnly(bool on);
    bool needsRetryOnly() const { return m_retryOnly; }

    // For an "N of M shown" label: rows that pass the filter, and all rows.
    int shownCount() const { return rowCount(); }
    int totalCount() const { return sourceModel() ? sourceModel()->rowCount() : 0; }

Q_SIGNALS:
    // Whenever either count changes (filter, rows added or removed, outcomes, a reset).
    void countsChanged(int shown, int total);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void checkCounts();
    QString m_text;
    bool m_retryOnly = false;
    int m_lastShown = -1;
    int m_lastTotal = -1;
};

} // namespace cdnrec
