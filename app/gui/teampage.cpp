// SPDX-License-Identifier: GPL-3.0-or-later
#include "teampage.h"

#include "plaintext.h"
#include <model/async.h>
#include <store/secretstore.h>
#include <store/settings.h>
#include <team/teamdatabase.h>
#include <team/teamsession.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUuid>
#include <QVBoxLayout>

namespace cdnrec {

namespace {

QString sslModeText(const QString &mode)
{
    if (mode == QLatin1String("verify-full"))
        return TeamPage::tr("Verify the certificate and the server's name (recommended)");
    if (mode == QLatin1String("verify-ca"))
        return TeamPage::tr("Verify the certificate only");
    if (mode == QLatin1String("require"))
        return TeamPage::tr("Encrypt, verify nothing");
    if (mode == QLatin1String("disable"))
        return TeamPage::tr("No TLS (a Unix socket or a trusted network only)");
    return mode;
}

} // namespace

TeamPage::TeamPage(SecretStore *secrets, QWidget *parent)
    : QWidget(parent), m_secrets(secrets), m_host(new QLineEdit(this)), m_port(new QSpinBox(this)),
      m_database(new QLineEdit(this)), m_user(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_sslMode(new QComboBox(this)), m_insecure(new QCheckBox(this)),
      m_caFile(new QLineEdit(this)), m_browse(new QPushButton(this)),
      m_connect(new QPushButton(this)), m_disconnect(new QPushButton(this)),
      m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("TeamPage"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("A support team shares one audit history, one pace per AppId and its profiles on a "
           "PostgreSQL database. Your admin sets it up once (cdnrec team init) and gives you a "
           "user."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_host->setPlaceholderText(tr("db.example.com, or a socket folder"));
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    m_port->setGroupSeparatorShown(false);
    m_database->setPlaceholderText(QStringLiteral("cdnrec"));
    m_password->setEchoMode(QLineEdit::Password);
    for (const QString &mode : TeamConfig::sslModes())
        m_sslMode->addItem(sslModeText(mode), mode);
    m_caFile->setPlaceholderText(tr("~/.postgresql/root.crt"));
    m_browse->setText(tr("&Browse…"));
    auto *ca = new QHBoxLayout;
    ca->addWidget(m_caFile, 1);
    ca->addWidget(m_browse);
    const auto row = [&](const QString &label, QWidget *field, const QString &accessible) {
        auto *l = new QLabel(label, this);
        l->setBuddy(field);
        field->setAccessibleName(accessible);
        return l;
    };
    form->addRow(row(tr("Ho&st:"), m_host, tr("Team database host")), m_host);
    form->addRow(row(tr("&Port:"), m_port, tr("Team database port")), m_port);
    form->addRow(row(tr("&Database:"), m_database, tr("Team database name")), m_database);
    form->addRow(row(tr("&User:"), m_user, tr("Team database user")), m_user);
    form->addRow(row(tr("Pass&word:"), m_password, tr("Team database password")), m_password);
    form->addRow(row(tr("T&LS:"), m_sslMode, tr("TLS mode")), m_sslMode);
    // A mode that verifies nothing: the password goes only with the operator's explicit consent.
    m_insecure->setText(tr("Send the password to an unve&rified server (anyone posing as it can "
                           "take the password)"));
    m_insecure->setAccessibleName(tr("Send the password to a server TLS does not verify"));
    form->addRow(QString(), m_insecure);
    m_caFile->setAccessibleName(tr("CA certificate file"));
    auto *caLabel = new QLabel(tr("C&A certificate:"), this);
    caLabel->setBuddy(m_caFile);
    form->addRow(caLabel, ca);
    layout->addLayout(form);

    auto *buttons = new QHBoxLayout;
    m_connect->setText(tr("T&est and connect"));
    m_connect->setAccessibleName(tr("Test the team database and keep the connection"));
    m_disconnect->setText(tr("Disco&nnect"));
    m_disconnect->setAccessibleName(tr("Forget the team database and its password"));
    for (QPushButton *b : {m_browse, m_connect, m_disconnect})
        b->setAutoDefault(false);
    buttons->addWidget(m_connect);
    buttons->addWidget(m_disconnect);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    plainLabel(m_status)->setWordWrap(true);
    m_status->setAccessibleName(tr("Team database state"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    layout->addStretch(1);

    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("The CA certificate of the team database"), Settings::lastDirectory(),
            tr("Certificates (*.crt *.pem);;All files (*)"));
        if (!path.isEmpty())
            m_caFile->setText(path);
    });
    connect(m_connect, &QPushButton::clicked, this, &TeamPage::testAndSave);
    connect(m_disconnect, &QPushButton::clicked, this, &TeamPage::forget);
    connect(m_sslMode, &QComboBox::currentIndexChanged, this, &TeamPage::updateInsecure);
    connect(m_host, &QLineEdit::textChanged, this, &TeamPage::updateInsecure);
    setConfig(TeamConfig::load());
    showState();
}

TeamConfig TeamPage::config() const
{
    TeamConfig c;
    c.host = m_host->text().trimmed();
    c.port = m_port->value();
    c.database = m_database->text().trimmed().isEmpty() ? QStringLiteral("cdnrec")
                                                        : m_database->text().trimmed();
    c.user = m_user->text().trimmed();
    c.sslMode = m_sslMode->currentData().toString();
    c.sslRootCert = m_caFile->text().trimmed();
    c.insecureTls = m_insecure->isChecked() && !c.verifiesServer();
    return c;
}

void TeamPage::updateInsecure()
{
    const TeamConfig c = config();
    const bool weak = !c.verifiesServer();
    m_insecure->setEnabled(weak);
    if (!weak)
        m_insecure->setChecked(false);
    m_insecure->setToolTip(weak ? c.insecureRisk() : QString());
}

void TeamPage::setConfig(const TeamConfig &config)
{
    m_host->setText(config.host);
    m_port->setValue(config.port);
    m_database->setText(config.database);
    m_user->setText(config.user);
    m_sslMode->setCurrentIndex(qMax(0, m_sslMode->findData(config.sslMode)));
    m_caFile->setText(config.sslRootCert);
    m_insecure->setChecked(config.insecureTls);
    updateInsecure();
    m_password->setPlaceholderText(config.isSet() ? tr("kept in the keyring; type to change")
                                                  : QString());
}

QString TeamPage::statusText() const
{
    return m_status->text();
}

void TeamPage::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    QPalette pal = palette();
    if (problem)
        pal.setColor(QPalette::WindowText, QColor(0xb0, 0x20, 0x20));
    m_status->setPalette(pal);
}

void TeamPage::showState()
{
    const TeamConfig saved = TeamConfig::load();
    m_disconnect->setEnabled(saved.isSet());
    if (!saved.isSet()) {
        setStatus(tr("Not connected: this computer keeps its history and pace to itself."), false);
        return;
    }
    QString text = tr("Connected to %1.").arg(saved.displayName());
    // Only a session this process runs already: opening Preferences starts nothing.
    if (TeamSession::exists()) {
        if (TeamSession *session = TeamSession::instance(); session->isActive()) {
            const QString notice = session->noticeText();
            if (!notice.isEmpty())
                text += u' ' + notice;
        }
    }
    setStatus(text, false);
}

void TeamPage::testAndSave()
{
    if (m_testing)
        return;
    const TeamConfig c = config();
    if (!c.isSet()) {
        setStatus(tr("Give the host and the user."), true);
        return;
    }
    if (const QString problem = c.problem(); !problem.isEmpty()) {
        setStatus(problem, true);
        return;
    }
    const QString typed = m_password->text();
    const auto test = [this, c](const QString &password) {
        m_testing = true;
        m_connect->setEnabled(false);
        setStatus(tr("Connecting to %1…").arg(c.displayName()), false);
        runAsync(
            this,
            [c, password] {
                const QString name = QStringLiteral("cdnrec-team-test-") +
                                     QUuid::createUuid().toString(QUuid::Id128);
                const TeamDatabase::Status status = TeamDatabase::open(c, password, name);
                TeamDatabase::close(name);
                return status;
            },
            [this, c, password](const TeamDatabase::Status &status) {
                m_testing = false;
                m_connect->setEnabled(true);
                if (!status.ok()) {
                    setStatus(status.message, true);
                    return;
                }
                if (password.isEmpty()) {
                    keep(c, true); // the server trusts this user: nothing to keep in the keyring
                    return;
                }
                m_secrets->write(c.secretKey(), password, this,
                                 [this, c](const SecretStore::Result &r) {
                                     if (!r.ok()) {
                                         setStatus(tr("The connection works, but the password "
                                                      "cannot be kept: %1")
                                                       .arg(r.message),
                                                   true);
                                         return;
                                     }
                                     keep(c, false);
                                 });
            });
    };
    if (!typed.isEmpty()) {
        test(typed);
        return;
    }
    // No password typed: the one in the keyring, if any (none: the server may trust the user).
    m_secrets->read(c.secretKey(), this,
                    [test](const SecretStore::Result &r) { test(r.ok() ? r.secret : QString()); });
}

void TeamPage::keep(const TeamConfig &c, bool noPassword)
{
    TeamConfig saved = c;
    saved.noPassword = noPassword; // then no keyring is asked for it later
    saved.save();
    m_password->clear();
    setConfig(c);
    showState();
    // A process already in team mode keeps its connection until it restarts; one that was not
    // starts team mode now (the console).
    setStatus(statusText() + u' ' +
                  (TeamSession::exists() ? tr("The change applies from the next start of cdnrec.")
                                         : tr("Team mode is on.")),
              false);
    Q_EMIT changed();
}

void TeamPage::forget()
{
    const TeamConfig saved = TeamConfig::load();
    if (!saved.isSet())
        return;
    m_secrets->remove(saved.secretKey(), this, [this](const SecretStore::Result &) {
        TeamConfig::clear();
        setConfig(TeamConfig());
        showState();
        Q_EMIT changed();
    });
}

} // namespace cdnrec
