#include "block_pool.hpp"

#include "sanitizer.hpp"

#include <cstdint>
#include <new>
#include <sys/mman.h>

namespace gogo::detail {

// A chunk's header, in its first block(s). `free` links the chunk's freed
// blocks through their first word; `fresh` is the next block never handed
// out. A chunk in use is in partial_ exactly when it has a block to hand
// out (a full one is not: free() links it again).
struct block_pool::chunk {
  chunk* prev;
  chunk* next;
  void* free;
  unsigned char* fresh;
  unsigned char* end;  // past the last whole block
  std::size_t used;    // blocks handed out and not freed
};

namespace {

// Reservations double from 4 chunks up to this size.
constexpr std::size_t max_reservation = 64 * block_pool::chunk_size;

// `size` bytes of fresh address space aligned to `align`, committed page by
// page as they are touched; null when there is none.
unsigned char* reserve(std::size_t size, std::size_t align) noexcept {
  const std::size_t len = size + align;
  void* p = mmap(nullptr, len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  auto at = reinterpret_cast<std::uintptr_t>(p);
  std::uintptr_t aligned = (at + align - 1) / align * align;
  if (aligned != at) munmap(p, aligned - at);
  std::uintptr_t tail = aligned + size;
  if (tail != at + len) munmap(reinterpret_cast<void*>(tail), at + len - tail);
  return reinterpret_cast<unsigned char*>(aligned);
}

}  // namespace

std::size_t block_pool::first_block() const noexcept {
  return (sizeof(chunk) + block_size_ - 1) / block_size_ * block_size_;
}

void block_pool::link(chunk* c) noexcept {
  c->prev = nullptr;
  c->next = partial_;
  if (partial_) partial_->prev = c;
  partial_ = c;
}

void block_pool::unlink(chunk* c) noexcept {
  if (c->prev) c->prev->next = c->next;
  else partial_ = c->next;
  if (c->next) c->next->prev = c->prev;
}

// Address space for a new chunk from the current reservation, or from a
// new one, mapped with the lock released. Null when none can be mapped.
void* block_pool::carve_chunk() {
  while (reserved_ == reserved_end_) {
    const std::size_t size = next_reservation_;
    lock_.unlock();
    unsigned char* r = reserve(size, chunk_size);
    lock_.lock();
    if (!r) return nullptr;
    if (reserved_ != reserved_end_) {
      // Another thread reserved meanwhile: use its reservation first.
      lock_.unlock();
      munmap(r, size);
      lock_.lock();
      continue;
    }
    reserved_ = r;
    reserved_end_ = r + size;
    if (next_reservation_ < max_reservation) next_reservation_ *= 2;
  }
  void* c = reserved_;
  reserved_ += chunk_size;
  return c;
}

// A chunk to hand blocks out from, linked into partial_: the spare, a clean
// one, or a new one. Null when no address space can be mapped.
block_pool::chunk* block_pool::take_chunk() {
  chunk* c = spare_;
  if (c) {
    spare_ = nullptr;
    link(c);
    return c;
  }
  void* mem = clean_;
  if (mem) {
    clean_ = *static_cast<void**>(mem);
  } else if (!(mem = carve_chunk())) {
    return nullptr;
  }
  auto* base = static_cast<unsigned char*>(mem);
  c = ::new (mem) chunk{};
  c->fresh = base + first_block();
  c->end = c->fresh + (chunk_size - first_block()) / block_size_ * block_size_;
  link(c);
  return c;
}

void* block_pool::alloc() {
#if GOGO_ASAN
  return ::operator new(block_size_, std::align_val_t(64));
#else
  lock_.lock();
  chunk* c = partial_;
  if (!c && !(c = take_chunk())) {
    lock_.unlock();
    throw std::bad_alloc();
  }
  void* p;
  if (c->free) {
    p = c->free;
    c->free = *static_cast<void**>(p);
  } else {
    p = c->fresh;
    c->fresh += block_size_;
  }
  c->used++;
  if (!c->free && c->fresh == c->end) unlink(c);
  lock_.unlock();
  return p;
#endif
}

void block_pool::free(void* p) noexcept {
#if GOGO_ASAN
  ::operator delete(p, std::align_val_t(64));
#else
  auto* c = reinterpret_cast<chunk*>(reinterpret_cast<std::uintptr_t>(p) & ~(chunk_size - 1));
  lock_.lock();
  const bool was_full = !c->free && c->fresh == c->end;
  *static_cast<void**>(p) = c->free;
  c->free = p;
  if (was_full) link(c);
  if (--c->used != 0) {
    lock_.unlock();
    return;
  }
  // Every block is free: the chunk starts over, as the spare or clean.
  unlink(c);
  if (!spare_) {
    c->free = nullptr;
    c->fresh = reinterpret_cast<unsigned char*>(c) + first_block();
    spare_ = c;
    lock_.unlock();
    return;
  }
  // Nobody can reach c until it is on clean_: its pages go back unlocked.
  lock_.unlock();
  madvise(c, chunk_size, MADV_DONTNEED);
  lock_.lock();
  *reinterpret_cast<void**>(c) = clean_;
  clean_ = c;
  lock_.unlock();
#endif
}

}  // namespace gogo::detail
