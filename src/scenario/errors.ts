/**
 * Scenario errors, one line per problem, always naming the file and the field:
 *   scenarios/x.yaml: topology.networks[1].cidr: "10.0.0.0/33" has prefix /33, over /32
 */
import type { PathSegment } from './paths.js';
import { printable } from './text.js';

export { formatPath } from './paths.js';

export interface ScenarioIssue {
  /** The file as the user named it (relative to the working directory when inside it). */
  file: string;
  /** Dotted field path with [i] for list items; '' for the file as a whole. */
  path: string;
  message: string;
}

/** A problem found in a resolved scenario, before the file that set the field is known. */
export interface FieldIssue {
  path: PathSegment[];
  message: string;
}

export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** `file: path: message`, or `file: message` for problems with the file as a whole. */
export function formatIssue(i: ScenarioIssue): string {
  // Every part may hold user text (a file name, a key, a value): one line each, never an escape.
  const [file, path, message] = [printable(i.file), printable(i.path), printable(i.message)];
  return path ? `${file}: ${path}: ${message}` : `${file}: ${message}`;
}
