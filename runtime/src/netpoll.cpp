#include "netpoll.hpp"

#include "fatal.hpp"
#include "scheduler.hpp"
#include "spin_lock.hpp"
#include "thread_safety.hpp"
#include "timer.hpp"
#include "wait.hpp"

#include <atomic>
#include <cerrno>
#include <mutex>
#include <system_error>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace gogo::detail {
namespace {

// One waiter, on its own stack for exactly one wait (as a sudog). Linked in
// its descriptor's list under the descriptor's lock; whoever unlinks it sets
// `result` and then wakes it, after which it may vanish.
struct io_waiter {
  parker who;
  io_waiter* next = nullptr;
  std::uint64_t ticket = 0;  // names this wait for its deadline timer
  io_result result = io_result::ready;
};

// The state of one fd number, kept for the life of the process (fd numbers
// are small and reused), so events and timers that arrive late find memory
// that is still a descriptor. `seq` tells registrations of the same number
// apart: every event and deadline timer carries the seq it was made under.
//
// Per direction, exactly one of: no waiters and not ready; ready (an edge
// came while nobody waited: the next wait returns at once and clears it);
// a list of parked waiters (the next edge readies them all).
struct poll_desc {
  spin_lock lock;
  std::uint32_t seq GOGO_GUARDED_BY(lock) = 0;
  bool owned GOGO_GUARDED_BY(lock) = false;    // registered by netpoll_open
  bool closing GOGO_GUARDED_BY(lock) = false;  // netpoll_evict
  bool ready[2] GOGO_GUARDED_BY(lock) = {false, false};
  io_waiter* waiters[2] GOGO_GUARDED_BY(lock) = {nullptr, nullptr};
};

constexpr unsigned chunk_bits = 10;
constexpr unsigned chunk_size = 1u << chunk_bits;
constexpr unsigned max_chunks = 1u << 14;  // fds below 16M

// The epoll instance, its wakeup eventfd, and the descriptors, in chunks
// made on first use and never freed.
struct poller {
  int epfd = -1;
  int breakfd = -1;
  std::atomic<std::uint32_t> break_pending{0};
  // io_waiters linked in any descriptor, or unlinked and not yet woken.
  std::atomic<int> waiters{0};
  std::atomic<std::uint64_t> next_ticket{1};
  std::atomic<io_clock::rep> last_poll{0};
  std::atomic<poll_desc*> chunks[max_chunks] = {};
};

constexpr std::uint64_t break_tag = ~std::uint64_t(0);

std::atomic<poller*> the_poller{nullptr};

poller& get_poller() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto* p = new poller;  // never destroyed: workers poll until the end
    p->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (p->epfd < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
    p->breakfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (p->breakfd < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = break_tag;
    if (epoll_ctl(p->epfd, EPOLL_CTL_ADD, p->breakfd, &ev) != 0)
      throw std::system_error(errno, std::generic_category(), "epoll_ctl");
    p->last_poll.store(io_clock::now().time_since_epoch().count());
    the_poller.store(p, std::memory_order_release);
  });
  return *the_poller.load(std::memory_order_acquire);
}

poll_desc& desc(poller& p, int fd) {
  if (fd < 0 || unsigned(fd) >= chunk_size * max_chunks)
    throw std::system_error(EBADF, std::generic_category(), "netpoll");
  std::atomic<poll_desc*>& slot = p.chunks[unsigned(fd) >> chunk_bits];
  poll_desc* chunk = slot.load(std::memory_order_acquire);
  if (!chunk) {
    auto* fresh = new poll_desc[chunk_size];
    if (slot.compare_exchange_strong(chunk, fresh, std::memory_order_acq_rel)) {
      chunk = fresh;
    } else {
      delete[] fresh;
    }
  }
  return chunk[unsigned(fd) & (chunk_size - 1)];
}

std::uint64_t event_data(int fd, std::uint32_t seq) {
  return (std::uint64_t(seq) << 32) | std::uint32_t(fd);
}

// Unlinks every waiter of pd in `mode`; they stay chained through `next`
// for wake_chain, which sets their result and wakes them once pd's lock is
// released (unlinked, they are nobody else's: neither a deadline timer nor
// a close can find them any more).
io_waiter* take_all(poll_desc& pd, int mode) GOGO_REQUIRES(pd.lock) {
  io_waiter* chain = pd.waiters[mode];
  pd.waiters[mode] = nullptr;
  return chain;
}

// Wakes unlinked waiters in batches (one queue lock per batch), gathered
// across chains: a poll that readies many goroutines, one or two per fd,
// queues them together, as Go's netpoll hands injectglist one list. Each
// waiter's `next` is read before it is woken: it may be gone right after.
// They leave the count of waiters only once woken, i.e. once they are in
// a run queue (or a plain thread is posted): in between, an idle poller
// readying them must not look like "every goroutine asleep" to
// check_deadlock, which reads the run queues and then this count under the
// scheduler lock that the wakeup takes too.
class wake_batch {
 public:
  explicit wake_batch(poller& p) noexcept : p_(p) {}
  wake_batch(const wake_batch&) = delete;
  wake_batch& operator=(const wake_batch&) = delete;
  ~wake_batch() { flush(); }

  // Adds a chain, ending each of its waits with `result`; how many
  // waiters it had.
  int add(io_waiter* w, io_result result) noexcept {
    int total = 0;
    while (w) {
      io_waiter* next = w->next;
      w->result = result;
      batch_[n_++] = w->who;
      total++;
      if (n_ == capacity) flush();
      w = next;
    }
    return total;
  }

  void flush() noexcept {
    if (n_ == 0) return;
    wake_all(batch_, n_);
    p_.waiters.fetch_sub(int(n_));
    n_ = 0;
  }

 private:
  static constexpr std::size_t capacity = 64;
  poller& p_;
  parker batch_[capacity];
  std::size_t n_ = 0;
};

int wake_chain(poller& p, io_waiter* w, io_result result) noexcept {
  return wake_batch(p).add(w, result);
}

// A wait's deadline: a counted timer (it may fire after the wait is over,
// so it lives on the heap, not on the waiter's stack) naming the wait by
// fd, seq and ticket; if that wait is still linked, it ends in `timeout`.
struct io_timer : timer {
  int fd = -1;
  std::uint32_t seq = 0;
  int mode = 0;
  std::uint64_t ticket = 0;
};

void fire_deadline(timer* base) {
  auto* t = static_cast<io_timer*>(base);
  poller& p = *the_poller.load(std::memory_order_acquire);
  poll_desc& pd = desc(p, t->fd);
  io_waiter* found = nullptr;
  pd.lock.lock();
  if (pd.seq == t->seq) {
    for (io_waiter** link = &pd.waiters[t->mode]; *link; link = &(*link)->next) {
      if ((*link)->ticket != t->ticket) continue;
      found = *link;
      *link = found->next;
      found->next = nullptr;
      break;
    }
  }
  pd.lock.unlock();
  if (found) wake_chain(p, found, io_result::timeout);
}

void destroy_deadline(timer* base) noexcept { delete static_cast<io_timer*>(base); }

struct park_args {
  poll_desc* pd;
  bool thread;
};

// block()'s unlock: the waiter is linked and, if a goroutine, switched out.
// A plain thread has no worker that will go idle and poll for it, so it
// makes sure one does.
void unlock_desc(void* arg) noexcept GOGO_NO_THREAD_SAFETY_ANALYSIS {
  auto* a = static_cast<park_args*>(arg);
  // Read before the unlock: from then on the waiter may be woken and its
  // frame (and `a`) gone.
  const bool thread = a->thread;
  a->pd->lock.unlock();
  if (thread) wake_poller();
}

void arm(poller& p, poll_desc& pd, int fd, int mode) GOGO_NO_THREAD_SAFETY_ANALYSIS {
  pd.lock.lock();
  const bool owned = pd.owned;
  const std::uint32_t seq = pd.seq;
  if (!owned) {
    pd.ready[mode] = false;
    pd.closing = false;
  }
  pd.lock.unlock();
  if (owned) return;
  // Not ours: the fd may have been closed and its number reused since the
  // last wait, so its registration is renewed (MOD re-reports whatever is
  // ready now, so the cleared mark loses nothing).
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.u64 = event_data(fd, seq);
  if (epoll_ctl(p.epfd, EPOLL_CTL_MOD, fd, &ev) == 0) return;
  if (errno == ENOENT && epoll_ctl(p.epfd, EPOLL_CTL_ADD, fd, &ev) == 0) return;
  throw std::system_error(errno, std::generic_category(), "epoll_ctl");
}

// epoll_wait for at most `timeout` (negative: no limit). A timeout below a
// millisecond (the idle worker watching runnext slots sleeps 20 us) needs
// epoll_pwait2; kernels before 5.11 round it up to 1 ms.
int wait_events(poller& p, epoll_event* events, int max, std::chrono::nanoseconds timeout) {
  if (timeout.count() <= 0) return epoll_wait(p.epfd, events, max, timeout.count() < 0 ? -1 : 0);
#ifdef __GLIBC__
#if __GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35)
  static std::atomic<bool> no_pwait2{false};
  if (!no_pwait2.load(std::memory_order_relaxed)) {
    timespec ts;
    ts.tv_sec = time_t(timeout.count() / 1000000000);
    ts.tv_nsec = long(timeout.count() % 1000000000);
    int n = epoll_pwait2(p.epfd, events, max, &ts, nullptr);
    if (n >= 0 || errno != ENOSYS) return n;
    no_pwait2.store(true, std::memory_order_relaxed);
  }
#endif
#endif
  auto whole = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
  return epoll_wait(p.epfd, events, max, whole > 1000000 ? 1000000 : int(whole));
}

// A new life for fd's descriptor (pd.lock held): a new seq, so events of
// the previous one are ignored, and no readiness carried over from it.
std::uint32_t renew_locked(poll_desc& pd, bool owned) GOGO_REQUIRES(pd.lock) {
  pd.seq++;
  pd.owned = owned;
  pd.closing = false;
  pd.ready[0] = pd.ready[1] = false;
  return pd.seq;
}

}  // namespace

void netpoll_open(int fd) {
  poller& p = get_poller();
  poll_desc& pd = desc(p, fd);
  pd.lock.lock();
  const std::uint32_t seq = renew_locked(pd, true);
  pd.lock.unlock();
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.u64 = event_data(fd, seq);
  if (epoll_ctl(p.epfd, EPOLL_CTL_ADD, fd, &ev) == 0) return;
  // Registered earlier by a wait on the same fd: take it over.
  if (errno == EEXIST && epoll_ctl(p.epfd, EPOLL_CTL_MOD, fd, &ev) == 0) return;
  const int err = errno;
  pd.lock.lock();
  pd.owned = false;
  pd.lock.unlock();
  throw std::system_error(err, std::generic_category(), "epoll_ctl");
}

io_result netpoll_wait(int fd, io_mode mode, io_clock::time_point deadline, bool arm_fd)
    GOGO_NO_THREAD_SAFETY_ANALYSIS {
  if (deadline != io_no_deadline && io_clock::now() >= deadline) return io_result::timeout;
  poller& p = get_poller();
  poll_desc& pd = desc(p, fd);
  const int m = int(mode);
  if (arm_fd) arm(p, pd, fd, m);
  io_waiter w;
  w.who = current_parker();
  w.ticket = p.next_ticket.fetch_add(1, std::memory_order_relaxed);
  io_timer* t = nullptr;
  if (deadline != io_no_deadline) {
    t = new io_timer;
    t->when = deadline;
    t->fire = &fire_deadline;
    t->destroy = &destroy_deadline;
    t->refs.store(1, std::memory_order_relaxed);  // ours; the heap takes its own
    t->fd = fd;
    t->mode = m;
    t->ticket = w.ticket;
  }
  pd.lock.lock();
  if (pd.closing || pd.ready[m]) {
    const io_result r = pd.closing ? io_result::closed : io_result::ready;
    if (!pd.closing) pd.ready[m] = false;
    pd.lock.unlock();
    if (t) timer_release(t);
    return r;
  }
  w.next = pd.waiters[m];
  pd.waiters[m] = &w;
  p.waiters.fetch_add(1);
  if (t) {
    t->seq = pd.seq;
    timer_add(t);  // lock order: descriptor, then timer heap
  }
  park_args a{&pd, w.who.tp != nullptr};
  park(w.who, wait_reason::io_wait, &unlock_desc, &a);
  if (t) {
    timer_del(t);
    timer_release(t);
  }
  return w.result;
}

void netpoll_evict(int fd) {
  poller& p = get_poller();
  poll_desc& pd = desc(p, fd);
  pd.lock.lock();
  pd.closing = true;
  io_waiter* r = take_all(pd, 0);
  io_waiter* w = take_all(pd, 1);
  pd.lock.unlock();
  wake_chain(p, r, io_result::closed);
  wake_chain(p, w, io_result::closed);
}

void netpoll_interrupt(int fd, io_mode mode) {
  poller& p = get_poller();
  poll_desc& pd = desc(p, fd);
  pd.lock.lock();
  io_waiter* chain = take_all(pd, int(mode));
  pd.lock.unlock();
  wake_chain(p, chain, io_result::retry);
}

void netpoll_close(int fd) {
  poller& p = get_poller();
  poll_desc& pd = desc(p, fd);
  pd.lock.lock();
  renew_locked(pd, false);
  pd.lock.unlock();
  // Closing the fd drops its registration (unless the file is open under
  // another fd too, whose events then carry a stale seq and are ignored).
}

void netpoll_init() noexcept {
  if (the_poller.load(std::memory_order_acquire)) return;
  try {
    get_poller();
  } catch (const std::system_error& e) {
    fatal_errno("cannot create the netpoller", e.code().value());
  }
}

bool netpoll_has_waiters() noexcept {
  poller* p = the_poller.load(std::memory_order_acquire);
  return p && p->waiters.load() != 0;
}

io_clock::time_point netpoll_last_poll() noexcept {
  poller* p = the_poller.load(std::memory_order_acquire);
  if (!p) return io_clock::now();
  return io_clock::time_point(io_clock::duration(p->last_poll.load(std::memory_order_relaxed)));
}

void netpoll_break() noexcept {
  poller* p = the_poller.load(std::memory_order_acquire);
  if (!p) return;
  // One pending write is enough: the eventfd stays readable until the
  // poller that wakes from it reads it.
  if (p->break_pending.exchange(1) != 0) return;
  std::uint64_t one = 1;
  ssize_t n = write(p->breakfd, &one, sizeof one);
  (void)n;  // EAGAIN: the counter is full, so it is readable anyway
}

int netpoll(std::chrono::nanoseconds timeout) noexcept GOGO_NO_THREAD_SAFETY_ANALYSIS {
  poller* p = the_poller.load(std::memory_order_acquire);
  if (!p) return 0;
  constexpr int max_events = 128;
  epoll_event events[max_events];
  int n = wait_events(*p, events, max_events, timeout);
  p->last_poll.store(io_clock::now().time_since_epoch().count(), std::memory_order_relaxed);
  // Two passes: the first unlinks the waiters of every event and prefetches
  // them, the second ends their waits and queues them. A waiter lives on
  // its parked goroutine's stack, most likely out of the cache: touched one
  // event at a time, each would stall the poller in turn.
  io_waiter* taken[2 * max_events];
  int ntaken = 0;
  for (int i = 0; i < n; i++) {
    const epoll_event& ev = events[i];
    if (ev.data.u64 == break_tag) {
      std::uint64_t count;
      ssize_t r = read(p->breakfd, &count, sizeof count);
      (void)r;
      p->break_pending.store(0);
      continue;
    }
    const int fd = int(ev.data.u64 & 0xffffffffu);
    const std::uint32_t seq = std::uint32_t(ev.data.u64 >> 32);
    poll_desc& pd = desc(*p, fd);
    // Errors and hangups wake both sides: the operation reports them.
    const bool readable = ev.events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR);
    const bool writable = ev.events & (EPOLLOUT | EPOLLHUP | EPOLLERR);
    pd.lock.lock();
    if (pd.seq == seq) {
      for (int m = 0; m < 2; m++) {
        if (!(m == 0 ? readable : writable)) continue;
        if (io_waiter* chain = take_all(pd, m)) {
          __builtin_prefetch(chain, 1);
          taken[ntaken++] = chain;
        } else {
          pd.ready[m] = true;
        }
      }
    }
    pd.lock.unlock();
  }
  int readied = 0;
  wake_batch woken(*p);
  for (int i = 0; i < ntaken; i++) readied += woken.add(taken[i], io_result::ready);
  return readied;
}

}  // namespace gogo::detail
