// Slack's message and Block Kit limits in one place (https://docs.slack.dev/reference/block-kit/blocks and the
// `@slack/types` doc comments), the small Block Kit subset this adapter sends, and a checker that the renderer's
// tests and the e2e suite use to prove every message stays inside the limits. Slack answers `invalid_blocks` (and
// drops the whole message) when any one of them is exceeded.

/** Hard limits Slack enforces on what we send. Lengths are counted in UTF-16 code units (never fewer than Slack's). */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  blocks: 50,
  /** `text` of a section block (mrkdwn). */
  sectionText: 3000,
  /** `text` of a header block (plain_text). */
  headerText: 150,
  /** Elements of a context block. */
  contextElements: 10,
  /** Any text object (context element text). */
  textObject: 3000,
  /** Elements of an actions block. */
  actionsElements: 25,
  /** Button label (plain_text); Slack shows ~30 characters and truncates the rest. */
  buttonText: 75,
  /** Button `value`, sent back to us in the block_actions payload. */
  buttonValue: 2000,
  /** `action_id` and `block_id`. */
  actionId: 255,
  blockId: 255,
  /**
   * Top-level message `text`: Slack truncates beyond 40,000 characters and recommends at most 4,000. With blocks it
   * is only the notification / screen-reader fallback, so we keep it short.
   */
  messageText: 4000,
  /** Slash commands must be acknowledged within 3 s or the user sees "operation_timeout". */
  ackWindowMs: 3000,
  /** A response_url accepts up to 5 responses within 30 minutes. */
  responseUrlUses: 5,
  responseUrlLifetimeMs: 30 * 60_000,
  /** Manifest: command names (with the slash) and descriptions, usage hints. */
  commandName: 32,
  commandDescription: 2000,
  usageHint: 1000,
} as const;

/** A plain_text text object: never parsed for mentions or markup. */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

/** A mrkdwn text object: `&`, `<`, `>` must be escaped, `<url|label>` links, `*bold*`. */
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  /** true: Slack does not auto-link bare URLs, #channel names or @names in the text (our own `<…>` links still work). */
  verbatim?: boolean;
}

/** A button in an actions block. */
export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value?: string;
}

/** The Block Kit blocks this adapter sends (a subset of `@slack/types` KnownBlock, structurally compatible). */
export type SlackBlock =
  | { type: 'header'; text: PlainText; block_id?: string }
  | { type: 'section'; text: Mrkdwn; block_id?: string; accessory?: ButtonElement }
  | { type: 'context'; elements: (Mrkdwn | PlainText)[]; block_id?: string }
  | { type: 'divider'; block_id?: string }
  | { type: 'actions'; elements: ButtonElement[]; block_id?: string };

/** One message as sent through `respond()` / chat.postMessage (without routing fields). */
export interface SlackMessage {
  /** Fallback text for notifications and screen readers (mrkdwn). */
  text: string;
  blocks?: SlackBlock[];
}

/** Every limit a message breaks, as readable strings; empty when it is valid. */
export function blockKitProblems(m: SlackMessage): string[] {
  const L = SLACK_LIMITS;
  const p: string[] = [];
  const over = (what: string, len: number, max: number) => {
    if (len > max) p.push(`${what} is ${len} > ${max}`);
  };
  over('message text', m.text.length, L.messageText);
  const blocks = m.blocks ?? [];
  if (m.text.trim() === '' && blocks.length === 0) p.push('message is empty');
  over('block count', blocks.length, L.blocks);
  blocks.forEach((b, i) => {
    over(`block ${i} block_id`, b.block_id?.length ?? 0, L.blockId);
    switch (b.type) {
      case 'header':
        over(`block ${i} header text`, b.text.text.length, L.headerText);
        if (b.text.text.trim() === '') p.push(`block ${i} header text is empty`);
        break;
      case 'section':
        over(`block ${i} section text`, b.text.text.length, L.sectionText);
        if (b.text.text.trim() === '') p.push(`block ${i} section text is empty`);
        break;
      case 'context':
        over(`block ${i} context elements`, b.elements.length, L.contextElements);
        if (b.elements.length === 0) p.push(`block ${i} context has no elements`);
        for (const e of b.elements) over(`block ${i} context text`, e.text.length, L.textObject);
        break;
      case 'actions':
        over(`block ${i} actions elements`, b.elements.length, L.actionsElements);
        for (const e of b.elements) {
          over(`block ${i} button text`, e.text.text.length, L.buttonText);
          over(`block ${i} button value`, e.value?.length ?? 0, L.buttonValue);
          over(`block ${i} action_id`, e.action_id.length, L.actionId);
        }
        break;
      case 'divider':
        break;
    }
  });
  return p;
}

/** Every piece of text in a message (fallback text, then each block's texts), for searching and safety checks. */
export function messageTexts(m: SlackMessage): string[] {
  const out = [m.text];
  for (const b of m.blocks ?? []) {
    if (b.type === 'header' || b.type === 'section') out.push(b.text.text);
    else if (b.type === 'context') out.push(...b.elements.map((e) => e.text));
    else if (b.type === 'actions') out.push(...b.elements.map((e) => e.text.text));
  }
  return out;
}

// Slack's control sequences: <!channel>, <!here>, <!everyone>, <!subteam^…>, <@U…>, <#C…>. Our own links are
// <http(s)://…|label>; nothing else may appear unescaped.
const CONTROL_SEQUENCE_RE = /<(?!https?:\/\/)/;
// Bare broadcast words notify only when a message is sent with link_names; we never set it, and the escaper also
// puts a word joiner after the "@", so none may appear intact.
const BARE_BROADCAST_RE = /@(?:everyone|channel|here)\b/i;

/** True when no text in the message can notify anyone: every `<` opens one of our own http(s) links. */
export function mentionsSafe(m: SlackMessage): boolean {
  return messageTexts(m).every((t) => !CONTROL_SEQUENCE_RE.test(t) && !BARE_BROADCAST_RE.test(t));
}
