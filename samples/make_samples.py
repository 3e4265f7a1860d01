# -*- coding: utf-8 -*-
"""Regenerate every file under samples/valid and samples/invalid.

All people, addresses and numbers are invented (合成データ). The script exists mainly for
the files that are not plain UTF-8 (Shift_JIS, UTF-16LE, mis-declared Shift_JIS), which
cannot be edited safely by hand.  Usage: python3 samples/make_samples.py
"""
import os
ROOT = os.path.dirname(os.path.abspath(__file__))
V = os.path.join(ROOT, "valid"); I = os.path.join(ROOT, "invalid")

def kojinhyo(ver="2025", shinsei="1", jukyu=None, kohi=None, shimei="山田 太郎",
             kana="ヤマダ　タロウ", birth="1980-05-15", sex="1", yubin="123-4567",
             jusho="東京都架空区見本町1丁目2番3号", renraku='<電話番号>03-0000-1234</電話番号>',
             kokuji="6", byomei="パーキンソン病", kioureki=None,
             code="1312345678", iryo="見本総合病院", shozai="東京都架空区試験町4丁目5番6号", iryo_tel=None,
             shiteii_no="1300012345", shiteii="佐藤 花子", kisai="2025-05-20",
             note="合成データ（架空の人物・住所・番号）", patient_override=None, extra_in_patient=""):
    L = []
    L.append(f'<?xml version="1.0" encoding="UTF-8"?>')
    L.append(f'<!-- {note} -->')
    L.append(f'<臨個票 xmlns="urn:rinko:nanbyo:kojinhyo" 様式版="{ver}">')
    L.append(f'  <申請区分>{shinsei}</申請区分>')
    if jukyu: L.append(f'  <受給者番号>{jukyu}</受給者番号>')
    if kohi: L.append(f'  <公費負担者番号>{kohi}</公費負担者番号>')
    L.append('  <患者>')
    if patient_override is not None:
        L += ['    ' + x for x in patient_override]
    else:
        if shimei is not None: L.append(f'    <氏名>{shimei}</氏名>')
        L.append(f'    <氏名カナ>{kana}</氏名カナ>')
        L.append(f'    <生年月日>{birth}</生年月日>')
        L.append(f'    <性別>{sex}</性別>')
        if yubin is not None: L.append(f'    <郵便番号>{yubin}</郵便番号>')
        L.append(f'    <住所>{jusho}</住所>')
        if extra_in_patient: L.append('    ' + extra_in_patient)
        if renraku: L.append(f'    <連絡先>{renraku}</連絡先>')
    L.append('  </患者>')
    L.append('  <疾病>')
    L.append(f'    <告示番号>{kokuji}</告示番号>')
    L.append(f'    <疾病名>{byomei}</疾病名>')
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
    L.append(f'    <名称>{iryo}</名称>')
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

def ikensho(shinsei="1", jukyu=None, kohi=None, shimei="田中 さくら", kana="タナカ　サクラ",
            birth="2015-08-01", sex="2", yubin="234-5678", jusho="神奈川県見本市架空区試験台7丁目8番9号",
            hogosha=("田中 健一", "タナカ　ケンイチ", "1", '<電話番号>045-000-1234</電話番号>'),
            shikkangun="1", byomei="急性リンパ性白血病", kioureki=None,
            code="1412345678", iryo="見本こども医療センター", shozai="神奈川県見本市架空区病院通1番地", iryo_tel="045-000-5678",
            shiteii_no="1400067890", shiteii="高橋 誠", kisai="2025-06-02",
            note="合成データ（架空の人物・住所・番号）", decl='<?xml version="1.0" encoding="UTF-8"?>'):
    L = [decl, f'<!-- {note} -->']
    L.append('<意見書 xmlns="urn:rinko:shoman:ikensho" 様式版="2025">')
    L.append(f'  <申請区分>{shinsei}</申請区分>')
    if jukyu: L.append(f'  <受給者番号>{jukyu}</受給者番号>')
    if kohi: L.append(f'  <公費負担者番号>{kohi}</公費負担者番号>')
    L.append('  <患者>')
    L.append(f'    <氏名>{shimei}</氏名>')
    L.append(f'    <氏名カナ>{kana}</氏名カナ>')
    L.append(f'    <生年月日>{birth}</生年月日>')
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
    L.append(f'    <疾病名>{byomei}</疾病名>')
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
    L.append(f'    <名称>{iryo}</名称>')
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
# (2023年版: 2023-04-01..2026-03-31, 2025年版: from 2025-04-01); pairs that differ only in
# 様式版 use a 記載日 inside the overlap of both periods.
K23 = dict(ver="2023", kisai="2024-06-10")

# ---------------- valid ----------------
w(f"{V}/kojinhyo-2023-shinki.xml", kojinhyo(**K23,
    kioureki=[("高血圧症", "2015-04"), ("虫垂炎", None)]))
w(f"{V}/kojinhyo-2023-yubin-nashi.xml", kojinhyo(ver="2023", kisai="2025-05-20", yubin=None,
    shimei="中村 次郎", kana="ナカムラ　ジロウ", birth="1972-11-03",
    note="合成データ。2023年版では 患者/郵便番号 は任意なので有効（invalid/kojinhyo-2025-yubin-nashi.xml と様式版だけが違う）"))
w(f"{V}/kojinhyo-2025-koushin.xml", kojinhyo(shinsei="2", jukyu="1234567", kohi="54139999",
    shimei="鈴木 一郎", kana="スズキ　イチロウ", birth="1965-01-31", sex="1",
    yubin="3456789", jusho="埼玉県架空市見本町10番地11",
    renraku='<メールアドレス>ichiro.suzuki@example.com</メールアドレス>',
    kokuji="49", byomei="全身性エリテマトーデス",
    iryo_tel="048-000-2222", kisai="2025-07-01"))
w(f"{V}/kojinhyo-2025-henkou.xml", kojinhyo(shinsei="3", jukyu="7654321", kohi="54139999",
    shimei="小林 恵子", kana="コバヤシ　ケイコ", birth="1958-12-24", sex="2",
    kioureki=[("糖尿病", "2010-09")], kisai="2025-09-15",
    note="合成データ。申請区分 3（変更）は 2025年版でのみ有効（invalid/kojinhyo-2023-shinseikubun-3.xml と様式版だけが違う）"))
w(f"{V}/ikensho-2025.xml", ikensho())

# Shift_JIS: content restricted to JIS X 0208 characters so cp932 and strict Shift_JIS agree.
sj = kojinhyo(shimei="高橋 美咲", kana="タカハシ　ミサキ", birth="1990-03-08", sex="2",
    yubin="456-7890", jusho="大阪府架空市見本区表町3丁目4番5号",
    renraku='<電話番号>06-0000-4321</電話番号>', kokuji="13", byomei="多発性硬化症／視神経脊髄炎",
    iryo="見本大学医学部附属病院", code="2712345678", shozai="大阪府架空市見本区大学通2番地",
    shiteii_no="2700054321", shiteii="伊藤 直樹", kisai="2025-04-21",
    note="合成データ。Shift_JIS で保存").replace('encoding="UTF-8"', 'encoding="Shift_JIS"')
b = sj.encode("cp932")
assert b.decode("shift_jis") == sj  # strict Shift_JIS (JIS X 0208) round trip
wb(f"{V}/kojinhyo-2025-sjis.xml", b.replace(b"\n", b"\r\n"))  # Windows-style line ends, as a clerk's PC would save

u16 = ikensho(decl='<?xml version="1.0" encoding="UTF-16"?>', shinsei="2", jukyu="2345678", kohi="52139999",
    shimei="伊藤 翔", kana="イトウ　ショウ", birth="2012-10-10", sex="1", yubin="567-8901",
    jusho="北海道架空市見本町5条6丁目", hogosha=("伊藤 由美", "イトウ　ユミ", "2", '<メールアドレス>yumi.ito@example.com</メールアドレス>'),
    shikkangun="4", byomei="先天性心疾患（架空の記載例）",
    kioureki=[("川崎病", "2014-02"), ("気管支喘息", "2016-11"), ("肺炎", None)],
    code="0112345678", iryo="見本市立こども病院", shozai=None, iryo_tel=None,
    shiteii_no="0100011111", shiteii="渡辺 聡", kisai="2025-10-01",
    note="合成データ。UTF-16LE（BOM 付き）で保存")
wb(f"{V}/ikensho-2025-utf16.xml", b"\xff\xfe" + u16.encode("utf-16-le"))

# ---------------- invalid ----------------
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
    shimei="中村 次郎", kana="ナカムラ　ジロウ", birth="1972-11-03",
    note=note("2025年版で必須になった 患者/郵便番号 がない（valid/kojinhyo-2023-yubin-nashi.xml と様式版だけが違う）")))
w(f"{I}/kojinhyo-2023-shinseikubun-3.xml", kojinhyo(ver="2023", kisai="2025-09-15", shinsei="3", jukyu="7654321", kohi="54139999",
    shimei="小林 恵子", kana="コバヤシ　ケイコ", birth="1958-12-24", sex="2",
    kioureki=[("糖尿病", "2010-09")],
    note=note("様式版=\"2023\" で 申請区分 3（変更）: 2023年版の列挙値は 1, 2 のみ（valid/kojinhyo-2025-henkou.xml と様式版だけが違う）")))
w(f"{I}/kojinhyo-2025-kokuji-401.xml", kojinhyo(kokuji="401",
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
print("ok")
