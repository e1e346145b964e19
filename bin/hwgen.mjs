#!/usr/bin/env node
// Launcher: registers tsx's ESM loader in this process, then runs the TypeScript CLI (cli/hwgen.ts).
import { register } from 'tsx/esm/api';

register();
const { run } = await import(new URL('../cli/hwgen.ts', import.meta.url).href);
await run(process.argv.slice(2));
