// Real code: gogo-rewrite --lint over a translation unit that pulls in a
// large set of Debian-installed C++ headers (Boost and LLVM's ADT, a few
// hundred thousand lines), plus go statements over their types that must not
// fire. Expectation: no diagnostic, no crash, exit status 0, and the quiet
// summary.
//
// RUN: %check_gogo --allow-empty --implicit-check-not=note: %s -- -std=c++17 -I%llvm-include
// CHECK-NOT: {{.}}

#include <boost/algorithm/string.hpp>
#include <boost/asio.hpp>
#include <boost/circular_buffer.hpp>
#include <boost/container/flat_map.hpp>
#include <boost/container/small_vector.hpp>
#include <boost/dynamic_bitset.hpp>
#include <boost/format.hpp>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <boost/optional.hpp>
#include <boost/range/adaptors.hpp>
#include <boost/range/irange.hpp>
#include <boost/spirit/include/qi.hpp>
#include <boost/variant.hpp>

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/ADT/iterator_range.h>

// gogo last: its `go` macro must not meet a header that uses `go` as a name.
#include <gogo/gogo.hpp>

#include <string>
#include <vector>

void use(int) {}
void use_str(const std::string &) {}

int main() {
  gogo::wait_group wg;

  llvm::DenseMap<int, std::string> names;
  for (auto &entry : names) {
    wg.add(1);
    go [&wg, &entry] { use(entry.first); wg.done(); };
  }

  llvm::SmallVector<int, 8> small = {1, 2, 3};
  for (int v : small) {
    wg.add(1);
    go [&wg, v] { use(v); wg.done(); };
  }
  for (const auto &v : small)
    go [&v] { use(v); };
  for (auto item : llvm::enumerate(small))
    go [value = item.value()] { use(value); };

  llvm::StringMap<int> counts;
  for (const auto &kv : counts)
    go [&kv] { use(kv.second); };

  boost::container::flat_map<int, std::string> flat;
  for (const auto &kv : flat)
    go [&kv] { use_str(kv.second); };

  boost::container::small_vector<std::string, 4> words{"a", "b"};
  boost::algorithm::to_upper(words.front());
  for (std::size_t k = 0; k < words.size(); ++k)
    go [word = words[k]] { use_str(word); };

  for (int i : boost::irange(0, 10))
    go [i] { use(i); };
  for (int i : small | boost::adaptors::reversed)
    go use(i);

  boost::circular_buffer<int> ring(4);
  ring.push_back(1);
  for (int &slot : ring)
    go [&slot] { use(slot); };

  using graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  graph g(4);
  boost::add_edge(0, 1, g);
  auto [first, last] = boost::vertices(g);
  for (auto it = first; it != last; ++it)
    go [vertex = *it] { use(static_cast<int>(vertex)); };

  boost::asio::io_context io;
  for (int i = 0; i < 3; ++i)
    go [&io, i] { use(i); (void)io; };

  std::string text = "1 2 3";
  std::vector<int> parsed;
  boost::spirit::qi::phrase_parse(text.begin(), text.end(), *boost::spirit::qi::int_,
                                  boost::spirit::qi::space, parsed);
  for (int v : parsed)
    go [v] { use(v); };

  boost::variant<int, std::string> var = 3;
  go [var] { use(boost::get<int>(var)); };
  go [text = (boost::format("%1%") % 42).str()] { use_str(text); };

  wg.wait();
}
