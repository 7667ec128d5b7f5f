// The interface language: English or Russian, chosen from the system locale when the application starts
// and switchable at run time (every widget then receives QEvent::LanguageChange and retranslates).
#pragma once

#include <QString>
#include <QStringList>

namespace poolscope::i18n {

// "en", "ru".
QStringList availableLanguages();
// The language the interface shows now.
QString currentLanguage();
// The system locale's language if we have it (POOLSCOPE_LANG=ru|en overrides), else "en".
QString systemLanguage();
// Installs the translators for `language` on the running application, replacing the previous ones.
// Returns false (and changes nothing) for a language we do not ship.
bool setLanguage(const QString& language);
// The language's own name for its menu entry: "English", "Русский".
QString nativeName(const QString& language);

}  // namespace poolscope::i18n
