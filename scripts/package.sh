#!/usr/bin/env bash
# Builds the Debian package: a Release build in build-release, then CPack.
# Depends are computed by dpkg-shlibdeps; DuckDB's library travels inside,
# in /usr/lib/ferry (the binary's rpath). Prints the .deb's path.
#   scripts/package.sh && sudo apt-get install ./build-release/ferry_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >&2
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build-release -j"$(nproc)" ferry man_pages >&2
(cd build-release && cpack -G DEB >&2)
ls "$PWD"/build-release/ferry_*.deb
