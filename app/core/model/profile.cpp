// SPDX-License-Identifier: GPL-3.0-or-later
#include "profile.h"

#include <model/endpoint.h>
#include <model/rate.h>
#include <model/terminaltext.h>

#include <cmath>

namespace cdnrec {

QUrl Profile::endpoint() const
{
    if (!region.isEmpty()) {
        for (const Endpoint::Region &r : Endpoint::regions()) {
            if (region == QLatin1String(r.key))
                return QUrl(QStringLiteral("https://%1/").arg(QLatin1String(r.host)));
        }
        return QUrl();
    }
    return customEndpoint;
}

std::optional<quint32> Profile::parseAppId(const QString &text, QString *error)
{
    bool ok = false;
    const QString t = text.trimmed();
    const qulonglong v = t.toULongLong(&ok);
    if (t.isEmpty()) {
        *error = tr("The AppId is required.");
        return std::nullopt;
    }
    if (!ok || v > 4294967295ULL || t.startsWith(u'+')) {
        *error =
            tr("The AppId must be a whole number from 0 to 4294967295 (from the ZEGO console).");
        return std::nullopt;
    }
    error->clear();
    return quint32(v);
}

QList<Profile::FieldError> Profile::validate() const
{
    QList<FieldError> errors;
    const QString n = name.trimmed();
    if (n.isEmpty())
        errors.append({QStringLiteral("name"), tr("The name is required.")});
    else if (n != name)
        errors.append({QStringLiteral("name"), tr("The name must not begin or end with spaces.")});
    else if (n.size() > 64)
        errors.append({QStringLiteral("name"), tr("The name is longer than 64 characters.")});
    else if (n.contains(u'/') || n.contains(u'\\'))
        errors.append({QStringLiteral("name"), tr("The name must not contain / or \\.")});
    else if (needsEscaping(n))
        // Control characters, line breaks and bidirectional overrides: a name is shown in menus,
        // tables and terminals, and one from a file or the team must not restyle or reorder them.
        errors.append({QStringLiteral("name"),
                       tr("The name must not contain control characters or line breaks.")});
    else if (n.compare(QLatin1String("Practice"), Qt::CaseInsensitive) == 0)
        errors.append({QStringLiteral("name"), tr("“Practice” is the built-in profile's name.")});
    if (appId == 0)
        errors.append({QStringLiteral("appId"), tr("The AppId is required.")});
    if (!region.isEmpty()) {
        if (endpoint().isEmpty())
            errors.append({QStringLiteral("region"), tr("Unknown region “%1”.").arg(region)});
    } else if (customEndpoint.isEmpty()) {
        errors.append({QStringLiteral("endpoint"), tr("Pick a region or give an endpoint URL.")});
    } else if (const QString why = Endpoint::problem(customEndpoint); !why.isEmpty()) {
        errors.append({QStringLiteral("endpoint"), why});
    }
    // The one rule for a rate (model/rate.h), as the command line's --rate: from 0.1 to ZEGO's 20
    // per AppId, more only towards the simulator on this computer.
    if (QString why; !Rate::fromValue(callsPerSecond, endpoint(), &why, tr("The call rate")))
        errors.append({QStringLiteral("rate"), why});
    if (batchSize < 1 || batchSize > MaxBatchSize)
        errors.append({QStringLiteral("batchSize"), tr("The batch size must be from 1 to 100.")});
    return errors;
}

QString Profile::environmentKey(Environment e)
{
    switch (e) {
    case Environment::Production:
        return QStringLiteral("production");
    case Environment::Staging:
        return QStringLiteral("staging");
    case Environment::Test:
        return QStringLiteral("test");
    case Environment::Practice:
        return QStringLiteral("practice");
    }
    Q_UNREACHABLE();
}

QString Profile::environmentDisplayName(Environment e)
{
    switch (e) {
    case Environment::Production:
        return tr("PRODUCTION");
    case Environment::Staging:
        return tr("STAGING");
    case Environment::Test:
        return tr("TEST");
    case Environment::Practice:
        return tr("PRACTICE");
    }
    Q_UNREACHABLE();
}

std::optional<Profile::Environment> Profile::environmentFromKey(QStringView key)
{
    for (Environment e : {Environment::Production, Environment::Staging, Environment::Test,
                          Environment::Practice}) {
        if (key.compare(environmentKey(e), Qt::CaseInsensitive) == 0)
            return e;
    }
    return std::nullopt;
}

} // namespace cdnrec
