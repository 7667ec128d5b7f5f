// How task arguments and results cross process boundaries (bytes in shared memory), and how they are
// shown in traces (a JSON literal). Encodable: trivially copyable types, std::string, std::vector,
// std::pair and std::tuple of encodable types.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "poolscope/util/errors.hpp"

namespace poolscope {

namespace codec_detail {
template <class T> struct is_vector : std::false_type {};
template <class T, class A> struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T> struct is_tuple_like : std::false_type {};
template <class... T> struct is_tuple_like<std::tuple<T...>> : std::true_type {};
template <class A, class B> struct is_tuple_like<std::pair<A, B>> : std::true_type {};
}  // namespace codec_detail

template <class T>
concept Encodable = std::is_same_v<T, std::string> || codec_detail::is_vector<T>::value ||
    codec_detail::is_tuple_like<T>::value ||
    (std::is_trivially_copyable_v<T> && !std::is_pointer_v<T> && !std::is_member_pointer_v<T>);

namespace codec {

template <class T> void encode(const T& value, std::string& out);

template <class T> T decode(std::string_view& in);

namespace detail {
inline void need(const std::string_view& in, std::size_t bytes) {
  if (in.size() < bytes) throw SystemError("a task message was truncated in transport (codec mismatch)");
}
inline void put_size(std::uint64_t n, std::string& out) { out.append(reinterpret_cast<const char*>(&n), sizeof n); }
inline std::uint64_t get_size(std::string_view& in) {
  need(in, sizeof(std::uint64_t));
  std::uint64_t n = 0;
  std::memcpy(&n, in.data(), sizeof n);
  in.remove_prefix(sizeof n);
  return n;
}
}  // namespace detail

template <class T> void encode(const T& value, std::string& out) {
  static_assert(Encodable<T>,
                "this type cannot cross processes: use trivially copyable types, std::string, "
                "std::vector, std::pair or std::tuple of them");
  if constexpr (std::is_same_v<T, std::string>) {
    detail::put_size(value.size(), out);
    out.append(value);
  } else if constexpr (codec_detail::is_vector<T>::value) {
    using E = typename T::value_type;
    detail::put_size(value.size(), out);
    if constexpr (std::is_trivially_copyable_v<E> && !std::is_same_v<E, bool>) {
      out.append(reinterpret_cast<const char*>(value.data()), value.size() * sizeof(E));
    } else {
      for (const auto& e : value) encode(static_cast<const E&>(e), out);
    }
  } else if constexpr (codec_detail::is_tuple_like<T>::value) {
    std::apply([&out](const auto&... parts) { (encode(parts, out), ...); }, value);
  } else {
    out.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
}

template <class T> T decode(std::string_view& in) {
  static_assert(Encodable<T>);
  if constexpr (std::is_same_v<T, std::string>) {
    const auto n = detail::get_size(in);
    detail::need(in, n);
    std::string s(in.data(), n);
    in.remove_prefix(n);
    return s;
  } else if constexpr (codec_detail::is_vector<T>::value) {
    using E = typename T::value_type;
    const auto n = detail::get_size(in);
    T v;
    if constexpr (std::is_trivially_copyable_v<E> && !std::is_same_v<E, bool>) {
      // Compared before multiplying: a length of 2^61 or more would wrap `n * sizeof(E)` past the check.
      if (n > in.size() / sizeof(E)) detail::need(in, in.size() + 1);
      v.resize(n);
      if (n != 0) std::memcpy(static_cast<void*>(v.data()), in.data(), n * sizeof(E));
      in.remove_prefix(n * sizeof(E));
    } else {
      if (n > in.size()) detail::need(in, n);  // each element takes at least one byte
      v.reserve(n);
      for (std::uint64_t i = 0; i < n; ++i) v.push_back(decode<E>(in));
    }
    return v;
  } else if constexpr (codec_detail::is_tuple_like<T>::value) {
    return [&in]<std::size_t... I>(std::index_sequence<I...>) {
      // Braced initialisation evaluates left to right, matching encode's order.
      return T{decode<std::tuple_element_t<I, T>>(in)...};
    }
    (std::make_index_sequence<std::tuple_size_v<T>>{});
  } else {
    detail::need(in, sizeof(T));
    T value;
    std::memcpy(static_cast<void*>(&value), in.data(), sizeof(T));
    in.remove_prefix(sizeof(T));
    return value;
  }
}

// Decodes a whole message, e.g. one task's input.
template <class T> T decode_all(std::string_view in) {
  T value = decode<T>(in);
  return value;
}

}  // namespace codec

// ---- trace_repr: the JSON literal a trace shows for a value ------------------------------------------
// Customization point: declare `std::string trace_repr(const YourType&)` next to YourType (found by ADL),
// e.g. so a workload's argument struct shows only its input. The defaults cover numbers, strings,
// vectors, pairs and tuples; other types show as a string naming their size.

std::string json_quote(std::string_view text);

template <class T> std::string trace_repr(const T& value);

namespace codec_detail {
template <class T> std::string repr_of(const T& value) {
  using poolscope::trace_repr;
  return trace_repr(value);
}
}  // namespace codec_detail

template <class T> std::string trace_repr(const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) return "null";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, r.ptr);
  } else if constexpr (std::is_enum_v<T>) {
    return std::to_string(static_cast<std::underlying_type_t<T>>(value));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return json_quote(value);
  } else if constexpr (codec_detail::is_vector<T>::value) {
    std::string s = "[";
    bool first = true;
    for (const auto& e : value) {
      if (!first) s += ", ";
      first = false;
      s += codec_detail::repr_of(static_cast<const typename T::value_type&>(e));
    }
    return s + "]";
  } else if constexpr (codec_detail::is_tuple_like<T>::value) {
    std::string s = "[";
    std::apply(
        [&s](const auto&... parts) {
          bool first = true;
          ((s += (first ? "" : ", "), s += codec_detail::repr_of(parts), first = false), ...);
        },
        value);
    return s + "]";
  } else {
    return json_quote("<" + std::to_string(sizeof(T)) + " bytes>");
  }
}

}  // namespace poolscope
