// sanitizer: detects ASan/TSan at compile time (GOGO_ASAN, GOGO_TSAN) and
// declares the few sanitizer interface functions the runtime calls.
#ifndef GOGO_SRC_SANITIZER_HPP
#define GOGO_SRC_SANITIZER_HPP

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define GOGO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GOGO_ASAN 1
#endif
#endif

#if defined(__SANITIZE_THREAD__)
#define GOGO_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GOGO_TSAN 1
#endif
#endif

extern "C" {
#if GOGO_ASAN
void __sanitizer_start_switch_fiber(void** fake_stack_save, const void* bottom, std::size_t size);
void __sanitizer_finish_switch_fiber(void* fake_stack_save, const void** bottom_old,
                                     std::size_t* size_old);
void __asan_unpoison_memory_region(void const volatile* addr, std::size_t size);
void __lsan_register_root_region(const void* p, std::size_t size);
void __lsan_unregister_root_region(const void* p, std::size_t size);
#endif
#if GOGO_TSAN
void* __tsan_get_current_fiber(void);
void* __tsan_create_fiber(unsigned flags);
void __tsan_destroy_fiber(void* fiber);
void __tsan_switch_to_fiber(void* fiber, unsigned flags);
#endif
}

#if GOGO_ASAN
#define GOGO_NO_ASAN __attribute__((no_sanitize("address")))
#else
#define GOGO_NO_ASAN
#endif

#endif
