// A fake OpenAI-compatible server on 127.0.0.1 for running the REAL openai client in tests and benchmarks: it
// answers POST /v1/chat/completions with chat.completion objects (the OpenAI API shape),
// records every request, and can be scripted to answer slowly, with 429/5xx (and retry-after headers), malformed
// JSON, schema-breaking JSON or any body, or hang until released. By default it writes a summary or overview from the request itself, so
// its answers depend only on the article text it was sent.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';

/** One chat.completions request as received. */
export interface RecordedCompletion {
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema?: unknown } };
    max_tokens?: number;
    max_completion_tokens?: number;
  } & Record<string, unknown>;
  /** response_format.json_schema.name ('story_summary', 'briefing_overview' …). */
  schemaName?: string;
  /** The user message's text. */
  userText: string;
  /** performance.now() when it arrived. */
  at: number;
}

/** How the fake answers one request. */
export interface FakeAnswer {
  /** HTTP status (default 200). */
  status?: number;
  /** A full JSON body (default: a completion whose content is `content`). */
  body?: unknown;
  /** The assistant message content (used when `body` is absent; null = no content). */
  content?: string | null;
  finishReason?: string;
  refusal?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (ms). */
  delayMs?: number;
}

export interface FakeOpenAI {
  /** Base URL for the client (…/v1). */
  baseURL: string;
  requests: RecordedCompletion[];
  /** Delay of default answers, ms (default 0). */
  delayMs: number;
  /** Answers for the next requests, in order; when empty the responder answers. */
  enqueue(...answers: FakeAnswer[]): void;
  /** Replaces the default responder. */
  respondWith(fn: (r: RecordedCompletion) => FakeAnswer): void;
  /** Requests whose schema is `name`. */
  calls(name?: string): RecordedCompletion[];
  /** Hangs: every request from now on gets no answer until the returned function is called (a hung LLM server). */
  hold(): () => void;
  /** Forgets requests, queued answers and the custom responder. */
  reset(): void;
  close(): Promise<void>;
}

/** A chat.completion body around `content`. */
export function completionBody(content: string | null, o: { promptTokens?: number; finishReason?: string; refusal?: string; model?: string } = {}) {
  const completionTokens = Math.ceil((content ?? '').length / 4);
  const promptTokens = o.promptTokens ?? 50;
  return {
    id: `chatcmpl-fake-${Math.random().toString(36).slice(2, 10)}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: o.model ?? 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: o.refusal ?? null }, finish_reason: o.finishReason ?? 'stop', logprobs: null }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** An OpenAI-style error answer. */
export function errorAnswer(status: number, code: string, headers: Record<string, string> = {}): FakeAnswer {
  return { status, headers, body: { error: { message: `fake ${code}`, type: code, param: null, code } } };
}

/** The fake's default summary of an article: built from its title line, so tests can predict it. */
export function fakeSummary(title: string): string {
  return `In short: ${title.trim()} (LLM).`;
}

/** The default answer: a summary from the "Title:" line, or an overview citing every listed story once. */
export function defaultAnswer(r: RecordedCompletion): FakeAnswer {
  if (r.schemaName === 'story_summary') {
    const title = /^Title: (.*)$/m.exec(r.userText)?.[1] ?? 'untitled';
    return { content: JSON.stringify({ summary: fakeSummary(title) }) };
  }
  if (r.schemaName === 'briefing_overview') {
    const n = Number(/^Stories \((\d+)\):/m.exec(r.userText)?.[1] ?? 1);
    const cites = Array.from({ length: n - 1 }, (_, i) => `[${i + 2}]`).join('');
    const overview = n > 1 ? `LLM overview: the lead story is covered in [1]. Related developments follow ${cites}.` : 'LLM overview: one story [1].';
    return { content: JSON.stringify({ overview }) };
  }
  return { content: 'plain text answer' };
}

/** Starts the fake on 127.0.0.1:0. */
export async function startFakeOpenAI(opts: { delayMs?: number } = {}): Promise<FakeOpenAI> {
  const requests: RecordedCompletion[] = [];
  const queue: FakeAnswer[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let responder: (r: RecordedCompletion) => FakeAnswer = defaultAnswer;
  let held: (() => void)[] | undefined;

  const send = (res: ServerResponse, a: FakeAnswer, promptTokens: number) => {
    if (res.destroyed || res.writableEnded) return; // the client gave up (timeout)
    const status = a.status ?? 200;
    const body =
      a.body ?? completionBody(a.content ?? null, { promptTokens, ...(a.finishReason ? { finishReason: a.finishReason } : {}), ...(a.refusal ? { refusal: a.refusal } : {}) });
    res.writeHead(status, { 'content-type': 'application/json', ...(a.headers ?? {}) }).end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error', code: null } }));
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as RecordedCompletion['body'];
      const user = body.messages?.filter((m) => m.role === 'user').map((m) => m.content).join('\n') ?? '';
      const rec: RecordedCompletion = {
        headers: req.headers,
        body,
        ...(body.response_format?.json_schema?.name ? { schemaName: body.response_format.json_schema.name } : {}),
        userText: user,
        at: performance.now(),
      };
      requests.push(rec);
      const answer = queue.shift() ?? responder(rec);
      const delay = answer.delayMs ?? fake.delayMs;
      const promptTokens = Math.ceil(raw.length / 4);
      if (held) return void held.push(() => send(res, answer, promptTokens));
      if (delay <= 0) return send(res, answer, promptTokens);
      const t = setTimeout(() => {
        timers.delete(t);
        send(res, answer, promptTokens);
      }, delay);
      timers.add(t);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeOpenAI = {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    delayMs: opts.delayMs ?? 0,
    enqueue: (...answers) => void queue.push(...answers),
    respondWith(fn) {
      responder = fn;
    },
    calls: (name) => (name ? requests.filter((r) => r.schemaName === name) : [...requests]),
    hold() {
      const mine: (() => void)[] = [];
      held = mine;
      return () => {
        if (held === mine) held = undefined;
        for (const answer of mine.splice(0)) answer();
      };
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      responder = defaultAnswer;
      held = undefined;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
