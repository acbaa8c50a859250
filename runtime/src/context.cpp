// context: the tree of contexts behind gogo::context (Go's context package).
//
// Nodes are reference-counted. A child holds a reference to its parent
// (values and deadlines are looked up through parents), never the other
// way round: a cancellable node is linked into the children list of its
// nearest cancellable ancestor, which cancels what it finds there when it
// ends. A child that goes away unlinks itself under that ancestor's lock,
// and an ancestor cancelling its children takes a reference to each only
// if it is not already going away (try_retain), so neither side ever
// touches a freed node. A deadline's timer holds a reference to its node
// until the node ends, which stops and drops the timer.
//
// Lock order: a node's lock, then its descendants' locks are never held
// together: cancel() collects the children under the lock and cancels
// them after releasing it.
#include "spin_lock.hpp"
#include "timer.hpp"

#include <gogo/chan.hpp>
#include <gogo/context.hpp>
#include <gogo/timer.hpp>

#include <atomic>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gogo {
namespace {

class context_category_impl : public std::error_category {
 public:
  const char* name() const noexcept override { return "context"; }
  std::string message(int e) const override {
    switch (static_cast<context_errc>(e)) {
      case context_errc::canceled:
        return "context canceled";
      case context_errc::deadline_exceeded:
        return "context deadline exceeded";
    }
    return "unknown context error";
  }
};

}  // namespace

const std::error_category& context_category() noexcept {
  static const context_category_impl category;
  return category;
}

namespace detail {

using clock = std::chrono::steady_clock;

struct context_node {
  std::atomic<long> refs{1};
  context_node* parent = nullptr;  // counted; null: background
  const bool cancellable;

  // A value node (with_value).
  const void* key = nullptr;
  void* value = nullptr;
  void (*destroy_value)(void*) noexcept = nullptr;

  // A cancellable node (with_cancel, with_deadline).
  std::optional<clock::time_point> deadline;  // set before the node is shared
  spin_lock lock;
  chan<std::monostate> done;  // guarded by lock; made by the first done() or at the end
  std::error_code err;        // guarded by lock; set once, when the node ends
  std::optional<gogo::timer> deadline_timer;  // guarded by lock
  context_node* first_child = nullptr;  // guarded by lock
  // The ancestor whose children list this node is in: set once, when the
  // node is linked. The links are guarded by that ancestor's lock.
  context_node* registered_with = nullptr;
  bool linked = false;
  context_node* prev_sibling = nullptr;
  context_node* next_sibling = nullptr;

  explicit context_node(bool c) : cancellable(c) {}
};

namespace {

context_node* nearest_cancellable(context_node* n) noexcept {
  while (n && !n->cancellable) n = n->parent;
  return n;
}

// A reference to n unless it is already going away (no references left).
bool try_retain(context_node* n) noexcept {
  long r = n->refs.load(std::memory_order_relaxed);
  while (r > 0) {
    if (n->refs.compare_exchange_weak(r, r + 1, std::memory_order_relaxed)) return true;
  }
  return false;
}

// Needs n->registered_with->lock.
void unlink_locked(context_node* n) noexcept {
  context_node* p = n->registered_with;
  if (n->prev_sibling) {
    n->prev_sibling->next_sibling = n->next_sibling;
  } else {
    p->first_child = n->next_sibling;
  }
  if (n->next_sibling) n->next_sibling->prev_sibling = n->prev_sibling;
  n->prev_sibling = n->next_sibling = nullptr;
  n->linked = false;
}

void unregister(context_node* n) noexcept {
  context_node* p = n->registered_with;
  if (!p) return;
  p->lock.lock();
  if (n->linked) unlink_locked(n);
  p->lock.unlock();
}

// The done channel of every context that ended before anyone asked for it.
const chan<std::monostate>& closed_chan() {
  static const chan<std::monostate>* closed = [] {
    auto* c = new chan<std::monostate>(make_chan<std::monostate>());
    c->close();
    return c;
  }();
  return *closed;
}

// Ends n with err, then everything registered with it; with
// remove_from_parent, also takes n out of its ancestor's list (the
// ancestor itself cancelling n has already emptied that list).
void cancel(context_node* n, std::error_code err, bool remove_from_parent) {
  std::vector<context_node*> children;
  n->lock.lock();
  if (n->err) {
    n->lock.unlock();
    return;
  }
  n->err = err;
  chan<std::monostate> to_close = n->done;
  if (!n->done) n->done = closed_chan();
  for (context_node* c = n->first_child; c;) {
    context_node* next = c->next_sibling;
    c->linked = false;
    c->prev_sibling = c->next_sibling = nullptr;
    if (try_retain(c)) children.push_back(c);
    c = next;
  }
  n->first_child = nullptr;
  std::optional<gogo::timer> deadline_timer = std::move(n->deadline_timer);
  n->deadline_timer.reset();
  n->lock.unlock();

  if (to_close) to_close.close();
  for (context_node* c : children) {
    cancel(c, err, false);
    context_release(c);
  }
  if (remove_from_parent) unregister(n);
  // Last: dropping the timer may drop its function's reference to n.
  if (deadline_timer) deadline_timer->stop();
}

// Registers a new cancellable node with its nearest cancellable ancestor,
// or ends it at once if that ancestor has ended.
void propagate(context_node* n) {
  context_node* p = nearest_cancellable(n->parent);
  if (!p) return;  // under background() only: nothing can end it from above
  p->lock.lock();
  if (p->err) {
    std::error_code err = p->err;
    p->lock.unlock();
    cancel(n, err, false);
    return;
  }
  n->registered_with = p;
  n->linked = true;
  n->next_sibling = p->first_child;
  if (p->first_child) p->first_child->prev_sibling = n;
  p->first_child = n;
  p->lock.unlock();
}

context_node* new_cancellable(context_node* parent) {
  auto* n = new context_node(true);
  if (parent) context_retain(parent);
  n->parent = parent;
  n->refs.store(2, std::memory_order_relaxed);  // the context and its cancel_func
  return n;
}

std::pair<context, cancel_func> handles(context_node* n) {
  return {context_access::make(n), context_access::make_cancel(n)};
}

}  // namespace

void context_retain(context_node* n) noexcept { n->refs.fetch_add(1, std::memory_order_relaxed); }

void context_release(context_node* n) noexcept {
  while (n && n->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    unregister(n);
    if (n->destroy_value) n->destroy_value(n->value);
    context_node* parent = n->parent;
    delete n;
    n = parent;  // the reference n held
  }
}

recv_chan<std::monostate> context_done(context_node* n) {
  n = nearest_cancellable(n);
  if (!n) return {};
  n->lock.lock();
  if (!n->done) n->done = make_chan<std::monostate>();
  chan<std::monostate> done = n->done;
  n->lock.unlock();
  return done;
}

std::error_code context_err(context_node* n) {
  n = nearest_cancellable(n);
  if (!n) return {};
  n->lock.lock();
  std::error_code err = n->err;
  n->lock.unlock();
  return err;
}

std::optional<clock::time_point> context_deadline(context_node* n) {
  for (; n; n = n->parent)
    if (n->deadline) return n->deadline;
  return std::nullopt;
}

const void* context_value(context_node* n, const void* key) noexcept {
  for (; n; n = n->parent)
    if (!n->cancellable && n->key == key) return n->value;
  return nullptr;
}

context_node* context_with_value(context_node* parent, const void* key, void* value,
                                 void (*destroy)(void*) noexcept) {
  auto* n = new context_node(false);
  if (parent) context_retain(parent);
  n->parent = parent;
  n->key = key;
  n->value = value;
  n->destroy_value = destroy;
  return n;
}

}  // namespace detail

void cancel_func::operator()() const noexcept {
  if (detail::context_node* n = node_.get()) detail::cancel(n, context_errc::canceled, true);
}

std::pair<context, cancel_func> with_cancel(const context& parent) {
  detail::context_node* n = detail::new_cancellable(detail::context_access::node(parent));
  detail::propagate(n);
  return detail::handles(n);
}

std::pair<context, cancel_func> with_deadline(const context& parent,
                                              std::chrono::steady_clock::time_point deadline) {
  if (auto earlier = parent.deadline(); earlier && *earlier <= deadline) return with_cancel(parent);
  detail::context_node* n = detail::new_cancellable(detail::context_access::node(parent));
  n->deadline = deadline;
  auto handles = detail::handles(n);
  detail::propagate(n);
  auto left = deadline - detail::clock::now();
  if (left.count() <= 0) {
    detail::cancel(n, context_errc::deadline_exceeded, true);
    return handles;
  }
  n->lock.lock();
  if (!n->err) {
    // The timer's function holds a reference to n until cancel() drops
    // the timer.
    detail::context_retain(n);
    n->deadline_timer = after_func(left, [ref = detail::context_ref(n)] {
      detail::cancel(ref.get(), context_errc::deadline_exceeded, true);
    });
  }
  n->lock.unlock();
  return handles;
}

std::pair<context, cancel_func> with_timeout(const context& parent,
                                             std::chrono::nanoseconds timeout) {
  return with_deadline(parent, detail::deadline_after(timeout));
}

}  // namespace gogo
