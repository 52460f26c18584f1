// Slack free-text arguments, parsed from the neutral command definitions (adapters/slack/args.ts).
import { describe, expect, it } from 'vitest';
import { parseCommandText, tokenize, unescapeSlack, usage, usageLine } from '../../adapters/slack/args.js';
import { COMMANDS } from '../../commands/index.js';
import type { CommandDefinition } from '../../commands/types.js';

const cmd = (name: string) => COMMANDS.get(name) as CommandDefinition;
const brief = cmd('brief');
const topics = cmd('topics');
const digest = cmd('digest');
const feeds = cmd('feeds');

describe('parseCommandText: /brief', () => {
  it('takes one word as the topic', () => {
    expect(parseCommandText(brief, 'korea')).toEqual({ kind: 'run', args: { topic: 'korea' } });
  });

  it('reads since and limit as key:value, with limit as a number', () => {
    expect(parseCommandText(brief, 'korea since:48h limit:5')).toEqual({ kind: 'run', args: { topic: 'korea', since: '48h', limit: 5 } });
  });

  it('keeps a quoted topic together', () => {
    expect(parseCommandText(brief, '"north korea"')).toEqual({ kind: 'run', args: { topic: 'north korea' } });
  });

  it('accepts typographic quotes that Slack clients substitute', () => {
    expect(parseCommandText(brief, '\u201cnorth korea\u201d since:7d')).toEqual({ kind: 'run', args: { topic: 'north korea', since: '7d' } });
  });

  it('joins unquoted words into the last required option', () => {
    expect(parseCommandText(brief, 'north korea missile limit:3')).toEqual({ kind: 'run', args: { topic: 'north korea missile', limit: 3 } });
  });

  it('accepts options before the topic and a space after the colon', () => {
    expect(parseCommandText(brief, 'since: 30d korea')).toEqual({ kind: 'run', args: { topic: 'korea', since: '30d' } });
  });

  it('takes the topic by key too', () => {
    expect(parseCommandText(brief, 'topic:"kim jong un" limit:2')).toEqual({ kind: 'run', args: { topic: 'kim jong un', limit: 2 } });
  });

  it('leaves a non-numeric limit as text so the schema can say it must be a number', () => {
    expect(parseCommandText(brief, 'korea limit:five')).toEqual({ kind: 'run', args: { topic: 'korea', limit: 'five' } });
  });

  it('decodes the entities Slack puts in the typed text', () => {
    expect(parseCommandText(brief, 'AT&amp;T &lt;merger&gt;')).toEqual({ kind: 'run', args: { topic: 'AT&T <merger>' } });
  });

  it('answers "help" with usage generated from the definition', () => {
    const r = parseCommandText(brief, 'help');
    expect(r.kind).toBe('help');
    if (r.kind !== 'help') return;
    expect(r.text).toContain('/brief <topic> [since:24h|3d|7d|30d|all] [limit:number]');
    expect(r.text).toContain('How far back to look');
  });

  it('briefs on "help" when it is quoted', () => {
    expect(parseCommandText(brief, '"help"')).toEqual({ kind: 'run', args: { topic: 'help' } });
  });

  it('refuses an unknown option, naming the options there are, with usage', () => {
    const r = parseCommandText(brief, 'korea limt:5');
    expect(r.kind).toBe('invalid');
    if (r.kind !== 'invalid') return;
    expect(r.text).toMatch(/^Unknown option `limt`\. Options: topic, since, limit\./);
    expect(r.text).toContain('Usage: `/brief <topic>');
  });

  it('refuses an option given twice', () => {
    expect(parseCommandText(brief, 'korea since:7d since:3d')).toMatchObject({ kind: 'invalid', text: expect.stringMatching(/^`since` is given twice/) });
  });

  it('refuses an unclosed quote', () => {
    expect(parseCommandText(brief, '"north korea')).toMatchObject({ kind: 'invalid', text: expect.stringMatching(/^A quote is not closed/) });
  });

  it('refuses a key without a value', () => {
    expect(parseCommandText(brief, 'korea since:')).toMatchObject({ kind: 'invalid', text: expect.stringMatching(/^`since:` needs a value/) });
  });

  it('says which required option is missing when the text is empty', () => {
    expect(parseCommandText(brief, '   ')).toMatchObject({ kind: 'invalid', text: expect.stringMatching(/^Missing topic: A topic/) });
  });
});

describe('parseCommandText: commands with subcommands', () => {
  it('keeps a bare https:// URL as a value, not an option named https', () => {
    expect(parseCommandText(cmd('feeds'), 'add https://news.example/rss.xml topics:korea')).toEqual({
      kind: 'run', sub: 'add', args: { url: 'https://news.example/rss.xml', topics: 'korea' },
    });
  });

  it('reads the subcommand from the first word, case-insensitively', () => {
    expect(parseCommandText(topics, 'LIST')).toEqual({ kind: 'run', sub: 'list', args: {} });
  });

  it('fills name and keywords positionally, the keywords taking the rest', () => {
    expect(parseCommandText(topics, 'add korea north korea, pyongyang')).toEqual({
      kind: 'run',
      sub: 'add',
      args: { name: 'korea', keywords: 'north korea, pyongyang' },
    });
  });

  it('reads quoted keyword lists', () => {
    expect(parseCommandText(topics, 'add korea keywords:"north korea, pyongyang, seoul, kim jong un"')).toEqual({
      kind: 'run',
      sub: 'add',
      args: { name: 'korea', keywords: 'north korea, pyongyang, seoul, kim jong un' },
    });
  });

  it('fills optional options positionally when the required ones are given', () => {
    expect(parseCommandText(digest, 'off 2')).toEqual({ kind: 'run', sub: 'off', args: { id: 2 } });
  });

  it('reads a schedule with a colon in it as a positional value', () => {
    expect(parseCommandText(digest, 'set daily 08:00 timezone:Asia/Seoul')).toEqual({
      kind: 'run',
      sub: 'set',
      args: { schedule: 'daily 08:00', timezone: 'Asia/Seoul' },
    });
  });

  it('refuses words a subcommand has no place for', () => {
    expect(parseCommandText(digest, 'status please')).toMatchObject({ kind: 'invalid', text: expect.stringMatching(/^I don't know what to do with `please`/) });
  });

  it('refuses an unknown subcommand, listing the real ones', () => {
    expect(parseCommandText(topics, 'delete korea')).toMatchObject({ kind: 'invalid', text: expect.stringMatching(/^`delete` is not one of: list, add, remove\./) });
  });

  it('asks for a subcommand when there is none', () => {
    expect(parseCommandText(digest, '')).toMatchObject({ kind: 'invalid', text: expect.stringMatching(/^Choose what to do: set, off, status, preview, now, resume[,.]/) });
  });

  it('prints every subcommand for "help" and one subcommand\'s options for "<sub> help"', () => {
    const all = parseCommandText(digest, 'help');
    expect(all.kind === 'help' && all.text).toContain('`/digest set <schedule> [timezone:value] [topics:value] [when_empty:skip|note]');
    const one = parseCommandText(topics, 'add help');
    expect(one.kind === 'help' && one.text).toContain('• keywords — Comma-separated keywords');
  });
});

describe('tokenize and usage', () => {
  it('splits words, key:value pairs and quoted values', () => {
    expect(tokenize('a b:"c d" e:f "g h"')).toEqual([
      { value: 'a', quoted: false },
      { key: 'b', value: 'c d', quoted: true },
      { key: 'e', value: 'f', quoted: false },
      { value: 'g h', quoted: true },
    ]);
  });

  it('does not read a number before a colon as a key', () => {
    expect(tokenize('08:00')).toEqual([{ value: '08:00', quoted: false }]);
  });

  it('unescapes only the three Slack entities', () => {
    expect(unescapeSlack('&amp;lt; &quot; &lt;&gt;')).toBe('&lt; &quot; <>');
  });

  it('lists required options as <name> and optional ones as [name:shape]', () => {
    const h = digest.subcommands?.find((s) => s.name === 'off');
    expect(h && usageLine('digest', h, 'off')).toBe('/digest off [id:number]');
    expect(usage(brief)).toMatch(/^\/brief — Brief me on a topic/);
  });
});

describe('Slack link markup', () => {
  it('turns a URL Slack sent as a link into the bare URL the user typed', () => {
    expect(parseCommandText(feeds, 'add <https://news.example/feed.xml|news.example/feed.xml>')).toEqual({ kind: 'run', sub: 'add', args: { url: 'https://news.example/feed.xml' } });
    expect(parseCommandText(feeds, 'add url:<https://news.example/rss?a=1&amp;b=2> topics:korea')).toEqual({ kind: 'run', sub: 'add', args: { url: 'https://news.example/rss?a=1&b=2', topics: 'korea' } });
  });

  it('leaves channel and user references and typed angle brackets alone', () => {
    expect(parseCommandText(brief, '<#C024BE7LR|general> &lt;https://x.example&gt;')).toEqual({ kind: 'run', args: { topic: '<#C024BE7LR|general> <https://x.example>' } });
  });
});
