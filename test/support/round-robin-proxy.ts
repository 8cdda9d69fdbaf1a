import { createServer, request, type Server } from 'node:http';

/**
 * A small load balancer for tests: each request goes to the next upstream in turn; an
 * upstream that refuses the connection (a killed instance) is skipped, as a balancer's
 * health check would. `served` lists which upstream answered each request.
 */
export async function roundRobinProxy(upstreams: string[]): Promise<{
  base: string;
  served: string[];
  close: () => Promise<void>;
}> {
  let next = 0;
  const served: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (left: number) => {
        const upstream = upstreams[next++ % upstreams.length]!;
        const u = new URL(upstream);
        const out = request(
          {
            host: u.hostname,
            port: u.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
            agent: false,
          },
          (up) => {
            served.push(upstream);
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        out.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED' && left > 1) return attempt(left - 1);
          res.writeHead(502).end(err.message);
        });
        out.end(body);
      };
      attempt(upstreams.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
