//! Work on many items in parallel, with results handed on strictly in item order, each as soon
//! as it and every earlier one are done, and never more than a fixed number of items ahead of
//! the first result not yet handed on: memory stays flat over any number of items.

use anyhow::{anyhow, Result};
use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Runs `work` on every item on `pool`'s threads and gives each result to `sink` on the calling
/// thread, in item order. At most `ahead` items are started beyond the first one `sink` has not
/// yet had. The first error, from `work` (in item order) or from `sink`, stops the run: items
/// not yet started are skipped, and that error is returned once those in flight are done.
///
/// Tasks never wait for one another: the calling thread starts each task once the window has
/// room. A worker that blocked until the window had room could, while a rayon `join` of its own
/// waited, be handed another item's task on the same stack and wait on itself.
pub fn map_in_order<T, R>(
    pool: &rayon::ThreadPool,
    items: &[T],
    ahead: usize,
    work: impl Fn(&T) -> Result<R> + Sync,
    mut sink: impl FnMut(R) -> Result<()>,
) -> Result<()>
where
    T: Sync,
    R: Send,
{
    let ahead = ahead.max(1);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, Result<R>)>();
    let (work, stop) = (&work, &stop);
    pool.in_place_scope(|scope| {
        let start = |index: usize| {
            let tx = tx.clone();
            scope.spawn(move |_| {
                let result = if stop.load(Ordering::Relaxed) {
                    Err(anyhow!("stopped"))
                } else {
                    // Every task must answer, or the loop below would wait for it forever.
                    panic::catch_unwind(AssertUnwindSafe(|| work(&items[index]))).unwrap_or_else(
                        |_| Err(anyhow!("internal error (a panic, reported above)")),
                    )
                };
                // The receiver is gone only when the run already ended with an error.
                let _ = tx.send((index, result));
            });
        };
        let mut started = 0;
        while started < items.len().min(ahead) {
            start(started);
            started += 1;
        }
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let outcome = (|| {
            while next < items.len() {
                // Every started task sends exactly once, and `tx` is still held here, so this
                // only fails if a task vanished without unwinding, which rayon does not do.
                let (index, result) = rx
                    .recv()
                    .map_err(|_| anyhow!("internal error: a worker ended without a result"))?;
                waiting.insert(index, result);
                while let Some(result) = waiting.remove(&next) {
                    sink(result?)?;
                    next += 1;
                    if started < items.len() {
                        start(started);
                        started += 1;
                    }
                }
            }
            Ok(())
        })();
        if outcome.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    /// Work whose duration varies per item, with nested rayon parallelism as a scan has, so
    /// that tasks finish out of order and threads steal each other's tasks while joining.
    fn uneven(item: &u64) -> u64 {
        std::thread::sleep(Duration::from_micros((item * 7919) % 900));
        let (a, b) = rayon::join(|| item * 2, || item + 1);
        a + b
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Results arrive in item order, each once, and never more than `ahead` items run
        /// beyond the next one the sink takes.
        #[test]
        fn hands_on_every_result_in_order_within_the_window(
            len in 0usize..200, ahead in 1usize..12, threads in 1usize..5,
        ) {
            let items: Vec<u64> = (0..len as u64).collect();
            let started = AtomicUsize::new(0);
            let mut seen = Vec::new();
            map_in_order(
                &pool(threads),
                &items,
                ahead,
                |item| {
                    started.fetch_add(1, Ordering::SeqCst);
                    Ok(uneven(item))
                },
                |value| {
                    let in_window = started.load(Ordering::SeqCst) <= seen.len() + ahead;
                    seen.push(value);
                    in_window.then_some(()).ok_or_else(|| anyhow!("window exceeded"))
                },
            )
            .unwrap();
            let expected: Vec<u64> = items.iter().map(uneven).collect();
            prop_assert_eq!(seen, expected);
        }
    }

    #[test]
    fn the_first_error_in_item_order_wins_and_later_items_are_skipped() {
        let items: Vec<u64> = (0..500).collect();
        let ran = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let err = map_in_order(
            &pool(3),
            &items,
            8,
            |item| {
                ran.fetch_add(1, Ordering::SeqCst);
                match item {
                    // A later failure that finishes first must not be the one reported.
                    40 => Err(anyhow!("second")),
                    30 => {
                        std::thread::sleep(Duration::from_millis(20));
                        Err(anyhow!("first"))
                    }
                    _ => Ok(*item),
                }
            },
            |value| {
                seen.push(value);
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "first");
        assert_eq!(seen, (0..30).collect::<Vec<_>>());
        assert!(ran.load(Ordering::SeqCst) <= 30 + 8, "ran past the window");
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let items: Vec<u64> = (0..500).collect();
        let ran = AtomicUsize::new(0);
        let err = map_in_order(
            &pool(2),
            &items,
            4,
            |item| {
                ran.fetch_add(1, Ordering::SeqCst);
                Ok(*item)
            },
            |value| match value {
                10 => Err(anyhow!("reader went away")),
                _ => Ok(()),
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "reader went away");
        assert!(ran.load(Ordering::SeqCst) <= 11 + 4, "ran past the window");
    }

    #[test]
    fn tasks_already_started_are_skipped_after_an_error() {
        let items: Vec<u64> = (0..8).collect();
        let ran = AtomicUsize::new(0);
        // One thread runs the eight started tasks one after the other; the error of the first
        // reaches the calling thread while the second sleeps, and the rest must not run.
        let err = map_in_order(
            &pool(1),
            &items,
            8,
            |item| {
                ran.fetch_add(1, Ordering::SeqCst);
                if *item == 0 {
                    return Err(anyhow!("first"));
                }
                std::thread::sleep(Duration::from_millis(100));
                Ok(*item)
            },
            |_| Ok(()),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "first");
        assert!(ran.load(Ordering::SeqCst) <= 3, "ran {ran:?}");
    }

    #[test]
    fn a_panicking_task_is_an_error_not_a_hang() {
        let items: Vec<u64> = (0..50).collect();
        let err = map_in_order(
            &pool(2),
            &items,
            4,
            |item| {
                assert_ne!(*item, 7, "deliberate panic");
                Ok(*item)
            },
            |_| Ok(()),
        )
        .unwrap_err();
        assert!(err.to_string().contains("internal error"), "{err}");
    }
}
