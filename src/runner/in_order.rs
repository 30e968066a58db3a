//! Work on many items in parallel, with results handed on strictly in item order, each as soon
//! as it and every earlier one are done, and never more than a fixed number of items ahead of
//! the first result not yet handed on: memory stays flat over any number of items.

use anyhow::{anyhow, Result};
use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Runs `work` on every item on `pool`'s threads and gives each result to `sink`, in item
/// order. At most `ahead` items are started beyond the first one `sink` has not yet had. The
/// first error, from `work` (in item order) or from `sink`, stops the run: items not yet
/// started are skipped, and that error is returned once those in flight are done.
///
/// The task that finishes the next item in order hands it, and any later ones already done,
/// to `sink`, then starts as many new items: no task ever waits for another, and the calling
/// thread sleeps until the end. (A task that blocked until the window had room could, while a
/// rayon `join` of its own waited, be handed another item's task on the same stack and wait
/// on itself; a calling thread woken for every result took a core from the workers a
/// thousand times a second on small commits.)
pub fn map_in_order<T, R, S>(
    pool: &rayon::ThreadPool,
    items: &[T],
    ahead: usize,
    work: impl Fn(&T) -> Result<R> + Sync,
    sink: S,
) -> Result<()>
where
    T: Sync,
    R: Send,
    S: FnMut(R) -> Result<()> + Send,
{
    let first = items.len().min(ahead.max(1));
    let run = Run {
        items,
        work,
        stop: AtomicBool::new(false),
        order: Mutex::new(Order {
            waiting: BTreeMap::new(),
            next: 0,
            started: first,
            sink,
            error: None,
        }),
    };
    pool.in_place_scope(|scope| {
        for index in 0..first {
            let run = &run;
            scope.spawn(move |scope| run.task(scope, index));
        }
    });
    let order = run
        .order
        .into_inner()
        .map_err(|_| anyhow!("internal error: the report writer panicked"))?;
    match order.error {
        Some(error) => Err(error),
        None if order.next == items.len() => Ok(()),
        None => Err(anyhow!(
            "internal error: {} items were never done",
            items.len() - order.next
        )),
    }
}

/// What every task of one [`map_in_order`] shares.
struct Run<'a, T, W, O> {
    items: &'a [T],
    work: W,
    stop: AtomicBool,
    order: Mutex<O>,
}

/// Results done out of order, and where the sink is.
struct Order<R, S> {
    waiting: BTreeMap<usize, Result<R>>,
    /// The first item the sink has not had.
    next: usize,
    /// Items started so far: always `next + ahead`, or all of them.
    started: usize,
    sink: S,
    error: Option<anyhow::Error>,
}

impl<T, R, W, S> Run<'_, T, W, Order<R, S>>
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> Result<R> + Sync,
    S: FnMut(R) -> Result<()> + Send,
{
    fn task<'s>(&'s self, scope: &rayon::Scope<'s>, index: usize) {
        let result = if self.stop.load(Ordering::Relaxed) {
            Err(anyhow!("stopped"))
        } else {
            // A panic must still leave a result here, or every later item would wait for it.
            panic::catch_unwind(AssertUnwindSafe(|| (self.work)(&self.items[index])))
                .unwrap_or_else(|_| Err(anyhow!("internal error (a panic, reported above)")))
        };
        let Ok(mut guard) = self.order.lock() else {
            // The sink panicked; that panic ends the run once the scope is done.
            self.stop.store(true, Ordering::Relaxed);
            return;
        };
        let order = &mut *guard;
        if order.error.is_some() {
            return;
        }
        order.waiting.insert(index, result);
        let mut handed_on = 0;
        while let Some(result) = order.waiting.remove(&order.next) {
            match result.and_then(|value| (order.sink)(value)) {
                Ok(()) => {
                    order.next += 1;
                    handed_on += 1;
                }
                Err(error) => {
                    order.error = Some(error);
                    order.waiting.clear();
                    self.stop.store(true, Ordering::Relaxed);
                    return;
                }
            }
        }
        let first = order.started;
        order.started = (first + handed_on).min(self.items.len());
        let last = order.started;
        drop(guard);
        for index in first..last {
            scope.spawn(move |scope| self.task(scope, index));
        }
    }
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
