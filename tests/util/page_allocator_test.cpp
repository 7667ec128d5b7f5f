// The pages behind the pool's per-task arrays: reused by the next pool of the process, not inherited by a
// forked child, and never handed to a child that has the list of freed pages but not the pages.
#include "poolscope/util/page_allocator.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

using poolscope::page_allocate;
using poolscope::page_deallocate;

TEST(PageAllocator, FreedPagesServeTheNextRequestOfTheirSize) {
  constexpr std::size_t kBytes = 3 << 20;
  void* first = page_allocate(kBytes);
  std::memset(first, 1, kBytes);
  page_deallocate(first, kBytes);
  void* second = page_allocate(kBytes);
  EXPECT_EQ(second, first) << "the warm pages come back";
  page_deallocate(second, kBytes);
  void* small = page_allocate(100);
  std::memset(small, 2, 100);
  page_deallocate(small, 100);
}

TEST(PageAllocator, AForkedChildNeitherInheritsThePagesNorReusesThem) {
  constexpr std::size_t kBytes = 2 << 20;
  auto* held = static_cast<char*>(page_allocate(kBytes));
  std::memset(held, 7, kBytes);
  page_deallocate(page_allocate(kBytes), kBytes);  // on the list of freed pages, which the child inherits
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The freed pages are not mapped here (the kernel may even map new ones at their address): a new
    // request must get pages that work. Writing to pages that are not there would kill the child.
    auto* mine = static_cast<char*>(page_allocate(kBytes));
    std::memset(mine, 3, kBytes);
    // Neither are the pages the parent holds; a child that frees them anyway must not keep them for later.
    page_deallocate(mine, kBytes);
    page_deallocate(held, kBytes);
    auto* again = static_cast<char*>(page_allocate(kBytes));
    std::memset(again, 4, kBytes);
    auto* more = static_cast<char*>(page_allocate(kBytes));
    std::memset(more, 5, kBytes);
    _exit(again[kBytes - 1] == 4 && more[kBytes - 1] == 5 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  EXPECT_EQ(held[kBytes - 1], 7) << "the parent's pages are untouched";
  page_deallocate(held, kBytes);
}
