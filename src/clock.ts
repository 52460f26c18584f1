// The program's one clock. The composition root (createApp, or a test) picks it and passes it to everything that
// stamps or compares times; nothing else in src/, commands/ or adapters/ reads the wall clock (lint rule in
// eslint.config.js). Elapsed time and deadlines use performance.now(), which no clock change can move.
export type Clock = () => Date;

/** The wall clock: the only call of `new Date()` for "now" in the program. */
// eslint-disable-next-line no-restricted-syntax
export const systemClock: Clock = () => new Date();
