// The client of the echo rows (bench/run.py): one thread, plain epoll, no
// gogo, so that every echo server faces the same load generator.
//
//   echo_load load PORT CONNS MSGS [SIZE [WINDOW [DEADLINE_S]]]
//     CONNS connections to 127.0.0.1:PORT; each first echoes one untimed
//     message (so every connection is accepted and served before the clock
//     starts), then sends MSGS messages of SIZE bytes (default 64), at most
//     WINDOW (default 1) of them awaiting their echo. Prints
//       name=echo_load conns=.. msgs=.. size=.. window=.. messages=..
//       total_ns=.. msgs_per_s=.. p50_us=.. p99_us=.. max_us=..
//     where a message's round trip runs from the write of its first byte to
//     the read of its last echoed byte.
//   echo_load idle PORT CONNS [DEADLINE_S]
//     CONNS connections, each echoing one byte; then prints
//       ready conns=..
//     and holds them, idle, until its standard input reaches EOF; then
//     closes them and prints name=echo_idle conns=.. hold_ms=..
//
// Every byte the server returns is checked: connection i's stream is a
// function of (i, offset), so a wrong, lost, duplicated or misdirected byte
// shows. Any mismatch, early EOF, reset or failed connect prints what and
// where and exits 1; passing DEADLINE_S (default 60) exits 1 with how far
// it got; bad arguments exit 2. Each connection ends with a half-close
// whose EOF must come back after exactly the bytes it sent.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "report.hpp"

namespace {

constexpr char kUsage[] =
    "load PORT CONNS MSGS [SIZE [WINDOW [DEADLINE_S]]] | idle PORT CONNS [DEADLINE_S]";
// Connects in flight at once: more would overflow the server's accept
// queue, and a dropped SYN costs a one-second retransmit.
constexpr std::size_t kConnectBatch = 256;
// The reserved epoll key of standard input (connections are keyed by index).
constexpr std::uint64_t kStdinKey = ~std::uint64_t{0};

std::int64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

[[noreturn]] void die(const char* fmt, ...) {
  std::va_list ap;
  va_start(ap, fmt);
  std::fputs("echo_load: ", stderr);
  std::vfprintf(stderr, fmt, ap);
  std::fputc('\n', stderr);
  va_end(ap);
  std::exit(1);
}

// Byte `off` of connection `id`'s stream: a mix of both, so that no two
// connections and no two nearby offsets agree for long.
std::uint8_t stream_byte(std::uint32_t id, std::uint64_t off) {
  std::uint64_t x = (std::uint64_t{id} << 40) ^ off;
  x *= 0x9e3779b97f4a7c15ULL;
  x ^= x >> 31;
  x *= 0xbf58476d1ce4e5b9ULL;
  return static_cast<std::uint8_t>(x >> 56);
}

struct options {
  bool idle = false;
  long port = 0;
  long conns = 0;
  long msgs = 0;  // timed messages per connection (load)
  long size = 64;
  long window = 1;
  long deadline_s = 60;
};

options parse(int argc, char** argv) {
  options o;
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode != "load" && mode != "idle") {
    std::fprintf(stderr, "usage: %s %s\n", argv[0], kUsage);
    std::exit(2);
  }
  o.idle = mode == "idle";
  int need = o.idle ? 4 : 5;
  if (argc < need || argc > (o.idle ? 5 : 8)) {
    std::fprintf(stderr, "usage: %s %s\n", argv[0], kUsage);
    std::exit(2);
  }
  o.port = bench::positive_arg(argc, argv, 2, 0, kUsage);
  o.conns = bench::positive_arg(argc, argv, 3, 0, kUsage);
  if (o.port > 65535) die("port %ld out of range", o.port);
  if (o.idle) {
    o.deadline_s = bench::positive_arg(argc, argv, 4, o.deadline_s, kUsage);
    return o;
  }
  o.msgs = bench::positive_arg(argc, argv, 4, 0, kUsage);
  o.size = bench::positive_arg(argc, argv, 5, o.size, kUsage);
  o.window = bench::positive_arg(argc, argv, 6, o.window, kUsage);
  o.deadline_s = bench::positive_arg(argc, argv, 7, o.deadline_s, kUsage);
  return o;
}

// One client connection: a byte stream it writes and must get back.
struct connection {
  enum state { idle, connecting, probing, ready, loading, closing, done };
  int fd = -1;
  state st = idle;
  bool want_out = false;      // EPOLLOUT registered (a write left bytes)
  std::uint64_t planned = 0;  // bytes of the messages started so far
  std::uint64_t sent = 0;     // bytes written
  std::uint64_t checked = 0;  // bytes read back and checked
  std::uint64_t started = 0;  // messages started (the probe included)
  std::vector<std::int64_t> start_ns;  // ring: a message's first write, by index % window
};

class client {
 public:
  explicit client(const options& o)
      : o_(o), conns_(static_cast<std::size_t>(o.conns)),
        deadline_(now_ns() + o.deadline_s * 1000000000LL) {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    if (ep_ < 0) die("epoll_create1: %s", std::strerror(errno));
    for (auto& c : conns_) c.start_ns.assign(static_cast<std::size_t>(o.window), 0);
    if (!o.idle) rtt_ns_.reserve(static_cast<std::size_t>(o.conns * o.msgs));
  }

  // Opens every connection and echoes one probe message on each.
  void connect_all() {
    while (ready_ < conns_.size()) {
      while (next_ < conns_.size() && next_ - ready_ < kConnectBatch) start_connect(next_++);
      poll_once("connecting");
    }
  }

  // The timed phase of `load`: returns its duration in ns.
  std::int64_t load() {
    std::int64_t begin = now_ns();
    for (std::size_t i = 0; i < conns_.size(); i++) {
      conns_[i].st = connection::loading;
      fill_window(i);
    }
    while (loaded_ < conns_.size()) poll_once("echoing");
    return last_echo_ns_ - begin;
  }

  // Holds the connections until standard input reaches EOF; returns how
  // long, in ns.
  std::int64_t hold() {
    std::int64_t begin = now_ns();
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kStdinKey;
    if (epoll_ctl(ep_, EPOLL_CTL_ADD, 0, &ev) != 0) die("epoll on stdin: %s", std::strerror(errno));
    while (!stdin_eof_) poll_once("holding idle connections");
    epoll_ctl(ep_, EPOLL_CTL_DEL, 0, nullptr);
    return now_ns() - begin;
  }

  // Half-closes every connection and waits for the server's EOF on each.
  void close_all() {
    for (std::size_t i = 0; i < conns_.size(); i++) {
      conns_[i].st = connection::closing;
      if (shutdown(conns_[i].fd, SHUT_WR) != 0)
        die("connection %zu: shutdown: %s", i, std::strerror(errno));
    }
    while (closed_ < conns_.size()) poll_once("closing");
  }

  std::vector<std::int64_t>& round_trips() { return rtt_ns_; }

 private:
  void start_connect(std::size_t i) {
    connection& c = conns_[i];
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) die("connection %zu: socket: %s", i, std::strerror(errno));
    int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(o_.port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 &&
        errno != EINPROGRESS)
      die("connection %zu: connect: %s", i, std::strerror(errno));
    c.st = connection::connecting;
    c.want_out = true;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = i;
    if (epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev) != 0)
      die("connection %zu: epoll_ctl: %s", i, std::strerror(errno));
  }

  void poll_once(const char* phase) {
    std::int64_t left_ms = (deadline_ - now_ns()) / 1000000;
    if (left_ms <= 0) timed_out(phase);
    epoll_event evs[256];
    int n = epoll_wait(ep_, evs, 256, static_cast<int>(std::min<std::int64_t>(left_ms, 1000)));
    if (n < 0 && errno != EINTR) die("epoll_wait: %s", std::strerror(errno));
    for (int k = 0; k < n; k++) {
      if (evs[k].data.u64 == kStdinKey) {
        read_stdin();
        continue;
      }
      std::size_t i = static_cast<std::size_t>(evs[k].data.u64);
      if (conns_[i].st == connection::connecting) {
        finish_connect(i);
        continue;
      }
      if (evs[k].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) read_ready(i);
      if ((evs[k].events & EPOLLOUT) && conns_[i].st != connection::done) flush(i);
    }
  }

  [[noreturn]] void timed_out(const char* phase) {
    std::uint64_t echoed = 0;
    for (const auto& c : conns_) echoed += c.checked;
    die("%ld s deadline passed while %s: %zu/%zu connections ready, %zu done, "
        "%zu closed, %llu bytes echoed",
        o_.deadline_s, phase, ready_, conns_.size(), loaded_, closed_,
        static_cast<unsigned long long>(echoed));
  }

  void finish_connect(std::size_t i) {
    connection& c = conns_[i];
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) die("connection %zu: connect: %s", i, std::strerror(err));
    c.st = connection::probing;
    start_message(i, o_.idle ? 1 : static_cast<std::uint64_t>(o_.size));
    flush(i);
  }

  void start_message(std::size_t i, std::uint64_t bytes) {
    connection& c = conns_[i];
    c.start_ns[c.started % c.start_ns.size()] = now_ns();
    c.started++;
    c.planned += bytes;
  }

  // Starts messages while the window has room and the connection has any
  // left (the probe was message 0).
  void fill_window(std::size_t i) {
    connection& c = conns_[i];
    auto size = static_cast<std::uint64_t>(o_.size);
    auto total = static_cast<std::uint64_t>(o_.msgs) + 1;
    while (c.started < total && c.planned - c.checked < size * static_cast<std::uint64_t>(o_.window))
      start_message(i, size);
    flush(i);
  }

  // Writes the planned bytes not yet written; watches EPOLLOUT while some
  // remain.
  void flush(std::size_t i) {
    connection& c = conns_[i];
    unsigned char buf[16384];
    while (c.sent < c.planned) {
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(c.planned - c.sent, sizeof buf));
      for (std::size_t k = 0; k < n; k++) buf[k] = stream_byte(static_cast<std::uint32_t>(i), c.sent + k);
      ssize_t w = send(c.fd, buf, n, MSG_NOSIGNAL);
      if (w < 0 && errno == EAGAIN) break;
      if (w < 0) die("connection %zu: write after %llu bytes: %s", i,
                     static_cast<unsigned long long>(c.sent), std::strerror(errno));
      c.sent += static_cast<std::uint64_t>(w);
    }
    bool want = c.sent < c.planned;
    if (want == c.want_out) return;
    c.want_out = want;
    epoll_event ev{};
    ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
    ev.data.u64 = i;
    if (epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev) != 0)
      die("connection %zu: epoll_ctl: %s", i, std::strerror(errno));
  }

  void read_ready(std::size_t i) {
    connection& c = conns_[i];
    unsigned char buf[16384];
    for (;;) {
      ssize_t r = recv(c.fd, buf, sizeof buf, 0);
      if (r < 0 && errno == EAGAIN) return;
      if (r < 0) die("connection %zu: read after %llu bytes: %s", i,
                     static_cast<unsigned long long>(c.checked), std::strerror(errno));
      if (r == 0) {
        end_of_stream(i);
        return;
      }
      check(i, buf, static_cast<std::size_t>(r));
    }
  }

  void check(std::size_t i, const unsigned char* buf, std::size_t n) {
    connection& c = conns_[i];
    if (c.checked + n > c.sent)
      die("connection %zu: %zu bytes back where %llu were outstanding", i, n,
          static_cast<unsigned long long>(c.sent - c.checked));
    for (std::size_t k = 0; k < n; k++) {
      std::uint8_t want = stream_byte(static_cast<std::uint32_t>(i), c.checked + k);
      if (buf[k] != want)
        die("connection %zu: byte %llu is 0x%02x, sent 0x%02x", i,
            static_cast<unsigned long long>(c.checked + k), buf[k], want);
    }
    std::uint64_t before = c.checked;
    c.checked += n;
    echoed(i, before);
  }

  // Books the messages whose last byte just came back.
  void echoed(std::size_t i, std::uint64_t before) {
    connection& c = conns_[i];
    std::uint64_t probe = o_.idle ? 1 : static_cast<std::uint64_t>(o_.size);
    if (c.st == connection::probing) {
      if (c.checked < probe) return;
      c.st = connection::ready;
      ready_++;
      return;
    }
    if (c.st != connection::loading) return;
    auto size = static_cast<std::uint64_t>(o_.size);
    std::int64_t now = now_ns();
    // Message k (k >= 1) ends at byte offset (k + 1) * size.
    for (std::uint64_t k = before / size; k < c.checked / size; k++) {
      if (k == 0) continue;  // the probe
      rtt_ns_.push_back(now - c.start_ns[k % c.start_ns.size()]);
    }
    if (c.checked == (static_cast<std::uint64_t>(o_.msgs) + 1) * size) {
      c.st = connection::ready;
      loaded_++;
      last_echo_ns_ = now;
      return;
    }
    fill_window(i);
  }

  void end_of_stream(std::size_t i) {
    connection& c = conns_[i];
    if (c.st != connection::closing || c.checked != c.sent)
      die("connection %zu: EOF from the server after %llu of %llu bytes echoed", i,
          static_cast<unsigned long long>(c.checked), static_cast<unsigned long long>(c.sent));
    epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    c.fd = -1;
    c.st = connection::done;
    closed_++;
  }

  void read_stdin() {
    char buf[256];
    ssize_t r = read(0, buf, sizeof buf);
    if (r <= 0) stdin_eof_ = true;
  }

  options o_;
  std::vector<connection> conns_;
  std::int64_t deadline_;
  int ep_ = -1;
  std::size_t next_ = 0;    // connections started
  std::size_t ready_ = 0;   // connections whose probe came back
  std::size_t loaded_ = 0;  // connections done with their timed messages
  std::size_t closed_ = 0;  // connections whose EOF came back
  bool stdin_eof_ = false;
  std::int64_t last_echo_ns_ = 0;
  std::vector<std::int64_t> rtt_ns_;
};

// Room for every connection and a few more; fails if the hard limit is
// too low (the driver checks it first and skips the row).
void raise_nofile(long conns) {
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rlim_t need = static_cast<rlim_t>(conns) + 64;
  if (rl.rlim_cur >= need) return;
  if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
    die("%ld connections need %llu descriptors; the hard limit is %llu", conns,
        static_cast<unsigned long long>(need), static_cast<unsigned long long>(rl.rlim_max));
  rl.rlim_cur = need;
  if (setrlimit(RLIMIT_NOFILE, &rl) != 0) die("setrlimit: %s", std::strerror(errno));
}

double percentile_us(std::vector<std::int64_t>& v, double p) {
  auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return static_cast<double>(v[k]) / 1e3;
}

int run_load(const options& o) {
  client c(o);
  c.connect_all();
  std::int64_t total = c.load();
  c.close_all();
  auto& rtt = c.round_trips();
  double secs = static_cast<double>(total) / 1e9;
  double p50 = percentile_us(rtt, 0.50);
  double p99 = percentile_us(rtt, 0.99);
  double max = static_cast<double>(*std::max_element(rtt.begin(), rtt.end())) / 1e3;
  std::printf("name=echo_load conns=%ld msgs=%ld size=%ld window=%ld messages=%zu "
              "total_ns=%lld msgs_per_s=%.0f p50_us=%.1f p99_us=%.1f max_us=%.1f\n",
              o.conns, o.msgs, o.size, o.window, rtt.size(), static_cast<long long>(total),
              static_cast<double>(rtt.size()) / secs, p50, p99, max);
  return 0;
}

int run_idle(const options& o) {
  client c(o);
  c.connect_all();
  std::printf("ready conns=%ld\n", o.conns);
  std::fflush(stdout);
  std::int64_t held = c.hold();
  c.close_all();
  std::printf("name=echo_idle conns=%ld hold_ms=%lld\n", o.conns,
              static_cast<long long>(held / 1000000));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);
  raise_nofile(o.conns);
  return o.idle ? run_idle(o) : run_load(o);
}
