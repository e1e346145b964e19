/**
 * Three-way differential fuzzer: `node --import tsx sim/fuzz/cli.ts --n 1000 --seed 1 [--batch 100] [--cycles 24]
 * [--sims builtin,icarus,verilator] [--out fuzz-out] [--no-shrink]`.
 * Prints progress, writes a shrunk reproducer per failing design under fuzz-out/<seed>-<n>/, and ends with the line
 * `fuzz: N designs, C cycles, M mismatches, R refused (U unexplained; kind xK ...)` (exit status 1 when M > 0 or
 * U > 0). Simulators: builtin, icarus, verilator and spec (the interpreter of the design data, interp.ts).
 * Mismatches explained by a known bug (known.ts, each with a regression test) are listed on their own line and not
 * counted in M unless --strict; a refusal is unexplained unless its kind is listed in known.ts REFUSALS.
 */
import { fuzz, summary } from './fuzz.ts';
import { ALL_SIMS, type SimName } from './run.ts';

function parse(argv: string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`fuzz: unexpected argument '${a}'`);
    const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (k.startsWith('no-')) o[k.slice(3)] = 'false';
    else if (v !== undefined) o[k] = v;
    else o[k] = argv[++i] ?? '';
  }
  return o;
}

async function main(): Promise<number> {
  const a = parse(process.argv.slice(2));
  const num = (k: string, d: number): number => {
    if (a[k] === undefined) return d;
    const n = Number(a[k]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`fuzz: --${k} needs a non-negative integer, got '${a[k]}'`);
    return n;
  };
  const sims = (a.sims ?? ALL_SIMS.join(',')).split(',').filter((s) => s !== '') as SimName[];
  for (const s of sims) if (!ALL_SIMS.includes(s)) throw new Error(`fuzz: unknown simulator '${s}' (known: ${ALL_SIMS.join(', ')})`);
  if (sims.length < 2) throw new Error('fuzz: --sims needs at least two simulators to compare');
  const strict = a.strict !== undefined && a.strict !== 'false';
  const seed = num('seed', 1);
  const r = await fuzz({
    n: num('n', 1000),
    seed,
    batch: Math.max(1, num('batch', 100)),
    cycles: Math.max(1, num('cycles', 24)),
    sims,
    shrink: a.shrink !== 'false',
    outDir: a.out ?? 'fuzz-out',
  });
  for (const e of r.buildErrors)
    console.log(`fuzz: refused ${e.kind}${e.reason ? ` (listed: ${e.reason})` : ' (unexplained)'}: ${e.message}`);
  if (r.elabErrors.length) console.log(`fuzz: ${r.elabErrors.length} designs failed to elaborate`);
  const known = r.failures.filter((f) => f.known);
  if (known.length) {
    const ids = new Map<string, number>();
    for (const f of known) ids.set(f.known!, (ids.get(f.known!) ?? 0) + 1);
    console.log(`fuzz: ${known.length} mismatches explained by known bugs (${[...ids].map(([k, n]) => `${k} x${n}`).join(', ')})${strict ? ', counted (--strict)' : ', not counted (use --strict to count them)'}`);
  }
  console.log(`fuzz: seed ${seed}; ${r.samples} samples compared in ${sims.join(', ')} (${r.xSamples} Icarus X samples where the design may be undefined, left out for Icarus alone)`);
  const s = summary(r, strict);
  console.log(s.line);
  return s.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(2);
  },
);
