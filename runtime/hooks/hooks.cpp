// libgogo-hooks: defines the blocking libc calls so that, inside a
// goroutine, a call that would block on a socket, pipe or terminal parks
// the goroutine on the netpoller (or on a runtime timer, for the sleeps)
// instead of blocking its worker. Everywhere else (plain threads, before
// the runtime starts, regular files, fds the user made non-blocking) each
// call is exactly the libc one, found with dlsym(RTLD_NEXT). docs/net.md
// ("Hooks") says what is hooked and why.
//
// Invariant: the user's fd flags are never changed, except by connect on a
// blocking socket, which sets O_NONBLOCK for the duration of the call and
// restores the flags it found before returning. Socket reads and writes use
// MSG_DONTWAIT instead; pipes and terminals wait for readiness and then
// make the blocking call.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstddef>
#include <cstring>
#include <ctime>

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

extern "C" {
int gogo_hooks_in_goroutine(void);
int gogo_hooks_wait(int fd, int for_write, long long timeout_ns);
void gogo_hooks_sleep(long long ns);
}

namespace {

// errno of the thread running the caller now. A goroutine that parked may
// resume on another thread, and __errno_location is declared const, so a
// plain `errno` after a park may name the old thread's: every access here
// goes through this opaque pointer.
int* (*volatile errno_at)() = __errno_location;
int& err() { return *errno_at(); }

// A libc function, resolved on first use.
template <class F>
class libc_fn {
 public:
  explicit constexpr libc_fn(const char* name) : name_(name) {}
  template <class... A>
  auto operator()(A... a) {
    void* p = fn_.load(std::memory_order_acquire);
    if (!p) {
      p = dlsym(RTLD_NEXT, name_);
      fn_.store(p, std::memory_order_release);
    }
    return reinterpret_cast<F>(p)(a...);
  }

 private:
  const char* name_;
  std::atomic<void*> fn_{nullptr};
};

libc_fn<ssize_t (*)(int, void*, size_t)> real_read{"read"};
libc_fn<ssize_t (*)(int, const void*, size_t)> real_write{"write"};
libc_fn<ssize_t (*)(int, const iovec*, int)> real_readv{"readv"};
libc_fn<ssize_t (*)(int, const iovec*, int)> real_writev{"writev"};
libc_fn<decltype(&::recv)> real_recv{"recv"};
libc_fn<decltype(&::recvfrom)> real_recvfrom{"recvfrom"};
libc_fn<decltype(&::recvmsg)> real_recvmsg{"recvmsg"};
libc_fn<decltype(&::send)> real_send{"send"};
libc_fn<decltype(&::sendto)> real_sendto{"sendto"};
libc_fn<decltype(&::sendmsg)> real_sendmsg{"sendmsg"};
libc_fn<decltype(&::accept)> real_accept{"accept"};
libc_fn<decltype(&::accept4)> real_accept4{"accept4"};
libc_fn<decltype(&::connect)> real_connect{"connect"};
libc_fn<int (*)(pollfd*, nfds_t, int)> real_poll{"poll"};
libc_fn<decltype(&::select)> real_select{"select"};
libc_fn<decltype(&::nanosleep)> real_nanosleep{"nanosleep"};
libc_fn<decltype(&::usleep)> real_usleep{"usleep"};
libc_fn<decltype(&::sleep)> real_sleep{"sleep"};

using steady = std::chrono::steady_clock;

enum class fd_kind { libc, socket, stream };

// How a call on fd from a goroutine is made: as libc's (not blocking, a
// regular file, an fd that cannot be looked at), without blocking on a
// socket, or after waiting for readiness on a pipe or terminal.
fd_kind kind_of(int fd) {
  int saved = err();
  int flags = fcntl(fd, F_GETFL);
  struct stat st;
  fd_kind k = fd_kind::libc;
  if (flags >= 0 && !(flags & O_NONBLOCK) && fstat(fd, &st) == 0) {
    if (S_ISSOCK(st.st_mode)) k = fd_kind::socket;
    if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) k = fd_kind::stream;
  }
  err() = saved;
  return k;
}

// The socket's SO_RCVTIMEO / SO_SNDTIMEO as a deadline; max() for none.
steady::time_point socket_deadline(int fd, bool for_write) {
  timeval tv{};
  socklen_t len = sizeof tv;
  int saved = err();
  int rc = getsockopt(fd, SOL_SOCKET, for_write ? SO_SNDTIMEO : SO_RCVTIMEO, &tv, &len);
  err() = saved;
  if (rc != 0 || (tv.tv_sec == 0 && tv.tv_usec == 0)) return steady::time_point::max();
  return steady::now() + std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec);
}

// Parks until fd is ready, or `until` passes. 1: ready; 0: timed out; -1:
// fd cannot be polled (the caller makes the blocking call instead).
int park(int fd, bool for_write, steady::time_point until) {
  long long ns = -1;
  if (until != steady::time_point::max()) {
    auto left = until - steady::now();
    if (left <= steady::duration::zero()) return 0;
    ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
  }
  int saved = err();
  int r = gogo_hooks_wait(fd, for_write ? 1 : 0, ns);
  err() = saved;
  return r;
}

bool would_block() { return err() == EAGAIN || err() == EWOULDBLOCK; }

// One socket operation made without blocking (`attempt` adds MSG_DONTWAIT),
// parking while it would block, until the socket's timeout (then EAGAIN,
// as libc's blocking call reports it). `blocking` is the libc call, for a
// socket the netpoller refuses.
template <class Attempt, class Blocking>
ssize_t socket_op(int fd, bool for_write, Attempt attempt, Blocking blocking) {
  int saved = err();
  steady::time_point until{};
  bool timed = false;
  for (;;) {
    ssize_t r = attempt();
    if (r >= 0) {
      err() = saved;
      return r;
    }
    if (!would_block()) return r;
    if (!timed) {
      until = socket_deadline(fd, for_write);
      timed = true;
    }
    int w = park(fd, for_write, until);
    if (w < 0) return blocking();
    if (w == 0) {
      err() = EAGAIN;
      return -1;
    }
  }
}

// Waits until a pipe or terminal is ready for `events`, then makes the
// blocking call: ready means a read finds data and a write finds room for
// some bytes (a large pipe write may still block for the rest).
template <class Blocking>
auto stream_op(int fd, short events, Blocking blocking) {
  int saved = err();
  for (;;) {
    pollfd p{fd, events, 0};
    if (real_poll(&p, 1, 0) != 0) break;
    if (park(fd, events == POLLOUT, steady::time_point::max()) < 0) break;
  }
  err() = saved;
  return blocking();
}

// A stream socket write sends everything, as a blocking one does: partial
// sends continue, and an error after some bytes reports those bytes.
template <class Send>
ssize_t send_all(int fd, std::size_t n, Send send_from) {
  std::size_t done = 0;
  for (;;) {
    ssize_t r = socket_op(
        fd, true, [&] { return send_from(done, MSG_DONTWAIT); }, [&] { return send_from(done, 0); });
    if (r < 0) return done > 0 ? static_cast<ssize_t>(done) : r;
    done += static_cast<std::size_t>(r);
    if (done >= n || r == 0) return static_cast<ssize_t>(done);
  }
}

// Under ThreadSanitizer every call passes to libc: TSan's interceptors for
// these same functions wrap the call in per-thread state, which a goroutine
// parking inside one would carry over to the next goroutine on that thread
// (TSan then misses synchronization and reports false races). Without the
// hooks, a blocked worker is replaced by the monitor as usual. Decided when
// the library loads, before any thread calls in: a function-local static's
// guard, read inside TSan's interceptors, is itself reported as a race.
const bool under_tsan = dlsym(RTLD_DEFAULT, "__tsan_init") != nullptr;

bool hooked() { return gogo_hooks_in_goroutine() != 0 && !under_tsan; }

// iov advanced past `skip` bytes, into out (at most IOV_MAX entries).
int advance(const iovec* iov, int n, std::size_t skip, iovec* out) {
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (skip >= iov[i].iov_len) {
      skip -= iov[i].iov_len;
      continue;
    }
    out[k].iov_base = static_cast<char*>(iov[i].iov_base) + skip;
    out[k].iov_len = iov[i].iov_len - skip;
    skip = 0;
    k++;
  }
  return k;
}

std::size_t total(const iovec* iov, int n) {
  std::size_t t = 0;
  for (int i = 0; i < n; i++) t += iov[i].iov_len;
  return t;
}

// sendmsg of msg's data from byte `skip` on.
ssize_t sendmsg_from(int fd, const msghdr* msg, std::size_t skip, int flags) {
  if (skip == 0) return real_sendmsg(fd, msg, flags);
  iovec rest[IOV_MAX];
  msghdr m = *msg;
  m.msg_iov = rest;
  m.msg_iovlen = advance(msg->msg_iov, static_cast<int>(msg->msg_iovlen), skip, rest);
  m.msg_control = nullptr;  // ancillary data went with the first bytes
  m.msg_controllen = 0;
  return real_sendmsg(fd, &m, flags);
}

bool is_stream(int fd) {
  int type = 0;
  socklen_t len = sizeof type;
  int saved = err();
  bool stream = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM;
  err() = saved;
  return stream;
}

ssize_t hooked_sendmsg(int fd, const msghdr* msg, int flags) {
  if (!is_stream(fd) || msg->msg_iovlen > IOV_MAX) {
    return socket_op(
        fd, true, [&] { return real_sendmsg(fd, msg, flags | MSG_DONTWAIT); },
        [&] { return real_sendmsg(fd, msg, flags); });
  }
  std::size_t n = total(msg->msg_iov, static_cast<int>(msg->msg_iovlen));
  return send_all(fd, n, [&](std::size_t done, int dontwait) { return sendmsg_from(fd, msg, done, flags | dontwait); });
}

ssize_t hooked_recvmsg(int fd, msghdr* msg, int flags) {
  return socket_op(
      fd, false, [&] { return real_recvmsg(fd, msg, flags | MSG_DONTWAIT); },
      [&] { return real_recvmsg(fd, msg, flags); });
}

// The hooked path applies to a goroutine's call on a blocking socket
// without MSG_DONTWAIT (MSG_WAITALL reads keep libc's wait-for-all through
// the readiness wait and the blocking call).
bool hook_socket_call(int fd, int flags) {
  return hooked() && !(flags & MSG_DONTWAIT) && kind_of(fd) == fd_kind::socket;
}

// Sleeps a goroutine for ns (the runtime's timers: no signal ends it early).
void goroutine_sleep(long long ns) {
  if (ns > 0) gogo_hooks_sleep(ns);
}

}  // namespace

extern "C" {

ssize_t read(int fd, void* buf, size_t n) {
  if (!hooked()) return real_read(fd, buf, n);
  switch (kind_of(fd)) {
    case fd_kind::socket:
      return socket_op(
          fd, false, [&] { return real_recv(fd, buf, n, MSG_DONTWAIT); }, [&] { return real_read(fd, buf, n); });
    case fd_kind::stream:
      return stream_op(fd, POLLIN, [&] { return real_read(fd, buf, n); });
    case fd_kind::libc:
      break;
  }
  return real_read(fd, buf, n);
}

ssize_t write(int fd, const void* buf, size_t n) {
  if (!hooked()) return real_write(fd, buf, n);
  switch (kind_of(fd)) {
    case fd_kind::socket: {
      auto from = [&](std::size_t done, int dontwait) {
        return dontwait ? real_send(fd, static_cast<const char*>(buf) + done, n - done, dontwait)
                        : real_write(fd, static_cast<const char*>(buf) + done, n - done);
      };
      if (!is_stream(fd)) return socket_op(fd, true, [&] { return from(0, MSG_DONTWAIT); }, [&] { return from(0, 0); });
      return send_all(fd, n, from);
    }
    case fd_kind::stream:
      return stream_op(fd, POLLOUT, [&] { return real_write(fd, buf, n); });
    case fd_kind::libc:
      break;
  }
  return real_write(fd, buf, n);
}

ssize_t readv(int fd, const struct iovec* iov, int iovcnt) {
  if (!hooked() || iovcnt < 0 || iovcnt > IOV_MAX) return real_readv(fd, iov, iovcnt);
  switch (kind_of(fd)) {
    case fd_kind::socket: {
      msghdr m{};
      m.msg_iov = const_cast<iovec*>(iov);
      m.msg_iovlen = static_cast<std::size_t>(iovcnt);
      return socket_op(
          fd, false, [&] { return real_recvmsg(fd, &m, MSG_DONTWAIT); }, [&] { return real_readv(fd, iov, iovcnt); });
    }
    case fd_kind::stream:
      return stream_op(fd, POLLIN, [&] { return real_readv(fd, iov, iovcnt); });
    case fd_kind::libc:
      break;
  }
  return real_readv(fd, iov, iovcnt);
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
  if (!hooked() || iovcnt < 0 || iovcnt > IOV_MAX) return real_writev(fd, iov, iovcnt);
  switch (kind_of(fd)) {
    case fd_kind::socket: {
      msghdr m{};
      m.msg_iov = const_cast<iovec*>(iov);
      m.msg_iovlen = static_cast<std::size_t>(iovcnt);
      return hooked_sendmsg(fd, &m, 0);
    }
    case fd_kind::stream:
      return stream_op(fd, POLLOUT, [&] { return real_writev(fd, iov, iovcnt); });
    case fd_kind::libc:
      break;
  }
  return real_writev(fd, iov, iovcnt);
}

ssize_t recv(int fd, void* buf, size_t n, int flags) {
  if (!hook_socket_call(fd, flags)) return real_recv(fd, buf, n, flags);
  if (flags & MSG_WAITALL) return stream_op(fd, POLLIN, [&] { return real_recv(fd, buf, n, flags); });
  return socket_op(
      fd, false, [&] { return real_recv(fd, buf, n, flags | MSG_DONTWAIT); },
      [&] { return real_recv(fd, buf, n, flags); });
}

ssize_t recvfrom(int fd, void* buf, size_t n, int flags, struct sockaddr* from, socklen_t* len) {
  if (!hook_socket_call(fd, flags)) return real_recvfrom(fd, buf, n, flags, from, len);
  auto blocking = [&] { return real_recvfrom(fd, buf, n, flags, from, len); };
  if (flags & MSG_WAITALL) return stream_op(fd, POLLIN, blocking);
  return socket_op(
      fd, false, [&] { return real_recvfrom(fd, buf, n, flags | MSG_DONTWAIT, from, len); }, blocking);
}

ssize_t recvmsg(int fd, struct msghdr* msg, int flags) {
  if (!hook_socket_call(fd, flags)) return real_recvmsg(fd, msg, flags);
  if (flags & MSG_WAITALL) return stream_op(fd, POLLIN, [&] { return real_recvmsg(fd, msg, flags); });
  return hooked_recvmsg(fd, msg, flags);
}

ssize_t send(int fd, const void* buf, size_t n, int flags) {
  if (!hook_socket_call(fd, flags)) return real_send(fd, buf, n, flags);
  auto from = [&](std::size_t done, int dontwait) {
    return real_send(fd, static_cast<const char*>(buf) + done, n - done, flags | dontwait);
  };
  if (!is_stream(fd)) return socket_op(fd, true, [&] { return from(0, MSG_DONTWAIT); }, [&] { return from(0, 0); });
  return send_all(fd, n, from);
}

ssize_t sendto(int fd, const void* buf, size_t n, int flags, const struct sockaddr* to, socklen_t len) {
  if (!hook_socket_call(fd, flags)) return real_sendto(fd, buf, n, flags, to, len);
  auto from = [&](std::size_t done, int dontwait) {
    return real_sendto(fd, static_cast<const char*>(buf) + done, n - done, flags | dontwait, to, len);
  };
  if (!is_stream(fd)) return socket_op(fd, true, [&] { return from(0, MSG_DONTWAIT); }, [&] { return from(0, 0); });
  return send_all(fd, n, from);
}

ssize_t sendmsg(int fd, const struct msghdr* msg, int flags) {
  if (!hook_socket_call(fd, flags)) return real_sendmsg(fd, msg, flags);
  return hooked_sendmsg(fd, msg, flags);
}

int accept(int fd, struct sockaddr* addr, socklen_t* len) {
  if (!hooked() || kind_of(fd) != fd_kind::socket) return real_accept(fd, addr, len);
  return stream_op(fd, POLLIN, [&] { return real_accept(fd, addr, len); });
}

int accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags) {
  if (!hooked() || kind_of(fd) != fd_kind::socket) return real_accept4(fd, addr, len, flags);
  return stream_op(fd, POLLIN, [&] { return real_accept4(fd, addr, len, flags); });
}

// A blocking connect: made non-blocking for the call, the flags restored
// before returning, the result read from SO_ERROR once writable.
int connect(int fd, const struct sockaddr* addr, socklen_t len) {
  if (!hooked() || kind_of(fd) != fd_kind::socket) return real_connect(fd, addr, len);
  int saved = err();
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    err() = saved;
    return real_connect(fd, addr, len);
  }
  int rc = real_connect(fd, addr, len);
  int failure = rc == 0 ? 0 : err();
  if (rc != 0 && failure == EINPROGRESS) {
    int w = park(fd, true, socket_deadline(fd, true));
    if (w == 0) {
      failure = EINPROGRESS;  // libc's blocking connect past SO_SNDTIMEO
    } else {
      socklen_t l = sizeof failure;
      if (w < 0) {
        pollfd p{fd, POLLOUT, 0};
        real_poll(&p, 1, -1);
      }
      if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &l) != 0) failure = err();
      rc = failure == 0 ? 0 : -1;
    }
  }
  fcntl(fd, F_SETFL, flags);
  err() = rc == 0 ? saved : failure;
  return rc;
}

// poll from a goroutine: one fd waiting for reading or writing parks on the
// netpoller; anything else polls without blocking, sleeping the goroutine
// between looks (from 50µs, doubling to 10ms).
int poll(struct pollfd* fds, nfds_t n, int timeout) {
  if (!hooked() || timeout == 0) return real_poll(fds, n, timeout);
  int r = real_poll(fds, n, 0);
  if (r != 0) return r;
  steady::time_point until =
      timeout < 0 ? steady::time_point::max() : steady::now() + std::chrono::milliseconds(timeout);
  const short in = POLLIN | POLLPRI | POLLRDNORM | POLLRDBAND | POLLRDHUP;
  const short out = POLLOUT | POLLWRNORM | POLLWRBAND;
  bool one = n == 1 && fds[0].fd >= 0 && (((fds[0].events & in) != 0) != ((fds[0].events & out) != 0));
  long long nap = 50'000;
  int saved = err();
  for (;;) {
    if (one) {
      int w = park(fds[0].fd, (fds[0].events & out) != 0, until);
      if (w < 0) one = false;
    }
    if (!one) {
      long long ns = nap;
      if (until != steady::time_point::max())
        ns = std::min<long long>(ns, std::chrono::duration_cast<std::chrono::nanoseconds>(until - steady::now()).count());
      goroutine_sleep(ns);
      nap = std::min<long long>(nap * 2, 10'000'000);
    }
    r = real_poll(fds, n, 0);
    if (r != 0) return r;
    if (steady::now() >= until) {
      err() = saved;
      return 0;
    }
  }
}

// select from a goroutine: looks without blocking, sleeping the goroutine
// between looks as poll does for several fds. Like Linux's, it leaves the
// time not slept in *timeout.
int select(int n, fd_set* rd, fd_set* wr, fd_set* ex, struct timeval* timeout) {
  if (!hooked() || (timeout && timeout->tv_sec == 0 && timeout->tv_usec == 0)) return real_select(n, rd, wr, ex, timeout);
  if (timeout && (timeout->tv_sec < 0 || timeout->tv_usec < 0 || timeout->tv_usec >= 1'000'000))
    return real_select(n, rd, wr, ex, timeout);  // EINVAL
  steady::time_point until = steady::time_point::max();
  if (timeout) until = steady::now() + std::chrono::seconds(timeout->tv_sec) + std::chrono::microseconds(timeout->tv_usec);
  fd_set want[3];
  fd_set* sets[3] = {rd, wr, ex};
  for (int i = 0; i < 3; i++)
    if (sets[i]) want[i] = *sets[i];
  long long nap = 50'000;
  for (;;) {
    for (int i = 0; i < 3; i++)
      if (sets[i]) *sets[i] = want[i];
    timeval zero{0, 0};
    int r = real_select(n, rd, wr, ex, &zero);
    auto left = until - steady::now();
    if (r != 0 || left <= steady::duration::zero()) {
      if (timeout) {
        auto us = std::max<long long>(0, std::chrono::duration_cast<std::chrono::microseconds>(left).count());
        if (r == 0) us = 0;
        timeout->tv_sec = static_cast<time_t>(us / 1'000'000);
        timeout->tv_usec = static_cast<suseconds_t>(us % 1'000'000);
      }
      return r;
    }
    long long ns = nap;
    if (until != steady::time_point::max())
      ns = std::min<long long>(ns, std::chrono::duration_cast<std::chrono::nanoseconds>(left).count());
    goroutine_sleep(ns);
    nap = std::min<long long>(nap * 2, 10'000'000);
  }
}

int nanosleep(const struct timespec* req, struct timespec* rem) {
  if (!hooked() || !req || req->tv_nsec < 0 || req->tv_nsec >= 1'000'000'000 || req->tv_sec < 0)
    return real_nanosleep(req, rem);
  constexpr long long max_s = LLONG_MAX / 1'000'000'000 - 1;
  long long s = req->tv_sec > max_s ? max_s : static_cast<long long>(req->tv_sec);
  goroutine_sleep(s * 1'000'000'000 + req->tv_nsec);
  if (rem) *rem = timespec{0, 0};
  return 0;
}

int usleep(useconds_t us) {
  if (!hooked()) return real_usleep(us);
  goroutine_sleep(static_cast<long long>(us) * 1000);
  return 0;
}

unsigned int sleep(unsigned int s) {
  if (!hooked()) return real_sleep(s);
  goroutine_sleep(static_cast<long long>(s) * 1'000'000'000);
  return 0;
}

}  // extern "C"
