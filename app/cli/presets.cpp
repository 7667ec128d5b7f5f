// Presets live in the Qt resource system so the binary works from any directory.
#include "cli/presets.hpp"

#include <algorithm>

#include <QDir>
#include <QFile>

#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::cli {

std::vector<std::string> presetNames() {
  std::vector<std::string> names;
  const QStringList files = QDir(QStringLiteral(":/presets")).entryList({QStringLiteral("*.json")}, QDir::Files);
  for (const QString& file : files) names.push_back(file.chopped(5).toStdString());
  std::sort(names.begin(), names.end());
  return names;
}

Scenario loadPreset(const std::string& name) {
  const auto names = presetNames();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown preset '" + excerpt(name) + "' (known presets: " + known + ")");
  }
  QFile file(QStringLiteral(":/presets/") + QString::fromStdString(name) + QStringLiteral(".json"));
  if (!file.open(QIODevice::ReadOnly)) throw InputError("cannot read preset '" + excerpt(name) + "'");
  const QByteArray text = file.readAll();
  try {
    return parse_scenario(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
  } catch (const InputError& e) {
    throw InputError("preset '" + excerpt(name) + "' is broken: " + e.what());
  }
}

}  // namespace poolscope::cli
