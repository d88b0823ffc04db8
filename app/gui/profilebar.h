// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <model/profile.h>
#include <model/vendor.h>

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;

namespace cdnrec {

class ProfileStore;

// Who and where, at the top of the window: the credential profile, its environment as a
// coloured badge (production is red), and the vendor. A stray keystroke or a scroll over the
// closed box never switches the profile: typing does not search it, and the arrow keys and the
// wheel open the list instead of stepping through it.
class ProfileBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileBar)
public:
    ProfileBar(ProfileStore *profiles, QWidget *parent = nullptr);

    // "" for the built-in Practice profile, else a saved profile's name.
    QString currentProfile() const;
    std::optional<Profile> profile() const; // nothing for Practice
    bool selectProfile(const QString &name);
    // How the built-in Practice profile is named.
    static QString practiceText();
    Vendor vendor() const;
    void setVendor(Vendor vendor);
    QString badgeText() const;
    QComboBox *profileBox() const { return m_profile; }
    QComboBox *vendorBox() const { return m_vendor; }
    void reload();
    void retranslate();

Q_SIGNALS:
    void profileChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onProfileChanged();

    ProfileStore *m_profiles;
    QLabel *m_profileLabel;
    QComboBox *m_profile;
    QLabel *m_badge;
    QLabel *m_vendorLabel;
    QComboBox *m_vendor;
};

} // namespace cdnrec
