/**
 * The start/busy/done rules of the shared host interface (generators/common/host.ts), written as assertions, and a
 * wrapper that puts them around any generator top (every port forwarded, the rules on start/busy/done):
 * - done stays high until a start is accepted (a start while not busy);
 * - an accepted start clears done in the next cycle;
 * - busy rises only in the cycle after an accepted start.
 * Each rule relates one cycle to the next, through one register per observed signal; the first cycle after reset
 * has no previous cycle and is not checked.
 */
import { defineModule, Bool, type AnyModuleDef, type ModuleBuilder, type PortSpec, type Signal } from '../../../dsl/index.js';

export interface HostSignals {
  start: Signal;
  busy: Signal;
  done: Signal;
}

export function hostRules(m: ModuleBuilder, s: HostSignals): void {
  const accepted = s.start.and(s.busy.not());
  const had = m.regNext('hr_valid', m.const(1, Bool));
  const wasDone = m.regNext('hr_done_d', s.done);
  const wasAccepted = m.regNext('hr_accepted_d', accepted);
  const wasBusy = m.regNext('hr_busy_d', s.busy);
  m.assert(had.and(wasDone).and(wasAccepted.not()).not().or(s.done), 'host: done stays high until a start is accepted');
  m.assert(had.and(wasAccepted).not().or(s.done.not()), 'host: an accepted start clears done');
  m.assert(had.and(wasBusy.not()).and(wasAccepted.not()).not().or(s.busy.not()), 'host: busy rises only after an accepted start');
}

type Leaf = { dir: 'input' | 'output' };
const isLeaf = (s: unknown): s is Leaf => typeof (s as Leaf).dir === 'string';

/** Connect every port of the wrapper (`outer`) to the instance (`inner`), walking the spec. */
function forward(spec: PortSpec, outer: unknown, inner: unknown): void {
  if (isLeaf(spec)) {
    if (spec.dir === 'input') (inner as { set(v: Signal): void }).set(outer as Signal);
    else (outer as { set(v: Signal): void }).set(inner as Signal);
    return;
  }
  for (const [k, s] of Object.entries(spec as Record<string, PortSpec>)) forward(s, (outer as Record<string, unknown>)[k], (inner as Record<string, unknown>)[k]);
}

/** `def` with its ports forwarded one to one and the host rules asserted on its start/busy/done. */
export function withHostRules(name: string, def: AnyModuleDef): AnyModuleDef {
  return defineModule(name, (p: unknown) => def.spec(p) as PortSpec, (m, io, p) => {
    const u = m.instance('dut', def, p) as Record<string, unknown>;
    forward(def.spec(p) as PortSpec, io, u);
    const o = io as unknown as { start: Signal };
    hostRules(m, { start: o.start, busy: u.busy as Signal, done: u.done as Signal });
  });
}
