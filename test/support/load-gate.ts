/**
 * A gate on module loading, for tests that send a signal while nmsim is loading a given module
 * (`node --import dist/test/support/load-gate.js`). When a module whose URL contains
 * NMSIM_GATE_MATCH is loaded, the hook writes the file NMSIM_GATE_MARK and holds that load
 * until the file NMSIM_GATE_GO exists (at most 30 s, so a broken test cannot hang), while the
 * main thread's event loop keeps running and takes signals. The test sends its signal when the
 * mark appears: no guessed delay. With NMSIM_LOAD_LOG set, the hook also appends the URL of
 * every module loaded to that file (which code a command's start loads). Without either it
 * registers nothing.
 */
import { register } from 'node:module';

if (process.env.NMSIM_GATE_MATCH || process.env.NMSIM_LOAD_LOG) register('./load-gate-hooks.js', import.meta.url);
