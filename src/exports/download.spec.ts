import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { streamDownload, type Producer } from './download';

/** A real HTTP server that streams with `produce`; failures before the start answer 500. */
async function serve(produce: Producer, failures: unknown[] = []): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    streamDownload(res, { name: '签约汇总表-20201017.xlsx', fallback: 'fair-workbook-20201017.xlsx' }, produce, (err) =>
      failures.push(err),
    ).catch((err: Error) => {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`失败：${err.message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** GETs the URL; resolves with status and body, or with the error that ended the response. */
function get(url: string): Promise<{ status?: number; body?: string; error?: string; headers?: http.IncomingHttpHeaders }> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      res.on('error', (err) => resolve({ status: res.statusCode, error: err.message }));
      res.on('aborted', () => resolve({ status: res.statusCode, error: 'aborted' }));
    });
    req.on('error', (err) => resolve({ error: err.message }));
  });
}

describe('streamDownload', () => {
  it('streams the file with its headers', async () => {
    const s = await serve(async (open) => {
      const out = open();
      out.write('PK');
      out.end();
      await new Promise((r) => out.once('finish', r));
    });
    const res = await get(s.url);
    await s.close();
    expect(res.status).toBe(200);
    expect(res.body).toBe('PK');
    expect(res.headers!['content-type']).toContain('spreadsheetml');
    expect(res.headers!['content-disposition']).toContain("filename*=UTF-8''");
  });

  it('leaves a failure before the output is opened to the ordinary error handling', async () => {
    const s = await serve(async () => {
      throw new Error('没有这个县区');
    });
    const res = await get(s.url);
    await s.close();
    expect(res.status).toBe(500);
    expect(res.body).toBe('失败：没有这个县区');
  });

  it('breaks off the response when the export fails after it started, instead of hanging or ending it as complete', async () => {
    const failures: unknown[] = [];
    const s = await serve(async (open) => {
      const out = open();
      out.write('PK'.repeat(1000));
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('database went away');
    }, failures);
    const res = await get(s.url);
    await s.close();
    expect(res.status).toBe(200);
    expect(res.error).toBeDefined();
    expect(res.body).toBeUndefined();
    expect(failures).toEqual([new Error('database went away')]);
  });

  it('tells the exporter when the client goes away, and logs no failure', async () => {
    const failures: unknown[] = [];
    let abortedWith: unknown;
    let stopped!: () => void;
    const stop = new Promise<void>((resolve) => (stopped = resolve));
    const s = await serve(async (open, signal) => {
      const out = open();
      out.write('PK');
      try {
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      } finally {
        abortedWith = signal.reason;
        stopped();
      }
    }, failures);
    const req = http.get(s.url, (res) => res.once('data', () => req.destroy()));
    req.on('error', () => undefined);
    await stop;
    await s.close();
    expect(String(abortedWith)).toContain('closed the connection');
    expect(failures).toEqual([]);
  });
});
