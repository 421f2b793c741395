// The IaC benchmark's parsing reference: HashiCorp's own HCL parser (hashicorp/hcl, Go, compiled
// to wasm and shipped as @cdktf/hcl2json) turning every .tf file of a tree into JSON, the same
// work Proofline's reader does before its checks. Reads all files first (not timed), warms the
// wasm up on one file, then times parsing every file once per repetition; prints the median ms.
//   node bench/iac_parse.mjs --modules=DIR TREE [--repetitions=N]
//   DIR: the node_modules `bench/fetch-npm.sh hcl2json` filled
import { createRequire } from "node:module";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).filter((a) => a.startsWith("--")).map((a) => a.slice(2).split("=")));
const tree = process.argv.slice(2).find((a) => !a.startsWith("--"));
const repetitions = Number(args.repetitions ?? 5);
const require = createRequire(resolve(args.modules) + "/");
const { parse } = require("@cdktf/hcl2json");

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith(".tf")) out.push([path, readFileSync(path, "utf8")]);
  }
  return out;
}

const files = walk(tree, []);
await parse(files[0][0], files[0][1]);  // wasm instantiation, not timed
const times = [];
let blocks = 0;
for (let r = 0; r < repetitions; ++r) {
  const start = process.hrtime.bigint();
  blocks = 0;
  for (const [path, text] of files) {
    const json = await parse(path, text);
    blocks += Object.keys(json.resource ?? {}).length;
  }
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ files: files.length, resource_types: blocks,
                             median_ms: times[(times.length - 1) >> 1] }));
