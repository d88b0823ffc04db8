#!/bin/sh
# Runs a command against a throw-away Secret Service (D-Bus session + gnome-keyring, unlocked):
#   with-keyring.sh unlocked|locked|none COMMAND...
# unlocked: a fresh D-Bus session and gnome-keyring with an unlocked login keyring;
# locked:   the same, then the login keyring locked over D-Bus;
# none:     no D-Bus session at all;
# hung:     a session bus that accepts connections and never answers (the test opens it itself).
# HOME and XDG_* point into a temporary folder that is removed afterwards, so no test touches a
# real keyring. CDNREC_TEST_HOME tells the command where that folder is.
set -eu
mode=$1
shift
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT INT TERM
export HOME="$home/home" XDG_DATA_HOME="$home/home/.local/share" XDG_CACHE_HOME="$home/home/.cache" \
       XDG_CONFIG_HOME="$home/home/.config" XDG_RUNTIME_DIR="$home/run" CDNREC_TEST_HOME="$home/home"
export CDNREC_KEYRING_MODE="$mode"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
case "$mode" in
hung)
    export CDNREC_HUNG_BUS="$home/hung-bus"
    "$@"
    ;;
none)
    export DBUS_SESSION_BUS_ADDRESS="unix:path=$home/no-such-bus"
    "$@"
    ;;
unlocked|locked)
    dbus-run-session -- sh -c '
        printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        if [ "$CDNREC_KEYRING_MODE" = locked ]; then
            dbus-send --session --dest=org.freedesktop.secrets --print-reply \
                /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock \
                array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
        fi
        "$@"
    ' sh "$@" 2> "$home/dbus.log" || { status=$?; grep -v -e "dbus-daemon\[" -e "^$" "$home/dbus.log" >&2 || true; exit $status; }
    grep -v -e "dbus-daemon\[" -e "Gtk-WARNING" -e "gcr-prompter" -e "^$" "$home/dbus.log" >&2 || true
    ;;
*)
    echo "with-keyring.sh: unknown mode $mode" >&2
    exit 2
    ;;
esac
