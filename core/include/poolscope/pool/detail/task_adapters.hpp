// The template plumbing between Pool's typed API and the type-erased engine: function traits, the
// calls a worker makes to decode an input, run the task and encode its result, and lazy input sources.
#pragma once

#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "poolscope/pool/codec.hpp"
#include "poolscope/pool/detail/pool_core.hpp"
#include "poolscope/pool/detail/repr_text.hpp"
#include "poolscope/pool/remote_exception.hpp"
#include "poolscope/trace/task_record.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::detail {

template <class F> struct fn_traits;
template <class R, class... A> struct fn_traits<R (*)(A...)> {
  using result = R;
  using args = std::tuple<std::decay_t<A>...>;
  static constexpr std::size_t arity = sizeof...(A);
};
template <class R, class... A> struct fn_traits<R (*)(A...) noexcept> : fn_traits<R (*)(A...)> {};

// A function pointer, or a capture-less lambda converted to one (unary + does the conversion).
template <class F> using fn_ptr_t = std::decay_t<decltype(+std::declval<F>())>;
template <class F> using result_t = typename fn_traits<fn_ptr_t<F>>::result;
template <class F> using arg_t = std::tuple_element_t<0, typename fn_traits<fn_ptr_t<F>>::args>;
template <class F> using args_t = typename fn_traits<fn_ptr_t<F>>::args;

template <class F> std::uintptr_t fn_address(F fn) {
  // Workers are forks of this program (directly or through the fork server), so code addresses agree.
  return reinterpret_cast<std::uintptr_t>(+fn);
}

template <class R, class Call> bool run_task(Call&& call, std::string& output) {
  static_assert(!std::is_void_v<R>, "a pool task must return a value: the caller receives it, as in Python");
  const std::size_t mark = output.size();
  try {
    codec::encode<R>(call(), output);
    return true;
  } catch (const std::exception& e) {
    // "type\0message": the caller rethrows a registered type as itself (remote_exception.hpp).
    output.resize(mark);
    output += demangled_type_name(typeid(e));
    output += '\0';
    output += e.what();
  } catch (...) {
    output.resize(mark);
    output += "the task threw an exception that is not a std::exception";
  }
  return false;
}

template <class Fp> bool invoke_unary(std::uintptr_t fn, std::string_view input, std::string& output) {
  using R = typename fn_traits<Fp>::result;
  using A = std::tuple_element_t<0, typename fn_traits<Fp>::args>;
  return run_task<R>([&] { return reinterpret_cast<Fp>(fn)(codec::decode_all<A>(input)); }, output);
}

template <class Fp> bool invoke_star(std::uintptr_t fn, std::string_view input, std::string& output) {
  using R = typename fn_traits<Fp>::result;
  using Args = typename fn_traits<Fp>::args;
  return run_task<R>([&] { return std::apply(reinterpret_cast<Fp>(fn), codec::decode_all<Args>(input)); }, output);
}

// The JSON literal of `value` into `out`: an integer (a traced run's usual input and result) is written in
// place, as trace_repr would write it.
template <class T> void repr_into(const T& value, ReprText& out) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool> && sizeof(T) <= 8) {
    out.assign_integer(value);
  } else {
    out.assign(codec_detail::repr_of(value));
  }
}

template <class R> void repr_encoded(std::string_view encoded, ReprText& repr) {
  repr_into(codec::decode_all<R>(encoded), repr);
}

template <class R> R unwrap(const TaskRecord& record, std::string_view result) {
  if (record.status == TaskStatus::ok) return codec::decode_all<R>(result);
  rethrow_task_failure(record);
}

// Reads a range lazily into encoded inputs, many per call; owns the range if it was passed as an rvalue.
// What the range throws (from begin, *, ++ or the end test) is stored for the pool to hand to the caller.
template <class T, class Range> InputSource make_source(Range&& range) {
  using View = std::views::all_t<Range>;
  struct State {
    View view;
    std::optional<std::ranges::iterator_t<View>> it;
    bool advance = false;
  };
  auto state = std::make_shared<State>(State{std::views::all(std::forward<Range>(range)), std::nullopt, false});
  return [state](std::string& entries, ReprText* reprs, std::size_t most,
                 std::exception_ptr& error) -> std::size_t {
    std::size_t n = 0;
    try {
      if (!state->it) state->it.emplace(std::ranges::begin(state->view));
      for (; n < most; ++n) {
        if (state->advance) {
          // Advanced only when the next item is wanted: if advancing throws, the item before it was
          // already handed to the pool, as a Python generator's items are before the one that raises.
          state->advance = false;
          ++*state->it;
        }
        auto& it = *state->it;
        if (it == std::ranges::end(state->view)) break;
        const T value = static_cast<T>(*it);
        state->advance = true;
        // The entry's length goes in front of its bytes: reserve it, encode, then fill it in.
        const std::size_t at = entries.size();
        entries.append(sizeof(std::uint64_t), '\0');
        codec::encode<T>(value, entries);
        const std::uint64_t length = entries.size() - at - sizeof(std::uint64_t);
        std::memcpy(entries.data() + at, &length, sizeof length);
        if (reprs != nullptr) repr_into(value, reprs[n]);
      }
    } catch (...) {
      error = std::current_exception();
    }
    return n;
  };
}

}  // namespace poolscope::detail
