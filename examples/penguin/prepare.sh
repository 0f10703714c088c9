#!/usr/bin/env bash
# Makes examples/penguin/data/penguins.csv from the Palmer penguins CSV that Debian's
# r-cran-palmerpenguins package ships (CC0; hack/install-deps.sh installs it), in the shape of
# TFX's penguin example: the label `species` as 0 (Adelie), 1 (Chinstrap), 2 (Gentoo), then
# culmen (bill) length and depth, flipper length and body mass under TFX's column names. Rows
# missing any of these are dropped (2 of 344). Unlike TFX's penguins_processed.csv the
# measurements are kept as measured, not scaled to [0, 1].
#
#   examples/penguin/prepare.sh          rewrites data/penguins.csv
#   examples/penguin/prepare.sh --check  fails if data/penguins.csv differs from what it makes
set -euo pipefail
cd "$(dirname "$0")"

source_csv=/usr/lib/R/site-library/palmerpenguins/extdata/penguins.csv
if [[ ! -f $source_csv ]]; then
  echo "prepare.sh: $source_csv is missing; run hack/install-deps.sh (r-cran-palmerpenguins)" >&2
  exit 1
fi

expected_header=species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year
if [[ $(head -n 1 "$source_csv") != "$expected_header" ]]; then
  echo "prepare.sh: $source_csv has an unexpected header: $(head -n 1 "$source_csv")" >&2
  exit 1
fi

prepared=$(mktemp)
trap 'rm -f "$prepared"' EXIT
LC_ALL=C awk -F, '
  BEGIN {
    OFS = ","
    label["Adelie"] = 0; label["Chinstrap"] = 1; label["Gentoo"] = 2
    print "species", "culmen_length_mm", "culmen_depth_mm", "flipper_length_mm", "body_mass_g"
  }
  NR == 1 { next }
  {
    if (!($1 in label)) { printf "prepare.sh: line %d: unknown species %s\n", NR, $1 > "/dev/stderr"; exit 1 }
    for (i = 3; i <= 6; i++) if ($i == "NA" || $i == "") next
    print label[$1], $3, $4, $5, $6
  }' "$source_csv" >"$prepared"

if [[ ${1:-} == --check ]]; then
  if ! cmp -s "$prepared" data/penguins.csv; then
    echo "prepare.sh: data/penguins.csv differs from what $source_csv gives; run prepare.sh" >&2
    exit 1
  fi
  echo "prepare.sh: data/penguins.csv is current ($(($(wc -l <"$prepared") - 1)) rows)"
  exit 0
fi
mkdir -p data
cat "$prepared" >data/penguins.csv
echo "prepare.sh: wrote data/penguins.csv ($(($(wc -l <"$prepared") - 1)) rows)"
