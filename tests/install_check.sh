#!/usr/bin/env bash
# Installs the build into a temp prefix (cmake --install) and checks what a
# user gets: the binary runs without LD_LIBRARY_PATH and loads DuckDB from
# ferry's private lib directory, copies the demo database, every man page
# renders without warnings, and the bash completion loads and completes.
#   tests/install_check.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
prefix=$(mktemp -d /tmp/ferry-install.XXXXXX)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "install_check: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
bin=$prefix/bin/ferry
[[ -x $bin ]] || fail "no bin/ferry"
[[ -f $prefix/lib/ferry/libduckdb.so ]] || fail "no lib/ferry/libduckdb.so"
[[ ! -e $prefix/lib/libduckdb.so ]] || fail "libduckdb.so installed where other programs would find it"
env -u LD_LIBRARY_PATH "$bin" --version | grep -q '^ferry ' || fail "the installed ferry does not run"
# ldd's output is taken whole first: `ldd | grep -q` under pipefail fails
# whenever grep exits before ldd has written everything (SIGPIPE).
libs=$(ldd "$bin")
# DuckDB is loaded when first needed (engines/duckdb/api.h), not at start,
# from ferry's private lib directory:
# ldd must not list it, and the loader's trace names the file it took.
! grep -q libduckdb <<<"$libs" || fail "libduckdb.so is loaded at start: $(grep duckdb <<<"$libs")"
trace=$(env -u LD_LIBRARY_PATH LD_DEBUG=libs "$bin" --version 2>&1 >/dev/null)
loaded=$(sed -n 's/.*calling init: \(.*libduckdb\.so\)$/\1/p' <<<"$trace" | head -n1)
[[ $loaded == "$prefix/lib/ferry/libduckdb.so" ]] || fail "DuckDB not loaded from ferry's lib directory: '$loaded'"

# The demo copy with the installed binary.
work=$prefix/work
mkdir -p "$work"
sqlite3 "$work/demo.db" <"$src/samples/demo.sql"
env -u LD_LIBRARY_PATH "$bin" copy "sqlite://$work/demo.db" "duckdb://$work/demo.duckdb" --no-progress --quiet --verify >/dev/null ||
  fail "the installed ferry cannot copy the demo database"

# Without DuckDB's library, what does not need it still works, and what
# does says which library is missing.
mv "$prefix/lib/ferry/libduckdb.so" "$prefix/lib/ferry/libduckdb.so.away"
env -u LD_LIBRARY_PATH "$bin" copy "sqlite://$work/demo.db" "sqlite://$work/again.db" --no-progress --quiet ||
  fail "a SQLite -> SQLite copy needs DuckDB's library"
env -u LD_LIBRARY_PATH "$bin" --version | grep -q "^DuckDB (not loaded: cannot load DuckDB's library libduckdb.so" ||
  fail "--version does not say that DuckDB's library is missing"
rc=0
msg=$(env -u LD_LIBRARY_PATH "$bin" copy "sqlite://$work/demo.db" "duckdb://$work/again.duckdb" --no-progress 2>&1) || rc=$?
[[ $rc -ne 0 && $msg == *"cannot load DuckDB's library libduckdb.so"* ]] ||
  fail "a DuckDB target without the library gave exit $rc: $msg"
mv "$prefix/lib/ferry/libduckdb.so.away" "$prefix/lib/ferry/libduckdb.so"

pages=("$prefix"/share/man/man1/ferry*.1)
((${#pages[@]} >= 11)) || fail "expected 11 man pages, found ${#pages[@]}"
for page in "${pages[@]}"; do
  warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
  [[ -z $warnings ]] || fail "$(basename "$page"): $warnings"
done
grep -q "Exit codes" "$prefix/share/man/man1/ferry.1" || fail "ferry(1) does not list the exit codes"

# Scheduled backups: the units are there, name the installed binary and read the env file.
units=$prefix/lib/systemd/system
for unit in ferry-backup@.service ferry-backup@.timer; do [[ -f $units/$unit ]] || fail "no $unit"; done
grep -q "^ExecStart=$prefix/bin/ferry backup " "$units/ferry-backup@.service" || fail "the service does not run the installed ferry"
grep -q "^EnvironmentFile=/etc/ferry/backup-%i.env" "$units/ferry-backup@.service" || fail "the service reads no env file"

completion=$prefix/share/bash-completion/completions/ferry
bash -c "source '$completion' && complete -p ferry" >/dev/null || fail "the bash completion does not load"
got=$(PATH="$prefix/bin:$PATH" bash -c "source '$completion'; COMP_WORDS=(ferry ve); COMP_CWORD=1; _ferry; echo \${COMPREPLY[*]}")
[[ $got == verify ]] || fail "completing 've' gave '$got'"
got=$(PATH="$prefix/bin:$PATH" bash -c "source '$completion'; COMP_WORDS=(ferry copy --dry); COMP_CWORD=2; _ferry; echo \${COMPREPLY[*]}")
[[ $got == --dry-run ]] || fail "completing 'copy --dry' gave '$got'"
echo "install_check: ok ($prefix)"
