// Builds a box office and nothing else: a concert (POST /admin/concerts), one big date of
// VENUE_SEATS seats in graded sections (POST /admin/concerts/{id}/schedules) and its sale opened
// now (PUT /admin/queues/{id}/settings, saleOpensAt null). It prints the ids, so that a later
// run of party-of-four.js, best-available.js or sell-out.js (or a person with curl) can use that
// date: CONCERT_ID=... SCHEDULE_ID=... Those scripts build their own venue the same way when
// the ids are not given (box-office.js, setUpBoxOffice).
//
//   ADMIN_KEY=... k6 run k6/venue-setup.js
//   ADMIN_KEY=... VENUE_SEATS=50000 SECTION_SEATS=2500 k6 run k6/venue-setup.js
//
// Env: BASE_URL, ADMIN_KEY (required), K6_PROFILE (smoke: 400 seats), VENUE_SEATS (20000),
// SECTION_SEATS (2000), SEATS_PER_ROW (40), MAX_SEATS_PER_USER (4), ADMIT_PER_TICK (100),
// TICK_MILLIS (1000), HTTP_TIMEOUT, SETUP_HTTP_TIMEOUT (120s, the date's creation).
import { check } from 'k6';
import { ADMIN_KEY } from './common.js';
import { adminConcert, checkSeatAccounting, setUpBoxOffice } from './box-office.js';

export const options = {
  scenarios: { setup: { executor: 'shared-iterations', vus: 1, iterations: 1, maxDuration: '5m' } },
  thresholds: {
    checks: ['rate==1'],
    seat_accounting_errors: ['count<1'],
  },
};

export default function () {
  const box = setUpBoxOffice({ title: 'k6 venue', seats: 20000, smokeSeats: 400, admitPerTick: 100, tickMillis: 1000 });
  if (!ADMIN_KEY) return;
  const date = checkSeatAccounting(box.concertId, box.scheduleId);
  check(date, {
    'a fresh date has every seat free': (d) => !box.built || (d.available === d.seats && d.held === 0 && d.reserved === 0),
    'the date has several sections': (d) => (d.sections || []).length > 1 || d.seats <= 2000,
  });
  const concert = adminConcert(box.concertId);
  for (const section of date.sections || []) {
    console.log(`  section ${section.sectionId} ${section.name} (${section.grade}, ${section.price}): `
      + `${section.rows} x ${section.seatsPerRow} = ${section.seats}`);
  }
  console.log(`concert "${concert.title}": CONCERT_ID=${box.concertId} SCHEDULE_ID=${box.scheduleId} `
    + `(${date.seats} seats, at most ${concert.maxSeatsPerUser} a user, starts ${date.localStartsAt})`);
}
