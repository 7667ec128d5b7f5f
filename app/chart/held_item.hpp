// Draws a run's "results held by the pool, not yet handed to the caller" step curve on a QChart's plot area:
// map climbs to N, imap climbs behind a slow task, imap_unordered stays near 0.
#pragma once

#include <optional>
#include <vector>

#include <QGraphicsItem>
#include <QPointer>

#include "chart/chart_theme.hpp"
#include "chart/run_model.hpp"
#include "chart/time_scale.hpp"

namespace poolscope::chart {

class HeldItem : public QGraphicsItem {
 public:
  HeldItem(RunModel* model, const ChartTheme* theme);

  void setGeometry(const QRectF& plot, const TimeScale& scale, double yMax);
  void setNowSeconds(double nowSeconds);
  void setScrubCursor(std::optional<double> tSeconds);
  // Predict, then reveal: the curve stops here (the last hand-over revealed); nullopt = no limit.
  void setRevealUntil(std::optional<double> tSeconds);
  void setZoomed(bool zoomed);
  // Repaints from the earliest changed time on.
  void changedFrom(double tSeconds);

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  double yOf(int held) const;
  // Many steps per pixel: the curve read from the model column by column, from `exposed`'s left edge to its right.
  void paintColumns(QPainter* p, const QRectF& exposed, double untilSeconds) const;

  QPointer<RunModel> model_;
  const ChartTheme* theme_;
  QRectF plot_;
  TimeScale scale_;
  double yMax_ = 1.0;
  double nowSeconds_ = -1.0;
  std::optional<double> cursor_;
  std::optional<double> revealUntil_;
  bool zoomed_ = false;
};

}  // namespace poolscope::chart
