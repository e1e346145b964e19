/**
 * A serial-to-parallel shifter with valid/ready handshakes, written as a three-state FSM with switch_ / when /
 * elsewhen. IDLE waits for `start`; SHIFT takes one bit per `in_valid` cycle (LSB first; `cancel` returns to IDLE);
 * after `width` bits, HOLD presents `out_data` with `out_valid` until `out_ready`.
 */
import { defineModule, In, Out, UInt, Bool, when, switch_, cat } from '../dsl/index.js';
import { bitsFor } from './util.js';

export interface DeserializerParams {
  width: number;
}

const IDLE = 0;
const SHIFT = 1;
const HOLD = 2;

export const Deserializer = defineModule(
  'deserializer',
  (p: DeserializerParams) => ({
    start: In(Bool),
    cancel: In(Bool),
    in_valid: In(Bool),
    in_bit: In(Bool),
    in_ready: Out(Bool),
    out_valid: Out(Bool),
    out_ready: In(Bool),
    out_data: Out(UInt(p.width)),
    busy: Out(Bool),
  }),
  (m, io, p) => {
    if (p.width < 2) throw new Error('deserializer: width must be at least 2');
    const state = m.reg('state', UInt(2), { init: IDLE });
    const sr = m.reg('shift_q', UInt(p.width));
    const cnt = m.reg('bit_cnt', UInt(bitsFor(p.width)));
    const inReady = m.wire('take_bit', Bool, { default: 0 });
    const outValid = m.wire('holding', Bool, { default: 0 });

    switch_(state)
      .is(IDLE, () => {
        when(io.start, () => {
          cnt.set(0);
          state.set(SHIFT);
        });
      })
      .is(SHIFT, () => {
        inReady.set(1);
        when(io.cancel, () => state.set(IDLE)).elsewhen(io.in_valid, () => {
          sr.set(cat(io.in_bit, sr.slice(p.width - 1, 1)));
          cnt.set(cnt.addw(1));
          when(cnt.eq(p.width - 1), () => state.set(HOLD));
        });
      })
      .is(HOLD, () => {
        outValid.set(1);
        when(io.out_ready, () => state.set(IDLE));
      })
      .default(() => state.set(IDLE));

    io.in_ready.set(inReady);
    io.out_valid.set(outValid);
    io.out_data.set(sr);
    io.busy.set(state.ne(IDLE));
  },
);
