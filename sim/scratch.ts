/**
 * Where simulator runs put their scratch files (vectors, samples, one `$readmemh` file per preloaded memory).
 *
 * A run of a big design writes and deletes about 1,300 small files, so the file system matters: on a disk mounted with
 * `discard` (as /tmp was on the machine this was measured on) creating and unlinking them cost about 0.6 ms each, which made an FDA tile
 * spend more time in the kernel than simulating. A tmpfs holds them in memory. The choice:
 * - TMPDIR (or TMP, TEMP) set: the user chose, so `os.tmpdir()`.
 * - else `/dev/shm` when it is a writable folder with at least {@link MIN_FREE_BYTES} free (a container's default
 *   64 MiB /dev/shm is passed over);
 * - else `os.tmpdir()`.
 */
import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import os from 'node:os';

/** The room a tmpfs must have free to take the scratch files (a waveform dump of a long run can take hundreds of MB). */
export const MIN_FREE_BYTES = 1 << 30;

const SHM = '/dev/shm';

/** The folder scratch folders are made in, chosen as the file's doc says from what `env` sets and what `shm` offers. */
export function chooseScratchRoot(env: NodeJS.ProcessEnv, shm = SHM, fallback = os.tmpdir()): string {
  if (env.TMPDIR || env.TMP || env.TEMP) return fallback;
  try {
    if (!statSync(shm).isDirectory()) return fallback;
    accessSync(shm, constants.W_OK);
    const fs = statfsSync(shm);
    return fs.bavail * fs.bsize >= MIN_FREE_BYTES ? shm : fallback;
  } catch {
    return fallback;
  }
}

let root: string | undefined;

/** {@link chooseScratchRoot} for this process, decided once. */
export function scratchRoot(): string {
  return (root ??= chooseScratchRoot(process.env));
}
