//! The one output shape of every benchmark: what we measured, what the peer measured in
//! the same run, and the ratio (ours / peer: below 1 means we are faster or smaller).

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub measure: String,
    pub unit: &'static str,
    pub ours: f64,
    pub peer_name: String,
    pub peer: Option<f64>,
    /// The goal from the issue, e.g. "≤ 1.5× floor", printed beside the ratio.
    pub goal: String,
}

impl Row {
    pub fn ratio(&self) -> Option<f64> {
        self.peer.filter(|p| *p > 0.0).map(|p| self.ours / p)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
}

impl Table {
    pub fn render(&self) -> String {
        let header = ["measure", "ours", "peer", "peer figure", "ratio", "goal"];
        let mut lines: Vec<[String; 6]> = vec![header.map(String::from)];
        for r in &self.rows {
            lines.push([
                r.measure.clone(),
                format!("{:.3} {}", r.ours, r.unit),
                r.peer_name.clone(),
                r.peer.map_or("—".into(), |p| format!("{p:.3} {}", r.unit)),
                r.ratio().map_or("—".into(), |x| format!("{x:.2}×")),
                r.goal.clone(),
            ]);
        }
        let widths: Vec<usize> = (0..6)
            .map(|c| {
                lines
                    .iter()
                    .map(|l| l[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for line in &lines {
            let cells: Vec<String> = line
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell:<w$}", w = *w))
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(ours: f64, peer: Option<f64>) -> Row {
        Row {
            measure: "headers".into(),
            unit: "s",
            ours,
            peer_name: "imaplib".into(),
            peer,
            goal: "≤ 1.5×".into(),
        }
    }

    #[test]
    fn ratio_is_ours_over_peer() {
        assert_eq!(row(3.0, Some(2.0)).ratio(), Some(1.5));
        assert_eq!(row(3.0, None).ratio(), None);
        assert_eq!(
            row(3.0, Some(0.0)).ratio(),
            None,
            "a zero peer figure has no ratio"
        );
    }

    #[test]
    fn table_aligns_columns_and_shows_the_ratio() {
        let table = Table {
            rows: vec![row(3.0, Some(2.0)), row(1.0, None)],
        };
        let text = table.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].contains("1.50×"), "{text}");
        assert!(lines[2].contains('—'), "{text}");
        assert_eq!(lines[0].find("ours"), lines[1].find("3.000 s"));
    }
}
