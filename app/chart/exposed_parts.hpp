// The parts of an item a paint call must really draw: the rectangles of the region being repainted (the view's
// paint event, or a clip), not their bounding box, which for a small change at each end of the chart is all of it.
#pragma once

#include <vector>

#include <QRectF>

class QPainter;

namespace poolscope::chart {

// The rectangles of the painter's clip, or else of the region its device is repainting (a widget's paint event),
// in the painter's coordinates and cut to `exposed`. `exposed` alone when neither says more (an export), or when
// the region has more than `maxParts` rectangles (their bounding box is then cheaper to draw).
std::vector<QRectF> exposedParts(QPainter* painter, const QRectF& exposed, int maxParts = 256);

}  // namespace poolscope::chart
