#!/usr/bin/env bash
# README quick start, command 1: install what is missing, build everything, run the demo.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/build.sh"
echo
"$root/build/native-tests/fusecanon_demo"
