//! The figures of several runs: their median, least and most.

pub struct Spread(Vec<f64>);

impl Spread {
    pub fn of(runs: &[f64]) -> Spread {
        let mut sorted = runs.to_vec();
        sorted.sort_by(f64::total_cmp);
        Spread(sorted)
    }

    pub fn median_value(&self) -> f64 {
        let n = self.0.len();
        match n {
            0 => f64::NAN,
            _ if n % 2 == 1 => self.0[n / 2],
            _ => (self.0[n / 2 - 1] + self.0[n / 2]) / 2.0,
        }
    }

    /// The median, with `digits` decimals.
    pub fn median(&self, digits: usize) -> String {
        format!("{:.digits$}", self.median_value())
    }

    /// `least–most`, with `digits` decimals.
    pub fn range(&self, digits: usize) -> String {
        match (self.0.first(), self.0.last()) {
            (Some(least), Some(most)) => format!("{least:.digits$}–{most:.digits$}"),
            _ => "–".into(),
        }
    }
}
