#include "gui/space_key_filter.hpp"

#include <QAbstractSpinBox>
#include <QKeyEvent>

namespace poolscope::gui {

bool SpaceKeyFilter::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::ShortcutOverride) {
    const auto* key = static_cast<QKeyEvent*>(event);
    const bool inNumberBox =
        qobject_cast<QAbstractSpinBox*>(watched) != nullptr ||
        (watched->parent() != nullptr && qobject_cast<QAbstractSpinBox*>(watched->parent()) != nullptr);
    if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier && inNumberBox) {
      event->ignore();
      return true;  // not accepted: the Run/Stop shortcut gets the key
    }
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace poolscope::gui
