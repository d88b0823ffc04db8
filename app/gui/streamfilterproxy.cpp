// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamfilterproxy.h"

#include "streamtablemodel.h"

namespace cdnrec {

StreamFilterProxy::StreamFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::EditRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(false); // 100,000 IDs sort in a blink without collation
    // Every way the counts can change ends in one of these on the proxy itself (source changes
    // are mapped to them), or in a new source model.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &StreamFilterProxy::checkCounts);
    connect(this, &QAbstractItemModel::modelReset, this, &StreamFilterProxy::checkCounts);
    connect(this, &QAbstractItemModel::layoutChanged, this, &StreamFilterProxy::checkCounts);
    connect(this, &QSortFilterProxyModel::sourceModelChanged, this,
            &StreamFilterProxy::checkCounts);
}

void StreamFilterProxy::checkCounts()
{
    const int shown = shownCount();
    const int total = totalCount();
    if (shown == m_lastShown && total == m_lastTotal)
        return;
    m_lastShown = shown;
    m_lastTotal = total;
    Q_EMIT countsChanged(shown, total);
}

namespace {

// "room-10" after "room-9": runs of digits compare as numbers, the rest without case.
int naturalCompare(QStringView a, QStringView b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ei = i;
            qsizetype ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            // Leading zeros aside, the longer run is the larger number.
            QStringView na = a.mid(i, ei - i);
            QStringView nb = b.mid(j, ej - j);
            while (na.size() > 1 && na.front() == u'0')
                na = na.mid(1);
            while (nb.size() > 1 && nb.front() == u'0')
                nb = nb.mid(1);
            if (na.size() != nb.size())
                return na.size() < nb.size() ? -1 : 1;
            if (const int c = na.compare(nb); c != 0)
                return c;
            i = ei;
            j = ej;
            continue;
        }
        const QChar ca = a[i].toCaseFolded();
        const QChar cb = b[j].toCaseFolded();
        if (ca != cb)
            return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size())
        return 1;
    if (j < b.size())
        return -1;
    return 0;
}

} // namespace

bool StreamFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    if (l.typeId() == QMetaType::Int && r.typeId() == QMetaType::Int)
        return l.toInt() < r.toInt();
    return naturalCompare(l.toString(), r.toString()) < 0;
}

void StreamFilterProxy::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

void StreamFilterProxy::setNeedsRetryOnly(bool on)
{
    if (on == m_retryOnly)
        return;
    m_retryOnly = on;
    invalidateRowsFilter();
}

bool StreamFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex idx =
        sourceModel()->index(sourceRow, StreamTableModel::StreamIdColumn, sourceParent);
    if (m_retryOnly && !idx.data(StreamTableModel::NeedsRetryRole).toBool())
        return false;
    if (!m_text.isEmpty() && !idx.data().toString().contains(m_text, Qt::CaseInsensitive))
        return false;
    return true;
}

} // namespace cdnrec
