// The streaming side of the trace importer. Only the members of each event (and otherData) are built as
// JSON values; everything else in the file is skipped as it is read.
#include "trace/trace_reader_sax.hpp"

#include <string_view>
#include <utility>

#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::trace_reader_detail {
namespace {

// Deeper than any real event; a hostile file cannot make the importer recurse without bound later.
constexpr std::size_t kMaxEventNesting = 64;

const char* kind_of(const nlohmann::json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "a list";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "true/false";
  if (value.is_number()) return "a number";
  return "null";
}

}  // namespace

TraceReaderSax::TraceReaderSax(EventHandler on_event, const std::atomic<bool>* cancel, std::uint64_t total_bytes)
    : on_event_(std::move(on_event)), cancel_(cancel), total_bytes_(total_bytes) {}

TraceReaderSax::Slot TraceReaderSax::slot() const {
  if (skip_depth_ > 0) return Slot::inside_skipped;
  if (!root_seen_) return Slot::root;
  if (events_depth_ >= 0 && depth_ == events_depth_) return Slot::event_list;
  if (root_is_object_ && depth_ == 1) return Slot::root_key;
  return Slot::ignored;
}

bool TraceReaderSax::check_cancel() {
  // An atomic load per token would cost little, but every 4096 tokens costs nothing.
  if (cancel_ != nullptr && (++calls_ & 4095U) == 0 && cancel_->load(std::memory_order_relaxed)) {
    cancelled_ = true;
    return false;
  }
  return true;
}

bool TraceReaderSax::scalar(json&& value) {
  if (capture_ != Capture::none) {
    json* top = stack_.back();
    if (top->is_array()) {
      top->push_back(std::move(value));
    } else {
      (*top)[capture_key_] = std::move(value);
    }
    return check_cancel();
  }
  switch (slot()) {
    case Slot::root:
      throw InputError(std::string("the file holds ") + kind_of(value) +
                       ", not a trace (expected {\"traceEvents\": [...]} or a list of events)");
    case Slot::root_key:
      if (root_key_ == "traceEvents") {
        throw InputError(std::string("\"traceEvents\" must be a list of events, not ") + kind_of(value));
      }
      break;
    case Slot::event_list:
      throw InputError("event " + std::to_string(next_ordinal_) + " is " + kind_of(value) +
                       ", not an object such as {\"ph\": \"X\", ...}");
    case Slot::inside_skipped:
    case Slot::ignored: break;
  }
  return check_cancel();
}

bool TraceReaderSax::open(json&& container) {
  if (capture_ != Capture::none) {
    if (stack_.size() >= kMaxEventNesting) {
      throw InputError("event " + std::to_string(next_ordinal_) + " is nested more than " +
                       std::to_string(kMaxEventNesting) + " levels deep");
    }
    json* top = stack_.back();
    if (top->is_array()) {
      top->push_back(std::move(container));
      stack_.push_back(&top->back());
    } else {
      json& member = (*top)[capture_key_];
      member = std::move(container);
      stack_.push_back(&member);
    }
    return check_cancel();
  }
  const bool is_object = container.is_object();
  auto begin_capture = [&](Capture kind) {
    capture_ = kind;
    captured_ = std::move(container);
    stack_.assign(1, &captured_);
  };
  switch (slot()) {
    case Slot::root:
      root_seen_ = true;
      root_is_object_ = is_object;
      depth_ = 1;
      if (!is_object) {  // the bare array form: the document is the event list
        events_depth_ = 1;
        saw_events_ = true;
      }
      break;
    case Slot::root_key:
      if (root_key_ == "traceEvents") {
        if (is_object) throw InputError("\"traceEvents\" must be a list of events, not an object");
        depth_ = 2;
        events_depth_ = 2;
        saw_events_ = true;
      } else if (root_key_ == "otherData" && is_object) {
        begin_capture(Capture::other_data);
      } else {
        skip_depth_ = 1;
      }
      break;
    case Slot::event_list:
      if (!is_object) {
        throw InputError("event " + std::to_string(next_ordinal_) +
                         " is a list, not an object such as {\"ph\": \"X\", ...}");
      }
      begin_capture(Capture::event);
      break;
    case Slot::inside_skipped:
    case Slot::ignored: ++skip_depth_; break;
  }
  return check_cancel();
}

bool TraceReaderSax::close() {
  if (capture_ != Capture::none) {
    stack_.pop_back();
    if (stack_.empty()) {
      if (capture_ == Capture::event) {
        on_event_(captured_, next_ordinal_++);
      } else {
        other_data_ = std::move(captured_);
      }
      capture_ = Capture::none;
      captured_ = nullptr;
    }
    return check_cancel();
  }
  if (skip_depth_ > 0) {
    --skip_depth_;
    return true;
  }
  if (depth_ == events_depth_) events_depth_ = -1;
  --depth_;
  return check_cancel();
}

bool TraceReaderSax::null() { return scalar(nullptr); }
bool TraceReaderSax::boolean(bool value) { return scalar(value); }
bool TraceReaderSax::number_integer(json::number_integer_t value) { return scalar(value); }
bool TraceReaderSax::number_unsigned(json::number_unsigned_t value) { return scalar(value); }
bool TraceReaderSax::number_float(json::number_float_t value, const std::string& /*raw*/) { return scalar(value); }
bool TraceReaderSax::string(std::string& value) { return scalar(std::move(value)); }
bool TraceReaderSax::binary(json::binary_t& /*value*/) { return scalar(nullptr); }
bool TraceReaderSax::start_object(std::size_t /*elements*/) { return open(json::object()); }
bool TraceReaderSax::end_object() { return close(); }
bool TraceReaderSax::start_array(std::size_t /*elements*/) { return open(json::array()); }
bool TraceReaderSax::end_array() { return close(); }

bool TraceReaderSax::key(std::string& name) {
  if (capture_ != Capture::none) {
    capture_key_ = std::move(name);
  } else if (skip_depth_ == 0 && root_is_object_ && depth_ == 1) {
    root_key_ = std::move(name);
  }
  return true;
}

bool TraceReaderSax::parse_error(std::size_t position, const std::string& /*last_token*/,
                                 const nlohmann::detail::exception& error) {
  const std::string what = error.what();
  // The parser stopped at the very end (inside a string, a number, an open list): the file was cut short.
  const bool at_end = total_bytes_ > 0 && position >= total_bytes_;
  if (at_end || what.find("end of input") != std::string::npos) {
    throw InputError("the file ends in the middle of the JSON (at byte " + std::to_string(position) +
                     "): it is truncated, or was still being written");
  }
  // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 3, column 7: ...".
  std::string detail = what;
  if (const auto pos = detail.find("] "); pos != std::string::npos) detail = detail.substr(pos + 2);
  // The last token may be megabytes long.
  throw InputError("the file is not valid JSON: " + excerpt(detail, 2 * kExcerptChars));
}

}  // namespace poolscope::trace_reader_detail
