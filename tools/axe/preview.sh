#!/usr/bin/env bash
# The live preview in headless Chromium: save a chapter 10 times, measure save → new text in the
# page (tools/axe/README.md). Works on a scratch copy of the inputs folder; nothing is written
# into INPUTS.
#
#   tools/axe/preview.sh [--inputs inputs] [--saves 10] [--json FILE] [--target-ms 1000] [--chapter NAME]
#
# Exit status: 0 median within the target, 1 over it or a save never seen, 2 set-up or usage error.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

INPUTS="inputs"
PASS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --inputs) INPUTS="$2"; shift 2 ;;
        --saves|--json|--target-ms|--chapter) PASS+=("$1" "$2"); shift 2 ;;
        *) die "okänt argument $1 (användning: tools/axe/preview.sh [--inputs MAPP] [--saves 10] [--json FIL])" ;;
    esac
done
[ -f "$INPUTS/programme.toml" ] || die "$INPUTS: ingen indatamapp (programme.toml saknas)."
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || die "$PYTHON saknas. Bygg miljön först (make .venv/.installed)."
export PYTHON

SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
cp -r "$INPUTS" "$SCRATCH/inputs"
chmod -R u+w "$SCRATCH/inputs"
# A generated programme (pipeline sample, make bench) has no chapters of its own: it gets the
# sample's, as an analyst would start from them.
if [ ! -d "$SCRATCH/inputs/text" ]; then
    echo "axe: $INPUTS har inga kapitel (text/); använder exemplets, $ROOT/inputs/text" >&2
    cp -r "$ROOT/inputs/text" "$SCRATCH/inputs/text"
fi
cp "$HERE/preview.mjs" "$CACHE/preview.mjs"
# The preview runs from the checkout, as `python -m pipeline` does for make.
cd "$ROOT"
node "$CACHE/preview.mjs" --inputs "$SCRATCH/inputs" --outputs "$SCRATCH/outputs" "${PASS[@]}"
