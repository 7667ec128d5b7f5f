// Help → "How to read this chart": a short page that names every part of the chart (rows, bars, chunk
// outlines, waiting shading, caller lane markers, results-held curve) and what to look for in each mode.
#pragma once

#include <QCoreApplication>
#include <QString>

class QWidget;

namespace poolscope::gui {

class ChartHelp {
  Q_DECLARE_TR_FUNCTIONS(ChartHelp)

 public:
  // The page as rich text, in the interface language.
  static QString text();
  // Shows the page in a window of its own (not modal: a run goes on behind it).
  static void show(QWidget* parent);
};

}  // namespace poolscope::gui
