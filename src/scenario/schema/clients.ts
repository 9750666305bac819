/**
 * The client kinds a scenario's `clients:` list may hold: the one union of them. A new kind is a
 * module beside chef.ts with its fields, and one entry here.
 */
import * as z from '../zod.js';
import { Chef } from './chef.js';
import { CloudInit } from './cloud-init.js';
import { Periodic } from './periodic.js';
import { Replay } from './replay.js';

export const Client = z
  .discriminatedUnion('kind', [Chef, CloudInit, Periodic, Replay])
  .describe('A metadata client population.');

export type ClientSpec = z.output<typeof Client>;
