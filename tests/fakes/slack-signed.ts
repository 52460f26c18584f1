// Requests to the bot's HTTP endpoint signed the way Slack signs them (v0 HMAC-SHA256), for the fake Slack's tests:
// an Events API callback (JSON) or a form body (slash commands, interactivity), correctly signed or deliberately not.
import { createHmac } from 'node:crypto';

/** POSTs a JSON body (an Events API callback) to the bot's HTTP endpoint, signed like Slack. */
export async function postEventToBot(url: string, secret: string, body: Record<string, unknown>): Promise<Response> {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(secret, raw, ts) },
    body: raw,
  });
}

/** Signs a request body the way Slack does (v0 HMAC-SHA256 of "v0:<ts>:<body>"). */
export function slackSignature(secret: string, body: string, ts: number): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
}

/** POSTs a form body to the bot's HTTP endpoint, signed (or deliberately mis-signed) like Slack. */
export async function postToBot(
  url: string,
  secret: string,
  form: Record<string, string>,
  o: { ts?: number; signWith?: string; tamper?: (body: string) => string } = {},
): Promise<Response> {
  const body = new URLSearchParams(form).toString();
  const ts = o.ts ?? Math.floor(Date.now() / 1000);
  const signature = slackSignature(o.signWith ?? secret, body, ts);
  return fetch(url, {
    method: 'POST',
    // Exactly this content type: bolt compares it with ===, and a charset suffix makes it answer 400.
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
    body: o.tamper ? o.tamper(body) : body,
  });
}
