/**
 * FftNd (`fft_nd`): the dims-dimensional fixed-point FFT/IFFT of an n^dims buffer, in place: one FftLine and a
 * sequencer that runs dims passes (along x, then y, then z), each reading one line per cycle, pushing it through
 * the butterfly pipeline and writing it back where it came from.
 *
 * The buffer is also the transpose buffer: n banks (one word {re, im} per element), element (x, y, z) in bank
 * (x + y + z) mod n at address z·n + y. A line along any axis then has exactly one element in each bank: element i
 * of the line whose other coordinates sum to s is in bank (i + s) mod n, so a read is one word per bank, each bank
 * at its own address, and a rotation by s puts the words in line order (the write rotates back). The host writes and
 * reads single elements by their natural index (x + n·y + n²·z) while the unit is not busy. Timing: model.ts.
 */
import { defineModule, In, Out, UInt, SInt, Bool, mux, cat, when, select, addrWidth, type ModuleBuilder, type Signal } from '../../dsl/index.js';
import { FftLine } from './line.js';
import { log2Exact } from './twiddle.js';

export interface FftNdHwParams {
  n: number;
  dims: 1 | 2 | 3;
  w: number;
  t: number;
}

/** Width of an element's natural index. */
export const ndAddrBits = (p: { n: number; dims: number }): number => Math.max(1, p.dims * log2Exact(p.n));

export const fftNdPorts = (p: FftNdHwParams) => ({
  start: In(Bool),
  inverse: In(Bool),
  busy: Out(Bool),
  done: Out(Bool),
  wr_en: In(Bool),
  wr_addr: In(UInt(ndAddrBits(p))),
  wr_re: In(SInt(p.w)),
  wr_im: In(SInt(p.w)),
  rd_en: In(Bool),
  rd_addr: In(UInt(ndAddrBits(p))),
  rd_re: Out(SInt(p.w)),
  rd_im: Out(SInt(p.w)),
  line_valid: Out(Bool),
});

interface Place {
  bank: Signal;
  addr: Signal;
}

export const FftNd = defineModule('fft_nd', fftNdPorts, (m, io, p) => {
  const { n, dims, w } = p;
  const lg = log2Exact(n);
  const lines = n ** (dims - 1);
  const jBits = Math.max(1, (dims - 1) * lg);
  const memAw = addrWidth(lines);
  const banks = Array.from({ length: n }, (_, b) => m.mem(`bank_${b}`, UInt(2 * w), lines));
  const zeroAddr = () => m.const(0, UInt(memAw));
  const coord = (v: Signal, k: number) => v.slice(k * lg + lg - 1, k * lg);

  /** Bank and address of the element with natural index `idx` (host port). */
  const placeOf = (idx: Signal): Place => {
    const x = coord(idx, 0);
    if (dims === 1) return { bank: x, addr: zeroAddr() };
    const y = coord(idx, 1);
    if (dims === 2) return { bank: x.addw(y), addr: y };
    const z = coord(idx, 2);
    return { bank: x.addw(y).addw(z), addr: cat(z, y) };
  };

  /** The rotation s of line j of the current pass and the address of its element in bank b. */
  const lineGeometry = (name: string, pass: Signal, j: Signal): { rot: Signal; addr: (b: number) => Signal } => {
    if (dims === 1) return { rot: m.const(0, UInt(lg)), addr: zeroAddr };
    if (dims === 2) {
      // pass 0 (rows): j = y, every bank at address y; pass 1 (columns): j = x, bank b holds y = (b − x) mod n
      return { rot: j, addr: (b) => m.named(`${name}_addr_${b}`, mux(pass.eq(0), j, m.const(b, UInt(lg)).subw(j))) };
    }
    const lo = coord(j, 0);
    const hi = coord(j, 1);
    const rot = m.named(`${name}_rot`, lo.addw(hi));
    // pass 0: (y, z) = (lo, hi), address j; pass 1: (x, z) = (lo, hi), address (z, y); pass 2: (x, y) = (lo, hi), address (z, y)
    return {
      rot,
      addr: (b) => {
        const ia = m.const(b, UInt(lg)).subw(rot);
        return m.named(`${name}_addr_${b}`, mux(pass.eq(0), j, mux(pass.eq(1), cat(hi, ia), cat(ia, hi))));
      },
    };
  };

  const busy = m.reg('busy', Bool);
  const done = m.reg('done', Bool);
  const invQ = m.reg('inv_q', Bool);
  const pass = m.reg('pass', UInt(2));
  const issuing = m.reg('issuing', Bool);
  const j = m.reg('rd_line', UInt(jBits));
  const jw = m.reg('wr_line', UInt(jBits));

  // read side: line j of the pass, one word per bank; the words arrive a cycle later and are rotated into line order
  const geomR = lineGeometry("rd", pass, j);
  const hostR = placeOf(io.rd_addr);
  const readEn = mux(busy, issuing, io.rd_en);
  const q = banks.map((mem, b) => mem.read(mux(busy, geomR.addr(b), hostR.addr), { en: readEn, name: `q_${b}` }));
  const rdValid = m.regNext('rd_valid', busy.and(issuing));
  const rotQ = m.regNext('rd_rot_q', geomR.rot);
  const lanes = rotate(m, 'lane', q, rotQ, +1);
  const line = m.instance('u_line', FftLine, { n, w, t: p.t });
  line.in_valid.set(rdValid);
  line.in_inv.set(invQ);
  for (let i = 0; i < n; i++) {
    line.in_re[i]!.set(lanes[i]!.slice(2 * w - 1, w).asSInt());
    line.in_im[i]!.set(lanes[i]!.slice(w - 1, 0).asSInt());
  }

  // write side: the line leaving the pipeline goes back where it was read from
  const geomW = lineGeometry('wr', pass, jw);
  const outWords = Array.from({ length: n }, (_, i) => cat(line.out_re[i]!.asUInt(), line.out_im[i]!.asUInt()));
  const back = rotate(m, 'back', outWords, geomW.rot, -1);
  const hostW = placeOf(io.wr_addr);
  const hostWord = cat(io.wr_re.asUInt(), io.wr_im.asUInt());
  banks.forEach((mem, b) => {
    const en = mux(busy, line.out_valid, io.wr_en.and(hostW.bank.eq(b)));
    mem.write(mux(busy, geomW.addr(b), hostW.addr), mux(busy, back[b]!, hostWord), en);
  });

  // sequencer
  when(io.start.and(busy.not()), () => {
    busy.set(1);
    done.set(0);
    invQ.set(io.inverse);
    pass.set(0);
    issuing.set(1);
    j.set(0);
    jw.set(0);
  }).otherwise(() => {
    when(issuing, () => {
      j.set(j.addw(1));
      when(j.eq(lines - 1), () => {
        issuing.set(0);
        j.set(0);
      });
    });
    when(line.out_valid, () => {
      jw.set(jw.addw(1));
      when(jw.eq(lines - 1), () => {
        jw.set(0);
        when(pass.eq(dims - 1), () => {
          busy.set(0);
          done.set(1);
        }).otherwise(() => {
          pass.set(pass.addw(1));
          issuing.set(1);
        });
      });
    });
  });
  m.assert(busy.not().or(io.wr_en.not()), 'fft_nd: wr_en while busy');

  const rdBankQ = m.regNext('rd_bank_q', hostR.bank);
  const word = select(rdBankQ, q);
  io.rd_re.set(word.slice(2 * w - 1, w).asSInt());
  io.rd_im.set(word.slice(w - 1, 0).asSInt());
  io.busy.set(busy);
  io.done.set(done);
  io.line_valid.set(rdValid);
});

/** v rotated by r: out[i] = v[(i + dir·r) mod n] (a barrel of log2 n mux levels). */
function rotate(m: ModuleBuilder, name: string, v: readonly Signal[], r: Signal, dir: 1 | -1): Signal[] {
  const n = v.length;
  let cur = [...v];
  for (let k = 0; k < r.width && 2 ** k < n; k++) {
    const sh = 2 ** k;
    const prev = cur;
    cur = prev.map((x, i) => mux(r.bit(k), prev[(((i + dir * sh) % n) + n) % n]!, x));
    cur = cur.map((x, i) => m.named(`${name}${k}_${i}`, x));
  }
  return cur;
}
