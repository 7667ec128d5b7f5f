// Layout for a projector: large fonts, code side by side, output and timeline under them.
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
  connect(runner_, &LessonRunner::outputLine, this, [this](const QString& line) { output_->appendPlainText(line); });
  connect(runner_, &LessonRunner::errorLine, this, [this](const QString& line) { output_->appendPlainText(line); });
  connect(runner_, &LessonRunner::lessonEvent, this, [this](const LessonEvent& e) { timeline_->addEvent(e); });
  connect(runner_, &LessonRunner::finished, this, &LessonView::onFinished);
  for (const Lesson& l : all_lessons()) {
    auto* item = new QListWidgetItem(list_);
    item->setData(Qt::UserRole, idString(l.id));
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

  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("lessonList"));
  list_->setWordWrap(true);
  list_->setSpacing(3);
  list_->setMinimumWidth(220);
  connect(list_, &QListWidget::currentRowChanged, this, [this] {
    stop();
    showLesson();
  });

  title_ = new QLabel(this);
  title_->setObjectName(QStringLiteral("lessonTitle"));
  title_->setFont(scaled(base, 1.5, true));
  title_->setWordWrap(true);

  explanation_ = new QTextBrowser(this);
  explanation_->setObjectName(QStringLiteral("lessonExplanation"));
  explanation_->setOpenExternalLinks(true);
  explanation_->setFrameShape(QFrame::NoFrame);
  explanation_->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);

  pythonHeader_ = header(this);
  cppHeader_ = header(this);
  python_ = codePane(this, mono);
  python_->setObjectName(QStringLiteral("lessonPython"));
  cpp_ = codePane(this, mono);
  cpp_->setObjectName(QStringLiteral("lessonCpp"));
  pythonColours_ = new CodeHighlighter(python_->document(), CodeHighlighter::Language::python, false);
  cppColours_ = new CodeHighlighter(cpp_->document(), CodeHighlighter::Language::cpp, false);
  applyCodeColours();

  auto* code = new QSplitter(Qt::Horizontal, this);
  code->addWidget(titled(pythonHeader_, python_, code));
  code->addWidget(titled(cppHeader_, cpp_, code));
  code->setChildrenCollapsible(false);

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
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("lessonStatus"));
  auto* controls = new QHBoxLayout;
  controls->addWidget(runButton_);
  controls->addWidget(stopButton_);
  controls->addSpacing(12);
  controls->addWidget(fast_);
  controls->addSpacing(12);
  controls->addWidget(status_, 1);

  outputHeader_ = header(this);
  timelineHeader_ = header(this);
  output_ = codePane(this, mono);
  output_->setObjectName(QStringLiteral("lessonOutput"));
  timeline_ = new LessonTimeline(this);
  timeline_->setObjectName(QStringLiteral("lessonTimeline"));
  auto* results = new QSplitter(Qt::Horizontal, this);
  results->addWidget(titled(outputHeader_, output_, results));
  results->addWidget(titled(timelineHeader_, timeline_, results));
  results->setStretchFactor(0, 1);
  results->setStretchFactor(1, 1);
  results->setChildrenCollapsible(false);

  auto* lower = new QWidget(this);
  auto* lowerLayout = new QVBoxLayout(lower);
  lowerLayout->setContentsMargins(0, 0, 0, 0);
  lowerLayout->addLayout(controls);
  lowerLayout->addWidget(results, 1);

  auto* vertical = new QSplitter(Qt::Vertical, this);
  vertical->addWidget(code);
  vertical->addWidget(lower);
  vertical->setStretchFactor(0, 5);
  vertical->setStretchFactor(1, 4);
  vertical->setChildrenCollapsible(false);

  auto* right = new QWidget(this);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(8, 0, 0, 0);
  rightLayout->addWidget(title_);
  rightLayout->addWidget(explanation_);
  rightLayout->addWidget(vertical, 1);

  auto* outer = new QSplitter(Qt::Horizontal, this);
  outer->addWidget(list_);
  outer->addWidget(right);
  outer->setStretchFactor(1, 1);
  outer->setSizes({280, 1200});
  outer->setChildrenCollapsible(false);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(8, 8, 8, 8);
  layout->addWidget(outer);
  updateButtons();
}

void LessonView::applyCodeColours() {
  const bool dark = palette().color(QPalette::Base).lightness() < 128;
  pythonColours_->setDarkBackground(dark);
  cppColours_->setDarkBackground(dark);
}

void LessonView::retranslate() {
  const QString language = i18n::currentLanguage();
  for (int row = 0; row < list_->count(); ++row) {
    QListWidgetItem* item = list_->item(row);
    item->setText(loadLessonTexts(item->data(Qt::UserRole).toString(), language).title);
  }
  pythonHeader_->setText(tr("Python (the notebook)"));
  cppHeader_->setText(tr("C++ (PoolScope)"));
  runButton_->setText(tr("▶ Run"));
  runButton_->setToolTip(tr("Run this cell: its processes really start, and print as they go"));
  stopButton_->setText(tr("Stop"));
  fast_->setText(tr("Fast (a tenth of the time)"));
  fast_->setToolTip(tr("Every time.sleep() of the cell takes a tenth of its time"));
  // Russian labels are longer: make the layout take the new widths now.
  for (QPushButton* b : {runButton_, stopButton_}) b->setMinimumWidth(std::max(120, b->sizeHint().width()));
  outputHeader_->setText(tr("Output"));
  timelineHeader_->setText(tr("Processes over time"));
  showLesson();
  updateButtons();
}

void LessonView::showLesson() {
  const QString id = currentLesson();
  if (id.isEmpty()) return;
  const LessonTexts texts = loadLessonTexts(id, i18n::currentLanguage());
  title_->setText(texts.title);
  explanation_->setMarkdown(texts.explanation);
  fitExplanation();
  QTimer::singleShot(0, this, &LessonView::fitExplanation);  // again once the new layout has settled
  if (python_->toPlainText() != texts.python) python_->setPlainText(texts.python);
  if (cpp_->toPlainText() != texts.cpp) cpp_->setPlainText(texts.cpp);
}

void LessonView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  if (event->type() == QEvent::PaletteChange && pythonColours_ != nullptr) applyCodeColours();
  QWidget::changeEvent(event);
}

// As tall as its text (up to a limit), so the code panes get the rest of the height.
void LessonView::fitExplanation() {
  QTextDocument* doc = explanation_->document();
  doc->setTextWidth(explanation_->viewport()->width());
  const QMargins m = explanation_->contentsMargins();
  const int wanted = static_cast<int>(std::ceil(doc->size().height())) + m.top() + m.bottom() + 12;
  explanation_->setFixedHeight(std::clamp(wanted, 60, 280));
}

void LessonView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  fitExplanation();
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
  output_->clear();
  timeline_->clear();
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
QString LessonView::titleText() const { return title_->text(); }

}  // namespace poolscope::lesson
