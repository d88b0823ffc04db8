// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>

namespace cdnrec {

// Every setting cdnrec keeps, with its default, in one table (~/.config/cdnrec/cdnrec.conf).
// The console and the CLI read the same keys through here, never by their names. No secret is
// ever a setting: ServerSecrets live in the OS keyring (SecretStore). Profiles keep their own
// groups in the same file (ProfileStore).
class Settings final
{
public:
    enum class Key
    {
        HistoryKeepDays,         // int, 0 = forever
        HistoryRequireRecording, // bool: refuse to send what the history cannot record
        Language,                // "" = the system's, "en", "zh_CN"
        ConsoleProfile,          // the profile last used in the console ("" = Practice)
        ConsoleVendor,           // wire name: Tencent, Ws, Huawei
        WindowGeometry,          // QByteArray
        WindowSplitter,          // QByteArray
        LastDirectory,           // the folder of the last import or export
        HistoryWindowGeometry,   // QByteArray
        TeamHost,                // team database: host name, address or socket folder ("" = none)
        TeamPort,                // int
        TeamDatabase,            // database name
        TeamUser,                // the operator's database role (the password is in the keyring)
        TeamSslMode,             // libpq sslmode: verify-full by default
        TeamSslRootCert,         // the CA file for verify-ca / verify-full ("" = libpq's default)
        TeamInsecureTls,         // bool: the password may go to a server TLS does not verify
        TeamNoPassword,          // bool: the server needs no password (connect --no-password)
        HandledInterruptedRuns,  // QStringList "RUNID@STARTED_MS": offers answered (not offered
                                 // again)
    };

    static QVariant value(Key key);
    static void setValue(Key key, const QVariant &value);
    static void remove(Key key); // back to the default
    static QVariant defaultValue(Key key);
    static QString path(Key key); // its name in the file, for documentation and tests

    static int historyKeepDays();
    static void setHistoryKeepDays(int days);
    static bool historyRequireRecording();
    static void setHistoryRequireRecording(bool required);
    static QString language();
    static void setLanguage(const QString &language);
    static QString lastDirectory();
    static void setLastDirectory(const QString &directory);
};

} // namespace cdnrec
