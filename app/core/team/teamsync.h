// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <team/teamconfig.h>
#include <team/teamdatabase.h>

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

class QThread;

namespace cdnrec {

class SyncWorker;
struct SyncShared;

// Replays the outbox to the team database, in seq order, in batches of whole moments: each batch
// is one statement (one transaction) of INSERT ... ON CONFLICT (event_id) DO NOTHING, and only
// then does the outbox's mark move past it. So every event arrives exactly once, even when two
// processes replay the same outbox at once or a process dies between the insert and the mark
// (the next replay inserts nothing). A moment the server refuses as data (a file damaged by hand)
// is passed over with a warning instead of failing every replay after it. It runs on a thread of
// its own with its own connections: a run never waits for the team database. Woken when events
// are appended; when the database cannot be reached it retries with backoff (1 s doubling to
// 30 s); every wait is bounded (TeamDatabase's connect and statement timeouts).
class TeamSync final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeamSync)
public:
    enum class State
    {
        NotConfigured, // no team database: nothing to do
        Connected,     // the last attempt reached the database
        Offline,       // it could not: reason() says why, in one sentence
    };
    Q_ENUM(State)

    static constexpr int kBatchSize = 500;
    static constexpr int kMinBackoffMs = 1000;
    static constexpr int kMaxBackoffMs = 30000;
    // Appends within this are replayed together: while a run appends, a pass at most this often
    // (each pass has a round trip, two local reads and a local write of its own; at 1 s the
    // sync's thread costs a run ~3-5 µs per call, at 0.25 s ~10).
    static constexpr int kCoalesceMs = 1000;

    explicit TeamSync(QObject *parent = nullptr);
    ~TeamSync() override; // stops the thread (bounded: see stop())

    // Starts the thread; the first pass replays what earlier processes left.
    void start(const TeamConfig &config, const QString &password, const QStringList &outboxes);
    // One more outbox file to replay (a history at another path).
    void addOutbox(const QString &path);
    // Events were appended (any thread; never blocks). Honours the backoff when offline.
    void wake();
    // Tries now, even when offline and waiting for the next retry.
    void retryNow();
    // Where the login's role goes (called on the sync's thread, before start()). The role is read
    // on the sync's own connection at its first pass, again after every reconnection and after
    // askRole() (at the next pass, as wake()): no connection of its own, and no second handshake
    // per run. Unknown when the database cannot be reached.
    void setRoleSink(std::function<void(TeamDatabase::Role)> sink);
    void askRole();
    // Blocks up to ms for every outbox to be empty (tries once more first when offline).
    // Returns the number of events still waiting (-1: unknown).
    int waitUntilDrained(int ms);
    // Asks the thread to stop and waits up to ms. false: it is still in a database call (it is
    // then left to end with the process).
    bool stop(int ms);

    State state() const;
    QString reason() const; // why Offline; empty otherwise
    int waiting() const;    // events in the outboxes not yet in the team database (-1: unknown)

    // One replay of one outbox on the calling thread, with its own connections (for tests and
    // tools): sends every unsynced event, in batches. *sent: events replayed this time.
    static TeamDatabase::Status replay(const TeamConfig &config, const QString &password,
                                       const QString &outboxPath, int *sent = nullptr,
                                       int batchSize = kBatchSize);

Q_SIGNALS:
    // From the sync's thread, queued to the receivers of this object's thread.
    void stateChanged(cdnrec::TeamSync::State state, const QString &reason, int waiting);

private:
    // What the worker reports, shared with it: it may outlive this object (stop()).
    std::shared_ptr<SyncShared> m_shared;
    QThread *m_thread = nullptr;
    SyncWorker *m_worker = nullptr;
};

} // namespace cdnrec
