import * as net from 'node:net';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * A client that trickles its request a byte at a time must not hold a connection for Node's
 * default 5 minutes: past REQUEST_TIMEOUT (1 s here; 120 s by default) the server answers 408
 * and closes the connection. The jest timeout (30 s) is far below Node's own limits (60 s for
 * the headers, 300 s for the whole request), so without the app's limits these tests fail.
 */
describe('request timeouts', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ REQUEST_TIMEOUT: '1' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.http.address() as net.AddressInfo).port;
  });
  afterAll(() => t?.close());

  /**
   * Sends `head` at once, then one byte of `trickle` every 100 ms, until the server closes the
   * connection; resolves with what the server sent and how many bytes were trickled.
   */
  function trickle(head: string, trickle: string): Promise<{ answer: string; sent: number }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      // The trickle starts once `head` is written: started earlier, a slow connect (a loaded
      // machine) let a trickled byte go first and the server rightly answered 400.
      socket.on('connect', () => {
        socket.write(head);
        timer = setInterval(() => {
          if (sent < trickle.length && socket.writable) socket.write(trickle[sent++]);
        }, 100);
      });
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, sent });
      });
    });
  }

  it('closes a connection whose headers trickle in, with 408', async () => {
    const headers = 'X-Slow: ' + 'a'.repeat(200) + '\r\n';
    const { answer, sent } = await trickle('GET /health/live HTTP/1.1\r\nHost: localhost\r\n', headers);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    // Closed by the server while the client was still sending (20 s of headers were left).
    expect(sent).toBeLessThan(headers.length);
  }, 30_000);

  it('closes a connection whose body trickles in, with 408', async () => {
    const body = 'username=' + 'a'.repeat(300);
    const head =
      'POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      `Content-Length: ${body.length}\r\n\r\n`;
    const { answer, sent } = await trickle(head, body);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(sent).toBeLessThan(body.length);
  }, 30_000);

  it('still answers a request sent at once', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(res.status).toBe(200);
  });
});
