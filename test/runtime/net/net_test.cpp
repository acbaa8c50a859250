// gogo::net: listen/accept/dial over TCP (IPv4, IPv6) and Unix sockets,
// reads and writes, deadlines, close and half-close, and the faults of a
// network: refused, reset, a peer gone mid-write, out of descriptors, a
// listener closed under its acceptors, a slow reader.
#include <gogo/go.hpp>
#include <gogo/net.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include "conn_reads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

gogo::net::listener listen_local() { return gogo::net::listen("tcp", "127.0.0.1:0"); }

std::string local_address(const gogo::net::listener& l) {
  return "127.0.0.1:" + std::to_string(l.address().port);
}

using gogo_test::read_all;
using gogo_test::read_n;

// Accepts connections and echoes each until EOF, one goroutine each.
void serve_echo(gogo::net::listener l) {
  gogo::go([l]() mutable {
    for (;;) {
      gogo::net::conn c;
      try {
        c = l.accept();
      } catch (const gogo::net::closed_error&) {
        return;
      }
      gogo::go([c]() mutable {
        char buf[8192];
        try {
          for (;;) {
            std::size_t n = c.read(buf, sizeof buf);
            if (n == 0) break;
            c.write(buf, n);
          }
          c.close();
        } catch (const std::system_error&) {
        }
      });
    }
  });
}

TEST(Net, EchoOverTcp4) {
  auto l = listen_local();
  EXPECT_EQ(l.address().network, "tcp");
  EXPECT_GT(l.address().port, 0);
  serve_echo(l);
  auto c = gogo::net::dial("tcp", local_address(l));
  EXPECT_EQ(c.write("hello", 5), 5u);
  EXPECT_EQ(read_n(c, 5), "hello");
  EXPECT_EQ(c.remote_addr().string(), local_address(l));
  EXPECT_EQ(c.local_addr().string().rfind("127.0.0.1:", 0), 0u);
  c.close_write();
  EXPECT_EQ(read_all(c), "");  // the server closed after our EOF
  c.close();
  l.close();
}

TEST(Net, EchoOverTcp6) {
  gogo::net::listener l;
  try {
    l = gogo::net::listen("tcp6", "[::1]:0");
  } catch (const std::system_error& e) {
    GTEST_SKIP() << "no IPv6 loopback: " << e.what();
  }
  EXPECT_EQ(l.address().string().rfind("[::1]:", 0), 0u);
  serve_echo(l);
  auto c = gogo::net::dial("tcp", l.address().string());
  c.write("six", 3);
  EXPECT_EQ(read_n(c, 3), "six");
  c.close();
  l.close();
}

TEST(Net, ListenOnEveryInterfaceWithColonPort) {
  auto l = gogo::net::listen("tcp", ":0");
  serve_echo(l);
  auto c = gogo::net::dial("tcp", "127.0.0.1:" + std::to_string(l.address().port));
  c.write("any", 3);
  EXPECT_EQ(read_n(c, 3), "any");
  auto c2 = gogo::net::dial("tcp", "localhost:" + std::to_string(l.address().port));
  c2.write("name", 4);
  EXPECT_EQ(read_n(c2, 4), "name");
  c.close();
  c2.close();
  l.close();
}

TEST(Net, EchoOverUnixSocket) {
  std::string path = "/tmp/gogo_net_test_" + std::to_string(getpid()) + ".sock";
  unlink(path.c_str());
  auto l = gogo::net::listen("unix", path);
  EXPECT_EQ(l.address().string(), path);
  serve_echo(l);
  auto c = gogo::net::dial("unix", path);
  c.write("unix", 4);
  EXPECT_EQ(read_n(c, 4), "unix");
  c.close();
  l.close();
  EXPECT_NE(access(path.c_str(), F_OK), 0) << "the socket file is removed on close";
}

TEST(Net, MalformedAddressesAreInvalidArguments) {
  EXPECT_THROW(gogo::net::listen("tcp", "127.0.0.1"), std::invalid_argument);
  EXPECT_THROW(gogo::net::listen("tcp", "::1:80"), std::invalid_argument);
  EXPECT_THROW(gogo::net::listen("udp", ":0"), std::invalid_argument);
  EXPECT_THROW(gogo::net::dial("tcp4", "[::1]:80"), std::invalid_argument);
}

TEST(Net, ConnectionRefused) {
  // A port nobody listens on: take one, then close it.
  int port;
  {
    auto l = listen_local();
    port = l.address().port;
    l.close();
  }
  try {
    gogo::net::dial("tcp", "127.0.0.1:" + std::to_string(port));
    FAIL() << "dial succeeded";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ECONNREFUSED) << e.what();
  }
}

TEST(Net, DialDeadlineInThePast) {
  auto l = listen_local();
  EXPECT_THROW(gogo::net::dial("tcp", local_address(l), steady::now() - 1s),
               gogo::net::timeout_error);
  l.close();
}

TEST(Net, ResetByPeer) {
  auto l = listen_local();
  gogo::go([l]() mutable {
    auto c = l.accept();
    char b;
    c.read(&b, 1);  // the client is connected and waits in read
    linger lg{1, 0};  // close with RST
    setsockopt(c.fd(), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    c.close();
  });
  auto c = gogo::net::dial("tcp", local_address(l));
  c.write("x", 1);
  try {
    char buf[16];
    std::size_t n = c.read(buf, sizeof buf);
    FAIL() << "read returned " << n;
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ECONNRESET) << e.what();
  }
  c.close();
  l.close();
}

TEST(Net, PeerVanishingMidWriteIsAnErrorNotSigpipe) {
  auto l = listen_local();
  gogo::go([l]() mutable {
    auto c = l.accept();
    char buf[1024];
    c.read(buf, sizeof buf);  // some of it, then gone
    c.close();
  });
  auto c = gogo::net::dial("tcp", local_address(l));
  std::vector<char> big(64 << 20, 'x');
  try {
    c.write(big.data(), big.size());
    FAIL() << "64 MiB written to a peer that left";
  } catch (const std::system_error& e) {
    EXPECT_TRUE(e.code().value() == EPIPE || e.code().value() == ECONNRESET) << e.what();
  }
  c.close();
  l.close();
}

TEST(Net, OutOfDescriptorsIsAnErrorAndTheListenerKeepsServing) {
  auto l = listen_local();
  auto client = gogo::net::dial("tcp", local_address(l));  // waits in the backlog
  // Use up every descriptor left under a lowered limit.
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &old), 0);
  int highest = 0;
  for (int fd = 0; fd < 4096; fd++)
    if (fcntl(fd, F_GETFD) != -1) highest = fd;
  rlimit low = old;
  low.rlim_cur = rlim_t(highest + 16);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  std::vector<int> fillers;
  for (int fd; (fd = dup(0)) >= 0;) fillers.push_back(fd);
  ASSERT_EQ(errno, EMFILE);
  try {
    l.accept();
    FAIL() << "accepted without a descriptor";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), EMFILE) << e.what();
  }
  // One descriptor free again: the pending connection is accepted, and works.
  close(fillers.back());
  fillers.pop_back();
  auto c = l.accept();
  client.write("ok", 2);
  EXPECT_EQ(read_n(c, 2), "ok");
  c.close();
  for (int fd : fillers) close(fd);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &old), 0);
  client.close();
  l.close();
}

TEST(Net, ClosingAListenerWakesEveryAcceptor) {
  auto l = listen_local();
  constexpr int n = 5;
  std::atomic<int> closed{0};
  gogo::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, l]() mutable {
      try {
        l.accept();
      } catch (const gogo::net::closed_error&) {
        closed++;
      }
      wg.done();
    });
  }
  gogo::sleep_for(30ms);
  l.close();
  wg.wait();
  EXPECT_EQ(closed.load(), n);
  EXPECT_THROW(l.accept(), gogo::net::closed_error);
  EXPECT_THROW(l.close(), gogo::net::closed_error);
}

TEST(Net, ClosingAConnWakesItsReaderAndWriter) {
  auto l = listen_local();
  gogo::net::conn server;
  gogo::wait_group accepted;
  accepted.add(1);
  gogo::go([&, l]() mutable {
    server = l.accept();  // never reads: the client's writes fill the buffers
    accepted.done();
  });
  auto c = gogo::net::dial("tcp", local_address(l));
  accepted.wait();
  std::atomic<int> closed{0};
  gogo::wait_group wg;
  wg.add(2);
  gogo::go([&] {
    char buf[16];
    try {
      c.read(buf, sizeof buf);
    } catch (const gogo::net::closed_error&) {
      closed++;
    }
    wg.done();
  });
  gogo::go([&] {
    std::vector<char> big(64 << 20, 'y');
    try {
      c.write(big.data(), big.size());
    } catch (const gogo::net::closed_error&) {
      closed++;
    }
    wg.done();
  });
  gogo::sleep_for(50ms);
  c.close();
  wg.wait();
  EXPECT_EQ(closed.load(), 2);
  EXPECT_THROW(c.write("x", 1), gogo::net::closed_error);
  server.close();
  l.close();
}

TEST(Net, DeadlinesInThePast) {
  auto l = listen_local();
  serve_echo(l);
  auto c = gogo::net::dial("tcp", local_address(l));
  c.write("data", 4);
  gogo::sleep_for(20ms);  // the echo is there to read
  c.set_read_deadline(steady::now() - 1s);
  EXPECT_THROW(c.read(nullptr, 1), gogo::net::timeout_error);
  c.set_write_deadline(steady::now() - 1s);
  EXPECT_THROW(c.write("x", 1), gogo::net::timeout_error);
  c.set_deadline(gogo::net::no_deadline);
  EXPECT_EQ(read_n(c, 4), "data");
  c.close();
  l.close();
}

TEST(Net, ReadDeadlineEndsABlockedRead) {
  auto l = listen_local();
  serve_echo(l);
  auto c = gogo::net::dial("tcp", local_address(l));
  auto t0 = steady::now();
  c.set_read_deadline(t0 + 50ms);
  char buf[8];
  EXPECT_THROW(c.read(buf, sizeof buf), gogo::net::timeout_error);
  EXPECT_GE(steady::now() - t0, 50ms);
  // A timeout leaves the connection usable.
  c.set_read_deadline(gogo::net::no_deadline);
  c.write("again", 5);
  EXPECT_EQ(read_n(c, 5), "again");
  c.close();
  l.close();
}

TEST(Net, MovingADeadlineAppliesToABlockedRead) {
  auto l = listen_local();
  serve_echo(l);
  auto c = gogo::net::dial("tcp", local_address(l));
  c.set_read_deadline(steady::now() + 50ms);
  gogo::go([c]() mutable {
    gogo::sleep_for(10ms);
    c.set_read_deadline(steady::now() + 10s);
    gogo::sleep_for(100ms);
    c.write("late", 4);
  });
  EXPECT_EQ(read_n(c, 4), "late");
  c.close();
  l.close();
}

TEST(Net, ZeroLengthReadsAndWrites) {
  auto l = listen_local();
  serve_echo(l);
  auto c = gogo::net::dial("tcp", local_address(l));
  EXPECT_EQ(c.write("", 0), 0u);
  EXPECT_EQ(c.read(nullptr, 0), 0u);  // at once, not an EOF
  c.write("z", 1);
  EXPECT_EQ(read_n(c, 1), "z");
  c.close();
  l.close();
}

TEST(Net, HugeWriteToASlowReaderKeepsEveryByteInOrder) {
  auto l = listen_local();
  constexpr std::size_t total = 32u << 20;
  std::vector<unsigned char> data(total);
  for (std::size_t i = 0; i < total; i++) data[i] = (unsigned char)((i * 131u) ^ (i >> 11));
  bool same = false;
  std::size_t received = 0;
  gogo::wait_group wg;
  wg.add(1);
  gogo::go([&, l]() mutable {
    auto c = l.accept();
    std::vector<unsigned char> got;
    got.reserve(total);
    unsigned char buf[3000];
    int slow = 0;
    for (;;) {
      std::size_t n = c.read(buf, sizeof buf);
      if (n == 0) break;
      got.insert(got.end(), buf, buf + n);
      if (slow++ < 20) gogo::sleep_for(5ms);  // slow at first: the writer waits for room
    }
    received = got.size();
    same = got == data;
    c.close();
    wg.done();
  });
  auto c = gogo::net::dial("tcp", local_address(l));
  EXPECT_EQ(c.write(data.data(), data.size()), total);
  c.close_write();
  wg.wait();
  EXPECT_EQ(received, total);
  EXPECT_TRUE(same);
  c.close();
  l.close();
}

TEST(Net, HalfCloseLetsThePeerAnswer) {
  auto l = listen_local();
  gogo::go([l]() mutable {
    auto c = l.accept();
    std::string req = read_all(c);  // until our close_write
    std::string reply = "got " + std::to_string(req.size());
    c.write(reply.data(), reply.size());
    c.close();
  });
  auto c = gogo::net::dial("tcp", local_address(l));
  c.write("0123456789", 10);
  c.close_write();
  EXPECT_EQ(read_all(c), "got 10");
  c.close();
  l.close();
}

TEST(Net, ManyConnectionsAtOnce) {
  auto l = listen_local();
  serve_echo(l);
  constexpr int n = 300;
  std::atomic<int> ok{0};
  gogo::wait_group wg;
  wg.add(n);
  const std::string where = local_address(l);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      auto c = gogo::net::dial("tcp", where);
      std::string msg = "message " + std::to_string(i);
      for (int round = 0; round < 10; round++) {
        c.write(msg.data(), msg.size());
        if (read_n(c, msg.size()) == msg) ok++;
      }
      c.close();
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(ok.load(), n * 10);
  l.close();
}

TEST(Net, PlainThreadsUseTheSameCalls) {
  auto l = listen_local();
  serve_echo(l);
  const std::string where = local_address(l);
  std::string got;
  std::thread t([&] {
    auto c = gogo::net::dial("tcp", where);
    c.write("thread", 6);
    got = read_n(c, 6);
    c.close();
  });
  t.join();
  EXPECT_EQ(got, "thread");
  l.close();
}

}  // namespace
