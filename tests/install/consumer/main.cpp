// The README's example of the pool used from another project: squares 1..4 on two worker processes
// and prints them in input order (imap), then the library's version.
#include <cstdio>
#include <poolscope/poolscope.hpp>
#include <vector>

int square(int n) { return n * n; }  // a plain function: the workers are forks of this program

int main() {
  poolscope::Pool pool(2);
  for (int r : pool.imap(square, std::vector{1, 2, 3, 4})) std::printf("%d\n", r);
  std::printf("poolscope %s\n", POOLSCOPE_VERSION_STRING);
}
