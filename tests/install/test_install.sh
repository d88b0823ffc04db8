#!/bin/sh
# The Debian package as a user gets it: build it, unpack it into a throw-away root, and use what
# it installed. Run by ctest with the build folder and the project's version.
set -u
build=$1
version=$2
root=$(mktemp -d)
home=$(mktemp -d)
trap 'rm -rf "$root" "$home"' EXIT
pass=0
fail=0
check() { # check "what" command...
    what=$1
    shift
    if out=$("$@" 2>&1); then
        pass=$((pass + 1))
        echo "ok    $what"
    else
        fail=$((fail + 1))
        echo "FAIL  $what"
        printf '%s\n' "$out" | sed 's/^/      /' | head -20
    fi
}

rm -f "$build"/cdnrec_*.deb
(cd "$build" && cpack -G DEB >/dev/null) || { echo "FAIL  cpack"; echo "0 passed, 1 failed"; exit 1; }
deb=$(ls "$build"/cdnrec_*.deb)
check "one .deb, named for the version" test "$deb" = "$build/cdnrec_${version}_amd64.deb"
info=$(dpkg-deb -I "$deb")
check "Package: cdnrec" sh -c "printf '%s' \"\$1\" | grep -q '^ Package: cdnrec$'" sh "$info"
check "Version: $version" sh -c "printf '%s' \"\$1\" | grep -q '^ Version: $version$'" sh "$info"
check "Depends from dpkg-shlibdeps (Qt)" sh -c "printf '%s' \"\$1\" | grep -q 'libqt6core6'" sh "$info"
check "Depends on what loads at run time" sh -c "printf '%s' \"\$1\" | grep -q 'libsecret-1-0' && printf '%s' \"\$1\" | grep -q 'qt6-qpa-plugins'" sh "$info"
check "Recommends a keyring" sh -c "printf '%s' \"\$1\" | grep -q 'Recommends: gnome-keyring'" sh "$info"

dpkg-deb -x "$deb" "$root"
bin=$root/usr/bin
check "cdnrec --version" sh -c "'$bin/cdnrec' --version | grep -qx 'cdnrec $version'"
check "cdnrec-sim --version" sh -c "'$bin/cdnrec-sim' --version | grep -q '$version'"
check "cdnrec-console --version (no display needed)" sh -c "env -u DISPLAY '$bin/cdnrec-console' --version | grep -q '$version'"
check "cdnrec stop --dry-run prints a redacted call" sh -c "HOME='$home' XDG_CONFIG_HOME='$home/config' '$bin/cdnrec' stop --dry-run --vendor Tencent --app-id 1234567890 --stream live-1 | grep -q 'Signature=REDACTED'"
check "the console opens its window (--self-check)" env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_RUNTIME_DIR="$home" QT_QPA_PLATFORM=offscreen "$bin/cdnrec-console" --self-check
check "desktop entry is valid" desktop-file-validate "$root/usr/share/applications/io.github.cdnrec.Console.desktop"
check "AppStream metainfo is valid" appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.cdnrec.Console.metainfo.xml"
for size in 16 32 48 128 256; do
    check "icon ${size}x${size}" sh -c "file '$root/usr/share/icons/hicolor/${size}x${size}/apps/io.github.cdnrec.Console.png' | grep -q '$size x $size'"
done
check "scalable icon" test -s "$root/usr/share/icons/hicolor/scalable/apps/io.github.cdnrec.Console.svg"
for page in cdnrec cdnrec-console cdnrec-sim; do
    check "man page $page renders without warnings" sh -c "out=\$(MANWIDTH=80 man --warnings -l '$root/usr/share/man/man1/$page.1.gz' 2>&1 >/dev/null); test -z \"\$out\" || { echo \"\$out\"; false; }"
done
check "no binary points into the build tree" sh -c "! grep -l '$build' '$bin'/*"
check "copyright file" test -s "$root/usr/share/doc/cdnrec/copyright"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
