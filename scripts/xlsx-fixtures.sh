#!/usr/bin/env bash
# Rebuilds tests/batch/xlsx/*.xlsx, the Excel twins of CSV batch fixtures,
# with an independent tool: LibreOffice (Debian's libreoffice-calc, see
# scripts/setup.sh). Numbers and dates become typed cells as LibreOffice
# reads them from the CSV (comma separated, UTF-8). The files are committed;
# `cargo test --test batch` checks they answer like their CSV twins.
#
#   bash scripts/xlsx-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "soffice missing: apt-get install -y libreoffice-calc" >&2; exit 1; }
out=tests/batch/xlsx
mkdir -p "$out"
for f in utf8 utf8_bom_zh regions_as_columns bad_types contradictory_facts duplicate_columns header_only misspelt_column no_fact_columns no_fact_columns_semicolons no_region_column other_region too_many_fields; do
  # 44 = comma, 34 = double quote, 76 = UTF-8, 1 = start at line 1.
  soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$out" "tests/batch/$f.csv" >/dev/null
done
ls -l "$out"
