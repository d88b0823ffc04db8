// SPDX-License-Identifier: GPL-3.0-or-later
#include <model/localuser.h>

#include <QHostInfo>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

using namespace cdnrec;

// The operator and machine every record names (model/localuser.h).
class TestLocalUser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void loginNameIsTheAccountsName()
    {
        const passwd *pw = ::getpwuid(::getuid());
        if (!pw || !pw->pw_name || !*pw->pw_name)
            QSKIP("this user id has no account name here");
        const QString account = QString::fromLocal8Bit(pw->pw_name);
        QCOMPARE(LocalUser::loginName(), account);
        // USER is the caller's to set (or to leave unset, as services do): the account decides.
        const QByteArray savedUser = qgetenv("USER");
        const bool hadUser = qEnvironmentVariableIsSet("USER");
        qputenv("USER", "someone-else");
        const QString withForgedUser = LocalUser::loginName();
        qunsetenv("USER");
        const QString withoutUser = LocalUser::loginName();
        if (hadUser)
            qputenv("USER", savedUser);
        QCOMPARE(withForgedUser, account);
        QCOMPARE(withoutUser, account);
    }

    // The real user id names the operator, not the effective one: a process running with lent
    // rights (seteuid) still records who started it.
    void loginNameIsTheRealUsersNotTheEffectiveOne()
    {
        if (::getuid() != 0)
            QSKIP("needs root, to lend itself another effective user id");
        const passwd *root = ::getpwuid(0);
        QVERIFY(root && root->pw_name);
        const QString rootName = QString::fromLocal8Bit(root->pw_name);
        constexpr uid_t nobody = 65534;
        QCOMPARE(::seteuid(nobody), 0);
        const QString lent = LocalUser::loginName();
        QCOMPARE(::seteuid(0), 0);
        QCOMPARE(::geteuid(), uid_t(0));
        QCOMPARE(lent, rootName);
    }

    // The local history recorded QHostInfo::localHostName() and the team QSysInfo's: the one
    // name now given is both, so old and new records of a machine agree.
    void hostNameIsTheMachinesAsBothRecordedIt()
    {
        char buffer[256] = {};
        QCOMPARE(::gethostname(buffer, sizeof buffer - 1), 0);
        const QString kernel = QString::fromLocal8Bit(buffer);
        QVERIFY(!kernel.isEmpty());
        QCOMPARE(LocalUser::hostName(), kernel);
        QCOMPARE(LocalUser::hostName(), QHostInfo::localHostName());
    }
};

QTEST_GUILESS_MAIN(TestLocalUser)
#include "test_localuser.moc"
