// The memory chart has no scene to lay out: it is painted straight onto the image, SVG or PDF device,
// at the requested size, through QSaveFile so a failed export leaves no file behind.
#include "memory/memory_export.hpp"

#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include "poolscope/util/errors.hpp"

namespace poolscope::memory {
namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// Paints onto `device` (already begun by `painter`), or throws.
void paintOn(QPainter& painter, bool begun, const MemoryChart& chart, QSize size, const std::filesystem::path& file) {
  if (!begun) throw InputError("cannot write " + quoted(file) + ": the writer did not start");
  chart.paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
  painter.end();
}

}  // namespace

void exportMemoryChart(const MemoryChart& chart, const std::filesystem::path& file, chart::ExportFormat format,
                       QSize size) {
  const std::filesystem::path parent = file.parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    throw InputError("cannot write " + quoted(file) + ": the folder " + quoted(parent) + " does not exist");
  }
  QSaveFile out(QString::fromStdString(file.string()));
  if (!out.open(QIODevice::WriteOnly)) {
    throw InputError("cannot write " + quoted(file) + ": " + out.errorString().toStdString());
  }
  switch (format) {
    case chart::ExportFormat::png: {
      QImage image(size, QImage::Format_ARGB32_Premultiplied);
      if (image.isNull()) throw InputError("not enough memory for a chart image of that size; choose a smaller size");
      const int dotsPerMeter = static_cast<int>(96.0 / 0.0254);
      image.setDotsPerMeterX(dotsPerMeter);
      image.setDotsPerMeterY(dotsPerMeter);
      QPainter painter;
      paintOn(painter, painter.begin(&image), chart, size, file);
      if (!image.save(&out, "PNG")) {
        out.cancelWriting();
        throw InputError("cannot write " + quoted(file) + ": PNG encoding failed");
      }
      break;
    }
    case chart::ExportFormat::svg: {
      QSvgGenerator svg;
      svg.setOutputDevice(&out);
      svg.setSize(size);
      svg.setViewBox(QRect(QPoint(0, 0), size));
      svg.setResolution(96);
      svg.setTitle(QStringLiteral("PoolScope memory chart"));
      svg.setDescription(chart.caption());
      QPainter painter;
      paintOn(painter, painter.begin(&svg), chart, size, file);
      break;
    }
    case chart::ExportFormat::pdf: {
      QPdfWriter pdf(&out);
      pdf.setCreator(QStringLiteral("PoolScope"));
      pdf.setTitle(QStringLiteral("PoolScope memory chart"));
      pdf.setResolution(96);
      const QPageSize page(QSizeF(size.width() * 0.75, size.height() * 0.75), QPageSize::Point, QString(),
                           QPageSize::ExactMatch);
      pdf.setPageLayout(QPageLayout(page, QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
      QPainter painter;
      paintOn(painter, painter.begin(&pdf), chart, size, file);
      break;
    }
  }
  if (!out.commit()) throw InputError("cannot write " + quoted(file) + ": " + out.errorString().toStdString());
}

}  // namespace poolscope::memory
