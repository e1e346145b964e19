/**
 * The address-generating controller: walks channel tiles (mt), output rows (y), pixel tiles (xt) and, inside a
 * tile, the K = C·R·S reduction (c, r, s), one step per cycle. A tile lasts P = max(K, rows, cols) cycles (steps past
 * K are bubbles). It computes, for the step being issued, each input bank's address, each row's validity (padding,
 * edges) and the weight address; and at each tile's first step a descriptor of the tile that just finished.
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
  /** bank of row 0's activation: xb mod banks */
  baseLo: Signal;
  wAddr: Signal;
  /** descriptor of the tile finished by this `first` */
  desc: { valid: Signal; last: Signal; mt: Signal; y: Signal; xt: Signal };
}

export function controller(m: ModuleBuilder, cfg: Cfg, start: Signal, finished: Signal, p: DenseHwParams): Issue {
  const d = derived(p);
  const D = p.dimBits;
  const pos = SInt(D + 4);
  const state = m.reg('state', UInt(2));
  const kcnt = m.reg('kcnt', UInt(p.kBits));
  const cc = m.reg('c_cnt', UInt(D));
  const rc = m.reg('r_cnt', UInt(4));
  const sc = m.reg('s_cnt', UInt(4));
  const xt = m.reg('xt', UInt(D));
  const yc = m.reg('y_cnt', UInt(D));
  const mt = m.reg('mt', UInt(D));
  const cH = m.reg('c_h', UInt(2 * D));
  const yBase = m.reg('y_base', pos);
  const x0Base = m.reg('x0_base', pos);
  const wBase = m.reg('w_base', UInt(d.wAddrBits));
  const prev = { valid: m.reg('prev_valid', Bool), mt: m.reg('prev_mt', UInt(D)), y: m.reg('prev_y', UInt(D)), xt: m.reg('prev_xt', UInt(D)) };

  const negPadY = m.named('neg_pad_y', cfg.pad_y.neg().ext(D + 4));
  const negPadX = m.named('neg_pad_x', cfg.pad_x.neg().ext(D + 4));
  const minTile = m.const(d.minTile, UInt(p.kBits));
  const period = m.named('period', mux(cfg.K.gt(minTile), cfg.K, minTile));
  const running = m.named('running', state.eq(RUN));
  const kStep = m.named('k_step', running.and(kcnt.lt(cfg.K)));
  const tileEnd = m.named('tile_end', kcnt.eq(period.subw(1)));
  const first = m.named('first', running.and(kcnt.eq(0)).or(state.eq(FLUSH)));
  const xStep = m.named('x_step', cfg.stride.mul(p.rows).toSInt());

  switch_(state)
    .is(IDLE, () => {
      when(start, () => {
        state.set(RUN);
        for (const r of [kcnt, cc, rc, sc, xt, yc, mt, cH, wBase]) r.set(0);
        yBase.set(negPadY);
        x0Base.set(negPadX);
        prev.valid.set(0);
      });
    })
    .is(RUN, () => {
      when(first, () => {
        prev.valid.set(1);
        prev.mt.set(mt);
        prev.y.set(yc);
        prev.xt.set(xt);
      });
      when(tileEnd, () => {
        for (const r of [kcnt, cc, rc, sc, cH]) r.set(0);
        when(xt.eq(cfg.nxt.subw(1)), () => {
          xt.set(0);
          x0Base.set(negPadX);
          when(yc.eq(cfg.OH.subw(1)), () => {
            yc.set(0);
            yBase.set(negPadY);
            when(mt.eq(cfg.nmt.subw(1)), () => state.set(FLUSH)).otherwise(() => {
              mt.set(mt.addw(1));
              wBase.set(wBase.addw(cfg.K.resize(d.wAddrBits)));
            });
          }).otherwise(() => {
            yc.set(yc.addw(1));
            yBase.set(yBase.addw(cfg.stride.toSInt().ext(D + 4)));
          });
        }).otherwise(() => {
          xt.set(xt.addw(1));
          x0Base.set(x0Base.addw(xStep.ext(D + 4)));
        });
      }).otherwise(() => {
        kcnt.set(kcnt.addw(1));
        when(kStep, () => {
          when(sc.eq(cfg.S.subw(1)), () => {
            sc.set(0);
            when(rc.eq(cfg.R.subw(1)), () => {
              rc.set(0);
              cc.set(cc.addw(1));
              cH.set(cH.addw(cfg.H.ext(2 * D)));
            }).otherwise(() => rc.set(rc.addw(1)));
          }).otherwise(() => sc.set(sc.addw(1)));
        });
      });
    })
    .is(FLUSH, () => state.set(WAIT))
    .default(() => when(finished, () => state.set(IDLE)));

  // ---- addresses of the step being issued ----
  const yIn = m.named('y_in', yBase.add(rc.toSInt()));
  const yOk = m.named('y_ok', yIn.ge(0).and(yIn.lt(cfg.H.toSInt())));
  const rowAddr = m.named('row_addr', cH.toSInt().add(yIn).asUInt().trunc(d.ifAddrBits));
  const rowWord = m.named('row_word', rowAddr.mul(cfg.wb).trunc(d.ifAddrBits));
  const xb = m.named('xb', x0Base.add(sc.toSInt()));
  const lb = d.ifBankBits;
  const baseLo = lb === 0 ? m.const(0, UInt(1)) : m.named('base_lo', xb.slice(lb - 1, 0));
  const wb0 = m.named('wb0', xb.shr(lb).resize(d.ifAddrBits).asUInt());
  const ifAddr: Signal[] = [];
  for (let b = 0; b < d.ifBanks; b++) {
    const bump = lb === 0 ? m.const(0, UInt(1)) : m.const(b, UInt(lb)).lt(baseLo);
    ifAddr.push(m.named(`if_addr_${b}`, rowWord.addw(wb0).addw(bump.ext(d.ifAddrBits))));
  }
  const rowValid: Signal[] = [];
  for (let i = 0; i < p.rows; i++) {
    const xIn = i === 0 ? xb : xb.add(cfg.stride.mul(i).toSInt());
    rowValid.push(m.named(`row_ok_${i}`, kStep.and(yOk).and(xIn.ge(0)).and(xIn.lt(cfg.W.toSInt()))));
  }
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
    desc: { valid: prev.valid.and(first), last: state.eq(FLUSH), mt: prev.mt, y: prev.y, xt: prev.xt },
  };
}
