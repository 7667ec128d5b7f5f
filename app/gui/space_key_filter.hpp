// Lets Space reach the window's Run/Stop shortcut even while a number box has the focus (a spin box would
// otherwise take the key): a lecturer presses Space right after typing a duration.
#pragma once

#include <QObject>

namespace poolscope::gui {

class SpaceKeyFilter : public QObject {
  Q_OBJECT

 public:
  using QObject::QObject;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace poolscope::gui
