// SPDX-License-Identifier: GPL-3.0-or-later
#include "application.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace cdnrec {

void initApplication()
{
    // ~/.config/cdnrec/cdnrec.conf and ~/.local/share/cdnrec/, for the console and the CLI alike.
    QCoreApplication::setOrganizationName(QStringLiteral("cdnrec"));
    QCoreApplication::setApplicationName(QStringLiteral("cdnrec"));
    QCoreApplication::setApplicationVersion(QStringLiteral(APP_VERSION));
    // libpq words its own messages (connection refused, timed out, certificate) in the desktop's
    // language, and TeamDatabase::classify() reads them to say one sentence of ours, in the
    // interface's language: on a Chinese desktop every connection fault was "The team database
    // reported: 连接到…失败" instead. Pointed at a folder without its translations, libpq speaks
    // English to us whatever the desktop's. Here, before any thread or connection: libpq reads it
    // once, at its first message.
    qputenv("PGLOCALEDIR", QByteArrayLiteral("/dev/null"));
}

bool installTranslations(const QString &language)
{
    static std::unique_ptr<QTranslator> own;
    static std::unique_ptr<QTranslator> qt;
    for (auto *t : {&own, &qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(t->get());
            t->reset();
        }
    }
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    // Days and times in the interface's language too ("周二 21:40", not "Tue 21:40").
    QLocale::setDefault(locale);
    // English loads a translation too: the plural forms of "%n stream(s)".
    own = std::make_unique<QTranslator>();
    if (own->load(locale, QStringLiteral("cdnrec"), QStringLiteral("_"),
                  QStringLiteral(":/i18n")) ||
        own->load(QStringLiteral(":/i18n/cdnrec_en.qm")))
        QCoreApplication::installTranslator(own.get());
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return true;
    qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        return true;
    }
    qt.reset();
    return false;
}

} // namespace cdnrec
