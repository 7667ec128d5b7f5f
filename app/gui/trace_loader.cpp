#include "gui/trace_loader.hpp"

#include <exception>
#include <memory>

#include "poolscope/trace/trace_reader.hpp"

namespace poolscope::gui {

TraceLoader::TraceLoader(QObject* parent) : QObject(parent) {}

TraceLoader::~TraceLoader() {
  cancel();
  join();
}

bool TraceLoader::load(const QString& file) {
  if (loading_) return false;
  join();
  cancel_.store(false);
  lastPerMille_.store(-1);
  loading_ = true;
  thread_ = std::thread([this, file] {
    TraceReadOptions options;
    options.cancel = &cancel_;
    options.progress = [this](std::uint64_t read, std::uint64_t total) {
      const int perMille = total == 0 ? 1000 : static_cast<int>(read * 1000 / total);
      // Only steps forward cross to the GUI thread: a 200 MB file reports ~200 times, and the bar never
      // moves back.
      if (perMille <= lastPerMille_.load()) return;
      lastPerMille_.store(perMille);
      QMetaObject::invokeMethod(
          this, [this, perMille] { emit progress(perMille); }, Qt::QueuedConnection);
    };
    auto trace = std::make_shared<Trace>();
    QString error;
    bool cancelled = false;
    try {
      *trace = read_trace(file.toStdString(), options);
    } catch (const TraceReadCancelled&) {
      cancelled = true;
    } catch (const std::bad_alloc&) {
      error = tr("There is not enough memory to read this trace.");
    } catch (const std::exception& e) {
      // The reader's sentence names the event and the field, in English; say in the user's language what
      // it means.
      error = tr("This file is not a trace PoolScope can draw.") + QStringLiteral("\n\n") +
              tr("Details: %1").arg(QString::fromStdString(e.what()));
    } catch (...) {
      error = tr("Reading this trace failed.");
    }
    QMetaObject::invokeMethod(
        this,
        [this, file, trace, error, cancelled] {
          loading_ = false;
          join();
          if (cancelled) return;
          if (error.isEmpty() && trace->runs.empty()) {
            emit failed(file, tr("The file holds no task to draw."));
          } else if (error.isEmpty()) {
            emit loaded(file, *trace);
          } else {
            emit failed(file, error);
          }
        },
        Qt::QueuedConnection);
  });
  return true;
}

void TraceLoader::cancel() { cancel_.store(true); }

void TraceLoader::join() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace poolscope::gui
