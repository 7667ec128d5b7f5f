// The legend under the charts (View → Legend, F7): what the bars, outlines, shading, markers and the
// results-held curve mean, in the chart's own colours.
#pragma once

#include <QWidget>

#include "chart/chart_theme.hpp"

namespace poolscope::gui {

class LegendBar : public QWidget {
  Q_OBJECT

 public:
  explicit LegendBar(QWidget* parent = nullptr);

  void setTheme(const chart::ChartTheme& theme);
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void changeEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  // Rows wrap on a narrow window: the bar is as tall as its rows need at its width.
  int neededHeight(int width) const;
  void fitHeight();

  chart::ChartTheme theme_;
};

}  // namespace poolscope::gui
