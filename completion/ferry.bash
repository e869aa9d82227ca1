# bash completion for ferry. Subcommands and flags come from `ferry ... --help`
# at completion time, so they never drift from the binary; positional words
# complete to URI schemes and files.
_ferry_words() {
  # The flags and subcommands a `ferry <args> --help` page lists.
  "$@" --help 2>/dev/null | awk '
    /^(Subcommands|SUBCOMMANDS):/ { sub_ = 1; next }
    /^[A-Za-z].*:$/ { sub_ = 0 }
    sub_ && $1 ~ /^[a-z]/ { print $1 }
    { for (i = 1; i <= NF; i++) { n = split($i, part, ","); for (j = 1; j <= n; j++) {
        w = part[j]; sub(/[=\[].*/, "", w); if (w ~ /^--?[A-Za-z]/) print w } } }'
}

_ferry() {
  local cur=${COMP_WORDS[COMP_CWORD]} prog=${COMP_WORDS[0]}
  local -a cmd=("$prog")
  local i w
  # The subcommand path typed so far (words before the cursor that are not flags).
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    [[ $w == -* ]] && break
    [[ $w == *://* || $w == */* || $w == *.* ]] && break
    cmd+=("$w")
  done
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_ferry_words "${cmd[@]}" | grep -- '^-' | sort -u)" -- "$cur")
    return
  fi
  local subs
  subs=$(_ferry_words "${cmd[@]}" | grep -v -- '^-' | sort -u)
  if [[ -n $subs && ${#cmd[@]} -eq $COMP_CWORD ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur")
    return
  fi
  # Database URIs (no space after "scheme://"), plan files and directories.
  compopt -o nospace 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -W "sqlite:// postgres:// mysql:// duckdb:// csv:// jsonl:// parquet:// archive://" -- "$cur")
  mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
}
complete -o default -F _ferry ferry
