// block_pool: owns fixed-size blocks for objects the runtime makes by the
// hundred thousand (a user's timer together with its channel,
// user_timer.cpp). Blocks are carved from chunks, and chunks from large
// reservations of address space, so that growing costs a mapping now and
// then instead of a heap extension per page (glibc grows a thread's arena
// by one mprotect per page) and no malloc per block. A freed block goes
// back to its chunk's free list and is reused; a chunk whose blocks are
// all free gives its pages back to the kernel (but for one chunk kept warm
// for the next burst) and is reused from its address range.
// Under ASan each block is an allocation of its own, so that ASan checks
// every block's lifetime and leaks.
#ifndef GOGO_SRC_BLOCK_POOL_HPP
#define GOGO_SRC_BLOCK_POOL_HPP

#include "spin_lock.hpp"
#include "thread_safety.hpp"

#include <cstddef>

namespace gogo::detail {

class block_pool {
 public:
  // Blocks are 64-byte aligned. A multiple of 64 and at most a sixteenth of
  // chunk_size.
  explicit constexpr block_pool(std::size_t block_size) noexcept : block_size_(block_size) {}
  block_pool(const block_pool&) = delete;
  block_pool& operator=(const block_pool&) = delete;

  // Throws std::bad_alloc when no address space can be mapped.
  void* alloc();
  void free(void* p) noexcept;

  // Chunks are aligned to their size: a block finds its chunk by masking
  // its address.
  static constexpr std::size_t chunk_size = 256 * 1024;

 private:
  struct chunk;
  // Where a chunk's first block starts: after its header, on a block
  // boundary.
  std::size_t first_block() const noexcept;
  chunk* take_chunk() GOGO_REQUIRES(lock_);
  void* carve_chunk() GOGO_REQUIRES(lock_);
  void link(chunk* c) noexcept GOGO_REQUIRES(lock_);
  void unlink(chunk* c) noexcept GOGO_REQUIRES(lock_);

  const std::size_t block_size_;
  spin_lock lock_;
  // The chunks with a block to hand out (free or never used), most
  // recently freed into first.
  chunk* partial_ GOGO_GUARDED_BY(lock_) = nullptr;
  // A chunk with every block free, kept with its pages (warm) so that a
  // timer started and stopped in a loop costs no page fault.
  chunk* spare_ GOGO_GUARDED_BY(lock_) = nullptr;
  // Chunks whose pages went back to the kernel, linked through their first
  // word: address space to reuse.
  void* clean_ GOGO_GUARDED_BY(lock_) = nullptr;
  // The part of the latest reservation no chunk was carved from yet.
  unsigned char* reserved_ GOGO_GUARDED_BY(lock_) = nullptr;
  unsigned char* reserved_end_ GOGO_GUARDED_BY(lock_) = nullptr;
  std::size_t next_reservation_ GOGO_GUARDED_BY(lock_) = 4 * chunk_size;
};

}  // namespace gogo::detail

#endif
