#include "gui/trace_opener.hpp"

#include <exception>

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QProgressDialog>
#include <QWidget>

#include "gui/trace_loader.hpp"
#include "gui/window_settings.hpp"

namespace poolscope::gui {

TraceOpener::TraceOpener(QWidget* window) : QObject(window), window_(window), loader_(new TraceLoader(this)) {
  connect(loader_, &TraceLoader::progress, this, [this](int perMille) {
    if (progress_ != nullptr) progress_->setValue(perMille);
  });
  connect(loader_, &TraceLoader::loaded, this, &TraceOpener::onLoaded);
  connect(loader_, &TraceLoader::failed, this, &TraceOpener::onFailed);
}

bool TraceOpener::isLoading() const { return loader_->isLoading(); }

void TraceOpener::cancel() { loader_->cancel(); }

QStringList TraceOpener::chooseFiles(QWidget* parent, bool several) {
  QString folder = WindowSettings::openFolder();
  if (folder.isEmpty()) folder = QDir::homePath();
  const QString filter = tr("Trace files (*.json);;All files (*)");
  QStringList files;
  if (several) {
    files = QFileDialog::getOpenFileNames(parent, tr("Open several traces"), folder, filter);
  } else if (const QString file = QFileDialog::getOpenFileName(parent, tr("Open trace"), folder, filter);
             !file.isEmpty()) {
    files << file;
  }
  if (!files.isEmpty()) WindowSettings::setOpenFolder(QFileInfo(files.front()).absolutePath());
  return files;
}

QString TraceOpener::namesOf(const QStringList& files) {
  QStringList names;
  for (const QString& file : files) names << QFileInfo(file).fileName();
  return names.join(QStringLiteral(", "));
}

bool TraceOpener::open(const QStringList& files) {
  if (!loader_->load(files)) return false;
  const QString reading = tr("Reading %1...").arg(namesOf(files));
  emit status(reading);
  delete progress_;
  progress_ = new QProgressDialog(reading, tr("Cancel"), 0, 1000, window_);
  progress_->setWindowTitle(tr("Open trace"));
  // Not modal: a modal QProgressDialog spins a nested event loop in setValue(); the window stays usable.
  progress_->setWindowModality(Qt::NonModal);
  progress_->setMinimumDuration(400);  // small files open without a flash of a dialog
  progress_->setAutoClose(false);
  progress_->setAutoReset(false);
  progress_->setValue(0);
  connect(progress_, &QProgressDialog::canceled, this, [this] {
    loader_->cancel();
    emit status(tr("Reading cancelled."));
    progress_->deleteLater();
    progress_ = nullptr;
  });
  return true;
}

void TraceOpener::closeProgress() {
  if (progress_ != nullptr) {
    progress_->deleteLater();
    progress_ = nullptr;
  }
}

void TraceOpener::onLoaded(const QStringList& files, const Trace& trace) {
  closeProgress();
  emit read();
  std::vector<std::unique_ptr<chart::RunModel>> models;
  std::vector<chart::RunModel*> pointers;
  Trace copy;
  try {
    // Building the models allocates per task: a failure (memory) is reported, never let out of the slot.
    copy = trace;
    for (RunTrace& run : copy.runs) {
      models.push_back(std::make_unique<chart::RunModel>());
      models.back()->reset(run);
      models.back()->setShowLabel(true);  // where it came from: "imap — Python", "imap — PoolScope"
      models.back()->finish(run.end_ns);
      pointers.push_back(models.back().get());
    }
  } catch (const std::exception& e) {
    emit status(tr("Could not open %1.").arg(namesOf(files)));
    emit failedWith(tr("Cannot open %1").arg(namesOf(files)), tr("The trace could not be drawn."), e);
    return;
  }
  trace_ = std::move(copy);
  files_ = files;
  emit opened(files, pointers);
  models_ = std::move(models);  // the previous models go only once nothing draws them
}

void TraceOpener::onFailed(const QString& file, const QString& message) {
  closeProgress();
  emit status(tr("Could not open %1.").arg(QFileInfo(file).fileName()));
  emit failed(tr("Cannot open %1").arg(QFileInfo(file).fileName()), message);
}

}  // namespace poolscope::gui
