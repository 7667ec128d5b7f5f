#include "gui/preset_library.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include "poolscope/util/errors.hpp"

namespace poolscope::gui {

namespace {

const QStringList& notebookOrder() {
  static const QStringList order = {"in12-map", "in14-imap", "in15-imap-unordered", "slow-first", "maxtasksperchild"};
  return order;
}

}  // namespace

QStringList PresetLibrary::names() {
  QStringList out = notebookOrder();
  const QStringList files =
      QDir(QStringLiteral(":/presets")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
  for (const QString& file : files) {
    const QString name = file.chopped(5);
    if (!out.contains(name)) out << name;
  }
  out << QString::fromLatin1(kRandom);
  return out;
}

Scenario PresetLibrary::load(const QString& name) {
  if (name == QLatin1String(kRandom)) return random(std::random_device{}());
  QFile file(QStringLiteral(":/presets/%1.json").arg(name));
  if (!file.open(QIODevice::ReadOnly)) {
    throw InputError("There is no preset named '" + name.toStdString() + "'; pick one of the Presets menu.");
  }
  const QByteArray bytes = file.readAll();
  try {
    return parse_scenario(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
  } catch (const InputError& e) {
    throw InputError("The preset '" + name.toStdString() + "' is broken: " + e.what());
  }
}

Scenario PresetLibrary::random(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> count(3, 8);
  std::uniform_int_distribution<int> tenths(5, 40);
  Scenario scenario;
  scenario.mode = Mode::imap;
  scenario.workers = 3;
  scenario.chunksize = 1;
  const int n = count(rng);
  for (int i = 0; i < n; ++i) {
    scenario.inputs.push_back(i + 1);
    scenario.durations.push_back(tenths(rng) / 10.0);
  }
  return scenario;
}

QString PresetLibrary::title(const QString& name) {
  if (name == QLatin1String("in12-map")) return QStringLiteral("In[12]  map");
  if (name == QLatin1String("in14-imap")) return QStringLiteral("In[14]  imap");
  if (name == QLatin1String("in15-imap-unordered")) return QStringLiteral("In[15]  imap_unordered");
  if (name == QLatin1String("slow-first")) return QStringLiteral("slow-first");
  if (name == QLatin1String("maxtasksperchild")) return QStringLiteral("maxtasksperchild=2");
  if (name == QLatin1String(kRandom)) return QCoreApplication::translate("PresetLibrary", "Random");
  return name;
}

std::optional<bool> PresetLibrary::comparesModes(const QString& name) {
  if (name == QLatin1String("slow-first")) return true;
  if (name == QLatin1String("maxtasksperchild")) return false;  // one mode: the rows' pids are the point
  if (name.startsWith(QLatin1String("in"))) return false;       // in12-map, in14-imap, in15-imap-unordered
  return std::nullopt;
}

}  // namespace poolscope::gui
