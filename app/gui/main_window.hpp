// PoolScope's main window: the control panel on the left, the live charts on the right, and the menus and
// hot keys a lecturer uses in class (Space run/stop, Ctrl+1..4 presets, Ctrl+E export, F11 full screen).
#pragma once

#include <memory>
#include <vector>

#include <QMainWindow>
#include <QString>
#include <QTimer>

#include "chart/chart_theme.hpp"
#include "chart/run_model.hpp"
#include "poolscope/scenario/scenario.hpp"
#include "poolscope/trace/task_record.hpp"

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class QProgressDialog;
class QPushButton;
class QSlider;
class QSplitter;
class QTabWidget;

namespace poolscope::chart {
class ChartArea;
}
namespace poolscope::lesson {
class LessonView;
}

namespace poolscope::gui {

class ControlPanel;
class RunController;
class TraceLoader;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Reads `file` off the GUI thread (a progress dialog shows for large files); the trace is drawn when
  // read, or a message says why it could not be.
  void openTrace(const QString& file);
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
  TraceLoader* traceLoader() const { return loader_; }
  lesson::LessonView* lessonView() const { return lessons_; }
  QTabWidget* tabs() const { return tabs_; }
  // The runs the chart area draws, top to bottom.
  std::vector<chart::RunModel*> shownModels() const { return shown_; }
  // Draws runs fed from elsewhere (a watched program's pool calls); not owned, they must outlive the display.
  void showRuns(const std::vector<chart::RunModel*>& models) { showModels(models); }
  const Trace& importedTrace() const { return imported_; }
  // The last message shown to the user about something that went wrong (empty if none).
  QString lastError() const { return lastError_; }
  QAction* runAction() const { return runAction_; }
  // True when no saved geometry was found and the screen is small enough to fill.
  bool startMaximized() const { return startMaximized_; }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void changeEvent(QEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void buildMenus();
  void retranslate();
  QWidget* buildChartPage();
  void loadSettings();
  void saveSettings() const;
  void startLive(const Scenario& scenario, const std::vector<Mode>& modes, const std::vector<chart::RunModel*>& beside);
  void showModels(const std::vector<chart::RunModel*>& models);
  void onRunStarted(int run, Mode mode);
  void onTick(qint64 nowNs);
  void onRunsFinished(bool stopped, const QString& error);
  void onTraceLoaded(const QString& file, const Trace& trace);
  void onTraceFailed(const QString& file, const QString& message);
  void showError(const QString& title, const QString& message);
  void updateActions();
  void updateReplayRange();
  void startReplay();
  void stopReplay();
  void onReplayTick();
  void chooseOpenFile();
  void chooseExportImage(const QString& suffix, QSize size, double devicePixelRatio);
  void chooseExportImageSize();
  void chooseExportTrace(const QString& suffix);
  void copyChart();
  void toggleFullScreen();
  QString exportFolder() const;
  QString defaultExportName() const;
  Trace shownTrace() const;

  ControlPanel* panel_ = nullptr;
  chart::ChartArea* area_ = nullptr;
  RunController* controller_ = nullptr;
  TraceLoader* loader_ = nullptr;
  QSplitter* splitter_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  lesson::LessonView* lessons_ = nullptr;
  QProgressDialog* progress_ = nullptr;

  QPushButton* replayButton_ = nullptr;
  QComboBox* replaySpeed_ = nullptr;
  QSlider* replaySlider_ = nullptr;
  QLabel* replayLabel_ = nullptr;
  QTimer replayTimer_;
  double replayAt_ = 0.0;
  qint64 replayLastNs_ = 0;

  QMenu* fileMenu_ = nullptr;
  QMenu* runMenu_ = nullptr;
  QMenu* presetsMenu_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  QMenu* helpMenu_ = nullptr;
  QAction* openAction_ = nullptr;
  QAction* pngAction_ = nullptr;
  QAction* pngSizedAction_ = nullptr;
  QAction* svgAction_ = nullptr;
  QAction* pdfAction_ = nullptr;
  QAction* copyAction_ = nullptr;
  QAction* jsonAction_ = nullptr;
  QAction* csvAction_ = nullptr;
  QAction* quitAction_ = nullptr;
  QAction* lightAction_ = nullptr;
  QAction* darkAction_ = nullptr;
  QAction* aboutAction_ = nullptr;
  QAction* runAction_ = nullptr;
  QAction* besideAction_ = nullptr;
  QAction* compareAction_ = nullptr;
  QAction* fullScreenAction_ = nullptr;
  QAction* presenterAction_ = nullptr;
  QAction* controlsAction_ = nullptr;
  QActionGroup* themeGroup_ = nullptr;
  std::vector<QAction*> presetActions_;
  std::vector<QAction*> exportActions_;

  std::vector<std::unique_ptr<chart::RunModel>> liveModels_;
  std::vector<std::unique_ptr<chart::RunModel>> importedModels_;
  std::vector<chart::RunModel*> shown_;
  Trace imported_;
  QString importedFile_;
  QString lastError_;
  qint64 runStartNs_ = 0;
  int runsTotal_ = 0;
  bool wasMaximized_ = false;
  bool startMaximized_ = false;
};

}  // namespace poolscope::gui
