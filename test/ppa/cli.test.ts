/** `hwgen ppa` on the command line: usage errors, the reference table written as YAML, a user's table refused clearly. */
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/tmp.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hwgen = (args: string[]) => execa(process.execPath, [path.join(ROOT, 'bin/hwgen.mjs'), ...args], { cwd: ROOT, reject: false, all: true });

describe('hwgen ppa', () => {
  it('names bad options and writes the reference table', async () => {
    const dir = await scratchDir('hwgen-ppa-cli-');
    const out = path.join(dir, 'table.yaml');
    const [fpga, none, help, table] = await Promise.all([
      hwgen(['ppa', 'configs/dense-small.json', '--fpga', 'ecp5']),
      hwgen(['ppa']),
      hwgen(['ppa', '--help']),
      hwgen(['ppa', '--write-table', out]),
    ]);
    expect(fpga.exitCode).toBe(1);
    expect(fpga.all).toContain('--fpga ecp5: must be up5k or hx8k');
    expect(none.all).toContain('ppa: name at least one configuration file');
    expect(help.stdout).toMatch(/^hwgen ppa <config.json/);
    expect(table.exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(ROOT, 'ppa/tables/reference.yaml'), 'utf8'));
  });

  it('refuses a malformed energy table before any synthesis, naming the field', async () => {
    const dir = await scratchDir('hwgen-ppa-cli-');
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'ERT:\n  version: "0.4"\n  unit: nJ\n  tables: []\n');
    const r = await hwgen(['ppa', 'configs/dense-small.json', '--energy', bad, '--out', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.all).toContain(`${bad}: ERT.unit:`);
  });
});
