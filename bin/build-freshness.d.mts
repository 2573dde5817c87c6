export const projectRoot: string;
export const DIST: string;
export const BUILD_STAMP: string;
export const SOURCE_ROOTS: string[];
export function newestSourceMtime(): number;
export function buildIsFresh(): boolean;
