/**
 * Plain-text output for the terminal, one import for the commands: how one number is shown
 * (format-values.ts), the run summary (summary-text.ts), and the tables of compare, sweep and
 * capacity (study-text.ts).
 */
export * from './format-values.js';
export * from './summary-text.js';
export * from './study-text.js';
