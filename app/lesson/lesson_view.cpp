// Layout for a projector: large fonts, the cells as a strip of prompts, the code side by side as tall as the
// window allows, output and timeline (or the explanation) under it.
#include "lesson/lesson_view.hpp"

#include <algorithm>
#include <cmath>

#include <QCheckBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

#include "i18n/translations.hpp"
#include "lesson/code_highlighter.hpp"
#include "lesson/lesson_runner.hpp"
#include "lesson/lesson_texts.hpp"
#include "lesson/lesson_timeline.hpp"
#include "poolscope/lessons/lessons.hpp"

namespace poolscope::lesson {

namespace {

QString idString(std::string_view id) { return QString::fromUtf8(id.data(), static_cast<qsizetype>(id.size())); }

QFont scaled(QFont font, double factor, bool bold = false) {
  font.setPointSizeF(font.pointSizeF() * factor);
  font.setBold(bold);
  return font;
}

QLabel* header(QWidget* parent) {
  auto* label = new QLabel(parent);
  label->setFont(scaled(label->font(), 1.0, true));
  return label;
}

QPlainTextEdit* codePane(QWidget* parent, const QFont& mono) {
  auto* pane = new QPlainTextEdit(parent);
  pane->setReadOnly(true);
  pane->setFont(mono);
  pane->setLineWrapMode(QPlainTextEdit::NoWrap);
  pane->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  return pane;
}

QWidget* titled(QLabel* label, QWidget* body, QWidget* parent) {
  auto* box = new QWidget(parent);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  layout->addWidget(label);
  layout->addWidget(body, 1);
  return box;
}

}  // namespace

LessonView::LessonView(QWidget* parent) : QWidget(parent), runner_(new LessonRunner(this)), tick_(new QTimer(this)) {
  setObjectName(QStringLiteral("lessonView"));
  buildUi();
  tick_->setInterval(33);
  connect(tick_, &QTimer::timeout, this, [this] { timeline_->setNow(static_cast<double>(clock_.elapsed()) / 1000.0); });
  connect(runner_, &LessonRunner::outputLine, this, &LessonView::appendOutput);
  connect(runner_, &LessonRunner::errorLine, this, &LessonView::appendOutput);
  connect(runner_, &LessonRunner::lessonEvent, this, [this](const LessonEvent& e) { timeline_->addEvent(e); });
  connect(runner_, &LessonRunner::finished, this, &LessonView::onFinished);
  for (const Lesson& l : all_lessons()) {
    const QString id = idString(l.id);
    const LessonTexts texts = loadLessonTexts(id, QStringLiteral("en"));
    maxCodeLines_ = static_cast<int>(std::max(
        {qsizetype(maxCodeLines_), texts.python.count(QLatin1Char('\n')) + 1, texts.cpp.count(QLatin1Char('\n')) + 1}));
    auto* item = new QListWidgetItem(QStringLiteral("In[%1]").arg(id.mid(2)), list_);
    item->setData(Qt::UserRole, id);
  }
  retranslate();
  list_->setCurrentRow(0);
}

LessonView::~LessonView() { runner_->stop(); }

void LessonView::buildUi() {
  QFont base = font();
  base.setPointSizeF(std::max(12.0, base.pointSizeF() * 1.25));
  setFont(base);
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  mono.setPointSizeF(base.pointSizeF());

  // The cells as the notebook's prompts, In[2] ... In[15]: a narrow strip, so the code gets the width.
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("lessonList"));
  list_->setSpacing(2);
  list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  list_->setFixedWidth(QFontMetrics(base).horizontalAdvance(QStringLiteral("In[15]")) + 44);
  connect(list_, &QListWidget::currentRowChanged, this, [this] {
    stop();
    clearRun();
    if (pythonTabs_ != nullptr) pythonTabs_->setCurrentWidget(python_);  // the notebook's own cell first
    showLesson();
  });

  // One bar whose first widgets never move: Run stays where the lecturer's hand is, whatever the cell.
  runButton_ = new QPushButton(this);
  runButton_->setObjectName(QStringLiteral("lessonRun"));
  runButton_->setFont(scaled(base, 1.0, true));
  runButton_->setDefault(true);
  connect(runButton_, &QPushButton::clicked, this, &LessonView::run);
  stopButton_ = new QPushButton(this);
  stopButton_->setObjectName(QStringLiteral("lessonStop"));
  connect(stopButton_, &QPushButton::clicked, this, &LessonView::stop);
  fast_ = new QCheckBox(this);
  fast_->setObjectName(QStringLiteral("lessonFast"));
  title_ = new QLabel(this);
  title_->setObjectName(QStringLiteral("lessonTitle"));
  title_->setFont(scaled(base, 1.25, true));
  title_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  title_->installEventFilter(this);  // elided again whenever the bar gives it another width
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("lessonStatus"));
  chartButton_ = new QPushButton(this);
  chartButton_->setObjectName(QStringLiteral("lessonOpenInChart"));
  connect(chartButton_, &QPushButton::clicked, this, [this] {
    const QString preset = chartPreset(currentLesson());
    if (!preset.isEmpty()) emit openInChartRequested(preset);
  });
  auto* bar = new QHBoxLayout;
  bar->addWidget(runButton_);
  bar->addWidget(stopButton_);
  bar->addSpacing(8);
  bar->addWidget(fast_);
  bar->addSpacing(16);
  bar->addWidget(title_, 1);
  bar->addWidget(status_);
  bar->addSpacing(8);
  bar->addWidget(chartButton_);

  vertical_ = new QSplitter(Qt::Vertical, this);
  vertical_->addWidget(buildCode(mono));
  vertical_->addWidget(buildResults(mono));
  vertical_->setStretchFactor(0, 1);  // a taller window gives its height to the code
  vertical_->setStretchFactor(1, 0);
  vertical_->setChildrenCollapsible(false);
  connect(vertical_, &QSplitter::splitterMoved, this, [this] { userSized_ = true; });

  auto* right = new QVBoxLayout;
  right->setContentsMargins(0, 0, 0, 0);
  right->addLayout(bar);
  right->addWidget(vertical_, 1);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(8, 8, 8, 8);
  layout->addWidget(list_);
  layout->addLayout(right, 1);
  updateButtons();
}

QWidget* LessonView::buildCode(const QFont& mono) {
  // The notebook's cell, and in a second tab, labelled as ours, the same as a script python3 runs.
  pythonTabs_ = new QTabWidget(this);
  pythonTabs_->setObjectName(QStringLiteral("lessonPythonTabs"));
  pythonTabs_->setDocumentMode(true);
  cppHeader_ = header(this);
  python_ = codePane(this, mono);
  python_->setObjectName(QStringLiteral("lessonPython"));
  cpp_ = codePane(this, mono);
  cpp_->setObjectName(QStringLiteral("lessonCpp"));
  script_ = codePane(this, mono);
  script_->setObjectName(QStringLiteral("lessonScript"));
  pythonTabs_->addTab(python_, QString());
  pythonTabs_->addTab(script_, QString());
  pythonTabs_->tabBar()->setFont(scaled(font(), 1.0, true));
  pythonColours_ = new CodeHighlighter(python_->document(), CodeHighlighter::Language::python, false);
  scriptColours_ = new CodeHighlighter(script_->document(), CodeHighlighter::Language::python, false);
  cppColours_ = new CodeHighlighter(cpp_->document(), CodeHighlighter::Language::cpp, false);
  applyCodeColours();
  code_ = new QSplitter(Qt::Horizontal, this);
  code_->addWidget(pythonTabs_);
  code_->addWidget(titled(cppHeader_, cpp_, code_));
  code_->setChildrenCollapsible(false);
  connect(code_, &QSplitter::splitterMoved, this, [this] { userSized_ = true; });
  return code_;
}

QWidget* LessonView::buildResults(const QFont& mono) {
  outputHeader_ = header(this);
  output_ = codePane(this, mono);
  output_->setObjectName(QStringLiteral("lessonOutput"));
  explanation_ = new QTextBrowser(this);
  explanation_->setObjectName(QStringLiteral("lessonExplanation"));
  explanation_->setOpenExternalLinks(true);
  explanation_->setFrameShape(QFrame::NoFrame);
  timeline_ = new LessonTimeline(this);
  timeline_->setObjectName(QStringLiteral("lessonTimeline"));
  side_ = new QTabWidget(this);
  side_->setObjectName(QStringLiteral("lessonSide"));
  side_->setDocumentMode(true);
  side_->addTab(explanation_, QString());
  side_->addTab(timeline_, QString());
  results_ = new QSplitter(Qt::Horizontal, this);
  results_->addWidget(titled(outputHeader_, output_, results_));
  results_->addWidget(side_);
  results_->setStretchFactor(0, 0);
  results_->setStretchFactor(1, 1);
  results_->setChildrenCollapsible(false);
  connect(results_, &QSplitter::splitterMoved, this, [this] { userSized_ = true; });
  // Wide enough for the longest line a cell prints: In[7]'s dict of five 7-digit pids, 66 characters.
  const QFontMetrics fm(mono);
  const int frame = 2 * output_->frameWidth() + 2 * static_cast<int>(output_->document()->documentMargin());
  // A preferred width, not a minimum: a minimum would make the whole window wider than a 1280 projector.
  outputWidth_ = fm.horizontalAdvance(QString(66, QLatin1Char('0'))) + frame +
                 output_->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 8;
  return results_;
}

// The output and the timeline get what they need (the output 6 lines, as many as a cell prints; the timeline
// room for seven processes), the code the
// rest of the height, shared between Python and C++ as their longest lines need; until the lecturer moves a
// splitter.
void LessonView::fitPanes() {
  if (userSized_) return;
  const QFontMetrics fm(output_->font());
  const int frame = 2 * output_->frameWidth() + 2 * static_cast<int>(output_->document()->documentMargin());
  int lower = std::max(outputHeader_->sizeHint().height() + 4 + fm.lineSpacing() * 13 / 2 + frame, 190);
  const int total = vertical_->height();
  // On a large screen the code needs less than the whole height: the rest goes to the output and the timeline.
  const int codeNeeded = pythonTabs_->tabBar()->sizeHint().height() + 4 + fm.lineSpacing() * (maxCodeLines_ + 1) +
                         frame + python_->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
  lower = std::max(lower, total - codeNeeded);
  if (total > lower) vertical_->setSizes({total - lower, lower});
  // The notebook's Python first: it gets the width of its longest line, the C++ the rest (or its own need).
  const auto needed = [](const QPlainTextEdit* pane) {
    const QFontMetrics metrics(pane->font());
    int widest = 0;
    for (const QString& line : pane->toPlainText().split(QLatin1Char('\n')))
      widest = std::max(widest, metrics.horizontalAdvance(line));
    return widest + 2 * pane->frameWidth() + 2 * static_cast<int>(pane->document()->documentMargin()) +
           pane->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 8;
  };
  const int codeWidth = code_->width() - code_->handleWidth();
  if (codeWidth > 0) {
    const int py = needed(python_), cpp = needed(cpp_);
    const int pyWidth = py + cpp <= codeWidth ? codeWidth * py / (py + cpp) : std::min(py, codeWidth * 3 / 5);
    code_->setSizes({pyWidth, codeWidth - pyWidth});
  }
  const int width = results_->width();
  const int outputWidth = std::min(outputWidth_, width * 3 / 4);
  if (width > outputWidth) results_->setSizes({outputWidth, width - outputWidth - results_->handleWidth()});
}

void LessonView::appendOutput(const QString& line) {
  output_->appendPlainText(line);
  // A longer line than expected (a pid beyond 7 digits, a message): widen the output rather than cut it.
  const int needed = QFontMetrics(output_->font()).horizontalAdvance(line) + 16;
  const int has = output_->viewport()->width();
  if (needed > has) {
    const QList<int> sizes = results_->sizes();
    const int grow = std::min(needed - has, sizes.value(1) - side_->minimumSizeHint().width());
    if (grow > 0) results_->setSizes({sizes.value(0) + grow, sizes.value(1) - grow});
  }
}

void LessonView::applyCodeColours() {
  const bool dark = palette().color(QPalette::Base).lightness() < 128;
  pythonColours_->setDarkBackground(dark);
  scriptColours_->setDarkBackground(dark);
  cppColours_->setDarkBackground(dark);
}

void LessonView::retranslate() {
  const QString language = i18n::currentLanguage();
  for (int row = 0; row < list_->count(); ++row) {
    QListWidgetItem* item = list_->item(row);
    item->setToolTip(loadLessonTexts(item->data(Qt::UserRole).toString(), language).title);
  }
  pythonTabs_->setTabText(0, tr("Python (the notebook)"));
  pythonTabs_->setTabText(1, tr("As a script (ours)"));
  pythonTabs_->setTabToolTip(1, tr("The cell with the imports of the cells before it and the __main__ guard that "
                                   "Python's spawn and forkserver start methods need: save it and run python3"));
  cppHeader_->setText(tr("C++ (PoolScope)"));
  runButton_->setText(tr("▶ Run"));
  runButton_->setToolTip(tr("Run this cell: its processes really start, and print as they go"));
  stopButton_->setText(tr("Stop"));
  fast_->setText(tr("Fast (a tenth of the time)"));
  fast_->setToolTip(tr("Every time.sleep() of the cell takes a tenth of its time"));
  chartButton_->setText(tr("Open in Chart"));
  // Russian labels are longer: make the layout take the new widths now.
  for (QPushButton* b : {runButton_, stopButton_}) b->setMinimumWidth(std::max(120, b->sizeHint().width()));
  outputHeader_->setText(tr("Output"));
  side_->setTabText(side_->indexOf(explanation_), tr("About this cell"));
  side_->setTabText(side_->indexOf(timeline_), tr("Processes over time"));
  showLesson();
  updateButtons();
}

void LessonView::showLesson() {
  const QString id = currentLesson();
  if (id.isEmpty()) return;
  const LessonTexts texts = loadLessonTexts(id, i18n::currentLanguage());
  fullTitle_ = texts.title;
  elideTitle();
  explanation_->setMarkdown(texts.explanation);
  if (python_->toPlainText() != texts.python) python_->setPlainText(texts.python);
  if (script_->toPlainText() != texts.script) script_->setPlainText(texts.script);
  if (cpp_->toPlainText() != texts.cpp) cpp_->setPlainText(texts.cpp);
  fitPanes();
  const QString preset = chartPreset(id);
  chartButton_->setVisible(!preset.isEmpty());
  chartButton_->setToolTip(
      tr("Show this example in the Chart tab (preset %1), with task durations you can change").arg(preset));
}

void LessonView::clearRun() {
  output_->clear();
  timeline_->clear();
  tick_->stop();
  state_ = State::idle;
  side_->setCurrentWidget(explanation_);
  updateButtons();
}

void LessonView::elideTitle() {
  title_->setText(title_->fontMetrics().elidedText(fullTitle_, Qt::ElideRight, std::max(40, title_->width())));
  title_->setToolTip(fullTitle_);
}

QString LessonView::chartPreset(const QString& id) {
  // In[11] has no sleep, so its bars would be too short to see: its map is In[12]'s with 3-second tasks.
  if (id == QLatin1String("in11") || id == QLatin1String("in12")) return QStringLiteral("in12-map");
  if (id == QLatin1String("in14")) return QStringLiteral("in14-imap");
  if (id == QLatin1String("in15")) return QStringLiteral("in15-imap-unordered");
  return {};
}

void LessonView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  if (event->type() == QEvent::PaletteChange && pythonColours_ != nullptr) applyCodeColours();
  QWidget::changeEvent(event);
}

void LessonView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  fitPanes();
  elideTitle();
}

bool LessonView::eventFilter(QObject* watched, QEvent* event) {
  if (watched == title_ && event->type() == QEvent::Resize) elideTitle();
  return QWidget::eventFilter(watched, event);
}

void LessonView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  fitPanes();
  elideTitle();
}

void LessonView::setProgram(const QString& program) { runner_->setProgram(program); }

void LessonView::selectLesson(const QString& id) {
  for (int row = 0; row < list_->count(); ++row) {
    if (list_->item(row)->data(Qt::UserRole).toString() == id) list_->setCurrentRow(row);
  }
}

QString LessonView::currentLesson() const {
  const QListWidgetItem* item = list_->currentItem();
  return item != nullptr ? item->data(Qt::UserRole).toString() : QString();
}

void LessonView::setFast(bool fast) { fast_->setChecked(fast); }

void LessonView::run() {
  const QString id = currentLesson();
  if (id.isEmpty()) return;
  clearRun();
  side_->setCurrentWidget(timeline_);
  state_ = State::running;
  clock_.start();
  tick_->start();
  runner_->start(id, fast_->isChecked() ? 0.1 : 1.0);
  updateButtons();
}

void LessonView::stop() {
  if (!runner_->isRunning()) return;
  runner_->stop();
  tick_->stop();
  timeline_->finish(static_cast<double>(clock_.elapsed()) / 1000.0);
  state_ = State::failed;
  lastExitCode_ = -1;
  updateButtons();
}

bool LessonView::isRunning() const { return runner_->isRunning(); }

void LessonView::onFinished(int exitCode, bool crashed) {
  tick_->stop();
  lastSeconds_ = static_cast<double>(clock_.elapsed()) / 1000.0;
  timeline_->finish(lastSeconds_);
  lastExitCode_ = crashed ? -1 : exitCode;
  state_ = (crashed || exitCode != 0) ? State::failed : State::finished;
  updateButtons();
  emit runFinished(lastExitCode_);
}

void LessonView::updateButtons() {
  const bool running = state_ == State::running;
  runButton_->setEnabled(!running);
  stopButton_->setEnabled(running);
  switch (state_) {
    case State::idle: status_->clear(); break;
    case State::running: status_->setText(tr("Running…")); break;
    case State::finished: status_->setText(tr("Finished in %1 s").arg(QLocale().toString(lastSeconds_, 'f', 1))); break;
    case State::failed:
      status_->setText(lastExitCode_ < 0 ? tr("Stopped") : tr("Ended with exit code %1").arg(lastExitCode_));
      break;
  }
}

QString LessonView::outputText() const { return output_->toPlainText(); }
QString LessonView::titleText() const { return fullTitle_; }

}  // namespace poolscope::lesson
