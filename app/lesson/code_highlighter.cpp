// Regular expressions are enough here: the cells are short, known code, not arbitrary programs.
#include "lesson/code_highlighter.hpp"

#include <QColor>
#include <QFont>

namespace poolscope::lesson {

CodeHighlighter::CodeHighlighter(QTextDocument* document, Language language, bool darkBackground)
    : QSyntaxHighlighter(document), language_(language), dark_(darkBackground) {
  buildRules();
}

void CodeHighlighter::setDarkBackground(bool dark) {
  if (dark == dark_) return;
  dark_ = dark;
  buildRules();
  rehighlight();
}

void CodeHighlighter::buildRules() {
  rules_.clear();
  auto format = [](QColor color, bool bold = false, bool italic = false) {
    QTextCharFormat f;
    f.setForeground(color);
    if (bold) f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
  };
  const QColor keyword = dark_ ? QColor(0x82, 0xAA, 0xFF) : QColor(0x1F, 0x4E, 0xB4);
  const QColor type = dark_ ? QColor(0x4E, 0xC9, 0xB0) : QColor(0x1B, 0x7F, 0x79);
  const QColor number = dark_ ? QColor(0xF7, 0x8C, 0x6C) : QColor(0xB3, 0x4B, 0x00);
  const QColor string = dark_ ? QColor(0xC3, 0xE8, 0x8D) : QColor(0x2E, 0x7D, 0x32);
  const QColor comment = dark_ ? QColor(0x8A, 0x8F, 0x98) : QColor(0x7A, 0x7A, 0x7A);

  const QString keywords = language_ == Language::python
                               ? QStringLiteral(
                                     "\\b(def|return|if|for|in|import|from|as|with|while|and|or|not|"
                                     "None|True|False|__name__)\\b")
                               : QStringLiteral(
                                     "\\b(void|int|double|auto|return|for|if|while|const|"
                                     "namespace|using|true|false)\\b");
  rules_.push_back({QRegularExpression(keywords), format(keyword, true)});
  const QString types = language_ == Language::python
                            ? QStringLiteral(
                                  "\\b(Process|Pool|Manager|Array|current_process|print|range|len|"
                                  "enumerate|os|time)\\b")
                            : QStringLiteral(
                                  "\\b(std|vector|map|string|Process|Pool|SharedDict|SharedArray|"
                                  "current_process|print|size_t)\\b");
  rules_.push_back({QRegularExpression(types), format(type)});
  rules_.push_back({QRegularExpression(QStringLiteral("\\b\\d+(\\.\\d+)?\\b")), format(number)});
  rules_.push_back({QRegularExpression(QStringLiteral("f?'[^']*'|\"[^\"]*\"")), format(string)});
  rules_.push_back(
      {QRegularExpression(language_ == Language::python ? QStringLiteral("#.*$") : QStringLiteral("//.*$")),
       format(comment, false, true)});
}

void CodeHighlighter::highlightBlock(const QString& text) {
  // Later rules win: a number inside a string or comment takes the string's or comment's colour.
  for (const Rule& rule : rules_) {
    for (auto it = rule.pattern.globalMatch(text); it.hasNext();) {
      const auto m = it.next();
      setFormat(static_cast<int>(m.capturedStart()), static_cast<int>(m.capturedLength()), rule.format);
    }
  }
}

}  // namespace poolscope::lesson
