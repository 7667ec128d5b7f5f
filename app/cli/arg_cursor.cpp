// Flag walking shared by the CLI sub-commands.
#include "cli/arg_cursor.hpp"

#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::cli {

const std::string& ArgCursor::next() {
  const std::string& raw = args_.at(pos_++);
  has_inline_value_ = false;
  inline_value_.clear();
  current_ = raw;
  if (raw.starts_with("--")) {
    if (const auto eq = raw.find('='); eq != std::string::npos) {
      current_ = raw.substr(0, eq);
      inline_value_ = raw.substr(eq + 1);
      has_inline_value_ = true;
    }
  }
  // `--workers 3 ... --workers 4` is a mistake (an edited command line, a script appending flags); silently
  // taking the last would run something other than what the person reads at the start of the line.
  if (is_flag() && !seen_flags_.insert(current_).second) {
    throw InputError(excerpt(current_) + " is given twice; give it once");
  }
  return current_;
}

bool ArgCursor::is_flag() const { return current_.starts_with("--") || current_ == "-h"; }

std::string ArgCursor::value() {
  if (has_inline_value_) {
    if (inline_value_.empty()) throw InputError(excerpt(current_) + " needs a value");
    return inline_value_;
  }
  // `--trace --quiet` is a forgotten value, not a file called "--quiet".
  if (done() || args_[pos_].starts_with("--")) throw InputError(excerpt(current_) + " needs a value");
  return args_[pos_++];
}

void ArgCursor::no_value() const {
  if (has_inline_value_) throw InputError(excerpt(current_) + " takes no value");
}

}  // namespace poolscope::cli
