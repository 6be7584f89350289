/** Timing of the playbook engine alone on the synthetic workspace; `npm run bench` prints it. */
import { computeActions } from '../../src/domain/playbook/engine.js';
import { buildSyntheticWorkspace, type SyntheticWorkspaceOptions } from '../support/synthetic-workspace.js';

export interface BenchResult {
  contacts: number;
  conversations: number;
  /** Median wall time of one `computeActions`, in milliseconds, after warm-up. */
  ms: number;
  /** Fastest run, in milliseconds (least disturbed by other processes and garbage collection). */
  minMs: number;
  /** Number of actions proposed. */
  actions: number;
}

/** Builds the synthetic workspace once, warms up, and times `computeActions` (median of `runs`). */
export function benchComputeActions(options: SyntheticWorkspaceOptions & { runs?: number } = {}): BenchResult {
  const input = buildSyntheticWorkspace(options);
  const runs = options.runs ?? 7;
  let actions = 0;
  for (let i = 0; i < 2; i += 1) actions = computeActions(input).length;
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    actions = computeActions(input).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    contacts: input.contacts.length,
    conversations: input.conversations.length,
    ms: round(times[Math.floor(times.length / 2)] ?? 0),
    minMs: round(times[0] ?? 0),
    actions,
  };
}
