// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamconfig.h"

#include <store/secretstore.h>
#include <store/settings.h>

#include <QFileInfo>
#include <QStringList>
#include <QTimer>

namespace cdnrec {

bool TeamConfig::readSavedPassword(QString *password, QString *problem, int timeoutMs) const
{
    if (noPassword) {
        password->clear();
        return true;
    }
    SecretStore keyring;
    keyring.setTimeout(timeoutMs);
    const SecretStore::Result r = keyring.readNow(secretKey());
    if (r.ok() || r.status == SecretStore::Status::NotFound) {
        *password = r.ok() ? r.secret : QString();
        return true;
    }
    password->clear();
    if (problem)
        *problem = r.message;
    return false;
}

void TeamConfig::readSavedPassword(QObject *context, PasswordRead done, int timeoutMs) const
{
    if (noPassword) {
        QTimer::singleShot(0, context, [done] { done(true, QString(), QString()); });
        return;
    }
    // The store lives as long as its read (or its context).
    auto *keyring = new SecretStore(context);
    keyring->setTimeout(timeoutMs);
    keyring->read(secretKey(), context, [keyring, done](const SecretStore::Result &r) {
        keyring->deleteLater();
        if (r.ok() || r.status == SecretStore::Status::NotFound)
            done(true, r.ok() ? r.secret : QString(), QString());
        else
            done(false, QString(), r.message);
    });
}

bool TeamConfig::isSet() const
{
    return !host.trimmed().isEmpty() && !user.trimmed().isEmpty();
}

TeamConfig TeamConfig::load()
{
    TeamConfig c;
    c.host = Settings::value(Settings::Key::TeamHost).toString();
    bool ok = false;
    const int port = Settings::value(Settings::Key::TeamPort).toInt(&ok);
    c.port = ok && port > 0 && port < 65536 ? port : 5432;
    c.database = Settings::value(Settings::Key::TeamDatabase).toString();
    c.user = Settings::value(Settings::Key::TeamUser).toString();
    c.sslMode = Settings::value(Settings::Key::TeamSslMode).toString();
    if (!sslModes().contains(c.sslMode))
        c.sslMode = Settings::defaultValue(Settings::Key::TeamSslMode).toString();
    c.sslRootCert = Settings::value(Settings::Key::TeamSslRootCert).toString();
    c.insecureTls = Settings::value(Settings::Key::TeamInsecureTls).toBool();
    c.noPassword = Settings::value(Settings::Key::TeamNoPassword).toBool();
    return c;
}

void TeamConfig::save() const
{
    Settings::setValue(Settings::Key::TeamHost, host);
    Settings::setValue(Settings::Key::TeamPort, port);
    Settings::setValue(Settings::Key::TeamDatabase, database);
    Settings::setValue(Settings::Key::TeamUser, user);
    Settings::setValue(Settings::Key::TeamSslMode, sslMode);
    Settings::setValue(Settings::Key::TeamSslRootCert, sslRootCert);
    if (insecureTls)
        Settings::setValue(Settings::Key::TeamInsecureTls, true);
    else
        Settings::remove(Settings::Key::TeamInsecureTls);
    if (noPassword)
        Settings::setValue(Settings::Key::TeamNoPassword, true);
    else
        Settings::remove(Settings::Key::TeamNoPassword);
}

void TeamConfig::clear()
{
    for (Settings::Key key :
         {Settings::Key::TeamHost, Settings::Key::TeamPort, Settings::Key::TeamDatabase,
          Settings::Key::TeamUser, Settings::Key::TeamSslMode, Settings::Key::TeamSslRootCert,
          Settings::Key::TeamInsecureTls, Settings::Key::TeamNoPassword})
        Settings::remove(key);
}

QString TeamConfig::secretKey() const
{
    return QStringLiteral("team/") + displayName();
}

QString TeamConfig::displayName() const
{
    return QStringLiteral("%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

QStringList TeamConfig::sslModes()
{
    return {QStringLiteral("disable"), QStringLiteral("allow"),     QStringLiteral("prefer"),
            QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
}

bool TeamConfig::verifiesServer() const
{
    return isUnixSocket() || sslMode == QLatin1String("verify-full") ||
           sslMode == QLatin1String("verify-ca");
}

QString TeamConfig::insecureRisk() const
{
    return tr("In TLS mode %1 nothing checks that the server at %2 is the team's: anyone who can "
              "pose as it on the network (or a fake server) can ask for the password in clear "
              "and keep it.")
        .arg(sslMode, host);
}

QString TeamConfig::passwordProblem(bool hasPassword) const
{
    if (!hasPassword || verifiesServer() || insecureTls)
        return QString();
    return tr("The team password is sent only to a server whose TLS certificate is verified "
              "(TLS mode verify-full or verify-ca, with the team's CA certificate). %1 To accept "
              "that risk all the same: --insecure-tls (Preferences ▸ Team: \"Send the password "
              "to an unverified server\").")
        .arg(insecureRisk());
}

QString TeamConfig::problem() const
{
    if (host.trimmed().isEmpty())
        return tr("The team database's host is missing.");
    if (user.trimmed().isEmpty())
        return tr("The team database's user is missing.");
    if (database.trimmed().isEmpty())
        return tr("The team database's name is missing.");
    if (port <= 0 || port > 65535)
        return tr("The port must be between 1 and 65535.");
    if (!sslModes().contains(sslMode))
        return tr("The TLS mode must be one of: %1.").arg(sslModes().join(QStringLiteral(", ")));
    // Connection options are separated by ';' for the driver: such a path cannot be passed.
    if (sslRootCert.contains(QLatin1Char(';')))
        return tr("The CA certificate's path must not contain ';'.");
    // libpq reads the CA file synchronously, outside its connect_timeout: a FIFO would hang the
    // connection for good and a device be read without end. A missing file is libpq's to say.
    if (const QFileInfo ca(sslRootCert);
        !sslRootCert.isEmpty() && ca.exists() && (!ca.isFile() || ca.size() > MaxCaFileBytes))
        return tr("The CA certificate %1 is not a certificate file (a folder, a device, a pipe, "
                  "or larger than 1 MB).")
            .arg(sslRootCert);
    return QString();
}

} // namespace cdnrec
