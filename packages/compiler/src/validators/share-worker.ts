/** Worker thread of a shared native pass (./share.ts): claims rules until none are left, answers once. */
import { parentPort } from 'node:worker_threads';
import { compileCounts } from './pool.js';
import {
  claimPasses,
  type RuleDone,
  type ShareReply,
  type ShareRequest,
  type ShareRules,
} from './share.js';

parentPort?.once('message', ({ rules, native, state, wanted }: ShareRequest) => {
  const done: [number, RuleDone][] = [];
  const parsed = JSON.parse(rules) as ShareRules;
  claimPasses(parsed, native, new Int32Array(state), new Uint8Array(wanted), (i, d) =>
    done.push([i, d]),
  );
  const reply: ShareReply = { done, native: compileCounts.native };
  parentPort!.postMessage(reply);
});
