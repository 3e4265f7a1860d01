#!/bin/sh
# Cross-check the samples against the default schema sets with xmllint (libxml2-utils).
# Each line of the table: file | schema set to use | expected outcome | text the xmllint output must contain.
# Outcomes: valid, xsd (schema validity error), parse (not well-formed / encoding error),
# route (Rinko must refuse before validation: no set claims the file), policy (xmllint accepts it; Rinko must refuse),
# domain (XSD-valid, so xmllint accepts it; Rinko's domain checks of checks.toml report it: CODE, CHAR, DIGIT, DATE, RULE).
# Usage: sh samples/check-with-xmllint.sh   (from the repository root or from samples/)
self=$(basename "$0")
cd "$(dirname "$0")" || exit 2
S=../schemas
fail=0
while IFS='|' read -r file set outcome expect; do
  [ -z "$file" ] && continue
  case "$set" in
    kojinhyo-2023) xsd=$S/rinko-kojinhyo-2023/kojinhyo.xsd ;;
    kojinhyo-2025) xsd=$S/rinko-kojinhyo-2025/kojinhyo.xsd ;;
    ikensho-2025)  xsd=$S/rinko-ikensho-2025/ikensho.xsd ;;
  esac
  out=$(xmllint --noout --schema "$xsd" "$file" 2>&1); rc=$?
  nerr=$(printf '%s\n' "$out" | grep -c 'Schemas validity error')
  ok=yes
  case "$outcome" in
    valid|policy|domain) [ $rc -eq 0 ] || ok=no ;;
    xsd|route)    [ $rc -eq 3 ] && [ "$nerr" -eq 1 ] || ok=no ;;
    parse)        [ $rc -ne 0 ] && [ "$nerr" -eq 0 ] || ok=no ;;
  esac
  if [ -n "$expect" ]; then printf '%s' "$out" | grep -qF -- "$expect" || ok=no; fi
  if [ $ok = yes ]; then echo "ok    $outcome  $file"; else echo "FAIL  $outcome  $file"; printf '%s\n' "$out"; fail=1; fi
done <<'TABLE'
valid/kojinhyo-2023-shinki.xml|kojinhyo-2023|valid|validates
valid/kojinhyo-2023-yubin-nashi.xml|kojinhyo-2023|valid|validates
valid/kojinhyo-2025-koushin.xml|kojinhyo-2025|valid|validates
valid/kojinhyo-2025-henkou.xml|kojinhyo-2025|valid|validates
valid/kojinhyo-2025-sjis.xml|kojinhyo-2025|valid|validates
valid/ikensho-2025.xml|ikensho-2025|valid|validates
valid/ikensho-2025-utf16.xml|ikensho-2025|valid|validates
valid/ikensho-2025-teishinchou.xml|ikensho-2025|valid|validates
invalid/kojinhyo-2025-kana-hankaku.xml|kojinhyo-2025|xsd|is not accepted by the pattern '[ァ-ヶー　]+'
invalid/ikensho-2025-seinengappi-2024-02-30.xml|ikensho-2025|xsd|'2024-02-30' is not a valid value of the atomic type 'xs:date'
invalid/kojinhyo-2025-shimei-nashi.xml|kojinhyo-2025|xsd|Expected is ( {urn:rinko:nanbyo:kojinhyo}氏名 )
invalid/kojinhyo-2023-seibetsu-3.xml|kojinhyo-2023|xsd|The value '3' is not an element of the set {'1', '2'}
invalid/ikensho-2025-iryokikan-code-9keta.xml|ikensho-2025|xsd|The value '141234567' is not accepted by the pattern '[0-9]{10}'
invalid/kojinhyo-2025-junban-chigai.xml|kojinhyo-2025|xsd|生年月日': This element is not expected. Expected is ( {urn:rinko:nanbyo:kojinhyo}氏名カナ )
invalid/kojinhyo-2025-michi-youso.xml|kojinhyo-2025|xsd|血液型': This element is not expected
invalid/kojinhyo-2023-2025-youso.xml|kojinhyo-2023|xsd|電話番号': This element is not expected
invalid/kojinhyo-2025-yubin-nashi.xml|kojinhyo-2025|xsd|Expected is ( {urn:rinko:nanbyo:kojinhyo}郵便番号 )
invalid/kojinhyo-2023-shinseikubun-3.xml|kojinhyo-2023|xsd|申請区分': [facet 'enumeration'] The value '3'
invalid/kojinhyo-2025-kokuji-401.xml|kojinhyo-2025|xsd|[facet 'maxInclusive'] The value '401'
invalid/kojinhyo-2025-kioureki-11ken.xml|kojinhyo-2025|xsd|項目': This element is not expected
invalid/root-michi-seikyusho.xml|kojinhyo-2025|route|No matching global declaration available for the validation root
invalid/kojinhyo-yoshikiban-2019.xml|kojinhyo-2025|route|does not match the fixed value constraint '2025'
invalid/not-well-formed-tojitag-nashi.xml|kojinhyo-2025|parse|Opening and ending tag mismatch: 住所
invalid/doctype.xml|kojinhyo-2025|policy|validates
invalid/sjis-sengen-utf8-bytes.xml|kojinhyo-2025|parse|input conversion failed
invalid/kojinhyo-2025-jukyusha-kenshou-chigai.xml|kojinhyo-2025|domain|validates
invalid/ikensho-2025-iryokikan-kenshou-chigai.xml|ikensho-2025|domain|validates
invalid/kojinhyo-2025-hokensha-kenshou-chigai.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-jusho-hankaku-kana.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-shimei-gaiji-pua.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-jusho-maru-suuji.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-shimei-hashigo-daka.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-jusho-seigyo-moji.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-shimei-ivs.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-shimei-tsuchiyoshi.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-kokuji-400.xml|kojinhyo-2025|domain|validates
invalid/ikensho-2025-shippei-code-haishi.xml|ikensho-2025|domain|validates
invalid/kojinhyo-2025-kisaibi-mirai.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2023-wareki-fuitchi.xml|kojinhyo-2023|domain|validates
invalid/kojinhyo-2025-heisei31-5gatsu.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-reiwa6-2gatsu30.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-shindanbi-seinengappi-mae.xml|kojinhyo-2025|domain|validates
invalid/ikensho-2025-shinki-19sai.xml|ikensho-2025|domain|validates
invalid/kojinhyo-2025-koushin-jukyusha-nashi.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-shinki-jukyusha-ari.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-kouhi-52.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-kokuji-6-sle.xml|kojinhyo-2025|domain|validates
invalid/kojinhyo-2025-kokuji-2-kobetsu-nashi.xml|kojinhyo-2025|domain|validates
TABLE
# Every sample file must be in the table above.
for f in valid/*.xml invalid/*.xml; do
  grep -qF "$f|" "$self" || { echo "FAIL  not in table: $f"; fail=1; }
done
# The XSDs themselves must load without any message.
for x in $S/*/*.xsd; do
  case "$x" in */common.xsd) continue ;; esac
  msg=$(printf '<x/>' | xmllint --noout --schema "$x" - 2>&1 | grep -v 'No matching global declaration\|fails to validate')
  if [ -n "$msg" ]; then echo "FAIL  schema load: $x"; printf '%s\n' "$msg"; fail=1; else echo "ok    loads  $x"; fi
done
exit $fail
