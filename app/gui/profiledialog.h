// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/profile.h>

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLayout;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace cdnrec {

class ProfileStore;
class SecretStore;

// Create, edit, duplicate and delete profiles; the secret goes to the keyring (or, when there is
// none, to this session's memory if the operator agrees). "Test connection" sends one signed call
// for a stream that cannot exist and reads only whether the credentials were accepted.
class ProfileDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileDialog)
public:
    ProfileDialog(ProfileStore *store, SecretStore *secrets, QWidget *parent = nullptr);

    void selectProfile(const QString &name);
    // For tests: the form's widgets, as a person would use them.
    QListWidget *profileList() const { return m_list; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *duplicateButton() const { return m_duplicate; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *appIdEdit() const { return m_appId; }
    QComboBox *regionBox() const { return m_region; }
    QLineEdit *endpointEdit() const { return m_endpoint; }
    QLineEdit *secretEdit() const { return m_secret; }
    QComboBox *vendorBox() const { return m_vendor; }
    QComboBox *environmentBox() const { return m_environment; }
    QDoubleSpinBox *rateBox() const { return m_rate; }
    QSpinBox *batchBox() const { return m_batch; }
    QString fieldError(const QString &field) const;
    QString statusText() const;
    bool isBusy() const { return m_busy; }

    bool save(); // false when a field is wrong (nothing saved) or the keyring refused
    void newProfile();
    void duplicateProfile();
    void deleteProfile();
    void testConnection();
    // A set-up to hand a colleague: the profiles as JSON, never their secrets.
    bool exportTo(const QString &path);
    bool importFrom(const QString &path);

    // Esc and Close: with changes not saved, asks first (Keep editing is the default).
    void reject() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    QLayout *buildListColumn();
    // A row of the form: its label, the row's widget, the field that takes focus and shows the
    // mark, its error key (none: a field that is never wrong), and an optional hint beside the
    // field (a range).
    QLabel *addRow(QFormLayout *form, const QString &label, QWidget *row, QWidget *field,
                   const QString &errorField, const QString &hint = QString());
    QLabel *errorLabel(const QString &field); // hidden until the field is wrong
    void addIdentityRows(QFormLayout *form);  // name, environment, AppId
    void addSecretRow(QFormLayout *form);
    void addEndpointRows(QFormLayout *form); // region, endpoint, vendor, IsTest
    void addPaceRows(QFormLayout *form);     // call rate, batch size
    void connectFormChecks();
    // The endpoint field follows the region: typed only with "Custom endpoint…", else disabled
    // and showing the region's URL.
    void endpointFollowsRegion();
    // Alt+U or a click on the disabled endpoint field: the operator means to type a URL, so the
    // region becomes "Custom endpoint…" and the field takes the focus (never left elsewhere,
    // where the URL would be typed into another field).
    void useCustomEndpoint();
    void updateButtons(); // Duplicate and Delete: only for a saved profile, and not while busy
    void connectButtons(QDialogButtonBox *buttons);
    void reloadList();
    void forgetListChoice(); // a new or copied profile in the form: none of the list
    void load(const Profile &p);
    // Everything wrong with the form (the profile's own rules, the AppId's text, the environment
    // and a new profile's secret); the profile it describes in *out.
    QList<Profile::FieldError> formErrors(Profile *out) const;
    void showErrors(const QList<Profile::FieldError> &errors);
    void markField(const QString &field, const QString &message);
    // After an edit: clears the field's error once it is right (or, with showNew, shows a new one).
    void recheck(const QString &field, bool showNew = false);
    void showSecretPlace();
    void savedStatus(const QString &name);
    void setStatus(const QString &text, bool problem = false);
    void setBusy(bool busy);
    void storeSecret(const QString &name, const QString &secret);

    ProfileStore *m_store;
    SecretStore *m_secrets;
    QString m_editing; // the saved name of the profile in the form; empty for a new one
    // What the form held when it was loaded or saved: the form differs from it, something
    // typed would be lost by closing.
    QStringList formSnapshot() const;
    QStringList m_loadedSnapshot;
    bool m_busy = false;
    bool m_statusCountsErrors = false; // the status line says "Nothing was saved: correct…"

    QListWidget *m_list = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_appId = nullptr;
    QComboBox *m_region = nullptr;
    QLineEdit *m_endpoint = nullptr;
    QLabel *m_endpointLabel = nullptr;
    QString m_typedEndpoint; // the custom endpoint typed or loaded, kept while a region is chosen
    QCheckBox *m_isTest = nullptr;
    QComboBox *m_vendor = nullptr;
    QDoubleSpinBox *m_rate = nullptr;
    QSpinBox *m_batch = nullptr;
    QComboBox *m_environment = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QLineEdit *m_secret = nullptr;
    QToolButton *m_reveal = nullptr;
    QLabel *m_status = nullptr;
    QHash<QString, QLabel *> m_errors;
    QHash<QString, QWidget *> m_fields; // the widget each error marks
    QPushButton *m_new = nullptr;
    QPushButton *m_duplicate = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_testButton = nullptr;
};

} // namespace cdnrec
