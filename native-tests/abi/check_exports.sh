#!/bin/sh
# Checks the dynamic symbol table of libfusecanon.so against the ABI rules:
#  - the SONAME is the versioned one;
#  - every defined dynamic symbol is a fusecanon_* function, except the ELF version node (an absolute
#    symbol the linker emits for symbol versioning, e.g. "V1.0");
#  - every function declared in the header is exported, and every export is declared in the header.
set -eu
lib=$1 header=$2 soname=$3
fail=0
actual_soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
[ "$actual_soname" = "$soname" ] || { echo "SONAME is '$actual_soname', expected '$soname'"; fail=1; }

nm -D --defined-only "$lib" | while read -r _addr type name; do
  name=${name%%@*}
  case "$type:$name" in
    T:fusecanon_*) ;;
    A:*) ;;
    *) echo "unexpected export: $type $name"; exit 1 ;;
  esac
done || fail=1

exports=$(nm -D --defined-only "$lib" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort -u)
# Functions the header declares: preprocess (comments gone), drop the bodies of static inline helpers
# (they are not exports), split into statements and keep the non-static ones that declare fusecanon_*.
cc=${CC:-cc}
declared=$("$cc" -E -P -x c "$header" |
  awk '{ for (i = 1; i <= length($0); i++) { c = substr($0, i, 1);
           if (c == "{") { if (depth++ == 0) printf ";"; continue }
           if (c == "}") { depth--; continue }
           if (depth == 0) printf "%s", c } printf " " }' |
  tr ';' '\n' | grep -v '\bstatic\b' | grep -oE '\bfusecanon_[a-z0-9_]+[[:space:]]*\(' |
  sed 's/[[:space:]]*($//' | sort -u)
for f in $declared; do
  printf '%s\n' "$exports" | grep -qx "$f" || { echo "declared in header but not exported: $f"; fail=1; }
done
for f in $exports; do
  printf '%s\n' "$declared" | grep -qx "$f" || { echo "exported but not declared in header: $f"; fail=1; }
done
[ "$fail" = 0 ] && echo "ok: $(printf '%s\n' "$exports" | wc -l) exports, SONAME $actual_soname"
exit $fail
