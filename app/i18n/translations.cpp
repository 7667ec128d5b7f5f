// Translators live as long as the application. The system language is installed as soon as a
// QApplication exists (Q_COREAPP_STARTUP_FUNCTION), so every window is built already translated.
#include "i18n/translations.hpp"

#include <memory>

#include <QApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace poolscope::i18n {

namespace {

QString gLanguage = QStringLiteral("en");
std::unique_ptr<QTranslator> gApp;
std::unique_ptr<QTranslator> gQt;

void removeTranslators() {
  if (gApp) QCoreApplication::removeTranslator(gApp.get());
  if (gQt) QCoreApplication::removeTranslator(gQt.get());
  gApp.reset();
  gQt.reset();
}

// The build embeds the compiled .ts under :/i18n/ (qt_add_translations may add its output folder).
QString qmPath(const QString& language) {
  const QString name = QStringLiteral("poolscope_%1.qm").arg(language);
  for (const QString& dir : {QStringLiteral(":/i18n/"), QStringLiteral(":/i18n/i18n/")}) {
    if (QFile::exists(dir + name)) return dir + name;
  }
  return QStringLiteral(":/i18n/") + name;
}

void installAtStartup() {
  // Only the GUI: the headless commands keep their English output whatever the locale.
  if (qobject_cast<QApplication*>(QCoreApplication::instance()) == nullptr) return;
  const QString language = systemLanguage();
  if (language != QLatin1String("en")) setLanguage(language);
}

}  // namespace

QStringList availableLanguages() { return {QStringLiteral("en"), QStringLiteral("ru")}; }

QString currentLanguage() { return gLanguage; }

QString systemLanguage() {
  const QString forced = qEnvironmentVariable("POOLSCOPE_LANG").left(2).toLower();
  if (availableLanguages().contains(forced)) return forced;
  for (const QString& ui : QLocale::system().uiLanguages()) {
    const QString language = ui.left(2).toLower();
    if (availableLanguages().contains(language)) return language;
  }
  return QStringLiteral("en");
}

bool setLanguage(const QString& language) {
  if (!availableLanguages().contains(language)) return false;
  if (language == gLanguage && (language == QLatin1String("en") || gApp)) return true;
  auto app = std::make_unique<QTranslator>();
  if (language != QLatin1String("en") && !app->load(qmPath(language))) return false;
  // Set first: installing or removing a translator sends LanguageChange at once, and the views that
  // read currentLanguage() then (the lesson texts) must see the new one.
  gLanguage = language;
  QLocale::setDefault(QLocale(language == QLatin1String("ru") ? QLocale::Russian : QLocale::English));
  removeTranslators();
  if (language != QLatin1String("en")) {
    QCoreApplication::installTranslator(app.get());
    gApp = std::move(app);
    // Qt's own strings (standard dialog buttons), when the system has them.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QStringLiteral("qtbase_%1").arg(language), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
      QCoreApplication::installTranslator(qt.get());
      gQt = std::move(qt);
    }
  }
  return true;
}

QString nativeName(const QString& language) {
  if (language == QLatin1String("ru")) return QStringLiteral("Русский");
  return QStringLiteral("English");
}

Q_COREAPP_STARTUP_FUNCTION(installAtStartup)

}  // namespace poolscope::i18n
