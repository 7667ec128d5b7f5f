// The empty chart's hint: before anything has run (or been opened), a box in the middle of the charts says
// what to do (pick a preset, press Space) and where the help is.
#pragma once

#include <QLabel>

namespace poolscope::gui {

class FirstRunHint : public QLabel {
  Q_OBJECT

 public:
  // Floats over `over`, centred, and follows its size.
  explicit FirstRunHint(QWidget* over);

  // Shown while `empty` holds (nothing drawn and no run going).
  void setEmpty(bool empty);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void place();
};

}  // namespace poolscope::gui
