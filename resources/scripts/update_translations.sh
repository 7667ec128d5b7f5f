#!/usr/bin/env bash
# Refreshes resources/translations/poolscope_ru.ts from every tr() string under app/, then lists the
# strings still waiting for a Russian translation (open the file in Qt Linguist to translate them).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
lupdate=$(command -v lupdate6 || command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
ts="$root/resources/translations/poolscope_ru.ts"
"$lupdate" "$root/app" -extensions cpp,hpp -no-obsolete -locations none \
  -source-language en -target-language ru -ts "$ts"
python3 - "$ts" <<'PY'
import sys, xml.etree.ElementTree as ET
todo = [(c.findtext('name'), m.findtext('source'))
        for c in ET.parse(sys.argv[1]).getroot().iter('context') for m in c.iter('message')
        if (m.find('translation').get('type') or '') in ('unfinished',)]
for context, source in todo:
    print(f'untranslated: {context}: {source}')
print(f'{len(todo)} string(s) to translate' if todo else 'every string is translated')
PY
