// Values quoted in error messages are cut to about 80 characters: a message stays one readable line even
// when a file or a flag holds a megabyte of text.
#include "poolscope/util/excerpt.hpp"

#include <gtest/gtest.h>

#include <string>

#include "poolscope/scenario/scenario.hpp"
#include "poolscope/util/errors.hpp"

using namespace poolscope;

TEST(Excerpt, ShortTextIsKeptWhole) { EXPECT_EQ(excerpt("imap_ordered"), "imap_ordered"); }

TEST(Excerpt, LongTextIsCutAndSaysHowLongItWas) {
  const std::string cut = excerpt(std::string(1'000'000, 'a'));
  EXPECT_EQ(cut, std::string(80, 'a') + "... (1000000 characters)");
}

TEST(Excerpt, CutsBetweenCharactersNotInsideThem) {
  std::string russian;
  for (int i = 0; i < 100; ++i) russian += "ж";  // two bytes each
  const std::string cut = excerpt(russian);
  EXPECT_EQ(cut.substr(0, 160), russian.substr(0, 160));
  EXPECT_EQ(cut.substr(160), "... (100 characters)");
}

TEST(Excerpt, LineBreaksDoNotBreakTheMessageLine) { EXPECT_EQ(excerpt("a\nb\r\tc"), "a b  c"); }

TEST(Excerpt, AMegabyteScenarioValueGivesAShortMessage) {
  const std::string huge(1'000'000, 'q');
  for (const std::string& text :
       {R"({"durations": [1], "mode": ")" + huge + R"("})", R"({"durations": [1], "workload": ")" + huge + R"("})",
        R"({"durations": [1], ")" + huge + R"(": 1})", R"({"durations": [1], "mode": ")" + huge}) {
    try {
      parse_scenario(text);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_LT(std::string(e.what()).size(), 300u) << std::string(e.what()).substr(0, 300);
      EXPECT_NE(std::string(e.what()).find("qqqq"), std::string::npos) << "the value is not quoted at all";
    }
  }
}

TEST(Excerpt, ALongPathKeepsItsEnd) {
  const std::string deep = "/tmp/" + std::string(300, 'd') + "/chart.png";
  const std::string cut = excerpt_path(deep);
  EXPECT_EQ(cut.substr(0, 3), "...");
  EXPECT_EQ(cut.size(), 83u);
  EXPECT_EQ(cut.substr(cut.size() - 10), "/chart.png");
  EXPECT_EQ(excerpt_path("/tmp/t.json"), "/tmp/t.json");
}
