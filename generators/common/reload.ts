/**
 * Tiles that share one simulator run (FamilyHooks.batchCycles): the plan and stimulus hooks of a family whose later
 * tiles are reset and given, through the load port, the memory words that differ from the tile run before them.
 * A plan keeps its memory image (computed once, when the preload or the next tile's reload asks for it) until the
 * next tile's reload is known, then drops it.
 */
import type { HostRun } from './stimulus.js';
import type { MemImage, RunStep } from './verify.js';

/** load-port cycles (one stimulus cycle per word written) */
export type LoadCycles = Array<Record<string, bigint>>;

/** A tile's plan in the verify loop: its memory image and the plan of the tile run before it in the same simulation. */
export type ReloadPlan<P> = P & {
  image: () => MemImage[];
  dropImage: () => void;
  after?: ReloadPlan<P>;
};

export interface ReloadSpec<HW, L, P> {
  plan(l: L, hw: HW): P;
  /** the tile's whole memory image (what the first tile of a simulation is preloaded with) */
  image(l: L, hw: HW, plan: P): MemImage[];
  /** the tile's stimulus; `load` (the words that differ from the tile before) is sent after its reset */
  stimulus(l: L, hw: HW, plan: ReloadPlan<P>, step: RunStep | undefined, load?: LoadCycles): HostRun;
  /** the load-port cycles that turn memories holding `from` into `to` */
  reload(from: readonly MemImage[], to: readonly MemImage[], hw: HW): LoadCycles;
}

/** `plan` and `stimulus` hooks for FamilyHooks<HW, L, ReloadPlan<P>>; memoryImage can return `plan.image()`. */
export function reloadHooks<HW, L, P extends object>(s: ReloadSpec<HW, L, P>) {
  return {
    plan: (l: L, hw: HW, after?: ReloadPlan<P>): ReloadPlan<P> => {
      const p = s.plan(l, hw);
      let image: MemImage[] | undefined;
      return { ...p, image: () => (image ??= s.image(l, hw, p)), dropImage: () => (image = undefined), ...(after ? { after } : {}) };
    },
    stimulus: (l: L, hw: HW, plan: ReloadPlan<P>, step?: RunStep): HostRun => {
      const before = plan.after;
      if (!before) return s.stimulus(l, hw, plan, step);
      // the tile before needs its image no more (a batch's first tile computes it again for the preload)
      const load = s.reload(before.image(), plan.image(), hw);
      before.dropImage();
      delete plan.after;
      return s.stimulus(l, hw, plan, step, load);
    },
  };
}
