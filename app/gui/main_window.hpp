// PoolScope's main window: the control panel on the left, the live charts on the right, and the menus and
// hot keys a lecturer uses in class (Space run/stop, Ctrl+1..4 presets, Ctrl+E export, F11 full screen).
#pragma once

#include <exception>
#include <memory>
#include <vector>

#include <QMainWindow>
#include <QString>
#include <QStringList>

#include "chart/chart_theme.hpp"
#include "chart/run_model.hpp"
#include "poolscope/scenario/scenario.hpp"
#include "poolscope/trace/task_record.hpp"

class QAction;
class QSplitter;
class QTabWidget;

namespace poolscope::chart {
class ChartArea;
}
namespace poolscope::lesson {
class LessonView;
}
namespace poolscope::memory {
class MemoryView;
}

namespace poolscope::gui {

class ControlPanel;
class ErrorReporter;
class ExportDialogs;
class FirstRunHint;
class LegendBar;
class PythonPane;
class ReplayBar;
class SpaceKeyFilter;
class RunController;
class TraceLoader;
class TraceOpener;
class WindowActions;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Reads `file` off the GUI thread (a progress dialog shows for large files); the trace is drawn when
  // read, or a message says why it could not be.
  void openTrace(const QString& file) { openTraces({file}); }
  // The same for several files: their runs are drawn one above the other, in the order given.
  void openTraces(const QStringList& files);
  // Loads a preset's tasks into the controls ("random" draws new ones); ignored while a run is going.
  void applyPreset(const QString& name);
  // Runs what the controls show (all three modes in compare view). Bad input shows a message.
  void run();
  void stop();
  void toggleRun();
  // Runs the opened trace's tasks live and shows each imported run above its live twin.
  void runBesideTrace();
  bool isRunning() const;

  // Writes the charts as shown to an image file (format from the extension), with presenter fonts.
  void exportImage(const QString& file, QSize size, double devicePixelRatio = 1.0);
  // Writes the runs shown as a trace (.json) or CSV (.csv).
  void exportTrace(const QString& file);

  void setTheme(chart::ThemeKind kind, bool presenter);
  // Adds a page beside the charts (the lessons); the window owns it from then on.
  void addPage(QWidget* page, const QString& title);

  ControlPanel* controlPanel() const { return panel_; }
  chart::ChartArea* chartArea() const { return area_; }
  RunController* runController() const { return controller_; }
  TraceLoader* traceLoader() const;
  lesson::LessonView* lessonView() const { return lessons_; }
  memory::MemoryView* memoryView() const { return memory_; }
  PythonPane* pythonPane() const { return python_; }
  LegendBar* legendBar() const { return legend_; }
  FirstRunHint* firstRunHint() const { return hint_; }
  // Turns on or off what View → "The Python behind the chart" (F6) shows.
  void setPythonShown(bool shown);
  QTabWidget* tabs() const { return tabs_; }
  // The runs the chart area draws, top to bottom.
  std::vector<chart::RunModel*> shownModels() const { return shown_; }
  // Draws runs fed from elsewhere (a watched program's pool calls); not owned, they must outlive the display.
  void showRuns(const std::vector<chart::RunModel*>& models) { showModels(models); }
  const Trace& importedTrace() const;
  // The last message shown to the user about something that went wrong (empty if none).
  QString lastError() const;
  QAction* runAction() const;
  ReplayBar* replayBar() const { return replay_; }
  // True when no saved geometry was found and the screen is small enough to fill.
  bool startMaximized() const { return startMaximized_; }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void connectActions();
  void retranslate();
  QWidget* buildChartPage();
  void loadSettings();
  void saveSettings() const;
  void startLive(const Scenario& scenario, const std::vector<Mode>& modes, const std::vector<chart::RunModel*>& beside);
  void showModels(const std::vector<chart::RunModel*>& models);
  // Dims a finished run's chart once the settings no longer match it.
  void markStale();
  void onRunStarted(int run, Mode mode);
  void onTick(qint64 nowNs);
  void onRunsFinished(bool stopped, const QString& error);
  void onTraceOpened(const QStringList& files, const std::vector<chart::RunModel*>& models);
  void showError(const QString& title, const QString& message);
  // `sentence` (translated) says what failed; the exception's text follows as details.
  void showError(const QString& title, const QString& sentence, const std::exception& error);
  void updateActions();
  void updateReplayRange();
  void chooseOpenFiles(bool several);
  void copyChart();
  void toggleFullScreen();
  void showAbout();
  // The Chart tab alone has the pool's control panel (unless it was hidden with F9).
  void updatePanelVisibility();
  QString defaultExportName() const;
  Trace shownTrace() const;

  ControlPanel* panel_ = nullptr;
  chart::ChartArea* area_ = nullptr;
  RunController* controller_ = nullptr;
  TraceOpener* opener_ = nullptr;
  ErrorReporter* errors_ = nullptr;
  SpaceKeyFilter* spaceFilter_ = nullptr;
  QSplitter* splitter_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  lesson::LessonView* lessons_ = nullptr;
  memory::MemoryView* memory_ = nullptr;
  PythonPane* python_ = nullptr;
  LegendBar* legend_ = nullptr;
  FirstRunHint* hint_ = nullptr;
  ReplayBar* replay_ = nullptr;
  WindowActions* actions_ = nullptr;
  ExportDialogs* exports_ = nullptr;

  std::vector<std::unique_ptr<chart::RunModel>> liveModels_;
  std::vector<chart::RunModel*> shown_;
  std::vector<double> liveDurations_;  // the planned durations of the window's own run (export caption)
  qint64 runStartNs_ = 0;
  int runsTotal_ = 0;
  bool wasMaximized_ = false;
  bool startMaximized_ = false;
};

}  // namespace poolscope::gui
