/**
 * The RTL encoder: takes a dense map streamed in CHW order, one activation per `en` cycle (`first` marks the map's
 * first activation), and writes the encoding of golden.ts: a non-zero word {x, v} for every non-zero, and at the end
 * of every row r the row-end entry end[r] = non-zeros so far. Both writes happen in the activation's own cycle.
 */
import { defineModule, In, Out, UInt, Bool, mux, when } from '../../dsl/index.js';
import { type ZasHwParams, derived } from './params.js';

export type EncParams = Pick<ZasHwParams, 'actBits' | 'maxW' | 'nzWords' | 'rowWords' | 'dimBits'>;
const FILL = { P: 1, KR: 1, KS: 1, wBits: 8, accBits: 32, partialWords: 1, weightWords: 1, biasWords: 1, outWords: 1, multBits: 1, shiftBits: 1, rowLook: 1 };

export const ZasEncoder = defineModule(
  'zas_encoder',
  (p: EncParams) => {
    const d = derived({ ...p, ...FILL });
    return {
      en: In(Bool),
      first: In(Bool),
      value: In(UInt(p.actBits)),
      W: In(UInt(p.dimBits)),
      nz_we: Out(Bool),
      nz_addr: Out(UInt(d.nzAddrBits)),
      nz_data: Out(UInt(d.nzBits)),
      re_we: Out(Bool),
      re_addr: Out(UInt(d.rowAddrBits)),
      re_data: Out(UInt(d.ptrBits)),
    };
  },
  (m, io, p) => {
    const d = derived({ ...p, ...FILL });
    const D = p.dimBits;
    const x = m.reg('enc_x', UInt(D));
    const r = m.reg('enc_r', UInt(d.rowAddrBits));
    const k = m.reg('enc_k', UInt(d.ptrBits));
    const xe = m.named('enc_xe', mux(io.first, m.const(0, UInt(D)), x));
    const re = m.named('enc_re', mux(io.first, m.const(0, UInt(d.rowAddrBits)), r));
    const ke = m.named('enc_ke', mux(io.first, m.const(0, UInt(d.ptrBits)), k));
    const nz = m.named('enc_nz', io.value.ne(0));
    const endRow = m.named('enc_end_row', xe.eq(io.W.subw(1)));
    const kNext = m.named('enc_k_next', ke.addw(nz.ext(d.ptrBits)));
    io.nz_we.set(io.en.and(nz));
    io.nz_addr.set(ke.resize(d.nzAddrBits));
    io.nz_data.set(xe.resize(d.xBits).cat(io.value));
    io.re_we.set(io.en.and(endRow));
    io.re_addr.set(re);
    io.re_data.set(kNext);
    when(io.en, () => {
      x.set(mux(endRow, m.const(0, UInt(D)), xe.addw(1)));
      r.set(mux(endRow, re.addw(1), re));
      k.set(kNext);
    });
  },
);
