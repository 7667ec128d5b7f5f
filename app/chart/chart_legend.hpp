// The chart's legend: one row of samples drawn as the chart draws them (a task bar, a chunk outline, the
// waiting shading, a caller-lane marker, a failed task, the results-held curve), each with its name.
#pragma once

#include <QCoreApplication>
#include <QPainter>
#include <QRectF>
#include <QStringList>

#include "chart/chart_theme.hpp"

namespace poolscope::chart {

class ChartLegend {
  Q_DECLARE_TR_FUNCTIONS(ChartLegend)

 public:
  // The names of the entries, left to right, in the interface language.
  static QStringList names();
  // Height the legend needs in `width`: one line per row, entries wrap to the next row when they do not fit.
  static double heightFor(const ChartTheme& theme, double width);
  // Draws the legend in `box`, left aligned from the top; rows past the bottom are left out.
  static void paint(QPainter& painter, const QRectF& box, const ChartTheme& theme);
};

}  // namespace poolscope::chart
