// The widget palette that goes with a chart theme, so the controls around a dark chart are dark too.
// Uses the Fusion style's roles; the light theme is Fusion's own light palette.
#pragma once

#include <QPalette>

#include "chart/chart_theme.hpp"

namespace poolscope::gui {

QPalette windowPalette(const chart::ChartTheme& theme);

}  // namespace poolscope::gui
