// What the lesson cells use in place of Python's builtins (print, time.time, time.sleep), so each cell
// reads like the notebook's code.
#pragma once

#include <unistd.h>

#include <map>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "poolscope/mp/shared_dict.hpp"
#include "poolscope/pool/pool_options.hpp"
#include "poolscope/util/python_repr.hpp"

namespace poolscope::lessons {

namespace detail {
template <class T> struct is_shared_dict : std::false_type {};
template <class K, class V> struct is_shared_dict<SharedDict<K, V>> : std::true_type {};
template <class T> struct is_map : std::false_type {};
template <class K, class V, class C, class A> struct is_map<std::map<K, V, C, A>> : std::true_type {};

template <class T> std::string text_of(const T& value) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string(std::string_view(value));  // strings print bare, as print('text') does
  } else if constexpr (is_shared_dict<T>::value) {
    return python_dict_repr(value.items());
  } else if constexpr (is_map<T>::value) {
    return python_dict_repr(
        std::vector<std::pair<typename T::key_type, typename T::mapped_type>>(value.begin(), value.end()));
  } else {
    return python_repr(value);
  }
}

void write_line(const std::string& line);
}  // namespace detail

// Python's print(a, b, ...) without the spaces: print(number, " doubled to ", result).
template <class... A> void print(const A&... parts) {
  std::string line;
  ((line += detail::text_of(parts)), ...);
  detail::write_line(line + '\n');
}

// Python's time.time(), in seconds.
double time_now();
// Python's time.sleep(), scaled by the lesson's time scale (see LessonSettings).
void time_sleep(double seconds);
// Seconds with one decimal, as f'{x:.1f}'.
std::string fixed1(double seconds);

// Options for the cells' pools: with events on, they report their tasks to the Lesson view's timeline.
PoolOptions timeline();

}  // namespace poolscope::lessons
