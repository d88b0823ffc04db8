// SPDX-License-Identifier: GPL-3.0-or-later
#include "secretstore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <QSemaphore>
#include <QThread>
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

// Every QtKeychain job of the process is started and answered on this thread, whose event loop
// runs for as long as the application: QtKeychain runs its jobs one at a time through an object
// of the thread that started the first one, and needs that thread's loop between two jobs. The
// caller's thread only waits (blocking calls) or hears the answer through its own loop (the
// others); neither the GUI's event loop nor a command's is ever re-entered.
QThread *g_keyringThread = nullptr;

void stopKeyringThread()
{
    // A job still waiting for a keyring that never answered is left to itself.
    g_keyringThread->quit();
    g_keyringThread->wait();
    delete g_keyringThread;
    g_keyringThread = nullptr;
}

QThread *keyringThread()
{
    static QThread *const thread = [] {
        g_keyringThread = new QThread;
        g_keyringThread->setObjectName(QStringLiteral("cdnrec keyring"));
        g_keyringThread->start();
        qAddPostRoutine(stopKeyringThread);
        return g_keyringThread;
    }();
    return thread;
}

SecretStore::Result timedOut(int timeoutMs)
{
    SecretStore::Result r;
    r.status = SecretStore::Status::Timeout;
    r.message =
        SecretStore::tr("The keyring did not answer within %1 s. Is it running and unlocked?")
            .arg(timeoutMs / 1000.0);
    qCInfo(lcSecrets) << "keyring timeout after" << timeoutMs << "ms";
    return r;
}

// A job for `profile`, made on the calling thread and handed to the keyring thread, where it
// starts; *result is filled in there when it answers, then `answered` runs (there too).
template <typename JobType>
void startOnKeyringThread(const QString &profile, std::function<void(JobType *)> prepare,
                          const std::shared_ptr<SecretStore::Result> &result,
                          const std::function<void(JobType *)> &connectAnswer)
{
    auto *job = new JobType(SecretStore::serviceName());
    job->setAutoDelete(true);
    job->setKey(profile);
    prepare(job);
    // Read on the keyring thread, before the job deletes itself: the answer is a value.
    QObject::connect(job, &QKeychain::Job::finished, job, [result, profile](QKeychain::Job *j) {
        *result = fromJob(j, profile);
        if (result->ok()) {
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j))
                result->secret = read->textData();
        }
    });
    connectAnswer(job);
    job->moveToThread(keyringThread());
    QMetaObject::invokeMethod(job, &QKeychain::Job::start, Qt::QueuedConnection);
}

// Runs a QtKeychain job with a timeout; calls done exactly once, on context's thread, or never
// if context dies first.
template <typename JobType>
void runJob(const QString &profile, int timeoutMs, QObject *context,
            std::function<void(JobType *)> prepare, SecretStore::Callback done)
{
    auto finished = std::make_shared<bool>(false); // context's thread only
    auto result = std::make_shared<SecretStore::Result>();
    QPointer<QObject> guard(context);
    // Connected here, while context surely lives: Qt queues the answer to context's thread and
    // drops it if context goes first.
    startOnKeyringThread<JobType>(profile, std::move(prepare), result, [=](JobType *job) {
        QObject::connect(job, &QKeychain::Job::finished, context, [=] {
            if (*finished || !guard)
                return;
            *finished = true;
            done(*result);
        });
    });
    QTimer::singleShot(timeoutMs, context, [=] {
        if (*finished || !guard)
            return;
        *finished = true;
        done(timedOut(timeoutMs));
    });
}

// Runs one keyring job on the keyring thread and waits for its answer, blocking the calling
// thread (at most timeoutMs): its event loop is not re-entered, so nothing of the caller runs
// meanwhile (no timer, no click, no second TeamSession). A job that does not answer in time is
// left to itself, as an asynchronous one is.
template <typename JobType>
SecretStore::Result runBlocking(const QString &profile, int timeoutMs,
                                std::function<void(JobType *)> prepare)
{
    auto result = std::make_shared<SecretStore::Result>();
    auto answered = std::make_shared<QSemaphore>();
    startOnKeyringThread<JobType>(profile, std::move(prepare), result, [answered](JobType *job) {
        QObject::connect(job, &QKeychain::Job::finished, job, [answered] { answered->release(); });
    });
    if (!answered->tryAcquire(1, timeoutMs))
        return timedOut(timeoutMs);
    return *result;
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
        profile, m_timeoutMs, context, [](auto *) {},
        [this, profile, done = std::move(done)](const Result &r) {
            note(profile, r.status);
            done(r);
        });
}

void SecretStore::write(const QString &profile, const QString &secret, QObject *context,
                        Callback done)
{
    runJob<QKeychain::WritePasswordJob>(
        profile, m_timeoutMs, context,
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
        profile, m_timeoutMs, context, [](auto *) {},
        [this, profile, done = std::move(done)](const Result &r) { done(removed(profile, r)); });
}

SecretStore::Result SecretStore::removed(const QString &profile, Result r)
{
    // Nothing to delete is as good as deleted.
    if (r.status == Status::NotFound)
        r = Result();
    if (r.ok())
        note(profile, Status::NotFound);
    else
        m_known.remove(profile);
    return r;
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
        return tr("The ServerSecret of “%1” is saved in %2.").arg(profile, keyringPlace());
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
        return tr("in %1; type to replace").arg(keyringPlace());
    case Where::SessionOnly:
        return tr("kept for this session only; type to replace");
    case Where::None:
        break;
    }
    return lastStatus(profile) == Status::Unavailable ? tr("no keyring: not saved; type it")
                                                      : tr("not saved; type it");
}

QString SecretStore::keyringPlace()
{
    return tr("the system keyring (service “%1”)").arg(serviceName());
}

QString SecretStore::placeSentence()
{
    return tr("ServerSecrets are saved in %1, never in a file.").arg(keyringPlace());
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

SecretStore::Result SecretStore::readNow(const QString &profile)
{
    if (const auto it = m_session.constFind(profile); it != m_session.constEnd()) {
        Result r;
        r.secret = *it;
        return r;
    }
    const Result r = runBlocking<QKeychain::ReadPasswordJob>(profile, m_timeoutMs,
                                                             [](QKeychain::ReadPasswordJob *) {});
    note(profile, r.status);
    return r;
}

SecretStore::Result SecretStore::writeNow(const QString &profile, const QString &secret)
{
    const Result r = runBlocking<QKeychain::WritePasswordJob>(
        profile, m_timeoutMs,
        [secret](QKeychain::WritePasswordJob *job) { job->setTextData(secret); });
    if (r.ok())
        m_session.remove(profile); // the keyring has it now
    note(profile, r.status);
    return r;
}

SecretStore::Result SecretStore::removeNow(const QString &profile)
{
    m_session.remove(profile);
    return removed(profile, runBlocking<QKeychain::DeletePasswordJob>(
                                profile, m_timeoutMs, [](QKeychain::DeletePasswordJob *) {}));
}

} // namespace cdnrec
