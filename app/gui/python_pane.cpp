// The pane's program comes from python_program(), the generator `poolscope python` uses, with the command
// line that prints it as its "made by" comment: the pane and the CLI can never drift apart.
#include "gui/python_pane.hpp"

#include <charconv>
#include <exception>
#include <string_view>

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShowEvent>
#include <QSplitter>
#include <QStringList>
#include <QVBoxLayout>

#include "gui/control_panel.hpp"
#include "poolscope/scenario/python_program.hpp"

namespace poolscope::gui {

namespace {

// The shortest text that reads back as the same double (0.1, not 0.10000000000000001).
QString shortest(double value) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (error != std::errc()) return QString::number(value, 'g', 17);
  return QString::fromLatin1(buffer, static_cast<int>(end - buffer));
}

QString modeText(Mode mode) {
  return QString::fromLatin1(to_string(mode).data(), static_cast<int>(to_string(mode).size()));
}

bool allThree(const std::vector<Mode>& modes) {
  return modes.size() == 3 && modes[0] == Mode::map && modes[1] == Mode::imap && modes[2] == Mode::imap_unordered;
}

}  // namespace

PythonPane::PythonPane(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("pythonPane"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->setSpacing(4);
  auto* header = new QHBoxLayout;
  title_ = new QLabel;
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
  copy_ = new QPushButton;
  copy_->setFocusPolicy(Qt::TabFocus);  // Space stays the Run/Stop key
  header->addWidget(title_, 1);
  header->addWidget(copy_);
  layout->addLayout(header);
  hint_ = new QLabel;
  hint_->setWordWrap(true);
  hint_->setForegroundRole(QPalette::PlaceholderText);
  hint_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(hint_);
  text_ = new QPlainTextEdit;
  text_->setReadOnly(true);
  text_->setLineWrapMode(QPlainTextEdit::NoWrap);
  text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  layout->addWidget(text_, 1);
  connect(copy_, &QPushButton::clicked, this, &PythonPane::copy);
  retranslate();
}

QString PythonPane::commandFor(const Scenario& scenario, const std::vector<Mode>& modes) {
  QStringList args{QStringLiteral("poolscope"), QStringLiteral("python")};
  args << QStringLiteral("--mode")
       << (allThree(modes) ? QStringLiteral("all") : modeText(modes.empty() ? scenario.mode : modes.front()));
  args << QStringLiteral("--workers") << QString::number(scenario.workers);
  if (scenario.chunksize > 0) args << QStringLiteral("--chunksize") << QString::number(scenario.chunksize);
  if (scenario.maxtasksperchild) {
    args << QStringLiteral("--maxtasksperchild") << QString::number(*scenario.maxtasksperchild);
  }
  const std::string_view workload = to_string(scenario.workload);
  args << QStringLiteral("--workload") << QString::fromLatin1(workload.data(), static_cast<int>(workload.size()));
  if (scenario.fail_task && (scenario.workload == Workload::crash || scenario.workload == Workload::raise)) {
    args << QStringLiteral("--fail-task") << QString::number(*scenario.fail_task);
  }
  QStringList inputs, durations;
  for (const std::int64_t input : scenario.inputs) inputs << QString::number(input);
  for (const double seconds : scenario.durations) durations << shortest(seconds);
  args << QStringLiteral("--inputs") << inputs.join(QLatin1Char(','));
  args << QStringLiteral("--durations") << durations.join(QLatin1Char(','));
  return args.join(QLatin1Char(' '));
}

QString PythonPane::programFor(const Scenario& scenario, const std::vector<Mode>& modes) {
  PythonProgramOptions options;
  options.modes = modes;
  options.made_by = commandFor(scenario, modes).toStdString();
  return QString::fromStdString(python_program(scenario, options));
}

void PythonPane::showScenario(const Scenario& scenario, const std::vector<Mode>& modes) {
  try {
    program_ = programFor(scenario, modes);
    command_ = commandFor(scenario, modes);
    problem_.clear();
  } catch (const std::exception& e) {
    program_.clear();
    command_.clear();
    problem_ = QString::fromStdString(e.what());
  }
  // Keep the reader's place: a slider drag re-creates the text many times a second.
  const int scroll = text_->verticalScrollBar() != nullptr ? text_->verticalScrollBar()->value() : 0;
  text_->setPlainText(program_.isEmpty() ? problem_ : program_);
  if (text_->verticalScrollBar() != nullptr) text_->verticalScrollBar()->setValue(scroll);
  copy_->setEnabled(!program_.isEmpty());
  retranslate();
}

void PythonPane::follow(const ControlPanel* panel) {
  panel_ = panel;
  connect(panel, &ControlPanel::scenarioChanged, this, &PythonPane::refresh);
  refresh();
}

void PythonPane::refresh() {
  // Made only while shown: a slider dragged with the pane hidden does not rebuild the text.
  if (panel_ == nullptr || isHidden()) return;
  const Scenario scenario = panel_->scenario();
  showScenario(scenario, panel_->compareAll() ? std::vector<Mode>{Mode::map, Mode::imap, Mode::imap_unordered}
                                              : std::vector<Mode>{scenario.mode});
}

void PythonPane::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  // Beside the chart the program gets two fifths of the width: its long lines scroll, the chart stays legible.
  if (auto* splitter = qobject_cast<QSplitter*>(parentWidget()); splitter != nullptr && splitter->count() == 2) {
    const int total = splitter->width();
    if (total > 0) splitter->setSizes({total - total * 2 / 5, total * 2 / 5});
  }
  refresh();
}

void PythonPane::copy() {
  if (program_.isEmpty()) return;
  if (QClipboard* clipboard = QGuiApplication::clipboard()) clipboard->setText(program_);
  emit copied();
}

void PythonPane::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange && title_ != nullptr) retranslate();
  QWidget::changeEvent(event);
}

void PythonPane::retranslate() {
  title_->setText(tr("The Python behind the chart"));
  copy_->setText(tr("Copy"));
  copy_->setToolTip(tr("Copy the program to the clipboard"));
  hint_->setText(program_.isEmpty() && !problem_.isEmpty()
                     ? tr("These settings cannot run:")
                     : tr("Save it as a .py file and run it with python3: it prints the results in the order the "
                          "chart shows. The same program: %1")
                           .arg(command_));
}

}  // namespace poolscope::gui
