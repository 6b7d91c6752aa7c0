//! Exact amounts of money for project tables: parsing what editors write (`15亿元`, `8,000万`,
//! `约10亿元`, `十五亿元`, or a bare number meaning 万元), exact summation, and display as
//! `X.XX亿元` / `X万元` and `CNY 1.5 billion` / `CNY 80 million`.
//!
//! Amounts are whole numbers of 元 held in an `i64`. Parsing works on decimal digits with
//! integer arithmetic only, so `0.1万元` is exactly 1000 元 and ten of them sum to exactly 1万元.

use std::fmt;
use std::iter::Sum;
use std::ops::Add;

/// An exact amount of money, stored as an integer number of 元 (yuan). Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(i64);

/// A parse failure, in plain words, naming the offending text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountError {
    /// What went wrong, in Chinese and English, with the offending text in quotes.
    pub message: String,
}

/// One-line hint listing the forms [`Amount::parse`] accepts.
pub const ACCEPTED_FORMS: &str = "accepted forms (可用写法): 35000 (a bare number means 万元), \
     8000万元, 8,000万, 1.5亿元, 15 亿, 500000元, 约10亿元, 十五亿元, 一亿五千万元";

const YUAN_PER_WAN: i64 = 10_000;
const YUAN_PER_YI: i64 = 100_000_000;

/// Digits kept after the decimal point while parsing. The largest multiplier a numeral can
/// carry is 千万亿 (10^15), so a non-zero 17th decimal can never make a whole 元.
const SCALE_DIGITS: u32 = 16;
/// One unit of a parsed numeral, in its internal fixed-point representation.
const ONE: i128 = 10_i128.pow(SCALE_DIGITS);

const WAN: i128 = 10_000;
const YI: i128 = 100_000_000;

impl Amount {
    /// No money at all.
    pub const ZERO: Amount = Amount(0);

    /// An amount of `yuan` 元.
    pub const fn from_yuan(yuan: i64) -> Amount {
        Amount(yuan)
    }

    /// An amount of `wan` 万元 (1 万元 = 10,000 元), saturating at the limits of `i64`.
    pub const fn from_wan(wan: i64) -> Amount {
        Amount(wan.saturating_mul(YUAN_PER_WAN))
    }

    /// The exact number of 元.
    pub const fn yuan(self) -> i64 {
        self.0
    }

    /// The amount in 万元 as a float, for JSON and CSV numbers only (never for arithmetic).
    pub fn wan(self) -> f64 {
        self.0 as f64 / YUAN_PER_WAN as f64
    }

    /// The exact amount in 万元 as decimal text with up to four decimals, trailing zeros
    /// trimmed: `"15000"`, `"123.45"`, `"0.0001"`.
    pub fn wan_decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        let whole = magnitude / YUAN_PER_WAN.unsigned_abs();
        let fraction = magnitude % YUAN_PER_WAN.unsigned_abs();
        if fraction == 0 {
            return format!("{sign}{whole}");
        }
        let digits = format!("{fraction:04}");
        format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
    }

    /// Chinese display: `X.XX亿元` (exactly two decimals) from one 亿 up, otherwise 万元 with at
    /// most two decimals (`8000万元`, `123.45万元`, `0.5万元`, `0万元`); rounded half up.
    pub fn display_zh(self) -> String {
        let magnitude = u128::from(self.0.unsigned_abs());
        if magnitude >= u128::from(YUAN_PER_YI.unsigned_abs()) {
            // Hundredths of 亿 are units of 1,000,000 元.
            let hundredths = round_half_up(magnitude, 1_000_000);
            let sign = sign_of(self.0, hundredths);
            format!("{sign}{}.{:02}亿元", hundredths / 100, hundredths % 100)
        } else {
            // Hundredths of 万 are units of 100 元.
            let hundredths = round_half_up(magnitude, 100);
            let sign = sign_of(self.0, hundredths);
            format!("{sign}{}万元", trimmed_hundredths(hundredths))
        }
    }

    /// English display: `CNY X billion` from one billion 元 up, otherwise `CNY X million`, with
    /// at most two decimals, rounded half up: `CNY 1.5 billion`, `CNY 80 million`.
    pub fn display_en(self) -> String {
        let magnitude = u128::from(self.0.unsigned_abs());
        let (hundredths, word) = if magnitude >= 1_000_000_000 {
            (round_half_up(magnitude, 10_000_000), "billion")
        } else {
            (round_half_up(magnitude, 10_000), "million")
        };
        let sign = sign_of(self.0, hundredths);
        format!("CNY {sign}{} {word}", trimmed_hundredths(hundredths))
    }

    /// Parses an amount as editors write it. A bare number means 万元; see [`ACCEPTED_FORMS`].
    /// Callers convert YAML numbers to their text form first.
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        let quoted = text.trim_matches(is_space);
        let normalized = normalize(text);
        let trimmed = normalized.trim();
        if trimmed.is_empty() {
            return Err(AmountError::new(Problem::Empty, quoted));
        }
        parse_normalized(trimmed)
            .map(Amount)
            .map_err(|problem| AmountError::new(problem, quoted))
    }

    /// Exact addition, `None` on overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }
}

impl Add for Amount {
    type Output = Amount;

    /// Exact addition, saturating at the limits of `i64` (far beyond any real project).
    fn add(self, other: Amount) -> Amount {
        Amount(self.0.saturating_add(other.0))
    }
}

impl Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Amount> for Amount {
    fn sum<I: Iterator<Item = &'a Amount>>(iter: I) -> Amount {
        iter.copied().sum()
    }
}

impl fmt::Display for Amount {
    /// Same as [`Amount::display_zh`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_zh())
    }
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AmountError {}

/// Why a text is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Empty,
    Unrecognised,
    Foreign,
    Negative,
    TooPrecise,
    TooLarge,
    Ambiguous,
}

impl AmountError {
    fn new(problem: Problem, text: &str) -> AmountError {
        let message = match problem {
            Problem::Empty => "金额为空 (empty amount)".to_string(),
            Problem::Unrecognised => format!("无法识别的金额 '{text}' (unrecognised amount)"),
            Problem::Foreign => format!(
                "不接受外币金额 '{text}'，请换算为人民币 \
                 (foreign currency is not accepted: convert to 元)"
            ),
            Problem::Negative => {
                format!("金额不能为负数 '{text}' (negative amounts are not accepted)")
            }
            Problem::TooPrecise => format!(
                "金额 '{text}' 精确到了 1 元以下 (more precision than 1 元 is not accepted)"
            ),
            Problem::TooLarge => format!("金额 '{text}' 过大 (amount too large)"),
            Problem::Ambiguous => format!(
                "金额 '{text}' 有歧义，请写明单位，如 1.5亿元 或 15000万元 \
                 (ambiguous: write the unit, e.g. 1.5亿元 or 15000万元)"
            ),
        };
        AmountError { message }
    }
}

/// Rounds `value / unit` half up.
fn round_half_up(value: u128, unit: u128) -> u128 {
    (value + unit / 2) / unit
}

/// A minus sign for negative amounts that do not round to zero.
fn sign_of(value: i64, rounded: u128) -> &'static str {
    if value < 0 && rounded != 0 { "-" } else { "" }
}

/// `hundredths / 100` with at most two decimals, trailing zeros and dot trimmed.
fn trimmed_hundredths(hundredths: u128) -> String {
    let whole = hundredths / 100;
    let fraction = hundredths % 100;
    if fraction == 0 {
        whole.to_string()
    } else if fraction.is_multiple_of(10) {
        format!("{whole}.{}", fraction / 10)
    } else {
        format!("{whole}.{fraction:02}")
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}')
}

/// Full-width ASCII forms (０-９, ．, ，, －, letters…) to ASCII, small-form punctuation and the
/// minus sign to ASCII, every kind of space to a plain space.
fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '﹒' => '.',
            '﹐' => ',',
            '−' | '﹣' => '-',
            c if is_space(c) => ' ',
            c => c,
        })
        .collect()
}

/// Currency words that are not 人民币, separated by spaces. Checked before anything else so
/// that `15亿美元` gets a clear message.
const FOREIGN_CURRENCIES: &str = "美元 美金 港元 港币 港幣 欧元 歐元 日元 日圆 日圓 英镑 英鎊 \
     韩元 韓元 澳元 澳门元 澳門元 加元 新台币 台币 卢布 法郎 泰铢 新加坡元 外币 \
     USD US$ HKD HK$ EUR GBP JPY AUD CAD $ € £";

/// Ignored words before the number, longest first so that 超过 wins over 超.
const LEADING_WORDS: &[&str] = &["大约", "约合", "超过", "人民币", "约", "近", "超", "逾"];
/// Ignored words after the unit.
const TRAILING_WORDS: &[&str] = &["左右", "以上", "人民币"];

/// Parses trimmed, normalised, non-empty text to a number of 元.
fn parse_normalized(text: &str) -> Result<i64, Problem> {
    let upper = text.to_ascii_uppercase();
    if FOREIGN_CURRENCIES
        .split_whitespace()
        .any(|word| upper.contains(word))
    {
        return Err(Problem::Foreign);
    }
    let core = strip_words(text);
    if let Some(rest) = core.strip_prefix('-').or_else(|| core.strip_prefix('负')) {
        // A sign before an otherwise valid amount is a negative amount; anything else
        // (`--5`, `-abc`) is simply not an amount.
        return Err(match parse_core(rest.trim_start()) {
            Ok(_) => Problem::Negative,
            Err(_) => Problem::Unrecognised,
        });
    }
    parse_core(core)
}

/// Removes the qualifiers (约, 超过, 左右…) and the currency name 人民币 around the amount.
fn strip_words(mut text: &str) -> &str {
    'leading: loop {
        for word in LEADING_WORDS {
            if let Some(rest) = text.strip_prefix(word) {
                text = rest.trim_start();
                continue 'leading;
            }
        }
        break;
    }
    'trailing: loop {
        for word in TRAILING_WORDS {
            if let Some(rest) = text.strip_suffix(word) {
                text = rest.trim_end();
                continue 'trailing;
            }
        }
        break;
    }
    text
}

/// Parses a number with an optional unit (元, 万元, 百万元, 千万元, 亿元…) to a number of 元.
fn parse_core(text: &str) -> Result<i64, Problem> {
    let (body, explicit_yuan) = match text.strip_suffix('元') {
        Some(body) => (body.trim_end(), true),
        None => (text, false),
    };
    if body.is_empty() {
        return Err(Problem::Unrecognised);
    }
    let numeral = evaluate(&tokenize(body)?)?;
    // 万 and 亿 are read as part of the numeral, so `8000万`, `一亿五千万` and `1亿5000万`
    // are already in 元. A numeral without 万 or 亿 and without 元 is a count of 万元.
    let scaled = if explicit_yuan || numeral.ends_with_big {
        numeral.value
    } else if numeral.has_big {
        // `一亿五千`: strictly 100,005,000 元, colloquially 1.5亿. Refuse to guess.
        return Err(Problem::Ambiguous);
    } else {
        numeral.value.checked_mul(WAN).ok_or(Problem::TooLarge)?
    };
    if scaled % ONE != 0 {
        return Err(Problem::TooPrecise);
    }
    i64::try_from(scaled / ONE).map_err(|_| Problem::TooLarge)
}

/// A piece of a numeral. Numbers are fixed-point, in units of `1 / ONE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// Arabic digits (`8,000`, `1.5`) or one Chinese digit; `zero_word` marks 零 / 〇.
    Number {
        value: i128,
        fractional: bool,
        zero_word: bool,
    },
    /// 点 and the Chinese digits after it: the fractional part.
    Fraction(i128),
    /// 十, 百 or 千.
    Small(i128),
    /// 万 or 亿.
    Big(i128),
}

fn chinese_digit(c: char) -> Option<u8> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn ascii_digit(c: char) -> Option<u8> {
    c.to_digit(10).and_then(|d| u8::try_from(d).ok())
}

fn tokenize(text: &str) -> Result<Vec<Token>, Problem> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let (token, next) = arabic_number(&chars, i)?;
            tokens.push(token);
            i = next;
            continue;
        }
        if let Some(digit) = chinese_digit(c) {
            tokens.push(Token::Number {
                value: i128::from(digit) * ONE,
                fractional: false,
                zero_word: digit == 0,
            });
            i += 1;
            continue;
        }
        if c == '点' {
            let (fraction, next) = fraction_digits(&chars, i + 1, chinese_digit)?;
            tokens.push(Token::Fraction(fraction));
            i = next;
            continue;
        }
        tokens.push(match c {
            '十' | '拾' => Token::Small(10),
            '百' | '佰' => Token::Small(100),
            '千' | '仟' => Token::Small(1000),
            '万' | '萬' => Token::Big(WAN),
            '亿' | '億' => Token::Big(YI),
            _ => return Err(Problem::Unrecognised),
        });
        i += 1;
    }
    Ok(tokens)
}

/// Reads `1234`, `1,234,567` or `1234.5678` starting at `start`; returns the token and the
/// index after it. Thousands separators must group by three (so `1,5` is refused, not 15).
fn arabic_number(chars: &[char], start: usize) -> Result<(Token, usize), Problem> {
    let is_digit_at = |index: usize| chars.get(index).is_some_and(char::is_ascii_digit);
    let mut i = start;
    let mut whole: i128 = 0;
    let mut groups = 1;
    let mut group_len = 0;
    loop {
        match chars.get(i).copied() {
            Some(c) if c.is_ascii_digit() => {
                let digit = i128::from(ascii_digit(c).unwrap_or(0));
                whole = whole
                    .checked_mul(10)
                    .and_then(|w| w.checked_add(digit))
                    .ok_or(Problem::TooLarge)?;
                group_len += 1;
                i += 1;
            }
            Some(',') if is_digit_at(i + 1) => {
                let bad_group = if groups == 1 {
                    group_len > 3
                } else {
                    group_len != 3
                };
                if bad_group {
                    return Err(Problem::Unrecognised);
                }
                groups += 1;
                group_len = 0;
                i += 1;
            }
            _ => break,
        }
    }
    if groups > 1 && group_len != 3 {
        return Err(Problem::Unrecognised);
    }
    let mut value = whole.checked_mul(ONE).ok_or(Problem::TooLarge)?;
    let mut fractional = false;
    if chars.get(i) == Some(&'.') && is_digit_at(i + 1) {
        let (fraction, next) = fraction_digits(chars, i + 1, ascii_digit)?;
        value = value.checked_add(fraction).ok_or(Problem::TooLarge)?;
        fractional = fraction != 0;
        i = next;
    }
    let token = Token::Number {
        value,
        fractional,
        zero_word: false,
    };
    Ok((token, i))
}

/// Reads the digits after a decimal point as a fixed-point fraction; at least one digit.
fn fraction_digits(
    chars: &[char],
    start: usize,
    digit_of: fn(char) -> Option<u8>,
) -> Result<(i128, usize), Problem> {
    let mut value = 0;
    let mut place = ONE;
    let mut i = start;
    while let Some(digit) = chars.get(i).copied().and_then(digit_of) {
        place /= 10;
        if place == 0 {
            if digit != 0 {
                return Err(Problem::TooPrecise);
            }
        } else {
            value += i128::from(digit) * place;
        }
        i += 1;
    }
    if i == start {
        return Err(Problem::Unrecognised);
    }
    Ok((value, i))
}

/// The value of a numeral, before units are applied.
struct Numeral {
    /// Fixed-point, in units of `1 / ONE`.
    value: i128,
    /// The numeral contains 万 or 亿.
    has_big: bool,
    /// The numeral ends with 万 or 亿, so its value is already in 元.
    ends_with_big: bool,
}

/// Evaluates a numeral the way Chinese numbers are read: digits are multiplied by 十/百/千
/// within a group of four places, groups by 万, sections by 亿 (`一万亿` is 10^12).
/// Refuses sloppy or ambiguous forms: two numbers in a row (`二〇`), magnitudes out of
/// order (`一百千`), a part after 亿 or 万 that is too big for its place (`1亿15000万`),
/// anything after a decimal number but its units (`1.5亿3000万`).
fn evaluate(tokens: &[Token]) -> Result<Numeral, Problem> {
    use Problem::{TooLarge, Unrecognised};
    if tokens.is_empty() {
        return Err(Unrecognised);
    }
    let mut total: i128 = 0; // the 亿 section, once closed
    let mut wan: i128 = 0; // the 万 group of the current section, once closed
    let mut small: i128 = 0; // 十/百/千 parts of the current group
    let mut pending: Option<(i128, bool)> = None; // a number not yet multiplied; fractional?
    let mut last_small: i128 = 0; // the last 十/百/千 of the current group; 0 for none
    let mut seen_wan = false; // 万 closed a group in the current section
    let mut seen_yi = false;
    let mut fraction_used = false;
    let mut previous: Option<Token> = None;

    for (index, &token) in tokens.iter().enumerate() {
        match token {
            Token::Number {
                value,
                fractional,
                zero_word,
            } => {
                let next_is_number = matches!(tokens.get(index + 1), Some(Token::Number { .. }));
                if zero_word && next_is_number {
                    // 零 as a place holder: 十亿零五百万, 一千零五十.
                    previous = Some(token);
                    continue;
                }
                if pending.is_some() || fraction_used {
                    return Err(Unrecognised);
                }
                pending = Some((value, fractional));
                fraction_used = fractional;
            }
            Token::Fraction(fraction) => {
                let follows_whole = matches!(
                    previous,
                    Some(Token::Number {
                        fractional: false,
                        ..
                    }) | Some(Token::Small(_))
                );
                if !follows_whole {
                    return Err(Unrecognised);
                }
                let whole = pending.map_or(0, |(value, _)| value);
                pending = Some((whole + fraction, true));
                fraction_used = true;
            }
            Token::Small(unit) => {
                let coefficient = match pending.take() {
                    // 十五点五千 would need the fraction to apply to 十五.
                    Some((_, true)) if small != 0 => return Err(Unrecognised),
                    Some((value, _)) => value,
                    None if unit == 10 => ONE, // 十五, 十亿
                    None => return Err(Unrecognised),
                };
                if coefficient >= 10 * ONE || (last_small != 0 && unit >= last_small) {
                    return Err(Unrecognised);
                }
                small += coefficient * unit;
                last_small = unit;
            }
            Token::Big(unit) => {
                let has_group = pending.is_some() || last_small != 0;
                let group = small + pending.take().map_or(0, |(value, _)| value);
                if unit == WAN {
                    if seen_wan || !has_group || (seen_yi && group >= WAN * ONE) {
                        return Err(Unrecognised);
                    }
                    wan = group.checked_mul(WAN).ok_or(TooLarge)?;
                    seen_wan = true;
                } else {
                    // Without a group, 亿 must directly follow 万 (一万亿).
                    if seen_yi || !(has_group || seen_wan) || (seen_wan && group >= WAN * ONE) {
                        return Err(Unrecognised);
                    }
                    total = wan
                        .checked_add(group)
                        .and_then(|section| section.checked_mul(YI))
                        .ok_or(TooLarge)?;
                    wan = 0;
                    seen_wan = false;
                    seen_yi = true;
                }
                small = 0;
                last_small = 0;
            }
        }
        previous = Some(token);
    }

    let group = small + pending.map_or(0, |(value, _)| value);
    if (seen_wan && group >= WAN * ONE) || (seen_yi && group >= YI * ONE) {
        return Err(Unrecognised);
    }
    let value = total
        .checked_add(wan)
        .and_then(|value| value.checked_add(group))
        .ok_or(TooLarge)?;
    Ok(Numeral {
        value,
        has_big: tokens.iter().any(|token| matches!(token, Token::Big(_))),
        ends_with_big: matches!(tokens.last(), Some(Token::Big(_))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAN_YUAN: i64 = 10_000;
    const YI_YUAN: i64 = 100_000_000;

    #[test]
    fn valid_forms_parse_to_exact_yuan() {
        let cases: &[(&str, i64)] = &[
            // Bare numbers are 万元.
            ("35000", 35_000 * WAN_YUAN),
            ("1.5", 15_000),
            ("0", 0),
            ("0.0001", 1),
            ("1500.0", 1_500 * WAN_YUAN),
            ("1,234,567", 1_234_567 * WAN_YUAN),
            ("1,500.5", 15_005_000),
            // Arabic numbers with units.
            ("8000万元", 8_000 * WAN_YUAN),
            ("8000万", 8_000 * WAN_YUAN),
            ("8,000万", 8_000 * WAN_YUAN),
            ("123.45万元", 1_234_500),
            ("15亿元", 15 * YI_YUAN),
            ("15 亿", 15 * YI_YUAN),
            ("15亿 元", 15 * YI_YUAN),
            ("1.5亿元", 150_000_000),
            ("1.23456789亿元", 123_456_789),
            ("500000元", 500_000),
            ("5百万", 5_000_000),
            ("5百万元", 5_000_000),
            ("3千万元", 30_000_000),
            ("1.5千万", 15_000_000),
            ("15000万元", 15_000 * WAN_YUAN),
            ("10000亿元", 10_000 * YI_YUAN),
            // Qualifiers and 人民币.
            ("约10亿元", 10 * YI_YUAN),
            ("大约10亿元", 10 * YI_YUAN),
            ("约合1.2亿元", 120_000_000),
            ("近5000万元", 5_000 * WAN_YUAN),
            ("超2亿", 2 * YI_YUAN),
            ("超过2亿元", 2 * YI_YUAN),
            ("逾3亿元", 3 * YI_YUAN),
            ("10亿元左右", 10 * YI_YUAN),
            ("5000万元以上", 5_000 * WAN_YUAN),
            ("人民币10亿元", 10 * YI_YUAN),
            ("10亿元人民币", 10 * YI_YUAN),
            ("10亿人民币", 10 * YI_YUAN),
            ("8000万元人民币", 8_000 * WAN_YUAN),
            ("约 1.5 亿元 左右", 150_000_000),
            // Chinese numerals.
            ("十五亿元", 15 * YI_YUAN),
            ("三千万元", 30_000_000),
            ("一亿五千万元", 150_000_000),
            ("两千五百万", 25_000_000),
            ("十亿零五百万元", 1_005_000_000),
            ("一点五亿元", 150_000_000),
            ("五百万元", 5_000_000),
            ("一百二十万元", 1_200_000),
            ("十点五亿", 1_050_000_000),
            ("十五点五万元", 155_000),
            ("零点五亿元", 50_000_000),
            ("两亿", 2 * YI_YUAN),
            ("一万亿元", 10_000 * YI_YUAN),
            ("一万五千亿元", 15_000 * YI_YUAN),
            ("壹亿伍仟万元", 150_000_000),
            ("三千", 3_000 * WAN_YUAN),
            ("十五", 15 * WAN_YUAN),
            ("一千零五十万元", 10_500_000),
            ("一亿五千元", 100_005_000),
            ("5万3000元", 53_000),
            // Mixed.
            ("1亿5000万元", 150_000_000),
            ("1亿零500万", 105_000_000),
            // Full-width characters and odd spaces.
            ("１５亿元", 15 * YI_YUAN),
            ("１，５００万元", 1_500 * WAN_YUAN),
            ("１．５亿元", 150_000_000),
            ("\u{3000}15亿元\u{00A0}", 15 * YI_YUAN),
            ("15\u{3000}亿", 15 * YI_YUAN),
            // The largest amount.
            ("922337203685477.5807万元", i64::MAX),
        ];
        assert!(cases.len() >= 30);
        for &(text, yuan) in cases {
            assert_eq!(Amount::parse(text), Ok(Amount::from_yuan(yuan)), "{text}");
        }
    }

    #[test]
    fn invalid_forms_are_errors_naming_the_text() {
        // (text, a word the message must contain)
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("  \u{3000}", "empty"),
            ("abc", "unrecognised"),
            ("15亿美元", "foreign currency"),
            ("USD 5 million", "foreign currency"),
            ("5000万港元", "foreign currency"),
            ("1.2.3亿", "unrecognised"),
            ("亿元", "unrecognised"),
            ("万元", "unrecognised"),
            ("千万元", "unrecognised"),
            ("元", "unrecognised"),
            ("--5", "unrecognised"),
            ("-5", "negative"),
            ("-5亿元", "negative"),
            ("负5亿元", "negative"),
            ("－１５亿元", "negative"),
            ("0.00001万元", "precision"),
            ("0.5元", "precision"),
            ("0.000000000000000001亿元", "precision"),
            ("99999999999999999999亿元", "too large"),
            ("922337203685477.5808万元", "too large"),
            ("十五点亿元", "unrecognised"),
            ("1,5亿", "unrecognised"),
            ("12,34", "unrecognised"),
            ("8000,", "unrecognised"),
            ("1.亿", "unrecognised"),
            ("1 5亿", "unrecognised"),
            ("二〇二四", "unrecognised"),
            ("15千万", "unrecognised"),
            ("一百千", "unrecognised"),
            ("1亿2亿", "unrecognised"),
            ("一万二万", "unrecognised"),
            ("1亿15000万", "unrecognised"),
            ("1.5亿3000万", "unrecognised"),
            ("十五点五千", "unrecognised"),
            ("一亿五千", "ambiguous"),
            ("1万5000", "ambiguous"),
            ("10余亿元", "unrecognised"),
            ("15亿元整", "unrecognised"),
            ("RMB 5亿", "unrecognised"),
            ("1e9", "unrecognised"),
        ];
        assert!(cases.len() >= 10);
        for &(text, word) in cases {
            let err = Amount::parse(text).expect_err(text);
            assert!(err.message.contains(word), "{text}: {}", err.message);
            if !text.trim().is_empty() {
                let quoted = format!("'{}'", text.trim_matches(is_space));
                assert!(err.message.contains(&quoted), "{text}: {}", err.message);
            }
            assert_eq!(err.to_string(), err.message);
        }
    }

    #[test]
    fn display_zh_cases() {
        let cases: &[(i64, &str)] = &[
            (0, "0万元"),
            (49, "0万元"),
            (50, "0.01万元"),
            (5_000, "0.5万元"),
            (15_000, "1.5万元"),
            (1_234_500, "123.45万元"),
            (1_234_549, "123.45万元"),
            (1_234_550, "123.46万元"),
            (80_000_000, "8000万元"),
            (99_999_999, "10000万元"),
            (100_000_000, "1.00亿元"),
            (150_000_000, "1.50亿元"),
            (1_500_000_000, "15.00亿元"),
            (123_450_000, "1.23亿元"),
            (123_499_999, "1.23亿元"),
            (123_500_000, "1.24亿元"),
            (i64::MAX, "92233720368.55亿元"),
            (-150_000_000, "-1.50亿元"),
            (-1, "0万元"),
        ];
        for &(yuan, shown) in cases {
            let amount = Amount::from_yuan(yuan);
            assert_eq!(amount.display_zh(), shown, "{yuan}");
            assert_eq!(amount.to_string(), shown, "{yuan}");
        }
    }

    #[test]
    fn display_en_cases() {
        let cases: &[(i64, &str)] = &[
            (0, "CNY 0 million"),
            (500_000, "CNY 0.5 million"),
            (1_234_500, "CNY 1.23 million"),
            (1_234_999, "CNY 1.23 million"),
            (1_235_000, "CNY 1.24 million"),
            (80_000_000, "CNY 80 million"),
            (999_999_999, "CNY 1000 million"),
            (1_000_000_000, "CNY 1 billion"),
            (1_234_567_890, "CNY 1.23 billion"),
            (1_235_000_000, "CNY 1.24 billion"),
            (1_500_000_000, "CNY 1.5 billion"),
            (15_000_000_000, "CNY 15 billion"),
            (-80_000_000, "CNY -80 million"),
        ];
        for &(yuan, shown) in cases {
            assert_eq!(Amount::from_yuan(yuan).display_en(), shown, "{yuan}");
        }
    }

    #[test]
    fn wan_decimal_and_wan_cases() {
        let cases: &[(i64, &str)] = &[
            (0, "0"),
            (1, "0.0001"),
            (10, "0.001"),
            (15_000, "1.5"),
            (10_010, "1.001"),
            (1_234_500, "123.45"),
            (150_000_000, "15000"),
            (i64::MAX, "922337203685477.5807"),
            (-15_000, "-1.5"),
        ];
        for &(yuan, text) in cases {
            assert_eq!(Amount::from_yuan(yuan).wan_decimal(), text, "{yuan}");
        }
        assert_eq!(Amount::from_yuan(15_000).wan(), 1.5);
        assert_eq!(Amount::from_wan(8_000).wan(), 8_000.0);
    }

    #[test]
    fn constructors_and_accessors() {
        assert_eq!(Amount::ZERO, Amount::default());
        assert_eq!(Amount::from_wan(1).yuan(), 10_000);
        assert_eq!(Amount::from_yuan(42).yuan(), 42);
        assert_eq!(Amount::from_wan(i64::MAX).yuan(), i64::MAX);
    }

    #[test]
    fn summation_is_exact() {
        let tenth = Amount::parse("0.1万元").unwrap();
        assert_eq!(tenth.yuan(), 1_000);
        let owned: Amount = std::iter::repeat_n(tenth, 10).sum();
        assert_eq!(owned, Amount::from_wan(1));
        let list = [Amount::parse("0.1").unwrap(); 10];
        let borrowed: Amount = list.iter().sum();
        assert_eq!(borrowed, Amount::from_wan(1));
        let mixed: Amount = ["1.5亿元", "8000万", "123.45万元", "500000元"]
            .iter()
            .map(|text| Amount::parse(text).unwrap())
            .sum();
        assert_eq!(mixed.yuan(), 150_000_000 + 80_000_000 + 1_234_500 + 500_000);
        let empty: Amount = std::iter::empty::<Amount>().sum();
        assert_eq!(empty, Amount::ZERO);
    }

    #[test]
    fn addition_checked_and_saturating() {
        let a = Amount::from_wan(1);
        assert_eq!(a + a, Amount::from_wan(2));
        assert_eq!(a.checked_add(a), Some(Amount::from_wan(2)));
        let max = Amount::from_yuan(i64::MAX);
        assert_eq!(max.checked_add(Amount::from_yuan(1)), None);
        assert_eq!(max + Amount::from_yuan(1), max);
    }

    #[test]
    fn round_trip_through_wan_decimal() {
        let values = [
            0,
            1,
            9_999,
            10_000,
            10_001,
            1_234_500,
            123_456_789,
            1_500_000_000,
            i64::MAX,
        ];
        for yuan in values {
            let amount = Amount::from_yuan(yuan);
            let with_unit = format!("{}万元", amount.wan_decimal());
            assert_eq!(Amount::parse(&with_unit), Ok(amount), "{with_unit}");
            assert_eq!(Amount::parse(&amount.wan_decimal()), Ok(amount), "{yuan}");
        }
    }

    #[test]
    fn accepted_forms_examples_parse() {
        assert!(!ACCEPTED_FORMS.contains('\n'));
        for example in [
            "35000",
            "8000万元",
            "8,000万",
            "1.5亿元",
            "15 亿",
            "500000元",
            "约10亿元",
            "十五亿元",
            "一亿五千万元",
        ] {
            assert!(ACCEPTED_FORMS.contains(example), "{example}");
            assert!(Amount::parse(example).is_ok(), "{example}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Amounts a catalog can hold: up to 千万亿元, far beyond any project.
        fn amount() -> impl Strategy<Value = Amount> {
            (0..=1_000_000_000_000_000_i64).prop_map(Amount::from_yuan)
        }

        proptest! {
            #[test]
            fn exact_wan_text_parses_back(amount in amount()) {
                prop_assert_eq!(Amount::parse(&amount.wan_decimal()), Ok(amount));
                prop_assert_eq!(Amount::parse(&format!("{}万元", amount.wan_decimal())), Ok(amount));
                prop_assert_eq!(Amount::parse(&format!("{}元", amount.yuan())), Ok(amount));
            }

            #[test]
            fn the_whole_i64_range_round_trips_through_wan_text(yuan in 0..=i64::MAX) {
                let amount = Amount::from_yuan(yuan);
                prop_assert_eq!(Amount::parse(&amount.wan_decimal()), Ok(amount));
            }

            #[test]
            fn chinese_display_parses_back_when_it_is_exact(hundredths in 0..=10_000_000_000_i64) {
                // display_zh shows hundredths of 亿 from one 亿 up, hundredths of 万 below it.
                for amount in [Amount::from_yuan(hundredths * 1_000_000), Amount::from_yuan(hundredths % 1_000_000 * 100)] {
                    prop_assert_eq!(Amount::parse(&amount.display_zh()), Ok(amount), "{}", amount.display_zh());
                }
            }

            #[test]
            fn sums_are_exact(amounts in proptest::collection::vec(amount(), 0..50)) {
                let texts: Vec<String> = amounts.iter().map(|a| a.wan_decimal()).collect();
                let parsed: Vec<Amount> = texts.iter().map(|t| Amount::parse(t).unwrap()).collect();
                let total: Amount = parsed.iter().sum();
                let exact: i128 = amounts.iter().map(|a| i128::from(a.yuan())).sum();
                prop_assert_eq!(i128::from(total.yuan()), exact);
                let checked = parsed.iter().try_fold(Amount::ZERO, |sum, a| sum.checked_add(*a));
                prop_assert_eq!(checked, Some(total));
                let reversed: Amount = parsed.iter().rev().sum();
                prop_assert_eq!(reversed, total);
            }

            #[test]
            fn displays_never_panic_and_stay_within_rounding(yuan in i64::MIN..=i64::MAX) {
                let amount = Amount::from_yuan(yuan);
                let zh = amount.display_zh();
                prop_assert!(zh.ends_with("亿元") || zh.ends_with("万元"), "{}", zh);
                prop_assert!(amount.display_en().starts_with("CNY "));
                if (0..=1_000_000_000_000_000).contains(&yuan) {
                    let shown = Amount::parse(&zh).unwrap().yuan();
                    let step = if yuan >= 100_000_000 { 1_000_000 } else { 100 };
                    prop_assert!((shown - yuan).abs() * 2 <= step, "{} shown as {}", yuan, zh);
                }
            }

            #[test]
            fn parse_never_panics(text in "\\PC{0,40}") {
                let _ = Amount::parse(&text);
            }
        }
    }
}
