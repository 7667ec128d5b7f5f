// Russian and English: the compiled translation loads, switching the language retranslates at run time,
// and every string the interface shows (every tr() in app/) has a finished Russian translation.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>

#include "app/qt_app.hpp"
#include "i18n/language_menu.hpp"
#include "i18n/translations.hpp"
#include "lesson/lesson_texts.hpp"
#include "poolscope/lessons/lessons.hpp"

namespace {

using Key = std::pair<QString, QString>;  // (context, source)

struct TsMessage {
  bool finished = false;
  QStringList translations;  // one, or the numerus forms
};

// Reads a Qt Linguist .ts file: every message with its translation state.
std::map<Key, TsMessage> readTs(const QString& path) {
  std::map<Key, TsMessage> messages;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return messages;
  QXmlStreamReader xml(&file);
  QString context, source;
  TsMessage current;
  while (!xml.atEnd()) {
    xml.readNext();
    if (!xml.isStartElement()) {
      if (xml.isEndElement() && xml.name() == QLatin1String("message")) messages[{context, source}] = current;
      continue;
    }
    const auto name = xml.name();
    if (name == QLatin1String("name")) {
      context = xml.readElementText();
    } else if (name == QLatin1String("message")) {
      source.clear();
      current = TsMessage{};
    } else if (name == QLatin1String("source")) {
      source = xml.readElementText();
    } else if (name == QLatin1String("translation")) {
      const QString type = xml.attributes().value(QLatin1String("type")).toString();
      current.finished = type.isEmpty();
      // Plain text, or one <numerusform> per plural form.
      QString text;
      while (!(xml.readNext() == QXmlStreamReader::EndElement && xml.name() == QLatin1String("translation"))) {
        if (xml.atEnd()) break;
        if (xml.isCharacters()) text += xml.text();
        if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
          const QString form = xml.readElementText();
          if (form.trimmed().isEmpty()) current.finished = false;
          current.translations << form;
        }
      }
      if (current.translations.isEmpty()) {
        if (text.trimmed().isEmpty())
          current.finished = false;
        else
          current.translations << text;
      }
    }
  }
  return messages;
}

QString findLupdate() {
  const QStringList candidates = {
      QLibraryInfo::path(QLibraryInfo::BinariesPath) + QStringLiteral("/lupdate"),
      QLibraryInfo::path(QLibraryInfo::LibraryExecutablesPath) + QStringLiteral("/lupdate"),
      QStringLiteral("/usr/lib/qt6/bin/lupdate"),
      QStandardPaths::findExecutable(QStringLiteral("lupdate6")),
      QStandardPaths::findExecutable(QStringLiteral("lupdate")),
  };
  for (const QString& c : candidates) {
    if (!c.isEmpty() && QFileInfo(c).isExecutable()) return c;
  }
  return {};
}

const QString kRuTs = QStringLiteral(POOLSCOPE_SOURCE_DIR "/resources/translations/poolscope_ru.ts");

TEST(Translation, RussianLoadsFromTheResources) {
  poolscope_test::qtApp();
  QTranslator translator;
  ASSERT_TRUE(translator.load(QStringLiteral(":/i18n/poolscope_ru.qm")) ||
              translator.load(QStringLiteral(":/i18n/i18n/poolscope_ru.qm")));
  EXPECT_EQ(translator.translate("poolscope::i18n::LanguageMenu", "&Language"), QStringLiteral("&Язык"));
}

TEST(Translation, EveryInterfaceStringHasAFinishedRussianTranslation) {
  poolscope_test::qtApp();
  const QString lupdate = findLupdate();
  ASSERT_FALSE(lupdate.isEmpty()) << "lupdate not found: install qt6-l10n-tools";
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  const QString scanned = dir.filePath(QStringLiteral("scanned.ts"));
  QProcess p;
  p.start(lupdate, {QStringLiteral(POOLSCOPE_SOURCE_DIR "/app"), QStringLiteral("-extensions"),
                    QStringLiteral("cpp,hpp"), QStringLiteral("-locations"), QStringLiteral("none"),
                    QStringLiteral("-silent"), QStringLiteral("-ts"), scanned});
  ASSERT_TRUE(p.waitForFinished(60000)) << "lupdate did not finish";
  ASSERT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();

  const auto sources = readTs(scanned);
  ASSERT_GT(sources.size(), 20u) << "lupdate found almost no tr() strings: is it scanning app/?";
  const auto russian = readTs(kRuTs);
  QStringList missing;
  for (const auto& [key, message] : sources) {
    const auto it = russian.find(key);
    if (it == russian.end() || !it->second.finished) missing << key.first + QStringLiteral(": ") + key.second;
  }
  EXPECT_TRUE(missing.isEmpty()) << missing.size() << " string(s) of app/ without a finished translation in "
                                 << "resources/translations/poolscope_ru.ts (run lupdate, then translate):\n  "
                                 << missing.join(QStringLiteral("\n  ")).toStdString();
}

TEST(Translation, PlaceholdersSurviveTranslation) {
  const QRegularExpression placeholder(QStringLiteral("%(\\d|n)"));
  auto placeholders = [&](const QString& text) {
    std::multiset<QString> found;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) found.insert(it.next().captured());
    return found;
  };
  for (const auto& [key, message] : readTs(kRuTs)) {
    for (const QString& t : message.translations) {
      EXPECT_EQ(placeholders(t), placeholders(key.second)) << key.second.toStdString() << " -> " << t.toStdString();
    }
  }
}

TEST(Translation, LanguageMenuSwitchesAtRunTime) {
  poolscope_test::qtApp();
  poolscope::i18n::LanguageMenu menu;
  QAction* russian = menu.findChild<QAction*>(QStringLiteral("language_ru"));
  QAction* english = menu.findChild<QAction*>(QStringLiteral("language_en"));
  ASSERT_NE(russian, nullptr);
  ASSERT_NE(english, nullptr);
  EXPECT_EQ(russian->text(), QStringLiteral("Русский"));
  russian->trigger();
  QCoreApplication::processEvents();
  EXPECT_EQ(poolscope::i18n::currentLanguage(), QStringLiteral("ru"));
  EXPECT_EQ(menu.title(), QStringLiteral("&Язык"));
  EXPECT_TRUE(russian->isChecked());
  english->trigger();
  QCoreApplication::processEvents();
  EXPECT_EQ(poolscope::i18n::currentLanguage(), QStringLiteral("en"));
  EXPECT_EQ(menu.title(), QStringLiteral("&Language"));
  EXPECT_TRUE(english->isChecked());
}

TEST(Translation, UnknownLanguageChangesNothing) {
  poolscope_test::qtApp();
  EXPECT_FALSE(poolscope::i18n::setLanguage(QStringLiteral("xx")));
  EXPECT_EQ(poolscope::i18n::currentLanguage(), QStringLiteral("en"));
}

TEST(Translation, SystemLanguageCanBeForced) {
  qputenv("POOLSCOPE_LANG", "ru_RU.UTF-8");
  EXPECT_EQ(poolscope::i18n::systemLanguage(), QStringLiteral("ru"));
  qputenv("POOLSCOPE_LANG", "en");
  EXPECT_EQ(poolscope::i18n::systemLanguage(), QStringLiteral("en"));
  qunsetenv("POOLSCOPE_LANG");
}

TEST(Translation, EveryLessonIsExplainedInBothLanguages) {
  poolscope_test::qtApp();
  for (const auto& lesson : poolscope::all_lessons()) {
    const QString id = QString::fromUtf8(lesson.id.data(), static_cast<qsizetype>(lesson.id.size()));
    const auto en = poolscope::lesson::loadLessonTexts(id, QStringLiteral("en"));
    const auto ru = poolscope::lesson::loadLessonTexts(id, QStringLiteral("ru"));
    EXPECT_FALSE(en.explanation.isEmpty()) << id.toStdString();
    EXPECT_FALSE(ru.explanation.isEmpty()) << id.toStdString();
    EXPECT_NE(en.title, ru.title) << id.toStdString();
    EXPECT_TRUE(ru.title.contains(QRegularExpression(QStringLiteral("[а-яА-Я]")))) << id.toStdString();
    EXPECT_FALSE(en.python.isEmpty());
    EXPECT_FALSE(en.cpp.isEmpty());
  }
}

}  // namespace
