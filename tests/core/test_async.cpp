// SPDX-License-Identifier: GPL-3.0-or-later
// runAsync: the work runs off the calling thread, the result comes back on the context's thread,
// and nothing is called once the context is gone.
#include <model/async.h>

#include <QAtomicInt>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <memory>

using namespace cdnrec;

class TestAsync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workRunsOffTheThreadAndAnswersOnIt()
    {
        QObject context;
        QThread *workThread = nullptr;
        QThread *answerThread = nullptr;
        int answer = 0;
        runAsync(
            &context,
            [&workThread] {
                workThread = QThread::currentThread();
                return 42;
            },
            [&](int result) {
                answerThread = QThread::currentThread();
                answer = result;
            });
        QTRY_COMPARE(answer, 42);
        QVERIFY(workThread != nullptr);
        QVERIFY(workThread != QThread::currentThread());
        QCOMPARE(answerThread, QThread::currentThread());
    }

    void voidWorkIsAnsweredToo()
    {
        QObject context;
        bool done = false;
        QAtomicInt ran = 0;
        runAsync(
            &context, [&ran] { ran.storeRelease(1); }, [&done] { done = true; });
        QTRY_VERIFY(done);
        QCOMPARE(ran.loadAcquire(), 1);
    }

    void aContextGoneIsNotCalled()
    {
        auto context = std::make_unique<QObject>();
        QSemaphore release;
        QAtomicInt finished = 0;
        bool called = false;
        runAsync(
            context.get(),
            [&release, &finished] {
                release.acquire();
                finished.storeRelease(1);
                return 1;
            },
            [&called](int) { called = true; });
        context.reset(); // the window closed while the work was running
        release.release();
        QTRY_COMPARE(finished.loadAcquire(), 1);
        QTest::qWait(50); // any queued answer would be delivered by now
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestAsync)
#include "test_async.moc"
