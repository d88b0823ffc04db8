// SPDX-License-Identifier: GPL-3.0-or-later
// Text from outside the program is shown as written, never as markup. Qt takes a label's, a
// message box's or a tool tip's text for rich text when it starts like HTML, and then obeys it:
// a gateway whose Message held <img src="/dev/zero"> froze the Profiles dialog's Test
// connection for good (that file is read for ever). Each place that shows a gateway's message,
// a profile name or a server's words is fed markup here and must show it as text.
#include "guitest.h"
#include "profiledialog.h"
#include "prompt.h"
#include "restartdialog.h"
#include <app/application.h>
#include <store/profilestore.h>
#include <store/secretstore.h>

#include <QApplication>
#include <QComboBox>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace cdnrec;

namespace {
const QString kMarker = QStringLiteral("<b>hostile</b>");
} // namespace

class TestMarkup : public QObject
{
    Q_OBJECT

    // What the next modal dialog shows, read while it is open; then it is cancelled.
    static void inspectNextModal(test::MarkupShown *into, bool *seen)
    {
        test::whenModal([into, seen](QWidget *modal) {
            *into = test::markupShown(modal, kMarker);
            *seen = true;
            if (auto *d = qobject_cast<QDialog *>(modal))
                d->reject();
            return true;
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"cdnrec-test"_qs);
        QCoreApplication::setApplicationName(u"cdnrec-test-markup"_qs);
        QSettings().clear();
        installTranslations(u"en"_qs);
    }

    void restartDialogShowsWhereAsWritten()
    {
        RestartDialog d(3, u"Profile “%1” · AppId 42 · Tencent"_qs.arg(kMarker));
        d.show();
        const test::MarkupShown shown = test::markupShown(&d, kMarker);
        QVERIFY2(shown.asMarkup.isEmpty(), qPrintable(shown.asMarkup.join(u'\n')));
        QVERIFY(shown.asWritten >= 1);
    }

    void promptsShowTextAsWritten()
    {
        const auto check = [](const std::function<void()> &open) {
            test::MarkupShown shown;
            bool seen = false;
            inspectNextModal(&shown, &seen);
            open();
            QVERIFY(seen);
            QVERIFY2(shown.asMarkup.isEmpty(), qPrintable(shown.asMarkup.join(u'\n')));
            QVERIFY(shown.asWritten >= 1);
        };
        check([] {
            QVERIFY(
                !Prompt::confirm(nullptr, u"Stop"_qs, u"Stop “%1”?"_qs.arg(kMarker), u"Stop"_qs));
        });
        check([] {
            QVERIFY(!Prompt::confirmLive(
                nullptr, u"Quit"_qs, [] { return u"A run with “%1” is going on."_qs.arg(kMarker); },
                u"Quit"_qs, u"Stay"_qs));
        });
        check([] {
            QVERIFY(Prompt::secret(nullptr, u"ServerSecret needed"_qs,
                                   u"The ServerSecret of “%1”:"_qs.arg(kMarker))
                        .isEmpty());
        });
    }

    // A gateway (a custom endpoint: anyone's server) answers Test connection with markup in its
    // Message.
    void testConnectionShowsTheGatewaysWordsAsWritten()
    {
        QTcpServer gateway;
        QVERIFY(gateway.listen(QHostAddress::LocalHost, 0));
        connect(&gateway, &QTcpServer::newConnection, this, [&gateway] {
            while (QTcpSocket *s = gateway.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [s] {
                    if (!s->readAll().contains("\r\n\r\n"))
                        return;
                    const QByteArray body = R"({"Code":3,"Message":")" + kMarker.toUtf8() +
                                            R"( says no","RequestId":"r1"})";
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Content-Length: " +
                             QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
                             body);
                    s->disconnectFromHost();
                });
            }
        });
        QTemporaryDir dir;
        ProfileStore store(dir.filePath(u"profiles.ini"_qs));
        SecretStore secrets;
        ProfileDialog d(&store, &secrets);
        d.show();
        d.newProfile();
        QTest::keyClicks(d.nameEdit(), u"Probe"_qs);
        QTest::keyClicks(d.appIdEdit(), u"42"_qs);
        d.regionBox()->setCurrentIndex(d.regionBox()->findData(u"custom"_qs));
        QTest::keyClicks(d.endpointEdit(), u"http://127.0.0.1:%1/"_qs.arg(gateway.serverPort()));
        QTest::keyClicks(d.secretEdit(), u"0123456789abcdef0123456789abcdef"_qs);
        d.testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(!d.isBusy() && d.statusText().contains(kMarker), 15000);
        const test::MarkupShown shown = test::markupShown(&d, kMarker);
        QVERIFY2(shown.asMarkup.isEmpty(), qPrintable(shown.asMarkup.join(u'\n')));
        QVERIFY(shown.asWritten >= 1);
    }
};

QTEST_MAIN(TestMarkup)
#include "test_markup.moc"
