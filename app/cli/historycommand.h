// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace cdnrec {

// `cdnrec history [--stream ID] [--profile NAME] [--since DATE] [--until DATE] [--status S]
// [--run ID] [--json] [--check]`: who stopped what, when, and what ZEGO answered.
class HistoryCommand final
{
    Q_DECLARE_TR_FUNCTIONS(cdnrec::HistoryCommand)
public:
    HistoryCommand(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments);

private:
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace cdnrec
