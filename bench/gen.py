#!/usr/bin/env python3
"""Generates the benchmark documents (all synthetic, deterministic for a given seed).

  gen.py --out DIR [--seed N] [--small 1000] [--large 300] [--large-kb 30]

DIR/small/   臨個票 2025 forms, valid against schemas/rinko-kojinhyo-2025/kojinhyo.xsd. They vary
             the valid samples: names, dates, numbers, the contact choice, 既往歴 count, optional
             elements; about one in ten is Shift_JIS with CRLF line ends, like the SJIS sample.
DIR/cda-set/ the large schema set: bench/cda/*.xsd and its generated vocabulary voc.xsd (7,760
             enumeration values in 425 domains, 3,426 of them documented; about 1 MB).
DIR/large/   health-check documents of about 35 KB (--large-kb, then the section that passes it),
             valid against DIR/cda-set/cda.xsd: a CDA-like shape (header, sections, observations
             coded from the vocabulary whose values carry xsi:type, nested entryRelationships, an
             extension namespace).

Every person, institution and number is invented.
"""

import argparse
import os
import random
import shutil

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


NARRATIVE = ["経過は概ね良好である。", "前回受診時と比べて症状の変化は乏しい。", "服薬は継続しており副作用の訴えはない。",
             "検査値に軽度の異常を認めるため経過観察とする。", "生活指導を行い次回外来で再評価する。"]
OID = "1.2.392.200119.6"


def ts(rng, with_zone=True):
    s = f"{rng.randint(2015, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"
    return s + ("+0900" if with_zone else "")


# The vocabulary of the large schema set (bench/cda/): fixed, whatever the documents' seed, so that
# voc.xsd and the documents agree. HL7-style domains: unions of sub-domains, and enumerations
# whose values are bare or documented (a Japanese name, then an English line; `voc_xsd`).
VOCAB_SEED = 3
FIXED_DOMAINS = {
    "NullFlavor": ["NI", "UNK", "ASKU", "NAV", "NASK", "NA", "MSK", "OTH", "PINF", "NINF"],
    "BinaryDataEncoding": ["B64", "TXT"],
    "TelecommunicationAddressUse": ["H", "HP", "HV", "WP", "AS", "EC", "MC", "PG"],
    "EntityNamePartQualifier": ["AC", "AD", "BR", "CL", "IN", "LS", "NB", "PR", "SP", "TITLE", "VV", "IDE", "SYL", "ABC"],
    "EntityNameUse": ["C", "I", "L", "P", "A", "R", "ABC", "IDE", "SYL", "SRCH", "PHON", "SNDX"],
    "PostalAddressUse": ["PHYS", "PST", "TMP", "BAD", "H", "HP", "HV", "WP", "DIR", "PUB", "CONF"],
    "ParticipationType": ["AUT", "CST", "RCT", "PRF", "SBJ", "ENT", "INF", "LA", "DIST", "AUTHEN"],
    "ContextControl": ["AN", "AP", "ON", "OP"],
    "RoleClassPatient": ["PAT"],
    "RoleClassAssignedEntity": ["ASSIGNED"],
    "EntityClass": ["PSN", "ANM", "LIV", "NLIV", "MAT", "CHEM", "FOOD", "ENT"],
    "EntityClassOrganization": ["ORG", "PUB", "STATE", "NAT"],
    "EntityDeterminer": ["INSTANCE", "KIND", "QUANTIFIED_KIND"],
    "ActClassObservation": ["OBS", "CNOD", "CLNTRL", "ALRT", "BATTERY", "COND", "DGIMG", "GEN", "GENE", "INVSTG", "LOC", "SPCOBS"],
    "ActClassClinicalDocument": ["DOCCLIN", "CDALVLONE"],
    "ActClassOrganizer": ["ORGANIZER", "CATEGORY", "DOCBODY", "DOCSECT", "TOPIC", "CLUSTER"],
    "ActClassRoot": ["ACT", "ACCM", "ACCT", "ACSN", "ADJUD", "CONS", "CONTREG", "CTTEVENT", "DISPACT", "ENC", "INC", "INFRM", "INVE", "LIST", "MPROT", "PCPR", "PROC", "REG", "REV", "SBADM", "SPCTRT", "SUBST", "TRNS", "VERIF", "XACT"],
    "ActMood": ["EVN", "INT", "APT", "ARQ", "DEF", "PRMS", "PRP", "RQO", "SLOT", "EVN.CRT", "GOL", "RSK", "OPT"],
    "x_ActMoodDocumentObservation": ["EVN", "INT", "DEF", "PRP", "GOL", "RQO", "APT", "ARQ", "PRMS"],
    "ActRelationshipEntry": ["COMP", "DRIV"],
    "x_ActRelationshipEntryRelationship": ["XCRPT", "COMP", "RSON", "SPRT", "CAUS", "GEVL", "MFST", "REFR", "SAS", "SUBJ"],
    "ObservationInterpretation": ["N", "H", "L", "HH", "LL", "A", "AA", ">", "<", "B", "W", "U", "D", "I", "MS", "R", "S", "VS"],
}
UNIONS = {
    "ActClass": ["ActClassObservation", "ActClassClinicalDocument", "ActClassOrganizer", "ActClassRoot"],
    "ActRelationshipType": ["ActRelationshipEntry", "x_ActRelationshipEntryRelationship"],
}
KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
JA_WORDS = ["血清", "尿", "全血", "血漿", "定量", "定性", "比色法", "酵素法", "免疫法", "沈渣", "蛋白", "糖", "脂質",
            "肝機能", "腎機能", "貧血", "炎症", "電解質", "凝固", "腫瘍マーカー", "抗体", "抗原", "負荷後", "空腹時"]


def vocabulary():
    """(domains, observation items): every enumeration of voc.xsd with its values' meanings."""
    rng = random.Random(VOCAB_SEED)
    domains = {name: [(v, f"{name} {v}", f"{v} in {name}") for v in values] for name, values in FIXED_DOMAINS.items()}
    items = []
    for n in range(2000):
        code = f"{rng.randint(1, 9)}{rng.choice('ABCDEFGHJKLMN')}{n:03d}{digits(rng, 12)}"[:17]
        name = "".join(rng.sample(JA_WORDS, 2)) + "".join(rng.choice(KANA) for _ in range(rng.randint(2, 5)))
        items.append((code, name, f"Observation item {n} ({rng.choice(['serum', 'urine', 'whole blood', 'plasma'])})"))
    domains["ObservationItem"] = items
    for d in range(400):
        values = []
        for k in range(rng.randint(8, 20)):
            v = f"D{d:03d}{k:02d}{rng.choice(KANA)}"
            values.append((v, f"区分{d}の{rng.choice(JA_WORDS)}{rng.choice(KANA)}{rng.choice(KANA)}",
                           f"Concept {k} of the domain {d}: a {rng.choice(['specialisation', 'grouping', 'abstract concept'])}"))
        domains[f"VocabularyDomain{d:03d}"] = values
    return domains


def voc_xsd(domains):
    """voc.xsd as HL7 schema sets write it: no target namespace (a chameleon include), unions of
    named domains and of anonymous enumerations, most values bare (`<xs:enumeration value="X"/>`),
    the national code list's values each documented."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           "<!-- Benchmark vocabulary (synthetic, generated by bench/gen.py; every code invented). -->",
           '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">']
    for name, members in UNIONS.items():
        out += [f'  <xs:simpleType name="{name}">',
                f"    <xs:annotation><xs:documentation>abstDomain: {name} (union of {len(members)} domains)</xs:documentation></xs:annotation>",
                f'    <xs:union memberTypes="{" ".join(members)}">',
                '      <xs:simpleType><xs:restriction base="cs">']
        out += [f'        <xs:enumeration value="{name[:3].upper()}{k}"/>' for k in range(4)]
        out += ["      </xs:restriction></xs:simpleType>", "    </xs:union>", "  </xs:simpleType>"]
    for n, (name, values) in enumerate(domains.items()):
        documented = name == "ObservationItem" or n % 4 == 0
        out += [f'  <xs:simpleType name="{name}">',
                f"    <xs:annotation><xs:documentation>vocSet: D{10000 + n} (C-0-D{10000 + n}-cpt)</xs:documentation></xs:annotation>",
                '    <xs:restriction base="cs">']
        for value, ja, en in values:
            if documented:
                out += [f'      <xs:enumeration value="{escape(value)}">',
                        f"        <xs:annotation><xs:documentation>{escape(ja)}\n          {escape(en)}</xs:documentation></xs:annotation>",
                        "      </xs:enumeration>"]
            else:
                out.append(f'      <xs:enumeration value="{escape(value)}"/>')
        out += ["    </xs:restriction>", "  </xs:simpleType>"]
    out += ["</xs:schema>", ""]
    return "\n".join(out).encode("utf-8")


def escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def cda_value(rng, unit_rng):
    kind = rng.random()
    if kind < 0.45:
        lo, hi = sorted((round(unit_rng.uniform(0, 50), 1), round(unit_rng.uniform(50, 300), 1)))
        return f'<value xsi:type="PQ" value="{rng.uniform(lo, hi):.1f}" unit="{rng.choice(["mg/dL", "g/dL", "U/L", "%", "mm[Hg]", "kg"])}"/>', (lo, hi)
    if kind < 0.65:
        return f'<value xsi:type="CD" code="{rng.choice(["1", "2", "3"])}" codeSystem="{OID}.9.{rng.randint(1, 40)}" displayName="{rng.choice(["所見なし", "所見あり", "要再検"])}"/>', None
    if kind < 0.75:
        return f'<value xsi:type="ST">{rng.choice(NARRATIVE)}</value>', None
    if kind < 0.85:
        return f'<value xsi:type="IVL_PQ"><low value="{rng.randint(0, 80)}" unit="mg/dL"/><high value="{rng.randint(81, 200)}" unit="mg/dL"/></value>', None
    if kind < 0.93:
        return f'<value xsi:type="INT" value="{rng.randint(0, 30)}"/>', None
    if kind < 0.97:
        return f'<value xsi:type="REAL" value="{rng.uniform(0, 9):.3f}"/>', None
    return f'<value xsi:type="BL" value="{rng.choice(["true", "false"])}"/>', None


def cda_observation(rng, items, n, ind, depth=0):
    code, name, _ = rng.choice(items)
    value, rng_range = cda_value(rng, rng)
    lines = [f'{ind}<observation classCode="OBS" moodCode="EVN">',
             f'{ind}  <templateId root="{OID}.7.{rng.randint(1, 9)}"/>',
             f'{ind}  <id root="{OID}.102" extension="OBS{n:07d}"/>',
             f'{ind}  <code code="{code}" codeSystem="1.2.392.200119.6.1005" displayName="{name}"/>',
             f'{ind}  <statusCode code="completed"/>',
             f'{ind}  <effectiveTime value="{ts(rng)}"/>',
             f"{ind}  {value}"]
    if rng.random() < 0.5:
        lines.append(f'{ind}  <interpretationCode code="{rng.choice(FIXED_DOMAINS["ObservationInterpretation"][:7])}" codeSystem="2.16.840.1.113883.5.83"/>')
    if depth == 0 and rng.random() < 0.15:
        lines += [f'{ind}  <entryRelationship typeCode="{rng.choice(["COMP", "SPRT", "REFR"])}">']
        lines += cda_observation(rng, items, n * 10 + 1, ind + "    ", depth + 1)
        lines += [f"{ind}  </entryRelationship>"]
    if rng_range:
        lines.append(f'{ind}  <referenceRange><observationRange><value xsi:type="IVL_PQ"><low value="{rng_range[0]}"/><high value="{rng_range[1]}"/></value></observationRange></referenceRange>')
    lines.append(f"{ind}</observation>")
    return lines


def cda_doc(rng, items, i, target_bytes):
    fam, given = rng.choice(FAMILY), rng.choice(GIVEN)
    head = ['<?xml version="1.0" encoding="UTF-8"?>', "<!-- 合成データ（ベンチマーク用・架空の健診結果） -->",
            '<ClinicalDocument xmlns="urn:rinko:bench:v3" xmlns:ext="urn:rinko:bench:ext" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
            '  <realmCode code="JP"/>', '  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>',
            f'  <templateId root="{OID}.7.1"/>',
            f'  <id root="{OID}.100" extension="DOC{i:06d}"/>',
            '  <code code="10" codeSystem="1.2.392.200119.6.1001" displayName="特定健診情報ファイル"/>',
            "  <title>健診結果報告書（合成）</title>", f'  <effectiveTime value="{ts(rng, False)[:8]}"/>',
            '  <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>',
            "  <recordTarget>", "    <patientRole>", f'      <id root="{OID}.101" extension="P{digits(rng, 8)}"/>',
            f'      <addr><postalCode>{digits(rng, 3)}-{digits(rng, 4)}</postalCode><streetAddressLine>{address(rng)}</streetAddressLine></addr>',
            f'      <telecom value="tel:{phone(rng)}" use="HP"/>',
            "      <patient>", f"        <name><family>{fam[0]}</family><given>{given[0]}</given></name>",
            f'        <name use="SYL"><family>{fam[1]}</family><given>{given[1]}</given></name>',
            f'        <administrativeGenderCode code="{given[3]}" codeSystem="1.2.392.200119.6.1104"/>',
            f'        <birthTime value="{date(rng, 1940, 2005).replace("-", "")}"/>', "      </patient>",
            f'      <ext:insurance><ext:insurerNumber root="{OID}.6" extension="{digits(rng, 8)}"/><ext:number>{digits(rng, 7)}</ext:number></ext:insurance>',
            "    </patientRole>", "  </recordTarget>",
            "  <author>", f'    <time value="{ts(rng)}"/>', "    <assignedAuthor>", f'      <id root="{OID}.30" extension="{digits(rng, 10)}"/>',
            f"      <assignedPerson><name><family>{rng.choice(FAMILY)[0]}</family><given>{rng.choice(GIVEN)[0]}</given></name></assignedPerson>",
            f'      <representedOrganization><id root="{OID}.20" extension="{digits(rng, 10)}"/><name>{rng.choice(HOSPITALS)}</name></representedOrganization>',
            "    </assignedAuthor>", "  </author>",
            "  <custodian><assignedCustodian><representedCustodianOrganization>",
            f'    <id root="{OID}.20" extension="{digits(rng, 10)}"/><name>{rng.choice(HOSPITALS)}</name>',
            "  </representedCustodianOrganization></assignedCustodian></custodian>",
            "  <component>", "    <structuredBody>"]
    tail = ["    </structuredBody>", "  </component>", "</ClinicalDocument>", ""]
    body, size, n, s = [], sum(len(x.encode()) + 1 for x in head + tail), 0, 0
    while size < target_bytes:
        s += 1
        sec = ["      <component>", "        <section>", f'          <code code="{s:02d}" codeSystem="1.2.392.200119.6.1010" displayName="検査結果"/>',
               f"          <title>検査結果 {s}</title>",
               f"          <text><paragraph>{rng.choice(NARRATIVE)}<content>{rng.choice(NARRATIVE)}</content></paragraph></text>"]
        for _ in range(rng.randint(8, 16)):
            n += 1
            sec.append("          <entry>")
            sec += cda_observation(rng, items, n, "            ")
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
    ap.add_argument("--large", type=int, default=300)
    ap.add_argument("--large-kb", type=int, default=30)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    small = os.path.join(a.out, "small")
    os.makedirs(small, exist_ok=True)
    for i in range(1, a.small + 1):
        with open(os.path.join(small, f"k{i:05d}.xml"), "wb") as f:
            f.write(small_form(rng, i))
    if a.large:
        domains = vocabulary()
        cda_set = os.path.join(a.out, "cda-set")
        shutil.copytree(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cda"), cda_set, dirs_exist_ok=True)
        with open(os.path.join(cda_set, "voc.xsd"), "wb") as f:
            f.write(voc_xsd(domains))
        large = os.path.join(a.out, "large")
        os.makedirs(large, exist_ok=True)
        for i in range(1, a.large + 1):
            target = int(a.large_kb * 1024 * rng.uniform(0.9, 1.1))
            with open(os.path.join(large, f"c{i:04d}.xml"), "wb") as f:
                f.write(cda_doc(rng, domains["ObservationItem"], i, target))


if __name__ == "__main__":
    main()
