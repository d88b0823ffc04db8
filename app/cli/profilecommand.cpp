// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilecommand.h"

#include <model/endpoint.h>
#include <model/rate.h>
#include <model/safefile.h>
#include <model/terminaltext.h>
#include <store/profilestore.h>
#include <store/secretstore.h>

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace cdnrec {

ProfileCommand::ProfileCommand(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}

QString ProfileCommand::readSecret(const QString &prompt, QTextStream &err)
{
    std::string line;
    if (isatty(STDIN_FILENO)) {
        err << prompt;
        err.flush();
        termios old{};
        tcgetattr(STDIN_FILENO, &old);
        termios silent = old;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
        int c = 0;
        while ((c = std::fgetc(stdin)) != EOF && c != '\n')
            line.push_back(char(c));
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        err << '\n';
    } else {
        int c = 0;
        while ((c = std::fgetc(stdin)) != EOF && c != '\n' && line.size() < 4096)
            line.push_back(char(c));
    }
    QString secret = QString::fromStdString(line).trimmed();
    std::fill(line.begin(), line.end(), '\0');
    return secret;
}

namespace {

// A profile as `list --json` and `show --json` print it.
QJsonObject describe(const Profile &pr)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), pr.name);
    o.insert(QStringLiteral("app_id"), qint64(pr.appId));
    o.insert(QStringLiteral("endpoint"), pr.endpoint().toString());
    o.insert(QStringLiteral("region"), pr.region);
    o.insert(QStringLiteral("vendor"), vendorWireName(pr.vendor));
    o.insert(QStringLiteral("test_env"), pr.isTest);
    o.insert(QStringLiteral("rate"), pr.callsPerSecond);
    o.insert(QStringLiteral("batch_size"), pr.batchSize);
    o.insert(QStringLiteral("label"), Profile::environmentKey(pr.environment));
    o.insert(QStringLiteral("notes"), pr.notes);
    return o;
}

} // namespace

// The command line of `cdnrec profile VERB`: every option, parsed.
struct ProfileCommand::Options
{
    Options();
    bool isSet(const QCommandLineOption &option) const { return parser.isSet(option); }
    QString value(const QCommandLineOption &option) const { return parser.value(option); }

    QCommandLineParser parser;
    const QCommandLineOption appId{QStringLiteral("app-id"), tr("ZEGO AppId."),
                                   QStringLiteral("N")};
    const QCommandLineOption region{QStringLiteral("region"),
                                    tr("Region: unified, sha, hkg, fra, lax, bom or sgp."),
                                    QStringLiteral("R")};
    const QCommandLineOption endpoint{QStringLiteral("endpoint"),
                                      tr("A custom endpoint URL (https; http only for loopback)."),
                                      QStringLiteral("URL")};
    const QCommandLineOption vendor{QStringLiteral("vendor"),
                                    tr("Default vendor: Tencent, Ws or Huawei."),
                                    QStringLiteral("V")};
    const QCommandLineOption testEnv{
        QStringLiteral("test-env"),
        tr("Send IsTest=true (projects created on or before 2021-11-16).")};
    const QCommandLineOption noTestEnv{QStringLiteral("no-test-env"), tr("Do not send IsTest.")};
    const QCommandLineOption rate{QStringLiteral("rate"), tr("Calls per second, at most 20."),
                                  QStringLiteral("R")};
    const QCommandLineOption batch{QStringLiteral("batch-size"), tr("Stream IDs per call, 1-100."),
                                   QStringLiteral("N")};
    const QCommandLineOption label{QStringLiteral("label"),
                                   tr("Environment: production, staging, test or practice."),
                                   QStringLiteral("L")};
    const QCommandLineOption notes{QStringLiteral("notes"), tr("Free text."),
                                   QStringLiteral("TEXT")};
    const QCommandLineOption rename{QStringLiteral("name"), tr("edit: a new name."),
                                    QStringLiteral("NEW")};
    const QCommandLineOption newSecret{QStringLiteral("new-secret"),
                                       tr("edit: read a new ServerSecret.")};
    const QCommandLineOption noSecret{
        QStringLiteral("no-secret"),
        tr("add: save no secret (give it later, or by file or environment).")};
    const QCommandLineOption json{QStringLiteral("json"), tr("list, show: JSON output.")};
};

ProfileCommand::Options::Options()
{
    parser.addHelpOption();
    parser.addOptions({appId, region, endpoint, vendor, testEnv, noTestEnv, rate, batch, label,
                       notes, rename, newSecret, noSecret, json});
}

void ProfileCommand::say(const QString &message)
{
    m_err << "cdnrec profile: " << message << '\n';
}

int ProfileCommand::usage(const QString &message)
{
    say(message);
    m_err.flush();
    return Usage;
}

int ProfileCommand::run(const QStringList &arguments)
{
    const QString verb = arguments.value(2);
    QStringList args = arguments;
    args.remove(1, qMin<qsizetype>(2, args.size() - 1)); // program + the verb's own arguments
    Options o;
    if (!o.parser.parse(args))
        return usage(o.parser.errorText());
    const QStringList pos = o.parser.positionalArguments();
    const QString name = pos.value(0);

    ProfileStore store;
    SecretStore secrets;
    if (verb == QLatin1String("list"))
        return list(o, store);
    if (verb == QLatin1String("export"))
        return exportProfiles(pos, store);
    if (verb == QLatin1String("import"))
        return importProfiles(name, store);
    if (name.isEmpty())
        return usage(tr("which profile? cdnrec profile %1 NAME").arg(verb));
    if (verb == QLatin1String("show"))
        return show(o, name, store, secrets);
    if (verb == QLatin1String("add"))
        return add(o, name, store, secrets);
    if (verb == QLatin1String("edit"))
        return edit(o, name, store, secrets);
    if (verb == QLatin1String("remove"))
        return remove(name, store, secrets);
    return usage(
        tr("unknown command '%1': list, show, add, edit, remove, export or import").arg(verb));
}

QString ProfileCommand::apply(const Options &o, Profile &profile)
{
    if (o.isSet(o.appId)) {
        QString error;
        const auto id = Profile::parseAppId(o.value(o.appId), &error);
        if (!id)
            return error;
        profile.appId = *id;
    }
    if (o.isSet(o.region) && o.isSet(o.endpoint))
        return tr("give --region or --endpoint, not both");
    if (o.isSet(o.region)) {
        profile.region = o.value(o.region).toLower();
        profile.customEndpoint.clear();
    }
    if (o.isSet(o.endpoint)) {
        profile.region.clear();
        profile.customEndpoint = QUrl(o.value(o.endpoint), QUrl::StrictMode);
    }
    if (o.isSet(o.vendor)) {
        const auto v = vendorFromString(o.value(o.vendor));
        if (!v)
            return tr("unknown vendor '%1': use Tencent, Ws or Huawei").arg(o.value(o.vendor));
        profile.vendor = *v;
    }
    if (o.isSet(o.testEnv))
        profile.isTest = true;
    if (o.isSet(o.noTestEnv))
        profile.isTest = false;
    if (o.isSet(o.rate)) {
        // The one rate rule, as `cdnrec stop --rate` (the profile's own check follows).
        QString why;
        const std::optional<Rate> r =
            Rate::parse(o.value(o.rate), profile.endpoint(), &why, QStringLiteral("--rate"));
        if (!r)
            return why;
        profile.callsPerSecond = r->perSecond();
    }
    bool ok = true;
    if (o.isSet(o.batch))
        profile.batchSize = o.value(o.batch).toInt(&ok);
    if (!ok)
        return tr("--batch-size must be a whole number");
    if (o.isSet(o.label)) {
        const auto e = Profile::environmentFromKey(o.value(o.label));
        if (!e)
            return tr("unknown label '%1': use production, staging, test or practice")
                .arg(o.value(o.label));
        profile.environment = *e;
    }
    if (o.isSet(o.notes))
        profile.notes = o.value(o.notes);
    if (o.isSet(o.rename))
        profile.name = o.value(o.rename);
    const auto errors = profile.validate();
    return errors.isEmpty() ? QString() : errors.front().message;
}

int ProfileCommand::storeSecret(SecretStore &secrets, const QString &profileName)
{
    const QString secret =
        readSecret(tr("ServerSecret for %1 (not shown): ").arg(profileName), m_err);
    if (secret.isEmpty()) {
        say(tr("no secret given; the profile is saved without one"));
        return Usage;
    }
    const auto r = secrets.writeNow(profileName, secret);
    if (!r.ok()) {
        say(tr("the profile is saved, but its ServerSecret is not: %1").arg(r.message));
        say(tr("give it with --secret-file or CDNREC_SERVER_SECRET when stopping"));
        return KeyringProblem;
    }
    say(tr("ServerSecret saved in the keyring"));
    return Ok;
}

int ProfileCommand::list(const Options &o, const ProfileStore &store)
{
    const QList<Profile> all = store.profiles();
    if (o.isSet(o.json)) {
        QJsonArray a;
        for (const Profile &pr : all)
            a.append(describe(pr));
        m_out << QJsonDocument(a).toJson(QJsonDocument::Indented);
    } else if (all.isEmpty()) {
        say(tr("no profiles yet: cdnrec profile add NAME --app-id N"));
    } else {
        for (const Profile &pr : all)
            m_out << printable(pr.name) << "  " << Profile::environmentKey(pr.environment)
                  << "  AppId " << pr.appId << "  " << vendorWireName(pr.vendor) << "  "
                  << printable(pr.endpoint().host()) << '\n';
    }
    return Ok;
}

int ProfileCommand::exportProfiles(const QStringList &pos, const ProfileStore &store)
{
    const QString name = pos.value(0);
    const QByteArray data = store.exportJson(pos.mid(1));
    if (name.isEmpty() || name == QLatin1String("-")) {
        m_out << QString::fromUtf8(data);
        return Ok;
    }
    QString error;
    if (!writeWholeFile(name, data, &error))
        return usage(tr("cannot write %1: %2").arg(name, error));
    say(tr("exported %1 profile(s) to %2, without secrets").arg(store.names().size()).arg(name));
    return Ok;
}

int ProfileCommand::importProfiles(const QString &name, ProfileStore &store)
{
    QFile f(name);
    if (name.isEmpty() || !f.open(QIODevice::ReadOnly))
        return usage(tr("cannot read '%1': %2").arg(name, f.errorString()));
    const auto r = store.importJson(f.read(1024 * 1024));
    if (!r.error.isEmpty())
        return usage(r.error);
    for (const QString &s : r.skipped)
        say(tr("skipped %1").arg(printable(s)));
    say(tr("imported %1 profile(s); add each one's secret with: cdnrec profile edit NAME "
           "--new-secret")
            .arg(r.added.size()));
    return r.skipped.isEmpty() ? Ok : Usage;
}

int ProfileCommand::show(const Options &o, const QString &name, const ProfileStore &store,
                         SecretStore &secrets)
{
    const auto pr = store.find(name);
    if (!pr)
        return usage(tr("no profile named '%1'").arg(name));
    const auto r = secrets.readNow(name);
    const QString secretState = r.ok() ? tr("saved in the keyring")
                                : r.status == SecretStore::Status::NotFound ? tr("not saved")
                                                                            : r.message;
    if (o.isSet(o.json)) {
        QJsonObject json = describe(*pr);
        json.insert(QStringLiteral("secret"),
                    r.ok() ? QStringLiteral("keyring") : QStringLiteral("none"));
        m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
        return Ok;
    }
    m_out << tr("name:        %1").arg(printable(pr->name)) << '\n'
          << tr("label:       %1").arg(Profile::environmentKey(pr->environment)) << '\n'
          << tr("AppId:       %1").arg(pr->appId) << '\n'
          << tr("endpoint:    %1").arg(printable(pr->endpoint().toString())) << '\n'
          << tr("vendor:      %1").arg(vendorWireName(pr->vendor)) << '\n'
          << tr("IsTest:      %1").arg(pr->isTest ? tr("yes") : tr("no")) << '\n'
          << tr("rate:        %1 calls/s").arg(pr->callsPerSecond) << '\n'
          << tr("batch size:  %1").arg(pr->batchSize) << '\n'
          << tr("secret:      %1").arg(secretState) << '\n';
    if (!pr->notes.isEmpty())
        m_out << tr("notes:       %1").arg(printable(pr->notes)) << '\n';
    return Ok;
}

int ProfileCommand::add(const Options &o, const QString &name, ProfileStore &store,
                        SecretStore &secrets)
{
    Profile pr;
    pr.name = name;
    if (!o.isSet(o.appId))
        return usage(tr("--app-id is required"));
    if (const QString why = apply(o, pr); !why.isEmpty())
        return usage(why);
    if (const QString why = store.add(pr); !why.isEmpty())
        return usage(why);
    say(tr("profile '%1' saved").arg(pr.name));
    return o.isSet(o.noSecret) ? int(Ok) : storeSecret(secrets, pr.name);
}

int ProfileCommand::edit(const Options &o, const QString &name, ProfileStore &store,
                         SecretStore &secrets)
{
    const auto old = store.find(name);
    if (!old)
        return usage(tr("no profile named '%1'").arg(name));
    Profile pr = *old;
    if (const QString why = apply(o, pr); !why.isEmpty())
        return usage(why);
    if (const QString why = store.update(name, pr); !why.isEmpty())
        return usage(why);
    if (pr.name != name) {
        const auto moved = [&] {
            bool done = false;
            SecretStore::Result result;
            QEventLoop loop;
            secrets.move(name, pr.name, &loop, [&](const SecretStore::Result &r) {
                result = r;
                done = true;
                loop.quit();
            });
            if (!done)
                loop.exec();
            return result;
        }();
        if (!moved.ok())
            say(tr("renamed, but the secret did not move: %1").arg(moved.message));
    }
    say(tr("profile '%1' saved").arg(pr.name));
    return o.isSet(o.newSecret) ? storeSecret(secrets, pr.name) : int(Ok);
}

int ProfileCommand::remove(const QString &name, ProfileStore &store, SecretStore &secrets)
{
    if (const QString why = store.remove(name); !why.isEmpty()) {
        if (const auto left = removeLeftSecret(store, secrets, name))
            return *left;
        return usage(why);
    }
    const auto r = secrets.removeNow(name);
    say(tr("profile '%1' removed").arg(name));
    if (!r.ok()) {
        say(tr("its secret may still be in the keyring: %1").arg(r.message));
        return KeyringProblem;
    }
    return Ok;
}

std::optional<int> ProfileCommand::removeLeftSecret(const ProfileStore &store, SecretStore &secrets,
                                                    const QString &name)
{
    // A pull removes this machine's copy of a profile the team retired, never its secret (a
    // republish makes the profile work again at once); this is how that secret goes. Only a name
    // a profile could have: nothing else cdnrec keeps in the keyring (the team password, under
    // "team/…") can be reached this way.
    Profile probe;
    probe.name = name;
    const QList<Profile::FieldError> errors = probe.validate();
    const bool profileName = std::none_of(errors.cbegin(), errors.cend(), [](const auto &e) {
        return e.field == QLatin1String("name");
    });
    if (!profileName || !store.readOnlyReason().isEmpty() || !secrets.readNow(name).ok())
        return std::nullopt;
    if (const SecretStore::Result r = secrets.removeNow(name); !r.ok()) {
        say(tr("there is no profile '%1'; the secret it left in the keyring could not be removed: "
               "%2")
                .arg(printable(name), r.message));
        return KeyringProblem;
    }
    say(tr("there is no profile '%1'; the secret it left in the keyring is removed")
            .arg(printable(name)));
    return Ok;
}

} // namespace cdnrec
