// Draws a memory chart as PNG, SVG or PDF bytes, headless (a QApplication must exist); the caller writes
// them (OutputGuard, write_file_atomically). Failures throw poolscope::InputError.
#pragma once

#include <QByteArray>
#include <QSize>

#include "chart/chart_export.hpp"
#include "memory/memory_chart.hpp"

namespace poolscope::memory {

QByteArray encodeMemoryChart(const MemoryChart& chart, chart::ExportFormat format, QSize size);

}  // namespace poolscope::memory
