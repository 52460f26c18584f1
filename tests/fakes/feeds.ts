// A fake feed server on 127.0.0.1 (port 0) that tests start: serves fixture bodies per path with chosen status,
// headers, ETag / Last-Modified (answering conditional GETs with 304), gzip / deflate / br encoding, redirects, and
// hostile behaviours (slow drip, endless body, huge Content-Length, abrupt close). Records every request and the
// highest number of requests it had in flight at once. Timers come from node:timers so fake timers never freeze it.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import zlib from 'node:zlib';

export interface FeedRoute {
  body?: string | Buffer;
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  etag?: string;
  lastModified?: string;
  encoding?: 'gzip' | 'deflate' | 'br';
  /** Redirect (302 unless `status` says otherwise) to this location. */
  redirect?: string;
  /** Wait before answering. */
  delayMs?: number;
  /** Send the body `chunk` at a time, one chunk every `everyMs`. */
  drip?: { chunk: number; everyMs: number };
  /** Stream zeros ("<x>…") forever, without a Content-Length. */
  endless?: boolean;
  /** Close the socket without answering. */
  hangUp?: boolean;
}

export interface FeedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface FakeFeedServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  url(path: string): string;
  /** Sets (or replaces) what a path answers; a function is called per request. */
  route(path: string, r: FeedRoute | ((req: http.IncomingMessage) => FeedRoute)): void;
  requests: FeedRequest[];
  /** Requests to this path, in order. */
  hits(path: string): FeedRequest[];
  /** Most requests the server had in flight at the same time. */
  maxInFlight(): number;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FakeFeedServer> {
  const routes = new Map<string, FeedRoute | ((req: http.IncomingMessage) => FeedRoute)>();
  const requests: FeedRequest[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, at: Date.now() });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const entry = routes.get(path);
    const r: FeedRoute = typeof entry === 'function' ? entry(req) : (entry ?? { status: 404, body: 'not found', contentType: 'text/plain' });
    const answer = () => {
      if (r.hangUp) {
        req.socket.destroy();
        return;
      }
      if (r.redirect) {
        res.writeHead(r.status ?? 302, { location: r.redirect });
        res.end();
        return;
      }
      const headers: Record<string, string> = { ...(r.headers ?? {}) };
      if (r.contentType) headers['content-type'] = r.contentType;
      if (r.etag) headers.etag = r.etag;
      if (r.lastModified) headers['last-modified'] = r.lastModified;
      const fresh = (r.etag && req.headers['if-none-match'] === r.etag) || (r.lastModified && req.headers['if-modified-since'] === r.lastModified);
      if (fresh) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      if (r.endless) {
        res.writeHead(r.status ?? 200, headers);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.write('<rss><channel><title>');
        pump();
        return;
      }
      let body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : (r.body ?? Buffer.alloc(0));
      if (r.encoding) {
        body = r.encoding === 'gzip' ? zlib.gzipSync(body) : r.encoding === 'br' ? zlib.brotliCompressSync(body) : zlib.deflateSync(body);
        headers['content-encoding'] = r.encoding;
      }
      if (r.drip) {
        res.writeHead(r.status ?? 200, headers);
        let at = 0;
        const { chunk, everyMs } = r.drip;
        const t = setInterval(() => {
          if (res.destroyed || at >= body.length) {
            clearInterval(t);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(body.subarray(at, at + chunk));
          at += chunk;
        }, everyMs);
        res.on('close', () => clearInterval(t));
        return;
      }
      if (!('content-length' in headers)) headers['content-length'] = String(body.length);
      res.writeHead(r.status ?? 200, headers);
      res.end(body);
    };
    if (r.delayMs) setTimeout(answer, r.delayMs);
    else answer();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (p) => `${origin}${p}`,
    route(p, r) {
      routes.set(p, r);
    },
    requests,
    hits: (p) => requests.filter((x) => x.path === p),
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---- fixtures of our own -------------------------------------------------------------------------------------------

/** An article-length paragraph about `topic` (our own filler text, ~`sentences` sentences). */
export function articleText(topic: string, sentences = 8): string {
  const s = [
    `Officials met on Tuesday to discuss ${topic} and the steps that follow.`,
    `Delegates said talks on ${topic} had made steady progress over the week.`,
    `Analysts expect the ${topic} agreement to shape regional policy for years.`,
    `Local residents told reporters that ${topic} affects their daily lives.`,
    `A spokesperson promised more details about ${topic} before the weekend.`,
    `Critics argued that the plan on ${topic} lacked funding and clear targets.`,
    `Supporters answered that ${topic} needed patience and careful monitoring.`,
    `The next round of meetings on ${topic} is planned for early next month.`,
  ];
  return Array.from({ length: sentences }, (_, i) => s[i % s.length]).join(' ');
}

export interface RssItemFixture {
  title?: string;
  link?: string;
  guid?: string;
  description?: string;
  content?: string;
  pubDate?: string;
}

/** A small RSS 2.0 document. */
export function rssFeed(title: string, items: RssItemFixture[], opts: { encoding?: string; link?: string } = {}): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const item = (i: RssItemFixture) =>
    [
      '<item>',
      i.title !== undefined ? `<title>${esc(i.title)}</title>` : '',
      i.link ? `<link>${esc(i.link)}</link>` : '',
      i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : '',
      i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : '',
      i.description !== undefined ? `<description><![CDATA[${i.description}]]></description>` : '',
      i.content !== undefined ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : '',
      '</item>',
    ].join('');
  return `<?xml version="1.0" encoding="${opts.encoding ?? 'UTF-8'}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>${esc(title)}</title><link>${opts.link ?? 'https://news.example/'}</link><description>test feed</description>
${items.map(item).join('\n')}
</channel></rss>`;
}
