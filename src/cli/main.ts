#!/usr/bin/env node
/**
 * nmsim: simulate the OpenStack Neutron metadata path. The entry point: installs the Ctrl-C and
 * SIGTERM handlers and the closed-stdout rule (closed-stdout.ts), then loads the command line
 * (cli.ts). The handlers come first because
 * loading yargs, zod and a command's modules takes a noticeable time (tens to hundreds of
 * milliseconds), and a signal in that window used to end the process with Node's default
 * handler instead of the documented exit code (130 or 143) and message. signals.ts imports only
 * node:fs and node:path (through output.ts), so the window left is Node's own start-up.
 */
import { tolerateClosedStdout } from './closed-stdout.js';
import { installSigint } from './signals.js';

installSigint();
tolerateClosedStdout();
await import('./cli.js');
