// SPDX-License-Identifier: GPL-3.0-or-later
// Running the cdnrec CLI from a test, as scripts do: its exit code and both outputs.
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>

namespace cdnrec::test {

struct CliResult
{
    int exitCode = -1; // -1: it crashed or did not finish in time
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

// Waits in the event loop, not in a blocking call, so that a simulator in the test's own process
// keeps answering the CLI's calls meanwhile.
inline CliResult runCli(const QString &program, const QStringList &args,
                        const QProcessEnvironment &env, const QByteArray &input = {},
                        int timeoutMs = 60000)
{
    QProcess proc;
    proc.setProcessEnvironment(env);
    QSignalSpy done(&proc, &QProcess::finished);
    proc.start(program, args);
    if (!input.isEmpty())
        proc.write(input);
    proc.closeWriteChannel();
    CliResult r;
    if (!done.wait(timeoutMs)) {
        proc.kill();
        proc.waitForFinished(3000);
        return r;
    }
    r.exitCode = proc.exitStatus() == QProcess::NormalExit ? proc.exitCode() : -1;
    r.out = proc.readAllStandardOutput();
    r.err = proc.readAllStandardError();
    return r;
}

} // namespace cdnrec::test
