// The whole chart drawing in one QGraphicsScene: per run a Gantt panel and a results-held panel, then the
// metrics table. Used by ChartArea on screen and rendered directly (no widget) for PNG / SVG / PDF export.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QGraphicsScene>
#include <QPointer>
#include <QSizeF>
#include <QStringList>

#include "chart/chart_theme.hpp"
#include "chart/run_model.hpp"
#include "chart/time_scale.hpp"
#include "chart/time_zoom.hpp"

class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace poolscope::chart {

class RunPanel;
class MetricsTableItem;
class TimeAxisItem;

class ChartScene : public QGraphicsScene {
  Q_OBJECT

 public:
  explicit ChartScene(QObject* parent = nullptr);
  ~ChartScene() override;

  // The runs to draw, top to bottom (1 = single view, 3 = compare). Not owned; a model may be deleted
  // before the scene (its panel then disappears at the next setModels / relayout).
  void setModels(const std::vector<RunModel*>& models);
  std::vector<RunModel*> models() const;

  void setTheme(const ChartTheme& theme);
  const ChartTheme& theme() const { return theme_; }

  // Live runs: a running task's bar grows to this monotonic time. 0 = not live.
  void setNowNs(std::int64_t nowNs);
  std::int64_t nowNs() const { return nowNs_; }

  // Replay: shows every run as it was `tSeconds` seconds after its origin (all panels in step). nullopt = all.
  void setScrubCursor(std::optional<double> tSeconds);
  std::optional<double> scrubCursor() const { return cursor_; }

  // Longest run in seconds (the end of the shared time axis before rounding), for a scrub slider.
  double durationSeconds() const;

  // Predict, then reveal: while on, the caller lanes, result labels, results-held curves and metrics of every
  // panel stay hidden behind placeholders (the worker bars are drawn) until revealed; a new run starts hidden.
  void setPredictMode(bool on);
  bool predictMode() const { return predict_; }
  // Reveals the next hand-over in time, over all panels (ties: the top panel first). False if none is hidden.
  bool revealNext();
  void revealAll();
  // How many hand-overs panel `panel` shows; nullopt = all (not predicting, or everything revealed).
  std::optional<std::size_t> revealLimit(int panel) const;
  // The caller lane's note of panel `panel` ("? In which order...", "map raised: ..."), the header's metrics
  // line and the table row's cells, as drawn.
  QString laneNote(int panel) const;
  QString headerText(int panel) const;
  QStringList tableCells(int panel) const;
  // What the result label of task `index` in panel `panel` says now ("5 → 10", "5 → ?", "5 …"); "" if not drawn.
  QString barLabel(int panel, std::uint64_t index) const;
  // How many hand-overs panel `panel` draws now.
  std::size_t shownArrivals(int panel) const;

  // Replay step by step: moves the cursor to the previous (direction < 0) or next event (a task's start,
  // finish or hand-over, in any panel) and returns its time. Past the last event the cursor goes (everything
  // shown) and nullopt is returned; before the first, the cursor stays.
  std::optional<double> stepEvent(int direction);
  // What happens at the cursor ("1.000 s: task 2 (input 2) finished on Worker-2"); "" without a cursor.
  QString cursorEventText() const;

  // Zoom and pan on the shared time axis (every panel alike). Scene x -> time with the current zoom.
  void zoomAt(double sceneX, double factor);
  void zoomAboutTime(double tSeconds, double factor);
  void panByPixels(double dx);
  void resetZoom();
  bool zoomed() const { return zoom_.zoomed(); }
  // The stretch of time the panels show now (seconds from each run's origin).
  double visibleFrom() const { return scale_.tMin; }
  double visibleTo() const { return scale_.tMax; }
  double timeAt(double sceneX) const { return scale_.t(sceneX); }
  double xAt(double tSeconds) const { return scale_.x(tSeconds); }

  // Lays everything out to fill `size` (scene coordinates = pixels at 96 dpi). When even the compact layout
  // (smaller titles, no table) cannot give every row its label, the scene grows taller than `size`: a window
  // scrolls it.
  void layoutTo(const QSizeF& size);
  QSizeF layoutSize() const { return size_; }
  // The scene's height after layout: size.height(), or more when it had to grow.
  double sceneHeight() const { return sceneHeight_; }
  bool compact() const { return compact_; }

  // The metrics table under the panels; it also folds away by itself when the panels need its room.
  void setTableWanted(bool wanted);
  bool tableShown() const;

  // Dims the chart under a one-line note ("settings changed — press Space to run"); "" clears it.
  void setStaleNote(const QString& note);
  QString staleNote() const { return staleNote_; }

  // Every text the scene draws as a label: rows, time axis, markers (for tests and checks of a layout).
  QStringList timeAxisLabels() const;

  // Draws the scene into `target` on `painter` (export).
  void renderTo(QPainter* painter, const QRectF& target);

  // Where task `index` of panel `panel` is drawn (scene coordinates), for tests and tooltips. Empty if not.
  QRectF barRect(int panel, std::uint64_t index) const;
  // Where the caller lane's marker holding task `index`'s result or exception is drawn; empty if none.
  QRectF markerRect(int panel, std::uint64_t index) const;
  // The tooltip the chart shows at `scenePos` ("" if none).
  QString tooltipAt(const QPointF& scenePos) const;
  int panelCount() const;

 private:
  void relayout();
  void refreshAxes();
  void placeStaleNote();
  void onModelChanged();
  void refreshTable();

 signals:
  void revealChanged();
  void zoomChanged();

 private:
  ChartTheme theme_;
  std::vector<QPointer<RunModel>> models_;
  std::vector<std::unique_ptr<RunPanel>> panels_;
  MetricsTableItem* table_ = nullptr;
  TimeAxisItem* axis_ = nullptr;
  QGraphicsRectItem* staleShade_ = nullptr;
  QGraphicsRectItem* staleBox_ = nullptr;
  QGraphicsSimpleTextItem* staleText_ = nullptr;
  QString staleNote_;
  bool tableWanted_ = true;
  bool compact_ = false;
  double sceneHeight_ = 800.0;
  QSizeF size_{1280, 800};
  std::int64_t nowNs_ = 0;
  std::optional<double> cursor_;
  double axisMaxSeconds_ = 1.0;
  bool predict_ = false;
  TimeZoom zoom_;
  TimeScale scale_;
};

}  // namespace poolscope::chart
