// Browser mode listens on 127.0.0.1 only (SECURITY.md, "Browser mode"): another machine on the network, or a
// program reaching this one through another of its addresses, finds nothing at the studio's port.
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/studio-server';

/** 'connected' or the error code a TCP connection to host:port ends with. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** Every address of this machine but 127.0.0.1 (link-local IPv6 with its interface). */
const otherAddresses = () =>
  Object.entries(networkInterfaces()).flatMap(([name, list]) =>
    (list ?? [])
      .filter((a) => a.address !== '127.0.0.1')
      .map((a) =>
        a.family === 'IPv6' && a.address.startsWith('fe80:') ? `${a.address}%${name}` : a.address,
      ),
  );

describe('browser-mode server address', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it("accepts connections on 127.0.0.1 and on no other of the machine's addresses", async () => {
    expect(await tryConnect('127.0.0.1', t.server.port)).toBe('connected');
    const others = [...otherAddresses(), '127.0.0.2', '::1'];
    expect(others.length).toBeGreaterThan(1);
    for (const address of others)
      expect(await tryConnect(address, t.server.port), address).not.toBe('connected');
  });
});
