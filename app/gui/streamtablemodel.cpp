// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamtablemodel.h"

#include "plaintext.h"
#include <engine/returncodes.h>

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

#include <algorithm>

namespace cdnrec {

StreamTableModel::StreamTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int StreamTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StreamTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QIcon StreamTableModel::statusIcon(StreamStatus status)
{
    // Coloured dots, drawn once: green stopped, red failed, amber unknown, blue in progress,
    // grey skipped and pending. Colour is never the only sign: the text says it too.
    static QHash<int, QIcon> cache;
    const auto it = cache.constFind(int(status));
    if (it != cache.constEnd())
        return *it;
    QColor colour;
    switch (status) {
    case StreamStatus::Succeeded:
        colour = QColor(0x2e, 0x9d, 0x4f);
        break;
    case StreamStatus::Failed:
        colour = QColor(0xd9, 0x3a, 0x3a);
        break;
    case StreamStatus::Unknown:
        colour = QColor(0xe0, 0x9b, 0x16);
        break;
    case StreamStatus::Sending:
        colour = QColor(0x2f, 0x7d, 0xe1);
        break;
    case StreamStatus::Pending:
    case StreamStatus::Skipped:
        colour = QColor(0x9a, 0x9a, 0x9a);
        break;
    }
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    if (status == StreamStatus::Pending) {
        p.setPen(QPen(colour, 3));
        p.setBrush(Qt::NoBrush);
    }
    p.drawEllipse(QRectF(6, 6, 20, 20));
    p.end();
    const QIcon icon(pm);
    cache.insert(int(status), icon);
    return icon;
}

QString StreamTableModel::statusText(const Row &row) const
{
    if (row.verdict == StreamIds::Verdict::Invalid)
        return tr("Invalid");
    if (row.late)
        return tr("Added during the run");
    if (row.outcome.status == StreamStatus::Pending && row.outcome.attempts == 0 &&
        row.outcome.message.isEmpty())
        return row.verdict == StreamIds::Verdict::Warning ? tr("Ready, outside ZEGO's ID rule")
                                                          : tr("Ready");
    if (row.action == RunAction::Start && row.outcome.status == StreamStatus::Succeeded &&
        row.outcome.endTime > 0)
        return recordingUntilText(row.outcome.endTime, QDateTime::currentDateTime());
    if (alreadyRecording(row))
        return tr("Already recording");
    if (row.action == RunAction::Start && row.outcome.status == StreamStatus::Failed)
        return tr("Restart failed");
    if (row.sent && row.outcome.status == StreamStatus::Skipped)
        return tr("Not sent");
    return statusDisplayName(row.outcome.status, row.action);
}

QStringList StreamTableModel::otherStatusTexts()
{
    // (A warned row's "Ready, outside ZEGO's ID rule" is left to its tool tip: a run leaves
    // few such rows Ready, and the message column keeps its room.)
    return {tr("Ready"), tr("Added during the run"), tr("Already recording"), tr("Restart failed"),
            tr("Not sent")};
}

bool StreamTableModel::alreadyRecording(const Row &row)
{
    return row.action == RunAction::Start && row.outcome.status == StreamStatus::Failed &&
           !row.outcome.codeIsZego &&
           ReturnCodes::meansAlreadyRecording(row.vendor, row.outcome.code);
}

bool StreamTableModel::isAlreadyRecording(int row) const
{
    return alreadyRecording(m_rows.at(row));
}

QString StreamTableModel::clockText(qint64 secs, const QDateTime &now)
{
    const QDateTime at = QDateTime::fromSecsSinceEpoch(secs).toLocalTime();
    const QLocale locale;
    const QString time = locale.toString(at.time(), QStringLiteral("HH:mm"));
    if (at.date() == now.toLocalTime().date())
        return time;
    // Within 24 h, so at most tomorrow: the day's short name says which.
    return locale.toString(at.date(), QStringLiteral("ddd")) + u' ' + time;
}

QString StreamTableModel::recordingUntilText(qint64 endTime, const QDateTime &now)
{
    return tr("Recording until %1").arg(clockText(endTime, now));
}

bool StreamTableModel::isRestartable(int row) const
{
    const Row &r = m_rows.at(row);
    return r.verdict != StreamIds::Verdict::Invalid && r.action == RunAction::Stop &&
           r.outcome.status == StreamStatus::Succeeded;
}

QString StreamTableModel::messageText(const Row &row) const
{
    const StreamOutcome &o = row.outcome;
    if (row.verdict == StreamIds::Verdict::Invalid)
        return row.reason;
    // An ID outside ZEGO's rule says why where the row is, until an answer says more.
    if (row.verdict == StreamIds::Verdict::Warning && o.message.isEmpty() && o.code.isEmpty())
        return row.reason;
    if (o.status != StreamStatus::Failed || o.code.isEmpty())
        return o.message;
    // Codes come with what they mean and what to do: ZEGO's own, and the vendor's per stream.
    QString meaning;
    QString advice;
    if (o.codeIsZego) {
        const CodeInfo info = ReturnCodes::lookup(o.code.toLongLong());
        advice = info.advice;
        if (o.message.isEmpty())
            meaning = info.meaning;
    } else {
        const VendorCodeInfo info = ReturnCodes::lookup(row.vendor, o.code, row.action);
        advice = info.advice;
        // The vendor's own words first, then what the code means when cdnrec knows it (or when
        // the words say nothing beyond the code).
        if (info.kind != CodeInfo::Kind::Unknown || o.message.trimmed().isEmpty() ||
            o.message.trimmed() == o.code.trimmed())
            meaning = info.meaning;
    }
    QStringList parts;
    if (!o.message.isEmpty())
        parts.append(o.message);
    if (!meaning.isEmpty() && !o.message.contains(meaning))
        parts.append(meaning);
    if (!advice.isEmpty())
        parts.append(advice);
    return parts.join(QStringLiteral(" — "));
}

QVariant StreamTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const StreamOutcome &o = row.outcome;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case StreamIdColumn:
            return o.streamId;
        case StatusColumn:
            return statusText(row);
        case CodeColumn:
            return o.code;
        case MessageColumn:
            return messageText(row);
        case VendorRequestIdColumn:
            return o.vendorRequestId;
        case RequestIdColumn:
            return o.requestId;
        case AttemptsColumn:
            return role == Qt::EditRole ? QVariant(o.attempts)
                                        : (o.attempts ? QVariant(o.attempts) : QVariant());
        case RoomColumn:
            return row.room;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == StatusColumn) {
            if (row.verdict == StreamIds::Verdict::Invalid)
                return statusIcon(StreamStatus::Failed);
            return statusIcon(alreadyRecording(row) ? StreamStatus::Succeeded : o.status);
        }
        return {};
    case Qt::ToolTipRole: {
        // The whole text of every cell, for a column too narrow to show it (the view elides).
        const QString full = data(index, Qt::DisplayRole).toString();
        if (row.verdict != StreamIds::Verdict::Ok && !row.reason.isEmpty() &&
            (index.column() == StreamIdColumn || index.column() == StatusColumn))
            return asWritten(full + u'\n' + row.reason);
        // A gateway's message or an ID from a file: shown as written, never as markup.
        return full.isEmpty() ? QVariant() : QVariant(asWritten(full));
    }
    case Qt::ForegroundRole:
        if (row.verdict == StreamIds::Verdict::Invalid)
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == StatusColumn)
            return statusText(row);
        return {};
    case NeedsRetryRole:
        return needsRetry(row);
    default:
        return {};
    }
}

QVariant StreamTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StreamIdColumn:
        return tr("Stream ID");
    case StatusColumn:
        return tr("Status");
    case CodeColumn:
        return tr("Code");
    case MessageColumn:
        return tr("Message");
    case VendorRequestIdColumn:
        return tr("Vendor request ID");
    case RequestIdColumn:
        return tr("ZEGO request ID");
    case AttemptsColumn:
        return tr("Attempts");
    case RoomColumn:
        return tr("Room");
    }
    return {};
}

StreamTableModel::AddResult StreamTableModel::addText(QStringView text, StreamIds::Format format)
{
    return addItems(StreamIds::parse(text, format));
}

StreamTableModel::AddResult StreamTableModel::addItems(const QList<StreamIds::Item> &items)
{
    AddResult result;
    QList<Row> fresh;
    fresh.reserve(items.size());
    QHash<QString, int> added; // within this batch, for IDs the parser did not see twice
    for (const StreamIds::Item &item : items) {
        if (item.verdict == StreamIds::Verdict::Duplicate || m_index.contains(item.id) ||
            added.contains(item.id)) {
            ++result.duplicates;
            continue;
        }
        Row row;
        row.outcome.streamId = item.id;
        row.verdict = item.verdict;
        row.reason = item.reason;
        if (item.verdict == StreamIds::Verdict::Invalid) {
            row.outcome.status = StreamStatus::Skipped;
            ++result.invalid;
        } else if (item.verdict == StreamIds::Verdict::Warning) {
            ++result.warnings;
        }
        added.insert(item.id, 0);
        fresh.append(std::move(row));
    }
    if (fresh.isEmpty())
        return result;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (Row &row : fresh) {
        m_index.insert(row.outcome.streamId, int(m_rows.size()));
        m_rows.append(std::move(row));
    }
    endInsertRows();
    result.added = int(fresh.size());
    return result;
}

StreamTableModel::AddResult
StreamTableModel::addListed(const QList<QPair<QString, QString>> &streamRooms)
{
    // Each listed ID whole, as the gateway gave it (never split at a space or a comma), under
    // the same rule as a typed one.
    QList<StreamIds::Item> items;
    items.reserve(streamRooms.size());
    for (const auto &[id, room] : streamRooms) {
        StreamIds::Item item;
        item.id = id;
        item.verdict = StreamIds::check(id, &item.reason);
        items.append(item);
    }
    const AddResult result = addItems(items);
    for (const auto &[id, room] : streamRooms) {
        const int row = rowOf(id);
        if (row < 0 || !m_rows.at(row).room.isEmpty())
            continue;
        m_rows[row].room = room;
        Q_EMIT dataChanged(index(row, RoomColumn), index(row, RoomColumn));
    }
    return result;
}

bool StreamTableModel::hasRooms() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(),
                       [](const Row &r) { return !r.room.isEmpty(); });
}

void StreamTableModel::removeStreamRows(QList<int> rows)
{
    // Highest first, in contiguous runs, so each removal leaves the others' numbers intact.
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    qsizetype i = 0;
    while (i < rows.size()) {
        const int last = rows.at(i);
        int first = last;
        while (i + 1 < rows.size() && rows.at(i + 1) == first - 1) {
            ++i;
            first = rows.at(i);
        }
        ++i;
        if (first < 0 || last >= m_rows.size())
            continue;
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
    }
    rebuildIndex();
    recount();
}

void StreamTableModel::clearAll()
{
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    m_needsRetry = 0;
    endResetModel();
}

bool StreamTableModel::needsRetry(const Row &row)
{
    return row.verdict != StreamIds::Verdict::Invalid &&
           (row.outcome.status == StreamStatus::Failed ||
            row.outcome.status == StreamStatus::Unknown) &&
           !alreadyRecording(row);
}

void StreamTableModel::recount()
{
    m_needsRetry = int(std::count_if(m_rows.cbegin(), m_rows.cend(), needsRetry));
}

void StreamTableModel::rebuildIndex()
{
    m_index.clear();
    m_index.reserve(m_rows.size());
    for (int i = 0; i < m_rows.size(); ++i)
        m_index.insert(m_rows.at(i).outcome.streamId, i);
}

QStringList StreamTableModel::sendableIds(bool onlyRetry, RunAction action) const
{
    QStringList out;
    for (const Row &row : m_rows) {
        if (row.verdict == StreamIds::Verdict::Invalid)
            continue;
        if (onlyRetry && (!needsRetry(row) || row.action != action))
            continue;
        out.append(row.outcome.streamId);
    }
    return out;
}

void StreamTableModel::resetForRun(const QStringList &ids)
{
    int top = int(m_rows.size());
    int bottom = -1;
    for (const QString &id : ids) {
        const int r = m_index.value(id, -1);
        if (r < 0)
            continue;
        Row &row = m_rows[r];
        // A retry goes on counting: the attempts of the runs of the same action before it.
        row.priorAttempts = row.sent && row.action == m_action ? row.outcome.attempts : 0;
        StreamOutcome fresh;
        fresh.streamId = id;
        fresh.attempts = row.priorAttempts;
        row.outcome = fresh;
        row.vendor = m_vendor;
        row.action = m_action;
        row.profile = m_profile;
        row.runId = m_runId;
        row.answeredAt = 0;
        row.sent = true;
        row.late = false;
        top = qMin(top, r);
        bottom = qMax(bottom, r);
    }
    recount();
    if (bottom >= 0)
        Q_EMIT dataChanged(index(top, 0), index(bottom, ColumnCount - 1));
}

void StreamTableModel::applyOutcome(const StreamOutcome &outcome)
{
    const int r = m_index.value(outcome.streamId, -1);
    if (r < 0)
        return; // removed from the list while the run went on
    m_needsRetry -= needsRetry(m_rows.at(r)) ? 1 : 0;
    Row &row = m_rows[r];
    row.outcome = outcome;
    row.outcome.attempts += row.priorAttempts;
    if (isFinal(outcome.status))
        row.answeredAt = QDateTime::currentSecsSinceEpoch();
    m_needsRetry += needsRetry(row) ? 1 : 0;
    Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

void StreamTableModel::restore(const StreamOutcome &outcome, RunAction action,
                               const QString &profile, Vendor vendor, qint64 runId)
{
    const int r = m_index.value(outcome.streamId, -1);
    if (r < 0 || m_rows.at(r).verdict == StreamIds::Verdict::Invalid)
        return;
    m_needsRetry -= needsRetry(m_rows.at(r)) ? 1 : 0;
    Row &row = m_rows[r];
    row.outcome = outcome;
    row.action = action;
    row.profile = profile;
    row.vendor = vendor;
    row.runId = runId;
    row.priorAttempts = 0;
    row.sent = true;
    row.late = false;
    m_needsRetry += needsRetry(row) ? 1 : 0;
    Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

void StreamTableModel::retranslate()
{
    for (Row &row : m_rows) {
        if (row.verdict == StreamIds::Verdict::Ok || row.verdict == StreamIds::Verdict::Duplicate)
            continue;
        QString reason;
        if (StreamIds::check(row.outcome.streamId, &reason) == row.verdict)
            row.reason = reason;
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void StreamTableModel::setLate(int row, bool late)
{
    if (row < 0 || row >= m_rows.size() || m_rows.at(row).late == late)
        return;
    m_rows[row].late = late;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void StreamTableModel::clearLate()
{
    for (int r = 0; r < m_rows.size(); ++r)
        setLate(r, false);
}

} // namespace cdnrec
