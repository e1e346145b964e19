/**
 * Module definitions and elaboration. A definition is a name, a port spec (a function of the parameters) and a body.
 * Elaboration runs the bodies, elaborating each distinct (definition, parameters) pair once, and names the modules:
 * a definition used with one parameterisation keeps its own name; several get a suffix from their parameters.
 */
import { createHash } from 'node:crypto';
import type { IRDesign, IRModule } from './ir.js';
import type { PortSpec, Inside } from './ports.js';
import { ModuleBuilder, type ElabContext } from './builder.js';
import { HwError } from './errors.js';
import { userLoc } from './loc.js';
import { isKeyword } from './reserved.js';

export interface ModuleDef<P, S extends PortSpec> {
  readonly name: string;
  readonly spec: (params: P) => S;
  readonly body: (m: ModuleBuilder, io: Inside<S>, params: P) => void;
  /** `file:line` of the defineModule call */
  readonly loc?: string;
}

/** Any module definition, whatever its parameters and ports (for lists of designs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModuleDef = ModuleDef<any, any>;

/**
 * Define a module. `spec` gives its ports (or a function from parameters to ports); `body` describes the hardware.
 * Parameters are plain TypeScript values; identical parameters give one Verilog module.
 */
export function defineModule<P = void, S extends PortSpec = PortSpec>(
  name: string,
  spec: S | ((params: P) => S),
  body: (m: ModuleBuilder, io: Inside<S>, params: P) => void,
): ModuleDef<P, S> {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
    throw new HwError(`module name '${name}' is not a legal identifier (letters, digits, _; starting with a letter)`, userLoc());
  if (isKeyword(name)) throw new HwError(`module name '${name}' is a reserved word in Verilog or for Verilator; choose another name`, userLoc());
  const specFn = typeof spec === 'function' ? (spec as (p: P) => S) : () => spec;
  const loc = userLoc();
  return { name, spec: specFn, body, ...(loc ? { loc } : {}) };
}

/** JSON with sorted keys: the identity of a parameter set. */
export function stableKey(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return `${x}n`;
    if (x && typeof x === 'object' && !Array.isArray(x))
      return Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return x;
  }) ?? 'undefined';
}

function paramSuffix(params: unknown, key: string): string {
  if (params && typeof params === 'object' && !Array.isArray(params)) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(params as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if ((typeof v === 'number' && Number.isInteger(v) && v >= 0) || typeof v === 'boolean' || (typeof v === 'string' && /^[A-Za-z0-9]{1,12}$/.test(v)))
        parts.push(`${k.replace(/[^A-Za-z0-9]/g, '')}${typeof v === 'boolean' ? (v ? 1 : 0) : v}`);
      else return createHash('sha1').update(key).digest('hex').slice(0, 8);
    }
    const s = parts.join('_');
    if (s.length && s.length <= 40) return s;
  }
  return createHash('sha1').update(key).digest('hex').slice(0, 8);
}

interface Entry {
  ir: IRModule;
  spec: PortSpec;
  def: ModuleDef<any, any>;
  params: unknown;
  key: string;
}

class Elaboration implements ElabContext {
  readonly warnings: string[] = [];
  private readonly cache = new Map<ModuleDef<any, any>, Map<string, Entry>>();
  private readonly order: Entry[] = [];
  private readonly inProgress = new Set<string>();
  private readonly byName = new Map<string, Entry>();

  child(def: ModuleDef<any, any>, params: unknown): { ir: IRModule; spec: PortSpec } {
    let perDef = this.cache.get(def);
    if (!perDef) {
      for (const other of this.cache.keys())
        if (other.name === def.name)
          throw new HwError(`two different module definitions are both named '${def.name}'; give each definition its own name`, userLoc());
      perDef = new Map();
      this.cache.set(def, perDef);
    }
    const key = stableKey(params);
    const hit = perDef.get(key);
    if (hit) return hit;
    const id = `${def.name}#${key}`;
    if (this.inProgress.has(id))
      throw new HwError(`module '${def.name}' instantiates itself with the same parameters: the hierarchy would be infinite`, userLoc());
    this.inProgress.add(id);
    const spec = def.spec(params) as PortSpec;
    const m = new ModuleBuilder(def.name, this, def.loc);
    const io = m.specIo(spec);
    def.body(m, io, params);
    const ir = m.finish(`${def.name}#${perDef.size}`, def.name, plainParams(params));
    this.inProgress.delete(id);
    const entry: Entry = { ir, spec, def, params, key };
    perDef.set(key, entry);
    this.order.push(entry);
    this.byName.set(ir.name, entry);
    return entry;
  }

  combDepsOf(module: string): Record<string, string[]> {
    return this.byName.get(module)?.ir.combDeps ?? {};
  }

  warn(msg: string): void {
    this.warnings.push(msg);
  }

  /** Final names: plain definition name when it has one parameterisation, else name_<params>. */
  finish(top: Entry): IRDesign {
    const kinds = new Map<string, { text: string; loc?: string }>();
    let second: string | undefined;
    for (const e of this.order)
      for (const n of e.ir.nodes)
        if (n.op === 'reg' && n.reset !== 'none' && !kinds.has(n.reset!)) {
          kinds.set(n.reset!, { text: `'${n.name}' at ${n.loc ?? '?'}`, ...(n.loc ? { loc: n.loc } : {}) });
          if (kinds.size === 2) second = n.reset;
        }
    if (second)
      throw new HwError(
        `the design mixes synchronous and asynchronous reset on the one implicit 'rst' (register ${kinds.get('sync')!.text} is sync, ` +
          `register ${kinds.get('async')!.text} is async); use one reset style per design`,
        kinds.get(second)!.loc,
      );
    const rename = new Map<string, string>();
    const taken = new Set<string>();
    for (const [def, perDef] of this.cache) {
      for (const e of perDef.values()) {
        let n = perDef.size === 1 || e === top ? def.name : `${def.name}_${paramSuffix(e.params, e.key)}`;
        for (let k = 1; taken.has(n); k++) n = `${def.name}_${paramSuffix(e.params, e.key)}_${k}`;
        taken.add(n);
        rename.set(e.ir.name, n);
      }
    }
    const modules = this.order.map((e) => ({
      ...e.ir,
      name: rename.get(e.ir.name)!,
      instances: e.ir.instances.map((i) => ({ ...i, module: rename.get(i.module)! })),
    }));
    return { top: rename.get(top.ir.name)!, modules, warnings: [...this.warnings] };
  }
}

function plainParams(p: unknown): Record<string, unknown> {
  if (p && typeof p === 'object' && !Array.isArray(p)) return JSON.parse(stableKey(p)) as Record<string, unknown>;
  return p === undefined ? {} : { value: JSON.parse(stableKey(p)) as unknown };
}

/** Elaborate a definition with its parameters into an IR design (children first, top last). */
export function elaborate<P, S extends PortSpec>(def: ModuleDef<P, S>, params: P): IRDesign {
  const e = new Elaboration();
  const top = e.child(def, params) as Entry;
  return e.finish(top);
}
