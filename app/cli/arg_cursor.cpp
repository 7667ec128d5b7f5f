// Flag walking shared by the CLI sub-commands.
#include "cli/arg_cursor.hpp"

#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::cli {

const std::string& ArgCursor::next() {
  const std::string& raw = args_.at(pos_++);
  hasInlineValue_ = false;
  inlineValue_.clear();
  current_ = raw;
  if (raw.starts_with("--")) {
    if (const auto eq = raw.find('='); eq != std::string::npos) {
      current_ = raw.substr(0, eq);
      inlineValue_ = raw.substr(eq + 1);
      hasInlineValue_ = true;
    }
  }
  // `--workers 3 ... --workers 4` is a mistake (an edited command line, a script appending flags); silently
  // taking the last would run something other than what the person reads at the start of the line.
  if (isFlag() && !seenFlags_.insert(current_).second) {
    throw InputError(excerpt(current_) + " is given twice; give it once");
  }
  return current_;
}

bool ArgCursor::isFlag() const { return current_.starts_with("--") || current_ == "-h"; }

std::string ArgCursor::value() {
  if (hasInlineValue_) {
    if (inlineValue_.empty()) throw InputError(excerpt(current_) + " needs a value");
    return inlineValue_;
  }
  // `--trace --quiet` is a forgotten value, not a file called "--quiet".
  if (done() || args_[pos_].starts_with("--")) throw InputError(excerpt(current_) + " needs a value");
  return args_[pos_++];
}

void ArgCursor::noValue() const {
  if (hasInlineValue_) throw InputError(excerpt(current_) + " takes no value");
}

}  // namespace poolscope::cli
