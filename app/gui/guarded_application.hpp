// The GUI's QApplication: an exception that escapes an event handler (a slot, a paint event) is shown in a
// dialog instead of ending the program, so a hostile file or an allocation failure never loses the window.
#pragma once

#include <QApplication>

namespace poolscope::gui {

class GuardedApplication : public QApplication {
  Q_OBJECT

 public:
  GuardedApplication(int& argc, char** argv);

  bool notify(QObject* receiver, QEvent* event) override;

 private:
  void report(const QString& message);

  bool reporting_ = false;  // one dialog at a time, even if every repaint fails the same way
};

}  // namespace poolscope::gui
