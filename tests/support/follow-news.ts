// Articles for the follow tests: outlets' copies of one wire report of a crane collapse, each adding a fact of its own
// (near-copies join one story, so each later copy is an update of it), and lighthouse stories, each an event of its own.
export const WIRE =
  'The Quayside ferry terminal closed on Sunday after a crane collapsed onto the loading ramp during strong winds. ' +
  'Harbour officials said the ramp would stay shut while engineers inspect the structure and the crane operator. ' +
  'Passengers were moved to buses and the evening sailings were cancelled. The operator apologised for the disruption ' +
  'and promised refunds for every cancelled ticket, while unions asked for a review of crane safety rules at the port.';
export const OUTLETS = ['Harbor Daily', 'Pacific Wire', 'Island Times', 'Coast Courier', 'Bay Ledger', 'Delta Post'];

/** Outlet `i`'s copy of the wire report, adding one fact of its own (near-copies join one story). */
export const report = (i: number) =>
  JSON.stringify({
    title: `Crane collapse shuts Quayside ferry terminal${i === 0 ? '' : ` (${OUTLETS[i]})`}`,
    body: `${WIRE} Reporter Okonkwo${String.fromCharCode(65 + i)} counted ${100 + i * 7} stranded cars.`,
    source: OUTLETS[i], url: `https://outlet${i}.example/quayside`, publishedAt: '2026-11-29T06:00:00Z',
  });

/** A lighthouse story of its own (distinct words: its own story). */
export const lighthouse = (i: number) =>
  JSON.stringify({
    title: `Lighthouse ${['museum reopens on Gull Point', 'keepers honoured at Cape Wren', 'lamp restored in Storm Bay'][i]}`,
    body: `${['Volunteers reopened the old lighthouse museum on Gull Point after two years of restoration work.', 'Families of former lighthouse keepers gathered at Cape Wren for a ceremony naming every keeper since 1890.', 'Engineers lit the restored lighthouse lamp in Storm Bay for the first time since the harbour storm of 1987.'][i]} Visitors ${['climbed the tower', 'read the keepers\u2019 letters', 'watched from the pier'][i]}. ${['The museum shows the old lamp and the keepers\u2019 rooms, and opens on weekends through the winter.', 'Descendants travelled from three countries and a plaque with the names was unveiled at the gate.', 'The lamp can be seen for twenty miles and will shine every night until the spring fog season.'][i]}`,
    source: 'Coast Courier', url: `https://coastcourier.example/lighthouse-${i}`, publishedAt: '2026-11-30T06:00:00Z',
  });
