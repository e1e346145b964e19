/**
 * The optimizing passes and the Verilog backend agree: for random designs (test/helpers/random-design.ts), the
 * Verilog emitted from the elaborated IR and the Verilog emitted after constFold + deadCode are proven equivalent by
 * Yosys (two batched runs), and the optimized Verilog of all of them is lint-clean (one Verilator run).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { elaborate, emitVerilog, optimize, type IRDesign, type IRModule } from '../../dsl/index.js';
import { parallel } from '../../sim/exec.ts';
import { lintVerilator, type LintWarning } from '../../sim/verilator.ts';
import { proveEquivalent, type EquivVerdict } from '../helpers/equiv.ts';
import { randomDesign } from '../helpers/random-design.ts';
import { scratchDir } from '../helpers/tmp.ts';
import { wrapperTop } from '../helpers/wrapper.ts';
import { refVerilog } from '../helpers/ref-emit.ts';

const SEEDS = 80;
/** seeds compared with the reference translation: all of them */
const refSeeds = new Set<number>();
const verdicts: EquivVerdict[] = [];
const refVerdicts: EquivVerdict[] = [];
let lint: LintWarning[] = [];

function emitAs(m: IRModule, name: string): string {
  const d: IRDesign = { top: name, modules: [{ ...m, name }], warnings: [] };
  return emitVerilog(d).files.get(`${name}.v`)!;
}

beforeAll(async () => {
  const dir = await scratchDir('hwgen-passes-');
  const raw: string[] = [];
  const ref: string[] = [];
  const opt: string[] = [];
  const optModules: IRModule[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const ir = elaborate(randomDesign(seed), undefined);
    const o = optimize(ir).modules[0]!;
    refSeeds.add(seed);
    raw.push(emitAs(ir.modules[0]!, `raw_${seed}`));
    ref.push(refVerilog(ir.modules[0]!, `ref_${seed}`));
    opt.push(emitAs(o, `opt_${seed}`));
    optModules.push({ ...o, name: `opt_${seed}` });
  }
  const rawFile = path.join(dir, 'raw.v');
  const optFile = path.join(dir, 'opt.v');
  const topFile = path.join(dir, 'rand_top.v');
  await writeFile(rawFile, raw.join('\n'));
  const refFile = path.join(dir, 'ref.v');
  await writeFile(refFile, ref.join('\n'));
  await writeFile(optFile, opt.join('\n'));
  await writeFile(topFile, wrapperTop('rand_top', optModules));
  // for the linter, one file per module (named after it)
  const optFiles = optModules.map((m) => path.join(dir, `${m.name}.v`));
  await Promise.all(optFiles.map((f, i) => writeFile(f, opt[i]!)));
  const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
  const halves = [seeds.filter((s) => s % 2 === 1), seeds.filter((s) => s % 2 === 0)];
  const [l, ...res] = await parallel<LintWarning[] | EquivVerdict[]>(
    [
      () => lintVerilator([topFile, ...optFiles], 'rand_top'),
      // each batch: the optimized backend output against the reference translation of the elaborated IR, and
      // against the backend output of the elaborated IR
      ...halves.map((h, b) => () =>
        proveEquivalent(
          dir,
          [refFile, rawFile, optFile],
          h.flatMap((s) => [...(refSeeds.has(s) ? [{ gold: `ref_${s}`, gate: `opt_${s}` }] : []), { gold: `raw_${s}`, gate: `opt_${s}` }]),
          `p${b}`,
        ),
      ),
    ],
    2,
  );
  lint = l as LintWarning[];
  halves.forEach((h, b) =>
    {
      const list = [...(res[b] as EquivVerdict[])];
      for (const s of h) {
        if (refSeeds.has(s)) refVerdicts[s] = list.shift()!;
        verdicts[s] = list.shift()!;
      }
    },
  );
}, 180_000);

it(`Verilog before and after constFold + deadCode is equivalent for ${SEEDS} random designs`, () => {
  // every seed must be proven (regressions.test.ts, 6: a wrong inline sign extension)
  const failed = verdicts.map((v, s) => (v && !v.proven ? `seed ${s}: ${v.detail}` : '')).filter(Boolean);
  expect(failed).toEqual([]);
  expect(verdicts.filter(Boolean).length).toBe(SEEDS);
});

it(`the optimized Verilog equals a reference translation of the elaborated IR (all random designs)`, () => {
  const failed = refVerdicts.map((v, s) => (v && !v.proven ? `seed ${s}: ${v.detail}` : '')).filter(Boolean);
  expect(failed).toEqual([]);
  expect(refVerdicts.filter(Boolean).length).toBe(refSeeds.size);
  expect(refSeeds.size).toBe(SEEDS);
});

it('the optimized Verilog of every random design is lint-clean under verilator -Wall', () => {
  expect(lint.map((w) => `${w.code} ${w.file}:${w.line} ${w.message}`)).toEqual([]);
});
