// SPDX-License-Identifier: GPL-3.0-or-later
#include "detailspane.h"

#include "streamtablemodel.h"

#include <engine/returncodes.h>

#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace cdnrec {

namespace {

// Answers kept for the pane: enough for any real answer, bounded for 100,000 rows.
constexpr qsizetype kMaxStoredBody = 64 * 1024;

QString html(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

DetailsPane::DetailsPane(QWidget *parent)
    : QWidget(parent), m_browser(new QTextBrowser(this)), m_copyCurl(new QPushButton(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_browser->setObjectName(QStringLiteral("details"));
    m_browser->setOpenExternalLinks(false);
    m_browser->setTabChangesFocus(true); // Tab leaves the text for the next control
    m_copyCurl->setObjectName(QStringLiteral("copyCurl"));
    layout->addWidget(m_browser);
    layout->addWidget(m_copyCurl);
    connect(m_copyCurl, &QPushButton::clicked, this, [this] {
        if (!m_curl.isEmpty())
            QGuiApplication::clipboard()->setText(m_curl);
    });
    retranslate();
    showNothing();
}

QWidget *DetailsPane::browser() const
{
    return m_browser;
}

QWidget *DetailsPane::copyButton() const
{
    return m_copyCurl;
}

void DetailsPane::retranslate()
{
    m_browser->setAccessibleName(tr("Details of the selected stream"));
    m_copyCurl->setText(tr("Copy as &curl (signature redacted)"));
    m_copyCurl->setAccessibleName(tr("Copy the request as a curl command, signature redacted"));
    if (m_empty)
        showNothing();
}

void DetailsPane::keepCall(const CallRecord &call)
{
    auto kept = std::make_shared<CallRecord>(call);
    if (kept->body.size() > kMaxStoredBody)
        kept->body.truncate(kMaxStoredBody);
    for (const QString &id : call.streamIds)
        m_lastCall.insert(id, kept);
}

void DetailsPane::forgetCalls()
{
    m_lastCall.clear();
}

QString DetailsPane::curlFor(const StreamOutcome &o) const
{
    const auto call = m_lastCall.value(o.streamId);
    if (!call)
        return QString();
    // The URL was redacted when the call was made: no secret, no signature.
    return QStringLiteral("curl -sS '%1'").arg(call->redactedUrl);
}

QString DetailsPane::text() const
{
    return m_browser->toPlainText();
}

void DetailsPane::showNothing()
{
    m_empty = true;
    m_curl.clear();
    m_browser->setHtml(tr("<p>Select a row to see its details: the answer of its call, what the "
                          "code means, and what to do.</p>"));
    m_copyCurl->setEnabled(false);
}

void DetailsPane::showRow(const Row &row)
{
    m_empty = false;
    const StreamOutcome &o = row.outcome;
    QString h = QStringLiteral("<h3>%1</h3>").arg(html(o.streamId));
    const auto line = [&h](const QString &label, const QString &value) {
        if (!value.isEmpty())
            h += QStringLiteral("<p><b>%1</b> %2</p>").arg(html(label), html(value));
    };
    if (row.verdict != StreamIds::Verdict::Ok)
        line(tr("Stream ID:"), row.verdictReason);
    line(tr("Status:"), row.statusText);
    line(tr("Sent by:"), row.sentBy);
    if (row.answeredAt)
        line(tr("Answered at:"),
             StreamTableModel::clockText(row.answeredAt, QDateTime::currentDateTime()));
    line(tr("Code:"), o.code);
    if (o.codeIsZego && !o.code.isEmpty()) {
        const CodeInfo info = ReturnCodes::lookup(o.code.toLongLong());
        line(tr("Meaning:"), info.meaning);
        line(tr("What to do:"), info.advice);
    } else if (!o.code.isEmpty()) {
        const VendorCodeInfo info = ReturnCodes::lookup(row.vendor, o.code, row.action);
        line(tr("Meaning:"), info.meaning);
        line(tr("What to do:"), info.advice);
    }
    line(tr("Message:"), o.message);
    line(tr("Vendor request ID:"), o.vendorRequestId);
    line(tr("ZEGO request ID:"), o.requestId);
    if (o.attempts)
        line(tr("Attempts:"), QString::number(o.attempts));
    if (o.earlierAttemptUnanswered)
        line(tr("Note:"),
             tr("an earlier attempt went unanswered; it may have stopped the recording"));
    if (const auto it = m_lastCall.value(o.streamId)) {
        h += QStringLiteral("<hr><p><b>%1</b></p>")
                 .arg(html(tr("Call %1, attempt %2").arg(it->callId).arg(it->attempt)));
        line(tr("Request:"), QStringLiteral("GET ") + it->redactedUrl);
        line(tr("HTTP status:"),
             it->httpStatus ? QString::number(it->httpStatus) : tr("no answer"));
        line(tr("Took:"), tr("%1 ms").arg(it->durationMs));
        line(tr("Problem:"), it->error);
        QJsonParseError e{};
        const QJsonDocument doc = QJsonDocument::fromJson(it->body, &e);
        const QString raw = e.error == QJsonParseError::NoError
                                ? QString::fromUtf8(doc.toJson(QJsonDocument::Indented))
                                : QString::fromUtf8(it->body.left(4096));
        if (!raw.isEmpty())
            h +=
                QStringLiteral("<p><b>%1</b></p><pre>%2</pre>").arg(html(tr("Answer:")), html(raw));
    }
    m_browser->setHtml(h);
    m_curl = curlFor(o);
    m_copyCurl->setEnabled(!m_curl.isEmpty());
}

} // namespace cdnrec
