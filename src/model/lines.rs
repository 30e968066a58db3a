//! Inclusive 1-based line ranges, the unit in which changes and findings are placed.

/// An inclusive 1-based line range, serialised as `[start, end]`.
pub type LineRange = (u32, u32);

/// Appends a range, merging it with the previous one when they touch.
pub fn push_range(ranges: &mut Vec<LineRange>, r: LineRange) {
    if let Some(last) = ranges.last_mut() {
        if r.0 <= last.1 + 1 {
            last.1 = last.1.max(r.1);
            return;
        }
    }
    ranges.push(r);
}

/// True when the inclusive span `[start, end]` touches any of the sorted `ranges`.
pub fn touches(ranges: &[LineRange], start: u32, end: u32) -> bool {
    let i = ranges.partition_point(|r| r.1 < start);
    ranges.get(i).is_some_and(|r| r.0 <= end)
}

/// How many lines the ranges cover.
pub fn count_lines(ranges: &[LineRange]) -> u32 {
    ranges.iter().map(|r| r.1 - r.0 + 1).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_and_counting() {
        let r = vec![(3, 5), (9, 9)];
        assert!(touches(&r, 5, 7));
        assert!(touches(&r, 1, 3));
        assert!(!touches(&r, 6, 8));
        assert!(touches(&r, 9, 20));
        assert!(!touches(&r, 10, 20));
        assert_eq!(count_lines(&r), 4);
        let mut merged = vec![(1, 2)];
        push_range(&mut merged, (3, 4));
        push_range(&mut merged, (6, 6));
        assert_eq!(merged, vec![(1, 4), (6, 6)]);
    }
}
