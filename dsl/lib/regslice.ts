/**
 * A register slice (skid buffer) for a valid/ready stream: it cuts every combinational path between its two sides
 * (deq.valid, deq.data and enq.ready all come from registers) at full throughput, one word per cycle, with two words
 * of storage: the output register, and a skid register that catches the word accepted in the cycle the consumer stalls.
 */
import { defineModule } from '../module.js';
import { Out } from '../ports.js';
import { UInt, SInt, Bool } from '../types.js';
import { when } from '../when.js';
import { Stream } from './stream.js';
import { flip } from './bundle.js';

export interface SliceParams {
  width: number;
  signed?: boolean;
}

const dataType = (p: SliceParams) => (p.signed ? SInt(p.width) : UInt(p.width));

export const RegSlice = defineModule(
  'reg_slice',
  (p: SliceParams) => ({ enq: flip(Stream(dataType(p))), deq: Stream(dataType(p)), occupancy: Out(UInt(2)) }),
  (m, io, p) => {
    const t = dataType(p);
    const outValid = m.reg('out_valid', Bool);
    const outData = m.reg('out_data', t, { reset: 'none' });
    const skidValid = m.reg('skid_valid', Bool);
    const skidData = m.reg('skid_data', t, { reset: 'none' });
    const enqReady = m.named('can_enq', skidValid.not());
    const enqFire = m.named('enq_fire', io.enq.valid.and(enqReady));
    const canLoad = m.named('can_load', io.deq.ready.or(outValid.not()));
    when(canLoad, () => {
      // the output register takes the skid word first (no new word is accepted while the skid is full)
      outValid.set(skidValid.or(io.enq.valid));
      when(skidValid, () => outData.set(skidData)).elsewhen(io.enq.valid, () => outData.set(io.enq.data));
      skidValid.set(0);
    }).otherwise(() => {
      when(enqFire, () => {
        skidValid.set(1);
        skidData.set(io.enq.data);
      });
    });
    io.enq.ready.set(enqReady);
    io.deq.valid.set(outValid);
    io.deq.data.set(outData);
    io.occupancy.set(outValid.add(skidValid));
    // the stream rule on the output: a stalled word stays, unchanged, until it moves; the skid is full only behind a full output
    const stalled = m.regNext('stalled_q', outValid.and(io.deq.ready.not()));
    const held = m.regNext('held_q', outData);
    m.assert(stalled.not().or(outValid.and(outData.eq(held))), 'reg_slice: a stalled output word stays valid and unchanged until it moves');
    m.assert(skidValid.not().or(outValid), 'reg_slice: the skid register is full only while the output register is');
  },
);
