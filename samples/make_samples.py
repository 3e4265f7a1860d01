# -*- coding: utf-8 -*-
"""Regenerate every file under samples/valid and samples/invalid.

All people, addresses and numbers are invented (合成データ). The script exists mainly for
the files that are not plain UTF-8 (Shift_JIS, UTF-16LE, mis-declared Shift_JIS), which
cannot be edited safely by hand.  Usage: python3 samples/make_samples.py

Every valid sample passes all domain checks of its set (checks.toml) when checked with
`--today 2025-06-01`: correct check digits, codes valid on 記載日, dates in order, 記載日 not
after 2025-06-01 and inside the set's validity, no vendor / PUA / half-width kana characters.
Every invalid sample has exactly one mistake; the leading comment names it and the finding
code it should raise.
"""
import datetime
import os
ROOT = os.path.dirname(os.path.abspath(__file__))
V = os.path.join(ROOT, "valid"); I = os.path.join(ROOT, "invalid")

# ---------------- numbers with check digits ----------------
# Check digit (検証番号) of 受給者番号, 公費負担者番号, 保険者番号 and 医療機関コード: the body digits
# are multiplied by 2 and 1 alternately starting from the rightmost one, the digits of the products
# are added up, and the check digit is (10 - sum % 10) % 10.  Example: 保険者番号 33120015.
def cd(body):
    s = 0
    for i, ch in enumerate(reversed(body)):
        p = int(ch) * (2 if i % 2 == 0 else 1)
        s += p // 10 + p % 10
    return str((10 - s % 10) % 10)

assert cd("3312001") == "5"

def wrong(number):
    """The same number with a wrong check digit (last digit)."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)

def jukyu(body6):                 # 受給者番号: 6 桁 + 検証番号
    assert len(body6) == 6; return body6 + cd(body6)
def kohi(hobetsu, pref, no3):     # 公費負担者番号: 法別番号 2 + 都道府県 2 + 実施機関 3 + 検証番号
    b = hobetsu + pref + no3; assert len(b) == 7; return b + cd(b)
def hoken8(hobetsu, pref, no3):   # 保険者番号 8 桁: 法別番号 2 + 都道府県 2 + 保険者別 3 + 検証番号
    b = hobetsu + pref + no3; assert len(b) == 7; return b + cd(b)
def hoken6(pref, no3):            # 保険者番号 6 桁（国民健康保険）: 都道府県 2 + 保険者別 3 + 検証番号
    b = pref + no3; assert len(b) == 5; return b + cd(b)
def iryo(pref, tensu, no6):       # 医療機関コード: 都道府県 2 + 点数表 1 + 郡市区 2 + 番号 4 + 検証番号（1〜9 桁目が本体）
    b = pref + tensu + no6; assert len(b) == 9; return b + cd(b)

# 設定要領 第４-５ の例 3410712362: 検証番号は都道府県・点数表の桁も含めて計算する。
assert iryo("34", "1", "071236") == "3410712362"

assert hoken8("33", "12", "001") == "33120015"

# ---------------- 和暦 ----------------
ERAS = [("令和", datetime.date(2019, 5, 1)), ("平成", datetime.date(1989, 1, 8)),
        ("昭和", datetime.date(1926, 12, 25)), ("大正", datetime.date(1912, 7, 30)),
        ("明治", datetime.date(1868, 1, 25))]

def wareki(iso):
    """2019-05-01 -> 令和元年5月1日 (the form of 患者/生年月日和暦)."""
    d = datetime.date.fromisoformat(iso)
    for name, first in ERAS:
        if d >= first:
            y = d.year - first.year + 1
            return f"{name}{'元' if y == 1 else y}年{d.month}月{d.day}日"
    raise ValueError(iso)

assert wareki("1965-01-31") == "昭和40年1月31日" and wareki("2019-05-01") == "令和元年5月1日"

# 発症年月 as (元号コード, 年, 月): 1 明治 2 大正 3 昭和 4 平成 5 令和
def hassho_lines(h, ind="    "):
    if h is None: return []
    g, y, m = h
    return [f"{ind}<発症年月>", f"{ind}  <元号>{g}</元号>", f"{ind}  <年>{y}</年>", f"{ind}  <月>{m}</月>", f"{ind}</発症年月>"]

def block(name, body, ind="    "):
    """A disease block: body is a list of (tag, value-or-list) pairs."""
    out = [f"{ind}<{name}>"]
    for tag, val in body:
        if isinstance(val, list):
            out += block(tag, val, ind + "  ")
        else:
            out.append(f"{ind}  <{tag}>{val}</{tag}>")
    out.append(f"{ind}</{name}>")
    return out

# ---- 臨個票の個別部分 ----
def pd(yahr="3", seikatsu="2", tremor="true", rigid="true", akinesia="true", postural="true"):
    return block("パーキンソン病", [
        ("主な症状", [("静止時振戦", tremor), ("筋強剛", rigid), ("無動", akinesia), ("姿勢反射障害", postural)]),
        ("ヤール重症度", yahr), ("生活機能障害度", seikatsu)])

def sle(sledai="8", nephritis="true", klass="4", cns="false", cyto="true", sero="false"):
    organ = [("ループス腎炎", nephritis)]
    if klass: organ.append(("ループス腎炎分類", klass))
    organ += [("中枢神経ループス", cns), ("血球減少", cyto), ("漿膜炎", sero)]
    return block("全身性エリテマトーデス", [("SLEDAIスコア", sledai), ("臓器障害", organ)])

def uc(extent="1", course="1", severity="2", stool="5", blood="2"):
    return block("潰瘍性大腸炎", [("病変の範囲", extent), ("臨床経過", course), ("重症度", severity),
        ("排便回数", stool), ("顕血便", blood), ("発熱", "false"), ("頻脈", "false"), ("貧血", "true"), ("赤沈亢進", "true")])

# ---- 意見書の個別部分 ----
def all_block(phenotype="1", status="1", end=None):
    b = [("免疫学的病型", phenotype),
         ("診断の根拠", [("骨髄検査", "true"), ("免疫学的検査", "true"), ("染色体遺伝子検査", "true")]),
         ("治療状況", status)]
    if end: b.append(("治療終了年月日", end))
    b.append(("治療内容", [("化学療法", "true"), ("造血幹細胞移植", "false"), ("放射線療法", "false")]))
    return block("急性リンパ性白血病", b)

def tof(surgery="1", nyha="2", ross=None, spo2="96"):
    b = [("手術歴", surgery)]
    if nyha: b.append(("NYHA分類", nyha))
    if ross: b.append(("Ross分類", ross))
    if spo2: b.append(("経皮的動脈血酸素飽和度", spo2))
    b.append(("治療内容", [("薬物療法", "true"), ("在宅酸素療法", "false")]))
    return block("ファロー四徴症", b)

def ghd(status="2", height="103.8", weight="16.2", sds="-2.62", velocity="-0.35",
        tests=(("1", "4.20"), ("2", "3.85"))):
    b = [("治療状況", status), ("身長", height), ("体重", weight), ("身長SDS", sds)]
    if velocity: b.append(("成長速度SDS", velocity))
    for kind, peak in tests:
        b.append(("成長ホルモン分泌刺激試験", [("種類", kind), ("頂値", peak)]))
    return block("成長ホルモン分泌不全性低身長症", b)

# ---------------- documents ----------------
def kojinhyo(ver="2025", shinsei="1", jukyu_no=None, kohi_no=None, hoken=None, shimei="山田 太郎",
             kana="ヤマダ　タロウ", birth="1980-05-15", wareki_birth=None, sex="1", yubin="123-4567",
             jusho="東京都架空区見本町1丁目2番3号", renraku='<電話番号>03-0000-1234</電話番号>',
             kokuji="6", byomei="パーキンソン病", hassho=(5, 1, 7), shindan="2019-11-20", kobetsu="pd",
             keika=None, kioureki=None,
             code=iryo("13", "1", "234567"), iryo_mei="見本総合病院", shozai="東京都架空区試験町4丁目5番6号", iryo_tel=None,
             shiteii_no="1300012345", shiteii="佐藤 花子", kisai="2025-05-20",
             note="合成データ（架空の人物・住所・番号）", patient_override=None, extra_in_patient=""):
    if kobetsu == "pd": kobetsu = pd()
    L = []
    L.append(f'<?xml version="1.0" encoding="UTF-8"?>')
    L.append(f'<!-- {note} -->')
    L.append(f'<臨個票 xmlns="urn:rinko:nanbyo:kojinhyo" 様式版="{ver}">')
    L.append(f'  <申請区分>{shinsei}</申請区分>')
    if jukyu_no: L.append(f'  <受給者番号>{jukyu_no}</受給者番号>')
    if kohi_no: L.append(f'  <公費負担者番号>{kohi_no}</公費負担者番号>')
    if hoken: L.append(f'  <保険者番号>{hoken}</保険者番号>')
    L.append('  <患者>')
    if patient_override is not None:
        L += ['    ' + x for x in patient_override]
    else:
        if shimei is not None: L.append(f'    <氏名>{shimei}</氏名>')
        L.append(f'    <氏名カナ>{kana}</氏名カナ>')
        L.append(f'    <生年月日>{birth}</生年月日>')
        if wareki_birth: L.append(f'    <生年月日和暦>{wareki_birth}</生年月日和暦>')
        L.append(f'    <性別>{sex}</性別>')
        if yubin is not None: L.append(f'    <郵便番号>{yubin}</郵便番号>')
        L.append(f'    <住所>{jusho}</住所>')
        if extra_in_patient: L.append('    ' + extra_in_patient)
        if renraku: L.append(f'    <連絡先>{renraku}</連絡先>')
    L.append('  </患者>')
    L.append('  <疾病>')
    L.append(f'    <告示番号>{kokuji}</告示番号>')
    L.append(f'    <疾病名>{byomei}</疾病名>')
    L += hassho_lines(hassho)
    L.append(f'    <診断年月日>{shindan}</診断年月日>')
    if kobetsu: L += kobetsu
    if keika: L.append(f'    <経過>{keika}</経過>')
    L.append('  </疾病>')
    if kioureki:
        L.append('  <既往歴>')
        for b, d in kioureki:
            L.append('    <項目>')
            L.append(f'      <病名>{b}</病名>')
            if d: L.append(f'      <発症年月>{d}</発症年月>')
            L.append('    </項目>')
        L.append('  </既往歴>')
    L.append('  <医療機関>')
    L.append(f'    <医療機関コード>{code}</医療機関コード>')
    L.append(f'    <名称>{iryo_mei}</名称>')
    if shozai: L.append(f'    <所在地>{shozai}</所在地>')
    if iryo_tel: L.append(f'    <電話番号>{iryo_tel}</電話番号>')
    L.append('  </医療機関>')
    L.append('  <指定医>')
    L.append(f'    <指定医番号>{shiteii_no}</指定医番号>')
    L.append(f'    <氏名>{shiteii}</氏名>')
    L.append('  </指定医>')
    L.append(f'  <記載日>{kisai}</記載日>')
    L.append('</臨個票>')
    return "\n".join(L) + "\n"

def ikensho(shinsei="1", jukyu_no=None, kohi_no=None, hoken=None, shimei="田中 さくら", kana="タナカ　サクラ",
            birth="2015-08-01", wareki_birth=None, sex="2", yubin="234-5678", jusho="神奈川県見本市架空区試験台7丁目8番9号",
            hogosha=("田中 健一", "タナカ　ケンイチ", "1", '<電話番号>045-000-1234</電話番号>'),
            shikkangun="1", shippei="01-001", byomei="急性リンパ性白血病", hassho=(5, 6, 11), shindan="2024-12-05",
            kobetsu="all", keika=None, kioureki=None,
            code=iryo("14", "1", "234567"), iryo_mei="見本こども医療センター", shozai="神奈川県見本市架空区病院通1番地", iryo_tel="045-000-5678",
            shiteii_no="1400067890", shiteii="高橋 誠", kisai="2025-05-28",
            note="合成データ（架空の人物・住所・番号）", decl='<?xml version="1.0" encoding="UTF-8"?>'):
    if kobetsu == "all": kobetsu = all_block()
    L = [decl, f'<!-- {note} -->']
    L.append('<意見書 xmlns="urn:rinko:shoman:ikensho" 様式版="2025">')
    L.append(f'  <申請区分>{shinsei}</申請区分>')
    if jukyu_no: L.append(f'  <受給者番号>{jukyu_no}</受給者番号>')
    if kohi_no: L.append(f'  <公費負担者番号>{kohi_no}</公費負担者番号>')
    if hoken: L.append(f'  <保険者番号>{hoken}</保険者番号>')
    L.append('  <患者>')
    L.append(f'    <氏名>{shimei}</氏名>')
    L.append(f'    <氏名カナ>{kana}</氏名カナ>')
    L.append(f'    <生年月日>{birth}</生年月日>')
    if wareki_birth: L.append(f'    <生年月日和暦>{wareki_birth}</生年月日和暦>')
    L.append(f'    <性別>{sex}</性別>')
    L.append(f'    <郵便番号>{yubin}</郵便番号>')
    L.append(f'    <住所>{jusho}</住所>')
    L.append('  </患者>')
    if hogosha:
        n, k, z, r = hogosha
        L.append('  <保護者>')
        L.append(f'    <氏名>{n}</氏名>')
        L.append(f'    <氏名カナ>{k}</氏名カナ>')
        L.append(f'    <続柄>{z}</続柄>')
        L.append(f'    <連絡先>{r}</連絡先>')
        L.append('  </保護者>')
    L.append('  <疾病>')
    L.append(f'    <疾患群>{shikkangun}</疾患群>')
    L.append(f'    <疾病コード>{shippei}</疾病コード>')
    L.append(f'    <疾病名>{byomei}</疾病名>')
    L += hassho_lines(hassho)
    L.append(f'    <診断年月日>{shindan}</診断年月日>')
    if kobetsu: L += kobetsu
    if keika: L.append(f'    <経過>{keika}</経過>')
    L.append('  </疾病>')
    if kioureki:
        L.append('  <既往歴>')
        for b, d in kioureki:
            L.append('    <項目>')
            L.append(f'      <病名>{b}</病名>')
            if d: L.append(f'      <発症年月>{d}</発症年月>')
            L.append('    </項目>')
        L.append('  </既往歴>')
    L.append('  <医療機関>')
    L.append(f'    <医療機関コード>{code}</医療機関コード>')
    L.append(f'    <名称>{iryo_mei}</名称>')
    if shozai: L.append(f'    <所在地>{shozai}</所在地>')
    if iryo_tel: L.append(f'    <電話番号>{iryo_tel}</電話番号>')
    L.append('  </医療機関>')
    L.append('  <指定医>')
    L.append(f'    <指定医番号>{shiteii_no}</指定医番号>')
    L.append(f'    <氏名>{shiteii}</氏名>')
    L.append('  </指定医>')
    L.append(f'  <記載日>{kisai}</記載日>')
    L.append('</意見書>')
    return "\n".join(L) + "\n"

def w(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)

def wb(path, data):
    with open(path, "wb") as f:
        f.write(data)

# 記載日 is always inside the validity period of the set the sample is meant for
# (2023年版: 2023-04-01..2026-03-31, 2025年版: from 2025-04-01) and not after 2025-06-01 (the --today
# of the tests); pairs that differ only in 様式版 use a 記載日 inside the overlap of both periods.
K23 = dict(ver="2023", kisai="2024-06-10")

# Synthetic numbers used below (all with correct check digits unless a sample says otherwise).
KOHI_TOKYO = kohi("54", "13", "999")       # 臨個票: 法別番号 54（難病）、東京都
KOHI_SAITAMA = kohi("54", "11", "501")     # 臨個票: 埼玉県
KOHI_KANAGAWA = kohi("52", "14", "702")    # 意見書: 法別番号 52（小慢）、神奈川県
KOHI_HOKKAIDO = kohi("52", "01", "303")    # 意見書: 北海道
HOKEN_KUMIAI = hoken8("06", "13", "501")   # 健康保険組合（8 桁）
HOKEN_KYOKAI = hoken8("01", "11", "001")   # 協会けんぽ（8 桁）
HOKEN_KOKUHO_OSAKA = hoken6("27", "003")   # 国民健康保険（6 桁）
HOKEN_KOKUHO_HOKKAIDO = hoken6("01", "234")

# ---------------- valid ----------------
w(f"{V}/kojinhyo-2023-shinki.xml", kojinhyo(**K23, hoken=HOKEN_KUMIAI, wareki_birth=wareki("1980-05-15"),
    keika="令和元年7月頃から右手の静止時振戦が出現。令和元年11月20日に当院でパーキンソン病と診断し、レボドパを開始した。",
    kioureki=[("高血圧症", "2015-04"), ("虫垂炎", None)],
    note="合成データ。新規申請（受給者番号なし）、パーキンソン病（告示番号 6）の個別項目、生年月日和暦あり"))
w(f"{V}/kojinhyo-2023-yubin-nashi.xml", kojinhyo(ver="2023", kisai="2025-05-20", yubin=None,
    shimei="中村 次郎", kana="ナカムラ　ジロウ", birth="1972-11-03", hassho=(4, 30, 2), shindan="2018-06-01",
    kobetsu=pd(yahr="4", seikatsu="2", tremor="false"),
    note="合成データ。2023年版では 患者/郵便番号 は任意なので有効（invalid/kojinhyo-2025-yubin-nashi.xml と様式版だけが違う）"))
# No 保険者番号 here: tests/pack.rs adds a rule requiring it and expects exactly that one finding.
w(f"{V}/kojinhyo-2025-koushin.xml", kojinhyo(shinsei="2", jukyu_no=jukyu("123456"), kohi_no=KOHI_SAITAMA,
    shimei="鈴木 一郎", kana="スズキ　イチロウ", birth="1965-01-31", wareki_birth=wareki("1965-01-31"), sex="1",
    yubin="3456789", jusho="埼玉県架空市見本町10番地11",
    renraku='<メールアドレス>ichiro.suzuki@example.com</メールアドレス>',
    kokuji="49", byomei="全身性エリテマトーデス", hassho=(4, 20, 3), shindan="2008-06-12", kobetsu=sle(),
    keika="平成20年3月頃から関節痛と発熱が続き、同年6月に診断。令和6年4月1日からヒドロキシクロロキンを併用している。",
    code=iryo("11", "1", "305021"), iryo_mei="見本市民病院", shozai="埼玉県架空市病院坂2番地",
    iryo_tel="048-000-2222", shiteii_no="1100023456", kisai="2025-05-12",
    note="合成データ。更新申請: 受給者番号・公費負担者番号（54）あり（保険者番号なし）、全身性エリテマトーデス（告示番号 49）の個別項目"))
w(f"{V}/kojinhyo-2025-henkou.xml", kojinhyo(shinsei="3", jukyu_no=jukyu("765432"), kohi_no=KOHI_TOKYO, hoken=HOKEN_KYOKAI,
    shimei="小林 恵子", kana="コバヤシ　ケイコ", birth="1958-12-24", sex="2",
    kokuji="97", byomei="潰瘍性大腸炎", hassho=(3, 63, 5), shindan="1988-09-01", kobetsu=uc(),
    kioureki=[("糖尿病", "2010-09")], kisai="2025-05-26",
    note="合成データ。申請区分 3（変更）は 2025年版でのみ有効（invalid/kojinhyo-2023-shinseikubun-3.xml と様式版だけが違う）。潰瘍性大腸炎（告示番号 97）の個別項目"))
w(f"{V}/ikensho-2025.xml", ikensho(wareki_birth=wareki("2015-08-01"),
    note="合成データ。新規申請、保護者あり、急性リンパ性白血病（疾病コード 01-001）の個別項目（初回治療中）"))
w(f"{V}/ikensho-2025-teishinchou.xml", ikensho(shinsei="2", jukyu_no=jukyu("310520"), kohi_no=KOHI_KANAGAWA, hoken=HOKEN_KUMIAI,
    shimei="佐々木 陽向", kana="ササキ　ヒナタ", birth="2019-05-01", wareki_birth=wareki("2019-05-01"), sex="1",
    hogosha=("佐々木 美穂", "ササキ　ミホ", "2", '<電話番号>045-000-7788</電話番号>'),
    shikkangun="5", shippei="05-001", byomei="成長ホルモン分泌不全性低身長症", hassho=None, shindan="2023-02-14",
    kobetsu=ghd(), keika="令和4年の健診で低身長を指摘され、令和5年2月14日に分泌刺激試験2種で診断。同年3月から成長ホルモン治療を継続中。",
    kisai="2025-04-18",
    note="合成データ。更新申請、成長ホルモン分泌不全性低身長症（疾病コード 05-001）の個別項目、生年月日和暦は 令和元年5月1日"))

# Shift_JIS: content restricted to JIS X 0208 characters so cp932 and strict Shift_JIS agree.
sj = kojinhyo(hoken=HOKEN_KOKUHO_OSAKA, shimei="高橋 美咲", kana="タカハシ　ミサキ", birth="1990-03-08",
    wareki_birth=wareki("1990-03-08"), sex="2",
    yubin="456-7890", jusho="大阪府架空市見本区表町3丁目4番5号",
    renraku='<電話番号>06-0000-4321</電話番号>', kokuji="13", byomei="多発性硬化症／視神経脊髄炎",
    hassho=(4, 27, 9), shindan="2016-01-15", kobetsu=None,
    iryo_mei="見本大学医学部附属病院", code=iryo("27", "1", "120345"), shozai="大阪府架空市見本区大学通2番地",
    shiteii_no="2700054321", shiteii="伊藤 直樹", kisai="2025-04-21",
    note="合成データ。Shift_JIS で保存。告示番号 13 には個別部分がない。保険者番号は国民健康保険の 6 桁").replace('encoding="UTF-8"', 'encoding="Shift_JIS"')
b = sj.encode("cp932")
assert b.decode("shift_jis") == sj  # strict Shift_JIS (JIS X 0208) round trip
wb(f"{V}/kojinhyo-2025-sjis.xml", b.replace(b"\n", b"\r\n"))  # Windows-style line ends, as a clerk's PC would save

u16 = ikensho(decl='<?xml version="1.0" encoding="UTF-16"?>', shinsei="2", jukyu_no=jukyu("234567"), kohi_no=KOHI_HOKKAIDO,
    hoken=HOKEN_KOKUHO_HOKKAIDO,
    shimei="伊藤 翔", kana="イトウ　ショウ", birth="2012-10-10", sex="1", yubin="567-8901",
    jusho="北海道架空市見本町5条6丁目", hogosha=("伊藤 由美", "イトウ　ユミ", "2", '<メールアドレス>yumi.ito@example.com</メールアドレス>'),
    shikkangun="4", shippei="04-001", byomei="ファロー四徴症", hassho=(4, 24, 10), shindan="2012-10-12",
    kobetsu=tof(),
    kioureki=[("川崎病", "2014-02"), ("気管支喘息", "2016-11"), ("肺炎", None)],
    code=iryo("01", "1", "401122"), iryo_mei="見本市立こども病院", shozai=None, iryo_tel=None,
    shiteii_no="0100011111", shiteii="渡辺 聡", kisai="2025-05-15",
    note="合成データ。UTF-16LE（BOM 付き）で保存。更新申請、ファロー四徴症（疾病コード 04-001）の個別項目")
wb(f"{V}/ikensho-2025-utf16.xml", b"\xff\xfe" + u16.encode("utf-16-le"))

# ---------------- invalid: XSD, routing, parse, policy ----------------
def note(s): return "合成データ。意図した誤り: " + s

w(f"{I}/kojinhyo-2025-kana-hankaku.xml", kojinhyo(kana="ﾔﾏﾀﾞ　ﾀﾛｳ",
    note=note("患者/氏名カナ に半角カタカナ（ﾔﾏﾀﾞ　ﾀﾛｳ）→ pattern 違反")))
w(f"{I}/ikensho-2025-seinengappi-2024-02-30.xml", ikensho(birth="2024-02-30", shimei="田中 ひなた", kana="タナカ　ヒナタ",
    note=note("患者/生年月日 が 2024-02-30（存在しない日付）→ xs:date 違反")))
w(f"{I}/kojinhyo-2025-shimei-nashi.xml", kojinhyo(shimei=None,
    note=note("必須の 患者/氏名 がない")))
w(f"{I}/kojinhyo-2023-seibetsu-3.xml", kojinhyo(**K23, sex="3",
    note=note("患者/性別 が 3（列挙値は 1 男, 2 女 のみ）")))
w(f"{I}/ikensho-2025-iryokikan-code-9keta.xml", ikensho(code="141234567",
    note=note("医療機関/医療機関コード が 9 桁（10 桁必要）")))
w(f"{I}/kojinhyo-2025-junban-chigai.xml", kojinhyo(patient_override=[
    "<氏名>山田 太郎</氏名>",
    "<生年月日>1980-05-15</生年月日>",
    "<氏名カナ>ヤマダ　タロウ</氏名カナ>",
    "<性別>1</性別>",
    "<郵便番号>123-4567</郵便番号>",
    "<住所>東京都架空区見本町1丁目2番3号</住所>",
    "<連絡先><電話番号>03-0000-1234</電話番号></連絡先>"],
    note=note("患者/生年月日 と 患者/氏名カナ の順番が逆")))
w(f"{I}/kojinhyo-2025-michi-youso.xml", kojinhyo(extra_in_patient="<血液型>A</血液型>",
    note=note("スキーマにない要素 患者/血液型 がある")))
w(f"{I}/kojinhyo-2023-2025-youso.xml", kojinhyo(**K23, iryo_tel="03-0000-9999",
    note=note("様式版=\"2023\" なのに 2025年版にしかない 医療機関/電話番号 がある")))
w(f"{I}/kojinhyo-2025-yubin-nashi.xml", kojinhyo(ver="2025", kisai="2025-05-20", yubin=None,
    shimei="中村 次郎", kana="ナカムラ　ジロウ", birth="1972-11-03", hassho=(4, 30, 2), shindan="2018-06-01",
    kobetsu=pd(yahr="4", seikatsu="2", tremor="false"),
    note=note("2025年版で必須になった 患者/郵便番号 がない（valid/kojinhyo-2023-yubin-nashi.xml と様式版だけが違う）")))
w(f"{I}/kojinhyo-2023-shinseikubun-3.xml", kojinhyo(ver="2023", kisai="2025-05-26", shinsei="3", jukyu_no=jukyu("765432"), kohi_no=KOHI_TOKYO, hoken=HOKEN_KYOKAI,
    shimei="小林 恵子", kana="コバヤシ　ケイコ", birth="1958-12-24", sex="2",
    kokuji="97", byomei="潰瘍性大腸炎", hassho=(3, 63, 5), shindan="1988-09-01", kobetsu=uc(),
    kioureki=[("糖尿病", "2010-09")],
    note=note("様式版=\"2023\" で 申請区分 3（変更）: 2023年版の列挙値は 1, 2 のみ（valid/kojinhyo-2025-henkou.xml と様式版だけが違う）")))
w(f"{I}/kojinhyo-2025-kokuji-401.xml", kojinhyo(kokuji="401", byomei="（架空）告示番号401の疾病", kobetsu=None,
    note=note("疾病/告示番号 が 401（範囲 1〜400 外）")))
w(f"{I}/kojinhyo-2025-kioureki-11ken.xml", kojinhyo(
    kioureki=[(f"架空疾患{i}", f"20{10+i:02d}-0{1 + i % 9}") for i in range(1, 12)],
    note=note("既往歴/項目 が 11 件（上限 10 件）")))

# routing failures (not XSD errors)
w(f"{I}/root-michi-seikyusho.xml", """<?xml version="1.0" encoding="UTF-8"?>
<!-- 合成データ。意図した誤り: どのスキーマセットも受け持たないルート要素（請求書, urn:example:other） -->
<請求書 xmlns="urn:example:other">
  <請求番号>INV-0001</請求番号>
  <宛先>見本総合病院</宛先>
  <金額>12000</金額>
</請求書>
""")
w(f"{I}/kojinhyo-yoshikiban-2019.xml", kojinhyo(ver="2019", kisai="2024-06-10",
    note=note("様式版=\"2019\": 名前空間とルート要素は 臨個票 だが、どのスキーマセットの様式版とも一致しない")))

# parse-level failures
nwf = kojinhyo(note=note("整形式でない（住所 の終了タグがない）")).replace(
    "<住所>東京都架空区見本町1丁目2番3号</住所>", "<住所>東京都架空区見本町1丁目2番3号")
w(f"{I}/not-well-formed-tojitag-nashi.xml", nwf)

dt = kojinhyo(note=note("DOCTYPE 宣言がある（内部サブセット付き。外部実体は参照しない）"))
dt = dt.replace('-->\n<臨個票', '-->\n<!DOCTYPE 臨個票 [\n  <!ENTITY 見本 "見本総合病院">\n]>\n<臨個票', 1)
w(f"{I}/doctype.xml", dt)

# declared Shift_JIS, but the bytes are UTF-8 (a common editor mistake)
bad = kojinhyo(shimei="森 ゆかり", kana="モリ　ユカリ", birth="1988-07-07", sex="2",
    note=note("encoding=\"Shift_JIS\" と宣言しているが中身は UTF-8 で保存されている（Shift_JIS として不正なバイト列）"),
    ).replace('encoding="UTF-8"', 'encoding="Shift_JIS"')
wb(f"{I}/sjis-sengen-utf8-bytes.xml", bad.encode("utf-8"))

# ---------------- invalid: domain checks (XSD-valid; xmllint accepts them) ----------------
# Each has exactly one mistake; the leading comment names it and the finding it should raise
# (with --today 2025-06-01). Samples whose finding is a 警告 (warning) still pass: they are here
# because they show a typical problem, and the comment says so.
def dnote(s, code, sev="エラー"):
    return f"合成データ。意図した誤り: {s} → {code}（{sev}）"
WARN_ONLY = "（警告のみなので判定は合格のまま）"

# --- DIGIT: check digits ---
J = jukyu("123456")
w(f"{I}/kojinhyo-2025-jukyusha-kenshou-chigai.xml", kojinhyo(shinsei="2", jukyu_no=wrong(J), kohi_no=KOHI_TOKYO,
    note=dnote(f"受給者番号 {wrong(J)} の検証番号（7 桁目）が違う（正しくは {J}）", "DIGIT-001")))
C = iryo("14", "1", "234567")
w(f"{I}/ikensho-2025-iryokikan-kenshou-chigai.xml", ikensho(code=wrong(C),
    note=dnote(f"医療機関コード {wrong(C)} の検証番号（10 桁目）が違う（正しくは {C}）", "DIGIT-001")))
w(f"{I}/kojinhyo-2025-hokensha-kenshou-chigai.xml", kojinhyo(hoken=wrong(HOKEN_KUMIAI),
    note=dnote(f"保険者番号 {wrong(HOKEN_KUMIAI)} の検証番号（8 桁目）が違う（正しくは {HOKEN_KUMIAI}）", "DIGIT-001")))

# --- CHAR: characters ---
w(f"{I}/kojinhyo-2025-jusho-hankaku-kana.xml", kojinhyo(jusho="東京都架空区見本町1丁目2番3号 ﾐﾎﾝﾊｲﾂ201",
    note=dnote("患者/住所 に半角カタカナ（ﾐﾎﾝﾊｲﾂ）", "CHAR-003", "警告") + WARN_ONLY))
w(f"{I}/kojinhyo-2025-shimei-gaiji-pua.xml", kojinhyo(shimei="渡\ue000 花子", kana="ワタナベ　ハナコ", sex="2",
    note=dnote("患者/氏名 に私用領域の外字 U+E000（「辺」の異体字を外字で入力した想定）", "CHAR-001")))
w(f"{I}/kojinhyo-2025-jusho-maru-suuji.xml", kojinhyo(jusho="東京都架空区見本町1丁目2番3号 見本ハイツ①",
    note=dnote("患者/住所 に機種依存文字の丸数字 ①（NEC 特殊文字）", "CHAR-002", "警告") + WARN_ONLY))
w(f"{I}/kojinhyo-2025-shimei-hashigo-daka.xml", kojinhyo(shimei="髙橋 一郎", kana="タカハシ　イチロウ",
    note=dnote("患者/氏名 に機種依存文字の「髙」（はしご高、IBM 拡張文字 U+9AD9）", "CHAR-002", "警告") + WARN_ONLY))
w(f"{I}/kojinhyo-2025-jusho-seigyo-moji.xml", kojinhyo(jusho="東京都架空区見本町1丁目2番3号&#x93;見本ハイツ201",
    note=dnote("患者/住所 に C1 制御文字 U+0093（文字参照 &#x93; で書いたもの。Windows-1252 の引用符が化けた想定）", "CHAR-004")))
w(f"{I}/kojinhyo-2025-shimei-ivs.xml", kojinhyo(shimei="葛\U000E0100西 陽介", kana="カサイ　ヨウスケ",
    note=dnote("患者/氏名 に異体字セレクタ付きの「葛」（U+845B U+E0100）", "CHAR-005", "警告") + WARN_ONLY))
w(f"{I}/kojinhyo-2025-shimei-tsuchiyoshi.xml", kojinhyo(shimei="\U00020BB7田 一郎", kana="ヨシダ　イチロウ",
    note=dnote("患者/氏名 に BMP 外の文字「𠮷」（つちよし、U+20BB7）", "CHAR-006", "警告") + WARN_ONLY))
# ひらがな in 氏名カナ is not here: the XSD pattern [ァ-ヶー　]+ of 氏名カナ refuses exactly what the kana
# repertoire refuses, so there is no kana character the XSD accepts and the repertoire does not.

# --- CODE: code tables ---
w(f"{I}/kojinhyo-2025-kokuji-400.xml", kojinhyo(kokuji="400", byomei="（架空）告示番号400の疾病", kobetsu=None,
    note=dnote("疾病/告示番号 400 はコード表 nanbyo_disease にない（XSD の範囲 1〜400 には入る）", "CODE-001")))
w(f"{I}/ikensho-2025-shippei-code-haishi.xml", ikensho(shippei="01-000", byomei="白血病", kobetsu=None,
    note=dnote("疾病/疾病コード 01-000 はコード表 shoman_disease で 2025-03-31 に廃止済み（記載日 2025-05-28 には無効）", "CODE-002")))

# --- DATE ---
w(f"{I}/kojinhyo-2025-kisaibi-mirai.xml", kojinhyo(kisai="2025-07-01",
    note=dnote("記載日 2025-07-01 が検査日（today = 2025-06-01）より後", "DATE-006")))
w(f"{I}/kojinhyo-2023-wareki-fuitchi.xml", kojinhyo(**K23, shimei="鈴木 一郎", kana="スズキ　イチロウ",
    birth="1965-01-31", wareki_birth="昭和40年1月30日",
    note=dnote("患者/生年月日和暦 昭和40年1月30日 が 生年月日 1965-01-31（昭和40年1月31日）と一致しない", "DATE-004")))
w(f"{I}/kojinhyo-2025-heisei31-5gatsu.xml", kojinhyo(hassho=(5, 1, 5), shindan="2019-08-20",
    keika="平成31年5月1日に右手の振戦を自覚し、同年8月に当院を受診した。",
    note=dnote("疾病/経過 の「平成31年5月1日」: 平成は 2019-04-30 まで（正しくは 令和元年5月1日）", "DATE-003")))
w(f"{I}/kojinhyo-2025-reiwa6-2gatsu30.xml", kojinhyo(
    keika="令和6年2月30日から歩行時のすくみ足が出現した。",
    note=dnote("疾病/経過 の「令和6年2月30日」は存在しない日", "DATE-002")))
w(f"{I}/kojinhyo-2025-shindanbi-seinengappi-mae.xml", kojinhyo(hassho=None, shindan="1920-05-10",
    note=dnote("疾病/診断年月日 1920-05-10 が 生年月日 1980-05-15 より前（2020 の誤記の想定）", "DATE-005")))
w(f"{I}/ikensho-2025-shinki-19sai.xml", ikensho(shimei="田中 大和", kana="タナカ　ヤマト", birth="2006-04-10", sex="1",
    hassho=(5, 6, 11), shindan="2024-12-05",
    note=dnote("申請区分 1（新規）なのに 記載日 2025-05-28 時点で 19 歳（新規は 18 歳未満）", "DATE-007")))

# --- RULE ---
w(f"{I}/kojinhyo-2025-koushin-jukyusha-nashi.xml", kojinhyo(shinsei="2", kohi_no=KOHI_TOKYO,
    note=dnote("申請区分 2（更新）なのに 受給者番号 がない", "RULE-001")))
w(f"{I}/kojinhyo-2025-shinki-jukyusha-ari.xml", kojinhyo(shinsei="1", jukyu_no=jukyu("246810"),
    note=dnote("申請区分 1（新規）なのに 受給者番号 がある", "RULE-002")))
KOHI_52 = kohi("52", "13", "999")
w(f"{I}/kojinhyo-2025-kouhi-52.xml", kojinhyo(shinsei="2", jukyu_no=jukyu("123456"), kohi_no=KOHI_52,
    note=dnote(f"臨個票の 公費負担者番号 {KOHI_52} が法別番号 52（小児慢性特定疾病）で始まる（難病は 54）", "RULE-004")))
w(f"{I}/kojinhyo-2025-kokuji-6-sle.xml", kojinhyo(kokuji="6", byomei="パーキンソン病", kobetsu=sle(),
    note=dnote("告示番号 6（パーキンソン病）なのに 全身性エリテマトーデス の個別項目を書いている"
               "（規則 required-if: 告示番号 6 には パーキンソン病/ヤール重症度 が必要）", "RULE-001")))
print("ok")
