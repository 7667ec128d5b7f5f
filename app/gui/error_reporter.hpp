// Tells the user what went wrong in one non-blocking message box, and remembers the last message (tests and
// the status line read it).
#pragma once

#include <exception>

#include <QObject>
#include <QString>

class QWidget;

namespace poolscope::gui {

class ErrorReporter : public QObject {
  Q_OBJECT

 public:
  // `window` parents the message boxes.
  explicit ErrorReporter(QWidget* window);

  void show(const QString& title, const QString& message);
  // `sentence` (translated) says what failed; the exception's text follows as details.
  void show(const QString& title, const QString& sentence, const std::exception& error);
  // `sentence`, then the (English) details below it.
  static QString withDetails(const QString& sentence, const QString& details);

  // The last message shown (empty if none).
  QString lastError() const { return lastError_; }
  void clear() { lastError_.clear(); }

 private:
  QWidget* window_;
  QString lastError_;
};

}  // namespace poolscope::gui
