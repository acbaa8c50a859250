// The declarations of oneTBB's task_group the lint tests need, in oneTBB's
// own namespaces (tbb::detail::d1, re-exported into tbb), so that the
// built-in names (`tbb::task_group::run`) are matched as in real code.
#pragma once

namespace tbb {
namespace detail {
namespace d1 {

enum task_group_status { not_complete, complete, canceled };

class task_group_base {
 public:
  task_group_status wait() { return complete; }
};

class task_group : public task_group_base {
 public:
  template <class F> void run(F &&f) { (void)f; }
  template <class F> task_group_status run_and_wait(const F &f) {
    f();
    return complete;
  }
};

class task_arena {
 public:
  template <class F> void enqueue(F &&f) { (void)f; }
};

// Returns once every function has run: not a spawner.
template <class... F> void parallel_invoke(F &&...fs) { (fs(), ...); }

}  // namespace d1
}  // namespace detail

inline namespace v1 {
using detail::d1::parallel_invoke;
using detail::d1::task_arena;
using detail::d1::task_group;
}

}  // namespace tbb
