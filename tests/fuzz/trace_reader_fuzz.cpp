// libFuzzer target: the trace importer on arbitrary bytes. A file may be refused (InputError), never
// crash, hang, leak or allocate for numbers it merely mentions.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "poolscope/trace/trace_reader.hpp"
#include "poolscope/trace/trace_writer.hpp"
#include "poolscope/util/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  poolscope::Trace trace;
  try {
    trace = poolscope::parse_trace(text);
  } catch (const poolscope::InputError&) {
    return 0;
  }
  // What was accepted can be written and read back: the writer must cope with anything the reader builds.
  const std::string again = poolscope::trace_to_json(trace);
  try {
    (void)poolscope::parse_trace(again);
  } catch (const poolscope::InputError&) {
    // The re-read may refuse what the writer cannot express (e.g. a pending task's order); it must not crash.
  }
  (void)poolscope::trace_to_csv(trace);
  return 0;
}
