// Types for nested-npm-env.mjs (a plain ESM script, so that npm can run it before anything is built).
export declare const CONNECTION_SETTINGS: string[];
export declare function nestedNpmEnv(
  outer: Record<string, string | undefined>,
  options: { nodeBinDir: string; set?: Record<string, string> },
): Record<string, string>;
