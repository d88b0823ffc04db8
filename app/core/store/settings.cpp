// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings.h"

#include <QDir>
#include <QSettings>

namespace cdnrec {

namespace {

struct Entry
{
    Settings::Key key;
    const char *path;
    QVariant defaultValue;
};

const Entry &entry(Settings::Key key)
{
    // The names are those the first release wrote: existing files keep working.
    static const Entry table[] = {
        {Settings::Key::HistoryKeepDays, "history/keepDays", 0},
        {Settings::Key::HistoryRequireRecording, "history/requireRecording", true},
        {Settings::Key::Language, "console/language", QString()},
        {Settings::Key::ConsoleProfile, "console/profile", QString()},
        {Settings::Key::ConsoleVendor, "console/vendor", QStringLiteral("Tencent")},
        {Settings::Key::WindowGeometry, "window/geometry", QByteArray()},
        {Settings::Key::WindowSplitter, "window/splitter", QByteArray()},
        {Settings::Key::LastDirectory, "console/lastDirectory", QString()},
        {Settings::Key::HistoryWindowGeometry, "history/windowGeometry", QByteArray()},
        {Settings::Key::TeamHost, "team/host", QString()},
        {Settings::Key::TeamPort, "team/port", 5432},
        {Settings::Key::TeamDatabase, "team/database", QStringLiteral("cdnrec")},
        {Settings::Key::TeamUser, "team/user", QString()},
        {Settings::Key::TeamSslMode, "team/sslMode", QStringLiteral("verify-full")},
        {Settings::Key::TeamSslRootCert, "team/sslRootCert", QString()},
        {Settings::Key::TeamInsecureTls, "team/insecureTls", false},
        {Settings::Key::TeamNoPassword, "team/noPassword", false},
        {Settings::Key::HandledInterruptedRuns, "console/handledInterruptedRuns", QStringList()},
    };
    for (const Entry &e : table) {
        if (e.key == key)
            return e;
    }
    Q_UNREACHABLE();
}

} // namespace

QVariant Settings::value(Key key)
{
    const Entry &e = entry(key);
    return QSettings().value(QLatin1String(e.path), e.defaultValue);
}

void Settings::setValue(Key key, const QVariant &value)
{
    QSettings().setValue(QLatin1String(entry(key).path), value);
}

void Settings::remove(Key key)
{
    QSettings().remove(QLatin1String(entry(key).path));
}

QVariant Settings::defaultValue(Key key)
{
    return entry(key).defaultValue;
}

QString Settings::path(Key key)
{
    return QLatin1String(entry(key).path);
}

int Settings::historyKeepDays()
{
    bool ok = false;
    const int days = value(Key::HistoryKeepDays).toInt(&ok);
    return ok ? qBound(0, days, 36500) : 0;
}

void Settings::setHistoryKeepDays(int days)
{
    setValue(Key::HistoryKeepDays, qBound(0, days, 36500));
}

bool Settings::historyRequireRecording()
{
    return value(Key::HistoryRequireRecording).toBool();
}

void Settings::setHistoryRequireRecording(bool required)
{
    setValue(Key::HistoryRequireRecording, required);
}

QString Settings::language()
{
    return value(Key::Language).toString();
}

void Settings::setLanguage(const QString &language)
{
    setValue(Key::Language, language);
}

QString Settings::lastDirectory()
{
    const QString dir = value(Key::LastDirectory).toString();
    return !dir.isEmpty() && QDir(dir).exists() ? dir : QDir::homePath();
}

void Settings::setLastDirectory(const QString &directory)
{
    setValue(Key::LastDirectory, directory);
}

} // namespace cdnrec
