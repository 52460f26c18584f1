import { it } from 'vitest';
import { benchFeeds } from '../../bench/feeds.js';
it('bench', async () => { const r = await benchFeeds(); for (const s of r.slice(0,2)) console.log(JSON.stringify(s.rows)); for (const row of r[2]!.rows) console.log(row.join(' | ')); }, 120000);
