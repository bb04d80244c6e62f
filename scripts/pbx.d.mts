import type { ChildProcess } from 'node:child_process';

export declare const PBX_NODE_FLAGS: string[];
export declare const PBX_ENV: Record<string, string>;
export declare function spawnPbx(args: string[]): ChildProcess;
