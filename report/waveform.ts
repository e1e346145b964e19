/**
 * A short waveform drawn as SVG: the dense MAC PE run for its first cycles in the built-in simulator, which writes a
 * VCD; the VCD is read back (top-scope variables only) and drawn, one row per signal, buses with their values.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compile } from '../dsl/index.js';
import { runTrace } from '../sim/builtin/index.ts';
import { DensePe } from '../generators/dense/pe.js';
import { esc } from './html.js';

export interface Waveform {
  title: string;
  /** signal -> value at each time step of the VCD (times 0, 1, 2, ...) */
  signals: Array<{ name: string; width: number; values: bigint[] }>;
  svg: string;
}

/** Top-scope variables of a VCD, sampled at every integer time from 0 to the last change. */
export function readVcd(text: string): Array<{ name: string; width: number; values: bigint[] }> {
  const vars: Array<{ id: string; name: string; width: number }> = [];
  let depth = 0;
  const tokens = text.split(/\s+/).filter(Boolean);
  let i = 0;
  for (; i < tokens.length && tokens[i] !== '$enddefinitions'; i++) {
    if (tokens[i] === '$scope') depth++;
    else if (tokens[i] === '$upscope') depth--;
    else if (tokens[i] === '$var' && depth === 1) vars.push({ width: Number(tokens[i + 2]), id: tokens[i + 3]!, name: tokens[i + 4]! });
  }
  const changes = new Map<string, Array<[number, bigint]>>(vars.map((v) => [v.id, []]));
  let t = 0;
  let end = 0;
  for (; i < tokens.length; i++) {
    const tok = tokens[i]!;
    let id: string | undefined;
    let v: bigint | undefined;
    if (tok.startsWith('#')) end = t = Number(tok.slice(1));
    else if (tok[0] === 'b' || tok[0] === 'B') {
      id = tokens[++i];
      v = /[xz]/i.test(tok) ? 0n : BigInt(`0b${tok.slice(1)}`);
    } else if (/^[01xz]/i.test(tok) && !tok.startsWith('$')) {
      id = tok.slice(1);
      v = tok[0] === '1' ? 1n : 0n;
    }
    if (id !== undefined && v !== undefined) changes.get(id)?.push([t, v]);
  }
  return vars.map((x) => {
    const ch = changes.get(x.id)!;
    const values: bigint[] = [];
    let k = 0;
    let cur = 0n;
    for (let s = 0; s <= end; s++) {
      while (k < ch.length && ch[k]![0] <= s) cur = ch[k++]![1];
      values.push(cur);
    }
    return { name: x.name, width: x.width, values };
  });
}

const ROW = 28;
const STEP = 26;
const LEFT = 110;

/** Draw signals as a waveform: 1-bit ones as lines, wider ones as boxes with their value (hex) at each change. */
export function waveformSvg(signals: Waveform['signals'], title: string): string {
  const steps = Math.max(0, ...signals.map((s) => s.values.length));
  const w = LEFT + steps * STEP + 10;
  const h = 30 + signals.length * ROW + 20;
  const parts: string[] = [`<text x="4" y="16" class="wt">${esc(title)}</text>`];
  for (let t = 1; t < steps; t += 2) parts.push(`<line x1="${LEFT + t * STEP}" y1="24" x2="${LEFT + t * STEP}" y2="${h - 18}" class="edge"/>`);
  for (let c = 0; 2 * c + 1 < steps; c++) parts.push(`<text x="${LEFT + (2 * c + 1) * STEP}" y="${h - 6}" class="tick">${c}</text>`);
  signals.forEach((s, r) => {
    const y0 = 30 + r * ROW;
    const hi = y0 + 4;
    const lo = y0 + ROW - 8;
    parts.push(`<text x="4" y="${lo}" class="name">${esc(s.name)}${s.width > 1 ? `[${s.width - 1}:0]` : ''}</text>`);
    if (s.width === 1) {
      const d = s.values.map((v, t) => `${t === 0 ? 'M' : 'L'}${LEFT + t * STEP},${v ? hi : lo} L${LEFT + (t + 1) * STEP},${v ? hi : lo}`).join(' ');
      parts.push(`<path d="${d}" class="bit"/>`);
      return;
    }
    let start = 0;
    for (let t = 1; t <= s.values.length; t++) {
      if (t < s.values.length && s.values[t] === s.values[start]) continue;
      const x1 = LEFT + start * STEP;
      const x2 = LEFT + t * STEP;
      const m = (hi + lo) / 2;
      parts.push(`<path d="M${x1},${m} L${x1 + 3},${hi} L${x2 - 3},${hi} L${x2},${m} L${x2 - 3},${lo} L${x1 + 3},${lo} Z" class="bus"/>`);
      const label = s.values[start]!.toString(16);
      if ((label.length + 1) * 6 < x2 - x1) parts.push(`<text x="${(x1 + x2) / 2}" y="${m + 4}" class="val">${label}</text>`);
      start = t;
    }
  });
  const style = `.wt{font:bold 12px sans-serif}.name{font:11px monospace}.tick{font:10px sans-serif;fill:#777;text-anchor:middle}.val{font:10px monospace;text-anchor:middle}.bit{fill:none;stroke:#1a5fb4;stroke-width:1.5}.bus{fill:#e8f0fb;stroke:#1a5fb4}.edge{stroke:#eee}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><style>${style}</style><rect width="${w}" height="${h}" fill="white"/>${parts.join('')}</svg>`;
}

/** Stimulus of the PE: reset, then two 3-term dot products (the flag marks each one's first term), then drain. */
function peStimulus(): Array<Record<string, bigint>> {
  const a = [0, 0, 3, 250, 17, 5, 128, 9, 0, 0, 0, 0];
  const w = [0, 0, 7, -3, 100, -128, 2, 45, 0, 0, 0, 0];
  const first = [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0];
  return a.map((x, c) => ({ rst: c < 2 ? 1n : 0n, a_in: BigInt(x), w_in: BigInt(w[c]!), first_in: BigInt(first[c]!) }));
}

/** The dense MAC PE's first 12 cycles in the built-in simulator, from its VCD. */
export function densePeWaveform(): Waveform {
  const { optimized } = compile(DensePe, { actBits: 8, wBits: 8, accBits: 24 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hwgen-wave-'));
  try {
    const vcd = path.join(dir, 'pe.vcd');
    runTrace(optimized, peStimulus(), undefined, undefined, { vcd });
    const all = readVcd(readFileSync(vcd, 'utf8'));
    const order = ['clk', 'rst', 'first_in', 'a_in', 'w_in', 'prod', 'acc', 'res'];
    const signals = order.map((n) => all.find((s) => s.name === n)).filter((s) => s !== undefined);
    const title = 'dense_pe, first 12 cycles (built-in simulator VCD; values in hex, two’s complement for signed)';
    return { title, signals, svg: waveformSvg(signals, title) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
