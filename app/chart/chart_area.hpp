// The chart area of the window: one run (or three stacked for compare, one shared time axis), each with its
// Gantt chart and results-held chart, then the metrics table. The window embeds it; exports render it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <QWidget>

#include "chart/chart_theme.hpp"
#include "chart/run_model.hpp"

class QGraphicsView;
class QTimer;

namespace poolscope::chart {

class ChartScene;

class ChartArea : public QWidget {
  Q_OBJECT

 public:
  explicit ChartArea(QWidget* parent = nullptr);
  ~ChartArea() override;

  // Models are not owned. One model = single view; three = compare view (shared time axis).
  void setModels(const std::vector<RunModel*>& models);
  void setModel(RunModel* model) { setModels({model}); }
  std::vector<RunModel*> models() const;

  void setTheme(const ChartTheme& theme);
  const ChartTheme& theme() const;

  // Live runs: a running task's bar grows to this monotonic time (poolscope::monotonic_ns()); 0 = not live.
  // Call it from the ~60 Hz timer that feeds the models.
  void setNowNs(std::int64_t nowNs);

  // Scrub cursor: shows every panel as it was `tSeconds` seconds into its run (replay); nullopt shows all.
  void setScrubCursor(std::optional<double> tSeconds);
  std::optional<double> scrubCursor() const;
  // Longest run shown, in seconds: the range of a scrub slider.
  double durationSeconds() const;

  // Replays the shown runs: the cursor sweeps from 0 to the end at `speed` x real time, then
  // replayFinished() is emitted and the cursor cleared. Synced across compare panels (one cursor).
  void startReplay(double speed = 0.25);
  void stopReplay();
  bool replaying() const;

  // Dims the charts under a note ("settings changed — press Space to run"); "" clears it.
  void setStaleNote(const QString& note);
  QString staleNote() const;
  // Shows the metrics table when there is room for it (it folds away by itself when there is not).
  void setTableWanted(bool wanted);

  // Predict, then reveal (see ChartScene): the window's menu and keys call these.
  void setPredictMode(bool on);
  bool predictMode() const;
  bool revealNext();
  void revealAll();

  // Steps the replay cursor to the previous (< 0) or next (> 0) event and pauses a replay; cursorDragged()
  // tells the replay bar where it went. Returns the new time (nullopt: back to the whole run).
  std::optional<double> stepEvent(int direction);

  // Zoom on the time axis, about the middle of what is shown (the mouse wheel zooms about the pointer).
  void zoomIn();
  void zoomOut();
  void resetZoom();

  ChartScene* scene() const { return scene_; }
  QGraphicsView* view() const { return view_; }

 signals:
  // The user dragged in a chart to move the scrub cursor.
  void cursorDragged(double tSeconds);
  // The cursor left (a step past the last event, a double click): everything is shown again.
  void cursorCleared();
  void replayFinished();

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  // Wheel, pinch and drag on the time axis; true if the event was used.
  bool zoomOrPan(QEvent* event);

  ChartScene* scene_ = nullptr;
  QGraphicsView* view_ = nullptr;
  QTimer* replayTimer_ = nullptr;
  double replaySpeed_ = 0.25;
  double replayStartSeconds_ = 0.0;
  std::int64_t replayStartedNs_ = 0;
  bool panning_ = false;
  double panLastX_ = 0.0;
};

}  // namespace poolscope::chart
