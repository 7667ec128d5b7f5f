// Writes a memory chart to PNG, SVG or PDF headless (a QApplication must exist), atomically;
// failures throw poolscope::InputError naming the file.
#pragma once

#include <filesystem>

#include <QSize>

#include "chart/chart_export.hpp"
#include "memory/memory_chart.hpp"

namespace poolscope::memory {

void exportMemoryChart(const MemoryChart& chart, const std::filesystem::path& file, chart::ExportFormat format,
                       QSize size);

}  // namespace poolscope::memory
