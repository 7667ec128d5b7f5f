// Pipe: messages arrive in order, and EOF is seen once the other end is closed everywhere.
#include "poolscope/mp/pipe.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "poolscope/mp/process.hpp"

namespace {

using poolscope::Connection;
using poolscope::Process;

TEST(Pipe, MessagesArriveInOrderThenEOF) {
  auto [parent_end, child_end] = poolscope::Pipe();
  Process sender(
      [](Connection out, Connection unused) {
        unused.close();
        for (int i = 0; i < 1000; ++i) out.send(std::vector<int>{i, i * 2});
        out.send(std::string("done"));
      },
      child_end, parent_end);
  sender.start();
  child_end.close();  // the parent's copy: without this the pipe can never reach EOF
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(parent_end.recv<std::vector<int>>(), (std::vector<int>{i, i * 2}));
  EXPECT_EQ(parent_end.recv<std::string>(), "done");
  EXPECT_THROW(parent_end.recv<int>(), poolscope::EOFError);
  sender.join();
}

TEST(Pipe, EOFWhenTheOtherProcessIsKilled) {
  auto [parent_end, child_end] = poolscope::Pipe();
  Process p(
      [](Connection c) {
        c.send(1);
        for (;;) pause();
      },
      child_end);
  p.start();
  child_end.close();
  EXPECT_EQ(parent_end.recv<int>(), 1);
  EXPECT_FALSE(parent_end.poll(0.05));
  p.kill();
  p.join();
  EXPECT_TRUE(parent_end.poll(2.0));
  EXPECT_THROW(parent_end.recv<int>(), poolscope::EOFError);
}

TEST(Pipe, DuplexBothWays) {
  auto [a, b] = poolscope::Pipe();
  Process echo([](Connection c) { c.send(c.recv<std::string>() + "!"); }, b);
  echo.start();
  a.send(std::string("hi"));
  EXPECT_EQ(a.recv<std::string>(), "hi!");
  echo.join();
}

TEST(Pipe, SendToAClosedEndIsBrokenPipe) {
  auto [a, b] = poolscope::Pipe();
  b.close();
  EXPECT_THROW(a.send(1), poolscope::BrokenPipeError);
}

TEST(Pipe, OneWayPipe) {
  auto [reader, writer] = poolscope::Pipe(false);
  writer.send(5);
  EXPECT_EQ(reader.recv<int>(), 5);
}

}  // namespace
