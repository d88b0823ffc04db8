#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a function in the given C++ sources is longer than the limit.

A function is what clang-format leaves at column 0: a definition whose body opens on its
signature's last line (or alone on the next) and closes with a "}" at column 0. Lambdas and
local classes count towards the function they are written in. Data (arrays, tables) and type
definitions are not functions.

    function_length.py [--max N] [--list M] FILE...
"""
import re
import sys

def strip(text):
    """The text with comments, string and character literals blanked, line breaks kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif c == 'R' and text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            close = ')' + m.group(1) + '"'
            j = text.find(close, i)
            j = n if j < 0 else j + len(close)
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif c in '"\'':
            # a digit separator (1'000) is not a character literal
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum() \
                    and text[i - 1].isdigit():
                out.append(' '); i += 1; continue
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(' ' * (j + 1 - i)); i = j + 1
        elif c == '#' and (i == 0 or text[i - 1] == '\n'):
            j = i
            while True:
                k = text.find('\n', j)
                if k < 0:
                    k = n
                    break
                if text[k - 1] != '\\':
                    break
                j = k + 1
            out.append(re.sub(r'[^\n]', ' ', text[i:k])); i = k
        else:
            out.append(c); i += 1
    return ''.join(out)


def functions(path):
    with open(path, encoding='utf-8') as f:
        text = strip(f.read())
    stack = []  # scope kinds: 'ns', 'class', 'fn', 'block'
    fn_start = None
    for i, c in enumerate(text):
        if c == '{':
            inside_fn = any(k == 'fn' for k in stack)
            before = text[max(0, i - 400):i]
            head = before.rstrip()
            kind = 'block'
            if not inside_fn:
                stmt = re.split(r'[;{}]', before)[-1]
                if re.search(r'\bnamespace\b', stmt) or re.search(r'\bextern\s*$', head):
                    kind = 'ns'
                elif re.search(r'\b(class|struct|union|enum)\b[^()]*$', stmt):
                    kind = 'class'
                elif re.search(r'(\)|\bconst|\boverride|\bnoexcept|\bfinal|->\s*[\w:<>,\s*&]+|\)\s*[\w:]*\s*\([^()]*\)|\})\s*$', head) \
                        and '(' in stmt and not re.search(r'=\s*$', head):
                    kind = 'fn'
                    name = re.sub(r'\s+', ' ', stmt).strip()
                    m = re.match(r'.*?([~\w:]+|operator\S+)\s*\(', name)
                    fn_name = m.group(1) if m else name[:60]
                    fn_start = (text.count('\n', 0, i - len(stmt) + len(stmt) - len(stmt.lstrip())) + 1, fn_name)
            stack.append(kind)
        elif c == '}':
            if not stack:
                continue
            kind = stack.pop()
            if kind == 'fn' and not any(k == 'fn' for k in stack) and fn_start:
                line = fn_start[0]
                end = text.count('\n', 0, i) + 1
                yield fn_start[1], line, end - line + 1
                fn_start = None


def main(argv):
    limit = 100
    listing = None
    files = []
    args = iter(argv)
    for a in args:
        if a == '--max':
            limit = int(next(args))
        elif a == '--list':
            listing = int(next(args))
        else:
            files.append(a)
    found = []
    for path in files:
        for name, line, length in functions(path):
            found.append((length, path, line, name))
    found.sort(reverse=True)
    if listing is not None:
        for length, path, line, name in found:
            if length > listing:
                print(f'{length:5} {path}:{line} {name}')
        return 0
    over = [f for f in found if f[0] > limit]
    for length, path, line, name in over:
        print(f'{path}:{line}: {name} is {length} lines long (the limit is {limit}): split it')
    if over:
        return 1
    print(f'{len(found)} functions in {len(files)} files, none longer than {limit} lines')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
