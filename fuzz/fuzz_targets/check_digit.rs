//! 検証番号 on their own: any text gets an answer for each number type, never a panic; a number
//! of the wrong shape is a shape error; and for any body exactly one last digit verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rinko_core::domain::DigitError;
use rinko_core::schema_set::CheckDigit;

/// Each type with its body length (the number less its check digit).
const TYPES: [(CheckDigit, usize); 4] = [
    (CheckDigit::Insurer, 7),
    (CheckDigit::PublicPayer, 7),
    (CheckDigit::Recipient, 6),
    (CheckDigit::Institution, 9),
];

fuzz_target!(|text: &str| {
    for (kind, _) in TYPES {
        if let Err(DigitError::Shape(shape)) = kind.verify(text) {
            assert!(!shape.is_empty());
        }
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    for (kind, body_len) in TYPES {
        let Some(body) = digits.get(..body_len) else {
            continue;
        };
        let verifying: Vec<char> = ('0'..='9')
            .filter(|last| kind.verify(&format!("{body}{last}")).is_ok())
            .collect();
        assert_eq!(
            verifying.len(),
            1,
            "{} {body}: {verifying:?}",
            kind.name_ja()
        );
        let wrong = format!("{body}{}", if verifying[0] == '0' { '1' } else { '0' });
        assert_eq!(kind.verify(&wrong), Err(DigitError::Mismatch));
        assert!(matches!(
            kind.verify(&format!("{body}{}x", verifying[0])),
            Err(DigitError::Shape(_))
        ));
    }
});
