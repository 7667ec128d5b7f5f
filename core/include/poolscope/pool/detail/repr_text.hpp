// The JSON literal of a task's input or result, as a traced pool keeps it per task: up to 20 bytes in
// place (any integer of up to 64 bits, a short string), longer ones on the heap. Written and read without
// the detours of std::string, since a traced run makes two of them per task.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace poolscope::detail {

class ReprText {
 public:
  ReprText() = default;
  ReprText(const ReprText& other) { assign(other.view()); }
  ReprText& operator=(const ReprText& other) {
    if (this != &other) assign(other.view());
    return *this;
  }
  ReprText(ReprText&& other) noexcept { swap(other); }
  ReprText& operator=(ReprText&& other) noexcept {
    swap(other);
    return *this;
  }
  ~ReprText() = default;

  std::string_view view() const { return {long_ ? long_.get() : short_, size_}; }
  bool empty() const { return size_ == 0; }
  void clear() {
    size_ = 0;
    long_.reset();
  }
  // Text of 4 GiB or more (more than a snapshot holds) is kept as a JSON string that gives its size.
  void assign(std::string_view text) {
    if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
      assign("\"<" + std::to_string(text.size()) + " bytes of JSON, too long to trace>\"");
      return;
    }
    if (text.size() <= kShort) {
      long_.reset();
      if (!text.empty()) std::memcpy(short_, text.data(), text.size());
    } else {
      auto bytes = std::make_unique_for_overwrite<char[]>(text.size());
      std::memcpy(bytes.get(), text.data(), text.size());
      long_ = std::move(bytes);
    }
    size_ = static_cast<std::uint32_t>(text.size());
  }
  // An integer in decimal, as std::to_string writes it.
  template <class I> void assign_integer(I value) {
    static_assert(std::is_integral_v<I> && sizeof(I) <= 8, "20 bytes hold any integer of up to 64 bits");
    long_.reset();
    size_ = static_cast<std::uint32_t>(std::to_chars(short_, short_ + kShort, value).ptr - short_);
  }
  void swap(ReprText& other) noexcept {
    std::swap(size_, other.size_);
    char bytes[kShort];
    std::memcpy(bytes, short_, kShort);
    std::memcpy(short_, other.short_, kShort);
    std::memcpy(other.short_, bytes, kShort);
    long_.swap(other.long_);
  }

 private:
  static constexpr std::size_t kShort = 20;
  std::uint32_t size_ = 0;
  char short_[kShort] = {};
  std::unique_ptr<char[]> long_;
};

}  // namespace poolscope::detail
