//! Numbers written out, as the report writes its counts: « onze (11) »,
//! « trois (03) ». From 0 to 999 999, traditional French spelling
//! (« quatre-vingts », « vingt et un », « deux cents »).

use super::Lang;

const FR_UNITS: [&str; 17] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize",
];
const FR_TENS: [&str; 8] = [
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "soixante",
    "quatre-vingt",
    "quatre-vingt",
];

/// 0 to 99 in French.
fn fr_below_100(n: u64) -> String {
    match n {
        0..=16 => FR_UNITS[n as usize].to_string(),
        17..=19 => format!("dix-{}", FR_UNITS[(n - 10) as usize]),
        _ => {
            let (tens, unit) = (n / 10, n % 10);
            let base = FR_TENS[(tens - 2) as usize];
            match (tens, unit) {
                // soixante-dix…, quatre-vingt-dix…: the teens after the tens.
                (7 | 9, _) => {
                    let rest = fr_below_100(10 + unit);
                    let and = if tens == 7 && unit == 1 { " et " } else { "-" };
                    format!("{base}{and}{rest}")
                }
                (8, 0) => "quatre-vingts".to_string(),
                (8, _) => format!("{base}-{}", FR_UNITS[unit as usize]),
                (_, 0) => base.to_string(),
                (_, 1) => format!("{base} et un"),
                _ => format!("{base}-{}", FR_UNITS[unit as usize]),
            }
        }
    }
}

/// 0 to 999 in French; `end`: whether nothing follows (« cents » and
/// « quatre-vingts » take their s only at the end of a number).
fn fr_below_1000(n: u64, end: bool) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let rest_words = if rest == 80 && !end {
        "quatre-vingt".to_string()
    } else {
        fr_below_100(rest)
    };
    let head = match hundreds {
        0 => return rest_words,
        1 => "cent".to_string(),
        h if rest == 0 && end => format!("{} cents", FR_UNITS[h as usize]),
        h => format!("{} cent", FR_UNITS[h as usize]),
    };
    if rest == 0 {
        head
    } else {
        format!("{head} {rest_words}")
    }
}

fn french(n: u64) -> String {
    let (thousands, rest) = (n / 1000, n % 1000);
    let head = match thousands {
        0 => String::new(),
        1 => "mille".to_string(),
        t => format!("{} mille", fr_below_1000(t, false)),
    };
    match (head.is_empty(), rest) {
        (true, _) => fr_below_1000(rest, true),
        (false, 0) => head,
        (false, _) => format!("{head} {}", fr_below_1000(rest, true)),
    }
}

const EN_UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const EN_TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

fn english_below_1000(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let below_100 = match rest {
        0..=19 => EN_UNITS[rest as usize].to_string(),
        _ if rest % 10 == 0 => EN_TENS[(rest / 10 - 2) as usize].to_string(),
        _ => format!(
            "{}-{}",
            EN_TENS[(rest / 10 - 2) as usize],
            EN_UNITS[(rest % 10) as usize]
        ),
    };
    match (hundreds, rest) {
        (0, _) => below_100,
        (h, 0) => format!("{} hundred", EN_UNITS[h as usize]),
        (h, _) => format!("{} hundred and {below_100}", EN_UNITS[h as usize]),
    }
}

fn english(n: u64) -> String {
    let (thousands, rest) = (n / 1000, n % 1000);
    match (thousands, rest) {
        (0, _) => english_below_1000(rest),
        (t, 0) => format!("{} thousand", english_below_1000(t)),
        (t, _) => format!(
            "{} thousand {}",
            english_below_1000(t),
            english_below_1000(rest)
        ),
    }
}

/// `n` written out, then in figures: « onze (11) », « trois (03) »; beyond
/// 999 999, figures only.
pub fn count_in_words(n: u64, lang: Lang) -> String {
    if n > 999_999 {
        return n.to_string();
    }
    let words = match lang {
        Lang::Fr => french(n),
        Lang::En => english(n),
    };
    format!("{words} ({n:02})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_counts_are_written_as_the_report_writes_them() {
        let fr = |n| count_in_words(n, Lang::Fr);
        assert_eq!(fr(11), "onze (11)");
        assert_eq!(fr(3), "trois (03)");
        assert_eq!(fr(10), "dix (10)");
        for (n, w) in [
            (17, "dix-sept"),
            (21, "vingt et un"),
            (71, "soixante et onze"),
            (77, "soixante-dix-sept"),
            (80, "quatre-vingts"),
            (81, "quatre-vingt-un"),
            (91, "quatre-vingt-onze"),
            (100, "cent"),
            (200, "deux cents"),
            (280, "deux cent quatre-vingts"),
            (1000, "mille"),
            (2080, "deux mille quatre-vingts"),
            (80_000, "quatre-vingt mille"),
            (200_000, "deux cent mille"),
        ] {
            assert_eq!(french(n), w, "{n}");
        }
        assert_eq!(count_in_words(11, Lang::En), "eleven (11)");
        assert_eq!(english(342), "three hundred and forty-two");
    }
}
