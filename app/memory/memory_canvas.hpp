// The widget the Memory view draws its chart on: a MemoryChart painted at the widget's size, in the
// window's theme (light or dark, taken from the palette).
#pragma once

#include <QWidget>

#include "memory/memory_chart.hpp"

namespace poolscope::memory {

class MemoryCanvas : public QWidget {
  Q_OBJECT

 public:
  explicit MemoryCanvas(QWidget* parent = nullptr);

  MemoryChart& chart() { return chart_; }
  const MemoryChart& chart() const { return chart_; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void followPalette();

  MemoryChart chart_;
};

}  // namespace poolscope::memory
