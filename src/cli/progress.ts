/**
 * A one-line progress bar on stderr, only when stderr is a terminal (a log file
 * or a pipe gets the final summary only). Redrawn at most 10 times a second.
 */
const REDRAW_MS = 100;
const BAR_CELLS = 24;

export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly clock: () => number = Date.now) {}

  /** True when the bar draws anything. */
  get active(): boolean {
    return this.stream.isTTY === true;
  }

  /** Redraws with `fraction` (0–1, or undefined when the total is unknown) and a status text. */
  update(fraction: number | undefined, text: string, force = false): void {
    if (!this.active) return;
    const now = this.clock();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    let line = text;
    if (fraction !== undefined) {
      const f = Math.min(1, Math.max(0, fraction));
      const full = Math.round(f * BAR_CELLS);
      line = `${'█'.repeat(full)}${'░'.repeat(BAR_CELLS - full)} ${(f * 100).toFixed(0).padStart(3)}% ${text}`;
    }
    const width = (this.stream.columns || 100) - 1;
    this.stream.write(`\r${line.slice(0, width).padEnd(width)}`);
    this.drawn = true;
  }

  /** Clears the bar so the next line starts clean. */
  done(): void {
    if (!this.drawn) return;
    const width = (this.stream.columns || 100) - 1;
    this.stream.write(`\r${' '.repeat(width)}\r`);
    this.drawn = false;
  }
}
