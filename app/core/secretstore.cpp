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
        r.message = SecretStore::tr("No ServerSecret is saved in the keyring for profile “%1” "
                                    "(or the keyring is locked).")
                        .arg(profile);
        return r;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        r.status = SecretStore::Status::Locked;
        r.message = SecretStore::tr("The keyring is locked or refused access. Unlock it (for "
                                    "example by logging in to the desktop) and try again.");
        return r;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
    r.status = SecretStore::Status::Unavailable;
    // The keyring's own words stay in the log: they may name paths, never the secret.
    qCInfo(lcSecrets) << "keyring error" << job->error() << job->errorString();
    r.message = SecretStore::tr("No keyring is available (%1). You can use the secret for this "
                                "session only; it is then kept in memory and never written.")
                    .arg(job->errorString());
    return r;
}

// Runs a QtKeychain job with a timeout; calls done exactly once, or never if context dies.
template<typename JobType>
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
        done(r);
    });
    job->start();
}

} // namespace

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{
}

void SecretStore::read(const QString &profile, QObject *context, Callback done)
{
    if (const auto it = m_session.constFind(profile); it != m_session.constEnd()) {
        Result r;
        r.secret = *it;
        QTimer::singleShot(0, context, [done, r] { done(r); });
        return;
    }
    runJob<QKeychain::ReadPasswordJob>(new QKeychain::ReadPasswordJob(serviceName()), profile,
                                       m_timeoutMs, context, [](auto *) {}, std::move(done));
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
            done(r);
        });
}

void SecretStore::remove(const QString &profile, QObject *context, Callback done)
{
    m_session.remove(profile);
    runJob<QKeychain::DeletePasswordJob>(new QKeychain::DeletePasswordJob(serviceName()), profile,
                                         m_timeoutMs, context, [](auto *) {},
                                         [done = std::move(done)](const Result &r) {
                                             // Nothing to delete is as good as deleted.
                                             Result out = r;
                                             if (r.status == Status::NotFound)
                                                 out = Result();
                                             done(out);
                                         });
}

void SecretStore::move(const QString &from, const QString &to, QObject *context, Callback done)
{
    if (from == to) {
        QTimer::singleShot(0, context, [done] { done(Result()); });
        return;
    }
    if (const auto it = m_session.constFind(from); it != m_session.constEnd()) {
        m_session.insert(to, *it);
        m_session.remove(from);
    }
    read(from, context, [this, from, to, context, done](const Result &r) {
        if (!r.ok()) {
            done(r.status == Status::NotFound ? Result() : r); // nothing to move
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
