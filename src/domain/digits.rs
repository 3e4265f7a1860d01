//! 検証番号 (check digits) of the identifiers on the forms.
//!
//! One rule serves all four (厚生労働省「保険者番号、公費負担者番号、公費負担医療の受給者番号並びに
//! 医療機関コード及び薬局コード設定要領」, 別添２): from the rightmost digit of the body, multiply by 2
//! and 1 alternately, add the digits of each product, and the check digit is 10 minus the last
//! digit of the sum (0 when that digit is 0) — the Luhn scheme. The number types differ only in
//! their length and which digits form the body.

use crate::schema_set::CheckDigit;

/// Why a number fails its check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigitError {
    /// Not the right number of ASCII digits; the accepted lengths.
    Shape(&'static str),
    /// The check digit does not match the body.
    Mismatch,
}

impl CheckDigit {
    pub fn name_ja(self) -> &'static str {
        match self {
            CheckDigit::Insurer => "保険者番号",
            CheckDigit::PublicPayer => "公費負担者番号",
            CheckDigit::Recipient => "受給者番号",
            CheckDigit::Institution => "医療機関コード",
        }
    }

    /// How many digits a number of this kind has, the usual length first.
    pub fn lengths(self) -> &'static [usize] {
        match self {
            CheckDigit::Insurer => &[8, 6],
            CheckDigit::PublicPayer => &[8],
            CheckDigit::Recipient => &[7],
            CheckDigit::Institution => &[10],
        }
    }

    /// Checks `value` (surrounding spaces ignored).
    pub fn verify(self, value: &str) -> Result<(), DigitError> {
        let digits: Vec<u8> = value.trim().bytes().collect();
        let shape = match self {
            CheckDigit::Insurer => "8 桁（国民健康保険は 6 桁）",
            CheckDigit::PublicPayer => "8 桁",
            CheckDigit::Recipient => "7 桁",
            CheckDigit::Institution => "10 桁（都道府県 2 桁・点数表 1 桁・医療機関コード 7 桁）",
        };
        if !self.lengths().contains(&digits.len()) || !digits.iter().all(u8::is_ascii_digit) {
            return Err(DigitError::Shape(shape));
        }
        let digits: Vec<u8> = digits.iter().map(|d| d - b'0').collect();
        // The body is every digit before the last: the 医療機関コード's check digit covers the
        // 都道府県 and 点数表 digits too (設定要領 第４-５: 34 1 07 1236 → 2).
        let (body, check) = digits.split_at(digits.len() - 1);
        if luhn_check_digit(body) == check[0] {
            Ok(())
        } else {
            Err(DigitError::Mismatch)
        }
    }
}

/// The check digit of `body` (digits 0–9) under the modulus-10, weights 2-1 rule.
pub fn luhn_check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let p = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use CheckDigit::*;

    // Published numbers, each with where it was published.
    #[test]
    fn insurer_numbers() {
        // 千葉県警察 共済: the worked example at www5f.biglobe.ne.jp/~h-it/mlcont/mc0124.htm.
        assert_eq!(Insurer.verify("33120015"), Ok(()));
        // 設定要領 別添２ 第1-5 worked example (body 0613048, sum 22).
        assert_eq!(Insurer.verify("06130488"), Ok(()));
        // 全国健康保険協会 東京支部.
        assert_eq!(Insurer.verify("01130012"), Ok(()));
        // 兵庫県後期高齢者医療広域連合.
        assert_eq!(Insurer.verify("39280003"), Ok(()));
        assert_eq!(Insurer.verify("33120016"), Err(DigitError::Mismatch));
        assert_eq!(Insurer.verify("01130021"), Err(DigitError::Mismatch));
        // 国保 6 digits: the same rule on 都道府県 2 + 保険者別 3 (no published number was found;
        // a leading 00 pad of the 8-digit 電算 form adds nothing, so both forms agree).
        assert_eq!(Insurer.verify("138016"), Ok(()));
        assert_eq!(Insurer.verify("00138016"), Ok(()));
        assert_eq!(Insurer.verify("138017"), Err(DigitError::Mismatch));
        assert!(matches!(
            Insurer.verify("3312001"),
            Err(DigitError::Shape(_))
        ));
    }

    #[test]
    fn public_payer_numbers() {
        // 難病 (法別 54) worked example at nanbyo.ukure.com/kiten.
        assert_eq!(PublicPayer.verify("54016027"), Ok(()));
        // 東京都 難病 54136015, and 51136018 (特定疾患), listed in hangilc/myclinic-ts.
        assert_eq!(PublicPayer.verify("54136015"), Ok(()));
        assert_eq!(PublicPayer.verify("51136018"), Ok(()));
        assert_eq!(PublicPayer.verify("54136016"), Err(DigitError::Mismatch));
        // A transposition of two neighbouring digits is caught.
        assert_eq!(PublicPayer.verify("45136015"), Err(DigitError::Mismatch));
        assert!(matches!(
            PublicPayer.verify("5413601"),
            Err(DigitError::Shape(_))
        ));
        assert!(matches!(
            PublicPayer.verify("5413６015"),
            Err(DigitError::Shape(_))
        ));
    }

    #[test]
    fn recipient_numbers() {
        // 受給者番号 is 受給者区分 6 + 検証番号 1 (厚労省 tp0305-1az); no real number is published
        // (they are personal), so these are built by the rule and checked against its inverse.
        assert_eq!(Recipient.verify("1234566"), Ok(()));
        assert_eq!(Recipient.verify("0000018"), Ok(()));
        assert_eq!(Recipient.verify("1234567"), Err(DigitError::Mismatch));
        // The digital.go.jp API sample 0000002 is a placeholder: it fails.
        assert_eq!(Recipient.verify("0000002"), Err(DigitError::Mismatch));
    }

    #[test]
    fn institution_numbers() {
        // 設定要領 第４-５ worked example: 都道府県 34, 点数表 1, 郡市区 07, 番号 1236 → 2.
        assert_eq!(Institution.verify("3410712362"), Ok(()));
        // Wikipedia 医療機関コード infobox example: passes only when the body includes the
        // 都道府県 and 点数表 digits, which settles which digits form the body.
        assert_eq!(Institution.verify("0110113719"), Ok(()));
        assert_eq!(
            luhn_check_digit(&[0, 1, 1, 3, 7, 1]),
            2,
            "the 6-digit body would want 2"
        );
        assert_eq!(Institution.verify("0110113718"), Err(DigitError::Mismatch));
        assert!(matches!(
            Institution.verify("141234567"),
            Err(DigitError::Shape(_))
        ));
    }

    #[test]
    fn every_single_digit_error_is_caught() {
        for valid in ["33120015", "54136015", "3410712362", "1234566"] {
            for i in 0..valid.len() {
                for d in b'0'..=b'9' {
                    let mut v = valid.as_bytes().to_vec();
                    if v[i] == d {
                        continue;
                    }
                    v[i] = d;
                    let v = String::from_utf8(v).unwrap();
                    let scheme = match valid.len() {
                        10 => Institution,
                        7 => Recipient,
                        _ => PublicPayer,
                    };
                    assert_eq!(scheme.verify(&v), Err(DigitError::Mismatch), "{v}");
                }
            }
        }
    }
}
