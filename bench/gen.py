#!/usr/bin/env python3
"""Generates the benchmark documents (all synthetic, deterministic for a given seed).

  gen.py --out DIR [--seed N] [--small 1000] [--large 200] [--large-min-kb 512] [--large-max-kb 2048]

DIR/small/   臨個票 2025 forms, valid against schemas/rinko-kojinhyo-2025/kojinhyo.xsd. They vary
             the valid samples: names, dates, numbers, the contact choice, 既往歴 count, optional
             elements; about one in ten is Shift_JIS with CRLF line ends, like the SJIS sample.
DIR/large/   clinical documents of 0.5-2 MB, valid against bench/clinical.xsd: a CDA-like shape
             (header, repeated sections, observations whose values carry xsi:type, nested
             entryRelationships), schema with an include cycle.

Every person, institution and number is invented.
"""

import argparse
import os
import random

FAMILY = [("佐藤", "サトウ", "sato"), ("鈴木", "スズキ", "suzuki"), ("高橋", "タカハシ", "takahashi"),
          ("田中", "タナカ", "tanaka"), ("伊藤", "イトウ", "ito"), ("渡辺", "ワタナベ", "watanabe"),
          ("山本", "ヤマモト", "yamamoto"), ("中村", "ナカムラ", "nakamura"), ("小林", "コバヤシ", "kobayashi"),
          ("加藤", "カトウ", "kato"), ("吉田", "ヨシダ", "yoshida"), ("山田", "ヤマダ", "yamada"),
          ("佐々木", "ササキ", "sasaki"), ("松本", "マツモト", "matsumoto"), ("井上", "イノウエ", "inoue"),
          ("木村", "キムラ", "kimura"), ("見本", "ミホン", "mihon"), ("架空", "カクウ", "kakuu")]
GIVEN = [("太郎", "タロウ", "taro", "1"), ("一郎", "イチロウ", "ichiro", "1"), ("健太", "ケンタ", "kenta", "1"),
         ("翔", "ショウ", "sho", "1"), ("大輔", "ダイスケ", "daisuke", "1"), ("誠", "マコト", "makoto", "1"),
         ("花子", "ハナコ", "hanako", "2"), ("恵子", "ケイコ", "keiko", "2"), ("陽子", "ヨウコ", "yoko", "2"),
         ("美咲", "ミサキ", "misaki", "2"), ("由美", "ユミ", "yumi", "2"), ("直美", "ナオミ", "naomi", "2")]
PREFS = ["東京都架空区", "埼玉県架空市", "神奈川県見本市", "大阪府試験市", "北海道架空郡見本町", "福岡県試験市"]
TOWNS = ["見本町", "試験町", "架空台", "模擬", "例示ヶ丘"]
DISEASES = [(6, "パーキンソン病"), (49, "全身性エリテマトーデス"), (11, "重症筋無力症"), (13, "多発性硬化症"),
            (96, "クローン病"), (97, "潰瘍性大腸炎"), (2, "筋萎縮性側索硬化症"), (51, "全身性強皮症")]
HISTORY = ["糖尿病", "高血圧症", "脂質異常症", "気管支喘息", "胃潰瘍", "骨粗鬆症", "白内障", "虫垂炎"]
HOSPITALS = ["見本総合病院", "架空市民病院", "試験大学医学部附属病院", "模擬記念病院", "例示クリニック"]


def digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def date(rng, y0, y1):
    y = rng.randint(y0, y1)
    m = rng.randint(1, 12)
    d = rng.randint(1, [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1])
    return f"{y:04d}-{m:02d}-{d:02d}"


def phone(rng):
    return rng.choice([f"0{digits(rng, 1)}-{digits(rng, 4)}-{digits(rng, 4)}", f"0{digits(rng, 2)}-{digits(rng, 3)}-{digits(rng, 4)}", "0" + digits(rng, 9)])


def address(rng):
    return f"{rng.choice(PREFS)}{rng.choice(TOWNS)}{rng.randint(1, 9)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"


def check_digit(body):
    """検証番号: weights 2-1 from the right, digits of the products added, 10 - last digit."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        p = int(ch) * (2 if i % 2 == 0 else 1)
        total += p // 10 + p % 10
    return str((10 - total % 10) % 10)


def with_check_digit(body):
    return body + check_digit(body)


ERAS = [("令和", "5", 2019, (5, 1)), ("平成", "4", 1989, (1, 8)), ("昭和", "3", 1926, (12, 25))]


def era_of(y, m, d=1):
    for name, code, start, (sm, sd) in ERAS:
        if (y, m, d) >= (start, sm, sd):
            return name, code, y - start + 1
    raise ValueError(y)


def wareki(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    name, _, year = era_of(y, m, d)
    return f"{name}{'元' if year == 1 else year}年{m}月{d}日"


def disease_blocks():
    """The disease-specific blocks of the valid 臨個票 samples, by 告示番号 (6, 49, 97)."""
    import re
    blocks = {}
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "valid")
    for name in sorted(os.listdir(folder)):
        if not name.startswith("kojinhyo-") or "sjis" in name:
            continue
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        kokuji = re.search(r"<告示番号>(\d+)</告示番号>\s*<疾病名>([^<]+)</疾病名>", text)
        block = re.search(r"\n( *)<(パーキンソン病|全身性エリテマトーデス|潰瘍性大腸炎)>.*?</\2>", text, re.S)
        if kokuji and block:
            blocks.setdefault(int(kokuji.group(1)), (kokuji.group(2), block.group(0).strip("\n")))
    assert sorted(blocks) == [6, 49, 97], sorted(blocks)
    return blocks


BLOCKS = None


def small_form(rng, i):
    """A 臨個票 2025 form that passes every check (XSD and domain) on 2025-06-01."""
    global BLOCKS
    BLOCKS = BLOCKS or disease_blocks()
    fam, given = rng.choice(FAMILY), rng.choice(GIVEN)
    doc_fam, doc_given = rng.choice(FAMILY), rng.choice(GIVEN)
    pref = rng.choice(["13", "11", "14", "27"])
    kubun = rng.choice("123")
    kisai = f"2025-{rng.randint(4, 5):02d}-{rng.randint(1, 28):02d}"
    birth = date(rng, 1930, 2005)
    out = ['<?xml version="1.0" encoding="{enc}"?>', "<!-- 合成データ（ベンチマーク用・架空） -->",
           '<臨個票 xmlns="urn:rinko:nanbyo:kojinhyo" 様式版="2025">', f"  <申請区分>{kubun}</申請区分>"]
    if kubun != "1":
        out.append(f"  <受給者番号>{with_check_digit(digits(rng, 6))}</受給者番号>")
    if rng.random() < 0.7:
        out.append(f"  <公費負担者番号>{with_check_digit('54' + pref + digits(rng, 3))}</公費負担者番号>")
    if rng.random() < 0.5:
        out.append(f"  <保険者番号>{with_check_digit('06' + pref + digits(rng, 3))}</保険者番号>")
    zip7 = digits(rng, 7)
    out += ["  <患者>", f"    <氏名>{fam[0]} {given[0]}</氏名>", f"    <氏名カナ>{fam[1]}　{given[1]}</氏名カナ>",
            f"    <生年月日>{birth}</生年月日>"]
    if rng.random() < 0.3:
        out.append(f"    <生年月日和暦>{wareki(birth)}</生年月日和暦>")
    out += [f"    <性別>{given[3]}</性別>",
            f"    <郵便番号>{zip7[:3] + '-' + zip7[3:] if rng.random() < 0.5 else zip7}</郵便番号>",
            f"    <住所>{address(rng)}</住所>"]
    r = rng.random()
    if r < 0.45:
        out.append(f"    <連絡先><電話番号>{phone(rng)}</電話番号></連絡先>")
    elif r < 0.9:
        out.append(f"    <連絡先><メールアドレス>{given[2]}.{fam[2]}{i}@example.com</メールアドレス></連絡先>")
    out.append("  </患者>")
    kokuji = rng.choice(sorted(BLOCKS))
    name, block = BLOCKS[kokuji]
    onset_y = rng.randint(max(int(birth[:4]) + 1, 1990), 2023)
    onset_m = rng.randint(1, 12)
    _, era_code, era_year = era_of(onset_y, onset_m, 28)
    diagnosed = f"{onset_y + 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    out += ["  <疾病>", f"    <告示番号>{kokuji}</告示番号>", f"    <疾病名>{name}</疾病名>",
            f"    <発症年月><元号>{era_code}</元号><年>{era_year}</年><月>{onset_m}</月></発症年月>",
            f"    <診断年月日>{diagnosed}</診断年月日>", block, "  </疾病>"]
    if rng.random() < 0.6:
        out.append("  <既往歴>")
        for _ in range(rng.randint(1, 10)):
            out += ["    <項目>", f"      <病名>{rng.choice(HISTORY)}</病名>"]
            if rng.random() < 0.6:
                out.append(f"      <発症年月>{rng.randint(1980, 2024)}-{rng.randint(1, 12):02d}</発症年月>")
            out.append("    </項目>")
        out.append("  </既往歴>")
    out += ["  <医療機関>", f"    <医療機関コード>{with_check_digit(pref + '1' + digits(rng, 6))}</医療機関コード>",
            f"    <名称>{rng.choice(HOSPITALS)}</名称>"]
    if rng.random() < 0.8:
        out.append(f"    <所在地>{address(rng)}</所在地>")
    if rng.random() < 0.5:
        out.append(f"    <電話番号>{phone(rng)}</電話番号>")
    out += ["  </医療機関>", "  <指定医>", f"    <指定医番号>{pref}{digits(rng, 8)}</指定医番号>",
            f"    <氏名>{doc_fam[0]} {doc_given[0]}</氏名>", "  </指定医>",
            f"  <記載日>{kisai}</記載日>", "</臨個票>", ""]
    if rng.random() < 0.1:
        return "\r\n".join(out).replace("{enc}", "Shift_JIS").encode("shift_jis")
    return "\n".join(out).replace("{enc}", "UTF-8").encode("utf-8")


LABS = [("2345-7", "血糖", "mg/dL", 70, 200), ("718-7", "ヘモグロビン", "g/dL", 8, 18), ("2160-0", "クレアチニン", "mg/dL", 0.4, 3.0),
        ("1742-6", "ALT", "U/L", 5, 120), ("2093-3", "総コレステロール", "mg/dL", 120, 320), ("8480-6", "収縮期血圧", "mm[Hg]", 90, 200)]
FINDINGS = [("F01", "発熱なし"), ("F02", "呼吸音清"), ("F03", "浮腫あり"), ("F04", "意識清明"), ("F05", "皮疹なし")]
NARRATIVE = ["経過は概ね良好である。", "前回受診時と比べて症状の変化は乏しい。", "服薬は継続しており副作用の訴えはない。",
             "検査値に軽度の異常を認めるため経過観察とする。", "生活指導を行い次回外来で再評価する。"]
OID = "1.2.392.200119.6"


def ts(rng, with_zone=True):
    s = f"{rng.randint(2015, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"
    return s + ("+0900" if with_zone else "")


def observation(rng, n, depth=0):
    ind = "  " * (6 + depth * 2)
    kind = rng.random()
    lines = [f'{ind}<observation classCode="OBS" moodCode="EVN">', f'{ind}  <id root="{OID}.102" extension="OBS{n:07d}"/>']
    if kind < 0.55:
        code, name, unit, lo, hi = rng.choice(LABS)
        value = f"{rng.uniform(lo, hi):.1f}"
        lines += [f'{ind}  <code code="{code}" codeSystem="2.16.840.1.113883.6.1" displayName="{name}"/>',
                  f'{ind}  <statusCode code="completed"/>',
                  f'{ind}  <effectiveTime><low value="{ts(rng)}"/><high value="{ts(rng)}"/></effectiveTime>',
                  f'{ind}  <value xsi:type="PQ" value="{value}" unit="{unit}"/>',
                  f'{ind}  <interpretationCode code="{rng.choice("NHL")}" codeSystem="2.16.840.1.113883.5.83"/>',
                  f'{ind}  <referenceRange><observationRange><value xsi:type="IVL_PQ"><low value="{lo}" unit="{unit}"/><high value="{hi}" unit="{unit}"/></value></observationRange></referenceRange>']
    elif kind < 0.8:
        code, name = rng.choice(FINDINGS)
        lines += [f'{ind}  <code code="{code}" codeSystem="{OID}.9" displayName="所見"/>',
                  f'{ind}  <statusCode code="completed"/>',
                  f'{ind}  <effectiveTime value="{ts(rng)}"/>',
                  f'{ind}  <value xsi:type="CD" code="{code}" codeSystem="{OID}.9" displayName="{name}"><originalText>{name}</originalText></value>']
    elif kind < 0.9:
        lines += [f'{ind}  <code code="N01" codeSystem="{OID}.9" displayName="メモ"/>', f'{ind}  <statusCode code="completed"/>',
                  f'{ind}  <effectiveTime value="{ts(rng, False)[:8]}"/>',
                  f'{ind}  <value xsi:type="ST">{rng.choice(NARRATIVE)}</value>']
    elif kind < 0.95:
        lines += [f'{ind}  <code code="B01" codeSystem="{OID}.9" displayName="喫煙"/>', f'{ind}  <statusCode code="completed"/>',
                  f'{ind}  <effectiveTime value="{ts(rng)}"/>', f'{ind}  <value xsi:type="BL" value="{rng.choice(["true", "false"])}"/>']
    else:
        lines += [f'{ind}  <code code="C01" codeSystem="{OID}.9" displayName="回数"/>', f'{ind}  <statusCode code="completed"/>',
                  f'{ind}  <effectiveTime value="{ts(rng)}"/>', f'{ind}  <value xsi:type="INT" value="{rng.randint(0, 30)}"/>']
    if depth == 0 and rng.random() < 0.3:
        lines.append(f'{ind}  <entryRelationship typeCode="COMP">')
        lines += observation(rng, n * 10 + 1, depth + 1)
        lines.append(f'{ind}  </entryRelationship>')
    lines.append(f"{ind}</observation>")
    return lines


def large_doc(rng, i, target_bytes):
    fam, given = rng.choice(FAMILY), rng.choice(GIVEN)
    head = ['<?xml version="1.0" encoding="UTF-8"?>', "<!-- 合成データ（ベンチマーク用・架空の診療文書） -->",
            '<ClinicalDocument xmlns="urn:rinko:bench:cda" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
            f'  <id root="{OID}.100" extension="DOC{i:06d}"/>',
            f'  <code code="57133-1" codeSystem="2.16.840.1.113883.6.1" displayName="診療情報提供書"/>',
            "  <title>診療情報提供書（合成）</title>", f'  <effectiveTime value="{ts(rng)}"/>',
            '  <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>',
            "  <recordTarget>", "    <patientRole>", f'      <id root="{OID}.101" extension="P{digits(rng, 8)}"/>',
            "      <patient>", f"        <name><family>{fam[0]}</family><given>{given[0]}</given></name>",
            f'        <administrativeGenderCode code="{"M" if given[3] == "1" else "F"}" codeSystem="2.16.840.1.113883.5.1"/>',
            f'        <birthTime value="{date(rng, 1930, 2020).replace("-", "")}"/>', "      </patient>", "    </patientRole>", "  </recordTarget>",
            "  <author>", f'    <time value="{ts(rng)}"/>', "    <assignedAuthor>", f'      <id root="{OID}.30" extension="{digits(rng, 10)}"/>',
            f"      <name><family>{rng.choice(FAMILY)[0]}</family><given>{rng.choice(GIVEN)[0]}</given></name>", "    </assignedAuthor>", "  </author>",
            "  <component>", "    <structuredBody>"]
    tail = ["    </structuredBody>", "  </component>", "</ClinicalDocument>", ""]
    body, size, n, s = [], sum(len(x.encode()) + 1 for x in head + tail), 0, 0
    while size < target_bytes:
        s += 1
        sec = ["      <component>", "        <section>", f'          <code code="S{s:03d}" codeSystem="{OID}.8" displayName="検査結果"/>',
               f"          <title>検査結果 {s}</title>",
               f"          <text><paragraph>{rng.choice(NARRATIVE)}<content>{rng.choice(NARRATIVE)}</content></paragraph></text>"]
        for _ in range(rng.randint(20, 60)):
            n += 1
            sec.append("          <entry>")
            sec += ["  " + line for line in observation(rng, n)]
            sec.append("          </entry>")
        sec += ["        </section>", "      </component>"]
        body += sec
        size += sum(len(x.encode()) + 1 for x in sec)
    return "\n".join(head + body + tail).encode("utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20250401)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=200)
    ap.add_argument("--large-min-kb", type=int, default=512)
    ap.add_argument("--large-max-kb", type=int, default=2048)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    small = os.path.join(a.out, "small")
    large = os.path.join(a.out, "large")
    os.makedirs(small, exist_ok=True)
    os.makedirs(large, exist_ok=True)
    for i in range(1, a.small + 1):
        with open(os.path.join(small, f"k{i:05d}.xml"), "wb") as f:
            f.write(small_form(rng, i))
    for i in range(1, a.large + 1):
        target = rng.randint(a.large_min_kb, a.large_max_kb) * 1024
        with open(os.path.join(large, f"c{i:04d}.xml"), "wb") as f:
            f.write(large_doc(rng, i, target))


if __name__ == "__main__":
    main()
