#include "gui/trace_loader.hpp"

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <QFileInfo>

#include "poolscope/trace/trace_reader.hpp"

namespace poolscope::gui {

TraceLoader::TraceLoader(QObject* parent) : QObject(parent) {}

TraceLoader::~TraceLoader() {
  cancel();
  join();
}

bool TraceLoader::load(const QString& file) { return load(QStringList{file}); }

bool TraceLoader::load(const QStringList& files) {
  if (loading_ || files.isEmpty()) return false;
  join();
  cancel_.store(false);
  lastPerMille_.store(-1);
  loading_ = true;
  thread_ = std::thread([this, files] {
    const auto count = static_cast<std::uint64_t>(files.size());
    std::uint64_t done = 0;  // files read so far: the bar covers all of them
    TraceReadOptions options;
    options.cancel = &cancel_;
    options.progress = [this, count, &done](std::uint64_t read, std::uint64_t total) {
      const std::uint64_t part = total == 0 ? 1000 : read * 1000 / total;
      const int perMille = static_cast<int>((done * 1000 + part) / count);
      // Only steps forward cross to the GUI thread: a 200 MB file reports ~200 times, and the bar never
      // moves back.
      if (perMille <= lastPerMille_.load()) return;
      lastPerMille_.store(perMille);
      QMetaObject::invokeMethod(
          this, [this, perMille] { emit progress(perMille); }, Qt::QueuedConnection);
    };
    auto trace = std::make_shared<Trace>();
    QString error;
    QString file;
    bool cancelled = false;
    std::vector<std::string> names;  // per run: the name of the file it came from
    try {
      for (const QString& each : files) {
        file = each;
        Trace one = read_trace(file.toStdString(), options);
        if (one.runs.empty()) break;
        for (RunTrace& run : one.runs) {
          names.push_back(QFileInfo(file).completeBaseName().toStdString());
          if (run.label.empty()) run.label = names.back();
          trace->runs.push_back(std::move(run));
        }
        ++done;
      }
      // Two files whose runs carry the same label (two PoolScope runs) are told apart by their file names.
      std::vector<std::string> labels;
      for (const RunTrace& run : trace->runs) labels.push_back(run.label);
      for (std::size_t i = 0; i < labels.size(); ++i) {
        for (std::size_t j = 0; j < labels.size(); ++j) {
          if (names[i] != names[j] && labels[i] == labels[j]) {
            trace->runs[i].label += " (" + names[i] + ")";
            break;
          }
        }
      }
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
        [this, files, file, trace, error, cancelled, complete = done == count] {
          loading_ = false;
          join();
          if (cancelled) return;
          if (error.isEmpty() && !complete) {
            emit failed(file, tr("The file holds no task to draw."));
          } else if (error.isEmpty()) {
            emit loaded(files, *trace);
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
