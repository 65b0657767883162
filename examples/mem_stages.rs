//! Live heap bytes after each stage of `apidelta diff` on two files, with a counting global
//! allocator: where the memory goes. `cargo run --release --example mem_stages -- A B`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The peak since the previous stage ended: what a stage allocates on top of what it inherits.
static STAGE_PEAK: AtomicUsize = AtomicUsize::new(0);
/// Live allocations by size (in 16-byte steps up to 4 KiB; the last slot is everything larger).
static BY_SIZE: [AtomicUsize; 257] = [const { AtomicUsize::new(0) }; 257];

fn size_slot(size: usize) -> usize {
    (size.div_ceil(16)).min(256)
}

// SAFETY: forwards to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        STAGE_PEAK.fetch_max(now, Relaxed);
        BY_SIZE[size_slot(l.size())].fetch_add(1, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        BY_SIZE[size_slot(l.size())].fetch_sub(1, Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        BY_SIZE[size_slot(l.size())].fetch_sub(1, Relaxed);
        BY_SIZE[size_slot(new)].fetch_add(1, Relaxed);
        if new > l.size() {
            let now = LIVE.fetch_add(new - l.size(), Relaxed) + new - l.size();
            PEAK.fetch_max(now, Relaxed);
            STAGE_PEAK.fetch_max(now, Relaxed);
        } else {
            LIVE.fetch_sub(l.size() - new, Relaxed);
        }
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mb(n: usize) -> String {
    format!("{:7.1} MB", n as f64 / 1048576.0)
}

fn stage(name: &str) {
    let live = LIVE.load(Relaxed);
    eprintln!(
        "{name:<28} live {} peak {} stage peak {}",
        mb(live),
        mb(PEAK.load(Relaxed)),
        mb(STAGE_PEAK.swap(live, Relaxed))
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(&args[0], &args[1]))
        .unwrap()
        .join()
        .unwrap();
}

fn run(a: &str, b: &str) {
    use apidelta::load::{Input, LoadOptions, load};
    let input: usize = [a, b]
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len() as usize)
        .sum();
    eprintln!("input {}", mb(input));
    let mut sides = Vec::new();
    for f in [a, b] {
        let mut docs = load(&Input::File(f.into()), &LoadOptions::default()).unwrap();
        stage(&format!("loaded {}", short(f)));
        let api = apidelta::normalize::normalize(&docs).unwrap();
        stage("normalized");
        eprintln!(
            "  schemas: {} nodes x {} B",
            api.schemas.len(),
            std::mem::size_of::<apidelta::model::Schema>()
        );
        breakdown(&api);
        docs.release_trees();
        stage("trees released");
        sizes();
        sides.push((docs, api));
    }
    let diff = apidelta::diff::diff(&sides[0].1, &sides[1].1);
    stage("diffed");
    let usages: usize = diff.changes.iter().map(|c| c.operations.len()).sum();
    eprintln!(
        "  changes: {} x {} B, usages {} x {} B",
        diff.changes.len(),
        std::mem::size_of::<apidelta::diff::Change>(),
        usages,
        std::mem::size_of::<apidelta::diff::Usage>()
    );
    let report = apidelta::report::DiffReport {
        base: apidelta::report::Side {
            source: a.into(),
            docs: &sides[0].0,
            api: &sides[0].1,
        },
        revision: apidelta::report::Side {
            source: b.into(),
            docs: &sides[1].0,
            api: &sides[1].1,
        },
        diff: &diff,
    };
    let text = apidelta::report::text::diff_text(&report);
    stage("text report");
    drop(text);
    // Located up front and streamed, as the binary writes it.
    report.locate_all();
    apidelta::report::json::diff_document(&report)
        .write_pretty(std::io::sink())
        .unwrap();
    stage("json report");
    eprintln!(
        "peak/input {:.1}x",
        PEAK.load(Relaxed) as f64 / input as f64
    );
    std::mem::forget(sides);
}

fn short(f: &str) -> &str {
    f.rsplit('/').next().unwrap()
}

/// Rough heap bytes of a model by category (strings by length, maps by entries).
fn breakdown(api: &apidelta::model::Api) {
    use apidelta::model::*;
    fn v(x: &serde_json::Value) -> usize {
        match x {
            serde_json::Value::String(s) => s.len() + 32,
            serde_json::Value::Array(a) => a.iter().map(v).sum::<usize>() + 32,
            serde_json::Value::Object(m) => {
                m.iter().map(|(k, x)| k.len() + 72 + v(x)).sum::<usize>() + 64
            }
            _ => 32,
        }
    }
    fn ext(e: &Extensions) -> usize {
        e.texts().map(|(k, x)| k.len() + 40 + x.len()).sum()
    }
    let mut c = std::collections::BTreeMap::<&str, usize>::new();
    let mut add = |k: &'static str, n: usize| *c.entry(k).or_default() += n;
    for i in 0..api.schemas.len() {
        let s = api.schemas.get(SchemaId(i as u32));
        add("schema.origin", s.origin.pointer.len());
        add("schema.desc", s.description.as_ref().map_or(0, |d| d.len()));
        add(
            "schema.props",
            s.properties.iter().map(|(k, _)| k.len() + 40).sum(),
        );
        add(
            "schema.enum+default+examples",
            s.enum_values
                .iter()
                .flatten()
                .chain(s.default.as_deref())
                .chain(s.examples.iter())
                .map(v)
                .sum(),
        );
        add("schema.other+ext", ext(&s.other) + ext(&s.extensions));
        add(
            "schema.required",
            s.required.iter().map(|k| k.len() + 40).sum(),
        );
        if let Owner::Component(n) = &s.owner {
            add("schema.owner", n.len());
        }
    }
    fn op(o: &Operation, add: &mut dyn FnMut(&'static str, usize)) {
        add("op.struct", std::mem::size_of::<Operation>());
        add("op.origin", o.origin.pointer.len());
        add("op.desc", o.description.as_ref().map_or(0, |d| d.len()));
        add("op.other+ext", ext(&o.other) + ext(&o.extensions));
        for p in o.parameters.values() {
            add("param.struct", std::mem::size_of::<Parameter>() + 40);
            add("param.origin", p.origin.pointer.len());
            add("param.desc", p.description.as_ref().map_or(0, |d| d.len()));
            add("param.ext", ext(&p.extensions));
        }
        for r in o.responses.values() {
            add("resp.struct", std::mem::size_of::<Response>());
            add("resp.desc", r.description.as_ref().map_or(0, |d| d.len()));
            for m in r.content.values() {
                add(
                    "media",
                    std::mem::size_of::<MediaType>()
                        + m.origin.pointer.len()
                        + m.examples.iter().map(v).sum::<usize>(),
                );
            }
            for h in r.headers.values() {
                add(
                    "header",
                    std::mem::size_of::<Header>() + h.description.as_ref().map_or(0, |d| d.len()),
                );
            }
        }
        if let Some(b) = &o.request_body {
            for m in b.content.values() {
                add(
                    "media",
                    std::mem::size_of::<MediaType>()
                        + m.origin.pointer.len()
                        + m.examples.iter().map(v).sum::<usize>(),
                );
            }
        }
        for cb in o.callbacks.values() {
            for (_, o) in cb {
                op(o, add);
            }
        }
    }
    for o in api.operations.values() {
        op(o, &mut add);
    }
    add(
        "schema.struct",
        api.schemas.len() * std::mem::size_of::<Schema>(),
    );
    let total: usize = c.values().sum();
    for (k, n) in &c {
        eprintln!("    {k:<32} {}", mb(*n));
    }
    eprintln!("    {:<32} {}", "total", mb(total));
}

/// The live allocation sizes holding the most memory (sizes rounded up to 16 bytes).
fn sizes() {
    let mut by: Vec<(usize, usize)> = BY_SIZE
        .iter()
        .enumerate()
        .map(|(slot, n)| (slot, n.load(Relaxed)))
        .collect();
    by.sort_by_key(|&(slot, n)| std::cmp::Reverse(slot * 16 * n));
    let shown: Vec<String> = by
        .iter()
        .take(8)
        .map(|&(slot, n)| {
            let size = if slot == 256 {
                ">4096".to_string()
            } else {
                format!("<={}", slot * 16)
            };
            format!("{size} B x {n}")
        })
        .collect();
    eprintln!("  live allocations by size: {}", shown.join(", "));
}
