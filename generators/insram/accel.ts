/**
 * The in-SRAM accelerator: `arrays` compute arrays (array.ts) driven by one micro-sequencer, which fetches the
 * instructions of isa.ts from the instruction memory and expands each into array steps, one per cycle, exactly as
 * model.ts counts them. Step counters (steps, two-row reads, one-row reads, writes, gather cycles, busy cycles) are
 * read through the read port (rd_ctr = 1, common/counters.ts), so a run reports its own row activations.
 *
 * Sequencer states: IDLE → (start) FETCH → DEC (latch the instruction, clear the counters i, j, phase) → EXEC (one
 * array step per cycle; on the last step the next instruction is read) → DEC … → END decoded → done.
 */
import { defineModule, UInt, Bool, mux, when, switch_, select, addrWidth, type Signal } from '../../dsl/index.js';
import { hostPorts } from '../common/host.js';
import { perfCounters } from '../common/counters.js';
import { INSRAM_COUNTERS } from './model.js';
import { derived, type InsramHwParams, LOAD_IMEM, LOAD_XIN, LOAD_IDX } from './params.js';
import { OP } from './isa.js';
import { InsramArray, F_SUM, F_CARRY, F_NOT, F_XNOR, F_ZERO, F_SHIFT, F_STAGE, F_AND } from './array.js';

const IDLE = 0;
const FETCH = 1;
const DEC = 2;
const EXEC = 3;

export function insramSpec(p: InsramHwParams) {
  const d = derived(p);
  return {
    ...hostPorts({ selBits: 2, loadBankBits: d.arrayBits, loadAddrBits: d.loadAddrBits, loadDataBits: d.loadDataBits, rdBankBits: d.arrayBits, rdAddrBits: d.rowBits, accBits: p.cols }),
  };
}

export const InsramAccel = defineModule('insram_accel', (p: InsramHwParams) => insramSpec(p), (m, io, p) => {
  const d = derived(p);
  const RB = d.rowBits;
  const rowT = UInt(RB);

  // ---- instruction memory ----
  const imem = m.mem('imem', UInt(d.instrBits), p.imemWords);
  imem.write(io.load_addr.resize(d.imemAddrBits), io.load_data.resize(d.instrBits), io.load_en.and(io.load_sel.eq(LOAD_IMEM)));
  const state = m.reg('state', UInt(2), { init: IDLE });
  const pc = m.reg('pc', UInt(d.imemAddrBits), { init: 0 });
  const ir = m.reg('ir', UInt(d.instrBits), { init: 0 });
  const i = m.reg('i', UInt(d.cntBits), { init: 0 });
  const j = m.reg('j', UInt(RB + 1), { init: 0 });
  const ph = m.reg('ph', UInt(2), { init: 0 });
  const last = m.wire('last', Bool, { default: 0 });
  const inExec = m.named('in_exec', state.eq(EXEC));
  const pcNext = m.named('pc_next', pc.addw(1));
  const q = imem.read(mux(inExec.and(last), pcNext, pc), { name: 'imem_q' });

  // instruction fields
  const f: Record<string, Signal> = {};
  let pos = 0;
  for (const [name, bits] of d.fields) {
    f[name] = m.named(`ir_${name}`, ir.slice(pos + bits - 1, pos));
    pos += bits;
  }
  const op = f.op!;
  const N = f.n!;
  const NB = f.nb!;
  const row = (base: Signal, off: Signal): Signal => base.addw(off.resize(RB));
  const iR = i.resize(RB);
  const jR = j.resize(RB);
  // operand b's row for bit i: b+i, or its sign row / the zero row beyond nb
  const bRow = m.named('b_row', mux(i.lt(NB.ext(d.cntBits)), row(f.b!, iR), mux(f.sx!.bit(0), row(f.b!, NB.subw(1).resize(RB)), m.const(0, rowT))));

  // ---- per-op step controls (defaults: nothing happens) ----
  const ctl = {
    rda: m.wire('c_rda', rowT, { default: 0 }),
    rdb: m.wire('c_rdb', rowT, { default: 0 }),
    func: m.wire('c_func', UInt(3), { default: F_ZERO }),
    we: m.wire('c_we', Bool, { default: 0 }),
    wrow: m.wire('c_wrow', rowT, { default: 0 }),
    pred: m.wire('c_pred', Bool, { default: 0 }),
    carry_ld: m.wire('c_carry_ld', Bool, { default: 0 }),
    cfirst: m.wire('c_cfirst', Bool, { default: 0 }),
    cval: m.wire('c_cval', Bool, { default: 0 }),
    tag_ld: m.wire('c_tag_ld', Bool, { default: 0 }),
    g_en: m.wire('c_g_en', Bool, { default: 0 }),
    stage_sh: m.wire('c_stage_sh', Bool, { default: 0 }),
  };
  const rd2 = m.wire('c_rd2', Bool, { default: 0 });
  const rd1 = m.wire('c_rd1', Bool, { default: 0 });
  const gth = m.wire('c_gather', Bool, { default: 0 });
  const predF = f.pred!.bit(0);
  const read1 = (r: Signal) => { ctl.rda.set(r); ctl.rdb.set(r); rd1.set(1); };
  const read2 = (a: Signal, b: Signal) => { ctl.rda.set(a); ctl.rdb.set(b); rd2.set(1); };
  const write = (r: Signal, fn: number, pred: Signal | number) => { ctl.we.set(1); ctl.wrow.set(r); ctl.func.set(fn); ctl.pred.set(pred); };
  const sumStep = (a: Signal, b: Signal, dst: Signal, cval: number, pred: Signal | number) => {
    read2(a, b);
    write(dst, F_SUM, pred);
    ctl.carry_ld.set(1);
    ctl.cfirst.set(i.eq(0));
    ctl.cval.set(cval);
  };
  const iIs = (v: Signal) => i.eq(v.ext(d.cntBits));
  const nm1 = m.named('n_m1', N.subw(1));
  const stepI = () => i.set(i.addw(1));
  const toPhase = (k: number) => { ph.set(k); i.set(0); };

  const lastJ = m.named('mul_last_j', j.eq(NB.subw(1).ext(RB + 1)));
  const signedStep = m.named('mul_signed', f.sx!.bit(0).and(lastJ));
  const aRow = m.named('mul_a_row', mux(i.lt(N.ext(d.cntBits)), row(f.a!, iR), m.const(0, rowT)));
  const dj = m.named('mul_d_row', row(f.d!, jR));
  when(inExec, () => {
    stepI();
    switch_(op)
      .is(OP.CLR, () => {
        write(row(f.d!, iR), F_ZERO, predF);
        when(iIs(nm1), () => last.set(1));
      })
      .is(OP.TAG, () => {
        read1(f.a!);
        ctl.tag_ld.set(1);
        last.set(1);
      })
      .is(OP.ADD, () => {
        when(iIs(N), () => write(row(f.d!, N.resize(RB)), F_CARRY, predF)).otherwise(() => sumStep(row(f.a!, iR), bRow, row(f.d!, iR), 0, predF));
        when(iIs(mux(f.cout!.bit(0), N, nm1)), () => last.set(1));
      })
      .is(OP.SUB, () => {
        when(ph.eq(0), () => {
          read1(bRow);
          write(row(f.t!, iR), F_NOT, 0);
          when(iIs(nm1), () => toPhase(1));
        }).otherwise(() => {
          sumStep(row(f.a!, iR), row(f.t!, iR), row(f.d!, iR), 1, predF);
          when(iIs(nm1), () => last.set(1));
        });
      })
      .is(OP.MUL, () => {
        switch_(ph)
          .is(0, () => {
            read1(row(f.b!, jR));
            ctl.tag_ld.set(1);
            toPhase(1);
            when(signedStep, () => ph.set(2));
          })
          .is(1, () => {
            when(iIs(N), () => {
              write(row(dj, N.resize(RB)), F_CARRY, 1);
              when(lastJ, () => last.set(1)).otherwise(() => { j.set(j.addw(1)); toPhase(0); });
            }).otherwise(() => sumStep(row(dj, iR), row(f.a!, iR), row(dj, iR), 0, 1));
          })
          .is(2, () => {
            read1(aRow);
            write(row(f.t!, iR), F_NOT, 0);
            when(iIs(N), () => toPhase(3));
          })
          .default(() => {
            sumStep(row(dj, iR), row(f.t!, iR), row(dj, iR), 1, 1);
            when(iIs(N), () => last.set(1));
          });
      })
      .is(OP.MOVE, () => {
        read1(row(f.a!, iR));
        write(row(f.d!, iR), F_SHIFT, predF);
        when(iIs(nm1), () => last.set(1));
      })
      .is(OP.XNOR, () => {
        read2(row(f.a!, iR), row(f.b!, iR));
        write(row(f.d!, iR), F_XNOR, predF);
        when(iIs(nm1), () => last.set(1));
      })
      .is(OP.AND, () => {
        read2(row(f.a!, iR), f.b!);
        write(row(f.d!, iR), F_AND, predF);
        when(iIs(nm1), () => last.set(1));
      })
      .is(OP.XPOSE, () => {
        when(ph.eq(0), () => {
          gth.set(1);
          ctl.g_en.set(i.lt(p.cols));
          when(i.eq(p.cols + d.gatherLatency - 1), () => toPhase(1));
        }).otherwise(() => {
          write(row(f.d!, iR), F_STAGE, 0);
          ctl.stage_sh.set(1);
          when(iIs(nm1), () => last.set(1));
        });
      })
      .default(() => last.set(1));
  });

  // ---- sequencing ----
  const finished = m.named('finished', state.eq(DEC).and(q.slice(3, 0).eq(OP.END)));
  switch_(state)
    .is(IDLE, () => when(io.start, () => { state.set(FETCH); pc.set(0); }))
    .is(FETCH, () => state.set(DEC))
    .is(DEC, () => {
      ir.set(q);
      i.set(0);
      j.set(0);
      ph.set(0);
      state.set(mux(finished, m.const(IDLE, UInt(2)), m.const(EXEC, UInt(2))));
    })
    .default(() => when(last, () => { pc.set(pcNext); state.set(DEC); }));

  // ---- arrays ----
  const sh = f.k!;
  const gAddr = m.named('g_addr', f.ibase!.addw(i.resize(d.idxAddrBits)));
  const rdQ: Signal[] = [];
  for (let a = 0; a < p.arrays; a++) {
    const u = m.instance(`arr_${a}`, InsramArray, p);
    u.ctl.rda.set(ctl.rda);
    u.ctl.rdb.set(ctl.rdb);
    u.ctl.func.set(ctl.func);
    u.ctl.we.set(ctl.we);
    u.ctl.wrow.set(ctl.wrow);
    u.ctl.pred.set(ctl.pred);
    u.ctl.carry_ld.set(ctl.carry_ld);
    u.ctl.cfirst.set(ctl.cfirst);
    u.ctl.cval.set(ctl.cval);
    u.ctl.tag_ld.set(ctl.tag_ld);
    u.ctl.sh.set(sh);
    u.ctl.left.set(f.left!.bit(0));
    u.ctl.g_en.set(ctl.g_en);
    u.ctl.g_addr.set(gAddr);
    u.ctl.g_slot.set(i.resize(d.shBits));
    u.ctl.xbase.set(f.xbase!);
    u.ctl.stage_sh.set(ctl.stage_sh);
    const mine = p.arrays === 1 ? m.const(1, Bool) : io.load_bank.eq(a);
    u.ld_xin.set(io.load_en.and(io.load_sel.eq(LOAD_XIN)).and(mine));
    u.ld_idx.set(io.load_en.and(io.load_sel.eq(LOAD_IDX)).and(mine));
    u.ld_addr.set(io.load_addr);
    u.ld_data.set(io.load_data);
    u.rd_addr.set(io.rd_addr);
    rdQ.push(u.rd_q);
  }
  // ---- step counters (INSRAM_COUNTERS, model.ts: StepCounts), read with rd_ctr = 1, and status ----
  const busy = m.named('busy_w', state.ne(IDLE));
  const events: Record<(typeof INSRAM_COUNTERS)[number], Signal> = {
    steps: inExec.and(rd1.or(rd2).or(ctl.we)),
    reads2: inExec.and(rd2),
    reads1: inExec.and(rd1),
    writes: inExec.and(ctl.we),
    gather: inExec.and(gth),
    busy,
  };
  const begin = io.start.and(state.eq(IDLE));
  const ctrs = perfCounters(m, begin, INSRAM_COUNTERS.map((k) => [k, events[k]] as const), p.cols);
  const ctrQ = m.regNext('rd_ctr_q', select(io.rd_addr.resize(addrWidth(ctrs.length)), ctrs));
  const rdBank = m.regNext('rd_bank_q', io.rd_bank);
  const rows = (p.arrays === 1 ? rdQ[0]! : select(rdBank, rdQ)).asSInt();
  io.rd_data.set(mux(m.regNext('rd_ctr_sel', io.rd_ctr), ctrQ.toSInt().ext(p.cols), rows));
  void io.rd_en;
  io.busy.set(busy);
  const done = m.reg('done_q', Bool, { init: 0 });
  when(begin, () => done.set(0)).elsewhen(finished, () => done.set(1));
  io.done.set(done);
});
