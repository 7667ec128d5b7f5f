// Trace import: streams the file through the SAX reader into the assembler, reporting progress and
// honouring cancellation between blocks, so the GUI can read a 200 MB file off its thread.
#include "poolscope/trace/trace_reader.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <istream>
#include <memory>
#include <streambuf>
#include <vector>

#include <nlohmann/json.hpp>

#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"
#include "poolscope/util/input_file.hpp"
#include "trace/trace_reader_assembler.hpp"
#include "trace/trace_reader_sax.hpp"

namespace poolscope {
namespace {

using trace_reader_detail::TraceReaderAssembler;
using trace_reader_detail::TraceReaderSax;

constexpr std::size_t kBlockBytes = 1 << 20;

// Hands the parser one block at a time from a file or from memory, reporting each block and stopping
// at the next block once cancel is set.
class BlockStreambuf final : public std::streambuf {
 public:
  BlockStreambuf(std::FILE* file, std::string_view memory, std::uint64_t total, const TraceReadOptions& options)
      : file_(file), memory_(memory), total_(total), options_(options) {
    if (file_ != nullptr) buffer_.resize(kBlockBytes);
  }

  bool cancelled() const { return cancelled_; }
  bool failed() const { return failed_; }
  std::uint64_t bytes_read() const { return read_; }
  std::uint64_t total() const { return total_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed)) {
      cancelled_ = true;
      return traits_type::eof();
    }
    std::size_t n = 0;
    char* begin = nullptr;
    if (file_ != nullptr) {
      n = std::fread(buffer_.data(), 1, buffer_.size(), file_);
      if (n == 0 && std::ferror(file_)) failed_ = true;
      begin = buffer_.data();
    } else {
      const std::size_t offset = static_cast<std::size_t>(read_);
      n = std::min(kBlockBytes, memory_.size() - offset);
      // The parser only reads; streambuf's interface is not const-correct.
      begin = const_cast<char*>(memory_.data()) + offset;
    }
    if (n == 0) return traits_type::eof();
    read_ += n;
    if (options_.progress) options_.progress(std::min(read_, total_), total_);
    setg(begin, begin, begin + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::FILE* file_;
  std::string_view memory_;
  std::uint64_t total_;
  const TraceReadOptions& options_;
  std::vector<char> buffer_;
  std::uint64_t read_ = 0;
  bool cancelled_ = false;
  bool failed_ = false;
};

Trace parse_stream(BlockStreambuf& buffer, const TraceReadOptions& options, const std::string& fallback_label,
                   TraceFlavor* flavor) {
  TraceReaderAssembler assembler;
  TraceReaderSax sax([&](nlohmann::json& event, std::size_t ordinal) { assembler.add_event(event, ordinal); },
                     options.cancel, buffer.total());
  std::istream stream(&buffer);
  bool complete = false;
  try {
    complete = nlohmann::json::sax_parse(stream, &sax, nlohmann::json::input_format_t::json, /*strict=*/true);
  } catch (const InputError&) {
    if (buffer.cancelled()) throw TraceReadCancelled();
    if (buffer.failed()) throw InputError("reading stopped after " + std::to_string(buffer.bytes_read()) + " bytes");
    throw;
  }
  if (buffer.cancelled() || sax.cancelled()) throw TraceReadCancelled();
  if (!complete) throw InputError("the file is not a complete JSON document");
  if (!sax.saw_events()) {
    throw InputError("the file is JSON but not a trace: it has no \"traceEvents\" list");
  }
  Trace trace = assembler.finish(sax.other_data(), fallback_label, flavor);
  if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) throw TraceReadCancelled();
  return trace;
}

}  // namespace

Trace read_trace(const std::filesystem::path& file, const TraceReadOptions& options, TraceFlavor* flavor) {
  // Refuses a FIFO, device, directory or socket at once: `render fifo.json` must not wait for a writer.
  InputFile input(file, "trace");
  const std::uint64_t total = input.size();
  if (total == 0) throw InputError("cannot read trace " + excerpt_path(file) + ": the file is empty");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> handle(::fdopen(input.fd(), "rb"), &std::fclose);
  if (!handle) throw InputError("cannot read trace " + excerpt_path(file) + ": " + std::strerror(errno));
  input.release();  // the FILE closes it now
  std::string label = file.stem().string();
  if (label.empty()) label = "Chrome trace";
  try {
    BlockStreambuf buffer(handle.get(), {}, total, options);
    return parse_stream(buffer, options, label, flavor);
  } catch (const InputError& e) {
    throw InputError("trace " + excerpt_path(file) + ": " + e.what());
  }
}

Trace parse_trace(std::string_view json_text, const TraceReadOptions& options, TraceFlavor* flavor) {
  if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos) throw InputError("the trace is empty");
  BlockStreambuf buffer(nullptr, json_text, json_text.size(), options);
  return parse_stream(buffer, options, "Chrome trace", flavor);
}

}  // namespace poolscope
