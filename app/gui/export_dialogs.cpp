// ExportDialogs: a file name without a suffix gets the format's, and the folder chosen is remembered for the
// next export (WindowSettings).
#include "gui/export_dialogs.hpp"

#include <exception>
#include <new>
#include <string_view>
#include <utility>

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QStandardPaths>
#include <QStringList>

#include "chart/chart_export.hpp"
#include "gui/window_settings.hpp"

namespace poolscope::gui {

namespace {
// Core messages are English; the sentence around them is in the user's language.
QString explained(const QString& sentence, const std::exception& error) {
  const bool memory = dynamic_cast<const std::bad_alloc*>(&error) != nullptr;
  const QString details =
      memory ? ExportDialogs::tr("there is not enough memory.") : QString::fromStdString(error.what());
  return sentence + QStringLiteral("\n\n") + ExportDialogs::tr("Details: %1").arg(details);
}
}  // namespace

ExportDialogs::ExportDialogs(QWidget* window, ImageWriter writeImage, TraceWriter writeTrace)
    : QObject(window), window_(window), writeImage_(std::move(writeImage)), writeTrace_(std::move(writeTrace)) {}

QString ExportDialogs::folder() {
  const QString saved = WindowSettings::exportFolder();
  if (!saved.isEmpty()) return saved;
  const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
  return QDir(pictures).exists() ? pictures : QDir::homePath();
}

QString ExportDialogs::askFile(const QString& title, const QString& baseName, const QString& suffix,
                               const QString& filter) {
  QString file = QFileDialog::getSaveFileName(window_, title, QDir(folder()).filePath(baseName + "." + suffix), filter);
  if (file.isEmpty()) return {};
  if (QFileInfo(file).suffix().isEmpty()) file += "." + suffix;
  WindowSettings::setExportFolder(QFileInfo(file).absolutePath());
  return file;
}

void ExportDialogs::saveImage(const QString& baseName, const QString& suffix, QSize size, double devicePixelRatio) {
  const QString filter = suffix == QLatin1String("png")   ? tr("PNG image (*.png)")
                         : suffix == QLatin1String("svg") ? tr("SVG drawing (*.svg)")
                                                          : tr("PDF document (*.pdf)");
  const QString file = askFile(tr("Export chart"), baseName, suffix, filter);
  if (file.isEmpty()) return;
  try {
    writeImage_(file, size, devicePixelRatio);
    emit wrote(file);
  } catch (const std::exception& e) {
    emit failed(tr("Export failed"), explained(tr("The chart was not written; no file was left behind."), e));
  }
}

void ExportDialogs::saveImageAtSize(const QString& baseName) {
  const QStringList sizes = {QStringLiteral("1280x720"), QStringLiteral("1366x768"), QStringLiteral("1920x1080"),
                             QStringLiteral("2560x1440"), tr("1920x1080 at 2× (3840x2160, HiDPI)")};
  bool ok = false;
  const QString choice = QInputDialog::getItem(window_, tr("Export PNG"), tr("Image size:"), sizes, 2, false, &ok);
  if (!ok) return;
  if (sizes.indexOf(choice) == sizes.size() - 1) {
    saveImage(baseName, QStringLiteral("png"), {1920, 1080}, 2.0);
    return;
  }
  try {
    const QByteArray text = choice.toLatin1();
    const QSize size = chart::parseSize(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
    saveImage(baseName, QStringLiteral("png"), size, 1.0);
  } catch (const std::exception& e) {
    emit failed(tr("Export failed"), explained(tr("The chart size is not valid."), e));
  }
}

void ExportDialogs::saveTrace(const QString& baseName, const QString& suffix) {
  const QString filter = suffix == QLatin1String("csv") ? tr("CSV table (*.csv)") : tr("Trace JSON (*.json)");
  const QString file = askFile(tr("Export trace"), baseName, suffix, filter);
  if (file.isEmpty()) return;
  try {
    writeTrace_(file);
    emit wrote(file);
  } catch (const std::exception& e) {
    emit failed(tr("Export failed"), explained(tr("The trace was not written; no file was left behind."), e));
  }
}

}  // namespace poolscope::gui
