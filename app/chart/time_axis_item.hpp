// The time axis labels under the chart ("0 s", "1 s", ...): one row shared by every panel, at round steps
// that never overlap, in the interface language's number format (a decimal comma in Russian).
#pragma once

#include <QFont>
#include <QGraphicsItem>
#include <QStringList>

#include "chart/chart_theme.hpp"
#include "chart/time_scale.hpp"

namespace poolscope::chart {

class TimeAxisItem : public QGraphicsItem {
 public:
  explicit TimeAxisItem(const ChartTheme* theme);

  // Labels hang below `top`, centred under their ticks, inside [left, right] (the scene's drawable width).
  void setGeometry(double top, double left, double right, const TimeScale& scale);
  // Height the labels need with the theme's font.
  static double heightFor(const ChartTheme& theme);
  // The tick interval for `scale`: round (niceStep), and wide enough that the widest label plus a gap fits
  // between two ticks, so no label is ever cut or elided. Panels use it for their grid lines too.
  static double stepFor(const TimeScale& scale, const QFont& font);
  // "1.5 s" with `decimals` decimals, in the default locale's format.
  static QString tickText(double seconds, int decimals);

  // The labels as drawn, left to right.
  QStringList labels() const;

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 private:
  struct Tick {
    double x = 0.0;
    QString text;
  };
  std::vector<Tick> ticks() const;

  const ChartTheme* theme_;
  double top_ = 0.0;
  double left_ = 0.0;
  double right_ = 0.0;
  TimeScale scale_;
};

}  // namespace poolscope::chart
