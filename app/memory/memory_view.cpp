// The measurement forks (a child per mode, workers under it), and forking from this threaded GUI is unsafe,
// so the view runs `poolscope memory --live` as a child process and draws the samples it prints.
#include "memory/memory_view.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include "memory/memory_canvas.hpp"
#include "poolscope/bench/bench_suite.hpp"

namespace poolscope::memory {
namespace {

const std::vector<int> kRecordSteps{1000,   2000,   5000,    10000,   20000,   50000,  100000,
                                    200000, 500000, 1000000, 2000000, 3000000, 5000000};
const std::vector<int> kByteSteps{16, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 65536};
const std::vector<int> kChunkSteps{1, 2, 4, 8, 16, 32, 64, 128, 256, 1000};

// A slider over round values, beside a spin box for the exact one; either moves the other.
void linkSliderSpin(QSlider* slider, QSpinBox* spin, const std::vector<int>& steps) {
  slider->setOrientation(Qt::Horizontal);
  slider->setRange(0, static_cast<int>(steps.size()) - 1);
  slider->setPageStep(1);
  spin->setRange(steps.front(), steps.back());
  spin->setGroupSeparatorShown(true);
  QObject::connect(slider, &QSlider::valueChanged, spin, [spin, steps](int i) {
    spin->setValue(steps[static_cast<std::size_t>(std::clamp(i, 0, static_cast<int>(steps.size()) - 1))]);
  });
  QObject::connect(spin, &QSpinBox::valueChanged, slider, [slider, steps](int v) {
    std::size_t nearest = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (std::abs(std::log(static_cast<double>(steps[i]) / v)) <
          std::abs(std::log(static_cast<double>(steps[nearest]) / v))) {
        nearest = i;
      }
    }
    const QSignalBlocker block(slider);
    slider->setValue(static_cast<int>(nearest));
  });
}

QString grouped(std::uint64_t n) { return QLocale(QLocale::English).toString(static_cast<qulonglong>(n)); }

QString bytesText(std::uint64_t bytes) {
  const double mib = static_cast<double>(bytes) / (1024.0 * 1024.0);
  if (mib >= 1024.0) return MemoryView::tr("%1 GiB").arg(mib / 1024.0, 0, 'f', 1);
  return MemoryView::tr("%1 MiB").arg(mib, 0, 'f', 1);
}

}  // namespace

MemoryView::MemoryView(QWidget* parent) : QWidget(parent), program_(QCoreApplication::applicationFilePath()) {
  buildUi();
  repaint_.setInterval(33);
  connect(&repaint_, &QTimer::timeout, this, [this] {
    if (!dirty_) return;
    dirty_ = false;
    canvas_->update();
  });
  retranslate();
  updateCost();
  updateButtons();
}

MemoryView::~MemoryView() {
  if (process_ != nullptr) {
    process_->disconnect(this);
    process_->kill();  // the measuring child dies with it (PR_SET_PDEATHSIG), and its workers with that
    process_->waitForFinished(2000);
  }
}

void MemoryView::setProgram(const QString& program) { program_ = program; }

void MemoryView::buildUi() {
  const auto row = [this](QLabel*& label, QSlider*& slider, QSpinBox*& spin) {
    label = new QLabel;
    slider = new QSlider;
    spin = new QSpinBox;
    label->setBuddy(spin);
    slider->setMinimumWidth(90);
    connect(spin, &QSpinBox::valueChanged, this, [this] { updateCost(); });
  };
  row(recordsLabel_, recordsSlider_, recordsSpin_);
  row(bytesLabel_, bytesSlider_, bytesSpin_);
  row(workersLabel_, workersSlider_, workersSpin_);
  row(chunkLabel_, chunkSlider_, chunkSpin_);
  linkSliderSpin(recordsSlider_, recordsSpin_, kRecordSteps);
  linkSliderSpin(bytesSlider_, bytesSpin_, kByteSteps);
  linkSliderSpin(chunkSlider_, chunkSpin_, kChunkSteps);
  std::vector<int> workerSteps;
  for (int w = 1; w <= 16; ++w) workerSteps.push_back(w);
  linkSliderSpin(workersSlider_, workersSpin_, workerSteps);
  recordsSpin_->setSingleStep(10000);
  recordsSpin_->setValue(200000);
  bytesSpin_->setValue(1024);
  workersSpin_->setValue(std::clamp(bench::core_count(), 1, 4));
  chunkSpin_->setValue(1);

  modeLabel_ = new QLabel;
  modeCombo_ = new QComboBox;
  modeCombo_->addItems({QString(), QStringLiteral("map"), QStringLiteral("imap"), QStringLiteral("imap_unordered")});
  modeLabel_->setBuddy(modeCombo_);
  connect(modeCombo_, &QComboBox::currentIndexChanged, this, [this] { updateCost(); });
  windowLabel_ = new QLabel;
  windowSpin_ = new QSpinBox;
  windowSpin_->setRange(0, 1'000'000);
  windowSpin_->setSingleStep(64);
  windowSpin_->setGroupSeparatorShown(true);
  windowLabel_->setBuddy(windowSpin_);
  connect(windowSpin_, &QSpinBox::valueChanged, this, [this] { updateCost(); });
  runButton_ = new QPushButton;
  runButton_->setMinimumWidth(110);
  connect(runButton_, &QPushButton::clicked, this, [this] { isRunning() ? stop() : run(); });

  auto* grid = new QGridLayout;
  grid->setHorizontalSpacing(8);
  grid->addWidget(recordsLabel_, 0, 0);
  grid->addWidget(recordsSlider_, 0, 1);
  grid->addWidget(recordsSpin_, 0, 2);
  grid->addWidget(bytesLabel_, 1, 0);
  grid->addWidget(bytesSlider_, 1, 1);
  grid->addWidget(bytesSpin_, 1, 2);
  grid->addWidget(workersLabel_, 0, 3);
  grid->addWidget(workersSlider_, 0, 4);
  grid->addWidget(workersSpin_, 0, 5);
  grid->addWidget(chunkLabel_, 1, 3);
  grid->addWidget(chunkSlider_, 1, 4);
  grid->addWidget(chunkSpin_, 1, 5);
  grid->addWidget(modeLabel_, 0, 6);
  grid->addWidget(modeCombo_, 0, 7);
  grid->addWidget(windowLabel_, 1, 6);
  grid->addWidget(windowSpin_, 1, 7);
  grid->addWidget(runButton_, 0, 8, 2, 1);
  grid->setColumnStretch(1, 1);
  grid->setColumnStretch(4, 1);

  costLabel_ = new QLabel;
  costLabel_->setWordWrap(true);
  noteLabel_ = new QLabel;
  noteLabel_->setWordWrap(true);
  noteLabel_->setForegroundRole(QPalette::PlaceholderText);
  statusLabel_ = new QLabel;
  statusLabel_->setWordWrap(true);
  canvas_ = new MemoryCanvas;

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(grid);
  layout->addWidget(costLabel_);
  layout->addWidget(noteLabel_);
  layout->addWidget(statusLabel_);
  layout->addWidget(canvas_, 1);
}

void MemoryView::retranslate() {
  recordsLabel_->setText(tr("&Texts (N)"));
  recordsSpin_->setToolTip(tr("How many generated texts the pool lower-cases"));
  bytesLabel_->setText(tr("&Bytes each (B)"));
  bytesSpin_->setToolTip(tr("Size of each text in bytes"));
  workersLabel_->setText(tr("&Workers"));
  chunkLabel_->setText(tr("&Chunksize"));
  modeLabel_->setText(tr("&Mode"));
  modeCombo_->setItemText(0, tr("all three"));
  windowLabel_->setText(tr("imap w&indow"));
  windowSpin_->setSpecialValueText(tr("unbounded"));
  windowSpin_->setToolTip(
      tr("At most this many texts read but not yet handed on (max_in_flight). "
         "Unbounded is what CPython's imap does."));
  noteLabel_->setText(
      tr("As in CPython, imap here reads its input ahead as far as the pool's buffer allows and holds the results "
         "the caller has not taken yet. A window bounds that (PoolScope's max_in_flight; CPython's Pool has no "
         "such bound). Each mode runs in a process of its own; the curve is that process's resident memory."));
  updateButtons();
  updateCost();
}

void MemoryView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange && recordsLabel_ != nullptr) retranslate();
  QWidget::changeEvent(event);
}

bench::MemoryOptions MemoryView::options() const {
  bench::MemoryOptions o;
  o.records = static_cast<std::size_t>(recordsSpin_->value());
  o.record_bytes = static_cast<std::size_t>(bytesSpin_->value());
  o.workers = workersSpin_->value();
  o.chunksize = chunkSpin_->value();
  o.window = static_cast<std::size_t>(windowSpin_->value());
  return o;
}

std::vector<Mode> MemoryView::modes() const {
  switch (modeCombo_->currentIndex()) {
    case 1: return {Mode::map};
    case 2: return {Mode::imap};
    case 3: return {Mode::imap_unordered};
    default: return {Mode::map, Mode::imap, Mode::imap_unordered};
  }
}

void MemoryView::setRecords(int records) { recordsSpin_->setValue(records); }
void MemoryView::setRecordBytes(int bytes) { bytesSpin_->setValue(bytes); }
void MemoryView::setWorkers(int workers) { workersSpin_->setValue(workers); }
void MemoryView::setChunksize(int chunksize) { chunkSpin_->setValue(chunksize); }
void MemoryView::setModeIndex(int index) { modeCombo_->setCurrentIndex(index); }
void MemoryView::setWindow(int window) { windowSpin_->setValue(window); }

bool MemoryView::isRunning() const { return process_ != nullptr; }
QString MemoryView::statusText() const { return statusLabel_->text(); }

QString MemoryView::summaryText(const bench::MemoryModeRun& run, const QString& name) {
  // Not the CLI's line (a fixed English contract): the same figures, translated and in the locale's format.
  const QLocale locale;
  return tr("%1: peak RSS %2 MiB, peak results held %3, wall %4 s")
      .arg(name, locale.toString(run.peak_rss_mib, 'f', 1), locale.toString(static_cast<qulonglong>(run.peak_held)),
           locale.toString(run.wall_s, 'f', 2));
}

QString MemoryView::costText() const { return costLabel_->text(); }

// What the settings cost, before anything runs: map holds every result, so it decides.
void MemoryView::updateCost() {
  if (costLabel_ == nullptr || canvas_ == nullptr) return;
  const bench::MemoryOptions o = options();
  const std::uint64_t available = bench::memory_available_bytes();
  const auto chosen = modes();
  std::uint64_t worst = 0;
  Mode worstMode = chosen.front();
  for (const Mode mode : chosen) {
    const std::uint64_t needed = bench::memory_needed_bytes(mode, o);
    if (needed > worst) {
      worst = needed;
      worstMode = mode;
    }
  }
  const bool fits = available == 0 || worst <= available / 5 * 4;
  QString text;
  if (std::find(chosen.begin(), chosen.end(), Mode::map) != chosen.end()) {
    text = tr("map of %1 × %2 B holds every result: about %3 in the caller.")
               .arg(grouped(o.records), grouped(o.record_bytes), bytesText(bench::memory_needed_bytes(Mode::map, o)));
  }
  if (chosen.size() > 1 || chosen.front() != Mode::map) {
    text += (text.isEmpty() ? QString() : QStringLiteral(" ")) +
            tr("imap at most about %1.").arg(bytesText(bench::memory_needed_bytes(Mode::imap, o)));
  }
  if (available > 0) text += QStringLiteral(" ") + tr("Available: %1.").arg(bytesText(available));
  if (!fits) {
    text = tr("Too big for this machine: %1 would need about %2, and %3 is available. Lower N or B, or leave map out.")
               .arg(QString::fromUtf8(to_string(worstMode)), bytesText(worst), bytesText(available));
  }
  costLabel_->setText(text);
  if (!isRunning()) {  // the caption shows what Run will measure
    canvas_->chart().setSettings(o, o.workers);
    canvas_->update();
  }
  costLabel_->setForegroundRole(fits ? QPalette::WindowText : QPalette::Link);
  if (!isRunning() && runButton_ != nullptr) runButton_->setEnabled(fits);
}

void MemoryView::updateButtons() {
  if (runButton_ == nullptr) return;
  runButton_->setText(isRunning() ? tr("Stop") : tr("Run"));
  for (QWidget* w :
       std::initializer_list<QWidget*>{recordsSlider_, recordsSpin_, bytesSlider_, bytesSpin_, workersSlider_,
                                       workersSpin_, chunkSlider_, chunkSpin_, modeCombo_, windowSpin_}) {
    w->setEnabled(!isRunning());
  }
  if (!isRunning()) updateCost();
}

void MemoryView::run() {
  if (isRunning()) return;
  const bench::MemoryOptions o = options();
  MemoryChart& chart = canvas_->chart();
  chart.setSettings(o, o.workers);
  chart.setRuns({});
  chart.setUnboundedFrom(static_cast<std::size_t>(-1));
  chart.clearLiveRun();
  canvas_->update();
  stopping_ = false;
  static const char* kModeArgs[] = {"all", "map", "imap", "imap_unordered"};
  const QString mode = QString::fromLatin1(kModeArgs[std::clamp(modeCombo_->currentIndex(), 0, 3)]);
  // PoolScope's window is not CPython's: a bounded imap is followed by the unbounded one, drawn beside it.
  unboundedMode_.clear();
  if (o.window > 0 && mode != QLatin1String("map")) {
    unboundedMode_ = mode == QLatin1String("all") ? QStringLiteral("imap") : mode;
  }
  startMeasuring(mode, o.window);
  statusLabel_->setText(tr("Measuring… each mode runs in a process of its own."));
  updateButtons();
}

void MemoryView::startMeasuring(const QString& mode, std::size_t window) {
  const bench::MemoryOptions o = options();
  partial_.clear();
  stderr_.clear();
  const QStringList args{QStringLiteral("memory"),         QStringLiteral("--live"),
                         QStringLiteral("--records"),      QString::number(o.records),
                         QStringLiteral("--record-bytes"), QString::number(o.record_bytes),
                         QStringLiteral("--workers"),      QString::number(o.workers),
                         QStringLiteral("--chunksize"),    QString::number(o.chunksize),
                         QStringLiteral("--window"),       QString::number(window),
                         QStringLiteral("--mode"),         mode};
  process_ = new QProcess(this);
  connect(process_, &QProcess::readyReadStandardOutput, this, &MemoryView::readOutput);
  connect(process_, &QProcess::readyReadStandardError, this,
          [this] { stderr_ += QString::fromUtf8(process_->readAllStandardError()); });
  connect(process_, &QProcess::finished, this, &MemoryView::onFinished);
  connect(process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
    if (error == QProcess::FailedToStart) onFinished(-1, QProcess::CrashExit);
  });
  process_->start(program_, args);
  repaint_.start();
}

void MemoryView::stop() {
  if (!isRunning()) return;
  stopping_ = true;
  process_->kill();
}

void MemoryView::readOutput() {
  partial_ += process_->readAllStandardOutput();
  qsizetype newline;
  while ((newline = partial_.indexOf('\n')) >= 0) {
    parseLine(QString::fromUtf8(partial_.left(newline)));
    partial_.remove(0, newline + 1);
  }
}

void MemoryView::parseLine(const QString& line) {
  MemoryChart& chart = canvas_->chart();
  static const QRegularExpression summary(QStringLiteral(
      R"(^(map|imap|imap_unordered): peak RSS ([\d.]+) MiB, peak results held (\d+), wall ([\d.]+) s$)"));
  if (line.startsWith(QLatin1String("sample "))) {
    const QStringList f = line.split(QLatin1Char(' '));
    if (f.size() != 6) return;
    const auto mode = mode_from_string(f[1].toStdString());
    if (!mode) return;
    bench::MemorySample s{f[2].toDouble(), f[3].toDouble(), f[4].toULongLong(), f[5].toULongLong()};
    liveRun_.mode = *mode;
    liveRun_.samples.push_back(s);
    chart.setLiveRun(liveRun_);
    dirty_ = true;
    return;
  }
  const auto m = summary.match(line);
  if (!m.hasMatch()) return;
  bench::MemoryModeRun done = liveRun_;
  done.mode = *mode_from_string(m.captured(1).toStdString());
  done.peak_rss_mib = m.captured(2).toDouble();
  done.peak_held = m.captured(3).toULongLong();
  done.wall_s = m.captured(4).toDouble();
  auto runs = chart.runs();
  runs.push_back(done);
  chart.setRuns(std::move(runs));
  chart.clearLiveRun();
  liveRun_ = bench::MemoryModeRun{};
  dirty_ = true;
}

void MemoryView::onFinished(int exitCode, QProcess::ExitStatus status) {
  if (process_ == nullptr) return;
  readOutput();
  repaint_.stop();
  canvas_->chart().clearLiveRun();
  liveRun_ = bench::MemoryModeRun{};
  canvas_->update();
  process_->deleteLater();
  process_ = nullptr;
  if (!stopping_ && status == QProcess::NormalExit && exitCode == 0 && !unboundedMode_.isEmpty()) {
    canvas_->chart().setUnboundedFrom(canvas_->chart().runs().size());
    statusLabel_->setText(tr("A window bounds imap here; CPython's imap has none. Measuring %1 unbounded, as "
                             "CPython runs it…")
                              .arg(unboundedMode_));
    const QString mode = unboundedMode_;
    unboundedMode_.clear();
    startMeasuring(mode, 0);
    return;
  }
  if (stopping_) {
    statusLabel_->setText(tr("Stopped."));
  } else if (status == QProcess::NormalExit && exitCode == 0) {
    QStringList lines;
    const MemoryChart& chart = canvas_->chart();
    for (const auto& run : chart.runs()) lines << summaryText(run, chart.runName(&run));
    statusLabel_->setText(lines.join(QStringLiteral("   ")));
  } else {
    const QString reason =
        stderr_.trimmed().isEmpty() ? tr("the measuring process ended unexpectedly") : stderr_.trimmed();
    statusLabel_->setText(tr("Failed: %1").arg(reason));
  }
  updateButtons();
  emit runFinished(status == QProcess::NormalExit ? exitCode : -1);
}

}  // namespace poolscope::memory
