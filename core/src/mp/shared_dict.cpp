// SharedDict storage. Index slots point at the latest entry of their key; the slot's `entry` word is the
// commit point of every change (0 = empty, kTombstone = erased key, else 1 + offset of the entry).
#include "poolscope/mp/shared_dict.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <new>

#include "poolscope/mp/process_lock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::shared_dict_detail {

struct ByteDict::Header {
  ProcessLock lock;
  std::uint64_t slot_count = 0;
  std::uint64_t data_capacity = 0;
  std::uint64_t data_used = 0;  // bump pointer: a writer killed after moving it only wastes room
  std::uint64_t next_seq = 0;   // insertion order
  std::uint64_t count = 0;      // live keys; recounted after a writer died
  std::uint64_t max_keys = 0;
};

struct ByteDict::Slot {
  std::uint64_t hash = 0;
  std::uint64_t seq = 0;
  std::atomic<std::uint64_t> entry{0};
};

namespace {

constexpr std::uint64_t kTombstone = ~std::uint64_t{0};
constexpr std::size_t kHeaderRoom = 256;
static_assert(sizeof(ByteDict::Header) <= kHeaderRoom);

struct EntryHead {
  std::uint64_t key_size;
  std::uint64_t value_size;
};

std::uint64_t hash_of(std::string_view key) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::size_t slot_count_for(std::size_t max_keys) {
  std::size_t n = 16;
  while (n < max_keys + max_keys / 2 + 1) n *= 2;  // load factor <= 2/3
  return n;
}

}  // namespace

ByteDict::ByteDict(std::size_t max_keys, std::size_t max_bytes) {
  const std::size_t slot_count = slot_count_for(std::max<std::size_t>(max_keys, 1));
  const std::size_t bytes = kHeaderRoom + slot_count * sizeof(Slot) + max_bytes;
  block_ = std::make_shared<SharedBlock>(bytes);
  auto* h = new (block_->data()) Header{};
  h->slot_count = slot_count;
  h->data_capacity = max_bytes;
  h->max_keys = std::max<std::size_t>(max_keys, 1);
  // Mapped memory is zeroed, which is an empty Slot; nothing else to construct.
}

ByteDict::Header* ByteDict::header() const { return static_cast<Header*>(block_->data()); }
ByteDict::Slot* ByteDict::slots() const {
  return reinterpret_cast<Slot*>(static_cast<char*>(block_->data()) + kHeaderRoom);
}
char* ByteDict::data() const { return reinterpret_cast<char*>(slots() + header()->slot_count); }

namespace {

struct Table {
  ByteDict::Header* h;
  ByteDict::Slot* slots;
  char* data;
};

std::string_view key_at(const Table& t, std::uint64_t entry) {
  const char* p = t.data + (entry - 1);
  EntryHead head{};
  std::memcpy(&head, p, sizeof head);
  return {p + sizeof head, head.key_size};
}

std::string_view value_at(const Table& t, std::uint64_t entry) {
  const char* p = t.data + (entry - 1);
  EntryHead head{};
  std::memcpy(&head, p, sizeof head);
  return {p + sizeof head + head.key_size, head.value_size};
}

// The slot holding `key`, or (if absent) the slot an insert should use. Null if the table is full.
ByteDict::Slot* find(const Table& t, std::string_view key, std::uint64_t hash, bool* found) {
  *found = false;
  ByteDict::Slot* reusable = nullptr;
  const std::uint64_t mask = t.h->slot_count - 1;
  for (std::uint64_t i = 0, at = hash & mask; i < t.h->slot_count; ++i, at = (at + 1) & mask) {
    ByteDict::Slot& s = t.slots[at];
    const std::uint64_t entry = s.entry.load(std::memory_order_acquire);
    if (entry == 0) return reusable != nullptr ? reusable : &s;
    if (entry == kTombstone) {
      if (reusable == nullptr) reusable = &s;
      continue;
    }
    if (s.hash == hash && key_at(t, entry) == key) {
      *found = true;
      return &s;
    }
  }
  return reusable;
}

}  // namespace

namespace {

// Takes the lock; if its holder died mid-change, recounts the live keys (the entries are consistent).
std::pair<Table, std::unique_lock<ProcessLock>> lock_table(const Table& t) {
  std::unique_lock lock(t.h->lock);
  if (t.h->lock.take_recovered()) {
    std::uint64_t live = 0;
    for (std::uint64_t i = 0; i < t.h->slot_count; ++i) {
      const auto e = t.slots[i].entry.load();
      if (e != 0 && e != kTombstone) ++live;
    }
    t.h->count = live;
  }
  return {t, std::move(lock)};
}

}  // namespace

void ByteDict::set(std::string_view key, std::string_view value) {
  auto [t, lock] = lock_table(Table{header(), slots(), data()});
  const std::uint64_t hash = hash_of(key);
  bool found = false;
  Slot* slot = find(t, key, hash, &found);
  if (!found && (slot == nullptr || t.h->count >= t.h->max_keys)) {
    throw InputError("the shared dict already holds its maximum of " + std::to_string(t.h->max_keys) +
                     " keys: create it with a larger max_keys");
  }
  const std::uint64_t size = (sizeof(EntryHead) + key.size() + value.size() + 7) / 8 * 8;
  if (t.h->data_capacity - t.h->data_used < size) {
    throw InputError("the shared dict ran out of its " + std::to_string(t.h->data_capacity) +
                     " bytes of room: create it with a larger max_bytes");
  }
  const std::uint64_t offset = t.h->data_used;
  const EntryHead head{key.size(), value.size()};
  std::memcpy(t.data + offset, &head, sizeof head);
  std::memcpy(t.data + offset + sizeof head, key.data(), key.size());
  std::memcpy(t.data + offset + sizeof head + key.size(), value.data(), value.size());
  t.h->data_used = offset + size;
  if (!found) {
    slot->hash = hash;
    slot->seq = t.h->next_seq++;
  }
  slot->entry.store(offset + 1, std::memory_order_release);  // commit
  if (!found) ++t.h->count;
}

std::optional<std::string> ByteDict::get(std::string_view key) const {
  auto [t, lock] = lock_table(Table{header(), slots(), data()});
  bool found = false;
  Slot* slot = find(t, key, hash_of(key), &found);
  if (!found) return std::nullopt;
  return std::string(value_at(t, slot->entry.load()));
}

bool ByteDict::erase(std::string_view key) {
  auto [t, lock] = lock_table(Table{header(), slots(), data()});
  bool found = false;
  Slot* slot = find(t, key, hash_of(key), &found);
  if (!found) return false;
  slot->entry.store(kTombstone, std::memory_order_release);  // commit
  --t.h->count;
  return true;
}

std::size_t ByteDict::size() const {
  auto [t, lock] = lock_table(Table{header(), slots(), data()});
  return t.h->count;
}

std::vector<std::pair<std::string, std::string>> ByteDict::items() const {
  auto [t, lock] = lock_table(Table{header(), slots(), data()});
  std::vector<std::pair<std::uint64_t, std::uint64_t>> live;  // (seq, entry)
  for (std::uint64_t i = 0; i < t.h->slot_count; ++i) {
    const auto e = t.slots[i].entry.load();
    if (e != 0 && e != kTombstone) live.emplace_back(t.slots[i].seq, e);
  }
  std::sort(live.begin(), live.end());
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(live.size());
  for (const auto& [seq, e] : live) out.emplace_back(std::string(key_at(t, e)), std::string(value_at(t, e)));
  return out;
}

void ByteDict::clear() {
  auto [t, lock] = lock_table(Table{header(), slots(), data()});
  for (std::uint64_t i = 0; i < t.h->slot_count; ++i) t.slots[i].entry.store(0);
  t.h->count = 0;
  t.h->data_used = 0;
}

}  // namespace poolscope::shared_dict_detail
