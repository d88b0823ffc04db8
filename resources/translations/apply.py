#!/usr/bin/env python3
# Fills the .ts files after lupdate: Simplified Chinese from zh_CN/*.py, and the English plural
# forms ("%n stream ID(s)" -> "%n stream ID" / "%n stream IDs"). Fails on any string left
# untranslated, so a new tr() cannot ship half-translated.
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

here = Path(__file__).resolve().parent

# The Simplified Chinese texts live in zh_CN/, one file per area of the program (each a dict
# named ZH), so that work on different parts does not edit one file at once.
import importlib.util
ZH = {}
for part in sorted((here / 'zh_CN').glob('*.py')):
    spec = importlib.util.spec_from_file_location(f'zh_CN_{part.stem}', part)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    extra = module.ZH
    clash = [k for k in extra if k in ZH and ZH[k] != extra[k]]
    if clash:
        print(f'translated differently in zh_CN/{part.name} and another file:', *clash,
              sep='\n  ', file=sys.stderr)
        sys.exit(1)
    ZH.update(extra)


def english_plurals(text):
    return [text.replace('(s)', '').replace('ID(s)', 'ID'), text.replace('(s)', 's')]


def fill(path, translate):
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter('message'):
        source = message.find('source').text
        translation = message.find('translation')
        for form in list(translation):
            translation.remove(form)
        translation.text = None
        translation.attrib.pop('type', None)
        result = translate(source, message.get('numerus') == 'yes')
        if result is None:
            missing.append(source)
            translation.set('type', 'unfinished')
        elif isinstance(result, list):
            for text in result:
                ET.SubElement(translation, 'numerusform').text = text
        else:
            translation.text = result
    tree.write(path, encoding='utf-8', xml_declaration=True)
    with open(path, 'r+', encoding='utf-8') as f:  # the DOCTYPE lupdate expects
        body = f.read().replace("<?xml version='1.0' encoding='utf-8'?>",
                                '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>', 1)
        f.seek(0)
        f.write(body)
        f.truncate()
    return missing


missing = fill(here / 'cdnrec_zh_CN.ts',
               lambda s, numerus: ([ZH[s]] if numerus else ZH[s]) if s in ZH else None)
missing += fill(here / 'cdnrec_en.ts', lambda s, numerus: english_plurals(s))
if missing:
    print('untranslated:', *missing, sep='\n  ', file=sys.stderr)
    sys.exit(1)
