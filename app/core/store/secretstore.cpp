// SPDX-License-Identifier: GPL-3.0-or-later
#include "secretstore.h"

#include <QEventLoop>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

Q_LOGGING_CATEGORY(lcSecrets, "cdnrec.core.secrets", QtInfoMsg)

namespace cdnrec {

namespace {

SecretStore::Result fromJob(const QKeychain::Job *job, const QString &profile)
{
    SecretStore::Result r;
    switch (job->error()) {
    case QKeychain::NoError:
        r.status = SecretStore::Status::Ok;
        return r;
    case QKeychain::EntryNotFound:
        r.status = SecretStore::Status::NotFound;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        r.status = SecretStore::Status::Locked;
        break;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        r.status = SecretStore::Status::Unavailable;
        // The keyring's own words ("Failed to execute child process dbus-launch"...) stay in
        // the log: they name programs and paths, help a developer, and tell an operator nothing.
        qCInfo(lcSecrets) << "keyring error" << job->error() << job->errorString();
        break;
    }
    r.message = SecretStore::statusText(r.status, profile);
    return r;
}

// Runs a QtKeychain job with a timeout; calls done exactly once, or never if context dies.
template <typename JobType>
void runJob(JobType *job, const QString &profile, int timeoutMs, QObject *context,
            std::function<void(JobType *)> prepare, SecretStore::Callback done)
{
    auto finished = std::make_shared<bool>(false);
    QPointer<QObject> guard(context);
    job->setAutoDelete(true);
    job->setKey(profile);
    prepare(job);
    QObject::connect(job, &QKeychain::Job::finished, context, [=](QKeychain::Job *j) {
        if (*finished || !guard)
            return;
        *finished = true;
        SecretStore::Result r = fromJob(j, profile);
        if (r.ok()) {
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j))
                r.secret = read->textData();
        }
        done(r);
    });
    QTimer::singleShot(timeoutMs, context, [=] {
        if (*finished || !guard)
            return;
        *finished = true;
        SecretStore::Result r;
        r.status = SecretStore::Status::Timeout;
        r.message = SecretStore::tr("The keyring did not answer within %1 s. Is it running and "
                                    "unlocked?")
                        .arg(timeoutMs / 1000.0);
        qCInfo(lcSecrets) << "keyring timeout after" << timeoutMs << "ms";
        done(r);
    });
    job->start();
}

} // namespace

SecretStore::SecretStore(QObject *parent) : QObject(parent) {}

void SecretStore::read(const QString &profile, QObject *context, Callback done)
{
    if (const auto it = m_session.constFind(profile); it != m_session.constEnd()) {
        Result r;
        r.secret = *it;
        QTimer::singleShot(0, context, [done, r] { done(r); });
        return;
    }
    runJob<QKeychain::ReadPasswordJob>(
        new QKeychain::ReadPasswordJob(serviceName()), profile, m_timeoutMs, context, [](auto *) {},
        [this, profile, done = std::move(done)](const Result &r) {
            note(profile, r.status);
            done(r);
        });
}

void SecretStore::write(const QString &profile, const QString &secret, QObject *context,
                        Callback done)
{
    runJob<QKeychain::WritePasswordJob>(
        new QKeychain::WritePasswordJob(serviceName()), profile, m_timeoutMs, context,
        [secret](QKeychain::WritePasswordJob *job) { job->setTextData(secret); },
        [this, profile, done = std::move(done)](const Result &r) {
            if (r.ok())
                m_session.remove(profile); // the keyring has it now
            note(profile, r.status);
            done(r);
        });
}

void SecretStore::remove(const QString &profile, QObject *context, Callback done)
{
    m_session.remove(profile);
    runJob<QKeychain::DeletePasswordJob>(
        new QKeychain::DeletePasswordJob(serviceName()), profile, m_timeoutMs, context,
        [](auto *) {},
        [this, profile, done = std::move(done)](const Result &r) {
            // Nothing to delete is as good as deleted.
            Result out = r;
            if (r.status == Status::NotFound)
                out = Result();
            if (out.ok())
                note(profile, Status::NotFound);
            else
                m_known.remove(profile);
            done(out);
        });
}

void SecretStore::move(const QString &from, const QString &to, QObject *context, Callback done)
{
    if (from == to) {
        QTimer::singleShot(0, context, [done] { done(Result()); });
        return;
    }
    const bool hadSession = m_session.contains(from);
    if (hadSession) {
        m_session.insert(to, m_session.take(from));
        if (const auto it = m_known.constFind(from); it != m_known.constEnd())
            m_known.insert(to, *it);
    }
    read(from, context, [this, from, to, context, done, hadSession](const Result &r) {
        if (!r.ok()) {
            // Nothing to move, or only this session's copy, which moved already.
            done(r.status == Status::NotFound || hadSession ? Result() : r);
            return;
        }
        write(to, r.secret, context, [this, from, context, done](const Result &w) {
            if (!w.ok()) {
                done(w);
                return;
            }
            remove(from, context, done);
        });
    });
}

void SecretStore::setSessionSecret(const QString &profile, const QString &secret)
{
    m_session.insert(profile, secret);
}

SecretStore::Where SecretStore::where(const QString &profile) const
{
    if (m_session.contains(profile))
        return Where::SessionOnly;
    const auto it = m_known.constFind(profile);
    if (it == m_known.constEnd())
        return Where::Unknown;
    return *it == Status::Ok ? Where::Keyring : Where::None;
}

void SecretStore::refresh(const QString &profile, QObject *context, std::function<void()> done)
{
    if (where(profile) != Where::Unknown) {
        QTimer::singleShot(0, context, [done] { done(); });
        return;
    }
    read(profile, context, [done](const Result &) { done(); });
}

QString SecretStore::statusText(Status status, const QString &profile)
{
    switch (status) {
    case Status::Ok:
        return QString();
    case Status::NotFound:
        return tr("No ServerSecret is saved in the keyring for profile “%1” (or the keyring is "
                  "locked).")
            .arg(profile);
    case Status::Locked:
        return tr("The keyring is locked or refused access. Unlock it (for example by logging in "
                  "to the desktop) and try again.");
    case Status::Unavailable:
        return tr("No system keyring is available (is gnome-keyring or KWallet running?).");
    case Status::Timeout:
        return tr("The keyring did not answer in time. Is it running and unlocked?");
    }
    return QString();
}

QString SecretStore::whereText(const QString &profile) const
{
    switch (where(profile)) {
    case Where::Unknown:
        return tr("Checking the keyring for the ServerSecret of “%1”…").arg(profile);
    case Where::Keyring:
        return tr("The ServerSecret of “%1” is in the keyring.").arg(profile);
    case Where::SessionOnly:
        if (lastStatus(profile) == Status::Unavailable)
            return tr("No system keyring is available (is gnome-keyring or KWallet running?): "
                      "the secret is kept for this session only.");
        return tr("The ServerSecret of “%1” is kept for this session only (in memory, never "
                  "written to disk).")
            .arg(profile);
    case Where::None:
        break;
    }
    if (lastStatus(profile) == Status::Unavailable)
        return tr("No system keyring is available (is gnome-keyring or KWallet running?): no "
                  "ServerSecret is kept for “%1”; type it to use it for this session only.")
            .arg(profile);
    return statusText(lastStatus(profile), profile);
}

QString SecretStore::placeholderText(const QString &profile) const
{
    switch (where(profile)) {
    case Where::Unknown:
        return tr("checking the keyring…");
    case Where::Keyring:
        return tr("saved in the keyring; type to replace");
    case Where::SessionOnly:
        return tr("kept for this session only; type to replace");
    case Where::None:
        break;
    }
    return lastStatus(profile) == Status::Unavailable ? tr("no keyring: not saved; type it")
                                                      : tr("not saved; type it");
}

QString SecretStore::askText(const QString &profile) const
{
    QString why =
        where(profile) == Where::None ? statusText(lastStatus(profile), profile) : QString();
    if (why.isEmpty())
        why = tr("The ServerSecret of “%1” could not be read.").arg(profile);
    return why + u"\n\n" +
           tr("Type it to use it for this session only (kept in memory, never written to "
              "disk).");
}

SecretStore::Result SecretStore::waitFor(const std::function<void(QObject *, Callback)> &start)
{
    QEventLoop loop;
    Result result;
    result.status = Status::Timeout;
    start(&loop, [&](const Result &r) {
        result = r;
        loop.quit();
    });
    loop.exec();
    return result;
}

SecretStore::Result SecretStore::readNow(const QString &profile)
{
    return waitFor([&](QObject *ctx, Callback cb) { read(profile, ctx, std::move(cb)); });
}

SecretStore::Result SecretStore::writeNow(const QString &profile, const QString &secret)
{
    return waitFor([&](QObject *ctx, Callback cb) { write(profile, secret, ctx, std::move(cb)); });
}

SecretStore::Result SecretStore::removeNow(const QString &profile)
{
    return waitFor([&](QObject *ctx, Callback cb) { remove(profile, ctx, std::move(cb)); });
}

} // namespace cdnrec
