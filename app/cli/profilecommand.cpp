// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilecommand.h"

#include <model/endpoint.h>
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

int ProfileCommand::run(const QStringList &arguments)
{
    const auto usage = [this](const QString &message) {
        m_err << "cdnrec profile: " << message << '\n';
        m_err.flush();
        return int(Usage);
    };
    const QString verb = arguments.value(2);
    QStringList args = arguments;
    args.remove(1, qMin<qsizetype>(2, args.size() - 1)); // program + the verb's own arguments

    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption appId(QStringLiteral("app-id"), tr("ZEGO AppId."),
                                   QStringLiteral("N"));
    const QCommandLineOption region(QStringLiteral("region"),
                                    tr("Region: unified, sha, hkg, fra, lax, bom or sgp."),
                                    QStringLiteral("R"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"),
                                      tr("A custom endpoint URL (https; http only for loopback)."),
                                      QStringLiteral("URL"));
    const QCommandLineOption vendor(QStringLiteral("vendor"),
                                    tr("Default vendor: Tencent, Ws or Huawei."),
                                    QStringLiteral("V"));
    const QCommandLineOption testEnv(
        QStringLiteral("test-env"),
        tr("Send IsTest=true (projects created on or before 2021-11-16)."));
    const QCommandLineOption noTestEnv(QStringLiteral("no-test-env"), tr("Do not send IsTest."));
    const QCommandLineOption rate(QStringLiteral("rate"), tr("Calls per second, at most 20."),
                                  QStringLiteral("R"));
    const QCommandLineOption batch(QStringLiteral("batch-size"), tr("Stream IDs per call, 1-100."),
                                   QStringLiteral("N"));
    const QCommandLineOption label(QStringLiteral("label"),
                                   tr("Environment: production, staging, test or practice."),
                                   QStringLiteral("L"));
    const QCommandLineOption notes(QStringLiteral("notes"), tr("Free text."),
                                   QStringLiteral("TEXT"));
    const QCommandLineOption rename(QStringLiteral("name"), tr("edit: a new name."),
                                    QStringLiteral("NEW"));
    const QCommandLineOption newSecret(QStringLiteral("new-secret"),
                                       tr("edit: read a new ServerSecret."));
    const QCommandLineOption noSecret(
        QStringLiteral("no-secret"),
        tr("add: save no secret (give it later, or by file or environment)."));
    const QCommandLineOption json(QStringLiteral("json"), tr("list, show: JSON output."));
    p.addOptions({appId, region, endpoint, vendor, testEnv, noTestEnv, rate, batch, label, notes,
                  rename, newSecret, noSecret, json});
    if (!p.parse(args))
        return usage(p.errorText());
    const QStringList pos = p.positionalArguments();
    const QString name = pos.value(0);

    ProfileStore store;
    SecretStore secrets;

    // Applies the options given to a profile; returns what was wrong, if anything.
    const auto apply = [&](Profile &profile) -> QString {
        if (p.isSet(appId)) {
            QString error;
            const auto id = Profile::parseAppId(p.value(appId), &error);
            if (!id)
                return error;
            profile.appId = *id;
        }
        if (p.isSet(region) && p.isSet(endpoint))
            return tr("give --region or --endpoint, not both");
        if (p.isSet(region)) {
            profile.region = p.value(region).toLower();
            profile.customEndpoint.clear();
        }
        if (p.isSet(endpoint)) {
            profile.region.clear();
            profile.customEndpoint = QUrl(p.value(endpoint), QUrl::StrictMode);
        }
        if (p.isSet(vendor)) {
            const auto v = vendorFromString(p.value(vendor));
            if (!v)
                return tr("unknown vendor '%1': use Tencent, Ws or Huawei").arg(p.value(vendor));
            profile.vendor = *v;
        }
        if (p.isSet(testEnv))
            profile.isTest = true;
        if (p.isSet(noTestEnv))
            profile.isTest = false;
        bool ok = true;
        if (p.isSet(rate))
            profile.callsPerSecond = p.value(rate).toDouble(&ok);
        if (!ok)
            return tr("--rate must be a number");
        if (p.isSet(batch))
            profile.batchSize = p.value(batch).toInt(&ok);
        if (!ok)
            return tr("--batch-size must be a whole number");
        if (p.isSet(label)) {
            const auto e = Profile::environmentFromKey(p.value(label));
            if (!e)
                return tr("unknown label '%1': use production, staging, test or practice")
                    .arg(p.value(label));
            profile.environment = *e;
        }
        if (p.isSet(notes))
            profile.notes = p.value(notes);
        if (p.isSet(rename))
            profile.name = p.value(rename);
        const auto errors = profile.validate();
        return errors.isEmpty() ? QString() : errors.front().message;
    };
    const auto storeSecret = [&](const QString &profileName) -> int {
        const QString secret =
            readSecret(tr("ServerSecret for %1 (not shown): ").arg(profileName), m_err);
        if (secret.isEmpty()) {
            m_err << "cdnrec profile: " << tr("no secret given; the profile is saved without one")
                  << '\n';
            return Usage;
        }
        const auto r = secrets.writeNow(profileName, secret);
        if (!r.ok()) {
            m_err << "cdnrec profile: "
                  << tr("the profile is saved, but its ServerSecret is not: %1").arg(r.message)
                  << '\n'
                  << "cdnrec profile: "
                  << tr("give it with --secret-file or CDNREC_SERVER_SECRET when stopping") << '\n';
            return KeyringProblem;
        }
        m_err << "cdnrec profile: " << tr("ServerSecret saved in the keyring") << '\n';
        return Ok;
    };
    const auto describe = [](const Profile &pr) {
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
    };

    if (verb == QLatin1String("list")) {
        const QList<Profile> all = store.profiles();
        if (p.isSet(json)) {
            QJsonArray a;
            for (const Profile &pr : all)
                a.append(describe(pr));
            m_out << QJsonDocument(a).toJson(QJsonDocument::Indented);
        } else if (all.isEmpty()) {
            m_err << "cdnrec profile: " << tr("no profiles yet: cdnrec profile add NAME --app-id N")
                  << '\n';
        } else {
            for (const Profile &pr : all)
                m_out << printable(pr.name) << "  " << Profile::environmentKey(pr.environment)
                      << "  AppId " << pr.appId << "  " << vendorWireName(pr.vendor) << "  "
                      << printable(pr.endpoint().host()) << '\n';
        }
        return Ok;
    }
    if (verb == QLatin1String("export")) {
        const QByteArray data = store.exportJson(pos.mid(1));
        if (name.isEmpty() || name == QLatin1String("-")) {
            m_out << QString::fromUtf8(data);
            return Ok;
        }
        QString error;
        if (!writeWholeFile(name, data, &error))
            return usage(tr("cannot write %1: %2").arg(name, error));
        m_err << "cdnrec profile: "
              << tr("exported %1 profile(s) to %2, without secrets")
                     .arg(store.names().size())
                     .arg(name)
              << '\n';
        return Ok;
    }
    if (verb == QLatin1String("import")) {
        QFile f(name);
        if (name.isEmpty() || !f.open(QIODevice::ReadOnly))
            return usage(tr("cannot read '%1': %2").arg(name, f.errorString()));
        const auto r = store.importJson(f.read(1024 * 1024));
        if (!r.error.isEmpty())
            return usage(r.error);
        for (const QString &s : r.skipped)
            m_err << "cdnrec profile: " << tr("skipped %1").arg(printable(s)) << '\n';
        m_err << "cdnrec profile: "
              << tr("imported %1 profile(s); add each one's secret with: cdnrec profile edit NAME "
                    "--new-secret")
                     .arg(r.added.size())
              << '\n';
        return r.skipped.isEmpty() ? Ok : Usage;
    }
    if (name.isEmpty())
        return usage(tr("which profile? cdnrec profile %1 NAME").arg(verb));
    if (verb == QLatin1String("show")) {
        const auto pr = store.find(name);
        if (!pr)
            return usage(tr("no profile named '%1'").arg(name));
        const auto r = secrets.readNow(name);
        const QString secretState = r.ok() ? tr("saved in the keyring")
                                    : r.status == SecretStore::Status::NotFound ? tr("not saved")
                                                                                : r.message;
        if (p.isSet(json)) {
            QJsonObject o = describe(*pr);
            o.insert(QStringLiteral("secret"),
                     r.ok() ? QStringLiteral("keyring") : QStringLiteral("none"));
            m_out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        } else {
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
        }
        return Ok;
    }
    if (verb == QLatin1String("add")) {
        Profile pr;
        pr.name = name;
        if (!p.isSet(appId))
            return usage(tr("--app-id is required"));
        if (const QString why = apply(pr); !why.isEmpty())
            return usage(why);
        if (const QString why = store.add(pr); !why.isEmpty())
            return usage(why);
        m_err << "cdnrec profile: " << tr("profile '%1' saved").arg(pr.name) << '\n';
        return p.isSet(noSecret) ? int(Ok) : storeSecret(pr.name);
    }
    if (verb == QLatin1String("edit")) {
        const auto old = store.find(name);
        if (!old)
            return usage(tr("no profile named '%1'").arg(name));
        Profile pr = *old;
        if (const QString why = apply(pr); !why.isEmpty())
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
                m_err << "cdnrec profile: "
                      << tr("renamed, but the secret did not move: %1").arg(moved.message) << '\n';
        }
        m_err << "cdnrec profile: " << tr("profile '%1' saved").arg(pr.name) << '\n';
        return p.isSet(newSecret) ? storeSecret(pr.name) : int(Ok);
    }
    if (verb == QLatin1String("remove")) {
        if (const QString why = store.remove(name); !why.isEmpty()) {
            if (const auto left = removeLeftSecret(store, secrets, name))
                return *left;
            return usage(why);
        }
        const auto r = secrets.removeNow(name);
        m_err << "cdnrec profile: " << tr("profile '%1' removed").arg(name) << '\n';
        if (!r.ok()) {
            m_err << "cdnrec profile: "
                  << tr("its secret may still be in the keyring: %1").arg(r.message) << '\n';
            return KeyringProblem;
        }
        return Ok;
    }
    return usage(
        tr("unknown command '%1': list, show, add, edit, remove, export or import").arg(verb));
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
        m_err << "cdnrec profile: "
              << tr("there is no profile '%1'; the secret it left in the keyring could not be "
                    "removed: %2")
                     .arg(printable(name), r.message)
              << '\n';
        return KeyringProblem;
    }
    m_err << "cdnrec profile: "
          << tr("there is no profile '%1'; the secret it left in the keyring is removed")
                 .arg(printable(name))
          << '\n';
    return Ok;
}

} // namespace cdnrec
