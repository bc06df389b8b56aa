// Piscina worker entry. Worker threads do not inherit the parent's tsx loader, so register it here
// once, then hand every task to the TypeScript seed runner.
import { register } from 'tsx/esm/api';

register();
const { runSeed } = await import('./run-seed.ts');

export default function runTask(task) {
  return runSeed(task);
}
