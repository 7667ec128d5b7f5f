// Light syntax colouring for the Python and C++ panes of the Lesson view: keywords, strings, numbers,
// comments. Colours follow the palette (light or dark).
#pragma once

#include <vector>

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace poolscope::lesson {

class CodeHighlighter : public QSyntaxHighlighter {
  Q_OBJECT

 public:
  enum class Language { python, cpp };
  CodeHighlighter(QTextDocument* document, Language language, bool darkBackground);
  void setDarkBackground(bool dark);

 protected:
  void highlightBlock(const QString& text) override;

 private:
  struct Rule {
    QRegularExpression pattern;
    QTextCharFormat format;
  };
  void buildRules();

  Language language_;
  bool dark_;
  std::vector<Rule> rules_;
};

}  // namespace poolscope::lesson
