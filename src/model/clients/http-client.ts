/**
 * The client side of one metadata GET, shared by every client kind: connect if needed (with
 * the kernel's SYN retransmissions and the client's connect timeout), send, wait for the
 * response up to the read timeout. A client that times out closes its socket; the server
 * finds out only when it next reads from it.
 */
import type { Simulation } from '../../engine/simulation.js';
import type { Outcome } from '../../stats/results.js';
import { Conn, Req } from '../connection.js';
import { tcpConnect, type SynPolicy } from '../kernel.js';
import type { Recorder } from '../recorder.js';
import type { Instance } from '../topology.js';

export interface ClientContext {
  sim: Simulation;
  rec: Recorder;
  syn: SynPolicy;
}

export interface Exchange {
  outcome: Outcome;
  status: number;
  /** The connection, still open, when it can be reused; null if closed or never opened. */
  conn: Conn | null;
}

const usable = (c: Conn | null): c is Conn => c !== null && !c.clientClosed && !c.serverClosed;

export function httpGet(
  ctx: ClientContext,
  inst: Instance,
  existing: Conn | null,
  connectTimeout: number,
  readTimeout: number,
  done: (x: Exchange) => void,
): void {
  const cal = ctx.sim.cal;
  const ep = inst.endpoint;
  const req = new Req(cal, inst, cal.now, ep.proxyKey, ep.viaRouter);
  ctx.rec.requestStarted();
  const finish = (outcome: Outcome, status: number, conn: Conn | null): void => {
    req.finish();
    ctx.rec.requestEnded(req, outcome, cal.now);
    done({ outcome, status, conn });
  };
  const send = (conn: Conn): void => {
    const timer =
      readTimeout > 0
        ? cal.schedule(readTimeout, () => {
            if (req.finished) return;
            conn.close();
            finish('clientTimeout', 0, null);
          })
        : -1;
    req.onResponse = (status) => {
      if (timer !== -1) cal.cancel(timer);
      finish(status >= 500 ? 'http5xx' : 'ok', status, usable(conn) ? conn : null);
    };
    conn.send(req);
  };
  if (usable(existing)) {
    send(existing);
    return;
  }
  const conn = new Conn(cal, inst);
  tcpConnect(cal, ep.listener, conn, ctx.syn, connectTimeout, (ok) => {
    if (!ok) {
      finish('connectFailure', 0, null);
      return;
    }
    req.enter('listenQueue');
    send(conn);
  });
}

/** A bare TCP connect that closes at once (ohai's reachability probe). */
export function tcpProbe(ctx: ClientContext, inst: Instance, timeout: number, done: (ok: boolean) => void): void {
  const conn = new Conn(ctx.sim.cal, inst);
  tcpConnect(ctx.sim.cal, inst.endpoint.listener, conn, ctx.syn, timeout, (ok) => {
    if (ok) conn.close();
    done(ok);
  });
}
