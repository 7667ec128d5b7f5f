// A child label rather than scene text: the chart side draws runs; this only speaks while there is none.
#include "gui/first_run_hint.hpp"

#include <algorithm>

#include <QEvent>

namespace poolscope::gui {

FirstRunHint::FirstRunHint(QWidget* over) : QLabel(over) {
  setObjectName(QStringLiteral("firstRunHint"));
  setAlignment(Qt::AlignCenter);
  setWordWrap(true);
  setAutoFillBackground(true);
  setFrameShape(QFrame::StyledPanel);
  setMargin(16);
  setAttribute(Qt::WA_TransparentForMouseEvents);  // the chart under it keeps its tooltips
  QFont big = font();
  big.setPointSizeF(big.pointSizeF() * 1.25);
  setFont(big);
  over->installEventFilter(this);
  retranslate();
  hide();
}

void FirstRunHint::setEmpty(bool empty) {
  setVisible(empty);
  if (empty) {
    place();
    raise();
  }
}

void FirstRunHint::retranslate() {
  setText(
      tr("<b>Nothing has run yet.</b><br>Pick a preset on the left (Ctrl+1..4 are the notebook's examples), "
         "then press <b>Space</b> to run it.<br>F1: how to read this chart · F6: the Python behind it"));
  place();
}

void FirstRunHint::place() {
  const QWidget* host = parentWidget();
  if (host == nullptr) return;
  const int width = std::min(620, std::max(200, host->width() - 40));
  const int height = heightForWidth(width) > 0 ? heightForWidth(width) : sizeHint().height();
  setGeometry((host->width() - width) / 2, (host->height() - height) / 2, width, height);
}

bool FirstRunHint::eventFilter(QObject* watched, QEvent* event) {
  if (watched == parentWidget() && event->type() == QEvent::Resize) place();
  return QLabel::eventFilter(watched, event);
}

void FirstRunHint::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QLabel::changeEvent(event);
}

}  // namespace poolscope::gui
