// The reference of benchmark 7: the same CEL expressions (bench/cel_expressions.json) over the
// same facts (bench/cel_facts.json), evaluated by @bufbuild/cel, the JavaScript CEL
// implementation (fetched by bench/fetch-npm.sh cel). Each expression is parsed and planned once
// and the bindings are converted to CEL values once; only the evaluation is timed.
//
// Usage: node bench/cel_js/bench.mjs [--modules=DIR] [--repetitions=5] [--min-ms=400]
//   DIR: the node_modules `fetch-npm.sh cel` filled (default <repo>/build-bench/cel-js/node_modules)
// Prints JSON on stdout: {"median_ns": {name: ns per evaluation, ..., "control_set": ns per
// evaluation of all of them}, "results": {name: value}, ...}; the per-expression check on stderr.
// Exits 1 if a result differs from the file's expected value (the comparison would be void).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (!m) throw new Error(`bad argument ${a}`);
    return [m[1], m[2]];
  }),
);
const modules = resolve(args.modules ?? join(root, "build-bench/cel-js/node_modules"));
const repetitions = Number(args.repetitions ?? 5);
const minNs = BigInt(Math.round(Number(args["min-ms"] ?? 400) * 1e6));

const pkgDir = join(modules, "@bufbuild/cel");
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const cel = await import(pathToFileURL(join(pkgDir, pkg.exports["."].import)).href);

const expressions = JSON.parse(readFileSync(join(root, "bench/cel_expressions.json"), "utf8"));
const facts = JSON.parse(readFileSync(join(root, "bench/cel_facts.json"), "utf8"));

// JSON -> CEL input, once: integers become CEL ints (bigint), as Proofline's ValueFromJson makes
// them (JSON.parse cannot tell 1.0 from 1; the facts file writes no such double), other numbers
// doubles; objects and arrays are wrapped as CelMap / CelList up front so evaluation does not
// wrap them on every access.
function toInput(v) {
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return cel.celList(v.map(toInput));
  if (v !== null && typeof v === "object") {
    return cel.celMap(new Map(Object.entries(v).map(([k, x]) => [k, toInput(x)])));
  }
  return v;
}
const bindings = Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, toInput(v)]));

// A result as plain JSON, to compare with the expected value.
function toJson(v) {
  if (cel.isCelError(v)) throw new Error(`evaluation error: ${v.message}`);
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "string" || v === null) {
    return v;
  }
  throw new Error(`unexpected result type ${typeof v}`);
}

const env = cel.celEnv();
const cases = expressions.map(({ name, expr, expected }) => {
  const run = cel.plan(env, cel.parse(expr));
  const got = toJson(run(bindings));
  console.error(`${name.padEnd(18)} = ${String(got).padEnd(6)} (expected ${expected})`);
  if (got !== expected) {
    console.error(`cel_js: ${name}: result differs from the expected value`);
    process.exit(1);
  }
  return { name, run, got };
});

let sink = 0;
// ns per call of `fn` over `n` calls.
function time(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    if (fn() === true) sink++;
  }
  return Number(process.hrtime.bigint() - start) / n;
}

// The iteration count that takes at least minNs (after JIT warm-up), like Google Benchmark's.
function calibrate(fn) {
  let n = 1000;
  time(fn, n);  // warm-up
  for (;;) {
    const start = process.hrtime.bigint();
    time(fn, n);
    const took = process.hrtime.bigint() - start;
    if (took >= minNs) return n;
    n = Math.ceil(n * Math.min(10, (Number(minNs) * 1.2) / Math.max(1, Number(took))));
  }
}

const controlSet = () => {
  for (const c of cases) {
    if (c.run(bindings) === true) sink++;
  }
  return false;
};
const timed = [
  ...cases.map((c) => ({ name: c.name, fn: () => c.run(bindings), per: 1 })),
  { name: "control_set", fn: controlSet, per: 1 },
];
for (const t of timed) t.n = calibrate(t.fn);

// Repetitions of different expressions interleaved, as the C++ side runs them.
const samples = Object.fromEntries(timed.map((t) => [t.name, []]));
for (let r = 0; r < repetitions; r++) {
  for (const t of timed) samples[t.name].push(time(t.fn, t.n));
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const out = {
  median_ns: Object.fromEntries(timed.map((t) => [t.name, median(samples[t.name])])),
  samples_ns: samples,
  results: Object.fromEntries(cases.map((c) => [c.name, c.got])),
  repetitions,
  node: process.version,
  "@bufbuild/cel": pkg.version,
  sink,
};
console.log(JSON.stringify(out, null, 2));
