// SPDX-License-Identifier: GPL-3.0-or-later
#include "profiledialog.h"

#include "altletters.h"
#include "plaintext.h"
#include "prompt.h"
#include <app/run.h>
#include <engine/returncodes.h>
#include <engine/signer.h>
#include <model/endpoint.h>
#include <model/safefile.h>
#include <store/profilestore.h>
#include <store/secretstore.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QEvent>
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
const QColor kErrorColour(0xc6, 0x28, 0x28);
const QColor kErrorBase(0xfd, 0xec, 0xea); // a field with an error: a light red background
} // namespace

ProfileDialog::ProfileDialog(ProfileStore *store, SecretStore *secrets, QWidget *parent)
    : QDialog(parent), m_store(store), m_secrets(secrets)
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
    AltLetters::guard(this); // Alt+D on a disabled Delete typed "d" into the name
}

void ProfileDialog::buildUi()
{
    // Mnemonics: every letter once in this dialog (tests/keyring/test_console_profiles checks it,
    // in English and Chinese). Save and Close get explicit texts, so no platform theme adds a
    // clashing &S or &C.
    auto *outer = new QHBoxLayout(this);
    outer->addLayout(buildListColumn());

    auto *right = new QVBoxLayout;
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows); // a label stays beside its field
    addIdentityRows(form);
    addSecretRow(form);
    addEndpointRows(form);
    addPaceRows(form);
    m_notes = new QPlainTextEdit(this);
    m_notes->setTabChangesFocus(true); // Tab goes on to the buttons: notes need no tab stops
    m_notes->setMaximumHeight(70);
    addRow(form, tr("N&otes:"), m_notes, m_notes, QString());
    right->addLayout(form);
    right->addStretch(1); // spare height goes below the form, not between its rows

    m_status = plainLabel(new QLabel(this));
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setAccessibleName(tr("Status"));
    right->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(this);
    m_testButton = buttons->addButton(tr("&Test connection"), QDialogButtonBox::ActionRole);
    // Buttons of our own, not standard ones: a language change makes a button box give its
    // standard buttons the theme's texts again, which lost &S and &C.
    m_save = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    buttons->addButton(tr("&Close"), QDialogButtonBox::RejectRole);
    right->addWidget(buttons);
    outer->addLayout(right, 1);

    connectFormChecks();
    connectButtons(buttons);
    resize(820, 560);
}

QLayout *ProfileDialog::buildListColumn()
{
    auto *left = new QVBoxLayout;
    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Saved profiles"));
    m_list->setMinimumWidth(180);
    auto *listLabel = new QLabel(tr("Pro&files:"), this);
    listLabel->setBuddy(m_list);
    left->addWidget(listLabel);
    left->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    m_new = new QPushButton(tr("Ne&w"), this);
    m_duplicate = new QPushButton(tr("Du&plicate"), this);
    m_delete = new QPushButton(tr("&Delete"), this);
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_duplicate);
    listButtons->addWidget(m_delete);
    left->addLayout(listButtons);
    auto *fileButtons = new QHBoxLayout;
    m_export = new QPushButton(tr("E&xport…"), this);
    m_export->setToolTip(
        tr("Save the profiles as JSON, without their secrets, to hand a colleague"));
    m_import = new QPushButton(tr("&Import…"), this);
    fileButtons->addWidget(m_export);
    fileButtons->addWidget(m_import);
    left->addLayout(fileButtons);
    return left;
}

QLabel *ProfileDialog::errorLabel(const QString &field)
{
    auto *l = plainLabel(new QLabel(this));
    l->setObjectName(QStringLiteral("error_") + field);
    QPalette pal = l->palette();
    pal.setColor(QPalette::WindowText, kErrorColour);
    l->setPalette(pal);
    l->setWordWrap(true);
    l->hide();
    m_errors.insert(field, l);
    return l;
}

QLabel *ProfileDialog::addRow(QFormLayout *form, const QString &label, QWidget *row, QWidget *field,
                              const QString &errorField, const QString &hint)
{
    auto *box = new QVBoxLayout;
    box->setSpacing(2);
    auto *line = new QHBoxLayout;
    line->addWidget(row);
    if (!hint.isEmpty()) {
        auto *h = new QLabel(hint, this);
        h->setObjectName(QStringLiteral("hint_") + errorField);
        h->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        line->addWidget(h);
    }
    // The row spans the form's width even when its field does not (a combo box): the error
    // under it wraps at that width, not at the field's, and is not cut to one line's height.
    if (!hint.isEmpty() || !(row->sizePolicy().horizontalPolicy() & QSizePolicy::ExpandFlag))
        line->addStretch(1);
    box->addLayout(line);
    if (!errorField.isEmpty()) {
        box->addWidget(errorLabel(errorField));
        m_fields.insert(errorField, field);
    }
    // A real QLabel with a buddy, so the & gives Alt+key to the field.
    auto *text = new QLabel(label, this);
    text->setBuddy(field);
    form->addRow(text, box);
    if (field->accessibleName().isEmpty())
        field->setAccessibleName(QString(label).remove(u'&').remove(u':').remove(u'：').trimmed());
    return text;
}

void ProfileDialog::addIdentityRows(QFormLayout *form)
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("name"));
    addRow(form, tr("&Name:"), m_name, m_name, QStringLiteral("name"));
    m_environment = new QComboBox(this);
    m_environment->setObjectName(QStringLiteral("environment"));
    // No default: a new profile's environment is chosen, never assumed (see newProfile()).
    m_environment->setPlaceholderText(tr("Choose…"));
    for (auto e : {Profile::Environment::Production, Profile::Environment::Staging,
                   Profile::Environment::Test, Profile::Environment::Practice})
        m_environment->addItem(Profile::environmentDisplayName(e), int(e));
    m_environment->setItemData(m_environment->findData(int(Profile::Environment::Practice)),
                               tr("Only for the simulator on this computer"), Qt::ToolTipRole);
    addRow(form, tr("&Environment:"), m_environment, m_environment, QStringLiteral("environment"));
    m_appId = new QLineEdit(this);
    m_appId->setObjectName(QStringLiteral("appId"));
    m_appId->setPlaceholderText(tr("from the ZEGO console, e.g. 1234567890"));
    addRow(form, tr("&AppId:"), m_appId, m_appId, QStringLiteral("appId"));
}

void ProfileDialog::addSecretRow(QFormLayout *form)
{
    auto *secretRow = new QWidget(this);
    auto *secretLayout = new QHBoxLayout(secretRow);
    secretLayout->setContentsMargins(0, 0, 0, 0);
    m_secret = new QLineEdit(secretRow);
    m_secret->setObjectName(QStringLiteral("secret"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setAccessibleName(tr("ServerSecret"));
    m_reveal = new QToolButton(secretRow);
    m_reveal->setText(tr("S&how"));
    m_reveal->setCheckable(true);
    m_reveal->setAccessibleName(tr("Show the secret"));
    secretLayout->addWidget(m_secret, 1);
    secretLayout->addWidget(m_reveal);
    secretRow->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    secretRow->setFocusProxy(m_secret);
    addRow(form, tr("ServerSec&ret:"), secretRow, m_secret, QStringLiteral("secret"));
}

void ProfileDialog::addEndpointRows(QFormLayout *form)
{
    m_region = new QComboBox(this);
    m_region->setObjectName(QStringLiteral("region"));
    for (const Endpoint::Region &r : Endpoint::regions())
        m_region->addItem(
            QStringLiteral("%1 — %2").arg(Endpoint::tr(r.name), QLatin1String(r.host)),
            QLatin1String(r.key));
    m_region->addItem(tr("Custom endpoint…"), QLatin1String(kCustom));
    addRow(form, tr("Re&gion:"), m_region, m_region, QStringLiteral("region"));
    m_endpoint = new QLineEdit(this);
    m_endpoint->setObjectName(QStringLiteral("endpoint"));
    m_endpoint->setPlaceholderText(QStringLiteral("https://…"));
    m_endpointLabel =
        addRow(form, tr("Endpoint &URL:"), m_endpoint, m_endpoint, QStringLiteral("endpoint"));
    m_endpointLabel->installEventFilter(this);
    m_endpoint->installEventFilter(this);
    m_vendor = new QComboBox(this);
    for (Vendor v : {Vendor::Tencent, Vendor::Ws, Vendor::Huawei})
        m_vendor->addItem(vendorDisplayName(v), int(v));
    addRow(form, tr("Default &vendor:"), m_vendor, m_vendor, QString());
    m_isTest = new QCheckBox(
        tr("Send IsTest=true (only pro&jects created on or before 2021-11-16)"), this);
    m_isTest->setAccessibleName(tr("Send IsTest=true"));
    addRow(form, tr("IsTest switch:"), m_isTest, m_isTest, QString());
}

void ProfileDialog::addPaceRows(QFormLayout *form)
{
    m_rate = new QDoubleSpinBox(this);
    m_rate->setObjectName(QStringLiteral("rate"));
    // Wider than allowed on purpose: what is typed stays visible (a spin box capped at 20 eats
    // the '0' of "50" and shows 5.0), and Save refuses it with the reason under the field.
    m_rate->setRange(0, 1000);
    m_rate->setDecimals(1);
    m_rate->setSuffix(tr(" calls/s"));
    m_rate->setToolTip(tr("ZEGO allows 20 calls per second for the whole AppId, your own servers "
                          "included: leave them room."));
    addRow(form, tr("Ca&ll rate:"), m_rate, m_rate, QStringLiteral("rate"),
           tr("0.1 to %1 calls/s").arg(Profile::MaxCallsPerSecond));
    m_batch = new QSpinBox(this);
    m_batch->setObjectName(QStringLiteral("batchSize"));
    m_batch->setRange(0, 100000);
    addRow(form, tr("&Batch size:"), m_batch, m_batch, QStringLiteral("batchSize"),
           tr("1 to %1 streams per call").arg(Profile::MaxBatchSize));
}

void ProfileDialog::connectFormChecks()
{
    // A field's mark and message go as soon as what it holds is right.
    connect(m_name, &QLineEdit::textEdited, this, [this] { recheck(QStringLiteral("name")); });
    connect(m_appId, &QLineEdit::textEdited, this, [this] { recheck(QStringLiteral("appId")); });
    connect(m_secret, &QLineEdit::textEdited, this, [this] { recheck(QStringLiteral("secret")); });
    connect(m_endpoint, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_typedEndpoint = text;
        recheck(QStringLiteral("endpoint"));
        recheck(QStringLiteral("environment"));
    });
    connect(m_region, &QComboBox::activated, this, [this] {
        recheck(QStringLiteral("region"));
        recheck(QStringLiteral("endpoint"));
        recheck(QStringLiteral("environment"));
    });
    // PRACTICE on a profile of ZEGO's hosts: said at once, with why.
    connect(m_environment, &QComboBox::activated, this,
            [this] { recheck(QStringLiteral("environment"), true); });
    // Out of range says so at once, not only at Save.
    connect(m_rate, &QDoubleSpinBox::valueChanged, this,
            [this] { recheck(QStringLiteral("rate"), true); });
    connect(m_batch, &QSpinBox::valueChanged, this,
            [this] { recheck(QStringLiteral("batchSize"), true); });
}

void ProfileDialog::connectButtons(QDialogButtonBox *buttons)
{
    connect(m_list, &QListWidget::currentTextChanged, this, [this](const QString &name) {
        if (const auto p = m_store->find(name))
            load(*p);
    });
    connect(m_list, &QListWidget::itemSelectionChanged, this, [this] {
        const auto chosen = m_list->selectedItems();
        if (chosen.isEmpty() || chosen.front()->text() == m_editing)
            return;
        if (const auto p = m_store->find(chosen.front()->text()))
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
        m_reveal->setText(on ? tr("&Hide") : tr("S&how"));
    });
    connect(m_region, &QComboBox::currentIndexChanged, this, &ProfileDialog::endpointFollowsRegion);
    connect(m_store, &ProfileStore::changed, this, &ProfileDialog::reloadList);
}

void ProfileDialog::endpointFollowsRegion()
{
    const QString region = m_region->currentData().toString();
    const bool custom = region == QLatin1String(kCustom);
    m_endpoint->setEnabled(custom);
    if (custom) {
        m_endpoint->setText(m_typedEndpoint); // what was typed for it, if anything
        m_endpoint->setToolTip(QString());
        m_endpoint->setAccessibleDescription(QString());
        return;
    }
    Profile p;
    p.region = region;
    // Greyed, it shows where the region's calls go (never a URL typed before, which they would
    // not go to); a click or Alt+U makes it a custom endpoint again, with that URL.
    m_endpoint->setText(p.endpoint().toString());
    const QString why = tr("Set by the region. To type an endpoint of your own, choose "
                           "“Custom endpoint…” as the region (or click here).");
    m_endpoint->setToolTip(why);
    m_endpoint->setAccessibleDescription(why);
}

void ProfileDialog::useCustomEndpoint()
{
    m_region->setCurrentIndex(m_region->findData(QLatin1String(kCustom)));
    recheck(QStringLiteral("region"));
    recheck(QStringLiteral("environment"));
    setStatus(tr("Region set to “Custom endpoint…”: type the endpoint URL, or choose a region "
                 "again to use ZEGO's."));
}

bool ProfileDialog::eventFilter(QObject *watched, QEvent *event)
{
    // A disabled field takes no focus: without this, Alt+U and a click left the focus where it
    // was (the masked secret), and the URL typed next went into the secret.
    if (!m_endpoint->isEnabled()) {
        if (watched == m_endpointLabel && event->type() == QEvent::Shortcut) {
            useCustomEndpoint(); // then the label gives its buddy, now enabled, the focus
        } else if (watched == m_endpoint && event->type() == QEvent::MouseButtonPress) {
            useCustomEndpoint();
            m_endpoint->setFocus(Qt::MouseFocusReason);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void ProfileDialog::updateButtons()
{
    const bool saved = !m_editing.isEmpty() && !m_busy;
    m_duplicate->setEnabled(saved);
    m_delete->setEnabled(saved);
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
    updateButtons();
}

void ProfileDialog::forgetListChoice()
{
    // Nothing selected, but the current row stays: with none, the list would make its first row
    // current when Tab passes through it, and load that profile over the form being typed.
    // Choosing the profile shown before selects it again, which loads it (connectButtons).
    const QSignalBlocker quiet(m_list);
    m_list->clearSelection();
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
    const int regionIndex =
        m_region->findData(p.region.isEmpty() ? QLatin1String(kCustom) : p.region);
    m_region->setCurrentIndex(qMax(0, regionIndex));
    m_typedEndpoint = p.region.isEmpty() ? p.customEndpoint.toString() : QString();
    endpointFollowsRegion();
    m_isTest->setChecked(p.isTest);
    m_vendor->setCurrentIndex(m_vendor->findData(int(p.vendor)));
    m_rate->setValue(p.callsPerSecond);
    m_batch->setValue(p.batchSize);
    m_environment->setCurrentIndex(m_environment->findData(int(p.environment)));
    m_notes->setPlainText(p.notes);
    m_secret->clear();
    showErrors({});
    setStatus(QString());
    showSecretPlace();
    updateButtons();
    m_loadedSnapshot = formSnapshot();
}

QStringList ProfileDialog::formSnapshot() const
{
    return {m_name->text(),
            m_appId->text(),
            m_region->currentData().toString(),
            m_endpoint->text(),
            QString::number(m_isTest->isChecked()),
            m_vendor->currentData().toString(),
            QString::number(m_rate->value()),
            QString::number(m_batch->value()),
            m_environment->currentData().toString(),
            m_notes->toPlainText(),
            QString::number(!m_secret->text().isEmpty())};
}

void ProfileDialog::reject()
{
    if (formSnapshot() != m_loadedSnapshot) {
        const QString name = m_name->text().trimmed();
        if (!Prompt::confirm(this, tr("Profiles"),
                             name.isEmpty()
                                 ? tr("Close without saving the new profile?")
                                 : tr("Close without saving the changes to “%1”?").arg(name),
                             tr("&Discard changes"), true))
            return;
    }
    QDialog::reject();
}

void ProfileDialog::showSecretPlace()
{
    if (m_editing.isEmpty()) {
        m_secret->setPlaceholderText(tr("required"));
        return;
    }
    m_secret->setPlaceholderText(m_secrets->placeholderText(m_editing));
    if (m_secrets->where(m_editing) == SecretStore::Where::Unknown) {
        // First look at this profile in this process: ask the keyring, then say what it said.
        m_secrets->refresh(m_editing, this, [this, name = m_editing] {
            if (name == m_editing)
                m_secret->setPlaceholderText(m_secrets->placeholderText(name));
        });
    }
}

QList<Profile::FieldError> ProfileDialog::formErrors(Profile *out) const
{
    Profile p;
    p.name = m_name->text();
    QString appIdError;
    const auto id = Profile::parseAppId(m_appId->text(), &appIdError);
    p.appId = id.value_or(0);
    const QString region = m_region->currentData().toString();
    p.region = region == QLatin1String(kCustom) ? QString() : region;
    p.customEndpoint = QUrl(m_endpoint->text().trimmed(), QUrl::StrictMode);
    p.isTest = m_isTest->isChecked();
    p.vendor = Vendor(m_vendor->currentData().toInt());
    p.callsPerSecond = m_rate->value();
    p.batchSize = m_batch->value();
    const bool chosen = m_environment->currentIndex() >= 0;
    if (chosen)
        p.environment = Profile::Environment(m_environment->currentData().toInt());
    p.notes = m_notes->toPlainText();

    QList<Profile::FieldError> errors = p.validate();
    if (!appIdError.isEmpty()) {
        errors.removeIf(
            [](const Profile::FieldError &e) { return e.field == QLatin1String("appId"); });
        errors.append({QStringLiteral("appId"), appIdError});
    }
    if (!chosen)
        errors.append({QStringLiteral("environment"),
                       tr("Choose the environment whose recordings this profile stops.")});
    else if (const QString why = ProfileStore::environmentProblem(p); !why.isEmpty())
        errors.append({QStringLiteral("environment"), why});
    if (m_editing.isEmpty() && m_secret->text().trimmed().isEmpty())
        errors.append(
            {QStringLiteral("secret"), tr("The ServerSecret is required for a new profile.")});
    if (out)
        *out = p;
    return errors;
}

void ProfileDialog::markField(const QString &field, const QString &message)
{
    QLabel *l = m_errors.value(field);
    QWidget *w = m_fields.value(field);
    if (!l || !w)
        return;
    const bool wrong = !message.isEmpty();
    l->setText(message);
    l->setVisible(wrong);
    // Colour is not the only sign: the message is under the field, and a screen reader hears it
    // as the field's description.
    w->setProperty("fieldError", wrong);
    w->setAccessibleDescription(message);
    if (!wrong) {
        w->setPalette(QPalette()); // the style's own, disabled look included
        return;
    }
    // Only the enabled looks: a disabled field keeps looking disabled.
    QPalette pal = w->palette();
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive})
        pal.setColor(group, QPalette::Base, kErrorBase);
    w->setPalette(pal);
}

void ProfileDialog::showErrors(const QList<Profile::FieldError> &errors)
{
    QHash<QString, QString> first;
    for (const auto &e : errors) {
        if (!first.contains(e.field))
            first.insert(e.field, e.message);
    }
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        markField(it.key(), first.value(it.key()));
}

void ProfileDialog::recheck(const QString &field, bool showNew)
{
    if (fieldError(field).isEmpty() && !showNew)
        return; // nothing shown for it: typing does not nag
    QString message;
    for (const auto &e : formErrors(nullptr)) {
        if (e.field == field) {
            message = e.message;
            break;
        }
    }
    markField(field, message);
    if (m_statusCountsErrors) { // the count under "Nothing was saved" follows the fixes
        int left = 0;
        for (const QLabel *l : std::as_const(m_errors))
            left += l->isHidden() ? 0 : 1;
        setStatus(left > 0 ? tr("Nothing was saved: correct the %n field(s) marked in red.",
                                nullptr, left)
                           : tr("Nothing was saved yet: Save to keep the changes."),
                  left > 0);
        m_statusCountsErrors = left > 0;
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
    pal.setColor(QPalette::WindowText,
                 problem ? kErrorColour : palette().color(QPalette::WindowText));
    m_status->setPalette(pal);
    m_status->setText(text);
    m_statusCountsErrors = false;
}

QString ProfileDialog::statusText() const
{
    return m_status->text();
}

void ProfileDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *w : {static_cast<QWidget *>(m_save), static_cast<QWidget *>(m_testButton),
                       static_cast<QWidget *>(m_list)})
        w->setEnabled(!busy);
    updateButtons();
}

bool ProfileDialog::save()
{
    Profile p;
    const QList<Profile::FieldError> errors = formErrors(&p);
    showErrors(errors);
    if (!errors.isEmpty()) {
        setStatus(tr("Nothing was saved: correct the %n field(s) marked in red.", nullptr,
                     int(errors.size())),
                  true);
        m_statusCountsErrors = true;
        if (QWidget *w = m_fields.value(errors.front().field))
            w->setFocus();
        return false;
    }
    const QString secret = m_secret->text().trimmed();
    const QString oldName = m_editing;
    const QString why = oldName.isEmpty() ? m_store->add(p) : m_store->update(oldName, p);
    if (!why.isEmpty()) {
        showErrors({{QStringLiteral("name"), why}});
        setStatus(tr("Nothing was saved: %1").arg(why), true);
        return false;
    }
    m_editing = p.name;
    reloadList();
    m_secret->clear();
    m_loadedSnapshot = formSnapshot(); // saved: closing now loses nothing
    // Saved: no word of the refusal before stays while the secret goes to the keyring.
    setStatus(tr("Profile “%1” saved.").arg(p.name));
    if (!oldName.isEmpty() && oldName != p.name) {
        setBusy(true);
        m_secret->setPlaceholderText(tr("moving the secret…"));
        m_secrets->move(
            oldName, p.name, this, [this, secret, name = p.name](const SecretStore::Result &r) {
                setBusy(false);
                if (!secret.isEmpty()) {
                    storeSecret(name, secret);
                    return;
                }
                showSecretPlace();
                if (r.ok())
                    savedStatus(name);
                else
                    setStatus(tr("Renamed, but the secret did not move: %1").arg(r.message), true);
            });
    } else if (!secret.isEmpty()) {
        storeSecret(p.name, secret);
    } else {
        showSecretPlace();
        savedStatus(p.name);
    }
    return true;
}

void ProfileDialog::savedStatus(const QString &name)
{
    // The status line, the secret field and Test connection all read SecretStore::where().
    const SecretStore::Where where = m_secrets->where(name);
    const bool problem =
        where == SecretStore::Where::None || where == SecretStore::Where::SessionOnly;
    setStatus(tr("Profile “%1” saved.").arg(name) + u' ' + m_secrets->whereText(name), problem);
}

void ProfileDialog::storeSecret(const QString &name, const QString &secret)
{
    setBusy(true);
    m_secret->setPlaceholderText(tr("saving to the keyring…"));
    m_secrets->write(name, secret, this, [this, name, secret](const SecretStore::Result &r) {
        setBusy(false);
        if (!r.ok()) {
            // No usable keyring: say so once, plainly, and offer this session only. Never a file.
            const bool session = Prompt::confirm(
                this, tr("The keyring cannot keep the secret"),
                r.message + u"\n\n" +
                    tr("Keep the secret for this session only? It stays in memory until cdnrec "
                       "quits and is never written to disk."),
                tr("Use for this session"));
            if (session)
                m_secrets->setSessionSecret(name, secret);
            else // an older one for this session is not the one just typed: none is kept
                m_secrets->forgetSessionSecret(name);
        }
        if (name == m_editing)
            showSecretPlace();
        if (m_secrets->where(name) == SecretStore::Where::None)
            setStatus(tr("Profile “%1” saved without a secret.").arg(name) + u' ' +
                          m_secrets->whereText(name),
                      true);
        else
            savedStatus(name);
    });
}

void ProfileDialog::newProfile()
{
    Profile blank;
    blank.name.clear();
    load(blank);
    m_editing.clear();
    // No environment is assumed: PRODUCTION by default would cry wolf on every test profile,
    // and TEST by default would label a forgotten production profile harmless. The operator
    // picks one; Save refuses until then.
    m_environment->setCurrentIndex(-1);
    forgetListChoice();
    updateButtons();
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
    updateButtons();
    forgetListChoice();
    setStatus(tr("A copy: give it a name and its own ServerSecret, then Save."));
    m_name->setFocus();
    m_name->selectAll();
}

void ProfileDialog::deleteProfile()
{
    const QString name = m_editing;
    if (name.isEmpty())
        return;
    const QString question =
        m_secrets->where(name) == SecretStore::Where::SessionOnly
            ? tr("Delete profile “%1” and its ServerSecret, kept for this session only?").arg(name)
            : tr("Delete profile “%1” and its ServerSecret, saved in %2?")
                  .arg(name, SecretStore::keyringPlace());
    if (!Prompt::confirm(this, tr("Delete profile"), question, tr("Delete"), true))
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
        setStatus(r.ok() ? tr("Profile “%1” deleted, and its ServerSecret with it: none is left "
                              "in %2.")
                               .arg(name, SecretStore::keyringPlace())
                         : tr("Profile “%1” deleted; its ServerSecret may remain in %2: %3")
                               .arg(name, SecretStore::keyringPlace(), r.message),
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
    setStatus(
        tr("%n profile(s) exported to %1, without secrets.", nullptr, int(m_store->names().size()))
            .arg(path));
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
    QString text = tr("%n profile(s) imported; give each its ServerSecret, then Save.", nullptr,
                      int(r.added.size()));
    if (!r.skipped.isEmpty())
        text += u'\n' + tr("Skipped: %1").arg(r.skipped.join(QStringLiteral("; ")));
    setStatus(text, !r.skipped.isEmpty());
    return r.skipped.isEmpty();
}

void ProfileDialog::testConnection()
{
    Profile p;
    auto errors = formErrors(&p);
    // Only what the call needs: a name, an environment or a new profile's secret may come later.
    errors.removeIf([](const Profile::FieldError &e) {
        return e.field == QLatin1String("name") || e.field == QLatin1String("environment") ||
               e.field == QLatin1String("secret");
    });
    showErrors(errors);
    if (!errors.isEmpty()) {
        setStatus(
            tr("Not tested: correct the %n field(s) marked in red.", nullptr, int(errors.size())),
            true);
        return;
    }
    const QString typed = m_secret->text().trimmed();
    const auto run = [this, p](const QString &secret) {
        // The same Run as a stop, not recorded: a stream that cannot exist, so the answer says
        // whether we were let in and stops nothing.
        RunPlan plan;
        plan.target = Run::targetFor(p);
        plan.options.maxAttempts = 1;
        plan.options.timeoutMs = 10000;
        plan.label = Run::labelFor(p);
        plan.record = false;
        plan.items.append(StreamIds::Item{QStringLiteral("cdnrec-connection-test-") +
                                              Signer::shared().nextNonce(),
                                          StreamIds::Verdict::Ok, QString(), 0});
        auto *test = new Run(plan, this);
        test->setSecret(secret);
        if (!test->prepare()) {
            setStatus(tr("Not tested: %1").arg(test->problem()), true);
            test->deleteLater();
            return;
        }
        setBusy(true);
        setStatus(tr("Testing the connection to %1…").arg(plan.target.endpoint.host()));
        connect(test, &Run::finished, this, [this, test] {
            setBusy(false);
            const StreamOutcome o = test->reportRows().value(0);
            if (test->verdict() == Run::Verdict::Unreachable) {
                setStatus(tr("Could not reach the endpoint: %1").arg(o.message), true);
            } else if (test->verdict() == Run::Verdict::CredentialsRefused) {
                setStatus(tr("Rejected: %1").arg(test->problem()), true);
            } else if (!test->problem().isEmpty()) {
                setStatus(test->problem(), true);
            } else if (o.codeIsZego && o.code.toLongLong() != 0 &&
                       ReturnCodes::lookup(o.code.toLongLong()).kind !=
                           CodeInfo::Kind::InputError) {
                setStatus(tr("The gateway answered with code %1: %2").arg(o.code, o.message), true);
            } else {
                setStatus(tr("Connected: the gateway accepted the AppId and the ServerSecret."));
            }
            test->deleteLater();
        });
        test->start();
    };
    if (!typed.isEmpty()) {
        run(typed);
        return;
    }
    const auto askToType = [this](const QString &why) {
        markField(QStringLiteral("secret"), tr("Type the ServerSecret to test the connection."));
        m_secret->setFocus();
        setStatus(tr("Not tested: %1").arg(why), true);
    };
    if (m_editing.isEmpty() || m_secrets->where(m_editing) == SecretStore::Where::None) {
        askToType(m_editing.isEmpty() ? tr("a new profile has no ServerSecret yet.")
                                      : m_secrets->whereText(m_editing));
        return;
    }
    setBusy(true);
    m_secrets->read(m_editing, this,
                    [this, run, askToType, name = m_editing](const SecretStore::Result &r) {
                        setBusy(false);
                        if (name == m_editing)
                            showSecretPlace();
                        if (!r.ok()) {
                            askToType(m_secrets->whereText(name));
                            return;
                        }
                        run(r.secret);
                    });
}

} // namespace cdnrec
