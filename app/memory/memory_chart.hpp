// Draws a memory comparison: the caller's resident memory over time per mode, results held, results handed
// on and each mode's wall time, with a caption (N, B, workers, chunksize). Used by `poolscope memory` and
// the Memory view.
#pragma once

#include <vector>

#include <QPainter>
#include <QRectF>
#include <QString>

#include "chart/chart_theme.hpp"
#include "poolscope/bench/memory_run.hpp"

namespace poolscope::memory {

class MemoryChart {
 public:
  MemoryChart(bench::MemoryOptions options, int workers, chart::ChartTheme theme);

  void setSettings(const bench::MemoryOptions& options, int workers);
  void setTheme(const chart::ChartTheme& theme);
  void setRuns(std::vector<bench::MemoryModeRun> runs);
  // A mode still running: drawn from its samples so far.
  void setLiveRun(const bench::MemoryModeRun& run);
  void clearLiveRun();
  // With a bounded imap (window > 0), the runs from `index` on (and a live run after them) are the same mode
  // unbounded, as CPython runs it: drawn dashed and named "imap, unbounded". SIZE_MAX = none.
  void setUnboundedFrom(std::size_t index) { unboundedFrom_ = index; }
  bool isUnbounded(const bench::MemoryModeRun* run) const;
  // "imap" or "imap, unbounded": how the legend and the labels name a run.
  QString runName(const bench::MemoryModeRun* run) const;
  const std::vector<bench::MemoryModeRun>& runs() const { return runs_; }
  const bench::MemoryModeRun* liveRun() const { return hasLive_ ? &live_ : nullptr; }
  const chart::ChartTheme& theme() const { return theme_; }

  void paint(QPainter& painter, const QRectF& area) const;

  // "200,000 records of 1,024 bytes, 2 workers, chunksize 1", as in the caption.
  QString caption() const;
  // "map: peak RSS 463.8 MiB, peak results held 200000, wall 2.04 s" (the CLI's line).
  static QString summaryLine(const bench::MemoryModeRun& run);
  QColor modeColor(Mode mode) const;

 private:
  enum class Series { rss, held, handed };
  void paintPlot(QPainter& painter, const QRectF& box, Series series, const QString& title) const;
  std::vector<const bench::MemoryModeRun*> shown() const;

  bench::MemoryOptions options_;
  int workers_;
  chart::ChartTheme theme_;
  std::vector<bench::MemoryModeRun> runs_;
  bench::MemoryModeRun live_;
  bool hasLive_ = false;
  std::size_t unboundedFrom_ = static_cast<std::size_t>(-1);
};

}  // namespace poolscope::memory
