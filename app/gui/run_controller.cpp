#include "gui/run_controller.hpp"

#include <unistd.h>

#include <exception>
#include <stdexcept>
#include <utility>

#include "poolscope/scenario/scenario_runner.hpp"
#include "poolscope/scenario/workload.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::gui {

namespace {

// What a model shows before the first record arrives: the run's shape and every task pending.
RunTrace pendingRun(const Scenario& scenario, Mode mode, const std::string& label, std::int64_t originNs) {
  RunTrace run;
  run.mode = mode;
  run.workers = scenario.workers;
  run.chunksize = effective_chunksize(mode, scenario.chunksize, scenario.size(), scenario.workers);
  run.workload = std::string(to_string(scenario.workload));
  run.label = label;
  run.caller_pid = static_cast<int>(::getpid());
  run.origin_ns = originNs;
  run.tasks.resize(scenario.size());
  for (std::size_t i = 0; i < scenario.size(); ++i) {
    run.tasks[i].index = i;
    run.tasks[i].input = trace_repr(workload_args(scenario, i));
  }
  return run;
}

}  // namespace

RunController::RunController(QObject* parent) : QObject(parent) {
  timer_.setInterval(kTickMs);
  timer_.setTimerType(Qt::PreciseTimer);
  connect(&timer_, &QTimer::timeout, this, &RunController::onTick);
}

RunController::~RunController() { stopAndWait(); }

void RunController::start(const Scenario& scenario, const std::vector<Mode>& modes,
                          const std::vector<chart::RunModel*>& models) {
  if (isRunning()) throw UsageError("a run is already going");
  if (modes.empty() || models.size() != modes.size()) throw UsageError("one model per mode is needed");
  validate(scenario);

  stop_.reset();
  sinks_.clear();
  models_.clear();
  for (std::size_t i = 0; i < modes.size(); ++i) {
    sinks_.push_back(std::make_unique<BufferedSink>());
    models_.emplace_back(models[i]);
    if (models[i] != nullptr) {
      models[i]->reset(pendingRun(scenario, modes[i], label_.toStdString(), 0));
      // The plan beside the actual bars: with spin and more workers than cores, tasks stretch.
      models[i]->setPlan(scenario.durations, static_cast<int>(std::thread::hardware_concurrency()));
      // Not live until its own start: a run waiting its turn in the compare view shows no time passing.
      models[i]->finish();
    }
  }
  live_.assign(modes.size(), false);
  results_.clear();
  {
    const std::lock_guard lock(mutex_);
    events_.clear();
  }
  thread_ = std::thread(&RunController::work, this, scenario, modes);
  timer_.start();
}

void RunController::stop() { stop_.request(); }

void RunController::stopAndWait() {
  stop();
  joinThread();
  timer_.stop();
  const std::lock_guard lock(mutex_);
  events_.clear();
}

void RunController::work(Scenario scenario, std::vector<Mode> modes) {
  // Runs on the background thread: touches only the sinks, the stop flag and the event queue.
  const std::string label = label_.toStdString();
  RunOptions options;
  options.start_method = startMethod_;
  options.stop = &stop_;
  for (std::size_t i = 0; i < modes.size(); ++i) {
    if (stop_.requested()) {
      post({Event::stopped, static_cast<int>(i), {}, {}});
      break;
    }
    // The run's own origin arrives once its workers exist, so live bars sit where the final trace puts them.
    options.on_start = [&, i](std::int64_t originNs) {
      post({Event::started, static_cast<int>(i), pendingRun(scenario, modes[i], label, originNs), {}});
    };
    options.sink = sinks_[i].get();
    try {
      RunTrace trace = run_scenario(scenario, modes[i], options);
      trace.label = label;
      post({Event::finished, static_cast<int>(i), std::move(trace), {}});
    } catch (const PoolStopped&) {
      post({Event::stopped, static_cast<int>(i), {}, {}});
      break;
    } catch (const std::exception& e) {
      post({Event::failed, static_cast<int>(i), {}, e.what()});
      break;
    }
  }
  post({Event::done, 0, {}, {}});
}

void RunController::post(Event event) {
  const std::lock_guard lock(mutex_);
  events_.push_back(std::move(event));
}

void RunController::onTick() {
  std::vector<Event> events;
  {
    const std::lock_guard lock(mutex_);
    events.swap(events_);
  }
  bool ended = false;
  bool stopped = false;
  QString error;
  for (Event& event : events) {
    const auto run = static_cast<std::size_t>(event.run);
    switch (event.kind) {
      case Event::started:
        live_[run] = true;
        if (models_[run]) models_[run]->reset(event.trace);
        emit runStarted(event.run, event.trace.mode);
        break;
      case Event::finished:
        drainRun(event.run);
        live_[run] = false;
        // The finished trace replaces the live snapshots: it carries the exact origin, end and processes.
        if (models_[run]) {
          models_[run]->reset(event.trace);
          models_[run]->finish(event.trace.end_ns);
        }
        results_.push_back(std::move(event.trace));
        emit runFinished(event.run);
        break;
      case Event::stopped: stopped = true; break;
      case Event::failed: error = QString::fromStdString(event.message); break;
      case Event::done: ended = true; break;
    }
  }
  for (std::size_t run = 0; run < live_.size(); ++run) {
    if (live_[run]) drainRun(static_cast<int>(run));
  }
  if (!ended) {
    emit tick(monotonic_ns());
    return;
  }
  timer_.stop();
  joinThread();
  // A stopped run keeps what it drew so far, but no bar keeps growing.
  for (std::size_t run = 0; run < live_.size(); ++run) {
    if (live_[run] && models_[run]) models_[run]->finish();
    live_[run] = false;
  }
  emit finished(stopped, error);
}

void RunController::drainRun(int run) {
  BufferedSink& sink = *sinks_[static_cast<std::size_t>(run)];
  auto& model = models_[static_cast<std::size_t>(run)];
  for (auto& batch : sink.drain_snapshots()) {
    if (model) model->apply(batch);
    sink.recycle(std::move(batch));
  }
}

void RunController::joinThread() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace poolscope::gui
