/** Reports each kind of bad input once on stderr, with file and line; later ones are only counted. */
export class OncePerKind {
  private readonly seen = new Set<string>();
  /** The file (or zip entry) being read, for messages that need a position. */
  where = '';
  constructor(private readonly prefix: string, private readonly write: (s: string) => void = (s) => process.stderr.write(s)) {}

  /** Prints the first report of `kind`; returns whether it printed. */
  report(kind: string, where: string, detail: string): boolean {
    if (this.seen.has(kind)) return false;
    this.seen.add(kind);
    this.write(`${this.prefix}: ${where}: ${kind}: ${detail} (further ${kind} problems are counted, not shown)\n`);
    return true;
  }
}
