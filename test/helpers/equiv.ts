/**
 * Batched Yosys equivalence checking of combinational modules: many (gold, gate) module pairs in one Yosys run,
 * with a verdict per pair. Uses `equiv_make` / `equiv_simple` / `equiv_induct` / `equiv_status`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../../sim/exec.ts';

export interface EquivPair {
  gold: string;
  gate: string;
}

export interface EquivVerdict {
  proven: boolean;
  /** the equiv_status lines of this pair (or the reason it was not checked) */
  detail: string;
}

/**
 * Prove each pair equivalent. `files` must define every gold and gate module (names all distinct).
 * Returns one verdict per pair, in order. Throws (SimulatorError) only when Yosys itself fails.
 */
export async function proveEquivalent(dir: string, files: readonly string[], pairs: readonly EquivPair[], tag = 'equiv'): Promise<EquivVerdict[]> {
  const eq = (i: number): string => `eq_${tag}_${i}`;
  const script = [
    ...files.map((f) => `read_verilog ${path.resolve(f)}`),
    'proc',
    'opt_clean',
    // only ports are matched between gold and gate: internal names (temporaries) may mean different things
    'rename -hide w:* i:* %d o:* %d',
    ...pairs.map((p, i) => `equiv_make ${p.gold} ${p.gate} ${eq(i)}`),
    `select ${pairs.map((_, i) => eq(i)).join(' ')}`,
    'equiv_simple',
    'equiv_induct',
    'equiv_status',
  ].join('\n');
  const ys = path.join(dir, `${tag}.ys`);
  const log = path.join(dir, `${tag}.log`);
  await writeFile(ys, script + '\n');
  await runTool('yosys', ['-q', '-l', log, '-s', ys], { cwd: dir, timeoutMs: 5 * 60_000 });
  const text = await readFile(log, 'utf8');
  const status = text.slice(text.lastIndexOf('Executing EQUIV_STATUS pass'));
  return pairs.map((_, i) => {
    const re = new RegExp(`^Found (\\d+) \\$equiv cells in ${eq(i)}:\\n((?:  .*\\n)*)`, 'm');
    const m = re.exec(status);
    if (!m) return { proven: false, detail: `no equiv_status report for ${eq(i)}` };
    const body = m[2]!;
    const proven = Number(m[1]) > 0 && /Of those cells (\d+) are proven and 0 are unproven/.test(body) && /Equivalence successfully proven!/.test(body);
    return { proven, detail: m[0].trim() };
  });
}
