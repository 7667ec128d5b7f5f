// Walks a sub-command's arguments flag by flag, for `run` and `render` alike.
// Accepts `--flag value` and `--flag=value`; every misuse, including a flag given twice, throws InputError.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace poolscope::cli {

class ArgCursor {
 public:
  explicit ArgCursor(const std::vector<std::string>& args) : args_(args) {}

  bool done() const { return pos_ >= args_.size(); }
  // Moves to the next argument and returns it; for `--flag=value` only `--flag`.
  // Throws InputError if that flag was already given.
  const std::string& next();
  // The current argument looks like a flag (`--x` or `-h`), not a positional one.
  bool isFlag() const;
  // The current flag's value: the `=value` part, or the following argument (consumed).
  // Throws InputError "--workers needs a value" if there is none.
  std::string value();
  // For flags that take no value: throws if one was given with `=`.
  void noValue() const;
  const std::string& current() const { return current_; }

 private:
  const std::vector<std::string>& args_;
  std::size_t pos_ = 0;
  std::string current_;
  std::string inlineValue_;
  bool hasInlineValue_ = false;
  std::set<std::string> seenFlags_;
};

}  // namespace poolscope::cli
