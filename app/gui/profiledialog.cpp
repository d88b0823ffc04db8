// SPDX-License-Identifier: GPL-3.0-or-later
#include "profiledialog.h"

#include "endpoint.h"
#include "profilestore.h"
#include "prompt.h"
#include "returncodes.h"
#include "safefile.h"
#include "secretstore.h"
#include "signer.h"
#include "stopjob.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace cdnrec {

namespace {
constexpr auto kCustom = "custom";
}

ProfileDialog::ProfileDialog(ProfileStore *store, SecretStore *secrets, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("ProfileDialog"));
    setWindowTitle(tr("Profiles"));
    buildUi();
    reloadList();
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    else
        newProfile();
    if (!m_store->readOnlyReason().isEmpty())
        setStatus(m_store->readOnlyReason(), true);
}

void ProfileDialog::buildUi()
{
    auto *outer = new QHBoxLayout(this);
    auto *left = new QVBoxLayout;
    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Saved profiles"));
    m_list->setMinimumWidth(180);
    left->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    m_new = new QPushButton(tr("&New"), this);
    m_duplicate = new QPushButton(tr("D&uplicate"), this);
    m_delete = new QPushButton(tr("&Delete"), this);
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_duplicate);
    listButtons->addWidget(m_delete);
    left->addLayout(listButtons);
    auto *fileButtons = new QHBoxLayout;
    m_export = new QPushButton(tr("E&xport…"), this);
    m_export->setToolTip(tr("Save the profiles as JSON, without their secrets, to hand a colleague"));
    m_import = new QPushButton(tr("&Import…"), this);
    fileButtons->addWidget(m_export);
    fileButtons->addWidget(m_import);
    left->addLayout(fileButtons);
    outer->addLayout(left);

    auto *right = new QVBoxLayout;
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const auto errorLabel = [this](const QString &field) {
        auto *l = new QLabel(this);
        l->setObjectName(QStringLiteral("error_") + field);
        QPalette pal = l->palette();
        pal.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
        l->setPalette(pal);
        l->setWordWrap(true);
        l->hide();
        m_errors.insert(field, l);
        return l;
    };
    const auto addRow = [&](const QString &label, QWidget *field, const QString &errorField) {
        auto *box = new QVBoxLayout;
        box->setSpacing(2);
        box->addWidget(field);
        if (!errorField.isEmpty())
            box->addWidget(errorLabel(errorField));
        // A real QLabel with a buddy, so the & gives Alt+key to the field.
        auto *text = new QLabel(label, this);
        QWidget *focus = field->focusProxy() ? field->focusProxy() : field;
        text->setBuddy(focus);
        form->addRow(text, box);
        if (field->accessibleName().isEmpty())
            field->setAccessibleName(QString(label).remove(u'&').remove(u':'));
    };
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("name"));
    addRow(tr("&Name:"), m_name, QStringLiteral("name"));
    m_environment = new QComboBox(this);
    for (auto e : {Profile::Environment::Production, Profile::Environment::Staging,
                   Profile::Environment::Test, Profile::Environment::Practice})
        m_environment->addItem(Profile::environmentDisplayName(e), int(e));
    addRow(tr("&Environment:"), m_environment, QString());
    m_appId = new QLineEdit(this);
    m_appId->setObjectName(QStringLiteral("appId"));
    m_appId->setPlaceholderText(tr("from the ZEGO console, e.g. 1234567890"));
    addRow(tr("&AppId:"), m_appId, QStringLiteral("appId"));

    auto *secretRow = new QWidget(this);
    auto *secretLayout = new QHBoxLayout(secretRow);
    secretLayout->setContentsMargins(0, 0, 0, 0);
    m_secret = new QLineEdit(secretRow);
    m_secret->setObjectName(QStringLiteral("secret"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setAccessibleName(tr("ServerSecret"));
    m_reveal = new QToolButton(secretRow);
    m_reveal->setText(tr("Show"));
    m_reveal->setCheckable(true);
    m_reveal->setAccessibleName(tr("Show the secret"));
    secretLayout->addWidget(m_secret, 1);
    secretLayout->addWidget(m_reveal);
    secretRow->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    secretRow->setFocusProxy(m_secret);
    addRow(tr("Server&Secret:"), secretRow, QStringLiteral("secret"));

    m_region = new QComboBox(this);
    m_region->setObjectName(QStringLiteral("region"));
    for (const Endpoint::Region &r : Endpoint::regions())
        m_region->addItem(QStringLiteral("%1 — %2").arg(Endpoint::tr(r.name), QLatin1String(r.host)),
                          QLatin1String(r.key));
    m_region->addItem(tr("Custom endpoint…"), QLatin1String(kCustom));
    addRow(tr("&Region:"), m_region, QStringLiteral("region"));
    m_endpoint = new QLineEdit(this);
    m_endpoint->setObjectName(QStringLiteral("endpoint"));
    m_endpoint->setPlaceholderText(QStringLiteral("https://…"));
    addRow(tr("Endpoint &URL:"), m_endpoint, QStringLiteral("endpoint"));
    m_vendor = new QComboBox(this);
    for (Vendor v : {Vendor::Tencent, Vendor::Ws, Vendor::Huawei})
        m_vendor->addItem(vendorDisplayName(v), int(v));
    addRow(tr("Default &vendor:"), m_vendor, QString());
    m_isTest = new QCheckBox(tr("Send IsTest=true (only projects created on or before 2021-11-16)"), this);
    addRow(tr("Test environment:"), m_isTest, QString());
    m_rate = new QDoubleSpinBox(this);
    m_rate->setRange(0.5, Profile::MaxCallsPerSecond);
    m_rate->setDecimals(1);
    m_rate->setSuffix(tr(" calls/s"));
    m_rate->setToolTip(tr("ZEGO allows 20 calls per second for the whole AppId, your own servers "
                          "included: leave them room."));
    addRow(tr("&Call rate:"), m_rate, QStringLiteral("rate"));
    m_batch = new QSpinBox(this);
    m_batch->setRange(1, Profile::MaxBatchSize);
    addRow(tr("&Batch size:"), m_batch, QStringLiteral("batchSize"));
    m_notes = new QPlainTextEdit(this);
    m_notes->setMaximumHeight(70);
    addRow(tr("N&otes:"), m_notes, QString());
    right->addLayout(form);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    right->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(this);
    m_testButton = buttons->addButton(tr("&Test connection"), QDialogButtonBox::ActionRole);
    m_save = buttons->addButton(QDialogButtonBox::Save);
    buttons->addButton(QDialogButtonBox::Close);
    right->addWidget(buttons);
    outer->addLayout(right, 1);

    connect(m_list, &QListWidget::currentTextChanged, this, [this](const QString &name) {
        if (const auto p = m_store->find(name))
            load(*p);
    });
    connect(m_new, &QPushButton::clicked, this, &ProfileDialog::newProfile);
    connect(m_duplicate, &QPushButton::clicked, this, &ProfileDialog::duplicateProfile);
    connect(m_delete, &QPushButton::clicked, this, &ProfileDialog::deleteProfile);
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export profiles"),
                                                          QStringLiteral("cdnrec-profiles.json"),
                                                          tr("JSON (*.json)"));
        if (!path.isEmpty())
            exportTo(path);
    });
    connect(m_import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import profiles"), QString(),
                                                          tr("JSON (*.json);;All files (*)"));
        if (!path.isEmpty())
            importFrom(path);
    });
    connect(m_save, &QPushButton::clicked, this, &ProfileDialog::save);
    connect(m_testButton, &QPushButton::clicked, this, &ProfileDialog::testConnection);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reveal, &QToolButton::toggled, this, [this](bool on) {
        m_secret->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        m_reveal->setText(on ? tr("Hide") : tr("Show"));
    });
    connect(m_region, &QComboBox::currentIndexChanged, this, [this] {
        m_endpoint->setEnabled(m_region->currentData().toString() == QLatin1String(kCustom));
    });
    resize(820, 560);
}

void ProfileDialog::reloadList()
{
    const QString current = m_editing;
    m_list->blockSignals(true);
    m_list->clear();
    m_list->addItems(m_store->names());
    const auto found = m_list->findItems(current, Qt::MatchExactly);
    if (!found.isEmpty())
        m_list->setCurrentItem(found.front());
    m_list->blockSignals(false);
    m_duplicate->setEnabled(!m_editing.isEmpty());
    m_delete->setEnabled(!m_editing.isEmpty());
}

void ProfileDialog::selectProfile(const QString &name)
{
    const auto found = m_list->findItems(name, Qt::MatchExactly);
    if (!found.isEmpty())
        m_list->setCurrentItem(found.front());
}

void ProfileDialog::load(const Profile &p)
{
    m_editing = p.name;
    m_name->setText(p.name);
    m_appId->setText(p.appId ? QString::number(p.appId) : QString());
    const int regionIndex = m_region->findData(p.region.isEmpty() ? QLatin1String(kCustom) : p.region);
    m_region->setCurrentIndex(qMax(0, regionIndex));
    m_endpoint->setText(p.region.isEmpty() ? p.customEndpoint.toString() : QString());
    m_endpoint->setEnabled(p.region.isEmpty());
    m_isTest->setChecked(p.isTest);
    m_vendor->setCurrentIndex(m_vendor->findData(int(p.vendor)));
    m_rate->setValue(p.callsPerSecond);
    m_batch->setValue(p.batchSize);
    m_environment->setCurrentIndex(m_environment->findData(int(p.environment)));
    m_notes->setPlainText(p.notes);
    m_secret->clear();
    m_secret->setPlaceholderText(p.name.isEmpty() ? tr("required")
                                                  : tr("saved in the keyring; type to replace"));
    showErrors({});
    setStatus(QString());
    m_duplicate->setEnabled(!m_editing.isEmpty());
    m_delete->setEnabled(!m_editing.isEmpty());
}

Profile ProfileDialog::fromForm(QString *appIdError) const
{
    Profile p;
    p.name = m_name->text();
    const auto id = Profile::parseAppId(m_appId->text(), appIdError);
    p.appId = id.value_or(0);
    const QString region = m_region->currentData().toString();
    p.region = region == QLatin1String(kCustom) ? QString() : region;
    p.customEndpoint = QUrl(m_endpoint->text().trimmed(), QUrl::StrictMode);
    p.isTest = m_isTest->isChecked();
    p.vendor = Vendor(m_vendor->currentData().toInt());
    p.callsPerSecond = m_rate->value();
    p.batchSize = m_batch->value();
    p.environment = Profile::Environment(m_environment->currentData().toInt());
    p.notes = m_notes->toPlainText();
    return p;
}

void ProfileDialog::showErrors(const QList<Profile::FieldError> &errors)
{
    for (QLabel *l : std::as_const(m_errors)) {
        l->clear();
        l->hide();
    }
    for (const auto &e : errors) {
        if (QLabel *l = m_errors.value(e.field)) {
            if (l->text().isEmpty()) {
                l->setText(e.message);
                l->show();
            }
        }
    }
}

QString ProfileDialog::fieldError(const QString &field) const
{
    const QLabel *l = m_errors.value(field);
    return l && !l->isHidden() ? l->text() : QString();
}

void ProfileDialog::setStatus(const QString &text, bool problem)
{
    QPalette pal = m_status->palette();
    pal.setColor(QPalette::WindowText, problem ? QColor(0xc6, 0x28, 0x28) : palette().color(QPalette::WindowText));
    m_status->setPalette(pal);
    m_status->setText(text);
}

QString ProfileDialog::statusText() const
{
    return m_status->text();
}

void ProfileDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *w : {static_cast<QWidget *>(m_save), static_cast<QWidget *>(m_testButton),
                       static_cast<QWidget *>(m_delete), static_cast<QWidget *>(m_list)})
        w->setEnabled(!busy);
}

bool ProfileDialog::save()
{
    QString appIdError;
    const Profile p = fromForm(&appIdError);
    QList<Profile::FieldError> errors = p.validate();
    if (!appIdError.isEmpty()) {
        errors.removeIf([](const Profile::FieldError &e) { return e.field == QLatin1String("appId"); });
        errors.append({QStringLiteral("appId"), appIdError});
    }
    const QString secret = m_secret->text().trimmed();
    if (m_editing.isEmpty() && secret.isEmpty())
        errors.append({QStringLiteral("secret"), tr("The ServerSecret is required for a new profile.")});
    showErrors(errors);
    if (!errors.isEmpty()) {
        setStatus(tr("Nothing was saved: correct the fields marked in red."), true);
        return false;
    }
    const QString oldName = m_editing;
    const QString why = oldName.isEmpty() ? m_store->add(p) : m_store->update(oldName, p);
    if (!why.isEmpty()) {
        showErrors({{QStringLiteral("name"), why}});
        setStatus(tr("Nothing was saved: %1").arg(why), true);
        return false;
    }
    m_editing = p.name;
    reloadList();
    setStatus(tr("Profile “%1” saved.").arg(p.name));
    if (!oldName.isEmpty() && oldName != p.name) {
        setBusy(true);
        m_secrets->move(oldName, p.name, this, [this, secret, name = p.name](const SecretStore::Result &r) {
            setBusy(false);
            if (!r.ok())
                setStatus(tr("Renamed, but the secret did not move: %1").arg(r.message), true);
            if (!secret.isEmpty())
                storeSecret(name, secret);
        });
    } else if (!secret.isEmpty()) {
        storeSecret(p.name, secret);
    }
    m_secret->clear();
    m_secret->setPlaceholderText(tr("saved in the keyring; type to replace"));
    return true;
}

void ProfileDialog::storeSecret(const QString &name, const QString &secret)
{
    setBusy(true);
    m_secrets->write(name, secret, this, [this, name, secret](const SecretStore::Result &r) {
        setBusy(false);
        if (r.ok()) {
            setStatus(tr("Profile “%1” saved; its ServerSecret is in the keyring.").arg(name));
            return;
        }
        // No usable keyring: say so, and offer this session only. Never a file.
        const bool session = Prompt::confirm(
            this, tr("The keyring cannot keep the secret"),
            tr("%1\n\nUse the secret for this session only? It stays in memory until cdnrec "
               "quits and is never written to disk.").arg(r.message),
            tr("Use for this session"));
        if (session) {
            m_secrets->setSessionSecret(name, secret);
            setStatus(tr("Profile “%1” saved; its secret is kept for this session only.").arg(name), true);
        } else {
            setStatus(tr("Profile “%1” saved without a secret: %2").arg(name, r.message), true);
        }
    });
}

void ProfileDialog::newProfile()
{
    Profile blank;
    blank.name.clear();
    load(blank);
    m_editing.clear();
    m_list->clearSelection();
    m_duplicate->setEnabled(false);
    m_delete->setEnabled(false);
    m_name->setFocus();
}

void ProfileDialog::duplicateProfile()
{
    if (m_editing.isEmpty())
        return;
    const auto p = m_store->find(m_editing);
    if (!p)
        return;
    Profile copy = *p;
    copy.name = tr("%1 (copy)").arg(p->name);
    load(copy);
    m_editing.clear();
    m_list->clearSelection();
    setStatus(tr("A copy: give it a name and its own ServerSecret, then Save."));
    m_name->setFocus();
    m_name->selectAll();
}

void ProfileDialog::deleteProfile()
{
    const QString name = m_editing;
    if (name.isEmpty())
        return;
    if (!Prompt::confirm(this, tr("Delete profile"),
                         tr("Delete profile “%1” and its ServerSecret from the keyring?").arg(name),
                         tr("Delete"), true))
        return;
    if (const QString why = m_store->remove(name); !why.isEmpty()) {
        setStatus(why, true);
        return;
    }
    m_editing.clear();
    reloadList();
    setBusy(true);
    m_secrets->remove(name, this, [this, name](const SecretStore::Result &r) {
        setBusy(false);
        setStatus(r.ok() ? tr("Profile “%1” deleted.").arg(name)
                         : tr("Profile “%1” deleted; its secret may remain in the keyring: %2").arg(name, r.message),
                  !r.ok());
    });
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    else
        newProfile();
}

bool ProfileDialog::exportTo(const QString &path)
{
    QString error;
    if (!writeWholeFile(path, m_store->exportJson(), &error)) {
        setStatus(tr("Could not write %1: %2").arg(path, error), true);
        return false;
    }
    setStatus(tr("%n profile(s) exported to %1, without secrets.", nullptr, int(m_store->names().size())).arg(path));
    return true;
}

bool ProfileDialog::importFrom(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        setStatus(tr("Cannot read %1: %2").arg(path, f.errorString()), true);
        return false;
    }
    const auto r = m_store->importJson(f.read(1024 * 1024));
    if (!r.error.isEmpty()) {
        setStatus(r.error, true);
        return false;
    }
    reloadList();
    if (!r.added.isEmpty())
        selectProfile(r.added.front()); // before the message: loading a profile clears it
    QString text = tr("%n profile(s) imported; give each its ServerSecret, then Save.", nullptr, int(r.added.size()));
    if (!r.skipped.isEmpty())
        text += u'\n' + tr("Skipped: %1").arg(r.skipped.join(QStringLiteral("; ")));
    setStatus(text, !r.skipped.isEmpty());
    return r.skipped.isEmpty();
}

void ProfileDialog::testConnection()
{
    QString appIdError;
    const Profile p = fromForm(&appIdError);
    auto errors = p.validate();
    errors.removeIf([](const Profile::FieldError &e) { return e.field == QLatin1String("name"); });
    if (!appIdError.isEmpty())
        errors.append({QStringLiteral("appId"), appIdError});
    showErrors(errors);
    if (!errors.isEmpty())
        return;
    const QString typed = m_secret->text().trimmed();
    const auto run = [this, p](const QString &secret) {
        StopTarget t;
        t.endpoint = p.endpoint();
        t.appId = p.appId;
        t.secret = secret;
        t.isTest = p.isTest;
        t.vendor = p.vendor;
        StopOptions options;
        options.maxAttempts = 1;
        options.timeoutMs = 10000;
        // A stream that cannot exist: the answer says whether we were let in, and stops nothing.
        const QString probe = QStringLiteral("cdnrec-connection-test-") + Signer::shared().nextNonce();
        auto *job = new StopJob(t, {probe}, options, this);
        m_test = job;
        setBusy(true);
        setStatus(tr("Testing the connection to %1…").arg(t.endpoint.host()));
        connect(job, &StopJob::finished, this, [this, job] {
            setBusy(false);
            const StreamOutcome &o = job->outcome(0);
            if (!job->reachedEndpoint()) {
                setStatus(tr("Could not reach the endpoint: %1").arg(o.message), true);
            } else if (job->problemCode() && ReturnCodes::isCredentialOrConfig(job->problemCode())) {
                setStatus(tr("Rejected: %1").arg(job->problem()), true);
            } else if (o.codeIsZego && o.code.toLongLong() != 0
                       && ReturnCodes::lookup(o.code.toLongLong()).kind != CodeInfo::Kind::InputError) {
                setStatus(tr("The gateway answered with code %1: %2").arg(o.code, o.message), true);
            } else {
                setStatus(tr("Connected: the gateway accepted the AppId and the ServerSecret."));
            }
            job->deleteLater();
        });
        job->start();
    };
    if (!typed.isEmpty() || m_editing.isEmpty()) {
        run(typed);
        return;
    }
    setBusy(true);
    m_secrets->read(m_editing, this, [this, run](const SecretStore::Result &r) {
        setBusy(false);
        if (!r.ok()) {
            setStatus(tr("Type the ServerSecret to test: %1").arg(r.message), true);
            return;
        }
        run(r.secret);
    });
}

} // namespace cdnrec
