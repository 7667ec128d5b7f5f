// Runs scenarios through a pool on a background thread and feeds the chart models from the GUI thread.
// A ~60 Hz timer drains the pool's sink in batches; Stop (or destruction) kills the workers at once.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include "chart/run_model.hpp"
#include "poolscope/pool/pool_options.hpp"
#include "poolscope/pool/stop_flag.hpp"
#include "poolscope/scenario/scenario.hpp"
#include "poolscope/trace/task_record.hpp"
#include "poolscope/trace/trace_sink.hpp"

namespace poolscope::gui {

class RunController : public QObject {
  Q_OBJECT

 public:
  static constexpr int kTickMs = 16;

  explicit RunController(QObject* parent = nullptr);
  ~RunController() override;  // stops a run still going and waits for its thread

  // Forked workers need the fork server in a threaded program; plain fork is for tests without one.
  void setStartMethod(StartMethod method) { startMethod_ = method; }
  StartMethod startMethod() const { return startMethod_; }
  // Label the live runs carry ("PoolScope"), shown in panel titles beside an imported "Python" run.
  void setLabel(const QString& label) { label_ = label; }

  // Runs `scenario` once per mode, one after the other, run i feeding models[i] (not owned; same size as
  // modes). Returns at once. Throws InputError for a bad scenario (nothing starts) and std::logic_error
  // when a run is already going.
  void start(const Scenario& scenario, const std::vector<Mode>& modes, const std::vector<chart::RunModel*>& models);
  // Asks the pool to stop; the workers are killed within ~10 ms. Returns at once; finished() follows.
  void stop();
  // stop() and wait for the background thread (window closing). Applies nothing more to the models.
  void stopAndWait();
  bool isRunning() const { return thread_.joinable(); }

  // The finished runs of the last start(), in mode order (the ones that completed before a stop).
  const std::vector<RunTrace>& results() const { return results_; }

 signals:
  void runStarted(int run, poolscope::Mode mode);
  // Every timer tick while running, with the monotonic time: running bars grow to it.
  void tick(qint64 nowNs);
  void runFinished(int run);
  // All runs ended: stopped by the user, or failed with `error` (empty when all went well).
  void finished(bool stopped, const QString& error);

 private:
  struct Event {
    enum Kind { started, finished, stopped, failed, done } kind = done;
    int run = 0;
    RunTrace trace;       // started: metadata and pending tasks; finished: the whole run
    std::string message;  // failed
  };

  void work(Scenario scenario, std::vector<Mode> modes);
  void post(Event event);
  void onTick();
  void drainRun(int run);
  void joinThread();

  StartMethod startMethod_ = StartMethod::forkserver;
  QString label_ = QStringLiteral("PoolScope");
  QTimer timer_;
  std::thread thread_;
  StopFlag stop_;
  std::vector<std::unique_ptr<BufferedSink>> sinks_;
  std::vector<QPointer<chart::RunModel>> models_;
  std::vector<bool> live_;  // run i has started and not finished
  std::vector<RunTrace> results_;

  std::mutex mutex_;  // guards events_
  std::vector<Event> events_;
};

}  // namespace poolscope::gui
