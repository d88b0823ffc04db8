// SPDX-License-Identifier: GPL-3.0-or-later
// The stream table model on its own, watched by QAbstractItemModelTester: adding, outcomes,
// resetting for a run, the needs-retry count, and what each cell says in full.
#include "streamtablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocument>

using namespace cdnrec;
using M = StreamTableModel;

class TestStreamTableModel : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<StreamTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QString text(int row, int column, int role = Qt::DisplayRole) const
    {
        return m_model->index(row, column).data(role).toString();
    }
    // A tool tip as a reader sees it: Qt renders it as rich text when it looks like some.
    QString tipSeen(int row, int column) const
    {
        const QString tip = text(row, column, Qt::ToolTipRole);
        if (!Qt::mightBeRichText(tip))
            return tip;
        QTextDocument doc;
        doc.setHtml(tip);
        return doc.toPlainText();
    }
    static StreamOutcome outcome(const QString &id, StreamStatus status,
                                 const QString &code = QString(),
                                 const QString &message = QString(), bool zego = false)
    {
        StreamOutcome o;
        o.streamId = id;
        o.status = status;
        o.code = code;
        o.codeIsZego = zego;
        o.message = message;
        o.attempts = 1;
        o.callId = 1;
        return o;
    }

private Q_SLOTS:
    void init();
    void cleanup();
    void addingCountsWhatHappened();
    void outcomesUpdateOneRow();
    void resetForRunClearsOutcomes();
    void needsRetryCountFollowsOutcomes();
    void zegoCodesComeWithAdvice();
    void vendorCodesComeWithMeaningAndAdvice();
    void everyCellHasItsFullTextAsToolTip();
    void toolTipsShowMarkupAsWritten();
    void removeAndClear();
};

void TestStreamTableModel::init()
{
    m_model = std::make_unique<StreamTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestStreamTableModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TestStreamTableModel::addingCountsWhatHappened()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    const auto r = m_model->addText(u"stream_id\na\nb\na\n\"x y\"\nold.id\n"_qs);
    QCOMPARE(r.added, 4);
    QCOMPARE(r.duplicates, 1);
    QCOMPARE(r.invalid, 1);
    QCOMPARE(r.warnings, 1);
    QCOMPARE(inserted.size(), 1); // one insertion for the whole paste
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(m_model->columnCount(), int(M::ColumnCount));
    QCOMPARE(text(0, M::StreamIdColumn), u"a"_qs);
    QCOMPARE(text(0, M::StatusColumn), u"Ready"_qs);
    QCOMPARE(text(2, M::StatusColumn), u"Invalid"_qs);
    QVERIFY(text(2, M::MessageColumn).contains(u"whitespace"_qs));
    QCOMPARE(m_model->rowOf(u"b"_qs), 1);
    // Adding what is there already adds nothing.
    const auto again = m_model->addText(u"a b"_qs);
    QCOMPARE(again.added, 0);
    QCOMPARE(again.duplicates, 2);
    QCOMPARE(inserted.size(), 1);
    // Invalid IDs are never sent.
    QCOMPARE(m_model->sendableIds(), (QStringList{u"a"_qs, u"b"_qs, u"old.id"_qs}));
    QCOMPARE(m_model->headerData(M::StreamIdColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
             u"Stream ID"_qs);
}

void TestStreamTableModel::outcomesUpdateOneRow()
{
    m_model->addText(u"a b c"_qs);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->applyOutcome(outcome(u"b"_qs, StreamStatus::Succeeded));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
    QCOMPARE(text(1, M::StatusColumn), statusDisplayName(StreamStatus::Succeeded));
    QCOMPARE(m_model->index(1, M::AttemptsColumn).data().toInt(), 1);
    // An outcome for a stream removed meanwhile changes nothing.
    m_model->applyOutcome(outcome(u"gone"_qs, StreamStatus::Succeeded));
    QCOMPARE(changed.size(), 1);
}

void TestStreamTableModel::resetForRunClearsOutcomes()
{
    m_model->addText(u"a b c"_qs);
    m_model->applyOutcome(
        outcome(u"a"_qs, StreamStatus::Failed, u"6"_qs, u"too frequent"_qs, true));
    m_model->applyOutcome(outcome(u"c"_qs, StreamStatus::Unknown, QString(), u"no answer"_qs));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->resetForRun({u"a"_qs, u"c"_qs});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_model->outcomeAt(0).status, StreamStatus::Pending);
    QVERIFY(text(0, M::MessageColumn).isEmpty());
    QVERIFY(text(0, M::CodeColumn).isEmpty());
    QCOMPARE(m_model->outcomeAt(2).status, StreamStatus::Pending);
    QCOMPARE(m_model->needsRetryCount(), 0);
}

void TestStreamTableModel::needsRetryCountFollowsOutcomes()
{
    m_model->addText(u"a b c d"_qs);
    QCOMPARE(m_model->needsRetryCount(), 0);
    m_model->applyOutcome(outcome(u"a"_qs, StreamStatus::Failed, u"FailedOperation"_qs, u"x"_qs));
    m_model->applyOutcome(outcome(u"b"_qs, StreamStatus::Unknown));
    m_model->applyOutcome(outcome(u"c"_qs, StreamStatus::Succeeded));
    QCOMPARE(m_model->needsRetryCount(), 2);
    QCOMPARE(m_model->sendableIds(true), (QStringList{u"a"_qs, u"b"_qs}));
    QVERIFY(m_model->index(0, 0).data(M::NeedsRetryRole).toBool());
    QVERIFY(!m_model->index(2, 0).data(M::NeedsRetryRole).toBool());
    m_model->applyOutcome(outcome(u"a"_qs, StreamStatus::Succeeded)); // the retry worked
    QCOMPARE(m_model->needsRetryCount(), 1);
    m_model->removeStreamRows({1});
    QCOMPARE(m_model->needsRetryCount(), 0);
}

void TestStreamTableModel::zegoCodesComeWithAdvice()
{
    m_model->addText(u"a"_qs);
    m_model->applyOutcome(outcome(u"a"_qs, StreamStatus::Failed, u"7"_qs, u"auth failed"_qs, true));
    QVERIFY2(text(0, M::MessageColumn).contains(u"ServerSecret"_qs),
             qPrintable(text(0, M::MessageColumn)));
}

void TestStreamTableModel::vendorCodesComeWithMeaningAndAdvice()
{
    m_model->addText(u"t w"_qs);
    m_model->setVendor(Vendor::Tencent);
    m_model->resetForRun({u"t"_qs});
    m_model->applyOutcome(outcome(u"t"_qs, StreamStatus::Failed, u"ResourceNotFound.TaskId"_qs,
                                  u"task not found"_qs));
    const QString t = text(0, M::MessageColumn);
    QVERIFY2(t.contains(u"task not found"_qs) && t.contains(u"may have ended already"_qs),
             qPrintable(t));
    // An undocumented detail still gets its family's meaning.
    m_model->applyOutcome(
        outcome(u"t"_qs, StreamStatus::Failed, u"FailedOperation.404"_qs, QString()));
    QVERIFY2(text(0, M::MessageColumn).contains(u"failed"_qs),
             qPrintable(text(0, M::MessageColumn)));
    // The vendor of the run that sent the row, not of a later one.
    m_model->setVendor(Vendor::Ws);
    m_model->resetForRun({u"w"_qs});
    m_model->applyOutcome(outcome(u"w"_qs, StreamStatus::Failed, u"404"_qs, QString()));
    QVERIFY2(text(1, M::MessageColumn).contains(u"Wangsu"_qs),
             qPrintable(text(1, M::MessageColumn)));
    QVERIFY(text(0, M::MessageColumn).contains(u"Tencent"_qs));
}

void TestStreamTableModel::everyCellHasItsFullTextAsToolTip()
{
    m_model->addText(
        u"stream_id\nlong-431516906514577165643151690651457716564315169065145771656\n\"bad id\"\n"_qs);
    StreamOutcome o = outcome(u"long-431516906514577165643151690651457716564315169065145771656"_qs,
                              StreamStatus::Failed, u"100000005"_qs, u"signature wrong"_qs, true);
    o.requestId = u"4315169065145771656"_qs;
    o.vendorRequestId = u"d39548da-fbd4-4dce-8023-cfccd28a9963"_qs;
    m_model->applyOutcome(o);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        for (int column = 0; column < m_model->columnCount(); ++column) {
            const QString shown = text(row, column);
            if (shown.isEmpty())
                continue;
            const QString tip = tipSeen(row, column);
            QVERIFY2(tip.contains(shown),
                     qPrintable(QStringLiteral("row %1 column %2: tip “%3” for “%4”")
                                    .arg(row)
                                    .arg(column)
                                    .arg(tip, shown)));
        }
    }
    // An invalid row's tip says why.
    QVERIFY(text(1, M::StreamIdColumn, Qt::ToolTipRole).contains(u"whitespace"_qs));
}

// A gateway's message and an ID from a file go into tool tips, which Qt renders as rich text
// when they look like some: <img src="/dev/zero"> there froze the console on hover.
void TestStreamTableModel::toolTipsShowMarkupAsWritten()
{
    const QString marker = u"<img src=\"/dev/zero\">"_qs;
    m_model->addText(u"ok-1\n<b>id</b>\n"_qs);
    m_model->applyOutcome(
        outcome(u"ok-1"_qs, StreamStatus::Failed, u"FailedOperation"_qs, marker + u" nope"_qs));
    const QString tip = text(0, M::MessageColumn, Qt::ToolTipRole);
    QVERIFY2(!tip.contains(marker), qPrintable(tip));
    QVERIFY(tipSeen(0, M::MessageColumn).startsWith(marker + u" nope"_qs));
    QVERIFY(!text(1, M::StreamIdColumn, Qt::ToolTipRole).contains(u"<b>"_qs));
    QVERIFY(tipSeen(1, M::StreamIdColumn).startsWith(u"<b>id</b>"_qs));
    // Plain text stays plain (no markup added where none is needed).
    m_model->applyOutcome(outcome(u"ok-1"_qs, StreamStatus::Failed, u"x"_qs, u"a & b"_qs));
    QVERIFY(text(0, M::MessageColumn, Qt::ToolTipRole).startsWith(u"a & b"_qs));
}

void TestStreamTableModel::removeAndClear()
{
    m_model->addText(u"a b c d e"_qs);
    m_model->removeStreamRows({3, 1, 4, 1});
    QCOMPARE(m_model->sendableIds(), (QStringList{u"a"_qs, u"c"_qs}));
    QCOMPARE(m_model->rowOf(u"c"_qs), 1);
    QCOMPARE(m_model->rowOf(u"d"_qs), -1);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->clearAll();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->rowOf(u"a"_qs), -1);
}

QTEST_MAIN(TestStreamTableModel)
#include "test_streamtablemodel.moc"
