// The Discord adapter's pure parts: escaping, embeds, splitting within limits, registration JSON, paging ids,
// environment parsing, the invite URL and autocomplete ranking. No network, no database.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rankChoices } from '../../adapters/discord/autocomplete.js';
import { discordEnv } from '../../adapters/discord/config.js';
import { BOT_PERMISSIONS, inviteUrl } from '../../adapters/discord/invite.js';
import { DISCORD_LIMITS, limitProblems } from '../../adapters/discord/limits.js';
import { createPageCodec } from '../../adapters/paging.js';
import { commandToDiscord, MANAGE_GUILD } from '../../adapters/discord/registration.js';
import { briefingToDiscord, digestToDiscord, escapeMarkdown, noticeToDiscord, storyActionRow, storyEmbed, textToDiscord, updateToDiscord } from '../../adapters/discord/render.js';
import type { CommandDefinition } from '../../commands/types.js';
import type { Briefing, Story } from '../../src/types.js';

/** A story's Follow, 👍 and 👎 buttons, as storyActionRow renders them after its Sources button. */
const votes = (id: number, n = id) => [
  { type: 2, style: 2, label: `Follow ${n}`, custom_id: `nb:fol|${id}` },
  { type: 2, style: 2, emoji: { name: '👍' }, custom_id: `nb:fb|${id}|up` },
  { type: 2, style: 2, emoji: { name: '👎' }, custom_id: `nb:fb|${id}|down` },
];

const NOW = new Date('2026-11-30T12:00:00Z');

function story(id: number, over: Partial<Story> = {}): Story {
  return {
    id,
    headline: `Seoul and Pyongyang agree to talks ${id}`,
    summary: 'Officials from both sides said the talks would start next week at the border village.',
    url: `https://news.example/story/${id}`,
    publishedAt: '2026-11-28T12:00:00Z',
    sources: [
      { name: 'Harbor Times', url: 'https://harbor.example/a' },
      { name: 'Pacific Ledger', url: 'https://ledger.example/b' },
    ],
    articleCount: 2,
    firstSeen: '2026-11-28T12:00:00Z',
    lastSeen: '2026-11-28T13:00:00Z',
    tags: [
      { kind: 'topic', value: 'korea' },
      { kind: 'place', value: 'Seoul' },
      { kind: 'keyword', value: 'talks' },
    ],
    ...over,
  };
}

const briefing = (stories: Story[], over: Partial<Briefing> = {}): Briefing => ({
  title: 'Briefing: korea',
  query: 'korea',
  window: { since: '2026-11-23T12:00:00Z', until: NOW.toISOString() },
  stories,
  ...over,
});

describe('escapeMarkdown', () => {
  it('breaks @everyone and @here with a zero-width space so they cannot ping', () => {
    expect(escapeMarkdown('hi @everyone and @here')).toBe('hi @\u200beveryone and @\u200bhere');
  });

  it('escapes the < that starts user, role and channel mentions', () => {
    expect(escapeMarkdown('<@123> <@&1> <#9>')).toBe('\\<@123> \\<@&1> \\<#9>');
  });

  it('shows markdown characters literally: * _ ~ ` | [ ]', () => {
    expect(escapeMarkdown('*a* _b_ ~~c~~ `d` ||e|| [g](h) #1')).toBe(
      '\\*a\\* \\_b\\_ \\~\\~c\\~\\~ \\`d\\` \\|\\|e\\|\\| \\[g\\](h) #1',
    );
  });

  it('escapes heading, quote and list markers only at the start of a line', () => {
    expect(escapeMarkdown('# big\n- item\n2. second\n > quote\nup-to-date 3.5 > 2')).toBe('\\# big\n\\- item\n2\\. second\n \\> quote\nup-to-date 3.5 > 2');
  });

  it('cuts to the limit with an ellipsis and never leaves half an escape', () => {
    const out = escapeMarkdown('a'.repeat(8) + '****', 11);
    expect(out.length).toBeLessThanOrEqual(11);
    expect(out).toBe('aaaaaaaa\\*…');
    expect(escapeMarkdown('short', 5)).toBe('short');
  });

  it('removes control and bidi-override characters', () => {
    expect(escapeMarkdown('a\u0007b\u202ec')).toBe('a b c');
  });
});

describe('storyEmbed', () => {
  it('links the headline and shows summary, source links, "N sources", age and a few tags', () => {
    const e = storyEmbed(story(1), NOW, 1);
    expect(e.title).toBe('1. Seoul and Pyongyang agree to talks 1');
    expect(e.url).toBe('https://news.example/story/1');
    expect(e.description).toBe(
      'Officials from both sides said the talks would start next week at the border village.\n' +
        '[Harbor Times](https://harbor.example/a) · [Pacific Ledger](https://ledger.example/b)',
    );
    expect(e.footer?.text).toBe('2 sources · 2d ago · korea · Seoul');
    expect(e.timestamp).toBe('2026-11-28T12:00:00.000Z');
  });

  it('drops links that are not http(s)', () => {
    const e = storyEmbed(story(1, { url: 'javascript:alert(1)', sources: [{ name: 'X', url: 'ftp://x' }] }), NOW, 1);
    expect(e.url).toBeUndefined();
    expect(e.description).toMatch(/\nX$/);
  });

  it('escapes a hostile headline: no ping, no formatting, no mention', () => {
    const e = storyEmbed(story(1, { headline: '@everyone **BREAKING** <@123> _now_' }), NOW, 1);
    expect(e.title).toBe('1. @\u200beveryone \\*\\*BREAKING\\*\\* \\<@123> \\_now\\_');
  });
});

describe('briefingToDiscord', () => {
  it('puts a header (topic, window, story count) before one embed per story, in one message', () => {
    const msgs = briefingToDiscord(briefing([story(1), story(2)], { note: 'Nothing in 24 hours; latest from 28 Nov 2026.' }), { now: NOW });
    expect(msgs).toHaveLength(1);
    const [header, ...stories] = msgs[0]?.embeds ?? [];
    expect(header?.title).toBe('Briefing: korea');
    expect(header?.description).toBe('23 Nov 2026 – 30 Nov 2026 · 2 stories\nNothing in 24 hours; latest from 28 Nov 2026.');
    expect(stories.map((s) => s.title)).toEqual(['1. Seoul and Pyongyang agree to talks 1', '2. Seoul and Pyongyang agree to talks 2']);
    // One action row per story, holding its "Sources n" button (its timeline, privately: adapters/discord/sources.ts).
    expect(msgs[0]?.components).toEqual([{ type: 1, components: [{ type: 2, style: 2, label: 'Sources 1', custom_id: 'nb:src|1|0' }, ...votes(1)] }, { type: 1, components: [{ type: 2, style: 2, label: 'Sources 2', custom_id: 'nb:src|2|0' }, ...votes(2)] }]);
  });

  it('says so when nothing matched and offers no button', () => {
    const msgs = briefingToDiscord(briefing([], { note: 'No stories match "zzz".' }), { now: NOW, moreId: 'x' });
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.embeds[0]?.description).toContain('no stories');
    expect(msgs[0]?.components).toEqual([]);
  });

  it('numbers a later page from its first story and puts the More button on the last message', () => {
    const msgs = briefingToDiscord(briefing([story(6), story(7)]), { now: NOW, first: 6, moreId: 'nb:more|x' });
    expect(msgs[0]?.embeds[0]?.title).toBe('Briefing: korea (continued)');
    expect(msgs[0]?.embeds[0]?.description).toContain('stories 6–7');
    expect(msgs[0]?.embeds[1]?.title?.startsWith('6. ')).toBe(true);
    expect(msgs[0]?.components).toEqual([
      { type: 1, components: [{ type: 2, style: 2, label: 'Sources 6', custom_id: 'nb:src|6|0' }, ...votes(6)] },
      { type: 1, components: [{ type: 2, style: 2, label: 'Sources 7', custom_id: 'nb:src|7|0' }, ...votes(7)] },
      { type: 1, components: [{ type: 2, style: 2, label: 'More stories', custom_id: 'nb:more|x' }] },
    ]);
  });

  it('packs at most 4 stories a message, one action row each, so the "More stories" row still fits', () => {
    const msgs = briefingToDiscord(briefing(Array.from({ length: 10 }, (_, i) => story(i + 1))), { now: NOW, moreId: 'nb:more|x' });
    const rows = msgs.map((m) => m.components.map((r) => r.components.map((c) => c.custom_id)));
    expect(rows).toEqual([
      [['nb:src|1|0', 'nb:fol|1', 'nb:fb|1|up', 'nb:fb|1|down'], ['nb:src|2|0', 'nb:fol|2', 'nb:fb|2|up', 'nb:fb|2|down'], ['nb:src|3|0', 'nb:fol|3', 'nb:fb|3|up', 'nb:fb|3|down'], ['nb:src|4|0', 'nb:fol|4', 'nb:fb|4|up', 'nb:fb|4|down']],
      [['nb:src|5|0', 'nb:fol|5', 'nb:fb|5|up', 'nb:fb|5|down'], ['nb:src|6|0', 'nb:fol|6', 'nb:fb|6|up', 'nb:fb|6|down'], ['nb:src|7|0', 'nb:fol|7', 'nb:fb|7|up', 'nb:fb|7|down'], ['nb:src|8|0', 'nb:fol|8', 'nb:fb|8|up', 'nb:fb|8|down']],
      [['nb:src|9|0', 'nb:fol|9', 'nb:fb|9|up', 'nb:fb|9|down'], ['nb:src|10|0', 'nb:fol|10', 'nb:fb|10|up', 'nb:fb|10|down'], ['nb:more|x']],
    ]);
    for (const m of msgs) expect(limitProblems(m)).toEqual([]);
    // The row of a story is built in one place, so other per-story buttons join that same row.
    expect(storyActionRow({ n: 3, id: 42 })).toEqual({ type: 1, components: [{ type: 2, style: 2, label: 'Sources 3', custom_id: 'nb:src|42|0' }, ...votes(42, 3)] });
  });

  it('keeps a maximal briefing inside every Discord limit by splitting it into several messages', () => {
    const huge = (id: number) =>
      story(id, {
        headline: `@everyone ${'H'.repeat(400)}`,
        summary: '*'.repeat(6000),
        url: `https://x.example/${'p'.repeat(1500)}`,
        sources: Array.from({ length: 40 }, (_, k) => ({ name: `Source ${'n'.repeat(200)} ${k}`, url: `https://s${k}.example/` })),
        articleCount: 40,
        tags: Array.from({ length: 30 }, (_, k) => ({ kind: 'person' as const, value: `Person ${'x'.repeat(300)} ${k}` })),
      });
    const b = briefing(Array.from({ length: 50 }, (_, i) => huge(i + 1)), { note: 'n'.repeat(5000), title: `Briefing: ${'t'.repeat(400)}` });
    const msgs = briefingToDiscord(b, { now: NOW, moreId: 'nb:more|' + 'x'.repeat(90) });
    expect(msgs.length).toBeGreaterThan(5);
    for (const m of msgs) expect(limitProblems(m)).toEqual([]);
    const titles = msgs.flatMap((m) => m.embeds.map((e) => e.title ?? ''));
    expect(titles).toHaveLength(51);
    expect(titles.slice(1).map((t) => Number(t.split('.')[0]))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const ids = (m: (typeof msgs)[number]) => m.components.flatMap((r) => r.components.map((c) => c.custom_id));
    expect(msgs.filter((m) => ids(m).some((id) => id.startsWith('nb:more|')))).toEqual([msgs[msgs.length - 1]]);
    // One Sources button per story, in its own row, within Discord's 5 rows of 5 buttons per message.
    expect(msgs.flatMap(ids).filter((id) => id.startsWith('nb:src|'))).toEqual(Array.from({ length: 50 }, (_, i) => `nb:src|${i + 1}|0`));
    for (const m of msgs) {
      expect(m.components.length).toBeLessThanOrEqual(5);
      for (const r of m.components) expect(r.components.length).toBeLessThanOrEqual(5);
    }
  });
});

describe('a story dated without a time', () => {
  it('shows the date in the footer and sets no embed timestamp (which readers would see as the evening before)', () => {
    const [m] = briefingToDiscord({ title: 'Brief: korea', query: 'korea', window: { since: null, until: NOW.toISOString() }, stories: [story(1, { publishedAt: '2026-11-28' })] }, { now: NOW });
    const e = m?.embeds[1];
    expect(e?.timestamp).toBeUndefined();
    expect(e?.footer?.text).toContain('28 Nov 2026');
  });
});

describe('digestToDiscord and textToDiscord', () => {
  it('labels each digest story with its topic', () => {
    const msgs = digestToDiscord(
      { title: 'Daily digest', window: { since: '2026-11-29T12:00:00Z', until: NOW.toISOString() }, sections: [{ topic: 'korea', stories: [story(1)] }, { topic: 'climate', stories: [story(2)] }] },
      { now: NOW },
    );
    expect(msgs[0]?.embeds.map((e) => e.author?.name)).toEqual([undefined, 'korea', 'climate']);
    expect(msgs[0]?.embeds[0]?.description).toBe('new since 29 Nov 2026, 12:00 UTC · 2 stories');
    // Digests carry a Sources button per story too, numbered like the embeds.
    expect(msgs[0]?.components.flatMap((r) => r.components.map((c) => [c.label, c.custom_id]))).toEqual([['Sources 1', 'nb:src|1|0'], ['Follow 1', 'nb:fol|1'], [undefined, 'nb:fb|1|up'], [undefined, 'nb:fb|1|down'], ['Sources 2', 'nb:src|2|0'], ['Follow 2', 'nb:fol|2'], [undefined, 'nb:fb|2|up'], [undefined, 'nb:fb|2|down']]);
    const seoul = digestToDiscord({ title: 'D', timezone: 'Asia/Seoul', window: { since: '2026-11-29T12:00:00Z', until: NOW.toISOString() }, sections: [{ topic: 'korea', stories: [story(1)] }] }, { now: NOW });
    expect(seoul[0]?.embeds[0]?.description).toBe('new since 29 Nov 2026, 21:00 Asia/Seoul · 1 story');
  });

  it('splits long text at line breaks into messages of at most 2,000 characters', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `• topic-${i} — ${'k'.repeat(40)}`);
    const msgs = textToDiscord(lines.join('\n'));
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) expect(m.content?.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(msgs.map((m) => m.content).join('\n')).toBe(lines.join('\n'));
  });
});

describe('commandToDiscord', () => {
  const run = () => ({ kind: 'message' as const, text: 'ok' });
  const defs: CommandDefinition[] = [
    {
      name: 'lock',
      description: 'Admins only',
      subcommands: [
        { name: 'on', description: 'Lock', admin: true, options: [], schema: z.object({}), run },
        { name: 'off', description: 'Unlock', admin: true, options: [], schema: z.object({}), run },
      ],
    },
    {
      name: 'find',
      description: 'Find things',
      handler: {
        admin: false,
        schema: z.object({}),
        run,
        options: [
          { name: 'what', description: 'What', type: 'string', required: true, autocomplete: true },
          { name: 'when', description: 'When', type: 'string', choices: ['24h', '7d'] },
          { name: 'limit', description: 'How many', type: 'integer', min: 1, max: 10 },
        ],
      },
    },
  ];

  it('marks a command whose handlers are all admin-only with Manage Server ("32")', () => {
    expect(MANAGE_GUILD).toBe('32');
    expect(commandToDiscord(defs[0] as CommandDefinition)).toEqual({
      name: 'lock',
      description: 'Admins only',
      type: 1,
      default_member_permissions: '32',
      contexts: [0],
      integration_types: [0],
      options: [
        { type: 1, name: 'on', description: 'Lock', options: [] },
        { type: 1, name: 'off', description: 'Unlock', options: [] },
      ],
    });
  });

  it('maps string, choice, integer and autocomplete options exactly', () => {
    expect(commandToDiscord(defs[1] as CommandDefinition).options).toEqual([
      { name: 'what', description: 'What', required: true, type: 3, autocomplete: true },
      { name: 'when', description: 'When', type: 3, choices: [{ name: '24h', value: '24h' }, { name: '7d', value: '7d' }] },
      { name: 'limit', description: 'How many', type: 4, min_value: 1, max_value: 10 },
    ]);
    expect(commandToDiscord(defs[1] as CommandDefinition).default_member_permissions).toBeNull();
  });

  it('refuses names and option orders Discord would reject', () => {
    const bad = (over: Partial<CommandDefinition>) => () => commandToDiscord({ ...(defs[1] as CommandDefinition), ...over } as CommandDefinition);
    expect(bad({ name: 'Find' })).toThrow(/lowercase/);
    expect(bad({ description: 'd'.repeat(101) })).toThrow(/1-100 characters/);
    const h = (defs[1] as { handler: NonNullable<CommandDefinition['handler']> }).handler;
    expect(bad({ handler: { ...h, options: [...h.options].reverse() } } as Partial<CommandDefinition>)).toThrow(/required options must come before/);
  });
});

describe('paging ids', () => {
  it('round-trips the state of a "More" button inside 100 characters', async () => {
    const codec = createPageCodec(DISCORD_LIMITS.customId);
    const state = { command: 'brief', args: { topic: 'korea', since: '7d' }, offset: 5, pageSize: 5, now: 1_795_000_000_123 };
    const id = codec.encode(state);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(id.startsWith('nb:more|')).toBe(true);
    expect(await codec.decode(id)).toEqual(state); // to the millisecond, so every page has the first page's window
  });

  it('still reads a "More" button posted when the time was kept in seconds', async () => {
    const seconds = Math.floor(1_795_000_000_123 / 1000).toString(36);
    expect((await createPageCodec(DISCORD_LIMITS.customId).decode(`nb:more|brief||5|5|${seconds}|{"topic":"korea"}`))?.now).toBe(1_795_000_000_000);
  });

  it('keeps a state too long for custom_id aside (memory only, without a store) and reports unknown ids as expired', async () => {
    const codec = createPageCodec(DISCORD_LIMITS.customId);
    const state = { command: 'brief', sub: 'x', args: { topic: 'a|b '.repeat(40) }, offset: 10, pageSize: 5, now: 1_795_000_000_000 };
    const id = codec.encode(state);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(await codec.decode(id)).toEqual(state);
    expect(await createPageCodec(DISCORD_LIMITS.customId).decode(id)).toBeUndefined();
    expect(codec.owns(id)).toBe(true);
    expect(await codec.decode('nb:more|brief||x|5|abc|{')).toBeUndefined();
    expect(codec.owns('someone-else')).toBe(false);
  });
});

describe('environment and invite', () => {
  it('leaves Discord off when neither DISCORD_TOKEN nor DISCORD_APPLICATION_ID is set', () => {
    expect(discordEnv({})).toEqual({ enabled: false });
  });

  it('names the missing variable when only one is set', () => {
    const r = discordEnv({ DISCORD_TOKEN: 'x'.repeat(60) });
    expect(r).toEqual({ enabled: true, problems: [expect.stringMatching(/^DISCORD_APPLICATION_ID is not set: copy "Application ID"/)] });
  });

  it('rejects a DISCORD_API_URL that already ends in /v10 and strips a trailing slash', () => {
    const base = { DISCORD_TOKEN: 'x'.repeat(60), DISCORD_APPLICATION_ID: '111111111111111111' };
    expect(discordEnv({ ...base, DISCORD_API_URL: 'http://127.0.0.1:9/api/v10' })).toMatchObject({ problems: [expect.stringContaining('/v10')] });
    expect(discordEnv({ ...base, DISCORD_API_URL: 'http://127.0.0.1:9/api/' })).toMatchObject({ config: { apiUrl: 'http://127.0.0.1:9/api' } });
  });

  it('builds an invite URL with bot + applications.commands and only View Channel, Send Messages, Embed Links', () => {
    expect(BOT_PERMISSIONS).toBe(19456n);
    expect(inviteUrl('111111111111111111')).toBe(
      'https://discord.com/oauth2/authorize?client_id=111111111111111111&scope=bot+applications.commands&permissions=19456',
    );
  });
});

describe('rankChoices', () => {
  it('offers prefix matches first, then substring matches, without duplicates, at most 25', () => {
    const r = rankChoices(['korea', 'North Korea', 'Kosovo', 'KOREA', 'china'], 'ko');
    expect(r.map((c) => c.value)).toEqual(['korea', 'Kosovo', 'North Korea']);
    expect(rankChoices(Array.from({ length: 40 }, (_, i) => `t${i}`), '')).toHaveLength(25);
  });
});

describe('noticeToDiscord', () => {
  it('mentions the channel of a notice and keeps mentions in its text inert', () => {
    const [m] = noticeToDiscord(['Digest #3 in ', { channel: 'discord:222:333' }, ' is paused: <#444> @everyone.']);
    expect(m?.content).toBe('Digest #3 in <#333> is paused: \\<#444> @\u200beveryone.');
  });

  it('renders a story update as its thread reply does, article text inert', () => {
    const update = { headline: 'Port @everyone shut', url: 'https://a.example/1', sentences: [{ text: 'Crane *fell* <@1>.', outlet: 'Wire', url: 'https://a.example/2' }], more: 0 };
    const [m] = noticeToDiscord([{ update }, '\nStory 7.']);
    expect(m?.content).toBe(`${updateToDiscord(update).content}\nStory 7.`);
    expect(m?.content).toMatch(/^\*\*Update — \[Port @\u200beveryone shut\]\(<https:\/\/a\.example\/1>\):\*\*\n• Crane \\\*fell\\\* \\<@1>\. \(\[Wire\]\(<https:\/\/a\.example\/2>\)\)\nStory 7\.$/);
  });
});
