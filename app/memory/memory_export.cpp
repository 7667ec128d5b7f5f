// The memory chart has no scene to lay out: it is painted straight onto the image, SVG or PDF device, at the
// requested size, in memory; the caller writes the bytes through the atomic writer like every other output.
#include "memory/memory_export.hpp"

#include <QBuffer>
#include <QByteArray>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include "poolscope/util/errors.hpp"

namespace poolscope::memory {
namespace {

// Paints onto `device` (already begun by `painter`), or throws.
void paintOn(QPainter& painter, bool begun, const MemoryChart& chart, QSize size) {
  if (!begun) throw InputError("the chart writer did not start");
  chart.paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
  painter.end();
}

}  // namespace

QByteArray encodeMemoryChart(const MemoryChart& chart, chart::ExportFormat format, QSize size) {
  QByteArray bytes;
  QBuffer out(&bytes);
  out.open(QIODevice::WriteOnly);
  switch (format) {
    case chart::ExportFormat::png: {
      QImage image(size, QImage::Format_ARGB32_Premultiplied);
      if (image.isNull()) throw InputError("not enough memory for a chart image of that size; choose a smaller size");
      const int dotsPerMeter = static_cast<int>(96.0 / 0.0254);
      image.setDotsPerMeterX(dotsPerMeter);
      image.setDotsPerMeterY(dotsPerMeter);
      QPainter painter;
      paintOn(painter, painter.begin(&image), chart, size);
      if (!image.save(&out, "PNG")) throw InputError("the PNG encoder failed");
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
      paintOn(painter, painter.begin(&svg), chart, size);
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
      paintOn(painter, painter.begin(&pdf), chart, size);
      break;
    }
  }
  return bytes;
}

}  // namespace poolscope::memory
