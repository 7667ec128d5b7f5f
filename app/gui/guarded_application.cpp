// Qt does not let exceptions cross its event loop (it terminates); catching them in notify() is the one
// place that sees every event handler. The dialog is posted, not shown inside the failing handler.
#include "gui/guarded_application.hpp"

#include <exception>
#include <new>

#include <QMessageBox>
#include <QTimer>

namespace poolscope::gui {

GuardedApplication::GuardedApplication(int& argc, char** argv) : QApplication(argc, argv) {}

bool GuardedApplication::notify(QObject* receiver, QEvent* event) {
  try {
    return QApplication::notify(receiver, event);
  } catch (const std::bad_alloc&) {
    report(
        tr("PoolScope ran out of memory and stopped what it was doing. Close other programs, or open a "
           "smaller trace."));
  } catch (const std::exception& e) {
    report(tr("Something went wrong and PoolScope stopped what it was doing.") + QStringLiteral("\n\n") +
           tr("Details: %1").arg(QString::fromStdString(e.what())));
  } catch (...) {
    report(tr("Something went wrong and PoolScope stopped what it was doing."));
  }
  return false;
}

void GuardedApplication::report(const QString& message) {
  if (reporting_) return;
  reporting_ = true;
  QTimer::singleShot(0, this, [this, message] {
    QMessageBox box(QMessageBox::Warning, tr("PoolScope"), message, QMessageBox::Ok, activeWindow());
    box.setObjectName(QStringLiteral("errorMessage"));
    box.exec();
    reporting_ = false;
  });
}

}  // namespace poolscope::gui
