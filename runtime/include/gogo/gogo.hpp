// gogo: Go's goroutines for C++. The umbrella header: the whole runtime API
// plus the `go` pseudo-keyword (see go_keyword.hpp).
#ifndef GOGO_GOGO_HPP
#define GOGO_GOGO_HPP

#include <gogo/detail/cxx17.hpp>
#include <gogo/go.hpp>
#include <gogo/maxprocs.hpp>
#include <gogo/chan.hpp>
#include <gogo/directional_chan.hpp>
#include <gogo/select.hpp>
#include <gogo/time.hpp>
#include <gogo/timer.hpp>
#include <gogo/ticker.hpp>
#include <gogo/wait_group.hpp>
#include <gogo/mutex.hpp>
#include <gogo/rw_mutex.hpp>
#include <gogo/once.hpp>
#include <gogo/cond.hpp>
#include <gogo/semaphore.hpp>
#include <gogo/context.hpp>
#include <gogo/errgroup.hpp>
#include <gogo/blocking.hpp>
#include <gogo/io.hpp>
#include <gogo/net.hpp>
#include <gogo/main.hpp>
#include <gogo/go_keyword.hpp>

#endif
