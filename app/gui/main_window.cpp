#include "gui/main_window.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include <QAbstractSpinBox>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

#include "chart/chart_area.hpp"
#include "chart/chart_export.hpp"
#include "gui/control_panel.hpp"
#include "gui/preset_library.hpp"
#include "gui/run_controller.hpp"
#include "gui/trace_loader.hpp"
#include "gui/trace_scenario.hpp"
#include "gui/window_palette.hpp"
#include "i18n/language_menu.hpp"
#include "lesson/lesson_view.hpp"
#include "memory/memory_view.hpp"
#include "poolscope/trace/trace_writer.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::gui {

namespace {

constexpr int kReplaySteps = 1000;  // slider positions per run: smooth enough, cheap to redraw

QString modeName(Mode mode) {
  return QString::fromLatin1(to_string(mode).data(), static_cast<int>(to_string(mode).size()));
}

QString seconds(double s) { return QStringLiteral("%1 s").arg(s, 0, 'f', 2); }

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(QStringLiteral("PoolScope"));
  setObjectName(QStringLiteral("MainWindow"));

  controller_ = new RunController(this);
  loader_ = new TraceLoader(this);

  panel_ = new ControlPanel;
  panel_->setMinimumWidth(320);
  tabs_ = new QTabWidget;
  tabs_->setDocumentMode(true);
  tabs_->addTab(buildChartPage(), QString());
  lessons_ = new lesson::LessonView;
  tabs_->addTab(lessons_, QString());
  tabs_->addTab(new memory::MemoryView, QString());  // the notebook's conclusion, measured live

  splitter_ = new QSplitter(Qt::Horizontal);
  splitter_->addWidget(panel_);
  splitter_->addWidget(tabs_);
  splitter_->setStretchFactor(0, 0);
  splitter_->setStretchFactor(1, 1);
  splitter_->setCollapsible(1, false);
  splitter_->setSizes({380, 1500});
  setCentralWidget(splitter_);

  buildMenus();

  connect(panel_, &ControlPanel::runRequested, this, &MainWindow::run);
  connect(panel_, &ControlPanel::stopRequested, this, &MainWindow::stop);
  connect(panel_, &ControlPanel::presetRequested, this, &MainWindow::applyPreset);
  connect(panel_, &ControlPanel::scenarioChanged, this, [this] {
    const QSignalBlocker block(compareAction_);
    compareAction_->setChecked(panel_->compareAll());
  });
  connect(controller_, &RunController::runStarted, this, &MainWindow::onRunStarted);
  connect(controller_, &RunController::tick, this, &MainWindow::onTick);
  connect(controller_, &RunController::runFinished, this, [this] { updateReplayRange(); });
  connect(controller_, &RunController::finished, this, &MainWindow::onRunsFinished);
  connect(loader_, &TraceLoader::progress, this, [this](int perMille) {
    if (progress_ != nullptr) progress_->setValue(perMille);
  });
  connect(loader_, &TraceLoader::loaded, this, &MainWindow::onTraceLoaded);
  connect(loader_, &TraceLoader::failed, this, &MainWindow::onTraceFailed);

  replayTimer_.setInterval(RunController::kTickMs);
  replayTimer_.setTimerType(Qt::PreciseTimer);
  connect(&replayTimer_, &QTimer::timeout, this, &MainWindow::onReplayTick);

  // Space must reach the Run/Stop shortcut even while a number box has the focus.
  qApp->installEventFilter(this);

  loadSettings();
  // An empty compare view at start shows what the window is for.
  startLive(panel_->scenario(), {}, {});
  updateActions();
}

MainWindow::~MainWindow() {
  qApp->removeEventFilter(this);
  controller_->stopAndWait();
}

QWidget* MainWindow::buildChartPage() {
  auto* page = new QWidget;
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  area_ = new chart::ChartArea;
  layout->addWidget(area_, 1);

  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(8, 4, 8, 4);
  replayButton_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), QString());
  replayButton_->setFocusPolicy(Qt::TabFocus);
  replaySpeed_ = new QComboBox;
  for (double speed : {0.25, 0.5, 1.0}) replaySpeed_->addItem(QStringLiteral("%1\u00d7").arg(speed), speed);
  replaySpeed_->setCurrentIndex(1);
  replaySlider_ = new QSlider(Qt::Horizontal);
  replaySlider_->setRange(0, kReplaySteps);
  replaySlider_->setValue(kReplaySteps);
  replayLabel_ = new QLabel;
  replayLabel_->setMinimumWidth(120);
  replayLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  row->addWidget(replayButton_);
  row->addWidget(replaySpeed_);
  row->addWidget(replaySlider_, 1);
  row->addWidget(replayLabel_);
  layout->addWidget(bar);

  connect(replayButton_, &QPushButton::clicked, this, [this] {
    if (replayTimer_.isActive()) {
      stopReplay();
    } else {
      startReplay();
    }
  });
  connect(replaySlider_, &QSlider::sliderMoved, this, [this](int position) {
    stopReplay();
    const double t = area_->duration_s() * position / kReplaySteps;
    area_->set_cursor(position >= kReplaySteps ? std::nullopt : std::optional<double>(t));
    replayLabel_->setText(seconds(t));
  });
  connect(area_, &chart::ChartArea::cursor_dragged, this, [this](double t) {
    stopReplay();
    const double total = std::max(area_->duration_s(), 1e-9);
    const QSignalBlocker block(replaySlider_);
    replaySlider_->setValue(static_cast<int>(std::lround(std::clamp(t / total, 0.0, 1.0) * kReplaySteps)));
    replayLabel_->setText(seconds(t));
  });
  return page;
}

void MainWindow::buildMenus() {
  fileMenu_ = menuBar()->addMenu(QString());
  openAction_ = fileMenu_->addAction(QString(), this, &MainWindow::chooseOpenFile);
  openAction_->setShortcut(QKeySequence::Open);
  besideAction_ = fileMenu_->addAction(QString(), this, &MainWindow::runBesideTrace);
  besideAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
  fileMenu_->addSeparator();
  pngAction_ = fileMenu_->addAction(QString(), this, [this] {
    chooseExportImage(QStringLiteral("png"), {1920, 1080}, 1.0);
  });
  pngAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  pngSizedAction_ = fileMenu_->addAction(QString(), this, &MainWindow::chooseExportImageSize);
  svgAction_ = fileMenu_->addAction(QString(), this, [this] {
    chooseExportImage(QStringLiteral("svg"), {1920, 1080}, 1.0);
  });
  pdfAction_ = fileMenu_->addAction(QString(), this, [this] {
    chooseExportImage(QStringLiteral("pdf"), {1920, 1080}, 1.0);
  });
  copyAction_ = fileMenu_->addAction(QString(), this, &MainWindow::copyChart);
  copyAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
  fileMenu_->addSeparator();
  jsonAction_ = fileMenu_->addAction(QString(), this, [this] { chooseExportTrace(QStringLiteral("json")); });
  csvAction_ = fileMenu_->addAction(QString(), this, [this] { chooseExportTrace(QStringLiteral("csv")); });
  exportActions_ = {pngAction_, pngSizedAction_, svgAction_, pdfAction_, copyAction_, jsonAction_, csvAction_};
  fileMenu_->addSeparator();
  quitAction_ = fileMenu_->addAction(QString(), this, &QWidget::close);
  quitAction_->setShortcut(QKeySequence::Quit);

  runMenu_ = menuBar()->addMenu(QString());
  runAction_ = runMenu_->addAction(QString(), this, &MainWindow::toggleRun);
  runAction_->setShortcut(QKeySequence(Qt::Key_Space));
  compareAction_ = runMenu_->addAction(QString());
  compareAction_->setCheckable(true);
  compareAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  connect(compareAction_, &QAction::toggled, panel_, &ControlPanel::setCompareAll);
  runMenu_->addSeparator();
  presetsMenu_ = runMenu_->addMenu(QString());
  const QStringList names = PresetLibrary::names();
  for (int i = 0; i < names.size(); ++i) {
    const QString name = names[i];
    QAction* action = presetsMenu_->addAction(QString(), this, [this, name] { applyPreset(name); });
    action->setData(name);
    if (i < 4) action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    if (name == QLatin1String(PresetLibrary::kRandom)) action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_5));
    presetActions_.push_back(action);
  }

  viewMenu_ = menuBar()->addMenu(QString());
  themeGroup_ = new QActionGroup(this);
  lightAction_ = viewMenu_->addAction(QString());
  lightAction_->setData(QStringLiteral("light"));
  darkAction_ = viewMenu_->addAction(QString());
  darkAction_->setData(QStringLiteral("dark"));
  for (QAction* a : {lightAction_, darkAction_}) {
    a->setCheckable(true);
    themeGroup_->addAction(a);
  }
  presenterAction_ = viewMenu_->addAction(QString());
  presenterAction_->setCheckable(true);
  presenterAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
  auto applyChosenTheme = [this] {
    setTheme(darkAction_->isChecked() ? chart::ThemeKind::dark : chart::ThemeKind::light,
             presenterAction_->isChecked());
  };
  connect(themeGroup_, &QActionGroup::triggered, this, applyChosenTheme);
  connect(presenterAction_, &QAction::triggered, this, applyChosenTheme);
  viewMenu_->addSeparator();
  controlsAction_ = viewMenu_->addAction(QString());
  controlsAction_->setCheckable(true);
  controlsAction_->setChecked(true);
  controlsAction_->setShortcut(QKeySequence(Qt::Key_F9));
  connect(controlsAction_, &QAction::toggled, panel_, &QWidget::setVisible);
  fullScreenAction_ = viewMenu_->addAction(QString(), this, &MainWindow::toggleFullScreen);
  fullScreenAction_->setCheckable(true);
  fullScreenAction_->setShortcut(QKeySequence(Qt::Key_F11));
  viewMenu_->addSeparator();
  viewMenu_->addMenu(new i18n::LanguageMenu(this));

  helpMenu_ = menuBar()->addMenu(QString());
  aboutAction_ = helpMenu_->addAction(QString(), this, [this] {
    QMessageBox::about(this, tr("About PoolScope"),
                       tr("<b>PoolScope %1</b><p>Shows how a pool of processes schedules work: one row per worker, "
                          "one bar per task, and a caller lane that shows when, and in which order, each result "
                          "reaches the caller.</p><p>Space runs or stops, Ctrl+1..4 pick the notebook's examples, "
                          "Ctrl+E exports a slide, F11 goes full screen.</p>")
                           .arg(QCoreApplication::applicationVersion()));
  });

  // Shortcuts stay active when the menu bar is hidden in full screen.
  for (QAction* a : findChildren<QAction*>()) a->setShortcutContext(Qt::WindowShortcut);
  addActions(findChildren<QAction*>());
  retranslate();
}

void MainWindow::retranslate() {
  fileMenu_->setTitle(tr("&File"));
  openAction_->setText(tr("&Open trace..."));
  besideAction_->setText(tr("Run &beside it"));
  besideAction_->setToolTip(tr("Run the opened trace's tasks live and show both"));
  pngAction_->setText(tr("&Export PNG (1920×1080)..."));
  pngSizedAction_->setText(tr("Export PNG at &size..."));
  svgAction_->setText(tr("Export S&VG..."));
  pdfAction_->setText(tr("Export P&DF..."));
  copyAction_->setText(tr("&Copy chart"));
  jsonAction_->setText(tr("Export &trace JSON..."));
  csvAction_->setText(tr("Export C&SV..."));
  quitAction_->setText(tr("&Quit"));
  runMenu_->setTitle(tr("&Run"));
  runAction_->setText(isRunning() ? tr("&Stop") : tr("&Run"));
  compareAction_->setText(tr("&Compare all three modes"));
  presetsMenu_->setTitle(tr("&Presets"));
  for (QAction* a : presetActions_) a->setText(PresetLibrary::title(a->data().toString()));
  viewMenu_->setTitle(tr("&View"));
  lightAction_->setText(tr("&Light theme"));
  darkAction_->setText(tr("&Dark theme"));
  presenterAction_->setText(tr("&Presenter fonts (projector)"));
  controlsAction_->setText(tr("&Control panel"));
  fullScreenAction_->setText(tr("&Full screen"));
  helpMenu_->setTitle(tr("&Help"));
  aboutAction_->setText(tr("&About PoolScope"));
  tabs_->setTabText(0, tr("Chart"));
  tabs_->setTabText(1, tr("Lessons"));
  tabs_->setTabText(2, tr("Memory"));
  replayButton_->setText(replayTimer_.isActive() ? tr("Pause") : tr("Replay"));
  replayButton_->setToolTip(tr("Replay the finished runs slowly, all panels in step"));
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange && fileMenu_ != nullptr) retranslate();
  QMainWindow::changeEvent(event);
}

void MainWindow::loadSettings() {
  QSettings settings;
  const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
  if (geometry.isEmpty() || !restoreGeometry(geometry)) {
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
  if (!splitter_->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray())) {
    // The charts get every pixel a small screen can spare; the sliders stay usable at 300 px.
    const int panelWidth = width() <= 1400 ? 330 : 380;
    splitter_->setSizes({panelWidth, std::max(width() - panelWidth, 400)});
  }

  const bool dark = settings.value(QStringLiteral("view/theme")).toString() == QLatin1String("dark");
  const bool presenter = settings.value(QStringLiteral("view/presenter"), false).toBool();
  setTheme(dark ? chart::ThemeKind::dark : chart::ThemeKind::light, presenter);

  Scenario scenario;
  bool restored = false;
  const QString json = settings.value(QStringLiteral("scenario/json")).toString();
  if (!json.isEmpty()) {
    try {
      const QByteArray bytes = json.toUtf8();
      scenario = parse_scenario(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
      restored = true;
    } catch (const std::exception&) {
      // A scenario saved by an older version, or edited by hand: fall back to the first example.
    }
  }
  if (!restored) {
    try {
      scenario = PresetLibrary::load(QStringLiteral("slow-first"));
    } catch (const std::exception&) {
      scenario = PresetLibrary::random(1);
    }
  }
  panel_->setScenario(scenario, false);
  panel_->setCompareAll(settings.value(QStringLiteral("scenario/compare"), !restored).toBool());
  panel_->showPreset(restored ? settings.value(QStringLiteral("scenario/preset")).toString()
                              : QStringLiteral("slow-first"));
  compareAction_->setChecked(panel_->compareAll());
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/splitter"), splitter_->saveState());
  settings.setValue(QStringLiteral("view/theme"), area_->theme().kind == chart::ThemeKind::dark ? "dark" : "light");
  settings.setValue(QStringLiteral("view/presenter"), area_->theme().presenter);
  try {
    settings.setValue(QStringLiteral("scenario/json"), QString::fromStdString(scenario_to_json(panel_->scenario())));
  } catch (const std::exception&) {
    settings.remove(QStringLiteral("scenario/json"));
  }
  settings.setValue(QStringLiteral("scenario/compare"), panel_->compareAll());
  settings.setValue(QStringLiteral("scenario/preset"), panel_->presetName());
}

void MainWindow::applyPreset(const QString& name) {
  if (isRunning()) {
    panel_->setStatus(tr("Stop the run before picking a preset."));
    return;
  }
  try {
    panel_->setScenario(PresetLibrary::load(name), true);
    panel_->showPreset(name);
    panel_->setStatus(tr("Preset %1 loaded. Press Space to run it.").arg(PresetLibrary::title(name)));
  } catch (const std::exception& e) {
    showError(tr("Preset not loaded"), QString::fromStdString(e.what()));
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
  // Space means "run what I am looking at": the lesson's cell on the Lessons page.
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

void MainWindow::runBesideTrace() {
  if (isRunning() || imported_.runs.empty()) return;
  Scenario scenario;
  try {
    scenario = scenario_from_run(imported_.runs.front());
  } catch (const std::exception& e) {
    showError(tr("Cannot run beside this trace"), QString::fromStdString(e.what()));
    return;
  }
  std::vector<Mode> modes;
  std::vector<chart::RunModel*> beside;
  for (std::size_t i = 0; i < imported_.runs.size() && i < importedModels_.size(); ++i) {
    modes.push_back(imported_.runs[i].mode);
    beside.push_back(importedModels_[i].get());
  }
  startLive(scenario, modes, beside);
}

void MainWindow::startLive(const Scenario& scenario, const std::vector<Mode>& modes,
                           const std::vector<chart::RunModel*>& beside) {
  stopReplay();
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
      showError(tr("This scenario cannot run"), QString::fromStdString(e.what()));
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

  lastError_.clear();
  runStartNs_ = monotonic_ns();
  runsTotal_ = static_cast<int>(modes.size());
  area_->set_cursor(std::nullopt);
  panel_->setRunning(true);
  panel_->setStatus(tr("Starting %n worker(s)...", nullptr, scenario.workers));
  updateActions();
}

void MainWindow::showModels(const std::vector<chart::RunModel*>& models) {
  shown_ = models;
  area_->set_models(models);
  updateReplayRange();
}

void MainWindow::onRunStarted(int run, Mode mode) {
  const QString what = runsTotal_ > 1 ? tr("Running %1 (%2 of %3)...").arg(modeName(mode)).arg(run + 1).arg(runsTotal_)
                                      : tr("Running %1...").arg(modeName(mode));
  panel_->setStatus(what);
}

void MainWindow::onTick(qint64 nowNs) {
  area_->set_now_ns(nowNs);
  replayLabel_->setText(tr("elapsed %1").arg(seconds(static_cast<double>(nowNs - runStartNs_) / 1e9)));
}

void MainWindow::onRunsFinished(bool stopped, const QString& error) {
  area_->set_now_ns(0);
  panel_->setRunning(false);
  updateActions();
  updateReplayRange();
  if (!error.isEmpty()) {
    panel_->setStatus(tr("The run failed."));
    showError(tr("The run failed"), error);
    return;
  }
  if (stopped) {
    panel_->setStatus(tr("Stopped: the workers were terminated."));
    return;
  }
  QStringList walls;
  for (const RunTrace& run : controller_->results()) {
    const double wall = run.end_ns > run.origin_ns ? static_cast<double>(run.end_ns - run.origin_ns) / 1e9 : 0.0;
    walls << QStringLiteral("%1 %2").arg(modeName(run.mode), seconds(wall));
  }
  panel_->setStatus(tr("Done. Wall time: %1").arg(walls.join(QStringLiteral(", "))));
}

void MainWindow::openTrace(const QString& file) {
  if (loader_->isLoading()) {
    panel_->setStatus(tr("Still reading the previous trace..."));
    return;
  }
  if (isRunning()) stop();
  loader_->load(file);
  panel_->setStatus(tr("Reading %1...").arg(QFileInfo(file).fileName()));
  delete progress_;
  progress_ = new QProgressDialog(tr("Reading %1...").arg(QFileInfo(file).fileName()), tr("Cancel"), 0, 1000, this);
  progress_->setWindowTitle(tr("Open trace"));
  // Not modal: a modal QProgressDialog spins a nested event loop in setValue(); the window stays usable.
  progress_->setWindowModality(Qt::NonModal);
  progress_->setMinimumDuration(400);  // small files open without a flash of a dialog
  progress_->setAutoClose(false);
  progress_->setAutoReset(false);
  progress_->setValue(0);
  connect(progress_, &QProgressDialog::canceled, this, [this] {
    loader_->cancel();
    panel_->setStatus(tr("Reading cancelled."));
    progress_->deleteLater();
    progress_ = nullptr;
  });
}

void MainWindow::onTraceLoaded(const QString& file, const Trace& trace) {
  if (progress_ != nullptr) {
    progress_->deleteLater();
    progress_ = nullptr;
  }
  if (isRunning()) stop();  // a run started while the file was read gives way to the file asked for
  stopReplay();
  imported_ = trace;
  importedFile_ = file;
  std::vector<std::unique_ptr<chart::RunModel>> models;
  std::vector<chart::RunModel*> pointers;
  for (RunTrace& run : imported_.runs) {
    if (run.label.empty()) run.label = QFileInfo(file).completeBaseName().toStdString();
    models.push_back(std::make_unique<chart::RunModel>());
    models.back()->reset(run);
    models.back()->finish(run.end_ns);
    pointers.push_back(models.back().get());
  }
  area_->set_cursor(std::nullopt);
  showModels(pointers);
  importedModels_ = std::move(models);
  setWindowTitle(QStringLiteral("PoolScope \u2014 %1").arg(QFileInfo(file).fileName()));
  std::size_t tasks = 0;
  for (const RunTrace& run : imported_.runs) tasks += run.tasks.size();
  panel_->setStatus(tr("Opened %1: %n task(s). File → Run beside it runs them live.", nullptr, static_cast<int>(tasks))
                        .arg(QFileInfo(file).fileName()));
  updateActions();
}

void MainWindow::onTraceFailed(const QString& file, const QString& message) {
  if (progress_ != nullptr) {
    progress_->deleteLater();
    progress_ = nullptr;
  }
  panel_->setStatus(tr("Could not open %1.").arg(QFileInfo(file).fileName()));
  showError(tr("Cannot open %1").arg(QFileInfo(file).fileName()), message);
}

void MainWindow::showError(const QString& title, const QString& message) {
  lastError_ = message;
  // Not exec(): the window (and a run in it) keeps going while the message is up.
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setObjectName(QStringLiteral("errorMessage"));
  box->open();
}

void MainWindow::updateActions() {
  const bool running = isRunning();
  runAction_->setText(running ? tr("&Stop") : tr("&Run"));
  runAction_->setIcon(style()->standardIcon(running ? QStyle::SP_MediaStop : QStyle::SP_MediaPlay));
  besideAction_->setEnabled(!running && !imported_.runs.empty());
  compareAction_->setEnabled(!running);
  for (QAction* a : presetActions_) a->setEnabled(!running);
  bool anything = false;
  for (const chart::RunModel* m : shown_) anything = anything || !m->empty();
  for (QAction* a : exportActions_) a->setEnabled(anything);
  replayButton_->setEnabled(!running && anything);
  replaySlider_->setEnabled(!running && anything);
}

void MainWindow::updateReplayRange() {
  updateActions();
  const QSignalBlocker block(replaySlider_);
  replaySlider_->setValue(kReplaySteps);
  replayLabel_->setText(area_->duration_s() > 0 ? seconds(area_->duration_s()) : QString());
}

void MainWindow::startReplay() {
  if (isRunning() || area_->duration_s() <= 0) return;
  replayAt_ =
      replaySlider_->value() >= kReplaySteps ? 0.0 : area_->duration_s() * replaySlider_->value() / kReplaySteps;
  replayLastNs_ = monotonic_ns();
  replayButton_->setText(tr("Pause"));
  replayButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
  area_->set_cursor(replayAt_);
  replayTimer_.start();
}

void MainWindow::stopReplay() {
  if (!replayTimer_.isActive()) return;
  replayTimer_.stop();
  replayButton_->setText(tr("Replay"));
  replayButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
}

void MainWindow::onReplayTick() {
  const qint64 now = monotonic_ns();
  replayAt_ += static_cast<double>(now - replayLastNs_) / 1e9 * replaySpeed_->currentData().toDouble();
  replayLastNs_ = now;
  const double total = area_->duration_s();
  if (replayAt_ >= total) {
    stopReplay();
    area_->set_cursor(std::nullopt);
    updateReplayRange();
    return;
  }
  area_->set_cursor(replayAt_);
  const QSignalBlocker block(replaySlider_);
  replaySlider_->setValue(static_cast<int>(std::lround(replayAt_ / total * kReplaySteps)));
  replayLabel_->setText(seconds(replayAt_));
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
  options.device_pixel_ratio = devicePixelRatio;
  options.theme = area_->theme().kind;
  options.presenter = true;  // a slide is read from the back of the room
  chart::export_trace(shownTrace(), file.toStdString(), options);
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

QString MainWindow::exportFolder() const {
  const QString saved = QSettings().value(QStringLiteral("export/folder")).toString();
  if (!saved.isEmpty() && QDir(saved).exists()) return saved;
  const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
  return QDir(pictures).exists() ? pictures : QDir::homePath();
}

QString MainWindow::defaultExportName() const {
  QString name = panel_->presetName();
  if (!importedFile_.isEmpty() && !shown_.empty() &&
      shown_.front() == (importedModels_.empty() ? nullptr : importedModels_.front().get())) {
    name = QFileInfo(importedFile_).completeBaseName();
  }
  if (name.isEmpty()) name = panel_->compareAll() ? QStringLiteral("compare") : modeName(panel_->scenario().mode);
  return QStringLiteral("poolscope-%1").arg(name);
}

void MainWindow::chooseExportImage(const QString& suffix, QSize size, double devicePixelRatio) {
  const QString filter = suffix == QLatin1String("png")   ? tr("PNG image (*.png)")
                         : suffix == QLatin1String("svg") ? tr("SVG drawing (*.svg)")
                                                          : tr("PDF document (*.pdf)");
  QString file = QFileDialog::getSaveFileName(
      this, tr("Export chart"), QDir(exportFolder()).filePath(defaultExportName() + "." + suffix), filter);
  if (file.isEmpty()) return;
  if (QFileInfo(file).suffix().isEmpty()) file += "." + suffix;
  QSettings().setValue(QStringLiteral("export/folder"), QFileInfo(file).absolutePath());
  try {
    exportImage(file, size, devicePixelRatio);
    panel_->setStatus(tr("Wrote %1").arg(QDir::toNativeSeparators(file)));
  } catch (const std::exception& e) {
    showError(tr("Export failed"), QString::fromStdString(e.what()));
  }
}

void MainWindow::chooseExportImageSize() {
  const QStringList sizes = {QStringLiteral("1280x720"), QStringLiteral("1920x1080"), QStringLiteral("2560x1440"),
                             tr("1920x1080 at 2× (3840x2160, HiDPI)")};
  bool ok = false;
  const QString choice = QInputDialog::getItem(this, tr("Export PNG"), tr("Image size:"), sizes, 1, false, &ok);
  if (!ok) return;
  const int index = static_cast<int>(sizes.indexOf(choice));
  if (index == 3) {
    chooseExportImage(QStringLiteral("png"), {1920, 1080}, 2.0);
    return;
  }
  try {
    const QByteArray text = choice.toLatin1();
    chooseExportImage(QStringLiteral("png"),
                      chart::parse_size(std::string_view(text.constData(), static_cast<std::size_t>(text.size()))),
                      1.0);
  } catch (const std::exception& e) {
    showError(tr("Export failed"), QString::fromStdString(e.what()));
  }
}

void MainWindow::chooseExportTrace(const QString& suffix) {
  const QString filter = suffix == QLatin1String("csv") ? tr("CSV table (*.csv)") : tr("Trace JSON (*.json)");
  QString file = QFileDialog::getSaveFileName(
      this, tr("Export trace"), QDir(exportFolder()).filePath(defaultExportName() + "." + suffix), filter);
  if (file.isEmpty()) return;
  if (QFileInfo(file).suffix().isEmpty()) file += "." + suffix;
  QSettings().setValue(QStringLiteral("export/folder"), QFileInfo(file).absolutePath());
  try {
    exportTrace(file);
    panel_->setStatus(tr("Wrote %1").arg(QDir::toNativeSeparators(file)));
  } catch (const std::exception& e) {
    showError(tr("Export failed"), QString::fromStdString(e.what()));
  }
}

void MainWindow::copyChart() {
  try {
    chart::copy_area_to_clipboard(*area_);
    panel_->setStatus(tr("Chart copied to the clipboard."));
  } catch (const std::exception& e) {
    showError(tr("Copy failed"), QString::fromStdString(e.what()));
  }
}

void MainWindow::chooseOpenFile() {
  const QString folder = QSettings().value(QStringLiteral("open/folder"), QDir::homePath()).toString();
  const QString file =
      QFileDialog::getOpenFileName(this, tr("Open trace"), folder, tr("Trace files (*.json);;All files (*)"));
  if (file.isEmpty()) return;
  QSettings().setValue(QStringLiteral("open/folder"), QFileInfo(file).absolutePath());
  openTrace(file);
}

void MainWindow::setTheme(chart::ThemeKind kind, bool presenter) {
  area_->set_theme(chart::ChartTheme::make(kind, presenter));
  QApplication::setPalette(window_palette(area_->theme()));
  for (QAction* a : themeGroup_->actions()) {
    a->setChecked(a->data().toString() == QLatin1String(kind == chart::ThemeKind::dark ? "dark" : "light"));
  }
  presenterAction_->setChecked(presenter);
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
  fullScreenAction_->setChecked(isFullScreen());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  stopReplay();
  // The workers die with the run; waiting here is bounded by the pool's ~10 ms stop poll.
  controller_->stopAndWait();
  loader_->cancel();
  saveSettings();
  event->accept();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::ShortcutOverride) {
    const auto* key = static_cast<QKeyEvent*>(event);
    const bool inNumberBox =
        qobject_cast<QAbstractSpinBox*>(watched) != nullptr ||
        (watched->parent() != nullptr && qobject_cast<QAbstractSpinBox*>(watched->parent()) != nullptr);
    if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier && inNumberBox) {
      event->ignore();
      return true;  // not accepted: the Run/Stop shortcut gets the key
    }
  }
  return QMainWindow::eventFilter(watched, event);
}

}  // namespace poolscope::gui
