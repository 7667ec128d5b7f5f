// Opens trace files for the main window: reads them off the GUI thread behind a progress dialog, and turns
// the runs read into chart models that stay alive for as long as the window shows them.
#pragma once

#include <exception>
#include <memory>
#include <vector>

#include <QObject>
#include <QString>
#include <QStringList>

#include "chart/run_model.hpp"
#include "poolscope/trace/task_record.hpp"

class QProgressDialog;
class QWidget;

namespace poolscope::gui {

class TraceLoader;

class TraceOpener : public QObject {
  Q_OBJECT

 public:
  // `window` parents the progress dialog.
  explicit TraceOpener(QWidget* window);

  // Asks for one trace file (or, with `several`, any number of them), starting in the folder of the last one
  // opened; empty if none was chosen.
  static QStringList chooseFiles(QWidget* parent, bool several);
  // Starts reading `files` (their runs are drawn in that order); false (and nothing happens) while a previous
  // read is still going.
  bool open(const QStringList& files);
  // "a.json" or "a.json, b.json": how the window names what it opened.
  static QString namesOf(const QStringList& files);
  void cancel();
  bool isLoading() const;
  TraceLoader* loader() const { return loader_; }

  // What the last successful open read, and the models drawn from it, in the trace's order.
  const Trace& trace() const { return trace_; }
  QString file() const { return files_.value(0); }  // the first file of the last open
  const std::vector<std::unique_ptr<chart::RunModel>>& models() const { return models_; }

 signals:
  void status(const QString& text);
  // The file was read: whatever the window is doing gives way before the runs are drawn.
  void read();
  // The runs became models; the previous models stay alive until the slots have returned.
  void opened(const QStringList& files, const std::vector<poolscope::chart::RunModel*>& models);
  // One message for the user; `title` names the file.
  void failed(const QString& title, const QString& message);
  // The same, with the exception's text as details (direct connections only: `error` lives on the stack).
  void failedWith(const QString& title, const QString& sentence, const std::exception& error);

 private:
  void onLoaded(const QStringList& files, const Trace& trace);
  void onFailed(const QString& file, const QString& message);
  void closeProgress();

  QWidget* window_;
  TraceLoader* loader_;
  QProgressDialog* progress_ = nullptr;
  Trace trace_;
  QStringList files_;
  std::vector<std::unique_ptr<chart::RunModel>> models_;
};

}  // namespace poolscope::gui
