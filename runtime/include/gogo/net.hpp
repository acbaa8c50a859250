// gogo::net: TCP and Unix stream sockets on the runtime's netpoller
// (docs/net.md).
#ifndef GOGO_NET_HPP
#define GOGO_NET_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/net/addr.hpp>
#include <gogo/net/conn.hpp>
#include <gogo/net/dial.hpp>
#include <gogo/net/errors.hpp>
#include <gogo/net/listener.hpp>

#endif
