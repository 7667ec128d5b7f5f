// PaintProbe; see paint_probe.hpp.
#include "chart/paint_probe.hpp"

#include <QCoreApplication>
#include <QEvent>
#include <QPaintEvent>

namespace poolscope::chart {

bool PaintProbe::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::Paint) {
    painted += static_cast<QPaintEvent*>(event)->region();
    ++paints;
  }
  return QObject::eventFilter(watched, event);
}

void paintPending(PaintProbe& probe, int passes) {
  const int before = probe.paints;
  for (int pass = 0; pass < passes && probe.paints == before; ++pass) QCoreApplication::processEvents();
}

}  // namespace poolscope::chart
