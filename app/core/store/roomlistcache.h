// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <engine/roomlister.h>

#include <QString>

namespace cdnrec {

// The 10-second rule of each room for every process of this OS user: a small JSON file beside
// the history (roomlists.json, 0600), locked with flock() for each look and store, so a room
// asked for by one cdnrec is not asked for again by another within the interval: its answer is
// reused (with its age), or the call waits. Times are CLOCK_MONOTONIC, one clock for the whole
// machine (a file from before a reboot, its times in the future, is started afresh) and Unix ms
// for when a list was read. Entries older than a minute are dropped as the file is written.
// When the file cannot be used (a read-only folder), the rule holds within this process only
// (a MemoryRoomListCache), and unusable() says why.
class RoomListFileCache final : public RoomListCache
{
public:
    explicit RoomListFileCache(const QString &path = defaultPath());
    ~RoomListFileCache() override;
    Q_DISABLE_COPY_MOVE(RoomListFileCache)

    // roomlists.json in the folder of History::defaultPath().
    static QString defaultPath();
    // The process's cache on defaultPath() (made at the first call: after initApplication(),
    // which names the folder), for a front end's RoomLister::setCache(). Main thread only.
    static RoomListFileCache &shared();

    Look look(const QString &key, qint64 reuseMs, qint64 spacingMs, bool claim) override;
    void store(const QString &key, const QList<ListedStream> &streams, qint64 readAtMs) override;
    void unclaim(const QString &key) override;

    QString path() const { return m_path; }
    // Empty while the file serves; otherwise why it does not (once it failed, the process keeps
    // to its memory).
    QString unusable() const { return m_unusable; }

private:
    // Opens and locks the file; -1 (and m_unusable) when it cannot.
    int lockedFile();
    QHash<QString, State> read(int fd) const;
    void write(int fd, const QHash<QString, State> &rooms, qint64 nowNs) const;

    QString m_path;
    QString m_unusable;
    MemoryRoomListCache m_memory;
};

} // namespace cdnrec
