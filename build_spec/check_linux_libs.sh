#!/bin/sh
# The Qt libraries the desktop app loads on Linux (X11/Wayland) that a minimal system may lack.
# Prints what is missing and how to install it, and fails; does nothing on other systems.
[ "$(uname -s)" = Linux ] || exit 0
command -v ldconfig >/dev/null 2>&1 || exit 0
missing=""
packages=""
for pair in libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4 libxcb-keysyms.so.1:libxcb-keysyms1 \
            libxcb-image.so.0:libxcb-image0 libxcb-render-util.so.0:libxcb-render-util0 \
            libxcb-shape.so.0:libxcb-shape0 libxcb-randr.so.0:libxcb-randr0 libxcb-xkb.so.1:libxcb-xkb1 \
            libxkbcommon-x11.so.0:libxkbcommon-x11-0 libEGL.so.1:libegl1 libfontconfig.so.1:libfontconfig1 \
            libdbus-1.so.3:libdbus-1-3; do
    lib=${pair%%:*}
    if ! ldconfig -p | grep -q "$lib"; then
        missing="$missing $lib"
        packages="$packages ${pair#*:}"
    fi
done
if [ -n "$missing" ]; then
    echo "The desktop app needs system libraries this machine does not have:$missing"
    echo "On Debian or Ubuntu install them with:"
    echo "    sudo apt-get install$packages"
    echo "(On Fedora: sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms xcb-util-image xcb-util-renderutil libxkbcommon-x11.)"
    echo "The command line (import, export, themes ...) and 'gui --screenshot' work without them."
    exit 1
fi
