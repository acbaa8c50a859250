// No go statement: never copied, its includer's copy names it by path.
#pragma once
namespace app {
struct node {
  int id;
};
}  // namespace app
