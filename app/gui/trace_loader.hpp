// Reads a trace file on a background thread so a 200 MB file never freezes the window.
// Reports progress and the result back on the GUI thread; cancel() abandons the read.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

#include <QObject>
#include <QString>
#include <QStringList>

#include "poolscope/trace/task_record.hpp"

namespace poolscope::gui {

class TraceLoader : public QObject {
  Q_OBJECT

 public:
  explicit TraceLoader(QObject* parent = nullptr);
  ~TraceLoader() override;  // cancels a read still going and waits for it

  // Starts reading `file`; false if a read is already going.
  bool load(const QString& file);
  // Reads every file in turn; their runs come in the order given, each labelled with its file's name if the
  // trace did not name it. The first file that fails is the one `failed` names, and nothing is loaded.
  bool load(const QStringList& files);
  void cancel();
  bool isLoading() const { return loading_; }

 signals:
  // Per mille of the file read so far (0..1000), on the GUI thread.
  void progress(int perMille);
  void loaded(const QStringList& files, const poolscope::Trace& trace);
  // The file could not be read; `message` says why in one sentence. Not emitted after cancel().
  void failed(const QString& file, const QString& message);

 private:
  void join();

  std::thread thread_;
  std::atomic<bool> cancel_{false};
  std::atomic<int> lastPerMille_{-1};
  bool loading_ = false;
};

}  // namespace poolscope::gui
