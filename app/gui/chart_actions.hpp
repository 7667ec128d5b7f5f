// The Chart menu and its hot keys for teaching with the chart: predict, then reveal (Ctrl+G, N, R), step the
// replay from event to event (, and .) and zoom the time axis (Ctrl++ / Ctrl+- / Ctrl+0).
#pragma once

#include <QObject>

class QAction;
class QMainWindow;
class QMenu;

namespace poolscope::chart {
class ChartArea;
}

namespace poolscope::gui {

class ReplayBar;

class ChartActions : public QObject {
  Q_OBJECT

 public:
  // Adds the menu to `window`'s menu bar before `before` (or at the end); drives `area` and `replay`.
  ChartActions(QMainWindow* window, chart::ChartArea* area, ReplayBar* replay, QMenu* before = nullptr);

  QMenu* menu = nullptr;
  QAction* predictAction = nullptr;
  QAction* revealNextAction = nullptr;
  QAction* revealAllAction = nullptr;
  QAction* previousEventAction = nullptr;
  QAction* nextEventAction = nullptr;
  QAction* zoomInAction = nullptr;
  QAction* zoomOutAction = nullptr;
  QAction* resetZoomAction = nullptr;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void retranslate();
  void updateEnabled();

  chart::ChartArea* area_;
  ReplayBar* replay_;
};

}  // namespace poolscope::gui
