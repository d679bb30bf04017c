// Types for run-step.mjs (a plain ESM script, so that npm can run it before anything is built).
export declare const HEARTBEAT_MS: number;
export declare function formatSeconds(s: number): string;
export declare function runStep(step: {
  name: string;
  what: string;
  usual: string;
  cmd: string;
  args: string[];
  log: string;
  retry: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  heartbeatMs?: number;
  say?: (line: string) => void;
}): Promise<void>;
