// The scenarios a lecturer picks with one click: the presets shipped under :/presets, plus "random".
// Ctrl+1..4 pick the first four in the notebook's order (In[12], In[14], In[15], slow-first).
#pragma once

#include <cstdint>
#include <optional>
#include <random>

#include <QString>
#include <QStringList>

#include "poolscope/scenario/scenario.hpp"

namespace poolscope::gui {

class PresetLibrary {
 public:
  static constexpr const char* kRandom = "random";

  // The shipped presets in the notebook's order, then any other preset found under :/presets, then "random".
  static QStringList names();
  // Loads a preset by name ("random" draws a new scenario). Throws InputError when it is unknown or broken.
  static Scenario load(const QString& name);
  // 3..8 tasks with durations 0.5..4 s in 0.1 s steps and inputs 1..n: schedules worth looking at.
  static Scenario random(std::uint32_t seed);
  // A label for menus: "In[12] map" for "in12-map".
  static QString title(const QString& name);
  // Whether choosing the preset shows the compare view: the notebook cells are about one mode each (false),
  // slow-first is about the difference between them (true), maxtasksperchild about one mode's rows (false);
  // random keeps what is shown (nullopt).
  static std::optional<bool> comparesModes(const QString& name);
};

}  // namespace poolscope::gui
