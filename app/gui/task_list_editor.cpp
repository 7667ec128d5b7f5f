#include "gui/task_list_editor.hpp"

#include <algorithm>
#include <cmath>

#include <QButtonGroup>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace poolscope::gui {

namespace {

constexpr int kInputLimit = 999'999'999;  // what a QSpinBox holds; inputs are small numbers in class

int sliderPosition(double seconds) {
  return static_cast<int>(std::lround(std::clamp(seconds, 0.0, TaskListEditor::kMaxSeconds) * 10.0));
}

}  // namespace

TaskListEditor::TaskListEditor(QWidget* parent) : QWidget(parent) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->setSpacing(4);

  auto* header = new QHBoxLayout;
  header->setContentsMargins(5, 0, 0, 0);  // lines the titles up with the rows inside the scroll frame
  header->setSpacing(4);
  taskTitle_ = new QLabel;
  taskTitle_->setFixedWidth(28);
  taskTitle_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  failTitle_ = new QLabel(QStringLiteral("\u2717"));  // ✗, as a failed bar's label has it
  failTitle_->setAlignment(Qt::AlignCenter);
  failTitle_->setFixedWidth(QRadioButton().sizeHint().width());
  failTitle_->hide();
  inputTitle_ = new QLabel;
  inputTitle_->setFixedWidth(66);
  durationTitle_ = new QLabel;
  for (QLabel* label : {taskTitle_, failTitle_, inputTitle_, durationTitle_}) {
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
  }
  header->addWidget(taskTitle_);
  header->addWidget(failTitle_);
  header->addWidget(inputTitle_);
  header->addWidget(durationTitle_, 1);
  outer->addLayout(header);

  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::StyledPanel);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* holder = new QWidget;
  rowsLayout_ = new QVBoxLayout(holder);
  rowsLayout_->setContentsMargins(4, 4, 4, 4);
  rowsLayout_->setSpacing(2);
  rowsLayout_->addStretch(1);
  scroll->setWidget(holder);
  outer->addWidget(scroll, 1);

  auto* buttons = new QHBoxLayout;
  addButton_ = new QToolButton;
  addButton_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  removeButton_ = new QToolButton;
  for (QToolButton* b : {addButton_, removeButton_}) {
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    buttons->addWidget(b, 1);
  }
  outer->addLayout(buttons);

  failGroup_ = new QButtonGroup(this);
  failGroup_->setExclusive(true);
  connect(failGroup_, &QButtonGroup::buttonToggled, this, [this](QAbstractButton*, bool checked) {
    if (checked && failSelectable_) emit changed();
  });

  connect(addButton_, &QToolButton::clicked, this, [this] { addTask(); });
  connect(removeButton_, &QToolButton::clicked, this, [this] { removeTask(); });

  retranslate();
  setTasks({1, 2, 3}, {1.0, 2.0, 3.0});
}

void TaskListEditor::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void TaskListEditor::retranslate() {
  taskTitle_->setText(QStringLiteral("#"));
  taskTitle_->setToolTip(tr("Task"));
  failTitle_->setToolTip(tr("The task that fails (crash or raise)"));
  inputTitle_->setText(tr("Input"));
  durationTitle_->setText(tr("Duration (0-10 s)"));
  addButton_->setText(tr("+ Add task"));
  addButton_->setToolTip(tr("Append a task after the last one"));
  removeButton_->setText(tr("- Remove"));
  removeButton_->setToolTip(tr("Remove the last task"));
  for (Row& row : rows_) retranslateRow(row);
}

void TaskListEditor::retranslateRow(Row& row) {
  row.input->setToolTip(tr("Input of the task; its result is 2 x input"));
  row.slider->setToolTip(tr("How long the task runs (0.1 s steps)"));
  row.value->setToolTip(tr("How long the task runs, typed (0.01 s steps)"));
  row.value->setSuffix(tr(" s"));
  row.fail->setToolTip(tr("This task fails (crashes its worker or raises)"));
  row.remove->setToolTip(tr("Remove this task"));
}

void TaskListEditor::setTasks(const std::vector<std::int64_t>& inputs, const std::vector<double>& durations) {
  for (Row& row : rows_) delete row.widget;
  rows_.clear();
  const std::size_t n = std::min({inputs.size(), durations.size(), static_cast<std::size_t>(kMaxTasks)});
  for (std::size_t i = 0; i < n; ++i) appendRow(inputs[i], durations[i]);
  if (rows_.empty()) appendRow(1, 1.0);
  renumber();
  updateButtons();
  emit changed();
}

std::vector<std::int64_t> TaskListEditor::inputs() const {
  std::vector<std::int64_t> out;
  out.reserve(rows_.size());
  for (const Row& row : rows_) out.push_back(row.input->value());
  return out;
}

std::vector<double> TaskListEditor::durations() const {
  std::vector<double> out;
  out.reserve(rows_.size());
  for (const Row& row : rows_) out.push_back(row.seconds);
  return out;
}

bool TaskListEditor::addTask() {
  if (count() >= kMaxTasks) return false;
  const std::int64_t input = rows_.empty() ? 1 : std::min<std::int64_t>(rows_.back().input->value() + 1, kInputLimit);
  // A copy of the last duration keeps a row of equal tasks equal; a 0 s task (In[15]'s last) is no template.
  const double seconds = rows_.empty() || rows_.back().seconds <= 0.0 ? 1.0 : rows_.back().seconds;
  appendRow(input, seconds);
  renumber();
  updateButtons();
  emit changed();
  return true;
}

bool TaskListEditor::removeTask(int row) {
  if (count() <= 1) return false;
  const auto at = row < 0 || row >= count() ? rows_.size() - 1 : static_cast<std::size_t>(row);
  const bool failingRemoved = rows_[at].fail->isChecked();
  delete rows_[at].widget;
  rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(at));
  if (failingRemoved) {
    const QSignalBlocker block(failGroup_);
    rows_.front().fail->setChecked(true);
  }
  renumber();
  updateButtons();
  emit changed();
  return true;
}

QSlider* TaskListEditor::durationSlider(int row) const {
  return row >= 0 && row < count() ? rows_[static_cast<std::size_t>(row)].slider : nullptr;
}

QSpinBox* TaskListEditor::inputBox(int row) const {
  return row >= 0 && row < count() ? rows_[static_cast<std::size_t>(row)].input : nullptr;
}

QDoubleSpinBox* TaskListEditor::durationBox(int row) const {
  return row >= 0 && row < count() ? rows_[static_cast<std::size_t>(row)].value : nullptr;
}

QRadioButton* TaskListEditor::failButton(int row) const {
  return row >= 0 && row < count() ? rows_[static_cast<std::size_t>(row)].fail : nullptr;
}

void TaskListEditor::setFailSelectable(bool on) {
  failSelectable_ = on;
  failTitle_->setVisible(on);
  for (Row& row : rows_) row.fail->setVisible(on);
}

std::size_t TaskListEditor::failTask() const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i].fail->isChecked()) return i;
  }
  return 0;
}

void TaskListEditor::setFailTask(std::size_t index) {
  if (rows_.empty()) return;
  const QSignalBlocker block(failGroup_);
  rows_[std::min(index, rows_.size() - 1)].fail->setChecked(true);
}

void TaskListEditor::setSeconds(Row& row, double seconds, bool fromSlider) {
  row.seconds = seconds;
  const QSignalBlocker blockBox(row.value);
  row.value->setValue(seconds);
  if (!fromSlider) {
    const QSignalBlocker blockSlider(row.slider);
    row.slider->setValue(sliderPosition(seconds));
  }
  emit changed();
}

void TaskListEditor::appendRow(std::int64_t input, double seconds) {
  Row row;
  row.seconds = std::isfinite(seconds) ? std::clamp(seconds, 0.0, kMaxSeconds) : 0.0;
  row.widget = new QWidget;
  auto* layout = new QHBoxLayout(row.widget);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);

  row.number = new QLabel;
  row.number->setFixedWidth(28);
  row.number->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

  row.input = new QSpinBox;
  row.input->setRange(-kInputLimit, kInputLimit);
  row.input->setValue(static_cast<int>(std::clamp<std::int64_t>(input, -kInputLimit, kInputLimit)));
  row.input->setFixedWidth(66);

  row.slider = new QSlider(Qt::Horizontal);
  row.slider->setRange(0, kSliderSteps);
  row.slider->setSingleStep(1);
  row.slider->setPageStep(10);
  row.slider->setValue(sliderPosition(row.seconds));
  row.slider->setMinimumWidth(72);

  row.fail = new QRadioButton;
  row.fail->setFocusPolicy(Qt::TabFocus);  // Space stays the Run/Stop key
  row.fail->setVisible(failSelectable_);
  failGroup_->addButton(row.fail);
  if (rows_.empty()) row.fail->setChecked(true);

  row.value = new QDoubleSpinBox;
  row.value->setRange(0.0, kMaxSeconds);
  row.value->setDecimals(2);
  row.value->setSingleStep(0.1);
  row.value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  row.value->setButtonSymbols(QAbstractSpinBox::NoButtons);  // the slider beside it steps; this one is typed
  row.value->setKeyboardTracking(false);                     // "2.5" is one edit, not "2" then "2.5"
  row.value->setValue(row.seconds);

  row.remove = new QToolButton;
  row.remove->setText(QStringLiteral("\u00d7"));
  row.remove->setAutoRaise(true);

  retranslateRow(row);
  layout->addWidget(row.number);
  layout->addWidget(row.fail);
  layout->addWidget(row.input);
  layout->addWidget(row.slider, 1);
  layout->addWidget(row.value);
  layout->addWidget(row.remove);

  QWidget* key = row.widget;
  // Rows move when others are removed, so find this one by its widget rather than by a captured index.
  auto indexOf = [this, key] {
    const auto it = std::find_if(rows_.begin(), rows_.end(), [key](const Row& r) { return r.widget == key; });
    return static_cast<int>(it - rows_.begin());
  };
  connect(row.slider, &QSlider::valueChanged, this, [this, indexOf](int position) {
    Row& r = rows_[static_cast<std::size_t>(indexOf())];
    if (sliderPosition(r.seconds) == position) return;  // programmatic set of an exact value
    setSeconds(r, position / 10.0, true);
  });
  connect(row.value, &QDoubleSpinBox::valueChanged, this,
          [this, indexOf](double typed) { setSeconds(rows_[static_cast<std::size_t>(indexOf())], typed, false); });
  connect(row.input, &QSpinBox::valueChanged, this, [this] { emit changed(); });
  connect(row.remove, &QToolButton::clicked, this, [this, indexOf] { removeTask(indexOf()); });

  rowsLayout_->insertWidget(rowsLayout_->count() - 1, row.widget);
  rows_.push_back(row);
}

void TaskListEditor::renumber() {
  for (std::size_t i = 0; i < rows_.size(); ++i) rows_[i].number->setText(QString::number(i + 1));
}

void TaskListEditor::updateButtons() {
  addButton_->setEnabled(count() < kMaxTasks);
  removeButton_->setEnabled(count() > 1);
  for (Row& row : rows_) row.remove->setEnabled(count() > 1);
}

}  // namespace poolscope::gui
