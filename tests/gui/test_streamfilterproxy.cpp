// SPDX-License-Identifier: GPL-3.0-or-later
// The filter over the stream table, watched by QAbstractItemModelTester: text, needs-retry only,
// sorting (numbers as numbers), and the counts an "N of M shown" label needs.
#include "streamfilterproxy.h"
#include "streamtablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace cdnrec;
using M = StreamTableModel;

class TestStreamFilterProxy : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<StreamTableModel> m_model;
    std::unique_ptr<StreamFilterProxy> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    QStringList shownIds() const
    {
        QStringList out;
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            out.append(m_proxy->index(r, M::StreamIdColumn).data().toString());
        return out;
    }
    void fail(const QString &id, const QString &code, bool zego = false)
    {
        StreamOutcome o;
        o.streamId = id;
        o.status = StreamStatus::Failed;
        o.code = code;
        o.codeIsZego = zego;
        o.attempts = 1;
        m_model->applyOutcome(o);
    }

private Q_SLOTS:
    void init();
    void cleanup();
    void filterText();
    void needsRetryOnly();
    void sortsNumbersAsNumbers();
    void countsForTheShownLabel();
};

void TestStreamFilterProxy::init()
{
    m_model = std::make_unique<StreamTableModel>();
    m_proxy = std::make_unique<StreamFilterProxy>();
    m_proxy->setSourceModel(m_model.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->addText(u"room-1 room-2 Room-10 other-3"_qs);
}

void TestStreamFilterProxy::cleanup()
{
    m_tester.reset();
    m_proxy.reset();
    m_model.reset();
}

void TestStreamFilterProxy::filterText()
{
    m_proxy->setText(u"room"_qs);
    QCOMPARE(shownIds(), (QStringList{u"room-1"_qs, u"room-2"_qs, u"Room-10"_qs})); // any case
    m_proxy->setText(u"-1"_qs);
    QCOMPARE(shownIds(), (QStringList{u"room-1"_qs, u"Room-10"_qs}));
    m_proxy->setText(QString());
    QCOMPARE(m_proxy->rowCount(), 4);
}

void TestStreamFilterProxy::needsRetryOnly()
{
    m_proxy->setNeedsRetryOnly(true);
    QCOMPARE(m_proxy->rowCount(), 0);
    fail(u"room-2"_qs, u"6"_qs, true);
    QCOMPARE(shownIds(), QStringList{u"room-2"_qs}); // follows outcomes as they come
    fail(u"other-3"_qs, u"FailedOperation"_qs);
    m_proxy->setText(u"room"_qs);
    QCOMPARE(shownIds(), QStringList{u"room-2"_qs}); // both filters at once
    m_model->resetForRun({u"room-2"_qs});
    QCOMPARE(m_proxy->rowCount(), 0);
    m_proxy->setNeedsRetryOnly(false);
    QCOMPARE(m_proxy->rowCount(), 3);
}

void TestStreamFilterProxy::sortsNumbersAsNumbers()
{
    fail(u"room-1"_qs, u"100000005"_qs, true);
    fail(u"room-2"_qs, u"6"_qs, true);
    fail(u"Room-10"_qs, u"7"_qs, true);
    m_proxy->sort(M::CodeColumn, Qt::AscendingOrder);
    QCOMPARE(m_proxy->index(0, M::CodeColumn).data().toString(), u""_qs); // no code first
    QCOMPARE(m_proxy->index(1, M::CodeColumn).data().toString(), u"6"_qs);
    QCOMPARE(m_proxy->index(2, M::CodeColumn).data().toString(), u"7"_qs);
    QCOMPARE(m_proxy->index(3, M::CodeColumn).data().toString(), u"100000005"_qs);
    // Stream IDs: case-insensitive, and the numbers in them in order.
    m_proxy->sort(M::StreamIdColumn, Qt::AscendingOrder);
    QCOMPARE(shownIds(), (QStringList{u"other-3"_qs, u"room-1"_qs, u"room-2"_qs, u"Room-10"_qs}));
}

void TestStreamFilterProxy::countsForTheShownLabel()
{
    QSignalSpy counts(m_proxy.get(), &StreamFilterProxy::countsChanged);
    QCOMPARE(m_proxy->shownCount(), 4);
    QCOMPARE(m_proxy->totalCount(), 4);
    m_proxy->setText(u"room"_qs);
    QCOMPARE(m_proxy->shownCount(), 3);
    QVERIFY(!counts.isEmpty());
    QCOMPARE(counts.last().at(0).toInt(), 3);
    QCOMPARE(counts.last().at(1).toInt(), 4);
    m_model->addText(u"room-5 x-6"_qs);
    QCOMPARE(counts.last().at(0).toInt(), 4);
    QCOMPARE(counts.last().at(1).toInt(), 6);
    m_model->clearAll();
    QCOMPARE(counts.last().at(0).toInt(), 0);
    QCOMPARE(counts.last().at(1).toInt(), 0);
    const auto before = counts.size();
    m_proxy->setText(u"room-"_qs); // nothing changes: no signal
    QCOMPARE(counts.size(), before);
}

QTEST_MAIN(TestStreamFilterProxy)
#include "test_streamfilterproxy.moc"
