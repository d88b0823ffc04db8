// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilebar.h"

#include "plaintext.h"
#include <store/profilestore.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>

namespace cdnrec {

namespace {
const QString kPractice = QStringLiteral("practice");
}

ProfileBar::ProfileBar(ProfileStore *profiles, QWidget *parent)
    : QWidget(parent), m_profiles(profiles), m_profileLabel(new QLabel(this)),
      m_profile(new QComboBox(this)), m_badge(new QLabel(this)), m_vendorLabel(new QLabel(this)),
      m_vendor(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_profile->setObjectName(QStringLiteral("profile"));
    m_profile->setMinimumContentsLength(18);
    m_profile->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    // A long profile name does not widen the window: the box grows to about 40 characters, its
    // list and tool tip show the name whole.
    m_profile->setMaximumWidth(m_profile->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 44);
    m_profileLabel->setBuddy(m_profile);
    plainLabel(m_badge)->setObjectName(QStringLiteral("profileBadge"));
    // Palettes, not style sheets: a style sheet builds a QStyleSheetStyle at start-up.
    m_badge->setAutoFillBackground(true);
    m_badge->setMargin(4);
    QFont badgeFont = m_badge->font();
    badgeFont.setBold(true);
    m_badge->setFont(badgeFont);
    m_vendor->setObjectName(QStringLiteral("vendor"));
    m_vendorLabel->setBuddy(m_vendor);
    for (Vendor v : {Vendor::Tencent, Vendor::Ws, Vendor::Huawei})
        m_vendor->addItem(QString(), int(v));
    for (QComboBox *box : {m_profile, m_vendor}) {
        box->installEventFilter(this);
        box->setFocusPolicy(Qt::StrongFocus); // no focus, and no change, from the wheel
    }
    layout->addWidget(m_profileLabel);
    layout->addWidget(m_profile);
    layout->addWidget(m_badge);
    layout->addSpacing(16);
    layout->addWidget(m_vendorLabel);
    layout->addWidget(m_vendor);
    connect(m_profile, &QComboBox::currentIndexChanged, this, &ProfileBar::onProfileChanged);
    retranslate();
}

bool ProfileBar::eventFilter(QObject *watched, QEvent *event)
{
    auto *box = qobject_cast<QComboBox *>(watched);
    if (!box)
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::Wheel)
        return true; // scrolling past the box must not change who the calls go to
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
        case Qt::Key_Home:
        case Qt::Key_End:
            // Choosing happens in the open list, where the choice can be seen first.
            if (!(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
                box->showPopup();
                return true;
            }
            break;
        default:
            // Keyboard search: typing "abc" switched Practice to a production profile.
            if (!key->text().isEmpty() && key->text().at(0).isPrint() &&
                !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier)))
                return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ProfileBar::retranslate()
{
    m_profileLabel->setText(tr("&Profile:"));
    m_profile->setAccessibleName(tr("Credential profile"));
    m_vendorLabel->setText(tr("Ven&dor:"));
    m_vendor->setAccessibleName(tr("CDN vendor"));
    for (int i = 0; i < m_vendor->count(); ++i)
        m_vendor->setItemText(i, vendorDisplayName(Vendor(m_vendor->itemData(i).toInt())));
    reload();
}

QString ProfileBar::currentProfile() const
{
    const QString key = m_profile->currentData().toString();
    return key == kPractice ? QString() : key;
}

std::optional<Profile> ProfileBar::profile() const
{
    const QString name = currentProfile();
    return name.isEmpty() ? std::nullopt : m_profiles->find(name);
}

bool ProfileBar::selectProfile(const QString &name)
{
    const int i = m_profile->findData(name.isEmpty() ? kPractice : name);
    if (i < 0)
        return false;
    m_profile->setCurrentIndex(i);
    return true;
}

Vendor ProfileBar::vendor() const
{
    return Vendor(m_vendor->currentData().toInt());
}

void ProfileBar::setVendor(Vendor vendor)
{
    m_vendor->setCurrentIndex(m_vendor->findData(int(vendor)));
}

QString ProfileBar::practiceText()
{
    return tr("Practice (simulator on this computer)");
}

QString ProfileBar::badgeText() const
{
    return m_badge->text();
}

void ProfileBar::reload()
{
    const QString current = m_profile->count() ? m_profile->currentData().toString() : QString();
    {
        const QSignalBlocker block(m_profile);
        m_profile->clear();
        m_profile->addItem(practiceText(), kPractice);
        for (const Profile &p : m_profiles->profiles()) {
            const QString text = tr("%1 — AppId %2").arg(p.name).arg(p.appId);
            m_profile->addItem(text, p.name);
            m_profile->setItemData(m_profile->count() - 1, text, Qt::ToolTipRole);
        }
        m_profile->setCurrentIndex(qMax(0, m_profile->findData(current)));
    }
    onProfileChanged();
}

void ProfileBar::onProfileChanged()
{
    const auto p = profile();
    const auto env = p ? p->environment : Profile::Environment::Practice;
    QColor colour;
    switch (env) {
    case Profile::Environment::Production:
        colour = QColor(0xc6, 0x28, 0x28);
        break;
    case Profile::Environment::Staging:
        colour = QColor(0xb2, 0x6a, 0x00);
        break;
    case Profile::Environment::Test:
        colour = QColor(0x1e, 0x5a, 0xa8);
        break;
    case Profile::Environment::Practice:
        colour = QColor(0x1f, 0x7a, 0x4d);
        break;
    }
    QPalette pal = m_badge->palette();
    pal.setColor(QPalette::Window, colour);
    pal.setColor(QPalette::WindowText, Qt::white);
    m_badge->setPalette(pal);
    QString badge = Profile::environmentDisplayName(env);
    QString where = p ? tr("Calls go to %1 for AppId %2.").arg(p->endpoint().host()).arg(p->appId)
                      : tr("Calls go to a simulator on 127.0.0.1; nothing reaches ZEGO.");
    // A profile labelled PRACTICE before that label was kept for the simulator, whose calls go
    // to ZEGO, is never shown green as if harmless.
    if (const QString why = p ? ProfileStore::environmentProblem(*p) : QString(); !why.isEmpty()) {
        pal.setColor(QPalette::Window, QColor(0xc6, 0x28, 0x28));
        m_badge->setPalette(pal);
        badge = tr("NOT PRACTICE");
        where = why;
    }
    m_badge->setText(badge);
    m_badge->setAccessibleName(tr("Environment: %1").arg(badge));
    m_badge->setToolTip(where);
    if (p)
        setVendor(p->vendor);
    Q_EMIT profileChanged();
}

} // namespace cdnrec
