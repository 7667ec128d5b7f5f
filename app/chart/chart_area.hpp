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
  void set_models(const std::vector<RunModel*>& models);
  void set_model(RunModel* model) { set_models({model}); }
  std::vector<RunModel*> models() const;

  void set_theme(const ChartTheme& theme);
  const ChartTheme& theme() const;

  // Live runs: a running task's bar grows to this monotonic time (poolscope::monotonic_ns()); 0 = not live.
  // Call it from the ~60 Hz timer that feeds the models.
  void set_now_ns(std::int64_t now_ns);

  // Scrub cursor: shows every panel as it was `t_s` seconds into its run (replay); nullopt shows all.
  void set_cursor(std::optional<double> t_s);
  std::optional<double> cursor() const;
  // Longest run shown, in seconds: the range of a scrub slider.
  double duration_s() const;

  // Replays the shown runs: the cursor sweeps from 0 to the end at `speed` x real time, then
  // replay_finished() is emitted and the cursor cleared. Synced across compare panels (one cursor).
  void start_replay(double speed = 0.25);
  void stop_replay();
  bool replaying() const;

  ChartScene* scene() const { return scene_; }
  QGraphicsView* view() const { return view_; }

 signals:
  // The user dragged in a chart to move the scrub cursor.
  void cursor_dragged(double t_s);
  void replay_finished();

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  ChartScene* scene_ = nullptr;
  QGraphicsView* view_ = nullptr;
  QTimer* replay_timer_ = nullptr;
  double replay_speed_ = 0.25;
  double replay_start_s_ = 0.0;
  std::int64_t replay_started_ns_ = 0;
};

}  // namespace poolscope::chart
