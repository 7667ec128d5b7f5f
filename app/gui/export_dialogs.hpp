// The save dialogs of File → Export: ask where (starting in the last export folder, with a name that says
// what is shown), then let the window write the file; success and failure come back as signals.
#pragma once

#include <functional>

#include <QObject>
#include <QSize>
#include <QString>

class QWidget;

namespace poolscope::gui {

class ExportDialogs : public QObject {
  Q_OBJECT

 public:
  // Writes `file`; throws (poolscope::Error or std::exception) with a message a person can act on.
  using ImageWriter = std::function<void(const QString& file, QSize size, double devicePixelRatio)>;
  using TraceWriter = std::function<void(const QString& file)>;

  ExportDialogs(QWidget* window, ImageWriter writeImage, TraceWriter writeTrace);

  // `baseName` is the file name offered, without its suffix ("poolscope-slow-first").
  void saveImage(const QString& baseName, const QString& suffix, QSize size, double devicePixelRatio);
  // Asks for the size first (1280x720 ... 2560x1440, or 1920x1080 at 2x for HiDPI), then saves a PNG.
  void saveImageAtSize(const QString& baseName);
  void saveTrace(const QString& baseName, const QString& suffix);

  // The folder the dialogs start in: the last export's, else Pictures, else home.
  static QString folder();

 signals:
  void wrote(const QString& file);
  void failed(const QString& title, const QString& message);

 private:
  QString askFile(const QString& title, const QString& baseName, const QString& suffix, const QString& filter);

  QWidget* window_;
  ImageWriter writeImage_;
  TraceWriter writeTrace_;
};

}  // namespace poolscope::gui
