// A user's Python program watched live: runs it (recording on), reads its event stream at ~60 Hz in
// batches and feeds one chart model per pool call; Stop kills the program and every process it started.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <QObject>
#include <QTimer>

#include "chart/run_model.hpp"
#include "poolscope/trace/trace_stream_reader.hpp"

namespace poolscope::cli {
class WatchedScript;
}

namespace poolscope::gui {

class WatchSession : public QObject {
  Q_OBJECT

 public:
  static constexpr int kTickMs = 16;

  explicit WatchSession(std::vector<std::string> command, QObject* parent = nullptr);
  ~WatchSession() override;  // kills what is left of the program

  // Starts the program. Throws InputError if it cannot be started (nothing is left behind then).
  void start();
  // Kills the program's process group; finished() follows at the next tick.
  void stop();
  bool isRunning() const { return running_; }
  // The program's exit status as a shell reports it (128 + signal if it was killed); valid after finished().
  int exitStatus() const { return exitStatus_; }
  // One model per pool call so far, in the order the calls began.
  std::vector<chart::RunModel*> models() const;
  const Trace& trace() const { return reader_.trace(); }

 signals:
  // A pool call began: models() has one more.
  void runsChanged();
  // Every tick while the program runs, with the monotonic time: running bars grow to it.
  void tick(qint64 nowNs);
  // The program ended (stopped = killed by Stop), and every process it started is gone.
  void finished(int exitStatus, bool stopped);

 private:
  void onTick();
  void apply(const std::vector<StreamUpdate>& updates);

  std::vector<std::string> command_;
  std::unique_ptr<cli::WatchedScript> script_;
  TraceStreamReader reader_;
  std::vector<std::unique_ptr<chart::RunModel>> models_;
  QTimer timer_;
  bool running_ = false;
  bool stopped_ = false;
  int exitStatus_ = 0;
};

}  // namespace poolscope::gui
