// SPDX-License-Identifier: GPL-3.0-or-later
// test::whenModal (tests/support/guitest.h), the helper that answers a real modal dialog for the
// console's tests: it answers its own test's dialog, says whether one came, rejects a dialog it
// cannot answer in time, and is gone when its test ends. It used to poll on for a minute after
// its test and answered the next test's dialog, which then tested nothing of its own.
#include "guitest.h"

#include <QApplication>
#include <QDialog>
#include <QTest>
#include <QTimer>

#include <memory>

class TestWhenModal : public QObject
{
    Q_OBJECT
    // How often the whenModal left behind by leavesAnAnswerArmed() acted, in any test.
    std::shared_ptr<int> m_strayActs = std::make_shared<int>(0);

    // A modal dialog that closes itself with `result` after `ms`, unless answered first.
    static int showModal(int result, int ms)
    {
        QDialog dialog;
        QTimer::singleShot(ms, &dialog, [&dialog, result] { dialog.done(result); });
        return dialog.exec();
    }

private Q_SLOTS:
    void answersItsTestsDialog()
    {
        const auto answer = cdnrec::test::whenModal([](QWidget *modal) {
            auto *dialog = qobject_cast<QDialog *>(modal);
            if (dialog)
                dialog->done(42);
            return dialog != nullptr;
        });
        QCOMPARE(showModal(7, 10000), 42);
        QVERIFY(answer->shown);
        QVERIFY(answer->answered);
        QVERIFY(!answer->timedOut);
    }

    // A dialog `act` never finishes with is rejected, and the test can tell.
    void rejectsADialogItCannotAnswer()
    {
        const auto answer = cdnrec::test::whenModal([](QWidget *) { return false; }, 300);
        QCOMPARE(showModal(7, 20000), int(QDialog::Rejected));
        QVERIFY(answer->shown);
        QVERIFY(!answer->answered);
        QVERIFY(answer->timedOut);
    }

    // Armed, and no dialog comes before the test ends: the test can tell.
    void leavesAnAnswerArmed()
    {
        const auto answer = cdnrec::test::whenModal([strays = m_strayActs](QWidget *modal) {
            ++*strays;
            if (auto *dialog = qobject_cast<QDialog *>(modal))
                dialog->done(99);
            return true;
        });
        QTest::qWait(100); // it polls meanwhile
        QVERIFY(!answer->shown);
        QVERIFY(!answer->answered);
    }

    // The next test's dialog is its own: the whenModal armed above never sees it, and says, at
    // its first look after its test, that no dialog came.
    void theNextTestsDialogIsItsOwn()
    {
        QTest::ignoreMessage(QtWarningMsg,
                             "whenModal: no dialog came while leavesAnAnswerArmed ran");
        QCOMPARE(showModal(5, 500), 5);
        QCOMPARE(*m_strayActs, 0);
    }

    // Data rows are tests of their own too.
    void boundToItsDataRow_data()
    {
        QTest::addColumn<bool>("arm");
        QTest::newRow("arms") << true;
        QTest::newRow("shows") << false;
    }
    void boundToItsDataRow()
    {
        QFETCH(bool, arm);
        if (arm) {
            cdnrec::test::whenModal([strays = m_strayActs](QWidget *modal) {
                ++*strays;
                if (auto *dialog = qobject_cast<QDialog *>(modal))
                    dialog->done(99);
                return true;
            });
            QTest::qWait(100);
            return;
        }
        QTest::ignoreMessage(QtWarningMsg,
                             "whenModal: no dialog came while boundToItsDataRow:arms ran");
        QCOMPARE(showModal(5, 500), 5);
        QCOMPARE(*m_strayActs, 0);
    }
};

QTEST_MAIN(TestWhenModal)
#include "test_whenmodal.moc"
