// gogo::detail::elem_ops: how the runtime's type-erased channel core moves
// and destroys the elements of a chan<T>, and value_slot, the room for one
// T that the core may construct a received value in.
#ifndef GOGO_DETAIL_ELEM_OPS_HPP
#define GOGO_DETAIL_ELEM_OPS_HPP

#include <cstddef>
#include <new>
#include <optional>
#include <utility>

namespace gogo::detail {

struct elem_ops {
  std::size_t size;
  std::size_t align;
  void (*move_construct)(void* dst, void* src) noexcept;
  void (*destroy)(void* p) noexcept;
};

template <class T>
struct elem_ops_of {
  static void move_construct(void* dst, void* src) noexcept {
    ::new (dst) T(std::move(*static_cast<T*>(src)));
  }
  static void destroy(void* p) noexcept { static_cast<T*>(p)->~T(); }
  static constexpr elem_ops ops{sizeof(T), alignof(T), &move_construct, &destroy};
};

// Uninitialised room for one T that the core may construct a value in.
template <class T>
struct value_slot {
  alignas(T) unsigned char bytes[sizeof(T)];
  void* raw() noexcept { return bytes; }
  T* ptr() noexcept { return std::launder(reinterpret_cast<T*>(bytes)); }
  std::optional<T> take() {
    std::optional<T> v(std::move(*ptr()));
    ptr()->~T();
    return v;
  }
};

}  // namespace gogo::detail

#endif
