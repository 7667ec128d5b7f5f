// The metrics table under the charts (one row per run): wall time, time to first result, mean wait between
// finish and hand-over, peak results held, idle %. Drawn in the scene so every export contains it.
#pragma once

#include <cstdint>
#include <vector>

#include <QGraphicsItem>
#include <QPointer>
#include <QStringList>

#include "chart/chart_theme.hpp"
#include "chart/metrics_view.hpp"
#include "chart/run_model.hpp"

namespace poolscope::chart {

class MetricsTableItem : public QGraphicsItem {
 public:
  explicit MetricsTableItem(const ChartTheme* theme);

  void setModels(const std::vector<QPointer<RunModel>>& models);
  void setGeometry(const QRectF& rect);
  void setNowNs(std::int64_t nowNs);
  // One per model, in the same order: a replay cursor, an open prediction ("?" for the hidden figures).
  void setViews(const std::vector<MetricsView>& views);
  // The cells of row `row` as drawn (for tests).
  QStringList rowCells(std::size_t row) const;
  // Height needed for `rows` runs in a table `width` wide with the theme's table font (headings take two lines
  // when one is too narrow for them).
  static double heightFor(const ChartTheme& theme, std::size_t rows, double width);
  // The headings as drawn, one entry per line (a heading that wraps gives two).
  QStringList headingLines() const;

  QRectF boundingRect() const override { return rect_; }
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  struct Columns {
    std::vector<double> x;  // left edges, then the right edge
    bool wrap = false;      // headings on two lines
  };
  static Columns columns(const ChartTheme& theme, double left, double width, double firstColumn);
  double firstColumnWidth() const;

  const ChartTheme* theme_;
  std::vector<QPointer<RunModel>> models_;
  std::vector<MetricsView> views_;
  QRectF rect_;
  std::int64_t nowNs_ = 0;
};

// "3.00 s", "250 ms", "—".
QString formatSeconds(double seconds);

}  // namespace poolscope::chart
