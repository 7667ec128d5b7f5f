// Streams a Chrome trace JSON document and hands over its events one at a time, each as a small JSON
// object, so that a file of any size never becomes one giant document in memory.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace poolscope::trace_reader_detail {

class TraceReaderSax {
 public:
  using json = nlohmann::json;
  // `ordinal` counts the elements of the event list from 0, for error messages.
  using EventHandler = std::function<void(json& event, std::size_t ordinal)>;

  // `total_bytes` (0 = unknown) tells a file cut short from one that is broken in the middle.
  TraceReaderSax(EventHandler on_event, const std::atomic<bool>* cancel, std::uint64_t total_bytes);

  // After parsing: whether the document had an event list, and its otherData object (null if none).
  bool saw_events() const { return saw_events_; }
  json& other_data() { return other_data_; }
  bool cancelled() const { return cancelled_; }

  // nlohmann::json SAX interface.
  bool null();
  bool boolean(bool value);
  bool number_integer(json::number_integer_t value);
  bool number_unsigned(json::number_unsigned_t value);
  bool number_float(json::number_float_t value, const std::string& raw);
  bool string(std::string& value);
  bool binary(json::binary_t& value);
  bool start_object(std::size_t elements);
  bool key(std::string& name);
  bool end_object();
  bool start_array(std::size_t elements);
  bool end_array();
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& error);

 private:
  enum class Capture : std::uint8_t { none, event, other_data };
  enum class Slot : std::uint8_t { root, root_key, event_list, inside_skipped, ignored };

  bool scalar(json&& value);
  bool open(json&& container);
  bool close();
  Slot slot() const;
  bool check_cancel();

  EventHandler on_event_;
  const std::atomic<bool>* cancel_;
  std::uint64_t total_bytes_;
  bool cancelled_ = false;

  bool root_seen_ = false;
  bool root_is_object_ = false;
  int depth_ = 0;          // containers open outside a capture or a skip
  int events_depth_ = -1;  // depth_ of the event list while it is open
  int skip_depth_ = 0;     // > 0 while inside a value nobody needs
  std::string root_key_;   // key of the root object's member being read
  bool saw_events_ = false;
  std::size_t next_ordinal_ = 0;
  std::size_t calls_ = 0;

  Capture capture_ = Capture::none;
  json captured_;
  std::vector<json*> stack_;  // open containers of the value being captured
  std::string capture_key_;
  json other_data_;
};

}  // namespace poolscope::trace_reader_detail
