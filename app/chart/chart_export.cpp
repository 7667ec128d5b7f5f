// Headless chart export: a ChartScene laid out at the requested size and rendered straight into a QImage,
// QSvgGenerator or QPdfWriter in memory (no window, so it works offscreen), then written atomically.
#include "chart/chart_export.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <QBuffer>
#include <QClipboard>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QStringList>
#include <QSvgGenerator>

#include "chart/chart_area.hpp"
#include "chart/chart_legend.hpp"
#include "chart/chart_scene.hpp"
#include "chart/run_model.hpp"
#include "poolscope/util/atomic_file.hpp"
#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::chart {

namespace {

constexpr int kMinSide = 200;
constexpr int kMaxSide = 16384;
constexpr double kMaxPixels = 120'000'000.0;  // about 11000 x 11000: beyond that a PNG is a memory bomb

std::string quoted(const std::filesystem::path& file) { return "'" + excerpt_path(file) + "'"; }

void checkSize(QSize size, double dpr) {
  if (size.width() < kMinSide || size.height() < kMinSide || size.width() > kMaxSide || size.height() > kMaxSide) {
    throw InputError("the chart size must be WIDTHxHEIGHT with each side between 200 and 16384 pixels, not " +
                     std::to_string(size.width()) + "x" + std::to_string(size.height()));
  }
  if (!(dpr >= 1.0 && dpr <= 4.0)) throw InputError("the device pixel ratio must be between 1 and 4");
  if (static_cast<double>(size.width()) * size.height() * dpr * dpr > kMaxPixels) {
    throw InputError("the chart image would be too large (" + std::to_string(size.width()) + "x" +
                     std::to_string(size.height()) + " at " + std::to_string(dpr) + "x); choose a smaller size");
  }
}

// What goes under the chart in an export: the legend row(s), then the caption line.
struct PageExtras {
  QString caption;  // empty: none
  bool legend = false;
};

constexpr double kSideMargin = 12.0;

double legendHeight(const ChartScene& scene, QSize size, const PageExtras& extras) {
  if (!extras.legend) return 0.0;
  return ChartLegend::heightFor(scene.theme(), size.width() - 2 * kSideMargin) + 6.0;
}

double captionHeight(const ChartScene& scene, const PageExtras& extras) {
  if (extras.caption.isEmpty()) return 0.0;
  return std::ceil(QFontMetricsF(scene.theme().labelFont).height() * 1.8);
}

double bandHeight(const ChartScene& scene, QSize size, const PageExtras& extras) {
  return legendHeight(scene, size, extras) + captionHeight(scene, extras);
}

// The chart above the band, then the legend and the caption in it.
void drawPage(ChartScene& scene, QPainter* painter, QSize size, const PageExtras& extras) {
  const double band = bandHeight(scene, size, extras);
  const QRectF chart(QPointF(0, 0), QSizeF(size.width(), size.height() - band));
  scene.renderTo(painter, chart);
  const double legend = legendHeight(scene, size, extras);
  if (legend > 0.0) {
    ChartLegend::paint(*painter, QRectF(kSideMargin, chart.bottom() + 6.0, size.width() - 2 * kSideMargin, legend),
                       scene.theme());
  }
  if (extras.caption.isEmpty()) return;
  painter->save();
  painter->setFont(scene.theme().labelFont);
  painter->setPen(scene.theme().mutedText);
  const QRectF line(kSideMargin, chart.bottom() + legend, size.width() - 2 * kSideMargin, captionHeight(scene, extras));
  const QString text = QFontMetricsF(scene.theme().labelFont).elidedText(extras.caption, Qt::ElideRight, line.width());
  painter->drawText(line, Qt::AlignLeft | Qt::AlignVCenter, text);
  painter->restore();
}

// Models and a scene that draw a whole trace; kept together so the models outlive the scene's use of them.
struct TraceDrawing {
  std::vector<std::unique_ptr<RunModel>> models;
  ChartScene scene;

  TraceDrawing(const Trace& trace, const ExportOptions& options) {
    if (trace.runs.empty()) throw InputError("the trace holds no run to draw");
    std::vector<RunModel*> shown;
    for (const RunTrace& run : trace.runs) {
      auto model = std::make_unique<RunModel>();
      model->reset(run);
      model->setShowLabel(options.showRunLabels);
      if (!options.plannedSeconds.empty()) model->setPlan(options.plannedSeconds, options.cores);
      if (!model->finished()) model->finish(run.end_ns);  // a file is history: nothing grows any more
      shown.push_back(model.get());
      models.push_back(std::move(model));
    }
    scene.setTheme(ChartTheme::make(options.theme, options.presenter));
    scene.setModels(shown);
    if (options.caption) extras.caption = options.captionText.isEmpty() ? exportCaption(trace) : options.captionText;
    extras.legend = options.legend;
    scene.layoutTo(QSizeF(options.size.width(), options.size.height() - bandHeight(scene, options.size, extras)));
  }

  PageExtras extras;
};

QImage renderScene(ChartScene& scene, QSize size, double dpr, const PageExtras& extras) {
  QImage image(
      QSize(static_cast<int>(std::lround(size.width() * dpr)), static_cast<int>(std::lround(size.height() * dpr))),
      QImage::Format_ARGB32_Premultiplied);
  if (image.isNull()) throw InputError("not enough memory for a chart image of that size; choose a smaller size");
  image.setDevicePixelRatio(dpr);
  const int dotsPerMeter = static_cast<int>(std::lround(96.0 * dpr / 0.0254));
  image.setDotsPerMeterX(dotsPerMeter);
  image.setDotsPerMeterY(dotsPerMeter);
  image.fill(scene.theme().background);
  QPainter painter(&image);
  drawPage(scene, &painter, size, extras);
  painter.end();
  return image;
}

// The whole file is drawn into memory first: the encoders cannot report a full disk (QSvgGenerator and
// QPdfWriter ignore write errors, libpng prints its own line), so only complete bytes ever reach the disk,
// through the atomic writer.
QByteArray encodeScene(ChartScene& scene, QSize size, double dpr, ExportFormat format, const PageExtras& extras) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  switch (format) {
    case ExportFormat::png: {
      const QImage image = renderScene(scene, size, dpr, extras);
      if (!image.save(&buffer, "PNG")) throw InputError("the PNG encoder failed");
      break;
    }
    case ExportFormat::svg: {
      QSvgGenerator svg;
      svg.setOutputDevice(&buffer);
      svg.setSize(size);
      svg.setViewBox(QRect(QPoint(0, 0), size));
      svg.setResolution(96);
      svg.setTitle(QStringLiteral("PoolScope chart"));
      svg.setDescription(QStringLiteral("Worker Gantt chart, caller lane and results held"));
      QPainter painter;
      if (!painter.begin(&svg)) throw InputError("the SVG writer did not start");
      painter.fillRect(QRectF(QPointF(0, 0), QSizeF(size)), scene.theme().background);
      drawPage(scene, &painter, size, extras);
      painter.end();
      break;
    }
    case ExportFormat::pdf: {
      QPdfWriter pdf(&buffer);
      pdf.setCreator(QStringLiteral("PoolScope"));
      pdf.setTitle(QStringLiteral("PoolScope chart"));
      pdf.setResolution(96);  // one scene pixel = 1/96 inch = 0.75 pt: the page has the chart's proportions
      const QPageSize page(QSizeF(size.width() * 0.75, size.height() * 0.75), QPageSize::Point, QString(),
                           QPageSize::ExactMatch);
      pdf.setPageLayout(QPageLayout(page, QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
      QPainter painter;
      if (!painter.begin(&pdf)) throw InputError("the PDF writer did not start");
      painter.fillRect(QRectF(QPointF(0, 0), QSizeF(size)), scene.theme().background);
      drawPage(scene, &painter, size, extras);
      painter.end();
      break;
    }
  }
  buffer.close();
  if (bytes.isEmpty()) throw InputError("the chart encoder wrote nothing");
  return bytes;
}

void writeBytes(const std::filesystem::path& path, const QByteArray& bytes) {
  write_file_atomically(path, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

QByteArray encodeOrExplain(ChartScene& scene, QSize size, double dpr, const std::filesystem::path& path,
                           ExportFormat format, const PageExtras& extras = {}) {
  try {
    return encodeScene(scene, size, dpr, format, extras);
  } catch (const InputError& e) {
    throw InputError("cannot write " + quoted(path) + ": " + e.what());
  }
}

// Lays the area's scene out at `size` for the duration of an export, then back to the screen size.
class SceneSizeGuard {
 public:
  // An export shows the runs, not the window's "settings changed" note.
  SceneSizeGuard(ChartScene& scene, QSize size)
      : scene_(scene), saved_(scene.layoutSize()), staleNote_(scene.staleNote()) {
    scene_.setStaleNote(QString());
    if (QSizeF(size) != saved_) scene_.layoutTo(QSizeF(size));
  }
  ~SceneSizeGuard() {
    if (scene_.layoutSize() != saved_) scene_.layoutTo(saved_);
    scene_.setStaleNote(staleNote_);
  }
  SceneSizeGuard(const SceneSizeGuard&) = delete;
  SceneSizeGuard& operator=(const SceneSizeGuard&) = delete;

 private:
  ChartScene& scene_;
  QSizeF saved_;
  QString staleNote_;
};

QSize areaSize(const ChartArea& area, QSize size) {
  if (size.isValid() && !size.isEmpty()) return size;
  const QSizeF current = area.scene()->layoutSize();
  return QSize(static_cast<int>(std::lround(current.width())), static_cast<int>(std::lround(current.height())));
}

QString secondsText(double seconds) {
  QString text = QString::number(seconds, 'f', 2);
  while (text.endsWith(QLatin1Char('0'))) text.chop(1);
  if (text.endsWith(QLatin1Char('.'))) text.chop(1);
  return text;
}

QString latin(std::string_view text) { return QString::fromLatin1(text.data(), static_cast<int>(text.size())); }

}  // namespace

QString exportCaption(const Trace& trace, const std::vector<double>* planned) {
  if (trace.runs.empty()) return {};
  constexpr std::size_t kShown = 12;  // beyond that the line would run off a slide
  const RunTrace& first = trace.runs.front();
  QStringList modes, chunks;
  for (const RunTrace& run : trace.runs) {
    modes << latin(to_string(run.mode));
    chunks << QString::number(run.chunksize);
  }
  chunks.removeDuplicates();
  QStringList durations;
  const std::size_t n = planned != nullptr ? planned->size() : first.tasks.size();
  for (std::size_t i = 0; i < n && i < kShown; ++i) {
    const TaskRecord* task = planned == nullptr ? &first.tasks[i] : nullptr;
    const double seconds = task == nullptr ? (*planned)[i]
                           : task->finish_ns > task->start_ns && task->start_ns > 0
                               ? static_cast<double>(task->finish_ns - task->start_ns) / 1e9
                               : 0.0;
    durations << secondsText(seconds);
  }
  QString list = durations.join(QStringLiteral(", ")) + QStringLiteral(" s");
  if (n > kShown) list += QCoreApplication::translate("poolscope::chart::ChartExport", " … (%1 in all)").arg(n);
  const char* durationsWord = planned != nullptr ? QT_TRANSLATE_NOOP("poolscope::chart::ChartExport", "durations")
                                                 : QT_TRANSLATE_NOOP("poolscope::chart::ChartExport", "measured");
  return QCoreApplication::translate("poolscope::chart::ChartExport", "%1 · Pool(%2) · chunksize %3 · %4 · %5 %6")
      .arg(modes.join(QStringLiteral(" / ")))
      .arg(first.workers)
      .arg(chunks.join(QStringLiteral(" / ")), QString::fromStdString(first.workload),
           QCoreApplication::translate("poolscope::chart::ChartExport", durationsWord), list);
}

ExportFormat formatFromPath(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".png") return ExportFormat::png;
  if (ext == ".svg") return ExportFormat::svg;
  if (ext == ".pdf") return ExportFormat::pdf;
  throw InputError("cannot tell the image format of " + quoted(file) + ": use a .png, .svg or .pdf file name");
}

QSize parseSize(std::string_view text) {
  const auto x = text.find_first_of("xX");
  int w = 0, h = 0;
  bool ok = x != std::string_view::npos && x > 0 && x + 1 < text.size();
  if (ok) {
    const auto [p1, e1] = std::from_chars(text.data(), text.data() + x, w);
    const auto [p2, e2] = std::from_chars(text.data() + x + 1, text.data() + text.size(), h);
    ok = e1 == std::errc() && e2 == std::errc() && p1 == text.data() + x && p2 == text.data() + text.size();
  }
  if (!ok)
    throw InputError("the size must look like 1920x1080 (width x height in pixels), not '" +
                     excerpt(std::string(text)) + "'");
  const QSize size(w, h);
  checkSize(size, 1.0);
  return size;
}

QImage renderTraceImage(const Trace& trace, const ExportOptions& options) {
  checkSize(options.size, options.devicePixelRatio);
  TraceDrawing drawing(trace, options);
  return renderScene(drawing.scene, options.size, options.devicePixelRatio, drawing.extras);
}

void exportTrace(const Trace& trace, const std::filesystem::path& file, ExportFormat format,
                 const ExportOptions& options) {
  checkSize(options.size, options.devicePixelRatio);
  check_output_path(file, "the chart file");
  TraceDrawing drawing(trace, options);
  writeBytes(file,
             encodeOrExplain(drawing.scene, options.size, options.devicePixelRatio, file, format, drawing.extras));
}

QByteArray encodeTrace(const Trace& trace, ExportFormat format, const ExportOptions& options) {
  checkSize(options.size, options.devicePixelRatio);
  TraceDrawing drawing(trace, options);
  return encodeScene(drawing.scene, options.size, options.devicePixelRatio, format, drawing.extras);
}

void exportTrace(const Trace& trace, const std::filesystem::path& file, const ExportOptions& options) {
  exportTrace(trace, file, formatFromPath(file), options);
}

QImage renderAreaImage(const ChartArea& area, QSize size, double devicePixelRatio) {
  size = areaSize(area, size);
  checkSize(size, devicePixelRatio);
  SceneSizeGuard guard(*area.scene(), size);
  return renderScene(*area.scene(), size, devicePixelRatio, PageExtras{});
}

void exportArea(const ChartArea& area, const std::filesystem::path& file, ExportFormat format, QSize size,
                double devicePixelRatio) {
  size = areaSize(area, size);
  checkSize(size, devicePixelRatio);
  check_output_path(file, "the chart file");
  SceneSizeGuard guard(*area.scene(), size);
  writeBytes(file, encodeOrExplain(*area.scene(), size, devicePixelRatio, file, format));
}

void exportArea(const ChartArea& area, const std::filesystem::path& file, QSize size, double devicePixelRatio) {
  exportArea(area, file, formatFromPath(file), size, devicePixelRatio);
}

void copyAreaToClipboard(const ChartArea& area, double devicePixelRatio) {
  QClipboard* clipboard = QGuiApplication::clipboard();
  if (clipboard == nullptr) throw InputError("there is no clipboard on this display");
  clipboard->setImage(renderAreaImage(area, {}, devicePixelRatio));
}

}  // namespace poolscope::chart
