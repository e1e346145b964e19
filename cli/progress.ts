/**
 * A one-line progress bar on a TTY stream (stderr by default): `[#########-----------]  9/20 tiles  label  1m 02s`.
 * On anything that is not a TTY, or when the caller disables it (the CLI does under CI), it draws nothing; `note()` lines are printed either way (above the bar on a TTY).
 */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

export function progressLine(done: number, total: number, label: string, elapsedMs: number, width = 24): string {
  const frac = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(frac * width);
  const n = String(total).length;
  // the time left at the rate so far (tiles of one run take similar times; shown once a tile is done)
  const eta = done > 0 && done < total ? `, about ${formatDuration((elapsedMs / done) * (total - done))} left` : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(done).padStart(n)}/${total} tiles  ${label}  ${formatDuration(elapsedMs)}${eta}`;
}

export class Progress {
  private done = 0;
  private label = '';
  private readonly t0 = performance.now();
  private timer: NodeJS.Timeout | undefined;
  readonly live: boolean;

  constructor(
    private total: number,
    private readonly stream: ProgressStream = process.stderr,
    enabled = true,
  ) {
    this.live = enabled && stream.isTTY === true;
    if (this.live) {
      this.timer = setInterval(() => this.draw(), 500);
      this.timer.unref();
    }
  }

  setTotal(total: number): void {
    this.total = total;
    this.draw();
  }

  /** `n` more tiles finished; `label` says what is running */
  tick(n = 1, label?: string): void {
    this.done += n;
    if (label !== undefined) this.label = label;
    this.draw();
  }

  status(label: string): void {
    this.label = label;
    this.draw();
  }

  /** a line of output that stays (on a TTY the bar is redrawn under it) */
  note(line: string): void {
    if (this.live) this.stream.write('\r\x1b[K');
    this.stream.write(`${line}\n`);
    this.draw();
  }

  private draw(): void {
    if (!this.live) return;
    const line = progressLine(this.done, this.total, this.label, performance.now() - this.t0);
    const cols = this.stream.columns || 100;
    this.stream.write(`\r\x1b[K${line.slice(0, Math.max(20, cols - 1))}`);
  }

  /** erase the bar */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.live) this.stream.write('\r\x1b[K');
  }
}
