// Moves this process's wall clock to NEWSBRIEF_TEST_CLOCK (an ISO time), and lets it run on from there: `new Date()`
// and `Date.now()` answer the shifted time, everything else about Date is unchanged. Loaded with `node --import` into
// every test worker and every process they start (npm run test:clock), it proves no test depends on today's date.
const target = process.env.NEWSBRIEF_TEST_CLOCK;
if (target) {
  const RealDate = globalThis.Date;
  const at = RealDate.parse(target);
  if (Number.isNaN(at)) throw new Error(`NEWSBRIEF_TEST_CLOCK=${target} is not a date (use an ISO time such as 2031-06-15T12:00:00Z)`);
  // Every process of one run shares the same origin, so a child started later is not shifted to an earlier time.
  const origin = Number(process.env.NEWSBRIEF_TEST_CLOCK_ORIGIN ?? RealDate.now());
  process.env.NEWSBRIEF_TEST_CLOCK_ORIGIN = String(origin);
  const offset = at - origin;
  // Named Date, so that printed dates look as usual.
  class Date extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = Date;
}
