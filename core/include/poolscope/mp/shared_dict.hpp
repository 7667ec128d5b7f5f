// Python's Manager().dict(): a dictionary that forked children write and the parent reads, safe from
// several processes at once. Keys and values are any codec-encodable type; items keep insertion order.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "poolscope/mp/shared_block.hpp"
#include "poolscope/pool/codec.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {

namespace shared_dict_detail {

// The byte-level table under SharedDict: an append-only log of entries plus an open-addressing index in
// anonymous shared memory. Each change becomes visible with one aligned store, so a writer killed
// half-way leaves the dict as it was; the robust lock is taken over from a dead holder.
class ByteDict {
 public:
  ByteDict(std::size_t max_keys, std::size_t max_bytes);
  void set(std::string_view key, std::string_view value);
  std::optional<std::string> get(std::string_view key) const;
  bool erase(std::string_view key);
  std::size_t size() const;
  std::vector<std::pair<std::string, std::string>> items() const;  // in insertion order
  void clear();

  struct Header;  // the layout of the shared block
  struct Slot;

 private:
  Header* header() const;
  Slot* slots() const;
  char* data() const;
  std::shared_ptr<SharedBlock> block_;
};

}  // namespace shared_dict_detail

template <Encodable K, Encodable V> class SharedDict {
 public:
  // Room for max_keys keys and max_bytes of encoded entries (every assignment appends one); the memory
  // is reserved, not committed. A handle: copies (e.g. a Process argument) share the same dictionary.
  explicit SharedDict(std::size_t max_keys = 1 << 14, std::size_t max_bytes = std::size_t{16} << 20)
      : d_(max_keys, max_bytes) {}

  // d[key] = value; reading d[key] throws LookupError, a std::out_of_range (Python's KeyError) for a missing key.
  class Item {
   public:
    Item& operator=(const V& value) {
      dict_->set(key_, value);
      return *this;
    }
    operator V() const { return dict_->at(key_); }

   private:
    friend class SharedDict;
    Item(SharedDict* dict, K key) : dict_(dict), key_(std::move(key)) {}
    SharedDict* dict_;
    K key_;
  };
  Item operator[](const K& key) { return Item(this, key); }

  void set(const K& key, const V& value) { d_.set(encoded(key), encoded(value)); }
  std::optional<V> get(const K& key) const {
    auto bytes = d_.get(encoded(key));
    if (!bytes) return std::nullopt;
    return codec::decode_all<V>(*bytes);
  }
  V at(const K& key) const {
    auto value = get(key);
    if (!value) throw LookupError("key " + trace_repr(key) + " is not in the dict");
    return *std::move(value);
  }
  bool contains(const K& key) const { return d_.get(encoded(key)).has_value(); }
  bool erase(const K& key) { return d_.erase(encoded(key)); }
  std::size_t size() const { return d_.size(); }
  bool empty() const { return size() == 0; }
  void clear() { d_.clear(); }

  // A snapshot of every (key, value), in the order the keys were first inserted (as a Python dict).
  std::vector<std::pair<K, V>> items() const {
    std::vector<std::pair<K, V>> out;
    for (const auto& [k, v] : d_.items()) out.emplace_back(codec::decode_all<K>(k), codec::decode_all<V>(v));
    return out;
  }

 private:
  template <class T> static std::string encoded(const T& value) {
    std::string bytes;
    codec::encode(value, bytes);
    return bytes;
  }

  shared_dict_detail::ByteDict d_;
};

}  // namespace poolscope
