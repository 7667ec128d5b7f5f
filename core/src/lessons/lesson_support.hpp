// What the lesson cells use in place of Python's builtins and modules (print, str.format, os.getpid,
// time.sleep / time.ctime, %%time, enumerate, Manager, Array), so each cell reads line for line like the notebook's.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "poolscope/mp/shared_array.hpp"
#include "poolscope/mp/shared_dict.hpp"
#include "poolscope/pool/pool_options.hpp"
#include "poolscope/util/python_repr.hpp"

namespace poolscope::lessons {

namespace detail {
template <class T> struct is_shared_dict : std::false_type {};
template <class K, class V> struct is_shared_dict<SharedDict<K, V>> : std::true_type {};
template <class T> struct is_map : std::false_type {};
template <class K, class V, class C, class A> struct is_map<std::map<K, V, C, A>> : std::true_type {};

// Python's str(value): strings bare, containers as their repr.
template <class T> std::string text_of(const T& value) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string(std::string_view(value));
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
// '{0} doubled to {1}'.format(...) with the values already turned into text: {N} and {} fields, {{ and }}.
std::string format_fields(std::string_view pattern, const std::vector<std::string>& values);
}  // namespace detail

// Python's print(a, b, ...): the values' str() separated by spaces, one line.
template <class... A> void print(const A&... parts) {
  std::string line;
  ((line += (line.empty() ? "" : " ") + detail::text_of(parts)), ...);
  detail::write_line(line + '\n');
}

// A Python string literal, for its .format(): Str("{0} doubled to {1}").format(number, result).
class Str {
 public:
  explicit Str(std::string_view pattern) : pattern_(pattern) {}
  template <class... A> std::string format(const A&... values) const {
    return detail::format_fields(pattern_, {detail::text_of(values)...});
  }

 private:
  std::string_view pattern_;
};

// Python's os module: os.getpid().
struct PythonOs {
  int getpid() const;
};
inline constexpr PythonOs os{};

// Python's time module: time.sleep() scaled by the lesson's time scale (see LessonSettings), time.ctime()
// spelled as Python spells it whatever the locale ("Fri Dec 11 10:15:34 2020"), time.time().
struct PythonTime {
  void sleep(double seconds) const;
  std::string ctime() const;
  double time() const;
};
inline constexpr PythonTime time{};

// IPython's %%time: when the cell ends (this object goes out of scope), prints the cell's CPU times (this
// process only, as IPython measures them) and wall time: "CPU times: user 13.1 ms, sys: 5.32 ms, total:
// 18.5 ms" and "Wall time: 3.01 s".
class TimeMagic {
 public:
  TimeMagic();
  ~TimeMagic();
  TimeMagic(const TimeMagic&) = delete;
  TimeMagic& operator=(const TimeMagic&) = delete;

 private:
  std::int64_t wall_start_ns_;
  double user_start_, sys_start_;
};
// A duration as IPython's %%time prints it: three significant digits and a unit ("3.01 s", "18.5 ms").
std::string ipython_time(double seconds);

// Python's enumerate(values): (index, value) pairs.
template <class T> std::vector<std::pair<std::size_t, T>> enumerate(const std::vector<T>& values) {
  std::vector<std::pair<std::size_t, T>> pairs;
  for (std::size_t i = 0; i < values.size(); ++i) pairs.emplace_back(i, values[i]);
  return pairs;
}

// Python's Manager(): manager.dict() is a dict that every process shares. Python's Manager starts a server
// process for it; a SharedDict needs none, but the Manager takes a number from the process counter as
// Python's does, so the children after it get the names they would get in Python.
class Manager {
 public:
  Manager();
  template <Encodable K, Encodable V> SharedDict<K, V> dict() const { return SharedDict<K, V>(); }
};

// Python's Array('d', numbers): a shared array of doubles made from the numbers.
template <class T, class U> SharedArray<T> Array(const std::vector<U>& values) {
  std::vector<T> converted;
  for (const U& value : values) converted.push_back(static_cast<T>(value));
  return SharedArray<T>(converted);
}

// Options for the cells' pools: with events on, they report their tasks to the Lesson view's timeline.
PoolOptions timeline();

}  // namespace poolscope::lessons
