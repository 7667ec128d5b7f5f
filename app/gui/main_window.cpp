#include "gui/main_window.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

#include "chart/chart_area.hpp"
#include "chart/chart_export.hpp"
#include "gui/chart_actions.hpp"
#include "gui/chart_help.hpp"
#include "gui/control_panel.hpp"
#include "gui/error_reporter.hpp"
#include "gui/export_dialogs.hpp"
#include "gui/first_run_hint.hpp"
#include "gui/legend_bar.hpp"
#include "gui/preset_library.hpp"
#include "gui/python_pane.hpp"
#include "gui/replay_bar.hpp"
#include "gui/run_controller.hpp"
#include "gui/space_key_filter.hpp"
#include "gui/trace_loader.hpp"
#include "gui/trace_opener.hpp"
#include "gui/trace_scenario.hpp"
#include "gui/window_actions.hpp"
#include "gui/window_palette.hpp"
#include "gui/window_settings.hpp"
#include "lesson/lesson_view.hpp"
#include "memory/memory_view.hpp"
#include "poolscope/trace/trace_writer.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::gui {

namespace {

QString modeName(Mode mode) {
  return QString::fromLatin1(to_string(mode).data(), static_cast<int>(to_string(mode).size()));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(QStringLiteral("PoolScope"));
  setObjectName(QStringLiteral("MainWindow"));

  controller_ = new RunController(this);
  errors_ = new ErrorReporter(this);
  opener_ = new TraceOpener(this);

  panel_ = new ControlPanel;
  panel_->setMinimumWidth(320);
  tabs_ = new QTabWidget;
  tabs_->setDocumentMode(true);
  tabs_->addTab(buildChartPage(), QString());
  lessons_ = new lesson::LessonView;
  tabs_->addTab(lessons_, QString());
  memory_ = new memory::MemoryView;
  tabs_->addTab(memory_, QString());  // the notebook's conclusion, measured live

  splitter_ = new QSplitter(Qt::Horizontal);
  splitter_->addWidget(panel_);
  splitter_->addWidget(tabs_);
  splitter_->setStretchFactor(0, 0);
  splitter_->setStretchFactor(1, 1);
  splitter_->setCollapsible(1, false);
  splitter_->setSizes({380, 1500});
  setCentralWidget(splitter_);

  actions_ = new WindowActions(this);
  exports_ = new ExportDialogs(
      this, [this](const QString& file, QSize size, double dpr) { exportImage(file, size, dpr); },
      [this](const QString& file) { exportTrace(file); });
  connect(exports_, &ExportDialogs::wrote, this,
          [this](const QString& file) { panel_->setStatus(tr("Wrote %1").arg(QDir::toNativeSeparators(file))); });
  connect(exports_, &ExportDialogs::failed, this, qOverload<const QString&, const QString&>(&MainWindow::showError));
  connectActions();
  new ChartActions(this, area_, replay_, actions_->helpMenu);
  retranslate();

  // The Lessons page has its own Run and needs the width; its "Open in Chart" brings a cell's preset over.
  connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::updatePanelVisibility);
  connect(lessons_, &lesson::LessonView::openInChartRequested, this, [this](const QString& preset) {
    tabs_->setCurrentIndex(0);
    applyPreset(preset);
    panel_->setCompareAll(false);  // the cell's own mode, as the lesson showed it
  });
  connect(panel_, &ControlPanel::runRequested, this, &MainWindow::run);
  connect(panel_, &ControlPanel::stopRequested, this, &MainWindow::stop);
  connect(panel_, &ControlPanel::presetRequested, this, &MainWindow::applyPreset);
  connect(panel_, &ControlPanel::scenarioChanged, this, [this] {
    const QSignalBlocker block(actions_->compareAction);
    actions_->compareAction->setChecked(panel_->compareAll());
    markStale();
  });
  connect(controller_, &RunController::runStarted, this, &MainWindow::onRunStarted);
  connect(controller_, &RunController::tick, this, &MainWindow::onTick);
  connect(controller_, &RunController::runFinished, this, [this] { updateReplayRange(); });
  connect(controller_, &RunController::finished, this, &MainWindow::onRunsFinished);
  connect(opener_, &TraceOpener::status, panel_, &ControlPanel::setStatus);
  connect(opener_, &TraceOpener::read, this, [this] {
    if (isRunning()) stop();  // a run started while the file was read gives way to the file asked for
    replay_->stop();
  });
  connect(opener_, &TraceOpener::opened, this, &MainWindow::onTraceOpened);
  connect(opener_, &TraceOpener::failed, this, qOverload<const QString&, const QString&>(&MainWindow::showError));
  connect(opener_, &TraceOpener::failedWith, this,
          qOverload<const QString&, const QString&, const std::exception&>(&MainWindow::showError));

  spaceFilter_ = new SpaceKeyFilter(this);
  qApp->installEventFilter(spaceFilter_);

  loadSettings();
  // An empty compare view at start shows what the window is for.
  startLive(panel_->scenario(), {}, {});
  updateActions();
}

MainWindow::~MainWindow() {
  qApp->removeEventFilter(spaceFilter_);
  controller_->stopAndWait();
}

QWidget* MainWindow::buildChartPage() {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  // The Python program sits beside the chart, hidden until F6.
  auto* beside = new QSplitter(Qt::Horizontal);
  area_ = new chart::ChartArea;
  hint_ = new FirstRunHint(area_);
  python_ = new PythonPane;
  python_->follow(panel_);
  python_->hide();
  beside->addWidget(area_);
  beside->addWidget(python_);
  beside->setStretchFactor(0, 3);
  beside->setStretchFactor(1, 2);
  beside->setCollapsible(0, false);
  layout->addWidget(beside, 1);
  legend_ = new LegendBar;
  legend_->hide();
  layout->addWidget(legend_);
  replay_ = new ReplayBar(area_);
  layout->addWidget(replay_);
  connect(python_, &PythonPane::copied, this, [this] { panel_->setStatus(tr("Python program copied.")); });
  return page;
}

void MainWindow::connectActions() {
  WindowActions* a = actions_;
  connect(a->openAction, &QAction::triggered, this, [this] { chooseOpenFiles(false); });
  connect(a->openSeveralAction, &QAction::triggered, this, [this] { chooseOpenFiles(true); });
  connect(a->besideAction, &QAction::triggered, this, &MainWindow::runBesideTrace);
  for (QAction* image : {a->pngAction, a->svgAction, a->pdfAction}) {
    const QString suffix = image == a->pngAction   ? QStringLiteral("png")
                           : image == a->svgAction ? QStringLiteral("svg")
                                                   : QStringLiteral("pdf");
    connect(image, &QAction::triggered, this, [this, suffix] {
      exports_->saveImage(defaultExportName(), suffix, {1920, 1080}, 1.0);
    });
  }
  connect(a->pngSizedAction, &QAction::triggered, this, [this] { exports_->saveImageAtSize(defaultExportName()); });
  connect(a->copyAction, &QAction::triggered, this, &MainWindow::copyChart);
  connect(a->jsonAction, &QAction::triggered, this,
          [this] { exports_->saveTrace(defaultExportName(), QStringLiteral("json")); });
  connect(a->csvAction, &QAction::triggered, this,
          [this] { exports_->saveTrace(defaultExportName(), QStringLiteral("csv")); });
  connect(a->quitAction, &QAction::triggered, this, &QWidget::close);
  connect(a->runAction, &QAction::triggered, this, &MainWindow::toggleRun);
  connect(a->compareAction, &QAction::toggled, panel_, &ControlPanel::setCompareAll);
  for (QAction* preset : a->presetActions) {
    connect(preset, &QAction::triggered, this, [this, preset] { applyPreset(WindowActions::presetOf(preset)); });
  }
  auto applyChosenTheme = [this] {
    setTheme(actions_->darkAction->isChecked() ? chart::ThemeKind::dark : chart::ThemeKind::light,
             actions_->presenterAction->isChecked());
  };
  connect(a->themeGroup, &QActionGroup::triggered, this, applyChosenTheme);
  connect(a->presenterAction, &QAction::triggered, this, applyChosenTheme);
  connect(a->controlsAction, &QAction::toggled, this, &MainWindow::updatePanelVisibility);
  connect(a->pythonAction, &QAction::toggled, this, &MainWindow::setPythonShown);
  connect(a->legendAction, &QAction::toggled, legend_, &QWidget::setVisible);
  connect(a->readChartAction, &QAction::triggered, this, [this] { ChartHelp::show(this); });
  connect(a->tableAction, &QAction::toggled, area_, &chart::ChartArea::setTableWanted);
  connect(a->fullScreenAction, &QAction::triggered, this, &MainWindow::toggleFullScreen);
  connect(a->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About PoolScope"),
                     tr("<b>PoolScope %1</b><p>Shows how a pool of processes schedules work: one row per worker, "
                        "one bar per task, and a caller lane that shows when, and in which order, each result "
                        "reaches the caller.</p><p>Space runs or stops, Ctrl+1..4 pick the notebook's examples, "
                        "Ctrl+E exports a slide, F11 goes full screen.</p>")
                         .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::updatePanelVisibility() {
  panel_->setVisible(tabs_->currentIndex() == 0 && actions_->controlsAction->isChecked());
}

void MainWindow::setPythonShown(bool shown) {
  const QSignalBlocker block(actions_->pythonAction);
  actions_->pythonAction->setChecked(shown);
  if (shown) tabs_->setCurrentIndex(0);
  python_->setVisible(shown);
}

void MainWindow::retranslate() {
  actions_->retranslate(isRunning());
  tabs_->setTabText(0, tr("Chart"));
  tabs_->setTabText(1, tr("Lessons"));
  tabs_->setTabText(2, tr("Memory"));
}

QAction* MainWindow::runAction() const { return actions_->runAction; }

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange && actions_ != nullptr) retranslate();
  QMainWindow::changeEvent(event);
}

void MainWindow::loadSettings() {
  const WindowState state = WindowSettings::load();
  if (state.geometry.isEmpty() || !restoreGeometry(state.geometry)) {
    // First launch: a laptop or projector screen (1366x768, 1920x1080) is filled; a large one gets a window.
    const QRect available = screen() != nullptr ? screen()->availableGeometry() : QRect(0, 0, 1600, 960);
    if (available.width() <= 1920) {
      setGeometry(available);
      startMaximized_ = true;
    } else {
      resize(1600, 960);
      move(available.center() - rect().center());
    }
  }
  if (!splitter_->restoreState(state.splitter)) {
    // The charts get every pixel a small screen can spare; the sliders stay usable at 300 px.
    const int panelWidth = width() <= 1400 ? 330 : 380;
    splitter_->setSizes({panelWidth, std::max(width() - panelWidth, 400)});
  }
  setTheme(state.dark ? chart::ThemeKind::dark : chart::ThemeKind::light, state.presenter);

  const bool restored = state.scenario.has_value();
  Scenario scenario;
  if (restored) {
    scenario = *state.scenario;
  } else {
    try {
      scenario = PresetLibrary::load(QStringLiteral("slow-first"));
    } catch (const std::exception&) {
      scenario = PresetLibrary::random(1);
    }
  }
  panel_->setScenario(scenario, false);
  panel_->setCompareAll(state.compareAll.value_or(!restored));
  panel_->showPreset(restored ? state.preset : QStringLiteral("slow-first"));
  actions_->compareAction->setChecked(panel_->compareAll());
}

void MainWindow::saveSettings() const {
  WindowState state;
  state.geometry = saveGeometry();
  state.splitter = splitter_->saveState();
  state.dark = area_->theme().kind == chart::ThemeKind::dark;
  state.presenter = area_->theme().presenter;
  state.scenario = panel_->scenario();
  state.compareAll = panel_->compareAll();
  state.preset = panel_->presetName();
  WindowSettings::save(state);
}

void MainWindow::applyPreset(const QString& name) {
  if (isRunning()) {
    panel_->setStatus(tr("Stop the run before picking a preset."));
    return;
  }
  try {
    const std::optional<bool> compare = PresetLibrary::comparesModes(name);
    panel_->setScenario(PresetLibrary::load(name), compare.value_or(true));
    if (compare) panel_->setCompareAll(*compare);  // In[12] is about map: it shows map, not three panels
    panel_->showPreset(name);
    panel_->setStatus(tr("Preset %1 loaded. Press Space to run it.").arg(PresetLibrary::title(name)));
  } catch (const std::exception& e) {
    showError(tr("Preset not loaded"), tr("The preset could not be loaded."), e);
  }
}

void MainWindow::run() {
  if (isRunning()) return;
  const Scenario scenario = panel_->scenario();
  std::vector<Mode> modes = {scenario.mode};
  if (panel_->compareAll()) modes = {Mode::map, Mode::imap, Mode::imap_unordered};
  startLive(scenario, modes, {});
  saveSettings();
}

void MainWindow::stop() {
  if (!isRunning()) return;
  controller_->stop();
  panel_->setStatus(tr("Stopping: terminating the workers..."));
}

void MainWindow::toggleRun() {
  // Space means "run what I am looking at": the lesson's cell on the Lessons page, the measurement on the
  // Memory page; never the Chart tab's run from another page.
  if (tabs_->currentWidget() == memory_) {
    if (memory_->isRunning()) {
      memory_->stop();
    } else {
      memory_->run();
    }
    return;
  }
  if (tabs_->currentWidget() == lessons_) {
    if (lessons_->isRunning()) {
      lessons_->stop();
    } else {
      lessons_->run();
    }
    return;
  }
  if (isRunning()) {
    stop();
  } else {
    run();
  }
}

bool MainWindow::isRunning() const { return controller_->isRunning(); }

TraceLoader* MainWindow::traceLoader() const { return opener_->loader(); }

const Trace& MainWindow::importedTrace() const { return opener_->trace(); }

void MainWindow::runBesideTrace() {
  const Trace& imported = opener_->trace();
  if (isRunning() || imported.runs.empty()) return;
  Scenario scenario;
  try {
    scenario = scenarioFromRun(imported.runs.front());
  } catch (const std::exception& e) {
    showError(tr("Cannot run beside this trace"), tr("The tasks of this trace cannot be run here."), e);
    return;
  }
  std::vector<Mode> modes;
  std::vector<chart::RunModel*> beside;
  for (std::size_t i = 0; i < imported.runs.size() && i < opener_->models().size(); ++i) {
    modes.push_back(imported.runs[i].mode);
    beside.push_back(opener_->models()[i].get());
  }
  startLive(scenario, modes, beside);
}

void MainWindow::startLive(const Scenario& scenario, const std::vector<Mode>& modes,
                           const std::vector<chart::RunModel*>& beside) {
  replay_->stop();
  std::vector<std::unique_ptr<chart::RunModel>> models;
  std::vector<chart::RunModel*> pointers;
  // No modes: empty panels for the compare view, drawn before anything ran.
  std::vector<Mode> shape = modes;
  if (shape.empty()) {
    shape = panel_->compareAll() ? std::vector<Mode>{Mode::map, Mode::imap, Mode::imap_unordered}
                                 : std::vector<Mode>{scenario.mode};
  }
  for (Mode mode : shape) {
    models.push_back(std::make_unique<chart::RunModel>());
    RunTrace empty;
    empty.mode = mode;
    empty.workers = scenario.workers;
    empty.label = "PoolScope";
    models.back()->reset(empty);
    pointers.push_back(models.back().get());
  }
  if (!modes.empty()) {
    try {
      controller_->start(scenario, modes, pointers);
    } catch (const std::exception& e) {
      showError(tr("This scenario cannot run"), tr("A setting of the scenario is out of range."), e);
      return;
    }
  }
  std::vector<chart::RunModel*> shown;
  for (std::size_t i = 0; i < pointers.size(); ++i) {
    if (i < beside.size()) shown.push_back(beside[i]);
    shown.push_back(pointers[i]);
  }
  showModels(shown);
  liveModels_ = std::move(models);  // the previous live models go only once nothing draws them
  if (modes.empty()) return;

  errors_->clear();
  liveDurations_ = scenario.durations;
  area_->setStaleNote(QString());
  runStartNs_ = monotonic_ns();
  runsTotal_ = static_cast<int>(modes.size());
  area_->setScrubCursor(std::nullopt);
  panel_->setRunning(true);
  panel_->setStatus(tr("Starting %n worker(s)...", nullptr, scenario.workers));
  updateActions();
}

void MainWindow::markStale() {
  // Only a finished run of the window's own can go stale: a loaded trace is what the file says.
  bool ownRunShown = false;
  for (const auto& model : liveModels_) ownRunShown = ownRunShown || !model->empty();
  if (isRunning() || !ownRunShown) return;
  area_->setStaleNote(tr("Settings changed — press Space to run"));
}

void MainWindow::showModels(const std::vector<chart::RunModel*>& models) {
  shown_ = models;
  area_->setModels(models);
  updateReplayRange();
}

void MainWindow::onRunStarted(int run, Mode mode) {
  const QString what = runsTotal_ > 1 ? tr("Running %1 (%2 of %3)...").arg(modeName(mode)).arg(run + 1).arg(runsTotal_)
                                      : tr("Running %1...").arg(modeName(mode));
  panel_->setStatus(what);
}

void MainWindow::onTick(qint64 nowNs) {
  area_->setNowNs(nowNs);
  replay_->showElapsed(static_cast<double>(nowNs - runStartNs_) / 1e9);
}

void MainWindow::onRunsFinished(bool stopped, const QString& error) {
  area_->setNowNs(0);
  panel_->setRunning(false);
  updateActions();
  updateReplayRange();
  if (!error.isEmpty()) {
    panel_->setStatus(tr("The run failed."));
    showError(tr("The run failed"), ErrorReporter::withDetails(tr("The pool stopped with an error."), error));
    return;
  }
  if (stopped) {
    panel_->setStatus(tr("Stopped: the workers were terminated."));
    return;
  }
  QStringList walls;
  for (const RunTrace& run : controller_->results()) {
    const double wall = run.end_ns > run.origin_ns ? static_cast<double>(run.end_ns - run.origin_ns) / 1e9 : 0.0;
    walls << QStringLiteral("%1 %2").arg(modeName(run.mode), secondsLabel(wall));
  }
  panel_->setStatus(tr("Done. Wall time: %1").arg(walls.join(QStringLiteral(", "))));
}

void MainWindow::openTraces(const QStringList& files) {
  if (opener_->isLoading()) {
    panel_->setStatus(tr("Still reading the previous trace..."));
    return;
  }
  if (isRunning()) stop();
  opener_->open(files);
}

void MainWindow::onTraceOpened(const QStringList& files, const std::vector<chart::RunModel*>& models) {
  area_->setScrubCursor(std::nullopt);
  area_->setStaleNote(QString());
  showModels(models);
  setWindowTitle(QStringLiteral("PoolScope \u2014 %1").arg(TraceOpener::namesOf(files)));
  std::size_t tasks = 0;
  for (const RunTrace& run : importedTrace().runs) tasks += run.tasks.size();
  panel_->setStatus(tr("Opened %1: %n task(s). File → Run beside it runs them live.", nullptr, static_cast<int>(tasks))
                        .arg(TraceOpener::namesOf(files)));
  updateActions();
}

void MainWindow::showError(const QString& title, const QString& message) { errors_->show(title, message); }

void MainWindow::showError(const QString& title, const QString& sentence, const std::exception& error) {
  errors_->show(title, sentence, error);
}

QString MainWindow::lastError() const { return errors_->lastError(); }

void MainWindow::updateActions() {
  const bool running = isRunning();
  bool anything = false;
  for (const chart::RunModel* m : shown_) anything = anything || !m->empty();
  actions_->update(running, !importedTrace().runs.empty(), anything);
  hint_->setEmpty(!running && !anything);
  replay_->setAvailable(!running && anything);
}

void MainWindow::updateReplayRange() {
  updateActions();
  replay_->resetRange();
}

Trace MainWindow::shownTrace() const {
  Trace trace;
  for (const chart::RunModel* m : shown_) {
    if (!m->empty()) trace.runs.push_back(m->run());
  }
  return trace;
}

void MainWindow::exportImage(const QString& file, QSize size, double devicePixelRatio) {
  chart::ExportOptions options;
  options.size = size;
  options.devicePixelRatio = devicePixelRatio;
  options.theme = area_->theme().kind;
  options.presenter = true;  // a slide is read from the back of the room
  options.caption = actions_->captionAction->isChecked();
  options.legend = actions_->legendAction->isChecked();
  const bool ownRun = !shown_.empty() && !liveModels_.empty() && shown_.front() == liveModels_.front().get();
  if (options.caption && ownRun) options.captionText = chart::exportCaption(shownTrace(), &liveDurations_);
  chart::exportTrace(shownTrace(), file.toStdString(), options);
}

void MainWindow::exportTrace(const QString& file) {
  const Trace trace = shownTrace();
  if (trace.runs.empty()) throw InputError("There is no run to export yet; run the tasks or open a trace first.");
  if (file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
    write_trace_csv(trace, file.toStdString());
  } else {
    write_trace_json(trace, file.toStdString());
  }
}

QString MainWindow::defaultExportName() const {
  QString name = panel_->presetName();
  const auto& imported = opener_->models();
  if (!opener_->file().isEmpty() && !shown_.empty() && !imported.empty() && shown_.front() == imported.front().get()) {
    name = QFileInfo(opener_->file()).completeBaseName();
  }
  if (name.isEmpty()) name = panel_->compareAll() ? QStringLiteral("compare") : modeName(panel_->scenario().mode);
  return QStringLiteral("poolscope-%1").arg(name);
}

void MainWindow::copyChart() {
  try {
    chart::copyAreaToClipboard(*area_);
    panel_->setStatus(tr("Chart copied to the clipboard."));
  } catch (const std::exception& e) {
    showError(tr("Copy failed"), tr("The chart was not copied."), e);
  }
}

void MainWindow::chooseOpenFiles(bool several) {
  const QStringList files = TraceOpener::chooseFiles(this, several);
  if (!files.isEmpty()) openTraces(files);
}

void MainWindow::setTheme(chart::ThemeKind kind, bool presenter) {
  area_->setTheme(chart::ChartTheme::make(kind, presenter));
  legend_->setTheme(area_->theme());
  QApplication::setPalette(windowPalette(area_->theme()));
  for (QAction* a : actions_->themeGroup->actions()) {
    a->setChecked(a->data().toString() == QLatin1String(kind == chart::ThemeKind::dark ? "dark" : "light"));
  }
  actions_->presenterAction->setChecked(presenter);
}

void MainWindow::addPage(QWidget* page, const QString& title) { tabs_->addTab(page, title); }

void MainWindow::toggleFullScreen() {
  if (isFullScreen()) {
    if (wasMaximized_) {
      showMaximized();
    } else {
      showNormal();
    }
    menuBar()->show();
  } else {
    wasMaximized_ = isMaximized();
    showFullScreen();
  }
  actions_->fullScreenAction->setChecked(isFullScreen());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  replay_->stop();
  // The workers die with the run; waiting here is bounded by the pool's ~10 ms stop poll.
  controller_->stopAndWait();
  opener_->cancel();
  saveSettings();
  event->accept();
}

}  // namespace poolscope::gui
