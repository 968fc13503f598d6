#!/usr/bin/env bash
# Includes point down the stages: in veracross_plugin/src and host_stub/src
# each folder's README.md has a line "Uses: a, b" naming the folders (and
# sis_plugin.h, the C ABI header) its files may include besides their own.
# Fails, naming file and line, on an include that points elsewhere, and on
# a bare include of a file that lives in a stage folder (name the stage).
# Usage: include_layers.sh REPO_ROOT
set -euo pipefail
root=$1
failures=0
fail() { echo "$1" >&2; failures=$((failures + 1)); }

check_part() { # PART_DIR HELPER_PREFIX (a folder of plugin_api always allowed, or "")
  local part=$1 helper=$2 folder name uses line file included first
  local -a folders=()
  for folder in "$part"/*/; do folders+=("$(basename "$folder")"); done
  for name in "${folders[@]}"; do
    folder="$part/$name"
    if [ ! -f "$folder/README.md" ]; then
      fail "$folder: no README.md saying what the folder does and what it uses"
      continue
    fi
    line=$(grep -m1 '^Uses: ' "$folder/README.md" || true)
    if [ -z "$line" ]; then
      fail "$folder/README.md: no 'Uses: ...' line (write 'Uses: nothing' for none)"
      continue
    fi
    uses=" $(echo "${line#Uses: }" | tr ',' ' ') "
    while IFS=: read -r file lineno included; do
      [ -n "$file" ] || continue
      included=${included#*\"}; included=${included%%\"*}
      first=${included%%/*}
      if [ "$included" = "sis_plugin.h" ]; then
        [[ $uses == *" sis_plugin.h "* ]] ||
          fail "$file:$lineno: includes sis_plugin.h, which $name/README.md does not allow"
      elif [ "$first" != "$included" ]; then
        [ -n "$helper" ] && [ "$first" = "$helper" ] && continue
        if [[ " ${folders[*]} " == *" $first "* ]]; then
          [ "$first" = "$name" ] || [[ $uses == *" $first "* ]] ||
            fail "$file:$lineno: $name/ includes $included, but $name/README.md allows only: $(echo $uses)"
        fi
      else
        for other in "${folders[@]}"; do
          [ -f "$part/$other/$included" ] &&
            fail "$file:$lineno: include \"$other/$included\", naming its stage"
        done
      fi
    done < <(grep -Hn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$folder"/*.[ch]* 2>/dev/null || true)
  done
  for file in "$part"/*.[ch]*; do
    [ -e "$file" ] && fail "$file: every source lives in a stage folder"
  done
  return 0
}

check_part "$root/veracross_plugin/src" ""
check_part "$root/host_stub/src" "sis_host"
if (( failures > 0 )); then
  echo "$failures include(s) point the wrong way: each folder's README.md says what it may use" >&2
  exit 1
fi
echo "every include points down the stages"
