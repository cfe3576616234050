/** Line output to stdout in large writes; a closed pipe (`| head`) ends the process quietly. */
const FLUSH_BYTES = 1 << 20;

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

export class StdoutBuffer {
  private parts: string[] = [];
  private size = 0;

  line(s: string): void {
    this.parts.push(s);
    this.size += s.length + 1;
    if (this.size >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    process.stdout.write(this.parts.join('\n') + '\n');
    this.parts = [];
    this.size = 0;
  }
}
