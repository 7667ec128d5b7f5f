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

  void set_geometry(const QRectF& plot, const TimeScale& scale, double y_max);
  void set_now_s(double now_s);
  void set_cursor(std::optional<double> t_s);
  // Repaints from the earliest changed time on.
  void changed_from(double t_s);

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  double y_of(int held) const;
  void paint_columns(QPainter* p, const QRectF& exposed, const std::vector<HeldPoint>& curve) const;

  QPointer<RunModel> model_;
  const ChartTheme* theme_;
  QRectF plot_;
  TimeScale scale_;
  double y_max_ = 1.0;
  double now_s_ = -1.0;
  std::optional<double> cursor_;
};

}  // namespace poolscope::chart
