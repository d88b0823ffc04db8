#!/bin/sh
# Fails when a tr() string in the engine or the console has no translation: lupdate the sources
# into a copy of each .ts file and look for anything new or unfinished.
set -eu
src=$1
lupdate=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for lang in zh_CN en; do
    cp "$src/resources/translations/cdnrec_$lang.ts" "$tmp/"
    plural=; [ "$lang" = en ] && plural=-pluralonly
    "$lupdate" $plural -no-obsolete -locations none -target-language "$lang" \
        "$src/app/core" "$src/app/gui" -ts "$tmp/cdnrec_$lang.ts" >/dev/null
    n=$(grep -c 'type="unfinished"' "$tmp/cdnrec_$lang.ts" || true)
    echo "cdnrec_$lang.ts: $n untranslated"
    if [ "$n" -ne 0 ]; then
        grep -B2 'type="unfinished"' "$tmp/cdnrec_$lang.ts" | grep '<source>' | head -20
        status=1
    fi
done
[ $status -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $status
