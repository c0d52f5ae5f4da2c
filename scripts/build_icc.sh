#!/usr/bin/env bash
# Build the coldset-newsprint output profile committed as color/Newsprint-TR002-240.icc.
#
# No newsprint ICC profile is packaged in Debian, but icc-profiles-free ships the TR002
# characterisation data (coldset newsprint, SNAP/IDEAlliance), from which ArgyllCMS builds a real
# printer profile: medium-quality LUT (-qm), maximum black generation (-k x: heavy grey-component
# replacement, K carries the neutrals as newspaper profiles do), total ink limited to
# 240 % (-l 240) with black limited to 95 % (-L 95), gamut mapped from sRGB (-S).
# Needs: apt-get install icc-profiles-free argyll      Takes 2–3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
cp /usr/share/color/icc/TR002.ti3 "$work/TR002.ti3"
(cd "$work" && colprof -qm -k x -l 240 -L 95 -S /usr/share/color/icc/sRGB.icc \
    -A "pagesetter" -D "Coldset newsprint (TR002), TAC 240%" -C "Built from icc-profiles-free TR002 data; see color/README.md" TR002)
cp "$work/TR002.icc" color/Newsprint-TR002-240.icc
sha256sum color/Newsprint-TR002-240.icc
