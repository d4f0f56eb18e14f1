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

parentPort?.once('message', ({ rules, native, counter }: ShareRequest) => {
  const done: [number, RuleDone][] = [];
  const parsed = JSON.parse(rules) as ShareRules;
  claimPasses(parsed, native, new Int32Array(counter), (i, d) => done.push([i, d]));
  const reply: ShareReply = { done, native: compileCounts.native };
  parentPort!.postMessage(reply);
});
