/**
 * User text on a terminal: a scenario name, a file name or a field value may contain ANSI
 * escapes or newlines that repaint the screen or forge a line of output ("ok  x.yaml" printed by
 * a name). Everything nmsim prints that came from a user goes through one of these.
 */

// C0 controls, DEL and C1 controls (0x80-0x9f: CSI and friends on some terminals): matching
// control characters is the point of this module.
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const escape = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** One line of user text: every control character (newlines included) shown as \xNN. */
export function printable(s: string): string {
  return s.replace(CONTROL, escape);
}

/** Text of several lines (a table, a message list): newlines and tabs kept, other controls shown as \xNN. */
export function printableLines(s: string): string {
  return s.replace(CONTROL_BUT_LINES, escape);
}

/** True when `s` has a control character (newlines and tabs count unless `allowLines`). */
export function hasControl(s: string, allowLines = false): boolean {
  return (allowLines ? /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/ : /[\u0000-\u001f\u007f-\u009f]/).test(s);
}
