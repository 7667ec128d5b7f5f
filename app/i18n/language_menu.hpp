// The "Language" menu: English / Русский, switching the whole interface at run time.
// The main window adds it to its menu bar: menuBar()->addMenu(new i18n::LanguageMenu(this)).
#pragma once

#include <QMenu>

class QActionGroup;

namespace poolscope::i18n {

class LanguageMenu : public QMenu {
  Q_OBJECT

 public:
  explicit LanguageMenu(QWidget* parent = nullptr);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  QActionGroup* group_ = nullptr;
};

}  // namespace poolscope::i18n
