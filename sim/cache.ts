/**
 * Content-addressed build cache. An entry is a directory named by a sha256 key; it is
 * built in a temporary sibling directory and renamed into place, so an interrupted
 * build never leaves a partial entry behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
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
 * Concurrent calls for one key in this process share one build; a concurrent build in
 * another process simply loses the rename race and its result is discarded.
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
  const p = buildEntry(dir, build).finally(() => inFlight.delete(dir));
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
