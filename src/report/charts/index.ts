export * from './common.js';
export * from './latency.js';
export * from './bars.js';
export * from './series.js';
export * from './curves.js';
