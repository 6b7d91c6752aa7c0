//! The amount parser: never panics, and every amount it accepts displays without panicking
//! and parses back exactly from its 万元 text.

#![no_main]

use brochure::amount::Amount;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(amount) = Amount::parse(text) {
        assert!(amount.yuan() >= 0, "{text:?} parsed as a negative amount");
        assert_eq!(Amount::parse(&amount.wan_decimal()), Ok(amount), "{text:?}");
        let _ = (amount.display_zh(), amount.display_en());
    }
});
