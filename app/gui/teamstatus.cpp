// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamstatus.h"

#include "plaintext.h"
#include "prompt.h"
#include "windowtext.h"
#include <model/async.h>
#include <store/secretstore.h>
#include <team/teamcatalog.h>
#include <team/teamconfig.h>
#include <team/teamsession.h>

#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>
#include <QTimer>

namespace cdnrec {

TeamStatus::TeamStatus(QMainWindow *window, ProfileStore *profiles, SecretStore *secrets)
    : QObject(window), m_window(window), m_profiles(profiles), m_secrets(secrets),
      m_label(plainLabel(new QLabel(window)))
{
    m_label->setObjectName(QStringLiteral("team"));
    m_label->setContentsMargins(0, 0, 12, 0); // apart from the pace beside it
    m_label->hide();
}

void TeamStatus::startWhenConfigured()
{
    // A team database is set up here: after the window shows, never before.
    if (TeamConfig::load().isSet())
        QTimer::singleShot(0, this, &TeamStatus::start);
}

void TeamStatus::startIfNew()
{
    if (TeamConfig::load().isSet() && !TeamSession::exists())
        start();
}

QString TeamStatus::text() const
{
    return m_label->isVisible() ? m_label->text() : QString();
}

void TeamStatus::retranslate()
{
    m_label->setAccessibleName(WindowText::tr("Team database"));
    if (m_session)
        showState();
}

void TeamStatus::start()
{
    // The team password from the keyring without blocking the window (none kept: the server
    // trusts this user), then the session.
    const TeamConfig config = TeamConfig::load();
    m_label->setText(WindowText::tr("Team: connecting…"));
    m_label->show();
    m_secrets->read(config.secretKey(), this, [this, config](const SecretStore::Result &r) {
        onPassword(config, r.ok() ? r.secret : QString());
    });
}

void TeamStatus::onPassword(const TeamConfig &config, const QString &password)
{
    TeamSession *session = TeamSession::start(password);
    if (!session->isActive()) {
        m_label->hide();
        return;
    }
    m_session = session;
    connect(session, &TeamSession::stateChanged, this, &TeamStatus::showState);
    showState();
    pullProfiles(config, password);
}

void TeamStatus::showState()
{
    const TeamSync::State state = m_session->state();
    const int waiting = m_session->waiting();
    QString text = state == TeamSync::State::Offline     ? WindowText::tr("Team: offline")
                   : state == TeamSync::State::Connected ? WindowText::tr("Team: connected")
                                                         : WindowText::tr("Team: connecting…");
    if (waiting > 0)
        text += u" · " + WindowText::tr("%n event(s) waiting", nullptr, waiting);
    m_label->setText(text);
    m_label->setToolTip(asWritten(state == TeamSync::State::Offline
                                      ? m_session->noticeText()
                                      : m_session->config().displayName()));
}

void TeamStatus::pullProfiles(const TeamConfig &config, const QString &password)
{
    // Fetched off the GUI thread, applied here: new ones added, newer team versions taken, local
    // changes never overwritten (a conflict is said instead).
    runAsync(
        this, [config, password] { return TeamCatalog::fetch(config, password); },
        [this](const TeamCatalog::ListResult &fetched) {
            if (!fetched.status.ok())
                return;
            TeamCatalog::PullReport report = TeamCatalog::apply(fetched.entries, *m_profiles);
            // Where a secret signs never changes without the operator's yes: old → new and who
            // changed it, Keep as the safe default.
            if (!report.held.isEmpty() &&
                Prompt::confirm(
                    m_window, WindowText::tr("Team profiles changed where they sign"),
                    WindowText::tr(
                        "A colleague changed where these team profiles send your "
                        "signed calls. Take the changes only if you expected them:\n\n%1")
                        .arg(report.held.join(QLatin1Char('\n'))),
                    WindowText::tr("Take the changes"), true))
                report = TeamCatalog::apply(fetched.entries, *m_profiles, {}, true);
            if (const QString summary = report.summary(); !summary.isEmpty())
                m_window->statusBar()->showMessage(summary, 15000);
        });
}

} // namespace cdnrec
