// The watch's timer drains whatever the program streamed since the last tick and applies it as one
// batch per run, so a program with thousands of tasks a second costs the GUI one update per frame.
#include "gui/watch_session.hpp"

#include "cli/watched_script.hpp"
#include "poolscope/util/clock.hpp"

namespace poolscope::gui {

WatchSession::WatchSession(std::vector<std::string> command, QObject* parent)
    : QObject(parent), command_(std::move(command)) {
  timer_.setInterval(kTickMs);
  timer_.setTimerType(Qt::PreciseTimer);
  connect(&timer_, &QTimer::timeout, this, &WatchSession::onTick);
}

WatchSession::~WatchSession() {
  timer_.stop();
  script_.reset();  // kills and reaps what is left
}

void WatchSession::start() {
  script_ = std::make_unique<cli::WatchedScript>(command_);
  script_->start();
  running_ = true;
  timer_.start();
}

void WatchSession::stop() {
  if (!running_ || !script_) return;
  stopped_ = true;
  script_->kill();
}

std::vector<chart::RunModel*> WatchSession::models() const {
  std::vector<chart::RunModel*> out;
  for (const auto& m : models_) out.push_back(m.get());
  return out;
}

void WatchSession::onTick() {
  if (!script_) return;
  const bool ended = script_->poll();
  std::string bytes;
  script_->readAvailable(bytes);
  if (ended) script_->finish(bytes);
  apply(reader_.feed(bytes));
  if (!ended) {
    emit tick(monotonic_ns());
    return;
  }
  timer_.stop();
  reader_.finish();
  for (std::size_t i = 0; i < models_.size(); ++i) {
    if (!models_[i]->finished()) models_[i]->finish(reader_.trace().runs[i].end_ns);
  }
  running_ = false;
  exitStatus_ = script_->exitStatus();
  emit finished(exitStatus_, stopped_);
}

void WatchSession::apply(const std::vector<StreamUpdate>& updates) {
  bool added = false;
  for (const StreamUpdate& update : updates) {
    const RunTrace& run = reader_.trace().runs[update.run];
    switch (update.kind) {
      case StreamUpdate::Kind::run_started:
        if (update.run >= models_.size()) {
          models_.push_back(std::make_unique<chart::RunModel>());
          added = true;
        }
        models_[update.run]->reset(run);  // a known run's settled mode comes this way too
        break;
      case StreamUpdate::Kind::tasks_changed: models_[update.run]->apply(update.tasks); break;
      case StreamUpdate::Kind::run_ended: models_[update.run]->finish(run.end_ns); break;
    }
  }
  if (added) emit runsChanged();
}

}  // namespace poolscope::gui
