#include "gui/control_panel.hpp"

#include <algorithm>
#include <string_view>

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

#include "gui/preset_library.hpp"
#include "gui/task_list_editor.hpp"

namespace poolscope::gui {

ControlPanel::ControlPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 8, 8, 8);
  layout->setSpacing(8);

  presetGroup_ = new QGroupBox;
  auto* presetLayout = new QVBoxLayout(presetGroup_);
  preset_ = new QComboBox;
  preset_->addItem(QString(), QString());  // "Custom"
  for (const QString& name : PresetLibrary::names()) preset_->addItem(QString(), name);
  presetLayout->addWidget(preset_);
  layout->addWidget(presetGroup_);

  poolGroup_ = new QGroupBox;
  auto* form = new QFormLayout(poolGroup_);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  mode_ = new QComboBox;
  mode_->addItem(QStringLiteral("map"));
  mode_->addItem(QStringLiteral("imap"));
  mode_->addItem(QStringLiteral("imap_unordered"));
  mode_->addItem(QString());  // compare all three
  workers_ = new QSpinBox;
  workers_->setRange(1, kMaxWorkers);
  workers_->setValue(3);
  chunksize_ = new QSpinBox;
  chunksize_->setRange(0, TaskListEditor::kMaxTasks);
  maxTasks_ = new QSpinBox;
  maxTasks_->setRange(0, TaskListEditor::kMaxTasks);
  workload_ = new QComboBox;
  workload_->addItem(QString(), QStringLiteral("sleep"));
  workload_->addItem(QString(), QStringLiteral("spin"));
  workload_->addItem(QString(), QStringLiteral("crash"));
  workload_->addItem(QString(), QStringLiteral("raise"));
  modeLabel_ = new QLabel;
  workersLabel_ = new QLabel;
  chunksizeLabel_ = new QLabel;
  maxTasksLabel_ = new QLabel;
  workloadLabel_ = new QLabel;
  form->addRow(modeLabel_, mode_);
  form->addRow(workersLabel_, workers_);
  form->addRow(chunksizeLabel_, chunksize_);
  form->addRow(maxTasksLabel_, maxTasks_);
  form->addRow(workloadLabel_, workload_);
  // Translated item texts can be longer than the panel is wide; the combo boxes give way (eliding their
  // text) so that the labels always keep their full width.
  for (QComboBox* box : {mode_, workload_}) {
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(8);
  }
  layout->addWidget(poolGroup_);

  taskGroup_ = new QGroupBox;
  auto* taskLayout = new QVBoxLayout(taskGroup_);
  tasks_ = new TaskListEditor;
  taskLayout->addWidget(tasks_);
  layout->addWidget(taskGroup_, 1);

  auto* buttons = new QHBoxLayout;
  run_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), QString());
  run_->setDefault(true);
  stop_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), QString());
  stop_->setEnabled(false);
  for (QPushButton* b : {run_, stop_}) {
    b->setMinimumHeight(36);
    b->setFocusPolicy(Qt::TabFocus);  // Space belongs to the Run/Stop shortcut, not to a focused button
  }
  buttons->addWidget(run_, 1);
  buttons->addWidget(stop_, 1);
  layout->addLayout(buttons);

  status_ = new QLabel;
  status_->setWordWrap(true);
  status_->setMinimumHeight(status_->fontMetrics().lineSpacing() * 2);
  status_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  layout->addWidget(status_);

  keys_ = new QLabel;
  keys_->setWordWrap(true);
  keys_->setForegroundRole(QPalette::PlaceholderText);
  layout->addWidget(keys_);
  retranslate();
  status_->setText(tr("Ready. Pick a preset or set the sliders, then press Space."));

  connect(run_, &QPushButton::clicked, this, &ControlPanel::runRequested);
  connect(stop_, &QPushButton::clicked, this, &ControlPanel::stopRequested);
  connect(preset_, &QComboBox::activated, this, [this](int index) {
    const QString name = preset_->itemData(index).toString();
    if (!name.isEmpty()) emit presetRequested(name);
  });
  auto edited = [this] {
    // A hand edit turns a preset into a custom scenario.
    const QSignalBlocker block(preset_);
    preset_->setCurrentIndex(0);
    emit scenarioChanged();
  };
  connect(mode_, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (index >= 0 && index < kCompareIndex) lastSingleMode_ = static_cast<Mode>(index);
    emit scenarioChanged();
  });
  connect(workers_, &QSpinBox::valueChanged, this, edited);
  connect(chunksize_, &QSpinBox::valueChanged, this, edited);
  connect(maxTasks_, &QSpinBox::valueChanged, this, edited);
  connect(workload_, &QComboBox::currentIndexChanged, this, [this, edited] {
    tasks_->setFailSelectable(failing());
    edited();
  });
  connect(tasks_, &TaskListEditor::changed, this, edited);
  connect(tasks_, &TaskListEditor::changed, this,
          [this] { taskGroup_->setTitle(tr("Tasks (%n)", nullptr, tasks_->count())); });
}

void ControlPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ControlPanel::retranslate() {
  presetGroup_->setTitle(tr("Preset"));
  preset_->setItemText(0, tr("Custom"));
  for (int i = 1; i < preset_->count(); ++i) {
    QString text = PresetLibrary::title(preset_->itemData(i).toString());
    if (i <= 4) text += QStringLiteral("   (Ctrl+%1)").arg(i);
    preset_->setItemText(i, text);
  }
  preset_->setToolTip(tr("Load the tasks of a notebook example"));
  poolGroup_->setTitle(tr("Pool"));
  modeLabel_->setText(tr("Mode"));
  workersLabel_->setText(tr("Workers"));
  chunksizeLabel_->setText(tr("Chunksize"));
  maxTasksLabel_->setText(tr("Max tasks per child"));
  workloadLabel_->setText(tr("Workload"));
  mode_->setItemText(kCompareIndex, tr("compare all three"));
  mode_->setToolTip(tr("Which Pool method hands the results to the caller"));
  workers_->setToolTip(tr("Pool(processes=N)"));
  chunksize_->setSpecialValueText(tr("auto"));
  chunksize_->setToolTip(tr("Tasks sent to a worker at a time; auto is Python's default for the mode"));
  maxTasks_->setSpecialValueText(tr("none"));
  maxTasks_->setToolTip(
      tr("Pool(maxtasksperchild=N): a worker is replaced by a fresh process (same row, new pid) after N tasks, "
         "a chunk counting as one; none keeps every worker for the whole run"));
  workload_->setItemText(0, tr("sleep"));
  workload_->setItemText(1, tr("spin (burns CPU)"));
  workload_->setItemText(2, tr("crash (kills its worker)"));
  workload_->setItemText(3, tr("raise (an exception)"));
  workload_->setToolTip(
      tr("sleep waits; spin keeps a core busy, which shows workers outnumbering cores; crash and "
         "raise make the task chosen in the task list fail"));
  taskGroup_->setTitle(tr("Tasks (%n)", nullptr, tasks_->count()));
  run_->setText(tr("Run"));
  run_->setToolTip(tr("Run the tasks (Space)"));
  stop_->setText(tr("Stop"));
  stop_->setToolTip(tr("Terminate the workers now (Space)"));
  keys_->setText(tr("Space run / stop · Ctrl+1..4 presets · Ctrl+E export PNG · F11 full screen"));
}

Scenario ControlPanel::scenario() const {
  Scenario s;
  s.mode = compareAll() ? lastSingleMode_ : static_cast<Mode>(mode_->currentIndex());
  s.workers = workers_->value();
  s.chunksize = chunksize_->value();
  if (maxTasks_->value() > 0) s.maxtasksperchild = maxTasks_->value();
  s.workload = workload_from_string(workload_->currentData().toString().toStdString()).value_or(Workload::sleep);
  s.inputs = tasks_->inputs();
  s.durations = tasks_->durations();
  if (failing()) s.fail_task = tasks_->failTask();
  return s;
}

void ControlPanel::setScenario(const Scenario& scenario, bool keepCompare) {
  {
    const QSignalBlocker b1(mode_), b2(workers_), b3(chunksize_), b4(workload_), b5(tasks_), b6(maxTasks_);
    lastSingleMode_ = scenario.mode;
    if (!(keepCompare && compareAll())) mode_->setCurrentIndex(static_cast<int>(scenario.mode));
    workers_->setValue(scenario.workers);
    chunksize_->setValue(scenario.chunksize);
    maxTasks_->setValue(scenario.maxtasksperchild.value_or(0));
    const std::string_view workload = to_string(scenario.workload);
    workload_->setCurrentIndex(
        std::max(0, workload_->findData(QString::fromLatin1(workload.data(), static_cast<int>(workload.size())))));
    tasks_->setTasks(scenario.inputs, scenario.durations);
    tasks_->setFailSelectable(failing());
    tasks_->setFailTask(scenario.fail_task.value_or(0));
  }
  taskGroup_->setTitle(tr("Tasks (%n)", nullptr, tasks_->count()));
  emit scenarioChanged();
}

bool ControlPanel::failing() const {
  const QString workload = workload_->currentData().toString();
  return workload == QLatin1String("crash") || workload == QLatin1String("raise");
}

bool ControlPanel::compareAll() const { return mode_->currentIndex() == kCompareIndex; }

void ControlPanel::setCompareAll(bool on) {
  mode_->setCurrentIndex(on ? kCompareIndex : static_cast<int>(lastSingleMode_));
}

void ControlPanel::setRunning(bool running) {
  run_->setEnabled(!running);
  stop_->setEnabled(running);
  for (QWidget* w :
       std::initializer_list<QWidget*>{mode_, workers_, chunksize_, maxTasks_, workload_, preset_, tasks_}) {
    w->setEnabled(!running);
  }
}

void ControlPanel::showPreset(const QString& name) {
  const QSignalBlocker block(preset_);
  const int index = preset_->findData(name);
  preset_->setCurrentIndex(index < 0 ? 0 : index);
}

QString ControlPanel::presetName() const { return preset_->currentData().toString(); }

void ControlPanel::setStatus(const QString& text) { status_->setText(text); }

}  // namespace poolscope::gui
