// Watches a widget's paint events: what it actually repainted, and how often. The chart benchmark and the
// chart's scale tests measure a live frame with it.
#pragma once

#include <QObject>
#include <QRegion>

namespace poolscope::chart {

class PaintProbe : public QObject {
 public:
  QRegion painted;
  int paints = 0;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
};

// Delivers pending events until the watched widget has painted once more, or `passes` went by without.
void paintPending(PaintProbe& probe, int passes = 100);

}  // namespace poolscope::chart
