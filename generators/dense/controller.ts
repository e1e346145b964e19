/**
 * The address-generating controller: walks channel tiles (mt), pixel tiles (pt) and, inside a tile, the K = C·R·S
 * reduction (c, r, s), one step per cycle. A pixel tile is `rows` consecutive pixels of the flattened OH·OW output
 * (row i of tile pt computes pixel pt·rows + i, wrapping from one output row to the next); a tile lasts
 * P = max(K, rows, cols) cycles (steps past K are bubbles). For the step being issued it computes each input bank's
 * address, each row's validity (padding, edges) and the weight address; and at each tile's first step a descriptor of
 * the tile that just finished.
 *
 * Input addressing. Element a(c, y, x) has the linear index V = c·plane + y·pitch + x (plane = H·pitch); it lives in
 * bank V mod B at word floor(V / B) (B = pow2(rows·maxStride) banks). The driver picks pitch ≥ W with
 * stride·pitch ≡ stride·OW (mod B), so for every step the rows read V_i ≡ V_0 + stride·i (mod B): distinct banks,
 * whichever output rows the tile's pixels lie on. Row i's pixel is row 0's pixel plus (dy_i, dx_i) = (floor(i / OW),
 * i mod OW) and one more carry when x0 + dx_i passes OW; the offsets are a chain over the rows computed from the
 * configuration alone (static during a run), so the per-cycle logic is an add and a compare per row.
 */
import { type ModuleBuilder, type Signal, type Inside, UInt, SInt, Bool, mux, when, switch_ } from '../../dsl/index.js';
import { type DenseHwParams, derived } from './params.js';
import type { denseCfgSpec } from './ports.js';

export type Cfg = Inside<ReturnType<typeof denseCfgSpec>>;

export const IDLE = 0;
export const RUN = 1;
export const FLUSH = 2;
export const WAIT = 3;

export interface Issue {
  state: Signal;
  /** in RUN (issuing the steps of a tile) */
  running: Signal;
  /** this cycle issues a real reduction step (not a bubble past K) */
  kStep: Signal;
  /** this cycle issues the first step of a tile (or the final flush) */
  first: Signal;
  /** per input bank: the word address to read */
  ifAddr: Signal[];
  /** per array row: the activation is real (not padding, not past the edge, not a bubble) */
  rowValid: Signal[];
  /** bank of row 0's activation: V_0 mod banks */
  baseLo: Signal;
  wAddr: Signal;
  /** descriptor of the tile finished by this `first` */
  desc: { valid: Signal; last: Signal; mt: Signal; pt: Signal };
}

/** The per-row pixel offsets (dx_i, dy_i) and linear-index offsets E_i = stride·(dy_i·pitch + dx_i), i = 0..rows. */
function rowOffsets(m: ModuleBuilder, cfg: Cfg, p: DenseHwParams, vBits: number, G: Signal) {
  const D = p.dimBits;
  const st = m.named('stride_v', cfg.stride.resize(vBits));
  const dx: Signal[] = [m.const(0, UInt(D))];
  const dy: Signal[] = [m.const(0, UInt(D))];
  const E: Signal[] = [m.const(0, UInt(vBits))];
  for (let i = 1; i <= p.rows; i++) {
    const inc = dx[i - 1]!.addw(1);
    const wrap = m.named(`wrap_${i}`, inc.eq(cfg.OW));
    dx.push(m.named(`dx_${i}`, mux(wrap, 0, inc)));
    dy.push(m.named(`dy_${i}`, dy[i - 1]!.addw(wrap.ext(D))));
    E.push(m.named(`e_${i}`, E[i - 1]!.addw(st).addw(mux(wrap, G, 0))));
  }
  return { dx, dy, E };
}

export function controller(m: ModuleBuilder, cfg: Cfg, start: Signal, finished: Signal, p: DenseHwParams): Issue {
  const d = derived(p);
  const D = p.dimBits;
  const lb = d.ifBankBits;
  const vBits = d.ifVBits;
  const state = m.reg('state', UInt(2));
  const kcnt = m.reg('kcnt', UInt(p.kBits));
  const rc = m.reg('r_cnt', UInt(4));
  const sc = m.reg('s_cnt', UInt(4));
  const pt = m.reg('pt', UInt(2 * D));
  const mt = m.reg('mt', UInt(D));
  const x0 = m.reg('x0', UInt(D));
  const y0 = m.reg('y0', UInt(D));
  /** stride·(y0·pitch + x0) − pad_y·pitch − pad_x: row 0's linear index at (c, r, s) = 0 */
  const tileV = m.reg('tile_v', UInt(vBits));
  /** c·plane + r·pitch, and c·plane */
  const stepV = m.reg('step_v', UInt(vBits));
  const planeV = m.reg('plane_v', UInt(vBits));
  const wBase = m.reg('w_base', UInt(d.wAddrBits));
  const prev = { valid: m.reg('prev_valid', Bool), mt: m.reg('prev_mt', UInt(D)), pt: m.reg('prev_pt', UInt(2 * D)) };

  // ---- static values of the configuration ----
  const pitch = m.named('pitch_v', cfg.pitch.resize(vBits));
  const G = m.named('wrap_v', cfg.stride.mul(pitch.subw(cfg.OW.resize(vBits))).trunc(vBits));
  const origin = m.named('origin_v', m.const(0, UInt(vBits)).subw(cfg.pad_y.mul(pitch).trunc(vBits)).subw(cfg.pad_x.resize(vBits)));
  const off = rowOffsets(m, cfg, p, vBits, G);
  const advX = off.dx[p.rows]!;
  const advY = off.dy[p.rows]!;
  const advV = off.E[p.rows]!;

  const minTile = m.const(d.minTile, UInt(p.kBits));
  const period = m.named('period', mux(cfg.K.gt(minTile), cfg.K, minTile));
  const running = m.named('running', state.eq(RUN));
  const kStep = m.named('k_step', running.and(kcnt.lt(cfg.K)));
  const tileEnd = m.named('tile_end', kcnt.eq(period.subw(1)));
  const first = m.named('first', running.and(kcnt.eq(0)).or(state.eq(FLUSH)));
  const nextX = m.named('next_x', x0.add(advX));
  const nextCarry = m.named('next_carry', nextX.ge(cfg.OW));

  const resetTile = (): void => {
    x0.set(0);
    y0.set(0);
    tileV.set(origin);
  };
  switch_(state)
    .is(IDLE, () => {
      when(start, () => {
        state.set(RUN);
        for (const r of [kcnt, rc, sc, pt, mt, stepV, planeV, wBase]) r.set(0);
        resetTile();
        prev.valid.set(0);
      });
    })
    .is(RUN, () => {
      when(first, () => {
        prev.valid.set(1);
        prev.mt.set(mt);
        prev.pt.set(pt);
      });
      when(tileEnd, () => {
        for (const r of [kcnt, rc, sc, stepV, planeV]) r.set(0);
        when(pt.eq(cfg.npt.subw(1)), () => {
          pt.set(0);
          resetTile();
          when(mt.eq(cfg.nmt.subw(1)), () => state.set(FLUSH)).otherwise(() => {
            mt.set(mt.addw(1));
            wBase.set(wBase.addw(cfg.K.resize(d.wAddrBits)));
          });
        }).otherwise(() => {
          pt.set(pt.addw(1));
          x0.set(mux(nextCarry, nextX.subw(cfg.OW.ext(D + 1)), nextX).trunc(D));
          y0.set(y0.addw(advY).addw(nextCarry.ext(D)));
          tileV.set(tileV.addw(advV).addw(mux(nextCarry, G, 0)));
        });
      }).otherwise(() => {
        kcnt.set(kcnt.addw(1));
        when(kStep, () => {
          when(sc.eq(cfg.S.subw(1)), () => {
            sc.set(0);
            when(rc.eq(cfg.R.subw(1)), () => {
              rc.set(0);
              const nextPlane = planeV.addw(cfg.plane);
              planeV.set(nextPlane);
              stepV.set(nextPlane);
            }).otherwise(() => {
              rc.set(rc.addw(1));
              stepV.set(stepV.addw(pitch));
            });
          }).otherwise(() => sc.set(sc.addw(1)));
        });
      });
    })
    .is(FLUSH, () => state.set(WAIT))
    .default(() => when(finished, () => state.set(IDLE)));

  // ---- per row: the pixel, its validity and its linear index at the step being issued ----
  const v0 = m.named('v0', tileV.addw(stepV).addw(sc.resize(vBits)));
  const baseLo = lb === 0 ? m.const(0, UInt(1)) : m.named('base_lo', v0.slice(lb - 1, 0));
  const rowValid: Signal[] = [];
  const rowWord: Signal[] = [];
  // v·stride for the strides the driver accepts (1..maxStride): a select of constant multiples, not a multiplier
  const strided = (v: Signal): Signal => {
    const sv = v.toSInt();
    let out: Signal = sv.resize(D + 5);
    for (let k = 2; k <= p.maxStride; k++) out = mux(cfg.stride.eq(k), sv.mul(m.const(k, SInt(5))).resize(D + 5), out);
    return out;
  };
  for (let i = 0; i < p.rows; i++) {
    const xs = i === 0 ? x0.ext(D + 1) : x0.add(off.dx[i]!);
    const carry = i === 0 ? m.const(0, Bool) : m.named(`carry_${i}`, xs.ge(cfg.OW));
    const x = i === 0 ? x0 : m.named(`px_${i}`, mux(carry, xs.subw(cfg.OW.ext(D + 1)), xs).trunc(D));
    const y = i === 0 ? y0 : m.named(`py_${i}`, y0.addw(off.dy[i]!).addw(carry.ext(D)));
    const xIn = m.named(`x_in_${i}`, strided(x).addw(sc.toSInt().resize(D + 5)).subw(cfg.pad_x.toSInt().resize(D + 5)));
    const yIn = m.named(`y_in_${i}`, strided(y).addw(rc.toSInt().resize(D + 5)).subw(cfg.pad_y.toSInt().resize(D + 5)));
    const ok = xIn.ge(0).and(xIn.lt(cfg.W.toSInt().resize(D + 5))).and(yIn.ge(0)).and(yIn.lt(cfg.H.toSInt().resize(D + 5)));
    rowValid.push(m.named(`row_ok_${i}`, kStep.and(ok)));
    const v = i === 0 ? v0 : m.named(`v_${i}`, v0.addw(off.E[i]!).addw(mux(carry, G, 0)));
    rowWord.push(v.slice(vBits - 1, lb).resize(d.ifAddrBits));
  }

  // ---- per bank: the word of the row that reads it (row i reads bank V_0 + stride·i) ----
  const lane: Signal[] = [];
  for (let l = 0; l < d.ifBanks; l++) {
    const cands: Array<[number, Signal]> = [];
    for (let s = 1; s <= p.maxStride; s++) if (l % s === 0 && l / s < p.rows) cands.push([s, rowWord[l / s]!]);
    let w: Signal = cands.length === 0 ? m.const(0, UInt(d.ifAddrBits)) : cands[cands.length - 1]![1];
    for (let k = cands.length - 2; k >= 0; k--) w = mux(cfg.stride.eq(cands[k]![0]), cands[k]![1], w);
    lane.push(w);
  }
  // rotate: bank b takes lane (b − V_0) mod B
  let rot = lane;
  for (let k = 0; k < lb; k++) {
    const sh = 1 << k;
    const bit = baseLo.bit(k);
    rot = rot.map((_, b) => mux(bit, rot[(b - sh + d.ifBanks) % d.ifBanks]!, rot[b]!));
  }
  const ifAddr = rot.map((a, b) => m.named(`if_addr_${b}`, a));
  const wAddr = m.named('w_addr', wBase.addw(kcnt.resize(d.wAddrBits)));
  return {
    state,
    running,
    kStep,
    first,
    ifAddr,
    rowValid,
    baseLo,
    wAddr,
    desc: { valid: prev.valid.and(first), last: state.eq(FLUSH), mt: prev.mt, pt: prev.pt },
  };
}
