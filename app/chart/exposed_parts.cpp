// exposedParts: QGraphicsView hands an item the bounding box of everything exposed in the view (a band near
// "now" plus the metrics table under the chart becomes the whole width); the paint engine's system clip still
// holds the exact region of the paint event.
#include "chart/exposed_parts.hpp"

#include <QPaintEngine>
#include <QPainter>
#include <QRegion>

namespace poolscope::chart {

std::vector<QRectF> exposedParts(QPainter* painter, const QRectF& exposed, int maxParts) {
  QRegion region;
  if (painter->hasClipping()) {
    region = painter->clipRegion();
  } else if (const QPaintEngine* engine = painter->paintEngine(); engine != nullptr) {
    const QRegion system = engine->systemClip();
    bool invertible = false;
    const QTransform toLogical = painter->deviceTransform().inverted(&invertible);
    if (!system.isEmpty() && invertible) region = toLogical.map(system);
  }
  std::vector<QRectF> parts;
  if (!region.isEmpty() && region.rectCount() <= maxParts) {
    for (const QRect& r : region) {
      const QRectF part = QRectF(r) & exposed;
      if (!part.isEmpty()) parts.push_back(part);
    }
    return parts;
  }
  return {exposed};
}

}  // namespace poolscope::chart
