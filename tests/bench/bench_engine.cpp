// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's hot paths: one signed, built and parsed call; StreamIds over 100,000 lines.
#include "benchutil.h"
#include <engine/callreply.h>
#include <engine/callrequest.h>
#include <engine/signer.h>
#include <model/streamids.h>

#include <QCoreApplication>
#include <QDateTime>

using namespace cdnrec;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);

    QStringList ids;
    QByteArray body =
        R"({"Code":0,"Message":"success","RequestId":"4315169065145771656","Data":{"Tencent":[)";
    for (int i = 0; i < 10; ++i) {
        ids.append(QStringLiteral("live-stream_%1").arg(i));
        if (i)
            body += ',';
        body += R"({"StreamName":"live-stream_)" + QByteArray::number(i) +
                R"(","RequestId":"d39548da-fbd4-4dce-8023-cfccd28a9963","Code":"","Message":""})";
    }
    body += "]}}";
    const QUrl endpoint(QStringLiteral("https://rtc-api.zego.im/"));
    const QString secret = QStringLiteral("9193cc662a4c0ec135ec71fb57194b38");
    Signer signer;
    int stopped = 0;
    const double callNs = bench::medianNs(31, 2000, [&] {
        PublicParams p;
        p.appId = 12345;
        p.nonce = signer.nextNonce();
        p.timestamp = QDateTime::currentSecsSinceEpoch();
        p.signature = Signer::signature(p.appId, p.nonce, secret, p.timestamp);
        const QByteArray wire = CallRequest::url(endpoint, Vendor::Tencent, ids, p).toEncoded();
        const CallReply r = CallReply::parse(200, body, Vendor::Tencent, ids);
        stopped += int(r.outcomes.size()) + int(wire.size() & 1);
    });
    bench::report("sign + build + parse of a 10-stream call (median)", callNs / 1000.0, "us", 20);

    QString text;
    for (int i = 0; i < 100000; ++i)
        text += QStringLiteral("room%1-live_%2\n").arg(i % 977).arg(i);
    qsizetype n = 0;
    const double idsNs = bench::medianNs(9, 1, [&] { n += StreamIds::parse(text).size(); });
    bench::report("StreamIds over 100,000 lines (median)", idsNs / 1e6, "ms", 150);

    QString csv = QStringLiteral("customer,stream_id,started\n");
    for (int i = 0; i < 100000; ++i)
        csv += QStringLiteral("acme,\"room%1-live_%2\",2026-01-01\n").arg(i % 977).arg(i);
    const double csvNs = bench::medianNs(9, 1, [&] { n += StreamIds::parse(csv).size(); });
    bench::report("StreamIds over 100,000 CSV rows, quoted (median)", csvNs / 1e6, "ms", 150);
    return stopped > 0 && n > 0 ? 0 : 1;
}
