// SPDX-License-Identifier: GPL-3.0-or-later
// cdnrec-sim: a local stand-in for ZEGO's StopCDNRecord endpoint, on 127.0.0.1 only.
#include "simserver.h"
#include <engine/signer.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

#include <cstdio>

using namespace cdnrec;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cdnrec-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(APP_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "A local simulator of ZEGO's StopCDNRecord endpoint, for tests, benchmarks and practice.\n"
        "It listens on 127.0.0.1 only. The secret comes from --secret-file, else the environment\n"
        "variable CDNREC_SIM_SECRET, else it is generated and printed."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Port to listen on (0: a free one)."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption appId(QStringLiteral("app-id"),
                                   QStringLiteral("The AppId it accepts."), QStringLiteral("N"),
                                   QStringLiteral("1234567890"));
    const QCommandLineOption secretFile(QStringLiteral("secret-file"),
                                        QStringLiteral("Read the ServerSecret from this file."),
                                        QStringLiteral("PATH"));
    const QCommandLineOption rate(
        QStringLiteral("rate"),
        QStringLiteral("Calls per second allowed before code 6 (ZEGO: 20)."), QStringLiteral("N"),
        QStringLiteral("20"));
    const QCommandLineOption clockOffset(
        QStringLiteral("clock-offset"),
        QStringLiteral(
            "Seconds the server's clock runs ahead of this machine's (negative: behind)."),
        QStringLiteral("S"), QStringLiteral("0"));
    const QCommandLineOption wrongSecretCode(
        QStringLiteral("wrong-secret-code"),
        QStringLiteral("Code answered to a bad signature: 100000005 (default) or 7."),
        QStringLiteral("CODE"), QStringLiteral("100000005"));
    const QCommandLineOption vendor(
        QStringLiteral("vendor"),
        QStringLiteral("The CDN configured for the app; other vendors get code 4."),
        QStringLiteral("V"));
    const QCommandLineOption log(
        QStringLiteral("log"),
        QStringLiteral("Append each received call to this file as a JSON line."),
        QStringLiteral("PATH"));
    const QCommandLineOption dateHeader(
        QStringLiteral("date-header"),
        QStringLiteral("Send this Date header verbatim on every answer (e.g. a wrong one)."),
        QStringLiteral("TEXT"));
    const QCommandLineOption latency(
        QStringLiteral("latency"),
        QStringLiteral("Answer every call this many milliseconds after it came (timers: calls wait "
                       "in parallel)."),
        QStringLiteral("MS"), QStringLiteral("0"));
    const QCommandLineOption jitter(
        QStringLiteral("jitter"),
        QStringLiteral("Add a random 0 to MS milliseconds to each answer's latency."),
        QStringLiteral("MS"), QStringLiteral("0"));
    parser.addOptions({port, appId, secretFile, rate, clockOffset, wrongSecretCode, vendor, log,
                       dateHeader, latency, jitter});
    parser.process(app);

    QTextStream err(stderr);
    const auto fail = [&err](const QString &message) {
        err << "cdnrec-sim: " << message << '\n';
        return 2;
    };

    SimConfig config;
    bool ok = false;
    config.appId = parser.value(appId).toUInt(&ok);
    if (!ok)
        return fail(QStringLiteral("--app-id must be a number from 0 to 4294967295"));
    config.rateLimit = parser.value(rate).toDouble(&ok);
    if (!ok || config.rateLimit <= 0)
        return fail(QStringLiteral("--rate must be a positive number"));
    config.clockOffsetSecs = parser.value(clockOffset).toLongLong(&ok);
    if (!ok)
        return fail(QStringLiteral("--clock-offset must be a whole number of seconds"));
    config.wrongSecretCode = parser.value(wrongSecretCode).toLongLong(&ok);
    if (!ok || (config.wrongSecretCode != 7 && config.wrongSecretCode != 100000005))
        return fail(QStringLiteral("--wrong-secret-code must be 7 or 100000005"));
    if (parser.isSet(vendor)) {
        config.vendor = vendorFromString(parser.value(vendor));
        if (!config.vendor)
            return fail(QStringLiteral("--vendor must be one of Tencent, Ws, Huawei"));
    }
    config.latencyMs = parser.value(latency).toInt(&ok);
    if (!ok || config.latencyMs < 0 || config.latencyMs > 600000)
        return fail(QStringLiteral("--latency must be 0 to 600000 milliseconds"));
    config.jitterMs = parser.value(jitter).toInt(&ok);
    if (!ok || config.jitterMs < 0 || config.jitterMs > 600000)
        return fail(QStringLiteral("--jitter must be 0 to 600000 milliseconds"));
    if (parser.isSet(dateHeader))
        config.dateHeader = parser.value(dateHeader).toLatin1();
    bool generated = false;
    if (parser.isSet(secretFile)) {
        QFile f(parser.value(secretFile));
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
        config.secret = QString::fromUtf8(f.readAll()).trimmed();
    } else if (qEnvironmentVariableIsSet("CDNREC_SIM_SECRET")) {
        config.secret = qEnvironmentVariable("CDNREC_SIM_SECRET").trimmed();
    } else {
        Signer signer;
        config.secret = signer.nextNonce() + signer.nextNonce();
        generated = true;
    }
    if (config.secret.isEmpty())
        return fail(QStringLiteral("the secret is empty"));

    SimServer server(config);
    const uint wanted = parser.value(port).toUInt(&ok);
    if (!ok || wanted > 65535)
        return fail(QStringLiteral("--port must be 0 to 65535"));
    if (!server.start(quint16(wanted)))
        return fail(QStringLiteral("cannot listen on 127.0.0.1:%1").arg(wanted));
    if (parser.isSet(log) && !server.setLogFile(parser.value(log)))
        return fail(QStringLiteral("cannot write the log %1").arg(parser.value(log)));

    QTextStream out(stdout);
    out << "cdnrec-sim: listening on " << server.url().toString() << '\n';
    out << "cdnrec-sim: AppId " << config.appId << ", rate limit " << config.rateLimit << "/s";
    if (config.latencyMs > 0 || config.jitterMs > 0)
        out << ", latency " << config.latencyMs << " ms (+0.." << config.jitterMs << " ms)";
    out << '\n';
    if (generated)
        out << "cdnrec-sim: practice secret " << config.secret
            << " (generated: a simulator secret, not a ZEGO one)\n";
    out.flush();
    return app.exec();
}
