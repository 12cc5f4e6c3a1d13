#!/usr/bin/env python
"""Fill a gettext catalogue. Usage (dev venv):
.venv/bin/python scripts/po.py FILE.po               -> prints the untranslated or fuzzy msgids as JSON
.venv/bin/python scripts/po.py FILE.po tr.json       -> applies {msgid: msgstr} from tr.json"""

import json
import sys

import polib

po = polib.pofile(sys.argv[1])
if len(sys.argv) == 2:
    todo = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    print(json.dumps(todo, ensure_ascii=False, indent=0))
else:
    tr = json.load(open(sys.argv[2]))
    for e in po:
        if e.msgid in tr:
            e.msgstr = tr[e.msgid]
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
            e.previous_msgid = None
    po.save(sys.argv[1])
