#include "gui/error_reporter.hpp"

#include <new>

#include <QMessageBox>
#include <QWidget>

namespace poolscope::gui {

ErrorReporter::ErrorReporter(QWidget* window) : QObject(window), window_(window) {}

// Core messages are English; the sentence around them is in the user's language.
QString ErrorReporter::withDetails(const QString& sentence, const QString& details) {
  if (details.isEmpty()) return sentence;
  return sentence + QStringLiteral("\n\n") + tr("Details: %1").arg(details);
}

void ErrorReporter::show(const QString& title, const QString& sentence, const std::exception& error) {
  const bool memory = dynamic_cast<const std::bad_alloc*>(&error) != nullptr;
  show(title, memory ? withDetails(sentence, tr("there is not enough memory."))
                     : withDetails(sentence, QString::fromStdString(error.what())));
}

void ErrorReporter::show(const QString& title, const QString& message) {
  lastError_ = message;
  // Not exec(): the window (and a run in it) keeps going while the message is up.
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, window_);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName(QStringLiteral("errorMessage"));
  box->open();
}

}  // namespace poolscope::gui
