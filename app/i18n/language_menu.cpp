// Entries are written in their own language (a lost user can still find theirs); only the title is tr().
#include "i18n/language_menu.hpp"

#include <QActionGroup>
#include <QEvent>

#include "i18n/translations.hpp"

namespace poolscope::i18n {

LanguageMenu::LanguageMenu(QWidget* parent) : QMenu(parent), group_(new QActionGroup(this)) {
  setObjectName(QStringLiteral("languageMenu"));
  group_->setExclusive(true);
  for (const QString& language : availableLanguages()) {
    QAction* action = addAction(nativeName(language));
    action->setCheckable(true);
    action->setData(language);
    action->setObjectName(QStringLiteral("language_") + language);
    group_->addAction(action);
    connect(action, &QAction::triggered, this, [language] { setLanguage(language); });
  }
  retranslate();
}

void LanguageMenu::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QMenu::changeEvent(event);
}

void LanguageMenu::retranslate() {
  setTitle(tr("&Language"));
  for (QAction* action : group_->actions()) action->setChecked(action->data().toString() == currentLanguage());
}

}  // namespace poolscope::i18n
