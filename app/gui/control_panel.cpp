#include "gui/control_panel.hpp"

#include <QComboBox>
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

  auto* presetGroup = new QGroupBox(tr("Preset"));
  auto* presetLayout = new QVBoxLayout(presetGroup);
  preset_ = new QComboBox;
  preset_->addItem(tr("Custom"), QString());
  const QStringList names = PresetLibrary::names();
  for (int i = 0; i < names.size(); ++i) {
    QString text = PresetLibrary::title(names[i]);
    if (i < 4) text += QStringLiteral("   (Ctrl+%1)").arg(i + 1);
    preset_->addItem(text, names[i]);
  }
  preset_->setToolTip(tr("Load the tasks of a notebook example"));
  presetLayout->addWidget(preset_);
  layout->addWidget(presetGroup);

  auto* poolGroup = new QGroupBox(tr("Pool"));
  auto* form = new QFormLayout(poolGroup);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  mode_ = new QComboBox;
  mode_->addItem(QStringLiteral("map"));
  mode_->addItem(QStringLiteral("imap"));
  mode_->addItem(QStringLiteral("imap_unordered"));
  mode_->addItem(tr("compare all three"));
  mode_->setToolTip(tr("Which Pool method hands the results to the caller"));
  workers_ = new QSpinBox;
  workers_->setRange(1, kMaxWorkers);
  workers_->setValue(3);
  workers_->setToolTip(tr("Pool(processes=N)"));
  chunksize_ = new QSpinBox;
  chunksize_->setRange(0, TaskListEditor::kMaxTasks);
  chunksize_->setSpecialValueText(tr("auto"));
  chunksize_->setToolTip(tr("Tasks sent to a worker at a time; auto is Python's default for the mode"));
  workload_ = new QComboBox;
  workload_->addItem(tr("sleep"), QStringLiteral("sleep"));
  workload_->addItem(tr("spin (burns CPU)"), QStringLiteral("spin"));
  workload_->setToolTip(tr("sleep waits; spin keeps a core busy, which shows workers outnumbering cores"));
  form->addRow(tr("Mode"), mode_);
  form->addRow(tr("Workers"), workers_);
  form->addRow(tr("Chunksize"), chunksize_);
  form->addRow(tr("Workload"), workload_);
  layout->addWidget(poolGroup);

  auto* taskGroup = new QGroupBox(tr("Tasks"));
  auto* taskLayout = new QVBoxLayout(taskGroup);
  tasks_ = new TaskListEditor;
  taskLayout->addWidget(tasks_);
  layout->addWidget(taskGroup, 1);

  auto* buttons = new QHBoxLayout;
  run_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"));
  run_->setToolTip(tr("Run the tasks (Space)"));
  run_->setDefault(true);
  stop_ = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop"));
  stop_->setToolTip(tr("Terminate the workers now (Space)"));
  stop_->setEnabled(false);
  for (QPushButton* b : {run_, stop_}) {
    b->setMinimumHeight(36);
    b->setFocusPolicy(Qt::TabFocus);  // Space belongs to the Run/Stop shortcut, not to a focused button
  }
  buttons->addWidget(run_, 1);
  buttons->addWidget(stop_, 1);
  layout->addLayout(buttons);

  status_ = new QLabel(tr("Ready"));
  status_->setWordWrap(true);
  layout->addWidget(status_);

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
  connect(workload_, &QComboBox::currentIndexChanged, this, edited);
  connect(tasks_, &TaskListEditor::changed, this, edited);
}

Scenario ControlPanel::scenario() const {
  Scenario s;
  s.mode = compareAll() ? lastSingleMode_ : static_cast<Mode>(mode_->currentIndex());
  s.workers = workers_->value();
  s.chunksize = chunksize_->value();
  s.workload = workload_->currentData().toString() == QLatin1String("spin") ? Workload::spin : Workload::sleep;
  s.inputs = tasks_->inputs();
  s.durations = tasks_->durations();
  return s;
}

void ControlPanel::setScenario(const Scenario& scenario, bool keepCompare) {
  {
    const QSignalBlocker b1(mode_), b2(workers_), b3(chunksize_), b4(workload_), b5(tasks_);
    lastSingleMode_ = scenario.mode;
    if (!(keepCompare && compareAll())) mode_->setCurrentIndex(static_cast<int>(scenario.mode));
    workers_->setValue(scenario.workers);
    chunksize_->setValue(scenario.chunksize);
    workload_->setCurrentIndex(scenario.workload == Workload::spin ? 1 : 0);
    tasks_->setTasks(scenario.inputs, scenario.durations);
  }
  emit scenarioChanged();
}

bool ControlPanel::compareAll() const { return mode_->currentIndex() == kCompareIndex; }

void ControlPanel::setCompareAll(bool on) {
  mode_->setCurrentIndex(on ? kCompareIndex : static_cast<int>(lastSingleMode_));
}

void ControlPanel::setRunning(bool running) {
  run_->setEnabled(!running);
  stop_->setEnabled(running);
  for (QWidget* w : std::initializer_list<QWidget*>{mode_, workers_, chunksize_, workload_, preset_, tasks_}) {
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
