// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <engine/job.h>
#include <model/streamids.h>

#include <QHash>
#include <QWidget>

#include <memory>

class QPushButton;
class QTextBrowser;

namespace cdnrec {

// The right-hand pane: what happened to one stream (the answer of its call, what the code means
// and what to do, both request IDs, the redacted request) and Copy as curl. It keeps this
// session's calls, bounded, so that any row can be explained.
class DetailsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPane)
public:
    // Its two focusable parts, for the window's Tab order.
    QWidget *browser() const;
    QWidget *copyButton() const;
    explicit DetailsPane(QWidget *parent = nullptr);

    struct Row
    {
        StreamOutcome outcome;
        StreamIds::Verdict verdict = StreamIds::Verdict::Ok;
        QString verdictReason;
        QString statusText;                 // as the table shows it
        Vendor vendor = Vendor::Tencent;    // whose per-stream codes these are
        RunAction action = RunAction::Stop; // what the call that answered did
        QString sentBy;                     // the run that set its state ("run 12, a stop, …")
        qint64 answeredAt = 0;              // Unix s; 0: no answer yet
    };
    void showRow(const Row &row);
    void showNothing();
    void retranslate();

    void keepCall(const CallRecord &call);
    void forgetCalls();
    // "curl -sS '<redacted URL>'" for the call that last carried the stream, or empty.
    QString curlFor(const StreamOutcome &outcome) const;
    QString text() const;

private:
    QTextBrowser *m_browser;
    QPushButton *m_copyCurl;
    // The last call that carried each stream. Call numbers start at 1 in every run, so a row
    // from an earlier run must not be explained by a later run's call of the same number.
    QHash<QString, std::shared_ptr<const CallRecord>> m_lastCall;
    QString m_curl;
    bool m_empty = true;
};

} // namespace cdnrec
