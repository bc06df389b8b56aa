// @ts-nocheck
// Prints the trace hash of one seed: run in a child process and in a worker thread by the determinism tests.
import { parentPort, workerData } from 'node:worker_threads';
import { resolveSimOptions } from '../../../src/sim/options.ts';
import { simulate } from '../../../src/sim/run.ts';

const seed = Number(workerData?.seed ?? process.argv[2]);
const hash = simulate({ options: resolveSimOptions({ seed, durationMs: 30_000 }, 'hash-seed') }).traceHash;
if (parentPort) parentPort.postMessage(hash);
else process.stdout.write(`${hash}\n`);
