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

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    bool m_retryOnly = false;
};

} // namespace cdnrec
