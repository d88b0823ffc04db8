// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

#include <memory>

namespace cdnrec {

// A share of a pace that others also draw on (the team's budget for an AppId): the rate a job
// may send at now, which can change at any moment, 0 meaning "wait".
class PaceShare
{
public:
    virtual ~PaceShare() = default;
    virtual double rate() const = 0;
    // Something the operator should know, once (each notice is returned only once), else empty.
    virtual QString takeNotice() = 0;
};

// Where a job takes its share of a pace shared beyond itself. The engine knows only this; the
// team's budget implements it. Not configured: the job paces at its own rate, as always.
class PaceSource
{
public:
    virtual ~PaceSource() = default;
    virtual bool isConfigured() const = 0;
    // A share for appId, wanting at most wantedRate calls/s. Never null while configured.
    virtual std::shared_ptr<PaceShare> joinPace(quint32 appId, double wantedRate) = 0;
    virtual void leavePace(const std::shared_ptr<PaceShare> &share) = 0;
};

} // namespace cdnrec
