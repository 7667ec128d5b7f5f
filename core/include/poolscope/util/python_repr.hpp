// Values printed the way Python prints them, so lesson output matches the notebook:
// 10.0 not 10, [5.0, 10.0], {5581: 10}, 'text' in containers.
#pragma once

#include <charconv>
#include <cmath>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace poolscope {

template <class T> std::string python_repr(const T& value);

namespace python_repr_detail {
template <class T> struct is_vector : std::false_type {};
template <class T, class A> struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T> struct is_pair : std::false_type {};
template <class A, class B> struct is_pair<std::pair<A, B>> : std::true_type {};

inline std::string float_repr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip, as Python's repr
  std::string s(buf, r.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}
}  // namespace python_repr_detail

// A dict's items (e.g. SharedDict::items()) printed as {key: value, ...}.
template <class K, class V> std::string python_dict_repr(const std::vector<std::pair<K, V>>& items) {
  std::string s = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) s += ", ";
    s += python_repr(items[i].first) + ": " + python_repr(items[i].second);
  }
  return s + "}";
}

template <class T> std::string python_repr(const T& value) {
  using namespace python_repr_detail;
  if constexpr (std::is_same_v<T, bool>) {
    return value ? "True" : "False";
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    return float_repr(static_cast<double>(value));
  } else if constexpr (std::is_convertible_v<const T&, std::string>) {
    std::string s = "'";
    for (char c : std::string(value)) {
      if (c == '\'' || c == '\\') s += '\\';
      s += c;
    }
    return s + "'";
  } else if constexpr (is_vector<T>::value) {
    std::string s = "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i != 0) s += ", ";
      s += python_repr(static_cast<const typename T::value_type&>(value[i]));
    }
    return s + "]";
  } else if constexpr (is_pair<T>::value) {
    return "(" + python_repr(value.first) + ", " + python_repr(value.second) + ")";
  } else {
    static_assert(sizeof(T) == 0, "python_repr: no Python spelling for this type");
  }
}

}  // namespace poolscope
