/**
 * `hwgen report`: the report page of whatever benchmark JSON bench-out/ holds (report/index.ts), and a summary of it.
 */
import path from 'node:path';
import { writeReport, type ReportResult } from '../../report/index.js';

export { writeReport };

export function formatReport(r: ReportResult): string[] {
  const lines = [`report: ${r.file}`];
  for (const s of r.sections)
    lines.push(s.file ? `  ${s.bench.padEnd(10)} ${s.tables.length} table(s), ${s.plots.length} plot(s)` : `  ${s.bench.padEnd(10)} missing: run \`hwgen bench ${s.bench}\``);
  for (const x of r.schematics) lines.push(`  schematic  ${x.top} (${x.cells} cells) -> ${path.join(path.dirname(r.file), 'figures', `schematic-${x.top}.svg`)}`);
  if (r.waveform) lines.push(`  waveform   dense_pe, ${r.waveform.signals.length} signals -> ${path.join(path.dirname(r.file), 'figures', 'waveform-dense_pe.svg')}`);
  return lines;
}
