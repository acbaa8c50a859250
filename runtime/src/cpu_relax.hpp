// cpu_relax(): the processor's spin-wait hint, for busy-wait loops.
#ifndef GOGO_SRC_CPU_RELAX_HPP
#define GOGO_SRC_CPU_RELAX_HPP

namespace gogo::detail {

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace gogo::detail

#endif
