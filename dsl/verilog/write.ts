/** Write an emitted design to a folder atomically: into a temporary sibling folder, then renamed into place. */
import { mkdirSync, writeFileSync, renameSync, rmSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, dirname, basename, resolve } from 'node:path';
import type { VerilogOutput } from './emit.js';

/**
 * A new, empty sibling folder of `target` with the usual permissions (0777 less the umask, as `mkdir` gives; mkdtemp's
 * 0700 would stay on the design folder after the rename).
 */
function freshSibling(target: string): string {
  for (;;) {
    const tmp = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(tmp);
      return tmp;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/**
 * Write `<dir>/<file>.v` for every module, `<dir>/<design>.f` (the filelist) and any `extra` files (e.g. a manifest).
 * A failure leaves the previous contents of `dir` untouched and no partial folder behind.
 */
export function writeVerilog(dir: string, design: string, out: Pick<VerilogOutput, 'files' | 'filelist'>, extra: Record<string, string> = {}): string[] {
  const target = resolve(dir);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = freshSibling(target);
  try {
    const written: string[] = [];
    for (const [f, text] of out.files) {
      writeFileSync(join(tmp, f), text);
      written.push(join(target, f));
    }
    writeFileSync(join(tmp, `${design}.f`), out.filelist);
    for (const [f, text] of Object.entries(extra)) writeFileSync(join(tmp, f), text);
    if (existsSync(target)) rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    return written;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
