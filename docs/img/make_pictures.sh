#!/bin/sh
# The pictures of docs/img/ the README shows: the first page of the D12
# appendix and of the D12 report for March 2012 (DOCX and XLSX), as
# LibreOffice prints them: soffice converts each file to PDF, pdftoppm draws
# the PDF's first page as a PNG.  (The workbench picture is made by
# workbench_screenshot.py.)
#
# Needs LibreOffice and poppler (not needed by xinxi or its tests):
#   apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk
# Run from the repository's top, with xinxi installed:  sh docs/img/make_pictures.sh
# The offices' fonts (仿宋_GB2312, 方正小标宋简体, 黑体) are not free to install
# here: LibreOffice falls back to Noto CJK, so the pictures show that font.
set -eu
out=docs/img
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D12="regulations/D12.xinxi"
LEDGER="examples/D12-2012Q1.csv"
xinxi render "$D12" --format docx -o "$tmp/D12-appendix.docx" >/dev/null 2>&1
xinxi report "$D12" "$LEDGER" --month 2012-03 --format docx -o "$tmp/D12-report-docx.docx" \
    --office 达州市人民政府办公室 --number 达市府办〔2012〕15号 --issued 2012-04-05 >/dev/null 2>&1
xinxi report "$D12" "$LEDGER" --month 2012-03 --format xlsx -o "$tmp/D12-report-xlsx.xlsx" >/dev/null 2>&1
for f in "$tmp"/*.docx "$tmp"/*.xlsx; do
  soffice --headless --convert-to pdf --outdir "$tmp" "$f" >/dev/null 2>&1
done
for f in "$tmp"/*.pdf; do
  name=$(basename "$f" .pdf)
  echo "$name: $(pdfinfo "$f" | sed -n 's/^Pages: *//p') pages"
  pdftoppm -png -r 72 -f 1 -l 1 -singlefile "$f" "$out/$name"
done
