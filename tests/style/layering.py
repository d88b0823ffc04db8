#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Holds app/core to its floors: a file may include headers of its own floor and the floors
below it, named by floor (<engine/job.h>); nothing in core includes a front end or widgets.

    layering.py CORE_DIR            check the tree; exit 1 and one line per wrong include
    layering.py --self-test CORE_DIR  plant wrong includes in a copy and check each is caught
"""
import os
import re
import shutil
import sys
import tempfile

FLOORS = ['model', 'engine', 'store', 'team', 'app']
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
FORBIDDEN = re.compile(r'^(Qt?Widgets|QtGui|QWidget|QApplication|QGuiApplication|QMainWindow|'
                       r'QDialog|QMessageBox|gui/|cli/|sim/|console/)')


def check(core):
    problems = []
    for floor in sorted(os.listdir(core)):
        path = os.path.join(core, floor)
        if not os.path.isdir(path):
            continue
        if floor not in FLOORS:
            problems.append(f'{path}: not a floor (one of {", ".join(FLOORS)})')
            continue
        level = FLOORS.index(floor)
        for name in sorted(os.listdir(path)):
            if not name.endswith(('.h', '.cpp')):
                continue
            file = os.path.join(path, name)
            with open(file, encoding='utf-8') as f:
                text = f.read()
            for m in INCLUDE.finditer(text):
                kind, target = m.groups()
                line = text.count('\n', 0, m.start()) + 1
                where = f'{file}:{line}'
                if FORBIDDEN.match(target):
                    problems.append(f'{where}: core includes "{target}" (no widgets, no front end)')
                    continue
                top = target.split('/')[0]
                if kind == '"':
                    if '/' in target or not os.path.exists(os.path.join(path, target)):
                        problems.append(f'{where}: "{target}": name a header of another floor as <floor/{os.path.basename(target)}>')
                    continue
                if top in FLOORS and FLOORS.index(top) > level:
                    problems.append(f'{where}: {floor} includes <{target}>, a floor above it '
                                    f'({" < ".join(FLOORS)})')
                elif '/' not in target and any(
                        os.path.exists(os.path.join(core, f, target)) for f in FLOORS):
                    problems.append(f'{where}: <{target}>: name it by its floor')
    return problems


def self_test(core):
    plants = [
        ('engine/job.h', '#include <app/run.h>\n', 'engine includes <app/run.h>'),
        ('engine/job.cpp', '#include <team/teambudget.h>\n', 'engine includes <team/teambudget.h>'),
        ('model/outcome.h', '#include <store/history.h>\n', 'model includes <store/history.h>'),
        ('store/history.cpp', '#include "../team/teamoutbox.h"\n', 'name a header of another floor'),
        ('team/teamsync.cpp', '#include <QWidget>\n', 'no widgets'),
        ('app/run.cpp', '#include <gui/mainwindow.h>\n', 'no front end'),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, 'core')
        shutil.copytree(core, copy)
        clean = check(copy)
        if clean:
            print('the tree itself has wrong includes:', *clean, sep='\n  ')
            return 1
        for file, include, expected in plants:
            target = os.path.join(copy, file)
            with open(target, encoding='utf-8') as f:
                original = f.read()
            with open(target, 'w', encoding='utf-8') as f:
                f.write(include + original)
            found = check(copy)
            with open(target, 'w', encoding='utf-8') as f:
                f.write(original)
            if not any(expected in p for p in found):
                print(f'not caught: {include.strip()} in {file} (found: {found})')
                failures += 1
            else:
                print(f'caught: {include.strip()} in {file}')
    return 1 if failures else 0


def main(argv):
    if argv and argv[0] == '--self-test':
        return self_test(argv[1])
    problems = check(argv[0])
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f'{argv[0]}: every include keeps to its floor ({" < ".join(FLOORS)})')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
