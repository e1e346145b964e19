/**
 * Content-addressed build cache. An entry is a directory named by a sha256 key; it is
 * built in a temporary sibling directory and renamed into place, so an interrupted
 * build never leaves a partial entry behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project root (the folder above sim/). */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The cache root: `$HWGEN_CACHE`, else `<project>/.cache/hwgen`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.HWGEN_CACHE;
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : path.join(PROJECT_ROOT, '.cache', 'hwgen');
}

/** sha256 (hex) of a sequence of parts; each part is length-prefixed so boundaries count. */
export function hashParts(parts: ReadonlyArray<string | Uint8Array>): string {
  const h = createHash('sha256');
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    h.update(`${bytes.length}:`);
    h.update(bytes);
  }
  return h.digest('hex');
}

/** Key parts for a list of source files: each file's base name and contents, in order. */
export async function sourceParts(files: readonly string[]): Promise<Array<string | Uint8Array>> {
  const parts: Array<string | Uint8Array> = [];
  for (const f of files) parts.push(path.basename(f), await readFile(f));
  return parts;
}

/** A cache entry, ready to use. */
export interface CacheEntry {
  /** Directory holding the built artefacts. */
  dir: string;
  /** True when the entry existed before this call. */
  hit: boolean;
}

const inFlight = new Map<string, Promise<CacheEntry>>();

/**
 * Returns the entry `<root>/<kind>/<key>`, building it first when absent:
 * `build(tmpDir)` fills a fresh temporary directory that is then renamed into place.
 * Concurrent calls for one key in this process share one build; another process asking for the same key meanwhile
 * waits for it (the lock file `<key>.lock` holds the builder's pid; see {@link lockedBuild}).
 */
export async function cachedBuild(
  kind: string,
  key: string,
  build: (tmpDir: string) => Promise<void>,
  root: string = cacheRoot(),
): Promise<CacheEntry> {
  const dir = path.join(root, kind, key);
  if (existsSync(dir)) return { dir, hit: true };
  const pending = inFlight.get(dir);
  if (pending !== undefined) return pending.then((e) => ({ ...e, hit: true }));
  const p = lockedBuild(dir, build).finally(() => inFlight.delete(dir));
  inFlight.set(dir, p);
  return p;
}

/** Temporary build folders older than this are leftovers of killed builds. */
const STALE_TMP_MS = 6 * 60 * 60 * 1000;

/** Removes leftover `.tmp-*` folders of builds that were killed long ago. */
async function removeStaleTemps(kindDir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(kindDir).catch(() => [] as string[])) {
    if (!name.startsWith('.tmp-')) continue;
    const p = path.join(kindDir, name);
    const st = await stat(p).catch(() => undefined);
    if (st !== undefined && now - st.mtimeMs > STALE_TMP_MS) await rm(p, { recursive: true, force: true });
  }
}

/** A lock older than this is taken over whoever holds it (longer than any build's timeout). */
const STALE_LOCK_MS = 60 * 60 * 1000;
const LOCK_POLL_MS = 200;

/** True when process `pid` exists on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One build per entry across processes (e.g. the shard processes of `hwgen verify --jobs`, which would otherwise build
 * the same model side by side): the first creates `<entry>.lock` with its pid and builds; the others wait until the
 * entry exists, or build it themselves when the lock goes away without it (a failed build), or take the lock over when
 * its process is gone or it is older than STALE_LOCK_MS.
 */
async function lockedBuild(dir: string, build: (tmpDir: string) => Promise<void>): Promise<CacheEntry> {
  await mkdir(path.dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(dir)) return { dir, hit: true };
    const fh = await open(lock, 'wx').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') return undefined;
      throw e;
    });
    if (fh !== undefined) {
      try {
        await fh.writeFile(String(process.pid));
        await fh.close();
        return await buildEntry(dir, build);
      } finally {
        await rm(lock, { force: true });
      }
    }
    const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
    const st = await stat(lock).catch(() => undefined);
    if (st !== undefined && ((owner > 0 && !alive(owner)) || Date.now() - st.mtimeMs > STALE_LOCK_MS)) {
      await rm(lock, { force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
  }
}

async function buildEntry(dir: string, build: (tmpDir: string) => Promise<void>): Promise<CacheEntry> {
  await removeStaleTemps(path.dirname(dir));
  const tmp = path.join(path.dirname(dir), `.tmp-${path.basename(dir).slice(0, 16)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp, { recursive: true });
  try {
    await build(tmp);
    try {
      await rename(tmp, dir);
    } catch (e) {
      // Another process finished the same entry first: keep theirs.
      if (!existsSync(dir)) throw e;
      await rm(tmp, { recursive: true, force: true });
    }
    return { dir, hit: false };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
