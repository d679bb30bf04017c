// Types for the parts of ensure-code-server.mjs that unit tests use.
export declare const NODE_VERSION: string;
export declare const nodeDir: string;
export declare function codeServerInstallEnv(outer: Record<string, string | undefined>): Record<string, string>;
