// thread_safety: owns the macros for clang's thread-safety annotations,
// which state which lock guards which data and which functions need a lock
// held (as marl does). Under other compilers they expand to nothing. The
// runtime tests compile the annotated sources with clang's -Wthread-safety
// as errors (the thread_safety.* tests in test/runtime).
//
// Only locks taken and released within one function are annotated: the
// scheduler's lock (scheduler.cpp) and the timer heap's (timer.cpp). A
// channel's or a wait queue's lock is released by block()'s unlock
// callback, after the goroutine has switched away, and select holds a set
// of channel locks chosen at run time; the analysis can follow neither. So
// the lock_word of mutex and wait_group is no capability, and channel.cpp
// and select.cpp are left out (under -Wthread-safety they warn about their
// unbalanced locking).
#ifndef GOGO_SRC_THREAD_SAFETY_HPP
#define GOGO_SRC_THREAD_SAFETY_HPP

#if defined(__clang__)
#define GOGO_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define GOGO_THREAD_ANNOTATION(x)
#endif

#define GOGO_CAPABILITY(name) GOGO_THREAD_ANNOTATION(capability(name))
#define GOGO_SCOPED_CAPABILITY GOGO_THREAD_ANNOTATION(scoped_lockable)
#define GOGO_GUARDED_BY(lock) GOGO_THREAD_ANNOTATION(guarded_by(lock))
#define GOGO_REQUIRES(...) GOGO_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define GOGO_ACQUIRE(...) GOGO_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define GOGO_RELEASE(...) GOGO_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define GOGO_TRY_ACQUIRE(...) GOGO_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define GOGO_NO_THREAD_SAFETY_ANALYSIS GOGO_THREAD_ANNOTATION(no_thread_safety_analysis)

#endif
