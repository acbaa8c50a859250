#include "global_queue.hpp"

#include "fatal.hpp"

#include <new>

namespace gogo::detail {

void global_queue::grow(std::size_t n) {
  std::size_t size = this->size();
  std::size_t cap = ring_ ? mask_ + 1 : 0;
  std::size_t new_cap = cap ? 2 * cap : 1024;
  while (new_cap < size + n) new_cap *= 2;
  auto* ring = new (std::nothrow) g*[new_cap];
  if (!ring) fatal_error("out of memory growing the global run queue");
  for (std::size_t i = 0; i < size; i++) ring[i] = ring_[(head_ + i) & mask_];
  delete[] ring_;
  ring_ = ring;
  mask_ = new_cap - 1;
  head_ = 0;
}

}  // namespace gogo::detail
