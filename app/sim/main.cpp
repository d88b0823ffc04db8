// SPDX-License-Identifier: GPL-3.0-or-later
// cdnrec-sim: a local stand-in for ZEGO's StopCDNRecord endpoint, on 127.0.0.1 only.
#include "simserver.h"
#include <engine/signer.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>
#include <QTextStream>

#include <cstdio>

using namespace cdnrec;

namespace {

constexpr int kMaxDelayMs = 600000;

// The options, one entry each: the parser is built from this table, and the values are read
// back by name.
struct Option
{
    const char *name;
    const char *description;
    const char *valueName; // nullptr: a flag
    const char *defaultValue;
};

const Option kOptions[] = {
    {"port", "Port to listen on (0: a free one).", "N", "0"},
    {"app-id", "The AppId it accepts.", "N", "1234567890"},
    {"secret-file", "Read the ServerSecret from this file.", "PATH", nullptr},
    {"rate",
     "Calls per second allowed per AppId before code 6 (ZEGO: 20), counted in every 1-second "
     "window when each call arrives.",
     "N", "20"},
    {"clock-offset", "Seconds the server's clock runs ahead of this machine's (negative: behind).",
     "S", "0"},
    {"wrong-secret-code", "Code answered to a bad signature: 100000005 (default) or 7.", "CODE",
     "100000005"},
    {"vendor", "The CDN configured for the app; other vendors get code 4.", "V", nullptr},
    {"log", "Append each received call to this file as a JSON line.", "PATH", nullptr},
    {"date-header", "Send this Date header verbatim on every answer (e.g. a wrong one).", "TEXT",
     nullptr},
    {"jitter",
     "Each request reaches the gateway a random 0 to MS milliseconds late (a network's request "
     "path): the rate limit counts it when it arrives, and its answer comes that much later.",
     "MS", "0"},
    {"latency",
     "Answer every call this many milliseconds after it arrived (timers: calls wait in "
     "parallel).",
     "MS", "0"},
    {"answer-jitter", "Add a random 0 to MS milliseconds to each answer's latency.", "MS", "0"},
    {"rooms",
     "Answer DescribeSimpleStreamList from this JSON file: {\"room\": [\"stream\", ...], ...}. "
     "A room not in it publishes no streams.",
     "FILE", nullptr},
    {"list-rate",
     "DescribeSimpleStreamList calls per second allowed per AppId before code 6 (ZEGO: 50).", "N",
     "50"},
    {"room-interval",
     "Milliseconds that must pass between two DescribeSimpleStreamList calls for one room "
     "before code 6 (ZEGO: 10000).",
     "MS", "10000"},
    {"seed",
     "Seed of the random delays (--jitter, --answer-jitter): the same seed, the same "
     "delays. Default: a random one, printed.",
     "N", nullptr},
};

void addOptions(QCommandLineParser &parser)
{
    for (const Option &o : kOptions) {
        QCommandLineOption option(QString::fromLatin1(o.name), QString::fromLatin1(o.description));
        if (o.valueName)
            option.setValueName(QString::fromLatin1(o.valueName));
        if (o.defaultValue)
            option.setDefaultValue(QString::fromLatin1(o.defaultValue));
        parser.addOption(option);
    }
}

// A whole number of milliseconds from 0 to kMaxDelayMs, else an error.
QString readDelay(const QCommandLineParser &parser, const QString &name, int *ms)
{
    bool ok = false;
    *ms = parser.value(name).toInt(&ok);
    if (!ok || *ms < 0 || *ms > kMaxDelayMs)
        return QStringLiteral("--%1 must be 0 to %2 milliseconds").arg(name).arg(kMaxDelayMs);
    return QString();
}

// --rooms FILE into config->rooms; an error, if any.
QString readRooms(const QString &path, SimConfig *config)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
    QString error;
    if (!SimGateway::parseRooms(f.read(64 * 1024 * 1024), &config->rooms, &error))
        return QStringLiteral("--rooms %1: %2").arg(path, error);
    return QString();
}

// The options into config; the first error found, if any.
QString readConfig(const QCommandLineParser &parser, SimConfig *config)
{
    bool ok = false;
    config->appId = parser.value(QStringLiteral("app-id")).toUInt(&ok);
    if (!ok)
        return QStringLiteral("--app-id must be a number from 0 to 4294967295");
    config->rateLimit = parser.value(QStringLiteral("rate")).toDouble(&ok);
    if (!ok || config->rateLimit <= 0)
        return QStringLiteral("--rate must be a positive number");
    config->clockOffsetSecs = parser.value(QStringLiteral("clock-offset")).toLongLong(&ok);
    if (!ok)
        return QStringLiteral("--clock-offset must be a whole number of seconds");
    config->wrongSecretCode = parser.value(QStringLiteral("wrong-secret-code")).toLongLong(&ok);
    if (!ok || (config->wrongSecretCode != 7 && config->wrongSecretCode != 100000005))
        return QStringLiteral("--wrong-secret-code must be 7 or 100000005");
    if (parser.isSet(QStringLiteral("vendor"))) {
        config->vendor = vendorFromString(parser.value(QStringLiteral("vendor")));
        if (!config->vendor)
            return QStringLiteral("--vendor must be one of Tencent, Ws, Huawei");
    }
    for (const auto &[name, ms] :
         {std::pair{"latency", &config->latencyMs}, std::pair{"jitter", &config->arrivalJitterMs},
          std::pair{"answer-jitter", &config->answerJitterMs}}) {
        const QString error = readDelay(parser, QString::fromLatin1(name), ms);
        if (!error.isEmpty())
            return error;
    }
    if (parser.isSet(QStringLiteral("seed"))) {
        config->seed = parser.value(QStringLiteral("seed")).toUInt(&ok);
        if (!ok)
            return QStringLiteral("--seed must be a number from 0 to 4294967295");
    } else {
        config->seed = QRandomGenerator::system()->generate();
    }
    config->listRateLimit = parser.value(QStringLiteral("list-rate")).toDouble(&ok);
    if (!ok || config->listRateLimit <= 0)
        return QStringLiteral("--list-rate must be a positive number");
    const QString error =
        readDelay(parser, QStringLiteral("room-interval"), &config->roomIntervalMs);
    if (!error.isEmpty())
        return error;
    if (parser.isSet(QStringLiteral("date-header")))
        config->dateHeader = parser.value(QStringLiteral("date-header")).toLatin1();
    if (parser.isSet(QStringLiteral("rooms")))
        return readRooms(parser.value(QStringLiteral("rooms")), config);
    return QString();
}

// The secret from --secret-file, else CDNREC_SIM_SECRET, else a generated one (*generated).
QString readSecret(const QCommandLineParser &parser, SimConfig *config, bool *generated)
{
    *generated = false;
    if (parser.isSet(QStringLiteral("secret-file"))) {
        QFile f(parser.value(QStringLiteral("secret-file")));
        if (!f.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString());
        config->secret = QString::fromUtf8(f.readAll()).trimmed();
    } else if (qEnvironmentVariableIsSet("CDNREC_SIM_SECRET")) {
        config->secret = qEnvironmentVariable("CDNREC_SIM_SECRET").trimmed();
    } else {
        Signer signer;
        config->secret = signer.nextNonce() + signer.nextNonce();
        *generated = true;
    }
    if (config->secret.isEmpty())
        return QStringLiteral("the secret is empty");
    return QString();
}

void printBanner(const SimServer &server, const SimConfig &config, bool generated)
{
    QTextStream out(stdout);
    out << "cdnrec-sim: listening on " << server.url().toString() << '\n';
    out << "cdnrec-sim: AppId " << config.appId << ", rate limit " << config.rateLimit << "/s";
    if (config.arrivalJitterMs > 0)
        out << ", arrival jitter 0.." << config.arrivalJitterMs << " ms";
    if (config.latencyMs > 0 || config.answerJitterMs > 0)
        out << ", latency " << config.latencyMs << " ms (+0.." << config.answerJitterMs << " ms)";
    if (config.arrivalJitterMs > 0 || config.answerJitterMs > 0)
        out << ", seed " << config.seed;
    if (!config.rooms.isEmpty())
        out << ", " << config.rooms.size() << " rooms (list rate " << config.listRateLimit
            << "/s, one call per room per " << config.roomIntervalMs << " ms)";
    out << '\n';
    if (generated)
        out << "cdnrec-sim: practice secret " << config.secret
            << " (generated: a simulator secret, not a ZEGO one)\n";
    out.flush();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cdnrec-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(APP_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A local simulator of ZEGO's StopCDNRecord (and DescribeSimpleStreamList) endpoint, for\n"
        "tests, benchmarks and practice.\n"
        "It listens on 127.0.0.1 only. The secret comes from --secret-file, else the environment\n"
        "variable CDNREC_SIM_SECRET, else it is generated and printed."));
    parser.addHelpOption();
    parser.addVersionOption();
    addOptions(parser);
    parser.process(app);

    QTextStream err(stderr);
    const auto fail = [&err](const QString &message) {
        err << "cdnrec-sim: " << message << '\n';
        return 2;
    };

    SimConfig config;
    bool generated = false;
    QString error = readConfig(parser, &config);
    if (error.isEmpty())
        error = readSecret(parser, &config, &generated);
    if (!error.isEmpty())
        return fail(error);

    SimServer server(config);
    bool ok = false;
    const uint wanted = parser.value(QStringLiteral("port")).toUInt(&ok);
    if (!ok || wanted > 65535)
        return fail(QStringLiteral("--port must be 0 to 65535"));
    if (!server.start(quint16(wanted)))
        return fail(QStringLiteral("cannot listen on 127.0.0.1:%1").arg(wanted));
    const QString logPath = parser.value(QStringLiteral("log"));
    if (parser.isSet(QStringLiteral("log")) && !server.setLogFile(logPath))
        return fail(QStringLiteral("cannot write the log %1").arg(logPath));
    printBanner(server, config, generated);
    return app.exec();
}
