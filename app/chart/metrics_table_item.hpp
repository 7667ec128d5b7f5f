// The metrics table under the charts (one row per run): wall time, time to first result, mean wait between
// finish and hand-over, peak results held, idle %. Drawn in the scene so every export contains it.
#pragma once

#include <cstdint>
#include <vector>

#include <QGraphicsItem>
#include <QPointer>

#include "chart/chart_theme.hpp"
#include "chart/run_model.hpp"

namespace poolscope::chart {

class MetricsTableItem : public QGraphicsItem {
 public:
  explicit MetricsTableItem(const ChartTheme* theme);

  void set_models(const std::vector<QPointer<RunModel>>& models);
  void set_geometry(const QRectF& rect);
  void set_now_ns(std::int64_t now_ns);
  // Height needed for `rows` runs with the theme's table font.
  static double height_for(const ChartTheme& theme, std::size_t rows);

  QRectF boundingRect() const override { return rect_; }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  const ChartTheme* theme_;
  std::vector<QPointer<RunModel>> models_;
  QRectF rect_;
  std::int64_t now_ns_ = 0;
};

// "3.00 s", "250 ms", "—".
QString format_seconds(double seconds);

}  // namespace poolscope::chart
