/**
 * A reader that closes stdout early (`nmsim run --json | head`, a `jq` that fails) makes the
 * next write fail with EPIPE. Unhandled, that error ended nmsim with a stack trace, before its
 * output files were committed when the tables are printed first. The command goes on without
 * its stdout instead: files are written and the exit code is the command's own. Any other error
 * on stdout stays fatal.
 */
export function tolerateClosedStdout(): void {
  let closed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') closed = true;
    // Writes after the close fail too (the stream is destroyed): the same cause, once known.
    else if (!closed) throw e;
  });
}
