// The declarations of Boost.Asio the lint tests need, in Boost.Asio's
// namespaces, so that the built-in names (`boost::asio::post`,
// `boost::asio::thread_pool::join`) are matched as in real code.
#pragma once

namespace boost {
namespace asio {

class io_context {
 public:
  using count_type = unsigned long;
  count_type run() { return 0; }
};

class thread_pool {
 public:
  void join() {}
  void wait() {}
};

template <class Context, class Handler> void post(Context &, Handler &&h) {
  (void)h;
}

template <class Context, class Handler> void dispatch(Context &, Handler &&h) {
  (void)h;
}

template <class Context, class Handler> void defer(Context &, Handler &&h) {
  (void)h;
}

}  // namespace asio
}  // namespace boost
