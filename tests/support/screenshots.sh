#!/bin/sh
# Saves PNGs of the console's states into OUT (made anew) by running the GUI tests that take them, each in a
# throw-away home (offscreen, so no display is needed):
#   screenshots.sh BUILD OUT [EXPECTED]
# Fails when a test fails or writes nothing. With EXPECTED (a folder of PNGs, the committed
# docs/screenshots), it also fails when one of those pictures was not taken again: a screenshot's
# path that stopped being reached. `./dev screenshots` runs it into a temporary folder and copies
# the pictures to docs/screenshots; the ctest `screenshots` runs it into the build tree, so that
# no screenshot's path breaks unseen.
set -u
build=$1
out=$2
expected=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
failed=0
shots=0

# shoot NAME [with-keyring MODE] TEST [ARGS...]: one test binary, its own home.
shoot() {
    name=$1
    shift
    home=$(mktemp -d)
    log="$home.log"
    if env QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 CDNREC_SCREENSHOT_DIR="$out" \
        XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home" \
        "$@" >"$log" 2>&1; then
        echo "ok    $name"
    else
        failed=$((failed + 1))
        echo "FAIL  $name"
        grep -E '^(FAIL|   Loc|   Actual|   Expected|QFATAL|Totals)' "$log" | head -20 | sed 's/^/      /'
        grep -q '^Totals' "$log" || tail -n 20 "$log" | sed 's/^/      /'
    fi
    rm -rf "$home" "$log"
}

shoot test_mainwindow "$build/tests/test_mainwindow"
shoot test_console_newcomer "$build/tests/test_console_newcomer"
shoot test_console_profiles sh "$here/../keyring/with-keyring.sh" unlocked "$build/tests/test_console_profiles"
shoot test_history_gui "$build/tests/test_history_gui" historyWindow
shoot test_undo_gui "$build/tests/test_undo_gui"
shoot test_team_gui "$build/tests/test_team_gui"
shoot test_team_console_pull "$build/tests/test_team_console_pull"
shoot test_roompicker "$build/tests/test_roompicker"
shoot test_rowlife_gui "$build/tests/test_rowlife_gui"

shots=$(ls "$out"/*.png 2>/dev/null | wc -l)
echo "$shots pictures in $out"
if [ "$shots" -eq 0 ]; then
    echo "FAIL  no picture was taken"
    failed=$((failed + 1))
fi
if [ -n "$expected" ]; then
    for png in "$expected"/*.png; do
        [ -e "$png" ] || continue
        if [ ! -s "$out/$(basename "$png")" ]; then
            echo "FAIL  $(basename "$png") was not taken again"
            failed=$((failed + 1))
        fi
    done
fi
[ "$failed" -eq 0 ] && echo "screenshots: all taken" || echo "screenshots: $failed failed"
[ "$failed" -eq 0 ]
