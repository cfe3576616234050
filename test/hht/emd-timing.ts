/**
 * Timing of the TS reference EMD (not a test): median ms per decomposition at
 * N = 256, 1024, 4096 on windows of the §5 random walk and its tick-rounded
 * version, with the sifts they took. Run: node dist/test/hht/emd-timing.js
 * (belongs in bench/hht/ once that folder is set up; kept here with the HHT tests).
 * Reports wall time and this process's CPU time; on a shared machine the CPU
 * time is the steadier of the two.
 */
import { performance } from 'node:perf_hooks';
import { emd } from '../../src/hht/emd.js';
import { EmdWorkspace } from '../../src/hht/workspace.js';
import { randomWalk, tickRounded } from '../../src/hht/test-signals.js';

const WINDOWS = 24;
const median = (a: number[]): number => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]!; };

for (const n of [256, 1024, 4096]) {
  const stride = n >> 2;
  const walk = randomWalk(n + (WINDOWS - 1) * stride);
  for (const [label, series] of [['random walk', walk], ['tick-rounded', tickRounded(walk)]] as const) {
    const ws = new EmdWorkspace(n);
    const ms: number[] = [], cpuMs: number[] = [], sifts: number[] = [], imfs: number[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      const x = series.slice(w * stride, w * stride + n);
      emd(x, { workspace: ws }); // warm-up
      const reps = n <= 256 ? 20 : n <= 1024 ? 5 : 2;
      const t0 = performance.now(), c0 = process.cpuUsage();
      let r = emd(x, { workspace: ws });
      for (let k = 1; k < reps; k++) r = emd(x, { workspace: ws });
      const c1 = process.cpuUsage(c0);
      ms.push((performance.now() - t0) / reps);
      cpuMs.push((c1.user + c1.system) / 1000 / reps);
      sifts.push(r.siftsPerImf.reduce((a, b) => a + b, 0));
      imfs.push(r.imfs.length);
    }
    console.log(`N=${String(n).padEnd(5)} ${label.padEnd(13)} median ${median(ms).toFixed(3)} ms wall, ${median(cpuMs).toFixed(3)} ms CPU (wall min ${Math.min(...ms).toFixed(3)}); `
      + `total sifts median ${median(sifts)} max ${Math.max(...sifts)}; IMFs median ${median(imfs)}`);
  }
}
