import { simulate } from '../src/sim/run.ts';
import { drawOptions, loadProfile } from '../src/explore/profile.ts';
const [seed, dev, tS] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];
const r = simulate({ options: drawOptions(loadProfile('default'), seed) });
for (const e of r.trace) {
  if (Math.abs(e.t / 1e6 - tS) > 1.2) continue;
  const d = (e as any).device ?? (e as any).from ?? (e as any).to;
  if (d !== undefined && d !== dev && d !== 'server') continue;
  const { payload, versions, status, ...rest } = e as any;
  console.log(JSON.stringify(rest).slice(0, 220), payload ? JSON.stringify(payload).slice(0, 80) : '', status ? JSON.stringify(status).slice(150,400) : '');
}
